"""The demo data command: a believable organisation, safe to run again."""

from io import StringIO

from django.core.management import call_command
from django.db.models import Count
from django.test import TestCase

from customers.models import Customer, Period, Product, Region, RegionMembership, User
from planning.models import Comment, Plan, PlanTransition

COUNTED = (Region, RegionMembership, User, Product, Customer, Period, Plan, PlanTransition, Comment)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


class SeedDemoTests(TestCase):
    """An empty database, not the personas: the command builds its own organisation."""

    @classmethod
    def setUpTestData(cls):
        cls.first_output = StringIO()
        call_command("seed_demo", stdout=cls.first_output)
        cls.first_counts = counts()

    def test_running_it_again_changes_no_counts(self):
        call_command("seed_demo", stdout=StringIO())

        self.assertEqual(counts(), self.first_counts)

    def test_running_it_again_keeps_the_plans_states(self):
        states = dict(Plan.objects.values_list("pk", "state"))

        call_command("seed_demo", stdout=StringIO())

        self.assertEqual(dict(Plan.objects.values_list("pk", "state")), states)

    def test_it_creates_regions_one_of_which_groups_two_others(self):
        self.assertGreaterEqual(Region.objects.count(), 3)
        parents = Region.objects.annotate(n=Count("children")).filter(n__gte=2)
        self.assertTrue(parents.exists())

    def test_it_creates_the_decks_example_customers(self):
        names = set(Customer.objects.values_list("name", flat=True))

        self.assertLessEqual({"朗通", "泰岳", "万星"}, names)

    def test_it_creates_plans_in_at_least_three_states(self):
        states = set(Plan.objects.values_list("state", flat=True))

        self.assertGreaterEqual(len(states), 3, states)
        self.assertLessEqual(
            {Plan.State.DRAFT, Plan.State.SUBMITTED, Plan.State.APPROVED, Plan.State.RETURNED},
            states,
        )

    def test_it_creates_people_in_every_role(self):
        roles = set(User.objects.filter(is_active=True).values_list("role", flat=True))

        self.assertEqual(roles, {User.Role.MANAGER, User.Role.REVIEWER, User.Role.ADMIN})

    def test_it_prints_the_log_ins(self):
        output = self.first_output.getvalue()

        self.assertIn("Demo data is ready.", output)
        for username in User.objects.values_list("username", flat=True):
            self.assertIn(username, output)
        self.assertIn("salesplan-demo", output)

    def test_the_printed_log_ins_work(self):
        response = self.client.post(
            "/login/", {"username": "zhang.wei", "password": "salesplan-demo"}
        )

        self.assertRedirects(response, "/")

    def test_it_fills_every_written_chapter_of_the_demo_plans(self):
        from planning.chapters.catalogue import CHAPTERS
        from planning.chapters.content import chapter_content

        plan = Plan.objects.get(region__code="SH", period__year=2027)
        for chapter in CHAPTERS:
            with self.subTest(chapter=chapter.slug):
                self.assertTrue(chapter.built)
        self.assertTrue(plan.gap_explanations.exists())
        self.assertTrue(plan.chapter_texts.filter(part="contribution_notes").exists())
        self.assertEqual(plan.swot_items.count(), 9)
        self.assertEqual(plan.action_directions.count(), 4)
        self.assertTrue(plan.activities.filter(direction__isnull=False).exists())
        # A spring and an autumn campaign: activities whose months do not follow each other.
        split = [a.months for a in plan.activities.all() if len(a.month_runs) > 1]
        self.assertIn((4, 5, 9, 10), split)
        self.assertTrue(plan.chapter_texts.filter(part="market_push").exists())
        self.assertTrue(plan.positions.exists() and plan.organisation_entries.exists())
        self.assertTrue(plan.control_commitments.exists())
        self.assertTrue(chapter_content(plan, "market")["contribution"])
        self.assertTrue(chapter_content(plan, "performance")["analysis"].has_figures)

    def test_it_gives_zhang_wei_a_calendar_and_a_todo_list_once(self):
        from planning.models import Activity, CalendarEvent, SwotItem, TodoItem

        manager = User.objects.get(username="zhang.wei")
        before = [model.objects.count() for model in (CalendarEvent, TodoItem, SwotItem, Activity)]

        call_command("seed_demo", stdout=StringIO())

        self.assertTrue(CalendarEvent.objects.filter(owner=manager).exists())
        self.assertTrue(TodoItem.objects.filter(owner=manager, done=True).exists())
        after = [model.objects.count() for model in (CalendarEvent, TodoItem, SwotItem, Activity)]
        self.assertEqual(after, before)
