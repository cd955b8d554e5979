"""Every figure of a plan is the same number wherever it is shown.

Random plans (customers, products with and without a standard cost and in different units, agreed
prices with a mid-year change, targets, last year's actuals and plan, this year's actuals,
opening balances, planned and actual collections, expense budgets, actual expenses and the
activities' budgets) are written through the one write path, and each figure is read back from
every surface that shows it: the plan page (chapters 1, 5 and 8), the P&L page and its workbook,
the collections report and its workbook, headquarters' roll-up and the region's drill-down with
their workbooks, and the printed plan. What each surface must show is worked out here, from the
generated inputs, by the rules of `planning/numbers/measures.py` (ARCHITECTURE.md, "One place per
rule") — never by calling them.
"""

import html
import io
import re
import subprocess
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext

from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase
from openpyxl import load_workbook

from customers.models import Customer, CustomerPrice, Period, Product
from planning.models import Activity, ExpenseLine, Plan
from planning.numbers import actual_grids, grids, saving
from planning.printing.pdf import plan_pdf
from tests.base import PersonasMixin
from tests.planning.test_numbers_reports import TableReader, statement, table

D = Decimal
CENT = D("0.01")
ZERO = D("0.00")
MONTHS = range(1, 13)
YEAR, LAST_YEAR = 2027, 2026
DASH = "—"
# The expense budget grid's lines (the market activities' line is the activities' budgets), and
# the lines actual expenses are entered on.
BUDGET_LINES = ("advertising", "salaries", "relations")
EXPENSE_LINES = (*BUDGET_LINES, "market-activities")
CUSTOMER_NAMES = ("朗通", "泰岳", "天马")  # the first is the personas' 朗通


# -- what a scenario is: plain values, no database objects --------------------------------------


@dataclass(frozen=True)
class ProductSpec:
    code: str
    name_en: str
    unit: str
    whole_units: bool
    list_price: Decimal
    standard_cost: Decimal


@dataclass
class Scenario:
    """A plan's inputs. Keys: c = customer index, p = product index, mo = month. A price
    schedule is ((valid-from year, month), price) pairs; (2000, 1) is "from the start"."""

    products: tuple[ProductSpec, ...]
    customers: int
    prices: dict = field(default_factory=dict)  # (c, p) → schedule
    targets: dict = field(default_factory=dict)  # (c, p, mo) → quantity
    previous_targets: dict = field(default_factory=dict)  # (c, p, mo) → quantity, 2026
    previous_months: int = 0  # k: the latest month with 2026 actuals
    previous_sales: dict = field(default_factory=dict)  # (c, p, mo) → amount, mo ≤ k
    months: int = 0  # m: the latest month with 2027 actuals
    sales: dict = field(default_factory=dict)  # (c, p, mo) → (quantity, amount), mo ≤ m
    # (c, month of last year it was invoiced in; 0 not known) → amount
    openings: dict = field(default_factory=dict)
    planned_collections: dict = field(default_factory=dict)  # (c, mo) → amount
    collections: dict = field(default_factory=dict)  # (c, mo) → amount, also after m
    budgets: dict = field(default_factory=dict)  # (line index, mo) → amount
    expenses: dict = field(default_factory=dict)  # (line index, mo) → amount, mo ≤ m
    activities: tuple = ()  # (start month, end month, budget)


def cents_of(low: int, high: int):
    return st.integers(low, high).map(lambda n: D(n) / 100)


def quantity_of(spec: ProductSpec):
    if spec.whole_units:
        return st.integers(1, 40).map(D)
    return st.integers(1, 160).map(lambda n: (D(n) / 4).quantize(CENT))  # 0.25 t steps


@st.composite
def product_specs(draw, index: int):
    whole = draw(st.booleans())
    return ProductSpec(
        code=f"P{index}",
        name_en=f"Product {index}",
        unit="件" if whole else "吨",
        whole_units=whole,
        list_price=draw(cents_of(100, 90_000)),
        # Odd cents are likely: with quarter quantities a cost of goods can end in half a cent.
        standard_cost=draw(st.one_of(st.just(ZERO), cents_of(1, 40_000))),
    )


@st.composite
def scenarios(draw):
    products = tuple(draw(product_specs(index)) for index in range(draw(st.integers(1, 3))))
    customers = draw(st.integers(1, 3))
    pairs = [(c, p) for c in range(customers) for p in range(len(products))]
    s = Scenario(products=products, customers=customers)
    for pair in pairs:
        kind = draw(st.sampled_from(("list", "agreed", "change", "change-from-list")))
        schedule = []
        if kind in ("agreed", "change"):
            schedule.append(((2000, 1), draw(cents_of(100, 90_000))))
        if kind in ("change", "change-from-list"):
            schedule.append(((YEAR, draw(st.integers(2, 12))), draw(cents_of(100, 90_000))))
        s.prices[pair] = tuple(schedule)

    def cells(keys, values, max_size):
        return draw(st.dictionaries(st.sampled_from(keys), values, max_size=max_size))

    def quantities(max_size):
        chosen = cells([(c, p, mo) for c, p in pairs for mo in MONTHS], st.just(None), max_size)
        return {key: draw(quantity_of(products[key[1]])) for key in chosen}

    s.targets = quantities(14)
    s.previous_targets = quantities(10)
    k = s.previous_months = draw(st.integers(0, 12))
    if k:
        keys = [(c, p, mo) for c, p in pairs for mo in range(1, k + 1)]
        s.previous_sales = cells(keys, cents_of(-20_000, 300_000), 8)
        s.previous_sales[(0, 0, k)] = draw(cents_of(1, 300_000))  # month k has actuals
    m = s.months = draw(st.integers(0, 6))
    if m:
        keys = [(c, p, mo) for c, p in pairs for mo in range(1, m + 1)]
        amounts = st.tuples(st.integers(0, 30).map(D), cents_of(-30_000, 300_000))
        s.sales = cells(keys, amounts, 8)
        # Quarter quantities of a product not counted in whole units.
        s.sales = {
            key: (
                quantity if products[key[1]].whole_units else quantity / 4,
                amount,
            )
            for key, (quantity, amount) in s.sales.items()
        }
        s.sales[(0, 0, m)] = (D(1), draw(cents_of(1, 300_000)))  # month m has actuals
    s.openings = cells(
        [(c, age) for c in range(customers) for age in (0, 6, 10, 11, 12)],
        cents_of(0, 500_000),
        customers + 2,
    )
    s.planned_collections = cells(
        [(c, mo) for c in range(customers) for mo in MONTHS], cents_of(0, 300_000), 10
    )
    # Some collections after month m: "to date" leaves them out.
    s.collections = cells(
        [(c, mo) for c in range(customers) for mo in range(1, min(m + 2, 12) + 1)],
        cents_of(0, 400_000),
        6,
    )
    s.budgets = cells(
        [(line, mo) for line in range(len(BUDGET_LINES)) for mo in MONTHS],
        cents_of(0, 200_000),
        8,
    )
    if m:
        s.expenses = cells(
            [(line, mo) for line in range(len(EXPENSE_LINES)) for mo in range(1, m + 1)],
            cents_of(-5_000, 200_000),
            6,
        )
    s.activities = tuple(
        draw(
            st.lists(
                st.tuples(st.integers(1, 12), st.integers(0, 11), cents_of(0, 500_000)).map(
                    lambda a: (a[0], min(a[0] + a[1], 12), a[2])
                ),
                max_size=3,
            )
        )
    )
    return s


