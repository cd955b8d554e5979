"""The deadline board: every region's plan for a period against its due date, for headquarters
(every region) and managers (their own)."""

import re
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from customers.models import Region
from planning.hq import deadlines
from planning.models import Comment, Plan, PlanTransition
from tests.base import PersonasTestCase

ROW = re.compile(r'<tr data-region="([\w-]+)"')


class DeadlineBoardTests(PersonasTestCase):
    """Plans were due three days ago: Shanghai's is a draft (late), Jiangsu's is submitted,
    Zhejiang has no plan at all; the group East China writes none of its own."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.today = timezone.localdate()
        cls.period.submission_due = cls.today - timedelta(days=3)
        cls.period.save()
        cls.zhejiang = Region.objects.create(
            code="ZJ", name="浙江", name_en="Zhejiang", parent=cls.east
        )
        Plan.objects.filter(pk=cls.other_plan.pk).update(state=Plan.State.SUBMITTED)
        PlanTransition.objects.create(
            plan=cls.other_plan, from_state="draft", to_state="submitted", by=cls.bob
        )
        Comment.objects.create(plan=cls.plan, chapter="summary", author=cls.rita, body="请补充。")
        for body in ("依据？", "渠道？"):
            Comment.objects.create(plan=cls.other_plan, chapter="swot", author=cls.rita, body=body)
        Comment.objects.create(
            plan=cls.other_plan, chapter="swot", author=cls.rita, body="已解决。", resolved=True
        )

    def setUp(self):
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        self.login(self.rita)

    def board(self, query: str = "", status: int = 200):
        response = self.client.get(f"{reverse('deadline_board')}{query}")
        self.assertEqual(response.status_code, status)
        return response

    def regions_shown(self, response) -> list[str]:
        return ROW.findall(response.content.decode())

    def row_of(self, response, code: str):
        return next(row for row in response.context["rows"] if row.region.code == code)

    def test_the_late_region_is_marked_late_with_its_days(self):
        response = self.board()

        shanghai = self.row_of(response, "SH")
        self.assertTrue(shanghai.late)
        self.assertEqual((shanghai.days_late, shanghai.due), (3, self.period.submission_due))
        self.assertContains(response, '<tr data-region="SH" class="table-danger late-row">')
        self.assertContains(response, '<span class="badge text-bg-danger late-badge">3 days late')
        jiangsu = self.row_of(response, "JS")
        self.assertFalse(jiangsu.late)
        self.assertContains(response, '<tr data-region="JS">')

    def test_a_region_without_a_plan_is_on_the_board_and_a_group_is_not(self):
        response = self.board()

        self.assertEqual(sorted(self.regions_shown(response)), ["JS", "SH", "ZJ"])
        zhejiang = self.row_of(response, "ZJ")
        self.assertEqual((zhejiang.plan, zhejiang.state), (None, deadlines.NO_PLAN))
        self.assertContains(response, 'data-state="none"')

    def test_days_left_count_down_before_the_due_date(self):
        self.period.submission_due = self.today + timedelta(days=5)
        self.period.save()

        shanghai = self.row_of(self.board(), "SH")

        self.assertEqual((shanghai.late, shanghai.days_left), (False, 5))

    def test_each_row_has_its_open_comments_and_latest_activity(self):
        response = self.board()

        self.assertEqual(self.row_of(response, "JS").open_comments, 2)
        self.assertEqual(self.row_of(response, "SH").open_comments, 1)
        latest = Comment.objects.filter(plan=self.other_plan).latest("created_at").created_at
        self.assertEqual(self.row_of(response, "JS").last_activity, latest)

    def test_the_latest_activity_is_the_newest_of_its_sources(self):
        later = timezone.now() + timedelta(hours=2)
        PlanTransition.objects.filter(plan=self.other_plan).update(at=later)

        activity = deadlines.last_activity([self.plan.pk, self.other_plan.pk])

        self.assertEqual(activity[self.other_plan.pk], later)
        self.assertIn(self.plan.pk, activity)

    def test_the_board_is_sorted_by_any_column_either_way(self):
        cases = {
            "?sort=region&dir=asc": ["JS", "SH", "ZJ"],
            "?sort=region&dir=desc": ["ZJ", "SH", "JS"],
            "?sort=comments&dir=desc": ["JS", "SH", "ZJ"],
            "?sort=comments&dir=asc": ["ZJ", "SH", "JS"],
            # Jiangsu's plan is handed in: no count of days, so last either way.
            "?sort=late&dir=desc": ["SH", "ZJ", "JS"],
            "?sort=state&dir=asc": ["ZJ", "SH", "JS"],
        }
        for query, expected in cases.items():
            with self.subTest(query=query):
                self.assertEqual(self.regions_shown(self.board(query)), expected)

    def test_the_sorted_column_says_so_and_offers_the_other_direction(self):
        response = self.board("?sort=region&dir=asc")

        self.assertContains(response, 'aria-sort="ascending"')
        self.assertContains(response, 'href="?sort=region&amp;dir=desc"')

    def test_filters_by_state_and_late_only(self):
        cases = {
            "?state=submitted": ["JS"],
            "?state=none": ["ZJ"],
            "?state=draft": ["SH"],
            "?late=1&sort=region&dir=asc": ["SH", "ZJ"],
            "?late=1&state=draft": ["SH"],
        }
        for query, expected in cases.items():
            with self.subTest(query=query):
                self.assertEqual(self.regions_shown(self.board(query)), expected)

    def test_a_manager_sees_only_their_own_regions(self):
        self.login(self.alice)

        response = self.board()

        self.assertEqual(self.regions_shown(response), ["SH"])
        self.assertNotContains(response, "Jiangsu")

    def test_unreadable_parameters_answer_400(self):
        for query in ("?sort=rank", "?dir=up", "?state=lost", "?late=yes", "?period=２０２７"):
            with self.subTest(query=query):
                self.board(query, status=400)
        self.board("?period=2031", status=404)

    def test_the_board_reads_a_fixed_number_of_queries_whatever_the_regions(self):
        with CaptureQueriesContext(connection) as few:
            self.board()
        for n in range(5):
            region = Region.objects.create(code=f"X{n}", name=f"新{n}")
            plan = Plan.objects.create(region=region, period=self.period)
            Comment.objects.create(plan=plan, chapter="summary", author=self.rita, body="？")
        with CaptureQueriesContext(connection) as many:
            response = self.board()

        self.assertEqual(len(self.regions_shown(response)), 8)
        self.assertEqual(len(many), len(few))

    def test_the_board_is_linked_from_the_navigation_and_the_reviewers_home(self):
        home = self.client.get(reverse("home"))

        self.assertContains(home, f'href="{reverse("deadline_board")}"')
        self.assertContains(home, f'href="{reverse("deadline_board")}?period=2027"')
