"""The demo's agreed prices: a few big accounts below list, and every target priced by them."""

from io import StringIO

from django.core.management import call_command
from django.db.models import F
from django.test import TestCase

from customers.models import CustomerPrice, Product
from customers.pricing import price_book
from planning.models import Plan, Target
from planning.numbers.grids import target_amount


def mispriced() -> list:
    book = price_book()
    return [
        (target.plan_id, target.customer_id, target.product_id, target.month)
        for target in Target.objects.select_related("plan__period")
        if target.amount
        != target_amount(
            target.quantity,
            book.price(
                target.customer_id, target.product_id, target.plan.period.year, target.month
            ),
        )
    ]


class DemoPriceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("seed_demo", stdout=StringIO())

    def test_big_accounts_buy_three_to_five_percent_below_list(self):
        prices = list(CustomerPrice.objects.select_related("customer", "product"))

        self.assertGreaterEqual(len({price.customer_id for price in prices}), 3)
        for price in prices:
            with self.subTest(customer=price.customer.name, product=price.product.code):
                below = 1 - price.price / price.product.list_price
                self.assertTrue(0.03 <= below <= 0.05, below)

    def test_every_demo_target_is_priced_by_the_price_in_force_in_its_month(self):
        self.assertTrue(Target.objects.filter(customer__prices__isnull=False).exists())
        self.assertEqual(mispriced(), [])

    def test_running_it_again_reprices_an_editable_plan_seeded_before_the_prices(self):
        draft = Plan.objects.get(region__code="SH", period__year=2027)
        for product in Product.objects.all():
            Target.objects.filter(plan=draft, product=product).update(
                amount=F("quantity") * product.list_price
            )
        self.assertNotEqual(mispriced(), [])
        prices = CustomerPrice.objects.count()

        call_command("seed_demo", stdout=StringIO())

        self.assertEqual(mispriced(), [])
        self.assertEqual(CustomerPrice.objects.count(), prices)
