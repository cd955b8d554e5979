"""A region's agreed prices from a spreadsheet: all saved, or none with each row's problems."""

from datetime import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from customers.models import Customer, CustomerPrice, Product
from tests.base import PersonasTestCase
from tests.planning.test_spreadsheets import csv_bytes, xlsx_bytes

D = Decimal
HEADER = ["客户 Customer", "产品代码 Product code", "价格 Price", "起始月份 Valid from"]


class PriceImportTests(PersonasTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.taiyue = Customer.objects.create(region=cls.shanghai, name="泰岳")
        cls.jinling = Customer.objects.create(region=cls.jiangsu, name="金陵科技")
        cls.product_b = Product.objects.create(code="B", name="产品B", list_price=D("50.00"))

    def setUp(self):
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        self.login(self.alice)
        self.url = reverse("price_import", args=[self.shanghai.pk])

    def upload(self, content: bytes, name="prices.xlsx"):
        return self.client.post(self.url, {"file": SimpleUploadedFile(name, content)})

    def prices(self):
        return sorted(
            (p.customer.name, p.product.code, p.valid_from.isoformat(), p.price)
            for p in CustomerPrice.objects.select_related("customer", "product")
        )

    def test_every_row_is_saved_with_its_month(self):
        CustomerPrice.objects.create(
            customer=self.langtong,
            product=self.product_a,
            price=D("99.00"),
            valid_from=datetime(2027, 1, 1).date(),
        )
        content = xlsx_bytes(
            [
                HEADER,
                ["朗通", "A", 96.5, datetime(2027, 1, 1)],  # replaces the 99.00 of January
                ["泰岳", "b", "48.00", "2027-03"],
                ["泰岳", "A", "1,200", "2027年7月"],
            ],
            sheet="prices",
        )

        response = self.upload(content)

        self.assertRedirects(
            response,
            reverse("customer_list", args=[self.shanghai.pk]),
            fetch_redirect_response=False,
        )
        self.assertEqual(
            self.prices(),
            [
                ("朗通", "A", "2027-01-01", D("96.50")),
                ("泰岳", "A", "2027-07-01", D("1200.00")),
                ("泰岳", "B", "2027-03-01", D("48.00")),
            ],
        )
        self.assertEqual(CustomerPrice.history.filter(history_user=self.alice).count(), 3)

    def test_one_bad_row_saves_nothing_and_each_problem_is_named_by_row_and_column(self):
        content = xlsx_bytes(
            [
                HEADER,
                ["朗通", "A", "96.50", "2027-01"],
                ["金陵科技", "A", "90", "2027-01"],  # another region's customer
                ["泰岳", "X", "-5", "2027-03-15"],
                ["泰岳", "A", "=B2*2", "2027-04"],
            ],
            sheet="prices",
        )

        response = self.upload(content)

        self.assertEqual(response.status_code, 422)
        errors = {
            (e.row, e.column.split(" · ")[0]): e.message for e in response.context["result"].errors
        }
        self.assertEqual(errors[(3, "A")], "“金陵科技” is not a customer of this region.")
        self.assertEqual(errors[(4, "B")], "Unknown product code “X”.")
        self.assertEqual(errors[(4, "C")], "This figure cannot be negative.")
        self.assertIn("first month", errors[(4, "D")])
        self.assertIn("Formulas are not read", errors[(5, "C")])
        self.assertContains(response, "No price was imported", status_code=422)
        self.assertEqual(self.prices(), [])

    def test_a_price_given_twice_for_the_same_month_is_refused(self):
        content = csv_bytes([HEADER, ["朗通", "A", "96", "2027-01"], ["朗通", "A", "95", "2027/1"]])

        response = self.upload(content, name="prices.csv")

        self.assertEqual(response.status_code, 422)
        self.assertIn("already given in row 2", response.context["result"].errors[0].message)
        self.assertEqual(self.prices(), [])

    def test_a_missing_column_is_refused_before_any_row(self):
        response = self.upload(xlsx_bytes([HEADER[:3], ["朗通", "A", "96"]], sheet="prices"))

        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.context["result"].errors[0].message, "This column is missing.")

    def test_a_workbook_without_the_prices_sheet_is_refused_at_the_file(self):
        response = self.upload(xlsx_bytes([HEADER], sheet="targets"))

        self.assertEqual(response.status_code, 422)
        self.assertIn("no sheet named", response.context["form"].errors["file"][0])

    def test_a_reviewer_may_not_import_prices(self):
        self.login(self.rita)

        response = self.upload(xlsx_bytes([HEADER, ["朗通", "A", "96", "2027-01"]], sheet="prices"))

        self.assertEqual(response.status_code, 403)
        self.assertEqual(self.prices(), [])
