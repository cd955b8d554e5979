"""Headquarters opens a period's planning round (a draft per region, optionally from last year's
texts) and its half-year revision round (a new version of every approved plan)."""

from datetime import date

from django.urls import reverse

from customers.models import Period, Region
from planning.models import (
    ActionDirection,
    Activity,
    ChapterText,
    CollectionPlan,
    ExpenseBudget,
    GapExplanation,
    Plan,
    SwotItem,
    Target,
)
from tests.base import PersonasTestCase, complete_plan

DUE = "2027-12-10"


class PlanningRoundTestCase(PersonasTestCase):
    """SH and JS (under 华东) have 2027 plans; ZJ, a new region, has none. SH's latest 2027 plan
    is its version 2, with figures and texts; 2028 has no plan but JS's."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.zhejiang = Region.objects.create(
            code="ZJ", name="浙江", name_en="Zhejiang", parent=cls.east
        )
        ChapterText.objects.create(plan=cls.plan, part="market_push", text="旧版本的推拉。")
        cls.latest = Plan.objects.create(region=cls.shanghai, period=cls.period, version=2)
        complete_plan(cls.latest)
        ChapterText.objects.filter(plan=cls.latest, part="market_push").update(text="渠道推动。")
        swot = SwotItem.objects.get(plan=cls.latest)
        direction = ActionDirection.objects.create(plan=cls.latest, pairing="SO", text="扩渠道")
        direction.items.add(swot)
        CollectionPlan.objects.create(
            plan=cls.latest,
            customer=cls.langtong,
            product=cls.product_a,
            month=2,
            amount="500.00",
        )
        cls.next_period = Period.objects.create(year=2028)
        cls.js_2028 = Plan.objects.create(
            region=cls.jiangsu, period=cls.next_period, strategy_changes="已开始。"
        )

    def setUp(self):
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    def open_round(self, user=None, **data):
        self.login(user or self.rita)
        return self.client.post(
            f"{reverse('round_open')}?period=2028", {"submission_due": DUE, **data}
        )

    def plans_2028(self) -> dict[str, Plan]:
        return {p.region.code: p for p in Plan.objects.filter(period=self.next_period)}


class OpenRoundTests(PlanningRoundTestCase):
    def test_the_page_lists_the_regions_to_open_and_those_already_open(self):
        self.login(self.rita)

        response = self.client.get(f"{reverse('round_open')}?period=2028")

        self.assertEqual(response.status_code, 200)
        self.assertEqual([r.code for r in response.context["to_create"]], ["SH", "ZJ"])
        self.assertEqual([p.pk for p in response.context["already_open"]], [self.js_2028.pk])

    def test_opening_creates_drafts_for_leaf_regions_only_and_sets_the_due_date(self):
        response = self.open_round()

        self.assertRedirects(response, f"{reverse('home')}?period=2028")
        plans = self.plans_2028()
        self.assertEqual(sorted(plans), ["JS", "SH", "ZJ"])  # not 华东, a group
        self.assertEqual(
            {(p.version, p.state) for code, p in plans.items() if code != "JS"},
            {(1, Plan.State.DRAFT)},
        )
        self.next_period.refresh_from_db()
        self.assertEqual(self.next_period.submission_due, date(2027, 12, 10))
        messages = [str(m) for m in response.wsgi_request._messages]
        self.assertIn("New draft plans for 2028: Shanghai, Zhejiang.", messages)
        self.assertIn("Already open, left as they were: Jiangsu.", messages)

    def test_without_the_checkbox_new_plans_start_empty(self):
        self.open_round()

        shanghai = self.plans_2028()["SH"]
        self.assertFalse(ChapterText.objects.filter(plan=shanghai).exists())
        self.assertFalse(SwotItem.objects.filter(plan=shanghai).exists())

    def test_last_years_texts_swot_and_activities_are_copied_but_no_figures(self):
        self.open_round(copy_last_year="on")

        shanghai = self.plans_2028()["SH"]
        self.assertEqual(
            ChapterText.objects.get(plan=shanghai, part="market_push").text, "渠道推动。"
        )
        item = SwotItem.objects.get(plan=shanghai)
        self.assertEqual(item.text, "渠道覆盖广")
        direction = ActionDirection.objects.get(plan=shanghai)
        self.assertEqual(list(direction.items.all()), [item])  # cites the copy, not last year's
        self.assertEqual(Activity.objects.get(plan=shanghai).work, "新品推介会")
        self.assertTrue(shanghai.control_commitments.exists())
        for figures in (Target, CollectionPlan, ExpenseBudget, GapExplanation):
            self.assertFalse(figures.objects.filter(plan=shanghai).exists(), figures.__name__)
        self.assertEqual(shanghai.strategy_changes, "")
        # Last year's plan keeps its own.
        self.assertEqual(SwotItem.objects.filter(plan=self.latest).count(), 1)
        self.assertEqual(Target.objects.filter(plan=self.latest).count(), 1)

    def test_plans_that_exist_are_left_alone(self):
        self.open_round(copy_last_year="on")

        self.js_2028.refresh_from_db()
        self.assertEqual(self.js_2028.strategy_changes, "已开始。")
        jiangsu = Plan.objects.filter(region=self.jiangsu, period=self.next_period)
        self.assertEqual(jiangsu.count(), 1)
        self.assertFalse(ChapterText.objects.filter(plan=self.js_2028).exists())

    def test_a_second_post_creates_nothing(self):
        self.open_round(copy_last_year="on")
        before = list(Plan.objects.order_by("pk").values_list("pk", flat=True))
        texts = ChapterText.objects.count()

        response = self.open_round(copy_last_year="on")

        self.assertEqual(list(Plan.objects.order_by("pk").values_list("pk", flat=True)), before)
        self.assertEqual(ChapterText.objects.count(), texts)
        messages = [str(m) for m in response.wsgi_request._messages]
        self.assertIn("Already open, left as they were: Jiangsu, Shanghai, Zhejiang.", messages)

    def test_a_due_date_is_required(self):
        response = self.open_round(submission_due="")

        self.assertEqual(response.status_code, 422)
        self.assertEqual(sorted(self.plans_2028()), ["JS"])

    def test_managers_and_administrators_are_refused(self):
        for user in (self.alice, self.adam):
            with self.subTest(user=user.username):
                response = self.open_round(user)

                self.assertEqual(response.status_code, 403)
                self.assertEqual(sorted(self.plans_2028()), ["JS"])
                self.next_period.refresh_from_db()
                self.assertIsNone(self.next_period.submission_due)


class RevisionRoundTests(PlanningRoundTestCase):
    """SH's latest 2027 plan (v2) is approved; JS's is a draft; ZJ has none."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        Plan.objects.filter(pk=cls.latest.pk).update(state=Plan.State.APPROVED)

    def revise_round(self, user=None, year="2027"):
        self.login(user or self.rita)
        return self.client.post(f"{reverse('round_revise')}?period=2027", {"period": year})

    def test_the_page_lists_what_starts_and_what_is_skipped(self):
        self.login(self.rita)

        response = self.client.get(f"{reverse('round_revise')}?period=2027")

        self.assertEqual([p.pk for p in response.context["ready"]], [self.latest.pk])
        self.assertContains(response, "Version 1 is draft; only an approved plan is revised.")
        self.assertContains(response, "No plan for this period.")

    def test_approved_plans_get_a_draft_revision_and_stay_approved(self):
        response = self.revise_round()

        self.assertRedirects(response, f"{reverse('home')}?period=2027")
        revision = Plan.objects.get(region=self.shanghai, period=self.period, version=3)
        self.assertEqual(revision.state, Plan.State.DRAFT)
        self.assertEqual(Target.objects.filter(plan=revision).count(), 1)  # a full copy
        self.latest.refresh_from_db()
        self.assertEqual(self.latest.state, Plan.State.APPROVED)
        self.assertEqual(Plan.objects.filter(region=self.jiangsu, period=self.period).count(), 1)
        messages = [str(m) for m in response.wsgi_request._messages]
        self.assertIn("Jiangsu: Version 1 is draft; only an approved plan is revised.", messages)

    def test_a_second_post_starts_nothing_more(self):
        self.revise_round()
        count = Plan.objects.count()

        response = self.revise_round()

        self.assertEqual(Plan.objects.count(), count)
        messages = [str(m) for m in response.wsgi_request._messages]
        self.assertIn("No approved plan to revise; nothing was started.", messages)

    def test_a_confirmation_for_another_period_is_refused(self):
        response = self.revise_round(year="2028")

        self.assertEqual(response.status_code, 422)
        self.assertFalse(Plan.objects.filter(version=3).exists())

    def test_managers_and_administrators_are_refused(self):
        for user in (self.alice, self.adam):
            with self.subTest(user=user.username):
                self.assertEqual(self.revise_round(user).status_code, 403)
                self.assertFalse(Plan.objects.filter(version=3).exists())


class HomeTests(PlanningRoundTestCase):
    def test_the_reviewer_home_offers_both_rounds_and_the_manager_home_neither(self):
        self.login(self.rita)
        response = self.client.get(f"{reverse('home')}?period=2028")
        self.assertContains(response, f"{reverse('round_open')}?period=2028")
        self.assertContains(response, f"{reverse('round_revise')}?period=2028")

        self.login(self.alice)
        self.assertNotContains(self.client.get(reverse("home")), reverse("round_open"))
