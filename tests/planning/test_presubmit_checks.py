"""The pre-submit checks that compare independently entered figures (targets vs collections)."""

from decimal import Decimal

from django.urls import reverse

from customers.models import Customer
from planning.models import CollectionPlan, OpeningBalance, Plan, Target
from tests.base import PersonasTestCase, complete_plan


class OutstandingWarningTests(PersonasTestCase):
    """Year-end planned outstanding = opening + planned sales − planned collections; more than
    three months of planned sales is worth a warning, which does not block submitting."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        complete_plan(cls.plan)
        cls.customer = Customer.objects.get(region=cls.shanghai, name="上海客户")
        # 1,200.00 of planned sales in the year: three months of it is 300.00.
        Target.objects.filter(plan=cls.plan).delete()
        for month in range(1, 13):
            Target.objects.create(
                plan=cls.plan,
                customer=cls.customer,
                product=cls.product_a,
                month=month,
                quantity=1,
                amount=Decimal("100.00"),
            )
        Plan.objects.filter(pk=cls.plan.pk).update(strategy_changes="重点拓展华东大客户。")

    def setUp(self):
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        self.login(self.alice)

    def collect(self, month: int, amount: str) -> None:
        CollectionPlan.objects.update_or_create(
            plan=self.plan,
            customer=self.customer,
            product=self.product_a,
            month=month,
            defaults={"amount": Decimal(amount)},
        )

    def submit_page(self):
        return self.client.get(reverse("plan_submit", args=[self.plan.pk]))

    def test_a_plan_that_collects_nothing_is_warned_with_both_figures(self):
        response = self.submit_page()

        self.assertContains(response, "ends the year with 1,200.00 outstanding")
        self.assertContains(response, "three months of planned sales (300.00)")
        self.assertContains(response, reverse("collections_plan", args=[self.plan.pk]))

    def test_planned_collections_within_three_months_of_sales_give_no_warning(self):
        self.collect(6, "600.00")
        self.collect(12, "300.00")  # 1,200 − 900 = 300: exactly the limit

        response = self.submit_page()

        self.assertNotContains(response, "outstanding (opening balance")

    def test_the_opening_balance_counts_towards_year_end_outstanding(self):
        self.collect(6, "900.00")
        OpeningBalance.objects.create(plan=self.plan, customer=self.customer, month=11, amount=500)
        # 500 + 1,200 − 900 = 800

        self.assertContains(self.submit_page(), "ends the year with 800.00 outstanding")

    def test_the_warning_shows_on_the_plan_page_and_does_not_block_submitting(self):
        detail = self.client.get(self.plan.get_absolute_url())
        self.assertContains(detail, "these do not block it")
        self.assertContains(detail, "1,200.00 outstanding")

        response = self.client.post(reverse("plan_submit", args=[self.plan.pk]))

        self.assertRedirects(response, self.plan.get_absolute_url())
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.state, Plan.State.SUBMITTED)
