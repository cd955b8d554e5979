"""Money stays exact: random amounts go through an import, the database and both exports
unchanged, every total equals the sum of its cells, and no float is met on the way
(issue 9, item 12)."""

import csv
import io
import random
from decimal import Decimal

import openpyxl
from django.db import connection
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from customers.models import Customer, CustomerPrice, Product
from planning.models import CollectionPlan, Target
from planning.numbers import grids, reports, rollups, saving
from planning.spreadsheets import imports as spreadsheet_imports
from planning.spreadsheets import layouts as spreadsheets
from salesplan.exact_sums import ExactSum
from salesplan.money import CENT, quantize_money
from tests.base import PersonasMixin

CUSTOMERS = 100
NEAR_LIMIT = Decimal("999999999999.37")
LAYOUT = spreadsheets.LAYOUTS["collections"]
MONTHS = LAYOUT.months  # the opening balance (0) and January–December
EDGES = [
    Decimal("0.01"),
    Decimal("0.05"),
    Decimal("0.10"),
    Decimal("0.29"),
    Decimal("1.005").quantize(CENT),
    Decimal("2.675"),
    Decimal("90071992547.41"),
    Decimal("123456789012.34"),
    Decimal("999999999999.99"),
    Decimal("999999999999.98"),
    Decimal("100000000000.01"),
    Decimal("0.00"),
]


def amounts(seed: int, count: int) -> list[Decimal]:
    """`count` amounts of two places below 10^12: the edge cases first, then spread over every
    magnitude (a cent, thousands, billions) so that float rounding would show."""
    rng = random.Random(seed)
    values = [quantize_money(edge) for edge in EDGES]
    while len(values) < count:
        digits = rng.randint(1, 14)
        values.append(Decimal(rng.randrange(10 ** (digits - 1), 10**digits)) / 100)
    rng.shuffle(values)
    return values[:count]


