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
    OpeningBalance,
    Plan,
    Target,
)
from planning.numbers import actual_grids, grids, saving
from tests.base import PersonasTestCase

D = Decimal
AMOUNT = re.compile(r"^-?\d{1,3}(,\d{3})*\.\d{2}$")


class TableReader(HTMLParser):
    """The text of every cell, row by row, of the first <table> whose class has `css_class`;
    a roll-up signal's symbol and word (they say the colour, not the figure) are left out."""

    SIGNAL = frozenset({"signal-symbol", "signal-word"})

    def __init__(self, html: str, css_class: str):
        super().__init__()
        self.css_class = css_class
        self.rows: list[list[str]] = []
        self._depth = 0  # > 0 inside the wanted table
        self._cell: list[str] | None = None
        self._done = False
        self._skip = 0  # > 0 inside a signal's symbol or word
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
        elif self._cell is not None and tag == "span":
            classes = set((dict(attrs).get("class") or "").split())
            if self._skip or classes & self.SIGNAL:
                self._skip += 1

    def handle_endtag(self, tag):
        if not self._depth:
            return
        if tag == "span" and self._skip:
            self._skip -= 1
        elif tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table":
            self._depth -= 1
            self._done = not self._depth

    def handle_data(self, data):
        if self._cell is not None and not self._skip:
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
            actual_grids.ActualSalesGrid(cls.plan, cls.product_a),
            (langtong, 1, "900"),
            (langtong, 2, "1,100"),
            (taiyue, 1, "400"),
        )
        save(
            actual_grids.ActualSalesGrid(cls.plan, cls.product_b),
            (langtong, 1, "100"),
            (taiyue, 2, "-50"),
        )
        save(
            actual_grids.ActualExpensesGrid(cls.plan),
            (cls.advertising.pk, 1, "250"),
            (cls.advertising.pk, 2, "350"),
            (cls.salaries.pk, 1, "1,000"),
            (cls.salaries.pk, 2, "1,000"),
        )
        # The collections plan: 朗通 owes 5,000.00 at the start of the year (month 0).
        save(grids.OpeningBalanceGrid(cls.plan), (langtong, 0, "5,000"))
        # Collections by customer × product: 朗通 pays for A and for B.
        save(
            grids.CollectionsGrid(cls.plan, cls.product_a),
            (langtong, 1, "1,000"),
            (langtong, 2, "600"),
            (langtong, 3, "2,000"),
            (taiyue, 2, "400"),
            (taiyue, 3, "400"),
        )
        save(grids.CollectionsGrid(cls.plan, cls.product_b), (langtong, 2, "400"))
        save(
            actual_grids.ActualCollectionsGrid(cls.plan, cls.product_a),
            (langtong, 1, "800"),
            (langtong, 2, "1,000"),
            (taiyue, 2, "300"),
        )
        save(actual_grids.ActualCollectionsGrid(cls.plan, cls.product_b), (langtong, 2, "200"))

    def setUp(self):
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        self.login(self.alice)

    def url(self, name: str) -> str:
        return reverse(name, args=[self.plan.pk])


def statement(response, css_class: str = "pnl-table") -> dict[str, tuple[list[str], list[str]]]:
    """A plan-above-actual table (the P&L, the collections plan) by each line's label: the plan
    row's cells after its "Plan" label, and the actual row's cells after its "Actual" label. In
    the collections plan a customer's line is its "All products" row, and its products' lines
    are labelled "customer · product"."""
    rows = TableReader(response.content.decode(), css_class).rows
    lines, label, customer = {}, None, None
    for row in rows:
        at = next((i for i, cell in enumerate(row[:4]) if cell.startswith("Plan")), None)
        if at is not None and at > 0:
            if len(row) > 1 and row[1] == "All products":
                customer = label = row[0]
            elif at == 2 and customer is not None:
                label = f"{customer} · {row[0]}"
            else:
                label = row[0]
            lines[label] = (row[at + 1 :], [])
        elif row and row[0].startswith(("Actual", "Collected")) and label is not None:
            lines[label] = (lines[label][0], row[1:])
    return lines


NO_ACTUAL = ["—"] * 10  # March to December: no actuals yet


