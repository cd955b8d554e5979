"""Open comments across regions: the list, its filters, and its Excel and CSV exports."""

import csv
import io
import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from planning.hq.open_comments import HEADINGS
from planning.models import Comment
from tests.base import PersonasTestCase

ROW = re.compile(r'<tr data-comment="(\d+)"')


class OpenCommentsTests(PersonasTestCase):
    """rita asked Shanghai two things (one long ago, answered twice) and Jiangsu one; a third
    question to Shanghai is resolved."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.old = Comment.objects.create(
            plan=cls.plan, chapter="summary", author=cls.rita, body="=HYPERLINK(增长依据)"
        )
        Comment.objects.filter(pk=cls.old.pk).update(created_at=timezone.now() - timedelta(days=20))
        for body in ("见附表。", "已补充。"):
            Comment.objects.create(
                plan=cls.plan, chapter="summary", author=cls.alice, body=body, parent=cls.old
            )
        cls.swot = Comment.objects.create(
            plan=cls.plan, chapter="swot", author=cls.adam, body="威胁写得太笼统。"
        )
        cls.jiangsu = Comment.objects.create(
            plan=cls.other_plan, chapter="swot", author=cls.rita, body="渠道数据？"
        )
        cls.resolved = Comment.objects.create(
            plan=cls.plan, chapter="market", author=cls.rita, body="已解决的问题", resolved=True
        )

    def setUp(self):
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        self.login(self.rita)

    def listed(self, query: str = "", status: int = 200) -> list[int]:
        response = self.client.get(f"{reverse('open_comments')}{query}")
        self.assertEqual(response.status_code, status)
        return [int(pk) for pk in ROW.findall(response.content.decode())]

    def test_a_reviewer_sees_every_regions_open_comments_oldest_first(self):
        self.assertEqual(self.listed(), [self.old.pk, self.swot.pk, self.jiangsu.pk])

    def test_a_resolved_comment_and_the_replies_are_not_listed_but_replies_are_counted(self):
        response = self.client.get(reverse("open_comments"))

        self.assertNotContains(response, "已解决的问题")
        self.assertNotContains(response, "见附表。")
        counts = {comment.pk: comment.replies_count for comment in response.context["comments"]}
        self.assertEqual(counts[self.old.pk], 2)
        self.assertContains(response, f'href="/plans/{self.plan.pk}/#comment-{self.old.pk}"')

    def test_filters_by_region_section_author_and_age(self):
        cases = {
            "?region=SH": [self.old.pk, self.swot.pk],
            "?section=swot": [self.swot.pk, self.jiangsu.pk],
            f"?author={self.adam.pk}": [self.swot.pk],
            "?age=14": [self.old.pk],
            "?age=30": [],
            "?region=JS&section=swot": [self.jiangsu.pk],
        }
        for query, expected in cases.items():
            with self.subTest(query=query):
                self.assertEqual(self.listed(query), expected)

    def test_a_manager_sees_only_their_regions_comments(self):
        self.login(self.alice)

        self.assertEqual(self.listed(), [self.old.pk, self.swot.pk])
        self.listed("?region=JS", status=404)

    def test_unreadable_or_unknown_filters_are_refused(self):
        for query in ("?section=nope", "?age=5", "?author=abc", "?region=%E4%B8%8A", "?format=pdf"):
            with self.subTest(query=query):
                self.listed(query, status=400)
        self.listed("?region=NOPE", status=404)
        self.listed("?author=987654", status=404)

    def test_the_excel_export_has_the_filtered_rows_under_a_frozen_heading(self):
        response = self.client.get(f"{reverse('open_comments')}?region=SH&format=xlsx")

        self.assertEqual(response.status_code, 200)
        self.assertIn(".xlsx", response["Content-Disposition"])
        self.assertEqual(response["Cache-Control"], "private, no-store")
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(rows[0][:3], ("Region", "Period", "Version"))
        self.assertEqual(len(rows[0]), len(HEADINGS))
        self.assertEqual(sheet.freeze_panes, "A2")
        self.assertTrue(sheet.cell(row=1, column=1).font.bold)
        self.assertEqual(len(rows), 3)
        first, second = rows[1], rows[2]
        self.assertEqual(first[0:3], ("Shanghai", 2027, 1))
        self.assertEqual(first[6], "'=HYPERLINK(增长依据)")  # neutralised, never a formula
        self.assertEqual(first[7], 2)
        self.assertTrue(first[8].endswith(f"/plans/{self.plan.pk}/#comment-{self.old.pk}"))
        self.assertEqual(second[6], "威胁写得太笼统。")
        self.assertNotIn("已解决的问题", [row[6] for row in rows])

    def test_the_csv_export_has_the_rows_neutralised(self):
        response = self.client.get(f"{reverse('open_comments')}?format=csv")

        self.assertEqual(response.status_code, 200)
        text = response.content.decode("utf-8")
        self.assertTrue(text.startswith("\ufeff"))
        rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
        self.assertEqual(rows[0][-3:], ["Comment", "Replies", "Link"])
        self.assertEqual(
            [row[6] for row in rows[1:]],
            ["'=HYPERLINK(增长依据)", "威胁写得太笼统。", "渠道数据？"],
        )

    def test_a_manager_exports_only_their_regions_comments(self):
        self.login(self.alice)

        response = self.client.get(f"{reverse('open_comments')}?format=xlsx")

        rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
        self.assertEqual({row[0] for row in rows[1:]}, {"Shanghai"})