# -- what every surface must show, worked out from the inputs ----------------------------------


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def percent(part: Decimal, base: Decimal) -> Decimal | None:
    if base == 0:
        return None
    with localcontext() as context:
        context.prec = 60
        return (part * 100 / base).quantize(D("0.1"), rounding=ROUND_HALF_UP)


def total(values) -> Decimal:
    return sum(values, ZERO)


def spread(budget: Decimal, start: int, end: int) -> dict[int, Decimal]:
    """An activity's budget over its months: equal whole cents, the leftover cents to the
    earliest months."""
    months = list(range(start, end + 1))
    units = int(budget / CENT)
    each, left = divmod(units, len(months))
    return {mo: D(each + (1 if i < left else 0)) * CENT for i, mo in enumerate(months)}


def aged(opening: dict, invoiced: dict, collected: Decimal, as_of: int) -> dict[str, Decimal]:
    """A customer's debt at the end of month `as_of` by age (the rule in receivables.age's
    docstring): collections settle the oldest debt first: the opening of unknown age (not
    aged), the opening's parts by the month p of last year they were invoiced in (as_of + 12 − p
    months old), the months over 90 days (settled as one, net), then 61–90, 31–60 and 0–30
    days; a negative invoice settles debt as a collection does; what is collected beyond the
    debt is a credit."""
    recent = ("days_0_30", "days_31_60", "days_61_90")
    older = total(invoiced.get(mo, ZERO) for mo in range(1, as_of - 2))
    debts = [("not_aged", opening.get(0, ZERO))]
    for p in sorted(month for month in opening if month):
        months_old = as_of + 12 - p
        debts.append((recent[months_old] if months_old < 3 else "over_90", opening[p]))
    debts.append(("over_90", older))
    for age, mo in (("days_61_90", as_of - 2), ("days_31_60", as_of - 1), ("days_0_30", as_of)):
        debts.append((age, invoiced.get(mo, ZERO) if mo >= 1 else ZERO))
    pool = collected + total(-amount for _, amount in debts if amount < 0)
    buckets = dict.fromkeys(("not_aged", *recent, "over_90"), ZERO)
    for name, amount in debts:
        paid = min(max(pool, ZERO), amount) if amount > 0 else ZERO
        pool -= paid
        buckets[name] += (amount - paid) if amount > 0 else ZERO
    buckets["credit"] = -pool
    buckets["outstanding"] = total(amount for _, amount in debts) - collected
    return buckets


AGE_ORDER = (
    "not_aged",
    "days_0_30",
    "days_31_60",
    "days_61_90",
    "over_90",
    "credit",
    "outstanding",
)


