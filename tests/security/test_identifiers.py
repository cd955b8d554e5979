"""Another region's identifiers, swapped in wherever ids travel — URLs, query strings, POST
bodies, formset rows, hidden fields, import files, PDF and export links — change nothing and
show nothing of that region; extra POST fields never persist (issue 9, item 2; the URL ×
persona × method matrix itself is tests/planning/test_access_matrix.py)."""

import json
import shutil
import tempfile
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from competition.models import ChosenStrategy, Competitor
from customers.models import Customer
from planning.chapters import services as services_chapters
from planning.models import (
    ActionDirection,
    Activity,
    CalendarEvent,
    Comment,
    Plan,
    SwotItem,
    Target,
    TodoItem,
)
from tests.security.bad_files import TARGETS, csv_file
from tests.security.objects import MatrixObjectsTestCase

SECRET = "江苏机密"  # every text of Jiangsu's objects carries it: no page of alice's may show it


class SwappedIdentifierTests(MatrixObjectsTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        jiangsu, theirs = cls.jiangsu, cls.other_plan
        cls.their_customer = Customer.objects.create(region=jiangsu, name=f"{SECRET}客户")
        cls.their_competitor = Competitor.objects.create(region=jiangsu, name=f"{SECRET}对手")
        cls.their_item = SwotItem.objects.create(plan=theirs, kind="S", text=f"{SECRET}优势")
        cls.their_direction = ActionDirection.objects.create(
            plan=theirs, pairing="SO", text=f"{SECRET}方向"
        )
        cls.their_activity = Activity.objects.create(
            plan=theirs, work=f"{SECRET}活动", owner="bob", months=[1, 2]
        )
        cls.their_comment = Comment.objects.create(
            plan=theirs, chapter="summary", author=cls.rita, body=f"{SECRET}意见"
        )
        cls.their_event = CalendarEvent.objects.create(
            owner=cls.bob, date=date(2027, 3, 2), title=f"{SECRET}会议"
        )
        cls.their_todo = TodoItem.objects.create(
            owner=cls.bob, date=date(2027, 3, 2), work=f"{SECRET}拜访"
        )
        cls.their_strategy = ChosenStrategy.objects.create(
            region=jiangsu, period=cls.period, kind="leader", title=f"{SECRET}战略"
        )

    def setUp(self):
        media = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, media, ignore_errors=True)
        override = override_settings(MEDIA_ROOT=media)
        override.enable()
        self.addCleanup(override.disable)
        self.login(self.alice)

    def state(self):
        """Everything of Jiangsu's (bob's region and bob's own tools)."""
        jiangsu, theirs = self.jiangsu, self.other_plan
        return (
            Plan.objects.filter(pk=theirs.pk).values_list("state", "revision").get(),
            sorted(SwotItem.objects.filter(plan=theirs).values_list("text", "kind")),
            sorted(ActionDirection.objects.filter(plan=theirs).values_list("text", "pairing")),
            sorted(Activity.objects.filter(plan=theirs).values_list("work", "owner")),
            sorted(Comment.objects.filter(plan=theirs).values_list("body", "resolved")),
            sorted(CalendarEvent.objects.filter(owner=self.bob).values_list("title", "date")),
            sorted(TodoItem.objects.filter(owner=self.bob).values_list("work", "done")),
            sorted(Customer.objects.filter(region=jiangsu).values_list("name", "active")),
            sorted(Competitor.objects.filter(region=jiangsu).values_list("name", "active")),
            sorted(ChosenStrategy.objects.filter(region=jiangsu).values_list("title", "kind")),
            Target.objects.filter(customer__region=jiangsu).count(),
            Comment.objects.filter(parent=self.their_comment).count(),
            Activity.objects.filter(direction=self.their_direction).count(),
        )

    def assert_nothing_of_theirs(self, response, what: str) -> None:
        self.assertLess(response.status_code, 500, what)
        self.assertNotIn(SECRET, response.content.decode(errors="replace"), what)

    def test_their_ids_in_query_strings_show_nothing_of_theirs(self):
        sh, year = self.shanghai.code, self.period.year
        cases = [
            (
                reverse("activity_create", args=[self.plan.pk]),
                {"direction": self.their_direction.pk},
            ),
            (
                reverse("competitor_move_create", args=[sh, year]),
                {"competitor": self.their_competitor.pk},
            ),
            (reverse("strategy_create", args=[sh, year]), {"product": 1, "kind": "challenger"}),
            (reverse("customer_detail", args=[self.langtong.pk]), {"action": 1, "period": year}),
            (reverse("home"), {"group": self.jiangsu.pk, "period": year}),
            (reverse("todo_list"), {"date": "2027-03-02"}),
            (reverse("event_create"), {"date": "2027-03-02"}),
            (reverse("numbers_export", args=[self.plan.pk]), {"sheet": "targets", "format": "csv"}),
            (reverse("plan_pdf", args=[self.plan.pk]), {"comments": "1", "detail": "1"}),
            (reverse("rollup", args=[year]), {"format": "xlsx"}),
        ]
        for url, query in cases:
            with self.subTest(url=url):
                self.assert_nothing_of_theirs(self.client.get(url, query), url)

    def test_their_objects_behind_our_urls_answer_like_missing_ones(self):
        theirs, ours = self.other_plan.pk, self.plan.pk
        urls = [
            reverse("plan_pdf", args=[theirs]),
            reverse("numbers_export", args=[theirs]),
            reverse("numbers_template", args=[theirs]),
            reverse("plan_history", args=[theirs]),
            reverse("activity_edit", args=[ours, self.their_activity.pk]),
            reverse("swot_direction_edit", args=[ours, self.their_direction.pk]),
            reverse("targets_by_customer", args=[ours, self.their_customer.pk]),
            reverse("rollup_customer", args=[self.period.year, "SH", self.their_customer.pk]),
            reverse("event_edit", args=[self.their_event.pk]),
            reverse("todo_edit", args=[self.their_todo.pk]),
            reverse("customer_detail", args=[self.their_customer.pk]),
            reverse("strategy_edit", args=["SH", self.period.year, self.their_strategy.pk]),
        ]
        for url in urls:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 404)
                self.assert_nothing_of_theirs(response, url)

    def test_their_ids_in_post_bodies_formsets_and_hidden_fields_change_nothing(self):
        before = self.state()
        ours = self.plan.pk
        grid = reverse("targets_by_product", args=[ours, self.product_a.pk])
        payload = [{"row": self.their_customer.pk, "month": 1, "raw": "9", "revision": 0}]
        revision = services_chapters.chapter_revision(self.plan, "swot")
        posts = [
            (grid, {"payload": json.dumps(payload)}),
            (
                reverse("plan_swot_edit", args=[ours]),
                {
                    "revision": revision,
                    **{f"{kind}-TOTAL_FORMS": 0 for kind in "WOT"},
                    **{f"{kind}-INITIAL_FORMS": 0 for kind in "WOT"},
                    "S-TOTAL_FORMS": 1,
                    "S-INITIAL_FORMS": 1,
                    "S-0-id": self.their_item.pk,
                    "S-0-text": "改写",
                    "S-0-DELETE": "on",
                },
            ),
            (
                reverse("swot_direction_create", args=[ours]),
                {"revision": 0, "pairing": "SO", "text": "x", "items": [self.their_item.pk]},
            ),
            (
                reverse("activity_create", args=[ours]),
                {"revision": 0, "work": "x", "owner": "x", "direction": self.their_direction.pk},
            ),
            (
                reverse("comment_reply", args=[self.comment.pk]),
                {"body": "x", "parent": self.their_comment.pk},
            ),
            (
                reverse("comment_resolve", args=[self.comment.pk]),
                {"resolved": "1", "pk": self.their_comment.pk},
            ),
            (
                reverse("todo_toggle", args=[self.todo.pk]),
                {"done": "1", "pk": self.their_todo.pk, "next": "https://evil.example/"},
            ),
            (
                reverse("competitor_move_create", args=["SH", self.period.year]),
                {"competitor": self.their_competitor.pk, "date": "2027-01-01", "description": "x"},
            ),
            (
                reverse("customer_action_commit", args=[self.langtong.pk]),
                {
                    "period": self.period.year,
                    "action": 4,
                    "owner": self.bob.pk,
                    "due_date": "2027-01-15",
                },
            ),
        ]
        for url, data in posts:
            with self.subTest(url=url):
                response = self.client.post(url, data)
                self.assert_nothing_of_theirs(response, url)
                if response.status_code == 302:
                    self.assertFalse(response["Location"].startswith("https://evil"), url)
        self.assertEqual(self.state(), before)
        self.assertFalse(Target.objects.filter(customer=self.their_customer).exists())

    def test_their_customer_in_an_import_file_is_refused_by_row_and_column(self):
        response = self.client.post(
            reverse("numbers_import", args=[self.plan.pk]),
            {
                "sheet": "targets",
                "file": SimpleUploadedFile(
                    "t.csv", csv_file([TARGETS, [self.their_customer.name, "A", "5"]])
                ),
            },
        )

        self.assertEqual(response.status_code, 422)
        (error,) = response.context["result"].errors
        self.assertEqual((error.row, error.column[:1]), (2, "A"))
        self.assertFalse(Target.objects.exists())

    def test_their_import_preview_cannot_be_applied_to_either_plan(self):
        self.client.logout()
        self.login(self.bob)
        bob_customer = Customer.objects.create(region=self.jiangsu, name="太湖精密")
        response = self.client.post(
            reverse("numbers_import", args=[self.other_plan.pk]),
            {
                "sheet": "targets",
                "file": SimpleUploadedFile(
                    "t.csv", csv_file([TARGETS, [bob_customer.name, "A", "5"]])
                ),
            },
        )
        token = response.context["token"]
        self.client.logout()
        self.login(self.alice)

        on_ours = self.client.post(
            reverse("numbers_import_apply", args=[self.plan.pk]), {"token": token}
        )
        on_theirs = self.client.post(
            reverse("numbers_import_apply", args=[self.other_plan.pk]), {"token": token}
        )

        self.assertEqual(on_ours.status_code, 302)  # "this preview is no longer available"
        self.assertEqual(on_theirs.status_code, 404)
        self.assertFalse(Target.objects.exists())

    def test_extra_post_fields_never_persist(self):
        extra = {
            "region": self.jiangsu.pk,
            "region_id": self.jiangsu.pk,
            "state": "approved",
            "version": 9,
            "approved_by": self.rita.pk,
            "decided_by": self.rita.pk,
            "submitted_by": self.bob.pk,
            "owner": self.bob.pk,
            "owner_id": self.bob.pk,
            "plan": self.other_plan.pk,
            "plan_id": self.other_plan.pk,
            "author": self.bob.pk,
            "id": self.their_event.pk,
        }
        sh, year = self.shanghai.code, self.period.year
        posts = [
            (
                reverse("plan_summary_edit", args=[self.plan.pk]),
                {"strategy_changes": "稳", "revision": self.plan.revision},
            ),
            (
                reverse("customer_edit", args=[self.langtong.pk]),
                {"name": "朗通", "revision": self.langtong.revision},
            ),
            (reverse("customer_create", args=[self.shanghai.pk]), {"name": "新客户"}),
            (
                reverse("activity_create", args=[self.plan.pk]),
                {
                    "revision": services_chapters.chapter_revision(self.plan, "actions"),
                    "work": "推介",
                    "owner": "alice",
                    "months": ["3", "4"],
                },
            ),
            (reverse("event_create"), {"date": "2027-03-05", "title": "季度会", "revision": 0}),
            (
                reverse("todo_create"),
                {"date": "2027-03-05", "category": "visit", "work": "拜访", "revision": 0},
            ),
            (
                reverse("competitor_create", args=[sh, year]),
                {"name": "新对手", "products": [self.product_a.pk]},
            ),
        ]
        for url, data in posts:
            with self.subTest(url=url):
                response = self.client.post(url, {**data, **extra})
                self.assertEqual(response.status_code, 302, response.content[:3000])
        self.client.logout()
        self.login(self.rita)
        self.client.post(
            reverse("comment_create", args=[self.plan.pk]),
            {"chapter": "summary", "body": "意见", **extra},
        )

        plan = Plan.objects.get(pk=self.plan.pk)
        self.assertEqual((plan.region, plan.state, plan.version), (self.shanghai, "draft", 1))
        self.assertIsNone(plan.decided_by)
        self.assertIsNone(plan.submitted_by)
        self.assertEqual(Customer.objects.get(pk=self.langtong.pk).region, self.shanghai)
        self.assertEqual(Customer.objects.get(name="新客户").region, self.shanghai)
        self.assertEqual(Activity.objects.get(work="推介").plan, self.plan)
        self.assertEqual(CalendarEvent.objects.get(title="季度会").owner, self.alice)
        self.assertEqual(TodoItem.objects.get(work="拜访").owner, self.alice)
        self.assertEqual(Competitor.objects.get(name="新对手").region, self.shanghai)
        self.assertEqual(Comment.objects.get(body="意见").author, self.rita)
        self.assertEqual(Comment.objects.get(body="意见").plan, self.plan)
        self.their_event.refresh_from_db()
        self.assertEqual(self.their_event.title, f"{SECRET}会议")
