"""The projected P&L and the collections report, checked against figures worked out by hand."""

import re
from decimal import Decimal
from html.parser import HTMLParser
from io import StringIO

from django.core.management import call_command
from django.db.models import Sum
from django.test import TestCase
from django.urls import reverse

from customers.models import Customer, CustomerPrice, Product, User
from planning.models import (
    ActualCollection,
    ActualExpense,
    ActualSale,
    CollectionPlan,
    ExpenseBudget,
    ExpenseLine,
    Plan,
    Target,
)
from planning.numbers import grids, saving
from tests.base import PersonasTestCase

D = Decimal
AMOUNT = re.compile(r"^-?\d{1,3}(,\d{3})*\.\d{2}$")


class TableReader(HTMLParser):
    """The text of every cell, row by row, of the first <table> whose class has `css_class`."""

    def __init__(self, html: str, css_class: str):
        super().__init__()
        self.css_class = css_class
        self.rows: list[list[str]] = []
        self._depth = 0  # > 0 inside the wanted table
        self._cell: list[str] | None = None
        self._done = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if self._done:
            return
        if tag == "table":
            if self._depth or self.css_class in (dict(attrs).get("class") or "").split():
                self._depth += 1
        elif self._depth and tag == "tr":
            self.rows.append([])
        elif self._depth and tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if not self._depth:
            return
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table":
            self._depth -= 1
            self._done = not self._depth

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def table(response, css_class: str) -> dict[str, list[str]]:
    """The table's body and footer rows, by the label in their first cell."""
    rows = TableReader(response.content.decode(), css_class).rows
    return {row[0]: row[1:] for row in rows if row and row[0]}


def amounts(*values) -> list[str]:
    """Figures as the reports print them: 1,234.50 and -500.00."""
    return [f"{D(value):,.2f}" for value in values]


class HandBuiltPlanTestCase(PersonasTestCase):
    """Shanghai's 2027 plan with two customers, two products, a budget and two months of actuals.

    Product A lists at 100.00 and 泰岳 pays 80.00 for it; product B lists at 33.33.

    Targets (quantity → amount):
      A  朗通  Jan 10 → 1,000.00   Feb 10 → 1,000.00   Mar 5 → 500.00
      A  泰岳  Jan 5 → 400.00      Feb 5 → 400.00
      B  朗通  Jan 3 → 99.99
      B  泰岳  Feb 12 → 399.96     Dec 1.5 → 49.995, half up 50.00
    Income plan: A Jan 1,400.00, Feb 1,400.00, Mar 500.00 = 3,300.00
                 B Jan 99.99, Feb 399.96, Dec 50.00 = 549.95
                 total Jan 1,499.99, Feb 1,799.96, Mar 500.00, Dec 50.00 = 3,849.95
    Expense budget: advertising Jan 300, Feb 300 = 600; salaries Jan–Mar 1,000 = 3,000
                    total Jan 1,300, Feb 1,300, Mar 1,000 = 3,600.00
    Planned profit: Jan 199.99, Feb 499.96, Mar -500.00, Dec 50.00 = 249.95

    Actual sales (amounts): A 朗通 Jan 900, Feb 1,100; A 泰岳 Jan 400;
                            B 朗通 Jan 100; B 泰岳 Feb -50 (a credit note)
    Actual income: A Jan 1,300, Feb 1,100 = 2,400; B Jan 100, Feb -50 = 50;
                   total Jan 1,400, Feb 1,050 = 2,450.00
    Actual expenses: advertising Jan 250, Feb 350; salaries Jan 1,000, Feb 1,000
                     total Jan 1,250, Feb 1,350 = 2,600.00
    Actual profit: Jan 150.00, Feb -300.00 = -150.00
    Variance (actual − plan): Jan -49.99, Feb -799.96, year -399.95
    Achievement (actual / plan): Jan 150 / 199.99 = 75.004 % → 75.0 %;
                                 Feb -300 / 499.96 = -60.005 % → -60.0 %;
                                 year -150 / 249.95 = -60.012 % → -60.0 %
    """

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.taiyue = Customer.objects.create(region=cls.shanghai, name="泰岳")
        cls.product_b = Product.objects.create(
            code="B", name="产品B", name_en="Product B", list_price=D("33.33")
        )
        CustomerPrice.objects.create(customer=cls.taiyue, product=cls.product_a, price=D("80"))
        cls.advertising = ExpenseLine.objects.get(code="advertising")
        cls.salaries = ExpenseLine.objects.get(code="salaries")
        langtong, taiyue = cls.langtong.pk, cls.taiyue.pk

        def save(grid, *cells):
            changes = [grids.CellChange(row, month, raw, 0) for row, month, raw in cells]
            result = saving.save_cells(grid, user=cls.alice, changes=changes)
            assert result.ok, result

        save(
            grids.TargetsByProduct(cls.plan, cls.product_a),
            (langtong, 1, "10"),
            (langtong, 2, "10"),
            (langtong, 3, "5"),
            (taiyue, 1, "5"),
            (taiyue, 2, "5"),
        )
        save(
            grids.TargetsByProduct(cls.plan, cls.product_b),
            (langtong, 1, "3"),
            (taiyue, 2, "12"),
            (taiyue, 12, "1.5"),
        )
        save(
            grids.ExpenseBudgetGrid(cls.plan),
            (cls.advertising.pk, 1, "300"),
            (cls.advertising.pk, 2, "300"),
            *((cls.salaries.pk, month, "1,000") for month in (1, 2, 3)),
        )
        save(
            grids.ActualSalesGrid(cls.plan, cls.product_a),
            (langtong, 1, "900"),
            (langtong, 2, "1,100"),
            (taiyue, 1, "400"),
        )
        save(
            grids.ActualSalesGrid(cls.plan, cls.product_b),
            (langtong, 1, "100"),
            (taiyue, 2, "-50"),
        )
        save(
            grids.ActualExpensesGrid(cls.plan),
            (cls.advertising.pk, 1, "250"),
            (cls.advertising.pk, 2, "350"),
            (cls.salaries.pk, 1, "1,000"),
            (cls.salaries.pk, 2, "1,000"),
        )
        # The collections plan: 朗通 owes 5,000.00 at the start of the year (month 0).
        save(
            grids.CollectionsGrid(cls.plan),
            (langtong, 0, "5,000"),
            (langtong, 1, "1,000"),
            (langtong, 2, "1,000"),
            (langtong, 3, "2,000"),
            (taiyue, 2, "400"),
            (taiyue, 3, "400"),
        )
        save(
            grids.ActualCollectionsGrid(cls.plan),
            (langtong, 1, "800"),
            (langtong, 2, "1,200"),
            (taiyue, 2, "300"),
        )

    def setUp(self):
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        self.login(self.alice)

    def url(self, name: str) -> str:
        return reverse(name, args=[self.plan.pk])