class Expected:
    """Every figure of the scenario, by the rules, in plain sums."""

    def __init__(self, s: Scenario):
        self.s = s
        self.m, self.k = s.months, s.previous_months
        self.target_cells = {
            key: cents(quantity * self.price(key[0], key[1], YEAR, key[2]))
            for key, quantity in s.targets.items()
        }
        self.previous_target_cells = {
            key: cents(quantity * self.price(key[0], key[1], LAST_YEAR, key[2]))
            for key, quantity in s.previous_targets.items()
        }

    def price(self, c: int, p: int, year: int, month: int) -> Decimal:
        """The agreed price with the latest start on or before the month, else the list price."""
        in_force = [
            price for start, price in self.s.prices.get((c, p), ()) if start <= (year, month)
        ]
        return in_force[-1] if in_force else self.s.products[p].list_price

    @staticmethod
    def _match(key, c, p, months) -> bool:
        return (c is None or key[0] == c) and (p is None or key[1] == p) and key[2] in months

    # sales
    def target(self, c=None, p=None, months=MONTHS) -> Decimal:
        return total(v for key, v in self.target_cells.items() if self._match(key, c, p, months))

    def quantity(self, p) -> Decimal:
        return total(q for key, q in self.s.targets.items() if key[1] == p)

    def target_to_date(self, c=None, p=None) -> Decimal:
        return self.target(c, p, range(1, self.m + 1))

    def last_year(self, c=None, p=None) -> Decimal:
        actual = total(
            v for key, v in self.s.previous_sales.items() if self._match(key, c, p, MONTHS)
        )
        planned = total(
            v
            for key, v in self.previous_target_cells.items()
            if self._match(key, c, p, range(self.k + 1, 13))
        )
        return actual + planned

    def growth(self, c=None, p=None) -> Decimal | None:
        last = self.last_year(c, p)
        return percent(self.target(c, p) - last, last)

    def actual(self, c=None, p=None, months=MONTHS) -> Decimal:
        return total(v[1] for key, v in self.s.sales.items() if self._match(key, c, p, months))

    def actual_to_date(self, c=None, p=None) -> Decimal:
        return self.actual(c, p)

    def achievement(self, c=None, p=None) -> Decimal | None:
        if not self.m:
            return None
        return percent(self.actual_to_date(c, p), self.target_to_date(c, p))

    def variance(self, c=None, p=None) -> Decimal | None:
        if not self.m:
            return None
        return self.actual_to_date(c, p) - self.target_to_date(c, p)

    # profit and loss
    def _cost_of_goods(self, quantities, months) -> Decimal:
        """Each product's month: its quantity (all customers) × the standard cost, in cents;
        then the months and products added (the P&L's cells, and their sum everywhere)."""
        by_product_month: dict[tuple, Decimal] = {}
        for (_customer, product, month), quantity in quantities:
            if month in months:
                key = (product, month)
                by_product_month[key] = by_product_month.get(key, ZERO) + quantity
        return total(
            cents(quantity * self.s.products[product].standard_cost)
            for (product, _month), quantity in by_product_month.items()
        )

    def cogs_plan(self, months=MONTHS) -> Decimal:
        return self._cost_of_goods(self.s.targets.items(), months)

    def cogs_actual(self, months=MONTHS) -> Decimal:
        return self._cost_of_goods(((key, v[0]) for key, v in self.s.sales.items()), months)

    def budget(self, line=None, months=MONTHS) -> Decimal:
        return total(
            v
            for (each, mo), v in self.s.budgets.items()
            if (line is None or each == line) and mo in months
        )

    def activities(self, months=MONTHS) -> Decimal:
        return total(
            amount
            for start, end, budget in self.s.activities
            for mo, amount in spread(budget, start, end).items()
            if mo in months
        )

    def expenses_plan(self, months=MONTHS) -> Decimal:
        return self.budget(months=months) + self.activities(months)

    def expense_actual(self, line=None, months=MONTHS) -> Decimal:
        return total(
            v
            for (each, mo), v in self.s.expenses.items()
            if (line is None or each == line) and mo in months
        )

    def gross_profit_plan(self, months=MONTHS) -> Decimal:
        return self.target(months=months) - self.cogs_plan(months)

    def profit_plan(self, months=MONTHS) -> Decimal:
        return self.gross_profit_plan(months) - self.expenses_plan(months)

    def profit_actual_to_date(self) -> Decimal | None:
        if not self.m:
            return None
        return self.actual_to_date() - self.cogs_actual() - self.expense_actual()

    # receivables
    def opening(self, c=None) -> Decimal:
        return total(v for (each, _age), v in self.s.openings.items() if c is None or each == c)

    def opening_parts(self, c) -> dict[int, Decimal]:
        return {age: v for (each, age), v in self.s.openings.items() if each == c}

    def collections_plan(self, c=None, months=MONTHS) -> Decimal:
        return total(
            v
            for (each, mo), v in self.s.planned_collections.items()
            if (c is None or each == c) and mo in months
        )

    def collected(self, c=None, months=None) -> Decimal:
        months = range(1, self.m + 1) if months is None else months
        return total(
            v
            for (each, mo), v in self.s.collections.items()
            if (c is None or each == c) and mo in months
        )

    def outstanding_plan(self, c=None) -> Decimal:
        return self.opening(c) + self.target(c) - self.collections_plan(c)

    def outstanding(self, c=None) -> Decimal:
        return self.opening(c) + self.actual_to_date(c) - self.collected(c)

    def ageing(self, c=None) -> dict[str, Decimal]:
        customers = range(self.s.customers) if c is None else [c]
        rows = []
        for each in customers:
            invoiced = {mo: self.actual(each, None, [mo]) for mo in range(1, self.m + 1)}
            rows.append(aged(self.opening_parts(each), invoiced, self.collected(each), self.m))
        return {name: total(row[name] for row in rows) for name in AGE_ORDER}

    def rule_label(self) -> str:
        if self.k == 12:
            return f"{LAST_YEAR} actual"
        if self.k == 0:
            return f"{LAST_YEAR} estimate: the plan of months 1–12"
        return f"{LAST_YEAR} estimate: months 1–{self.k} actual + {self.k + 1}–12 plan"


# -- how a figure is printed ---------------------------------------------------------------------


def amount(value: Decimal | None) -> str:
    """1,234.50 and -1,234.50; blank for no value (the `amount` filter)."""
    if value is None:
        return ""
    value = cents(value)
    return f"{abs(value) if value == 0 else value:,.2f}"


def figure(value: Decimal | None) -> str:
    """An amount, or "—" for an empty figure (the `figure` filter)."""
    return DASH if value is None else amount(value)


def money(value: Decimal) -> str:
    text = amount(value)
    return f"-¥{text[1:]}" if text.startswith("-") else f"¥{text}"


def pct(value: Decimal | None) -> str:
    """12.3%; no "-0.0%" (the `percent` filter); "—" when there is nothing to compare with."""
    if value is None:
        return DASH
    return f"{abs(value) if value == 0 else value:,.1f}%"


def quantity(value: Decimal) -> str:
    return f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"


def from_cell(value):
    """A workbook's number as the page would print it: Decimal to the cent, None for empty."""
    if value is None or value == "":
        return None
    return D(str(value))


# -- reading the surfaces ---------------------------------------------------------------------


def element_text(page: str, css_class: str) -> str | None:
    """The text of the (first) element whose class list has `css_class`, tags dropped."""
    match = re.search(
        rf'<(\w+)[^>]*class="[^"]*\b{re.escape(css_class)}\b[^"]*"[^>]*>(.*?)</\1>', page, re.S
    )
    if match is None:
        return None
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", match[2])).split())


