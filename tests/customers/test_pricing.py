"""The price rule: the agreed price in force in a month, else the list price in force, else the
product's list price; read for a whole grid in a few queries."""

from datetime import date
from decimal import Decimal

from django.db import IntegrityError, connection
from django.test import SimpleTestCase
from django.test.utils import CaptureQueriesContext

from customers.models import Customer, CustomerPrice, ListPrice
from customers.pricing import customer_price_rows, month_from_text, price_book, price_for
from tests.base import PersonasTestCase

D = Decimal


class PriceRuleTests(PersonasTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.taiyue = Customer.objects.create(region=cls.shanghai, name="泰岳")
        # Product A: 100.00 with no month; 110.00 from July 2027; 120.00 from 2028.
        ListPrice.objects.create(
            product=cls.product_a, price=D("110.00"), valid_from=date(2027, 7, 1)
        )
        ListPrice.objects.create(
            product=cls.product_a, price=D("120.00"), valid_from=date(2028, 1, 1)
        )
        # 泰岳 agreed 95.00 from March 2027, then 90.00 from October 2027.
        CustomerPrice.objects.create(
            customer=cls.taiyue,
            product=cls.product_a,
            price=D("95.00"),
            valid_from=date(2027, 3, 1),
        )
        CustomerPrice.objects.create(
            customer=cls.taiyue,
            product=cls.product_a,
            price=D("90.00"),
            valid_from=date(2027, 10, 1),
        )

    def test_a_customer_without_an_agreed_price_pays_the_list_price_of_the_month(self):
        prices = [price_for(self.langtong.pk, self.product_a.pk, 2027, m) for m in (1, 6, 7, 12)]

        self.assertEqual(prices, [D("100.00"), D("100.00"), D("110.00"), D("110.00")])
        self.assertEqual(price_for(self.langtong.pk, self.product_a.pk, 2028, 1), D("120.00"))

    def test_an_agreed_price_applies_from_its_month_and_beats_the_list_price(self):
        prices = [price_for(self.taiyue.pk, self.product_a.pk, 2027, m) for m in (2, 3, 9, 10, 12)]

        # Before March the list price; then 95.00 even after the list rises in July; 90.00 from
        # October.
        self.assertEqual(prices, [D("100.00"), D("95.00"), D("95.00"), D("90.00"), D("90.00")])

    def test_a_price_entered_without_a_month_is_in_force_from_the_start(self):
        CustomerPrice.objects.create(customer=self.langtong, product=self.product_a, price=D("80"))

        self.assertEqual(price_for(self.langtong.pk, self.product_a.pk, 2025, 1), D("80.00"))

    def test_the_book_of_a_grid_reads_every_price_in_three_queries(self):
        customers = [
            Customer.objects.create(region=self.shanghai, name=f"客户{i}") for i in range(50)
        ]
        for customer in customers[::2]:
            CustomerPrice.objects.create(customer=customer, product=self.product_a, price=D("99"))

        with CaptureQueriesContext(connection) as queries:
            book = price_book(
                customers=Customer.objects.filter(region=self.shanghai).values("pk"),
                products=[self.product_a.pk],
            )
            prices = {
                (c.pk, m): book.price(c.pk, self.product_a.pk, 2027, m)
                for c in customers
                for m in range(1, 13)
            }

        self.assertLessEqual(len(queries), 3)
        self.assertEqual(prices[(customers[0].pk, 1)], D("99.00"))
        self.assertEqual(prices[(customers[1].pk, 7)], D("110.00"))

    def test_one_price_per_customer_product_and_month(self):
        with self.assertRaises(IntegrityError):
            CustomerPrice.objects.create(
                customer=self.taiyue,
                product=self.product_a,
                price=D("1"),
                valid_from=date(2027, 3, 1),
            )

    def test_the_customers_page_rows_compare_with_the_list_price_then(self):
        rows = customer_price_rows(self.taiyue.pk)

        self.assertEqual(
            [(r.price.valid_from, r.price.price, r.list_price) for r in rows],
            [
                (date(2027, 3, 1), D("95.00"), D("100.00")),
                (date(2027, 10, 1), D("90.00"), D("110.00")),
            ],
        )
        self.assertEqual(rows[0].discount_percent, D("5.0"))


class MonthTextTests(SimpleTestCase):
    def test_months_are_read_in_the_ways_people_write_them(self):
        for text in ("2027-03", "2027/3", "2027年3月", "2027-03-01", " 2027.03 "):
            with self.subTest(text=text):
                self.assertEqual(month_from_text(text), date(2027, 3, 1))

    def test_anything_else_is_no_month(self):
        for text in ("2027", "2027-13", "2027-03-15", "March", "", "0000-01"):
            with self.subTest(text=text):
                self.assertIsNone(month_from_text(text))