class ProfitAndLossTests(HandBuiltPlanTestCase):
    def pnl_row(self, plan: dict, actual: dict, profit: list[str]) -> list[str]:
        """A P&L row in page order: per product and line plan, actual; totals; profit."""
        lines = list(ExpenseLine.objects.filter(active=True))
        cells = []
        for product in ("A", "B"):
            cells += amounts(plan.get(product, 0), actual.get(product, 0))
        cells += amounts(plan["income"], actual["income"])
        for line in lines:
            cells += amounts(plan.get(line.code, 0), actual.get(line.code, 0))
        cells += amounts(plan["expenses"], actual["expenses"])
        return cells + profit

    def test_the_page_shows_the_hand_calculated_figures(self):
        response = self.client.get(self.url("profit_and_loss"))

        self.assertEqual(response.status_code, 200)
        rows = table(response, "pnl-table")
        self.assertEqual(
            rows["Jan"],
            self.pnl_row(
                {"A": "1400", "B": "99.99", "income": "1499.99"}
                | {"advertising": 300, "salaries": 1000, "expenses": 1300},
                {"A": 1300, "B": 100, "income": 1400}
                | {"advertising": 250, "salaries": 1000, "expenses": 1250},
                [*amounts(199.99, 150, -49.99), "75.0%"],
            ),
        )
        self.assertEqual(
            rows["Feb"],
            self.pnl_row(
                {"A": 1400, "B": "399.96", "income": "1799.96"}
                | {"advertising": 300, "salaries": 1000, "expenses": 1300},
                {"A": 1100, "B": -50, "income": 1050}
                | {"advertising": 350, "salaries": 1000, "expenses": 1350},
                [*amounts("499.96", -300, "-799.96"), "-60.0%"],
            ),
        )
        # March has a plan but no actuals yet: nothing achieved against a loss of 500.00.
        self.assertEqual(
            rows["Mar"],
            self.pnl_row(
                {"A": 500, "income": 500, "salaries": 1000, "expenses": 1000},
                {"income": 0, "expenses": 0},
                [*amounts(-500, 0, 500), "0.0%"],
            ),
        )
        self.assertEqual(
            rows["Dec"],
            self.pnl_row(
                {"B": 50, "income": 50, "expenses": 0},
                {"income": 0, "expenses": 0},
                [*amounts(50, 0, -50), "0.0%"],
            ),
        )
        # A month with neither plan nor actual: no achievement to show.
        self.assertEqual(rows["Jun"][-1], "—")
        self.assertEqual(
            rows["Total (合计)"],
            self.pnl_row(
                {"A": 3300, "B": "549.95", "income": "3849.95"}
                | {"advertising": 600, "salaries": 3000, "expenses": 3600},
                {"A": 2400, "B": 50, "income": 2450}
                | {"advertising": 600, "salaries": 2000, "expenses": 2600},
                [*amounts("249.95", -150, "-399.95"), "-60.0%"],
            ),
        )

    def test_planned_income_is_the_targets_amount_not_typed_twice(self):
        # Raising 泰岳's quantity of B in December from 1.5 to 3 doubles that month's income:
        # 3 × 33.33 = 99.99, and the year's plan income becomes 3,849.95 + 49.99 = 3,899.94.
        grid = grids.TargetsByProduct(self.plan, self.product_b)
        revision = grid.cells()[(self.taiyue.pk, 12)][1]
        saving.save_cells(
            grid, user=self.alice, changes=[grids.CellChange(self.taiyue.pk, 12, "3", revision)]
        )

        rows = table(self.client.get(self.url("profit_and_loss")), "pnl-table")

        self.assertEqual(rows["Dec"][2], "99.99")  # B's plan
        self.assertEqual(rows["Total (合计)"][4], "3,899.94")  # income plan total
        self.assertEqual(
            Target.objects.filter(plan=self.plan).aggregate(total=Sum("amount"))["total"],
            D("3899.94"),
        )

    def test_the_reviewer_reads_the_same_figures(self):
        self.login(self.rita)

        response = self.client.get(self.url("profit_and_loss"))

        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            table(response, "pnl-table")["Total (合计)"][-4:],
            ["249.95", "-150.00", "-399.95", "-60.0%"],
        )
        self.assertNotContains(response, "Edit the expense budget")

    def test_another_regions_manager_cannot_see_the_reports(self):
        self.login(self.bob)

        for name in ("profit_and_loss", "collections_report"):
            with self.subTest(page=name):
                self.assertEqual(self.client.get(self.url(name)).status_code, 404)