class ProfitAndLossTests(HandBuiltPlanTestCase):
    """The P&L statement: each line's plan above its actual, months across (as in the print).
    Actuals are entered for January and February, so the year's variance and achievement compare
    the actual with the plan of January–February; later months show "—", never 0."""

    def test_the_page_shows_the_hand_calculated_figures(self):
        response = self.client.get(self.url("profit_and_loss"))

        self.assertEqual(response.status_code, 200)
        lines = statement(response)
        plan, actual = lines["Product B"]
        self.assertEqual(
            # To date: 50 actual against 99.99 + 399.96 planned.
            plan,
            amounts("99.99", "399.96", *[0] * 9, 50, "549.95") + ["-449.95", "10.0%"],
        )
        self.assertEqual(actual, amounts(100, -50) + NO_ACTUAL + amounts(50))
        plan, actual = lines["Income"]
        # Plan to date 1,499.99 + 1,799.96 = 3,299.95; actual 2,450: −849.95, 74.2 %.
        self.assertEqual(
            plan,
            amounts("1499.99", "1799.96", 500, *[0] * 8, 50, "3849.95") + ["-849.95", "74.2%"],
        )
        self.assertEqual(actual, amounts(1400, 1050) + NO_ACTUAL + amounts(2450))
        # No product has a standard cost: cost of goods 0, gross profit = income.
        self.assertEqual(lines["Cost of goods"][0][-3:], ["0.00", "0.00", "—"])
        self.assertEqual(lines["Gross profit"][0], lines["Income"][0])
        plan, actual = lines["Expenses"]
        self.assertEqual(plan, amounts(1300, 1300, 1000, *[0] * 9, 3600) + ["0.00", "100.0%"])
        self.assertEqual(actual, amounts(1250, 1350) + NO_ACTUAL + amounts(2600))
        plan, actual = lines["Expected profit or loss"]
        # Plan to date 199.99 + 499.96 = 699.95; actual −150: −849.95, −21.4 %.
        self.assertEqual(
            plan,
            amounts("199.99", "499.96", -500, *[0] * 8, 50, "249.95") + ["-849.95", "-21.4%"],
        )
        self.assertEqual(actual, amounts(150, -300) + NO_ACTUAL + amounts(-150))

    def test_before_any_actuals_variance_and_achievement_are_dashes(self):
        # Empty figures never read as results: without actuals, no 0.0 % and no −plan.
        ActualSale.objects.filter(region=self.shanghai).delete()
        ActualExpense.objects.filter(region=self.shanghai).delete()

        response = self.client.get(self.url("profit_and_loss"))

        plan, actual = statement(response)["Expected profit or loss"]
        self.assertEqual(plan[-2:], ["—", "—"])
        self.assertEqual(actual, ["—"] * 13)
        chapter = self.client.get(reverse("plan_detail", args=[self.plan.pk]))
        self.assertNotContains(chapter, "0.0%")

    def test_cost_of_goods_is_the_standard_cost_times_the_quantity(self):
        Product.objects.filter(pk=self.product_a.pk).update(standard_cost=D("60"))

        lines = statement(self.client.get(self.url("profit_and_loss")))

        # Product A: plan Jan 15 × 60 = 900, Feb 15 × 60 = 900, Mar 5 × 60 = 300 → 2,100.
        plan, actual = lines["Cost of goods"]
        self.assertEqual(plan[:3], amounts(900, 900, 300))
        self.assertEqual(plan[12], "2,100.00")
        # Gross profit plan = 3,849.95 − 2,100 = 1,749.95; profit = 1,749.95 − 3,600 = −1,850.05.
        self.assertEqual(lines["Gross profit"][0][12], "1,749.95")
        self.assertEqual(lines["Expected profit or loss"][0][12], "-1,850.05")

    def test_planned_income_is_the_targets_amount_not_typed_twice(self):
        # Raising 泰岳's quantity of B in December from 1.5 to 3 doubles that month's income:
        # 3 × 33.33 = 99.99, and the year's plan income becomes 3,849.95 + 49.99 = 3,899.94.
        grid = grids.TargetsByProduct(self.plan, self.product_b)
        revision = grid.cells()[(self.taiyue.pk, 12)][1]
        saving.save_cells(
            grid, user=self.alice, changes=[grids.CellChange(self.taiyue.pk, 12, "3", revision)]
        )

        lines = statement(self.client.get(self.url("profit_and_loss")))

        self.assertEqual(lines["Product B"][0][11], "99.99")  # B's December plan
        self.assertEqual(lines["Income"][0][12], "3,899.94")
        self.assertEqual(
            Target.objects.filter(plan=self.plan).aggregate(total=Sum("amount"))["total"],
            D("3899.94"),
        )

    def test_the_reviewer_reads_the_same_figures(self):
        self.login(self.rita)

        response = self.client.get(self.url("profit_and_loss"))

        self.assertEqual(response.status_code, 200)
        plan, actual = statement(response)["Expected profit or loss"]
        self.assertEqual(plan[-3:], ["249.95", "-849.95", "-21.4%"])
        self.assertEqual(actual[-1], "-150.00")
        self.assertNotContains(response, "Edit the expense budget")

    def test_another_regions_manager_cannot_see_the_reports(self):
        self.login(self.bob)

        for name in ("profit_and_loss", "collections_report"):
            with self.subTest(page=name):
                self.assertEqual(self.client.get(self.url(name)).status_code, 404)