def sheet_table(sheet, first_heading: str) -> tuple[list, list[tuple]]:
    """A report sheet's heading row (found by its first heading) and the rows beneath it."""
    rows = list(sheet.iter_rows(values_only=True))
    for index, row in enumerate(rows):
        if row and row[0] == first_heading and sum(cell is not None for cell in row) > 2:
            return list(row), rows[index + 1 :]
    raise AssertionError(f"no heading row {first_heading!r} in sheet {sheet.title!r}")


def pdf_layout_text(data: bytes) -> str:
    """The printed plan's text as a reader sees it laid out (poppler's pdftotext -layout)."""
    done = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"],  # noqa: S607 - poppler-utils
        input=data,
        capture_output=True,
        check=True,
        timeout=60,
    )
    return done.stdout.decode()


class Disagreements:
    """Every figure a surface shows otherwise than the rule, collected so that one failure
    names them all: the surface, the figure, what it shows and what the rule gives."""

    def __init__(self):
        self.found: list[str] = []

    def check(self, surface: str, name: str, shown, expected) -> None:
        if shown == expected:
            return
        where = ""
        if isinstance(shown, list) and isinstance(expected, list) and len(shown) == len(expected):
            columns = [
                str(i + 1) for i, (a, b) in enumerate(zip(shown, expected, strict=True)) if a != b
            ]
            where = f" (column {', '.join(columns)})"
        self.found.append(
            f"{surface} · {name}{where}: shows {shown!r}, the rule gives {expected!r}"
        )

    def report(self, testcase, scenario: Scenario) -> None:
        if not self.found:
            return
        known = [text for test, text in KNOWN if any(test(found) for found in self.found)]
        testcase.fail(
            "The figures disagree:\n  "
            + "\n  ".join(self.found)
            + "".join(f"\nKnown disagreement: {text}" for text in known)
            + f"\nwith the plan {scenario!r}"
        )


# Disagreements found and not yet mended, named in the failures: (a test of a finding, its text).
# The three this test found first (cost of goods rounded two ways; headquarters' workbooks and
# empty drill-down lines before actuals) are mended.
KNOWN: tuple = ()


# -- the tests -----------------------------------------------------------------------------------

# Cost of goods in half cents: 0.5 t × 0.33 = 0.165 a cell, planned in January and in February
# (0.33 for the year), and sold in January of two products (0.33 for the month).
HALF_CENTS = Scenario(
    products=(
        ProductSpec("P0", "Product 0", "吨", False, D("10.00"), D("0.33")),
        ProductSpec("P1", "Product 1", "吨", False, D("20.00"), D("0.33")),
        ProductSpec("P2", "Product 2", "件", True, D("5.00"), ZERO),
    ),
    customers=2,  # 泰岳 has no figure at all, nor has Product 2
    targets={(0, 0, 1): D("0.50"), (0, 0, 2): D("0.50")},
    months=1,
    sales={(0, 0, 1): (D("0.50"), D("12.00")), (0, 1, 1): (D("0.50"), D("8.00"))},
)
# No actuals this year (the dashes), last year's full actuals, a mid-year price change, a credit
# note last year, a collection entered before any sales.
NO_ACTUALS_YET = Scenario(
    products=(
        ProductSpec("P0", "Product 0", "件", True, D("100.00"), ZERO),
        ProductSpec("P1", "Product 1", "吨", False, D("33.33"), D("12.00")),
    ),
    customers=2,
    prices={(0, 0): (((2000, 1), D("80.00")), ((YEAR, 7), D("90.00"))), (1, 1): ()},
    targets={(0, 0, 6): D(10), (0, 0, 7): D(10), (1, 1, 12): D("1.25")},
    previous_targets={(0, 0, 3): D(4)},
    previous_months=12,
    previous_sales={(0, 0, 12): D("1500.00"), (1, 1, 2): D("-20.00")},
    openings={(0, 0): D("5000.00"), (1, 11): D("700.00")},
    planned_collections={(0, 3): D("2000.00"), (1, 12): D("10.00")},
    collections={(1, 1): D("300.00")},
    budgets={(0, 1): D("300.00")},
    activities=((3, 5, D("1000.00")),),
)