class CollectionsReportTests(HandBuiltPlanTestCase):
    """Outstanding at the end of a month = opening + invoiced to date − collected to date, where
    a month's invoiced sales are its actual sales once entered (January and February here), else
    the forecast. Planned collections are shown but never enter the balance.

    朗通: opening 5,000.00; invoiced Jan 900 + 100 = 1,000, Feb 1,100 (actuals), Mar 500
          (forecast); collected Jan 800, Feb 1,200
          → Jan 5,000 + 1,000 − 800 = 5,200; Feb 5,200 + 1,100 − 1,200 = 5,100;
            Mar 5,100 + 500 = 5,600, and so to December
    泰岳: opening 0; invoiced Jan 400, Feb -50 (actuals; its 800 + 399.96 forecast no longer
          counts), Dec 50.00 (forecast); collected Feb 300
          → Jan 400; Feb 400 − 50 − 300 = 50; … Nov 50; Dec 100
    Total: opening 5,000; Jan 5,600; Feb 5,150; Mar–Nov 5,650; Dec 5,700
    """

    def collections_row(self, opening, planned: dict, collected: dict, outstanding: dict):
        cells = amounts(opening)
        for month in range(1, 13):
            cells += amounts(planned.get(month, 0), collected.get(month, 0), outstanding[month])
        return cells + amounts(sum(planned.values()), sum(collected.values()))

    def test_the_outstanding_follows_the_domain_rule(self):
        response = self.client.get(self.url("collections_report"))

        self.assertEqual(response.status_code, 200)
        rows = table(response, "collections-table")
        self.assertEqual(
            rows["朗通"],
            self.collections_row(
                5000,
                {1: 1000, 2: 1000, 3: 2000},
                {1: 800, 2: 1200},
                {1: 5200, 2: 5100} | dict.fromkeys(range(3, 13), 5600),
            ),
        )
        self.assertEqual(
            rows["泰岳"],
            self.collections_row(
                0,
                {2: 400, 3: 400},
                {2: 300},
                {1: 400} | dict.fromkeys(range(2, 12), 50) | {12: 100},
            ),
        )
        self.assertEqual(
            rows["Total (合计)"],
            self.collections_row(
                5000,
                {1: 1000, 2: 1400, 3: 2400},
                {1: 800, 2: 1500},
                {1: 5600, 2: 5150} | dict.fromkeys(range(3, 12), 5650) | {12: 5700},
            ),
        )

    def test_the_ageing_at_the_last_month_with_actuals(self):
        # As of February, collections settle the oldest debt first:
        # 朗通 collected 2,000 of the opening 5,000 → 3,000 over 90 days (the opening's age is
        #      unknown), January's 1,000 is 31–60 days old, February's 1,100 0–30 days.
        # 泰岳 collected 300 and the credit note of 50 settles like a collection: 350 of
        #      January's 400 → 50 is 31–60 days old.
        response = self.client.get(self.url("collections_report"))

        self.assertContains(response, "Ageing of the outstanding at the end of Feb")
        rows = table(response, "ageing-table")
        # 0–30, 31–60, 61–90, over 90, credit, outstanding
        self.assertEqual(rows["朗通"], amounts(1100, 1000, 0, 3000, 0, 5100))
        self.assertEqual(rows["泰岳"], amounts(0, 50, 0, 0, 0, 50))
        self.assertEqual(rows["Total (合计)"], amounts(1100, 1050, 0, 3000, 0, 5150))

    def test_the_balance_matches_the_stored_figures(self):
        opening = CollectionPlan.objects.get(plan=self.plan, month=0).amount
        invoiced = ActualSale.objects.filter(region=self.shanghai, period=self.period).aggregate(
            total=Sum("amount")
        )["total"]
        forecast_later = Target.objects.filter(plan=self.plan, month__gt=2).aggregate(
            total=Sum("amount")
        )["total"]
        collected = ActualCollection.objects.filter(
            region=self.shanghai, period=self.period
        ).aggregate(total=Sum("amount"))["total"]

        rows = table(self.client.get(self.url("collections_report")), "collections-table")

        # 5,000 + (1,400 + 1,050) + (500 + 50) − 2,300 = 5,700
        self.assertEqual(opening + invoiced + forecast_later - collected, D("5700.00"))
        self.assertEqual(rows["Total (合计)"][-3], "5,700.00")  # December's outstanding