class CollectionsReportTests(HandBuiltPlanTestCase):
    """The deck's collections plan: each customer's planned collections (计划) above the actual
    ones (实收), the year's total and the outstanding (总欠款): planned = opening + the targets
    − the planned collections (at the year's end), actual = opening + actual sales − actual
    collections (at February, the latest month with actuals).

    朗通: opening 5,000; targets 2,599.99; planned 4,000 → planned outstanding 3,599.99;
          sales 2,100, collected 2,000 → actual outstanding 5,100
    泰岳: targets 1,249.96; planned 800 → 449.96; sales 350, collected 300 → 50
    Total: planned outstanding 4,049.95, actual 5,150
    """

    def test_the_outstanding_follows_the_domain_rule(self):
        response = self.client.get(self.url("collections_report"))

        self.assertEqual(response.status_code, 200)
        lines = statement(response, "collections-table")
        plan, actual = lines["朗通"]
        self.assertEqual(plan, amounts(5000, 1000, 1000, 2000, *[0] * 9, 4000, "3599.99"))
        self.assertEqual(actual, amounts(800, 1200) + NO_ACTUAL + amounts(2000, 5100))
        plan, actual = lines["泰岳"]
        self.assertEqual(plan, amounts(0, 0, 400, 400, *[0] * 9, 800, "449.96"))
        self.assertEqual(actual, amounts(0, 300) + NO_ACTUAL + amounts(300, 50))
        plan, actual = lines["Total"]
        self.assertEqual(plan, amounts(5000, 1000, 1400, 2400, *[0] * 9, 4800, "4049.95"))
        self.assertEqual(actual, amounts(800, 1500) + NO_ACTUAL + amounts(2300, 5150))

    def test_each_customer_lists_its_products_with_their_quantity_plan_and_actual(self):
        # The deck's rows are customer × product (客户, 产品, 数量): 朗通's row is the sum of its
        # products'; the outstanding is the customer's (its debt), not a product's.
        response = self.client.get(self.url("collections_report"))
        lines = statement(response, "collections-table")

        plan, actual = lines["朗通 · Product A"]
        self.assertEqual(plan, ["", *amounts(1000, 600, 2000, *[0] * 9, 3600), ""])
        self.assertEqual(actual, amounts(800, 1000) + NO_ACTUAL + amounts(1800))
        plan, actual = lines["朗通 · Product B"]
        self.assertEqual(plan, ["", *amounts(0, 400, 0, *[0] * 9, 400), ""])
        self.assertEqual(actual, amounts(0, 200) + NO_ACTUAL + amounts(200))
        # The quantity is the year's target of the product in its own unit: 10 + 10 + 5.
        rows = TableReader(response.content.decode(), "collections-table").rows
        langtong = next(i for i, row in enumerate(rows) if row[:2] == ["朗通", "All products"])
        product_a = next(row for row in rows[langtong:] if row[0] == "Product A")
        self.assertEqual(product_a[1], f"25 {self.product_a.unit}".strip())

    def test_the_collections_grid_takes_one_products_collections(self):
        url = self.url("collections_plan")
        page = self.client.get(url, {"product": self.product_b.pk})

        self.assertContains(page, f'href="?product={self.product_a.pk}"')
        self.assertContains(page, 'aria-current="page">Product B')
        self.assertContains(page, 'value="400.00"')
        self.assertEqual(self.client.get(url, {"product": "abc"}).status_code, 400)
        self.assertEqual(self.client.get(url, {"product": "987654"}).status_code, 404)

    def test_the_total_shows_the_outstanding_month_by_month(self):
        rows = TableReader(
            self.client.get(self.url("collections_report")).content.decode(), "collections-table"
        ).rows
        planned = next(row for row in rows if row[0] == "Outstanding, plan")
        actual = next(row for row in rows if row[0] == "Outstanding, actual")
        # Jan 5,000 + 1,499.99 − 1,000; Feb + 1,799.96 − 1,400; Mar + 500 − 2,400; Dec + 50.
        self.assertEqual(
            planned[1:14],
            amounts(5000, "5499.99", "5899.95", *["3999.95"] * 9, "4049.95"),
        )
        self.assertEqual(actual[1:14], amounts(5000, 5600, 5150) + NO_ACTUAL)

    def test_the_ageing_at_the_last_month_with_actuals(self):
        # As of February, collections settle the oldest debt first:
        # 朗通 collected 2,000 of the opening 5,000 → 3,000 not aged (the opening's age is
        #      unknown: never "over 90 days"), January's 1,000 is 31–60 days old, February's
        #      1,100 0–30 days.
        # 泰岳 collected 300 and the credit note of 50 settles like a collection: 350 of
        #      January's 400 → 50 is 31–60 days old.
        response = self.client.get(self.url("collections_report"))

        self.assertContains(response, "Ageing of the outstanding at the end of Feb")
        rows = table(response, "ageing-table")
        # not aged, 0–30, 31–60, 61–90, over 90, credit, outstanding
        self.assertEqual(rows["朗通"], amounts(3000, 1100, 1000, 0, 0, 0, 5100))
        self.assertEqual(rows["泰岳"], amounts(0, 0, 50, 0, 0, 0, 50))
        self.assertEqual(rows["Total"], amounts(3000, 1100, 1050, 0, 0, 0, 5150))

    def test_the_balance_matches_the_stored_figures(self):
        opening = OpeningBalance.objects.get(plan=self.plan, month=0).amount
        invoiced = ActualSale.objects.filter(region=self.shanghai, period=self.period).aggregate(
            total=Sum("amount")
        )["total"]
        collected = ActualCollection.objects.filter(
            region=self.shanghai, period=self.period
        ).aggregate(total=Sum("amount"))["total"]
        targets = Target.objects.filter(plan=self.plan).aggregate(total=Sum("amount"))["total"]
        planned = CollectionPlan.objects.filter(plan=self.plan).aggregate(total=Sum("amount"))[
            "total"
        ]

        lines = statement(self.client.get(self.url("collections_report")), "collections-table")

        plan, actual = lines["Total"]
        self.assertEqual(actual[-1], f"{opening + invoiced - collected:,.2f}")
        self.assertEqual(plan[-1], f"{opening + targets - planned:,.2f}")


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
        costs = dict(Product.objects.values_list("id", "standard_cost"))
        cogs = sum(
            (
                quantity * costs[product]
                for product, quantity in Target.objects.filter(plan=self.plan).values_list(
                    "product_id", "quantity"
                )
            ),
            D(0),
        )
        self.assertGreater(income, 0)
        self.assertGreater(expenses, 0)
        self.assertGreater(cogs, 0)  # the demo's products carry standard costs

        response = self.client.get(reverse("profit_and_loss", args=[self.plan.pk]))

        self.assertEqual(response.status_code, 200)
        lines = statement(response)
        self.assertEqual(lines["Income"][0][12], f"{income:,.2f}")
        self.assertEqual(lines["Cost of goods"][0][12], f"{cogs:,.2f}")
        self.assertEqual(lines["Expenses"][0][12], f"{expenses:,.2f}")
        self.assertEqual(
            lines["Expected profit or loss"][0][12],
            f"{income - cogs - expenses:,.2f}",
        )
        for product in Product.objects.filter(active=True):
            with self.subTest(product=product.code):
                planned = Target.objects.filter(plan=self.plan, product=product).aggregate(
                    total=Sum("amount")
                )["total"] or D(0)
                self.assertEqual(lines[product.display_name][0][12], f"{planned:,.2f}")
        actual_expenses = ActualExpense.objects.filter(
            region=self.plan.region, period=self.plan.period
        ).aggregate(total=Sum("amount"))["total"] or D(0)
        # 2027 has no actuals yet: the actual side reads "—", not 0.00.
        self.assertFalse(ActualSale.objects.filter(period=self.plan.period).exists())
        self.assertEqual(actual_expenses, D(0))
        self.assertEqual(lines["Expenses"][1][-1], "—")

    def test_the_collections_pages_open_with_the_demo_opening_balances(self):
        # Aged by the month of last year they were invoiced in, some of unknown age.
        months = set(OpeningBalance.objects.filter(plan=self.plan).values_list("month", flat=True))
        self.assertTrue({0, 10, 11, 12} <= months, months)

        for name in ("collections_plan", "opening_balances", "collections_report"):
            with self.subTest(page=name):
                response = self.client.get(reverse(name, args=[self.plan.pk]))

                self.assertEqual(response.status_code, 200)
