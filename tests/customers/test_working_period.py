"""The customer pages open the period of the plan being written (#20): the navigation's link
carries it, a page without ?period shows its scores, and the other periods are a click away."""

from django.test import RequestFactory
from django.urls import reverse

from customers import scoring
from customers.models import EnergyRating, Period, StrategySettings
from planning.models import Plan
from salesplan import working_period
from tests.base import PersonasTestCase


class WorkingPeriodTests(PersonasTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # The year with the latest actual data is 2026; the plan alice writes is 2027's.
        cls.last_year = Period.objects.create(year=2026)
        Plan.objects.create(region=cls.shanghai, period=cls.last_year, state=Plan.State.APPROVED)
        EnergyRating.objects.create(
            customer=cls.langtong, period=cls.last_year, order_level=1, likelihood_level=1
        )
        EnergyRating.objects.create(
            customer=cls.langtong, period=cls.period, order_level=4, likelihood_level=4
        )

    def setUp(self):
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    def score(self, rating: EnergyRating) -> str:
        rule = StrategySettings.load().energy_rule
        return str(scoring.energy_score(rating.order_level, rating.likelihood_level, rule))

    def test_the_navigations_customer_link_carries_the_working_plans_period(self):
        self.login(self.alice)

        response = self.client.get(reverse("home"))

        self.assertContains(response, f'href="{reverse("customer_home")}?period=2027"')

    def test_on_a_plans_page_the_customer_link_carries_that_plans_period(self):
        old_plan = Plan.objects.get(region=self.shanghai, period=self.last_year)
        self.login(self.alice)

        response = self.client.get(reverse("plan_detail", args=[old_plan.pk]))

        self.assertContains(response, f'href="{reverse("customer_home")}?period=2026"')

    def test_a_customer_page_without_a_period_shows_the_working_plans_scores(self):
        self.login(self.alice)

        response = self.client.get(reverse("customer_detail", args=[self.langtong.pk]))

        this_year = EnergyRating.objects.get(period=self.period)
        last_year = EnergyRating.objects.get(period=self.last_year)
        self.assertEqual(response.context["period"], self.period)
        self.assertContains(response, f'<div class="fs-4 energy-score">{self.score(this_year)}')
        self.assertNotContains(response, f'energy-score">{self.score(last_year)}<')
        self.assertContains(response, 'name="period" value="2027"')  # the forms save 2027's

    def test_the_customer_pages_show_the_period_and_switch_to_the_others(self):
        self.login(self.alice)
        pages = [
            reverse("customer_home"),
            reverse("customer_list", args=[self.shanghai.pk]),
            reverse("customer_matrix", args=[self.shanghai.pk]),
            reverse("customer_funnel", args=[self.shanghai.pk]),
            reverse("customer_detail", args=[self.langtong.pk]),
        ]
        for url in pages:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertContains(response, "· 2027")
                self.assertContains(response, 'href="?period=2027" aria-current="page"')
                self.assertContains(response, 'href="?period=2026"')
                self.assertNotContains(response, "data-autosubmit")

    def test_another_period_is_shown_with_a_note_and_a_way_back(self):
        self.login(self.alice)

        response = self.client.get(
            reverse("customer_detail", args=[self.langtong.pk]), {"period": "2026"}
        )

        self.assertEqual(response.context["period"], self.last_year)
        self.assertContains(response, "the plan you are working on is for 2027")
        self.assertContains(response, 'href="?period=2026" aria-current="page"')

    def test_without_an_open_plan_the_pages_keep_their_own_default(self):
        Plan.objects.filter(region=self.shanghai).update(state=Plan.State.APPROVED)
        self.login(self.alice)

        response = self.client.get(reverse("customer_list", args=[self.shanghai.pk]))

        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "the plan you are working on")
        self.assertContains(response, f'href="{reverse("customer_home")}">Customers</a>')

    def test_a_reviewer_works_on_the_latest_period_under_review(self):
        self.assertEqual(working_period.working_year(self.request_for(self.rita)), 2027)
        self.assertEqual(working_period.working_year(self.request_for(self.bob)), 2027)

    @staticmethod
    def request_for(user):
        request = RequestFactory().get("/")
        request.user = user
        return request