class SeededDemoTests(TestCase):
    """The demo organisation on an empty database (the personas would take its plans' places):
    Shanghai's 2027 plan, written by zhang.wei through the grids."""

    @classmethod
    def setUpTestData(cls):
        call_command("seed_demo", stdout=StringIO())
        cls.plan = Plan.objects.get(region__code="SH", period__year=2027)
        cls.manager = User.objects.get(username="zhang.wei")

    def setUp(self):
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        self.client.force_login(self.manager)

    def test_the_pnl_plan_totals_are_the_sums_of_the_targets_and_the_budget(self):
        income = Target.objects.filter(plan=self.plan).aggregate(total=Sum("amount"))["total"]
        expenses = ExpenseBudget.objects.filter(plan=self.plan).aggregate(total=Sum("amount"))[
            "total"
        ]
        # The action plan's activity budgets are the P&L's market-activities line, typed once.
        expenses += self.plan.activities.aggregate(total=Sum("budget"))["total"] or 0
        self.assertGreater(income, 0)
        self.assertGreater(expenses, 0)

        response = self.client.get(reverse("profit_and_loss", args=[self.plan.pk]))

        self.assertEqual(response.status_code, 200)
        products = response.context["products"]
        lines = response.context["lines"]
        total = table(response, "pnl-table")["Total (合计)"]
        income_plan = total[2 * len(products)]
        expense_plan = total[2 * len(products) + 2 + 2 * len(lines)]
        self.assertEqual(income_plan, f"{income:,.2f}")
        self.assertEqual(expense_plan, f"{expenses:,.2f}")
        self.assertRegex(income_plan, AMOUNT)
        self.assertRegex(expense_plan, AMOUNT)
        self.assertEqual(total[2 * len(products) + 4 + 2 * len(lines)], f"{income - expenses:,.2f}")
        for index, product in enumerate(products):
            with self.subTest(product=product.code):
                planned = Target.objects.filter(plan=self.plan, product=product).aggregate(
                    total=Sum("amount")
                )["total"] or D(0)
                self.assertEqual(total[2 * index], f"{planned:,.2f}")
        actual_expenses = ActualExpense.objects.filter(
            region=self.plan.region, period=self.plan.period
        ).aggregate(total=Sum("amount"))["total"] or D(0)
        self.assertEqual(total[2 * len(products) + 3 + 2 * len(lines)], f"{actual_expenses:,.2f}")

    def test_the_collections_pages_open_with_the_demo_opening_balances(self):
        self.assertTrue(CollectionPlan.objects.filter(plan=self.plan, month=0).exists())

        for name in ("collections_plan", "collections_report"):
            with self.subTest(page=name):
                response = self.client.get(reverse(name, args=[self.plan.pk]))

                self.assertEqual(response.status_code, 200)