def excel_file(customers, values, product: str) -> bytes:
    """The amounts as Excel stores them: IEEE doubles in number cells."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = LAYOUT.sheet
    sheet.append([c.label for c in LAYOUT.key_columns() + LAYOUT.value_columns()])
    for index, customer in enumerate(customers):
        row = values[index * len(MONTHS) : (index + 1) * len(MONTHS)]
        sheet.append([customer.name, product, *(float(value) for value in row)])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


class MoneyRoundTripTests(PersonasMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        Customer.objects.bulk_create(
            Customer(region=cls.shanghai, name=f"客户{index:03d}") for index in range(CUSTOMERS - 1)
        )
        cls.customers = list(Customer.objects.filter(region=cls.shanghai).order_by("pk"))

    def stored(self) -> dict[tuple[int, int], Decimal]:
        return {
            (c, m): a
            for c, m, a in CollectionPlan.objects.filter(
                plan=self.plan, product=self.product_a
            ).values_list("customer", "month", "amount")
        }

    @settings(
        max_examples=8,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(seed=st.integers(min_value=0, max_value=2**32))
    def test_amounts_round_trip_through_import_storage_and_export_exactly(self, seed):
        values = amounts(seed, CUSTOMERS * len(MONTHS))  # 1,300 amounts; 10,400 in 8 runs
        wanted = {
            (customer.pk, month): values[index * len(MONTHS) + position]
            for index, customer in enumerate(self.customers)
            for position, month in enumerate(MONTHS)
        }

        # Import: an Excel file of doubles, read and applied by the app.
        preview = spreadsheet_imports.read_import(
            LAYOUT,
            self.plan,
            name="amounts.xlsx",
            data=excel_file(self.customers, values, self.product_a.code),
        )
        self.assertTrue(preview.ok, preview.errors[:3])
        result = spreadsheet_imports.import_apply(
            layout=LAYOUT,
            plan=self.plan,
            user=self.alice,
            cells=[
                (c.product, c.measure, c.row, c.month, str(c.new), c.revision)
                for c in preview.changes()
            ],
        )
        self.assertTrue(result.ok)

        # Storage: every amount as it was, and a Decimal.
        stored = self.stored()
        nonzero = {key: value for key, value in wanted.items() if value}
        self.assertEqual({k: v for k, v in stored.items() if v}, nonzero)
        self.assertTrue(all(type(value) is Decimal for value in stored.values()))

        # Exports: the .xlsx read back by the app finds nothing to change; the CSV holds the
        # amounts as written.
        exported = spreadsheets.export_xlsx(LAYOUT, self.plan)
        again = spreadsheet_imports.read_import(LAYOUT, self.plan, name="back.xlsx", data=exported)
        self.assertTrue(again.ok)
        self.assertEqual(again.changes(), [], "an exported amount came back different")
        rows = list(
            csv.reader(io.StringIO(spreadsheets.export_csv(LAYOUT, self.plan).decode("utf-8-sig")))
        )
        by_name = {customer.name: customer.pk for customer in self.customers}
        for row in rows[1:]:
            if row[1] != self.product_a.code:  # another product: nothing collected for it
                self.assertFalse(any(row[2:]), row)
                continue
            for month, text in zip(MONTHS, row[2:], strict=True):
                expected = wanted[(by_name[row[0]], month)]
                if text:
                    self.assertEqual(Decimal(text), expected)
                else:
                    self.assertFalse(expected)

        # Totals: summed by the database, by pandas and by Python, all exact and alike.
        self.assert_totals_exact(wanted)

    def assert_totals_exact(self, wanted: dict[tuple[int, int], Decimal]) -> None:
        grid = grids.CollectionsGrid(self.plan, self.product_a)
        rows = [customer.pk for customer in self.customers]
        in_year = {key: value for key, value in wanted.items() if key[1] != 0}
        row_sums = {
            row: sum((v for (r, _m), v in in_year.items() if r == row), Decimal(0)) for row in rows
        }
        month_sums = {
            m: sum((v for (_r, mm), v in wanted.items() if mm == m), Decimal(0)) for m in MONTHS
        }
        grand = sum(in_year.values(), Decimal(0))

        totals = grid.totals(rows)
        self.assertEqual({r: totals.row_totals.get(r, Decimal(0)) for r in rows}, row_sums)
        self.assertEqual(
            {m: totals.month_totals[m] for m in range(1, 13)},
            {m: month_sums[m] for m in range(1, 13)},
        )
        self.assertEqual(totals.grand_total, grand)
        pandas_totals = rollups.grid_totals((r, m, v) for (r, m), v in in_year.items())
        self.assertEqual(pandas_totals.grand_total, grand)
        database = CollectionPlan.objects.filter(plan=self.plan).aggregate(total=ExactSum("amount"))
        self.assertEqual(database["total"], sum(wanted.values(), Decimal(0)))
        self.assertIs(type(database["total"]), Decimal)


class TargetTotalsTests(PersonasMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.customers = [cls.langtong] + [
            Customer.objects.create(region=cls.shanghai, name=f"客户{i}") for i in range(19)
        ]
        cls.product_b = Product.objects.create(code="B", name="产品B", list_price=Decimal("0.07"))
        CustomerPrice.objects.create(
            customer=cls.langtong, product=cls.product_b, price=Decimal("13.33")
        )

    @settings(max_examples=10, deadline=None, derandomize=True)
    @given(
        quantities=st.lists(
            st.decimals(min_value=0, max_value=Decimal("9999999.99"), places=2),
            min_size=20 * 12,
            max_size=20 * 12,
        )
    )
    def test_target_totals_equal_the_sum_of_their_cells(self, quantities):
        grid = grids.TargetsByProduct(self.plan, self.product_b)
        changes = [
            grids.CellChange(customer.pk, month, str(quantities[index * 12 + month - 1]), 0)
            for index, customer in enumerate(self.customers)
            for month in range(1, 13)
        ]
        Target.objects.filter(plan=self.plan).delete()

        result = saving.save_cells(grid, user=self.alice, changes=changes)

        self.assertTrue(result.ok)
        cell_amounts = list(Target.objects.filter(plan=self.plan).values_list("amount", flat=True))
        self.assertTrue(all(type(a) is Decimal and a == a.quantize(CENT) for a in cell_amounts))
        expected = sum(cell_amounts, Decimal(0))
        self.assertEqual(reports.summary_figures(self.plan).target, expected)
        self.assertEqual(
            Target.objects.filter(plan=self.plan).aggregate(t=ExactSum("amount"))["t"]
            or Decimal(0),
            expected,
        )


class FloatSumRegressionTests(PersonasMixin, TestCase):
    """Why ExactSum: on SQLite, SUM() adds floats and big totals come out wrong."""

    def test_a_plain_sum_on_sqlite_loses_cents_that_exact_sum_keeps(self):
        if connection.vendor != "sqlite":
            self.skipTest("PostgreSQL's numeric SUM is exact already")
        customers = [
            Customer.objects.create(region=self.shanghai, name=f"大客户{i}") for i in range(20)
        ]
        # 240 amounts just under the limit, each with 37 cents: 2.4 × 10^14 with 80 cents.
        cells = [
            CollectionPlan(
                plan=self.plan, customer=c, product=self.product_a, month=m, amount=NEAR_LIMIT - m
            )
            for c in customers
            for m in range(1, 13)
        ]
        CollectionPlan.objects.bulk_create(cells)
        exact = sum((cell.amount for cell in cells), Decimal(0))

        plain = CollectionPlan.objects.aggregate(t=Sum("amount"))["t"]
        fixed = CollectionPlan.objects.aggregate(t=ExactSum("amount"))["t"]

        self.assertNotEqual(plain, exact, "SQLite's float SUM happened to be exact")
        self.assertEqual(fixed, exact)
