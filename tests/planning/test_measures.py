"""Each disagreement a new headquarters reviewer met in the demo, named, against the one
definition of each figure (planning/numbers/measures.py): every one of these failed before."""

import io
from decimal import Decimal

from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from customers.models import Customer, Period, Product
from planning.models import Activity, ActualSale, OpeningBalance, Plan
from planning.numbers import grids, reports, saving
from tests.base import PersonasTestCase
from tests.planning.test_numbers_reports import TableReader, statement

D = Decimal


def save(grid, user, *cells):
    changes = [grids.CellChange(row, month, raw, 0) for row, month, raw in cells]
    result = saving.save_cells(grid, user=user, changes=changes)
    assert result.ok, result


class MeasuresTestCase(PersonasTestCase):
    """上海 plans 2027: 朗通 buys product A (list 100.00) 10 a month all year → 12,000.00.
    Last year (2026): actuals January–October 800.00 a month (8,000.00); the approved 2026 plan
    had 1,000.00 a month, so November–December add 2,000.00: last year = 10,000.00, and the
    target grows 20.0 % over it (not 50.0 % over the ten months' actuals)."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.previous = Period.objects.create(year=2026)
        cls.previous_plan = Plan.objects.create(region=cls.shanghai, period=cls.previous)
        save(
            grids.TargetsByProduct(cls.previous_plan, cls.product_a),
            cls.alice,
            *((cls.langtong.pk, month, "10") for month in range(1, 13)),
        )
        Plan.objects.filter(pk=cls.previous_plan.pk).update(state=Plan.State.APPROVED)
        for month in range(1, 11):
            ActualSale.objects.create(
                region=cls.shanghai,
                period=cls.previous,
                customer=cls.langtong,
                product=cls.product_a,
                month=month,
                quantity=D(8),
                amount=D("800.00"),
            )
        save(
            grids.TargetsByProduct(cls.plan, cls.product_a),
            cls.alice,
            *((cls.langtong.pk, month, "10") for month in range(1, 13)),
        )

    def setUp(self):
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    def rollup_row(self, code: str = "SH") -> list[str]:
        self.login(self.rita)
        response = self.client.get(reverse("rollup", args=[2027]))
        rows = TableReader(response.content.decode(), "rollup-table").rows
        return next(row for row in rows if row[0].startswith(("Shanghai", "上海")))


class LastYearTests(MeasuresTestCase):
    def test_last_year_is_the_whole_previous_year_estimated_while_it_is_open(self):
        line = reports.summary_figures(self.plan)
        self.assertEqual(line.last_year, D("10000.00"))
        self.assertEqual(line.growth, D("20.0"))
        with translation.override("en"):
            label = line.last_year_rule.label
        self.assertEqual(label, "2026 estimate: months 1–10 actual + 11–12 plan")
        with translation.override("zh-hans"):
            self.assertEqual(line.last_year_rule.label, "2026 年预计：1–10 月实际 + 11–12 月计划")

    def test_the_rule_travels_with_growth_on_the_plan_page_and_at_headquarters(self):
        self.login(self.alice)
        page = self.client.get(reverse("plan_detail", args=[self.plan.pk]))
        self.assertContains(page, "20.0%")
        self.assertContains(page, "2026 estimate: months 1–10 actual + 11–12 plan")
        row = self.rollup_row()
        # Region, state, target, last year, growth, …
        self.assertEqual(row[2:5], ["12,000.00", "10,000.00", "20.0%"])
        hq = self.client.get(reverse("rollup", args=[2027]))
        self.assertContains(hq, "2026 estimate: months 1–10 actual + 11–12 plan")

    def test_a_closed_year_is_its_actuals(self):
        for month in (11, 12):
            ActualSale.objects.create(
                region=self.shanghai,
                period=self.previous,
                customer=self.langtong,
                product=self.product_a,
                month=month,
                quantity=D(9),
                amount=D("900.00"),
            )
        line = reports.summary_figures(self.plan)
        self.assertEqual(line.last_year, D("9800.00"))
        with translation.override("en"):
            self.assertEqual(line.last_year_rule.label, "2026 actual")


class ProfitTests(MeasuresTestCase):
    def test_headquarters_profit_takes_off_the_activity_budgets_as_the_plans_pnl_does(self):
        Activity.objects.create(
            plan=self.plan,
            work="展会",
            owner="张伟",
            budget=D("1500.00"),
            months=[3, 4, 5],
        )
        Product.objects.filter(pk=self.product_a.pk).update(standard_cost=D("40.00"))
        self.login(self.alice)
        pnl = statement(self.client.get(reverse("profit_and_loss", args=[self.plan.pk])))
        plan_profit = pnl["Expected profit or loss"][0][12]
        # 12,000 − 120 × 40 (cost of goods) − 1,500 (the activity) = 5,700.00
        self.assertEqual(plan_profit, "5,700.00")
        row = self.rollup_row()
        self.assertIn("5,700.00", row)
        self.assertEqual(reports.summary_figures(self.plan).profit_plan, D("5700.00"))


class OutstandingTests(MeasuresTestCase):
    def test_year_end_planned_outstanding_takes_off_the_planned_collections(self):
        save(grids.OpeningBalanceGrid(self.plan), self.alice, (self.langtong.pk, 0, "3,000"))
        save(
            grids.CollectionsGrid(self.plan, self.product_a),
            self.alice,
            *((self.langtong.pk, month, "900") for month in range(1, 13)),
        )
        # 3,000 + 12,000 − 10,800 = 4,200.00 (not 15,000.00)
        self.assertEqual(reports.summary_figures(self.plan).outstanding_plan, D("4200.00"))
        self.login(self.alice)
        lines = statement(
            self.client.get(reverse("collections_report", args=[self.plan.pk])),
            "collections-table",
        )
        self.assertEqual(lines["朗通"][0][-1], "4,200.00")
        self.assertIn("4,200.00", self.rollup_row())

    def test_an_opening_balance_is_not_aged_rather_than_over_90_days(self):
        OpeningBalance.objects.create(
            plan=self.plan, customer=self.langtong, month=0, amount=D("3000.00")
        )
        line = reports.summary_figures(self.plan)
        self.assertEqual(line.ageing.not_aged, D("3000.00"))
        self.assertEqual(line.ageing.over_90, D("0.00"))


class EmptyPeriodTests(MeasuresTestCase):
    def test_before_the_year_has_actuals_achievement_and_variance_are_dashes_everywhere(self):
        line = reports.summary_figures(self.plan)
        self.assertIsNone(line.achievement)
        self.assertIsNone(line.variance)
        row = self.rollup_row()
        # target to date, actual to date, achievement
        self.assertEqual(row[5:8], ["0.00", "—", "—"])
        self.assertEqual(row[-1], "—")  # profit to date
        self.login(self.alice)
        pnl = statement(self.client.get(reverse("profit_and_loss", args=[self.plan.pk])))
        self.assertEqual(pnl["Income"][0][-2:], ["—", "—"])


class UnitTests(MeasuresTestCase):
    def test_a_customers_products_in_different_units_are_not_added_up(self):
        machine = Product.objects.create(code="M", name="主机", unit="台", list_price=D("5000"))
        save(grids.TargetsByProduct(self.plan, machine), self.alice, (self.langtong.pk, 1, "2"))
        self.login(self.alice)
        response = self.client.get(
            reverse("targets_by_customer", args=[self.plan.pk, self.langtong.pk])
        )
        footer = TableReader(response.content.decode(), "grid-table").rows
        total = next(row for row in footer if row and row[0].startswith("Total"))
        # January: 10 件 of A and 2 台 of the machine — no "12" anywhere in the total row.
        self.assertEqual(total[1], "")
        self.assertNotIn("122", total)
        # The amounts do add up: 12,000.00 + 10,000.00.
        self.assertIn("22,000.00", total)

    def test_the_product_table_shows_each_quantity_with_its_unit_and_no_quantity_total(self):
        by_product, total = reports.targets_by_product(self.plan)
        self.assertEqual(by_product[0].target_quantity, D("120"))
        self.assertIsNone(total.target_quantity)


class ExportTests(MeasuresTestCase):
    def test_the_pnl_and_the_collections_report_export_as_workbooks(self):
        self.login(self.alice)
        for name, title in (
            ("profit_and_loss", "Projected P&L"),
            ("collections_report", "Collections plan"),
        ):
            with self.subTest(report=name):
                response = self.client.get(reverse(name, args=[self.plan.pk]), {"format": "xlsx"})
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response["Cache-Control"], "private, no-store")
                sheet = load_workbook(io.BytesIO(response.content)).active
                self.assertTrue(str(sheet["A1"].value).startswith(title))
                values = [cell.value for row in sheet.iter_rows() for cell in row]
                self.assertIn("CNY; achievement in percent", values)
                self.assertIsNotNone(sheet.freeze_panes)

    def test_the_pnl_workbook_carries_the_pages_figures(self):
        self.login(self.alice)
        response = self.client.get(
            reverse("profit_and_loss", args=[self.plan.pk]), {"format": "xlsx"}
        )
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
        income = next(row for row in rows if row[0] == "Income" and row[1] == "Plan")
        self.assertEqual(income[2:15], [D("1000.00")] * 12 + [D("12000.00")])
        bold = next(row for row in sheet.iter_rows() if row[0].value == "Income")[0].font.bold
        self.assertTrue(bold)


class CustomerLinesTests(MeasuresTestCase):
    def test_a_customer_of_another_region_never_appears(self):
        Customer.objects.create(region=self.jiangsu, name="其他")
        _rows, total = reports.targets_by_customer(self.plan)
        self.assertEqual(total.target, D("12000.00"))