class FiguresAgreeTests(PersonasMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.previous = Period.objects.create(year=LAST_YEAR)
        cls.previous_plan = Plan.objects.create(region=cls.shanghai, period=cls.previous)
        cls.expense_lines = [ExpenseLine.objects.get(code=code) for code in EXPENSE_LINES]

    # writing a scenario through the one write path

    def save(self, *batches) -> None:
        result = saving.save_grids(user=self.alice, batches=batches, reason=saving.TYPED)
        assert result.ok, (result.errors, result.conflicts)

    @staticmethod
    def cells(values: dict) -> list[grids.CellChange]:
        return [
            grids.CellChange(row, month, str(value), 0) for (row, month), value in values.items()
        ]

    def write(self, s: Scenario) -> tuple[list[Customer], list[Product]]:
        first = s.products[0]
        Product.objects.filter(pk=self.product_a.pk).update(
            name_en=first.name_en,
            unit=first.unit,
            whole_units=first.whole_units,
            list_price=first.list_price,
            standard_cost=first.standard_cost,
        )
        products = [Product.objects.get(pk=self.product_a.pk)] + [
            Product.objects.create(
                code=spec.code,
                name=f"产品{spec.code}",
                name_en=spec.name_en,
                unit=spec.unit,
                whole_units=spec.whole_units,
                list_price=spec.list_price,
                standard_cost=spec.standard_cost,
            )
            for spec in s.products[1:]
        ]
        customers = [self.langtong] + [
            Customer.objects.create(region=self.shanghai, name=name)
            for name in CUSTOMER_NAMES[1 : s.customers]
        ]
        for (c, p), schedule in s.prices.items():
            for (year, month), price in schedule:
                CustomerPrice.objects.create(
                    customer=customers[c],
                    product=products[p],
                    price=price,
                    valid_from=date(year, month, 1),
                )

        def by_product(values: dict, p: int, pick=lambda v: v) -> dict:
            return {
                (customers[c].pk, mo): pick(value)
                for (c, each, mo), value in values.items()
                if each == p
            }

        for p, product in enumerate(products):
            self.save(
                (
                    grids.TargetsByProduct(self.plan, product),
                    self.cells(by_product(s.targets, p)),
                ),
                (
                    grids.TargetsByProduct(self.previous_plan, product),
                    self.cells(by_product(s.previous_targets, p)),
                ),
                (
                    actual_grids.ActualSalesGrid(self.previous_plan, product),
                    self.cells(by_product(s.previous_sales, p)),
                ),
                (
                    actual_grids.ActualSalesGrid(self.plan, product, "quantity"),
                    self.cells(by_product(s.sales, p, lambda v: v[0])),
                ),
                (
                    actual_grids.ActualSalesGrid(self.plan, product),
                    self.cells(by_product(s.sales, p, lambda v: v[1])),
                ),
            )

        # Collections are per customer × product: each cell goes to one of the products, so a
        # customer's collections spread over several of them (its row is their sum).
        def by_collected_product(values: dict, p: int) -> dict:
            return {
                (customers[c].pk, mo): v
                for (c, mo), v in values.items()
                if (c + mo) % len(products) == p
            }

        openings = {(customers[c].pk, age): v for (c, age), v in s.openings.items()}
        lines = self.expense_lines
        self.save(
            (grids.OpeningBalanceGrid(self.plan), self.cells(openings)),
            *(
                (
                    grids.CollectionsGrid(self.plan, product),
                    self.cells(by_collected_product(s.planned_collections, p)),
                )
                for p, product in enumerate(products)
            ),
            *(
                (
                    actual_grids.ActualCollectionsGrid(self.plan, product),
                    self.cells(by_collected_product(s.collections, p)),
                )
                for p, product in enumerate(products)
            ),
            (
                grids.ExpenseBudgetGrid(self.plan),
                self.cells({(lines[i].pk, mo): v for (i, mo), v in s.budgets.items()}),
            ),
            (
                actual_grids.ActualExpensesGrid(self.plan),
                self.cells({(lines[i].pk, mo): v for (i, mo), v in s.expenses.items()}),
            ),
        )
        for number, (start, end, budget) in enumerate(s.activities):
            Activity.objects.create(
                plan=self.plan,
                work=f"活动{number}",
                owner="张伟",
                budget=budget,
                months=range(start, end + 1),
            )
        return customers, products

    def get(self, url: str, **params):
        response = self.client.get(url, params, HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual(response.status_code, 200, url)
        return response

    def workbook(self, url: str):
        response = self.get(url, format="xlsx")
        return load_workbook(io.BytesIO(response.content))

    # the surfaces

    def check_plan_page(self, e: Expected, names, labels, out: Disagreements) -> None:
        page = self.get(reverse("plan_detail", args=[self.plan.pk])).content.decode()
        where = "plan page, chapter 1"
        target, growth = e.target(), e.growth()
        shown = element_text(page, "total-target")
        out.check(where, "regional total target", shown, money(target) if target else shown)
        if not target:
            out.check(where, "regional total target", "Computed from" in shown, True)
        growth_text = element_text(page, "growth")
        if growth is None:
            out.check(where, "growth", growth_text.startswith("Computed from"), True)
        else:
            # "12.3% against last year's ¥1,000.00 (2026 actual)"
            words = growth_text.split()
            out.check(
                where,
                "growth, last year and its rule",
                (words[0], money(e.last_year()) in words, e.rule_label() in growth_text),
                (pct(growth), True, True),
            )
        if target:
            out.check(
                where,
                "planned profit (gross profit)",
                profit_words(element_text(page, "planned-profit")),
                [money(e.profit_plan()), money(e.gross_profit_plan())],
            )
            out.check(
                where,
                "planned outstanding at the year's end",
                element_text(page, "planned-outstanding"),
                money(e.outstanding_plan()),
            )
        else:
            out.check(
                where, "planned profit shown without targets", "planned-profit" in page, False
            )

        where = "plan page, chapter 5 by product"
        if target or e.last_year():
            rows = table_of(page, "targets-by-product")
            for p, label in enumerate(labels):
                row = rows.get(label)
                qty = e.quantity(p)
                expected = [
                    f"{quantity(qty)} {e.s.products[p].unit}" if qty else row and row[0],
                    amount(e.target(p=p)),
                    amount(e.last_year(p=p)),
                    pct(e.growth(p=p)),
                ]
                out.check(where, f"{label}: quantity, amount, last year, growth", row, expected)
            out.check(
                where,
                "total: amount, last year, growth",
                rows.get("Total"),
                ["", amount(target), amount(e.last_year()), pct(growth)],
            )
            rule = element_text(page, "last-year-rule") or ""
            out.check(where, "last year's rule", rule, rule if e.rule_label() in rule else "")
            where = "plan page, chapter 5 by customer"
            rows = table_of(page, "targets-by-customer")
            for c, name in enumerate(names):
                out.check(
                    where,
                    f"{name}: amount, last year, growth",
                    rows.get(name),
                    [amount(e.target(c)), amount(e.last_year(c)), pct(e.growth(c))],
                )
            out.check(
                where,
                "total: amount, last year, growth",
                rows.get("Total"),
                [amount(target), amount(e.last_year()), pct(growth)],
            )
        else:
            out.check(where, "the tables without targets", "No targets entered yet." in page, True)

        where = "plan page, chapter 8 P&L summary"
        if target or e.expenses_plan() or (e.m and e.actual_to_date()):
            rows = table_of(page, "pnl-summary")
            for label, plan_total, actual, plan_to_date in self.pnl_totals(e):
                variance = None if actual is None else actual - plan_to_date
                achievement = None if actual is None else percent(actual, plan_to_date)
                out.check(
                    where,
                    f"{label}: plan, actual, variance, achievement",
                    rows.get(label),
                    [amount(plan_total), figure(actual), figure(variance), pct(achievement)],
                )

    def pnl_totals(self, e: Expected):
        """The P&L's totals: (label, plan, actual to date or None, plan to date)."""
        to_date = range(1, e.m + 1)
        actual = bool(e.m)
        return [
            (
                "Income",
                e.target(),
                e.actual_to_date() if actual else None,
                e.target(months=to_date),
            ),
            (
                "Cost of goods",
                e.cogs_plan(),
                e.cogs_actual() if actual else None,
                e.cogs_plan(to_date),
            ),
            (
                "Gross profit",
                e.gross_profit_plan(),
                e.actual_to_date() - e.cogs_actual() if actual else None,
                e.gross_profit_plan(to_date),
            ),
            (
                "Expenses",
                e.expenses_plan(),
                e.expense_actual() if actual else None,
                e.expenses_plan(to_date),
            ),
            (
                "Expected profit or loss",
                e.profit_plan(),
                e.profit_actual_to_date(),
                e.profit_plan(to_date),
            ),
        ]

    def pnl_lines(self, e: Expected, labels):
        """Every line of the P&L statement: (label, plan by month, plan total, actual by month or
        None after month m, actual total or None, plan to date)."""
        to_date = range(1, e.m + 1)

        def by_month(get, actual=False):
            return [get([mo]) if not actual or mo <= e.m else None for mo in MONTHS]

        lines = []
        for p, label in enumerate(labels):
            lines.append(
                (
                    label,
                    by_month(lambda months, p=p: e.target(p=p, months=months)),
                    e.target(p=p),
                    by_month(lambda months, p=p: e.actual(p=p, months=months), True),
                    e.actual(p=p) if e.m else None,
                    e.target(p=p, months=to_date),
                )
            )
        for label, plan_total, actual, plan_to_date in self.pnl_totals(e)[:3]:
            lines.append((label, None, plan_total, None, actual, plan_to_date))
        names = ("Regional advertising", "Staff salaries", "Business relations")
        for i, label in enumerate(names):
            lines.append(
                (
                    label,
                    by_month(lambda months, i=i: e.budget(i, months)),
                    e.budget(i),
                    by_month(lambda months, i=i: e.expense_actual(i, months), True),
                    e.expense_actual(i) if e.m else None,
                    e.budget(i, to_date),
                )
            )
        lines.append(
            (
                "Market activities",
                by_month(e.activities),
                e.activities(),
                by_month(lambda months: e.expense_actual(3, months), True),
                e.expense_actual(3) if e.m else None,
                e.activities(to_date),
            )
        )
        for label, plan_total, actual, plan_to_date in self.pnl_totals(e)[3:]:
            lines.append((label, None, plan_total, None, actual, plan_to_date))
        return lines

    def check_pnl(self, e: Expected, labels, out: Disagreements) -> None:
        url = reverse("profit_and_loss", args=[self.plan.pk])
        shown = statement(self.get(url))
        _heading, rows = sheet_table(self.workbook(url).active, "Item")
        sheet = {(row[0], row[1]): row[2:] for row in rows}
        for label, months, plan_total, actual_months, actual, plan_to_date in self.pnl_lines(
            e, labels
        ):
            variance = None if actual is None else actual - plan_to_date
            achievement = None if actual is None else percent(actual, plan_to_date)
            plan, actuals = shown.get(label, (None, None))
            where = "P&L page"
            if plan is None:
                out.check(where, f"{label}: the line", None, "a plan row and an actual row")
                continue
            if months is not None:
                out.check(where, f"{label}: plan by month", plan[:12], [amount(v) for v in months])
                out.check(
                    where,
                    f"{label}: actual by month",
                    actuals[:12],
                    [figure(v) for v in actual_months],
                )
            out.check(
                where,
                f"{label}: plan total, variance, achievement",
                plan[12:],
                [amount(plan_total), figure(variance), pct(achievement)],
            )
            out.check(where, f"{label}: actual total", actuals[12:], [figure(actual)])
            where = "P&L workbook"
            plan_row = sheet.get((label, "Plan"))
            actual_row = sheet.get((label, "Actual"))
            if plan_row is None or actual_row is None:
                out.check(where, f"{label}: the rows", None, "a plan row and an actual row")
                continue
            if months is not None:
                out.check(
                    where, f"{label}: plan by month", [from_cell(v) for v in plan_row[:12]], months
                )
                out.check(
                    where,
                    f"{label}: actual by month",
                    [from_cell(v) for v in actual_row[:12]],
                    actual_months,
                )
            out.check(
                where,
                f"{label}: plan total, variance, achievement",
                [from_cell(v) for v in plan_row[12:15]],
                [plan_total, variance, achievement],
            )
            out.check(where, f"{label}: actual total", from_cell(actual_row[12]), actual)

    def check_collections(self, e: Expected, names, out: Disagreements, product_names=()) -> None:
        url = reverse("collections_report", args=[self.plan.pk])
        response = self.get(url)
        shown = statement(response, "collections-table")
        ageing = table(response, "ageing-table")
        book = self.workbook(url)
        _heading, rows = sheet_table(book["Collections"], "Customer")
        # A customer's rows (its products' sum) and the total's; the product rows beneath are
        # checked on the page.
        sheet = {(row[0], row[3]): row[4:] for row in rows if row[1] in ("All products", None)}
        _heading, rows = sheet_table(book["Ageing"], "Customer")
        aged_sheet = {row[0]: row[1:] for row in rows}
        for c, name in [*enumerate(names), (None, "Total")]:
            planned = [e.collections_plan(c, [mo]) for mo in MONTHS]
            collected = [e.collected(c, [mo]) if mo <= e.m else None for mo in MONTHS]
            collected_total = e.collected(c) if e.m else None
            plan_cells = [e.opening(c), *planned, e.collections_plan(c), e.outstanding_plan(c)]
            actual_cells = [*collected, collected_total, e.outstanding(c)]
            plan, actual = shown.get(name, (None, None))
            where = "collections report"
            out.check(
                where,
                f"{name}: opening, planned collections by month, total, year-end outstanding",
                plan,
                [amount(v) for v in plan_cells],
            )
            out.check(
                where,
                f"{name}: collected by month, total, outstanding now",
                actual,
                [figure(v) for v in actual_cells],
            )
            ages = e.ageing(c)
            out.check(
                where + " ageing",
                f"{name}: not aged … over 90, credit, outstanding",
                ageing.get(name),
                [amount(ages[bucket]) for bucket in AGE_ORDER],
            )
            where = "collections workbook"
            row = sheet.get((name, "Plan"))
            out.check(
                where,
                f"{name}: opening, planned collections by month, total, year-end outstanding",
                row and [from_cell(v) for v in row],
                plan_cells,
            )
            row = sheet.get((name, "Actual"))
            out.check(
                where,
                f"{name}: opening, collected by month, total, outstanding now",
                row and [from_cell(v) for v in row],
                [e.opening(c), *actual_cells],
            )
            for p, label in enumerate(product_names if c is not None else ()):
                cells = {
                    mo: v
                    for (each, mo), v in e.s.planned_collections.items()
                    if each == c and (c + mo) % len(product_names) == p
                }
                plan_line = shown.get(f"{name} · {label}")
                if plan_line is None and not any(cells.values()):
                    continue  # a product with no target and no collection (a 0 is not stored)
                out.check(
                    "collections report",
                    f"{name} · {label}: planned collections by month, total",
                    plan_line and plan_line[0][1:14],
                    [amount(cells.get(mo, ZERO)) for mo in MONTHS]
                    + [amount(sum(cells.values(), ZERO))],
                )
            row = aged_sheet.get(name)
            out.check(
                where + " ageing",
                f"{name}: not aged … over 90, credit, outstanding",
                row and [from_cell(v) for v in row],
                [ages[bucket] for bucket in AGE_ORDER],
            )

    def check_headquarters(self, e: Expected, names, labels, out: Disagreements) -> None:
        self.login(self.rita)
        url = reverse("rollup", args=[YEAR])
        rows = {
            row[0]: row[1:]
            for row in TableReader(self.get(url).content.decode(), "rollup-table").rows
            if row
        }
        _heading, sheet_rows = sheet_table(self.workbook(url).active, "Region")
        by_code = {row[1]: row[6:] for row in sheet_rows if row[2] != "Own figures"}
        by_code["total"] = next(row[6:] for row in sheet_rows if row[2] == "Total")
        ages = e.ageing()
        region = [
            e.target(),
            e.last_year(),
            e.growth(),
            e.target_to_date(),
            e.actual_to_date() if e.m else None,
            e.achievement(),
            e.outstanding(),
            e.outstanding_plan(),
            *(ages[bucket] for bucket in AGE_ORDER[:5]),
            e.profit_plan(),
            e.profit_actual_to_date(),
        ]
        percents = {2, 5}

        def page_cells(values):
            return [pct(v) if i in percents else figure(v) for i, v in enumerate(values)]

        for label, code in (
            ("Shanghai", "SH"),
            ("East China (sum of its regions)", "HD"),
            ("Total", "total"),
        ):
            out.check(
                "HQ roll-up",
                f"{label}: target … P&L actual to date",
                rows.get(label, [None])[1:],
                page_cells(region),
            )
            out.check(
                "HQ roll-up workbook",
                f"{label}: target … P&L actual to date",
                [from_cell(v) for v in by_code.get(code, ())],
                region,
            )

        url = reverse("rollup_region", args=[YEAR, "SH"])
        page = self.get(url).content.decode()
        split = page.index("By product</h2>")
        customers = {
            row[0]: row[1:] for row in TableReader(page[:split], "report-table").rows if row
        }
        products = {
            row[0]: row[1:] for row in TableReader(page[split:], "report-table").rows if row
        }
        book = self.workbook(url)
        _heading, rows = sheet_table(book["By customer"], "Customer")
        customer_sheet = {row[0]: row[2:] for row in rows}
        _heading, rows = sheet_table(book["By product"], "Product")
        product_sheet = {row[0]: row[2:] for row in rows}

        def sales(c=None, p=None):
            return [
                e.target(c, p),
                e.last_year(c, p),
                e.growth(c, p),
                e.target_to_date(c, p),
                # Before any actuals, "—" (an empty cell), as the P&L's actual.
                e.actual_to_date(c, p) if e.m else None,
                e.achievement(c, p),
            ]

        for c, name in [*enumerate(names), (None, "Total")]:
            values = [*sales(c), e.outstanding(c), e.outstanding_plan(c)]
            if c is not None:
                out.check(
                    "HQ region page, customers",
                    f"{name}: target … outstanding year-end plan",
                    customers.get(name),
                    page_cells(values),
                )
            out.check(
                "HQ region workbook, customers",
                f"{name}: target … outstanding year-end plan",
                [from_cell(v) for v in customer_sheet.get(name, ())],
                values,
            )
        for p, label in [*enumerate(labels), (None, "Total")]:
            values = sales(None, p)
            if p is not None:
                out.check(
                    "HQ region page, products",
                    f"{label}: target … achievement",
                    products.get(label),
                    page_cells(values),
                )
            out.check(
                "HQ region workbook, products",
                f"{label}: target … achievement",
                [from_cell(v) for v in product_sheet.get(label, ())],
                values,
            )

    @settings(
        max_examples=6,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(scenarios())
    @example(HALF_CENTS)
    @example(NO_ACTUALS_YET)
    def test_a_regions_figures_are_the_same_on_its_pages_at_headquarters_and_in_its_exports(
        self, scenario
    ):
        customers, products = self.write(scenario)
        names = [customer.name for customer in customers]
        labels = [spec.name_en for spec in scenario.products]
        expected = Expected(scenario)
        out = Disagreements()
        self.login(self.alice)
        self.check_plan_page(expected, names, labels, out)
        self.check_pnl(expected, labels, out)
        self.check_collections(expected, names, out, labels)
        self.check_headquarters(expected, names, labels, out)
        out.report(self, scenario)

    @settings(
        max_examples=2,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(scenarios())
    @example(HALF_CENTS)
    def test_the_printed_plan_shows_the_same_key_figures_as_its_pages(self, scenario):
        self.write(scenario)
        e = Expected(scenario)
        text = pdf_layout_text(plan_pdf(self.plan, language="en", in_parts=False))
        # Chapter 1 from its heading on: the region summary before it names some terms too.
        chapter_one = text[re.search(r"^\s*1\. Plan summary\s*$", text, re.M).start() :]
        out = Disagreements()
        where = "printed plan, chapter 1"
        target = e.target()
        out.check(
            where,
            "regional total target",
            after(chapter_one, "Regional total target"),
            money(target)
            if target
            else "Computed from the targets once they are entered (chapter 5).",
        )
        if target:
            out.check(
                where,
                "planned profit (gross profit)",
                profit_words(after(chapter_one, "Planned profit")),
                [money(e.profit_plan()), money(e.gross_profit_plan())],
            )
            out.check(
                where,
                "planned outstanding at the year's end",
                after(chapter_one, "Planned outstanding at the year's end"),
                money(e.outstanding_plan()),
            )
        rows = figure_rows(text)
        summary_shown = target or e.expenses_plan() or (e.m and e.actual_to_date())
        # Lines found by their figures, whatever their labels' wrapping: chapter 8's summary
        # (plan, actual, variance, achievement) and the statement's income plan row.
        for label, plan_total, actual, plan_to_date in self.pnl_totals(e):
            if not summary_shown or label not in (
                "Income",
                "Expected profit or loss",
            ):
                continue
            variance = None if actual is None else actual - plan_to_date
            achievement = None if actual is None else percent(actual, plan_to_date)
            wanted = [amount(plan_total), figure(actual), figure(variance), pct(achievement)]
            out.check(
                "printed plan, chapter 8 summary",
                f"{label}: plan, actual, variance, achievement {wanted}",
                wanted in rows,
                True,
            )
        wanted = [
            *(amount(e.target(months=[mo])) for mo in MONTHS),
            amount(target),
            figure(e.variance()),
            pct(e.achievement()),
        ]
        out.check(
            "printed plan, P&L statement",
            f"Income plan by month, total, variance, achievement {wanted}",
            wanted in rows,
            True,
        )
        wanted = [
            amount(e.opening()),
            amount(e.collections_plan()),
            figure(e.collected() if e.m else None),
            amount(e.outstanding_plan()),
            amount(e.outstanding()),
            amount(e.ageing()["not_aged"]),
            amount(e.ageing()["over_90"]),
        ]
        out.check(
            "printed plan, collections by customer",
            f"total: opening, planned, collected, year-end plan, outstanding {wanted}",
            wanted in rows,
            True,
        )
        out.report(self, scenario)

    def test_the_cost_of_goods_is_the_same_in_the_summary_the_pnl_and_at_headquarters(self):
        """Each product's month costs its quantity × standard cost, in cents, and the year adds
        the months: 0.5 t × 0.33 planned in January and in February is 0.17 + 0.17 = 0.34, on
        the P&L (whose month cells show 0.17) and everywhere else. The same for the actual cost
        of goods of two products sold in January."""
        self.write(HALF_CENTS)
        self.login(self.rita)
        page = self.get(reverse("plan_detail", args=[self.plan.pk])).content.decode()
        summary = table_of(page, "pnl-summary")
        pnl = statement(self.get(reverse("profit_and_loss", args=[self.plan.pk])))
        rollup = TableReader(
            self.get(reverse("rollup", args=[YEAR])).content.decode(), "rollup-table"
        )
        shanghai = next(row for row in rollup.rows if row and row[0] == "Shanghai")
        figures = {
            "chapter 1 planned profit": element_text(page, "planned-profit").split()[0],
            "chapter 8 expected profit, plan": summary["Expected profit or loss"][0],
            "P&L page expected profit, plan": pnl["Expected profit or loss"][0][12],
            "HQ roll-up P&L plan": "¥" + shanghai[-2],
        }
        figures = {name: value.removeprefix("¥") for name, value in figures.items()}
        actuals = {
            "P&L page expected profit, actual": pnl["Expected profit or loss"][1][12],
            "HQ roll-up P&L actual to date": shanghai[-1],
        }
        # Income 10.00 (0.5 t × 10.00 twice) − cost of goods 0.34; sold 20.00 − 0.34.
        self.assertEqual(set(figures.values()), {"9.66"}, figures)
        self.assertEqual(set(actuals.values()), {"19.66"}, actuals)


def table_of(page: str, css_class: str) -> dict[str, list[str]]:
    rows = TableReader(page, css_class).rows
    return {row[0]: row[1:] for row in rows if row and row[0]}


def profit_words(text: str | None) -> list[str]:
    """The amounts of "¥426.66 gross profit ¥1,726.66 less expenses and activities"."""
    return re.findall(r"-?¥[\d,]+\.\d\d", text or "")


def after(text: str, label: str) -> str | None:
    """The printed value of a summary's term: beside `label` on its line and the lines under it
    up to the next blank one (chapter 1 prints its terms and values in two columns), or, where
    the term stands alone on its line, the next printed line."""
    lines = [line.strip() for line in text.splitlines()]
    for index, line in enumerate(lines):
        if line == label:
            return next((each for each in lines[index + 1 :] if each), None)
        if line.startswith(label + "  "):
            value = [line[len(label) :].strip()]
            for each in lines[index + 1 :]:
                if not each:
                    break
                value.append(each)
            return " ".join(value)
    return None


FIGURE = re.compile(r"-?\d[\d,]*\.\d+%?|—")


def figure_rows(text: str) -> list[list[str]]:
    """The figures of every printed line, in order, whatever its label."""
    return [FIGURE.findall(line) for line in text.splitlines()]
