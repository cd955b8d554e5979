"""The roll-ups against hand-computed figures, exact to the cent, with no float anywhere."""

import dataclasses
from decimal import Decimal

from django.test import SimpleTestCase
from hypothesis import given, settings
from hypothesis import strategies as st

from planning.numbers.pnl import PlanActual, profit_and_loss
from planning.numbers.receivables import AgeingRow, CollectionRow, ageing, collections
from planning.numbers.rollups import (
    ParetoRow,
    PerformanceRow,
    achievement_percent,
    grid_totals,
    growth_percent,
    pareto,
    performance,
)

D = Decimal
ZERO = D("0.00")
MONTHS = range(1, 13)

# The deck's three customers.
LANGTONG, TAIYUE, WANXING = 1, 2, 3
# Two products and the deck's three expense lines.
PRODUCT_A, PRODUCT_B = 10, 11
ADVERTISING, SALARIES, RELATIONS = 1, 2, 3

money = st.decimals(
    min_value=D("-1000000000"),
    max_value=D("1000000000"),
    places=2,
    allow_nan=False,
    allow_infinity=False,
)
cells = st.lists(st.tuples(st.integers(1, 6), st.integers(1, 12), money), max_size=60)


def leaves(value):
    """Every value a caller can reach from a roll-up's result."""
    if dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            yield from leaves(getattr(value, field.name))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from leaves(item)
    elif isinstance(value, list | tuple | frozenset | set):
        for item in value:
            yield from leaves(item)
    else:
        yield value


def months(**figures):
    """Twelve months of money, zero unless given: months(m1="10", m3="5.50")."""
    return {m: D(figures.get(f"m{m}", "0.00")) for m in MONTHS}


class PlainValuesMixin:
    def assertPlainValues(self, result):
        """Only Decimal, int and None come out: no float, no numpy scalar, no DataFrame."""
        for leaf in leaves(result):
            self.assertIn(type(leaf), {Decimal, int, type(None)}, repr(leaf))

    def assertCents(self, amount):
        self.assertIsInstance(amount, Decimal)
        self.assertEqual(amount.as_tuple().exponent, -2, amount)


class GridTotalsTests(PlainValuesMixin, SimpleTestCase):
    def test_rows_months_and_grand_total_are_summed(self):
        totals = grid_totals(
            [
                (LANGTONG, 1, D("1200.50")),
                (LANGTONG, 1, D("0.25")),  # a second product in the same month
                (LANGTONG, 3, D("800.00")),
                (TAIYUE, 3, D("99.99")),
            ]
        )
        self.assertEqual(totals.row_totals, {LANGTONG: D("2000.75"), TAIYUE: D("99.99")})
        self.assertEqual(totals.month_totals, months(m1="1200.75", m3="899.99"))
        self.assertEqual(totals.grand_total, D("2100.74"))
        self.assertPlainValues(totals)
        self.assertCents(totals.month_totals[2])

    def test_an_empty_grid_has_zero_months_and_no_rows(self):
        totals = grid_totals([])
        self.assertEqual(totals.row_totals, {})
        self.assertEqual(totals.month_totals, months())
        self.assertEqual(totals.grand_total, ZERO)
        self.assertCents(totals.grand_total)

    def test_a_float_is_refused(self):
        with self.assertRaises(TypeError):
            grid_totals([(LANGTONG, 1, 0.1)])

    def test_a_month_outside_the_year_is_refused(self):
        with self.assertRaises(ValueError):
            grid_totals([(LANGTONG, 0, D("1.00"))])

    @settings(deadline=None)
    @given(cells)
    def test_totals_equal_the_sum_of_the_cells_exactly(self, grid):
        totals = grid_totals(grid)
        self.assertEqual(totals.grand_total, sum((value for _, _, value in grid), ZERO))
        for row, total in totals.row_totals.items():
            self.assertEqual(total, sum((v for r, _, v in grid if r == row), ZERO))
        for month in MONTHS:
            expected = sum((v for _, m, v in grid if m == month), ZERO)
            self.assertEqual(totals.month_totals[month], expected)
        self.assertEqual(sum(totals.row_totals.values(), ZERO), totals.grand_total)
        self.assertEqual(sum(totals.month_totals.values(), ZERO), totals.grand_total)
        self.assertPlainValues(totals)


class PercentTests(SimpleTestCase):
    def test_growth_is_rounded_half_up_to_one_place(self):
        self.assertEqual(growth_percent(D("110.00"), D("100.00")), D("10.0"))
        self.assertEqual(growth_percent(D("100.05"), D("100.00")), D("0.1"))
        self.assertEqual(growth_percent(D("99.95"), D("100.00")), D("-0.1"))
        self.assertEqual(growth_percent(D("200.00"), D("300.00")), D("-33.3"))

    def test_growth_without_a_previous_figure_is_none(self):
        self.assertIsNone(growth_percent(D("500.00"), ZERO))

    def test_achievement(self):
        self.assertEqual(achievement_percent(D("62000.00"), D("77500.50")), D("80.0"))
        self.assertEqual(achievement_percent(D("1.00"), D("8.00")), D("12.5"))
        self.assertEqual(achievement_percent(D("1.00"), D("2000.00")), D("0.1"))
        self.assertIsNone(achievement_percent(D("10.00"), ZERO))


def deck_collections(as_of=2):
    """The deck's customers: opening balances, a forecast for months 1–3, actual sales and
    collections entered for months 1–2 (the latest month with actuals is 2)."""
    return collections(
        customers=[LANGTONG, TAIYUE, WANXING],
        opening={LANGTONG: D("50000.00"), TAIYUE: D("20000.00")},
        planned=[
            (LANGTONG, 1, D("45000.00")),
            (LANGTONG, 2, D("30000.00")),
            (LANGTONG, 3, D("30000.00")),
            (TAIYUE, 1, D("10000.00")),
            (TAIYUE, 2, D("10000.00")),
            (TAIYUE, 3, D("15000.00")),
            (WANXING, 2, D("9800.25")),
            (WANXING, 3, D("1200.00")),
        ],
        collected=[
            (LANGTONG, 1, D("40000.00")),
            (LANGTONG, 2, D("30000.00")),
            (TAIYUE, 1, D("5000.00")),
            (TAIYUE, 2, D("10000.00")),
            (WANXING, 2, D("9800.25")),
        ],
        # The targets' amounts, one row per product.
        forecast=[
            (LANGTONG, 1, D("20000.00")),
            (LANGTONG, 1, D("10000.00")),
            (LANGTONG, 2, D("30000.00")),
            (LANGTONG, 3, D("40000.00")),
            (TAIYUE, 1, D("15000.00")),
            (TAIYUE, 2, D("15000.00")),
            (TAIYUE, 3, D("15000.00")),
            (WANXING, 1, D("10000.00")),
            (WANXING, 3, D("12000.50")),
        ],
        actual_sales=[
            (LANGTONG, 1, D("18500.00")),
            (LANGTONG, 1, D("10000.00")),
            (LANGTONG, 2, D("32000.00")),
            (TAIYUE, 1, D("15000.00")),
            # 泰岳 bought nothing in month 2: invoiced 0, not its forecast of 15,000.
            (WANXING, 1, D("9800.25")),
            (WANXING, 2, D("1200.00")),  # not forecast at all
        ],
        as_of=as_of,
    )


class CollectionsTests(PlainValuesMixin, SimpleTestCase):
    def test_outstanding_plan_and_actual_on_the_decks_customers(self):
        table = deck_collections()
        langtong, taiyue, wanxing = table.rows
        self.assertEqual([row.customer for row in table.rows], [LANGTONG, TAIYUE, WANXING])

        # Plan (计划): opening + the targets to date − the planned collections to date.
        # 朗通: 50,000 + 30,000 − 45,000 = 35,000; + 30,000 − 30,000 = 35,000;
        #       + 40,000 − 30,000 = 45,000, unchanged after.
        self.assertEqual(
            langtong.outstanding_plan,
            {1: D("35000.00"), 2: D("35000.00"), **dict.fromkeys(range(3, 13), D("45000.00"))},
        )
        # Actual (实际): opening + actual sales − actual collections, through month 2 only.
        #       50,000 + 28,500 − 40,000 = 38,500; + 32,000 − 30,000 = 40,500.
        self.assertEqual(
            langtong.outstanding_actual,
            {1: D("38500.00"), 2: D("40500.00"), **dict.fromkeys(range(3, 13), None)},
        )
        self.assertEqual(langtong.year_end_plan, D("45000.00"))
        self.assertEqual(langtong.outstanding_now, D("40500.00"))
        # 泰岳 plan: 20,000 + 15,000 − 10,000 = 25,000; 30,000; + 15,000 − 15,000 = 30,000.
        self.assertEqual(
            taiyue.outstanding_plan,
            {1: D("25000.00"), 2: D("30000.00"), **dict.fromkeys(range(3, 13), D("30000.00"))},
        )
        # 泰岳 actual: 20,000 + 15,000 − 5,000 = 30,000; it bought nothing in month 2 (0, not
        # its forecast): 30,000 − 10,000 = 20,000.
        self.assertEqual(taiyue.outstanding_actual[2], D("20000.00"))
        # 万星 plan: 10,000; 10,000 − 9,800.25 = 199.75; + 12,000.50 − 1,200 = 11,000.25.
        self.assertEqual(
            [wanxing.outstanding_plan[m] for m in (1, 2, 3)],
            [D("10000.00"), D("199.75"), D("11000.25")],
        )
        self.assertEqual(wanxing.outstanding_actual[2], D("1200.00"))
        self.assertEqual(langtong.planned_total, D("105000.00"))
        self.assertEqual(langtong.collected_total, D("70000.00"))
        self.assertEqual(langtong.collected[3], None)  # no actuals yet: "—", not 0
        self.assertEqual(wanxing.planned_total, D("11000.25"))
        self.assertEqual(wanxing.collected_total, D("9800.25"))
        self.assertPlainValues(table)
        self.assertCents(wanxing.opening)

    def test_planned_outstanding_counts_the_planned_collections(self):
        # Year-end planned outstanding = opening + the year's targets − the year's planned
        # collections, never the targets alone (the old report ignored planned collections).
        langtong = deck_collections().rows[0]
        self.assertEqual(
            langtong.year_end_plan,
            D("50000.00") + D("100000.00") - D("105000.00"),
        )

    def test_the_total_row_sums_the_customers(self):
        total = deck_collections().total
        self.assertIsNone(total.customer)
        self.assertEqual(total.opening, D("70000.00"))
        self.assertEqual(
            [total.outstanding_plan[m] for m in (1, 2, 3, 12)],
            [D("70000.00"), D("65199.75"), D("86000.25"), D("86000.25")],
        )
        self.assertEqual(
            [total.outstanding_actual[m] for m in (1, 2, 3)], [D("78300.25"), D("61700.00"), None]
        )
        self.assertEqual(total.planned, months(m1="55000.00", m2="49800.25", m3="46200.00"))
        self.assertEqual(
            total.collected,
            {1: D("45000.00"), 2: D("49800.25"), **dict.fromkeys(range(3, 13), None)},
        )
        self.assertEqual(total.planned_total, D("151000.25"))
        self.assertEqual(total.collected_total, D("94800.25"))

    def test_before_any_actuals_the_actual_side_is_empty(self):
        table = deck_collections(as_of=0)
        langtong = table.rows[0]
        self.assertEqual(set(langtong.collected.values()), {None})
        self.assertIsNone(langtong.collected_total)
        self.assertEqual(langtong.outstanding_now, D("50000.00"))  # the opening
        self.assertEqual(langtong.year_end_plan, D("45000.00"))

    def test_a_customer_missing_from_the_list_is_added_after_it(self):
        table = collections(
            customers=[TAIYUE],
            opening={WANXING: D("5.00")},
            planned=[],
            collected=[(LANGTONG, 1, D("1.00"))],
            forecast=[],
            actual_sales=[],
            as_of=1,
        )
        self.assertEqual([row.customer for row in table.rows], [TAIYUE, LANGTONG, WANXING])
        self.assertEqual(table.total.outstanding_actual[1], D("4.00"))
        self.assertEqual(table.total.outstanding_plan[1], D("5.00"))


class AgeingTests(PlainValuesMixin, SimpleTestCase):
    def test_ageing_at_the_latest_month_with_actuals(self):
        result = ageing(deck_collections())
        self.assertEqual(result.as_of, 2)
        langtong, taiyue, wanxing = result.rows
        # 朗通 collected 70,000.00 by month 2: the opening 50,000.00 is settled, then 20,000.00 of
        # month 1's 28,500.00; 8,500.00 of month 1 and all of month 2's 32,000.00 are unpaid.
        self.assertEqual(
            langtong,
            AgeingRow(
                customer=LANGTONG,
                not_aged=ZERO,
                days_0_30=D("32000.00"),
                days_31_60=D("8500.00"),
                days_61_90=ZERO,
                over_90=ZERO,
                credit=ZERO,
                outstanding=D("40500.00"),
            ),
        )
        # 泰岳 collected 15,000.00: 5,000.00 of the opening is unpaid and not aged (its
        # invoices' months are unknown), month 1's 15,000.00 is 31–60 days old.
        self.assertEqual(
            (taiyue.not_aged, taiyue.days_0_30, taiyue.days_31_60, taiyue.over_90),
            (D("5000.00"), ZERO, D("15000.00"), ZERO),
        )
        self.assertEqual(wanxing.days_0_30, D("1200.00"))
        self.assertEqual(wanxing.outstanding, D("1200.00"))
        self.assertEqual(
            result.total,
            AgeingRow(
                customer=None,
                not_aged=D("5000.00"),
                days_0_30=D("33200.00"),
                days_31_60=D("23500.00"),
                days_61_90=ZERO,
                over_90=ZERO,
                credit=ZERO,
                outstanding=D("61700.00"),
            ),
        )
        self.assertPlainValues(result)

    def test_a_later_month_without_actuals_adds_no_debt(self):
        langtong = ageing(deck_collections(), as_of=3).rows[0]
        # Month 3 has no actual sales yet: month 2 moves to 31–60, month 1 to 61–90.
        self.assertEqual(
            (langtong.days_0_30, langtong.days_31_60, langtong.days_61_90, langtong.over_90),
            (ZERO, D("32000.00"), D("8500.00"), ZERO),
        )
        self.assertEqual(langtong.outstanding, D("40500.00"))

    def test_the_opening_balance_is_not_aged_never_over_90_days(self):
        taiyue = ageing(deck_collections(), as_of=1).rows[1]
        # 20,000 + 15,000 − 5,000: the FIFO collection settles the opening first.
        self.assertEqual(taiyue.not_aged, D("15000.00"))
        self.assertEqual(taiyue.over_90, ZERO)
        self.assertEqual(taiyue.days_0_30, D("15000.00"))

    def test_overpayment_is_a_credit(self):
        table = collections(
            customers=[LANGTONG],
            opening={LANGTONG: D("100.00")},
            planned=[],
            collected=[(LANGTONG, 1, D("150.00"))],
            forecast=[],
            actual_sales=[],
            as_of=1,
        )
        row = ageing(table).rows[0]
        self.assertEqual((row.not_aged, row.over_90), (ZERO, ZERO))
        self.assertEqual(row.credit, D("-50.00"))
        self.assertEqual(row.outstanding, D("-50.00"))

    def test_buckets_sum_to_the_outstanding_on_the_decks_customers(self):
        table = deck_collections()
        for month in range(13):
            result = ageing(table, as_of=month)
            for row in (*result.rows, result.total):
                self.assertEqual(bucket_sum(row), row.outstanding)

    @settings(deadline=None)
    @given(
        opening=st.dictionaries(st.integers(1, 4), money, max_size=4),
        sales=cells,
        collected=st.lists(
            st.tuples(st.integers(1, 4), st.integers(1, 12), money.filter(lambda v: v >= 0)),
            max_size=30,
        ),
        as_of=st.integers(0, 12),
    )
    def test_buckets_always_sum_to_the_outstanding(self, opening, sales, collected, as_of):
        table = collections(
            customers=[1, 2, 3, 4],
            opening=opening,
            planned=[],
            collected=collected,
            forecast=sales,
            actual_sales=[(c, m, v * 2) for c, m, v in sales],
            as_of=as_of,
        )
        result = ageing(table)
        for table_row, row in zip(table.rows, result.rows, strict=True):
            self.assertEqual(row.outstanding, table_row.outstanding_now)
            self.assertEqual(bucket_sum(row), table_row.outstanding_now)
            self.assertLessEqual(row.credit, ZERO)
            for bucket in (row.not_aged, row.days_0_30, row.days_31_60, row.days_61_90):
                self.assertGreaterEqual(bucket, ZERO)
            self.assertGreaterEqual(row.over_90, ZERO)
        self.assertEqual(bucket_sum(result.total), result.total.outstanding)
        self.assertPlainValues(result)


def bucket_sum(row: AgeingRow) -> Decimal:
    return row.not_aged + row.days_0_30 + row.days_31_60 + row.days_61_90 + row.over_90 + row.credit


def deck_profit_and_loss():
    return profit_and_loss(
        products=[PRODUCT_A, PRODUCT_B],
        lines=[ADVERTISING, SALARIES, RELATIONS],
        # The forecast's amounts, one row per customer.
        income_plan=[
            (PRODUCT_A, 1, D("20000.00")),
            (PRODUCT_A, 1, D("5000.00")),
            (PRODUCT_A, 2, D("30000.00")),
            (PRODUCT_B, 1, D("10000.00")),
            (PRODUCT_B, 2, D("12500.50")),
        ],
        income_actual=[
            (PRODUCT_A, 1, D("26000.00")),
            (PRODUCT_A, 2, D("27000.00")),
            (PRODUCT_B, 1, D("9000.00")),
        ],
        expense_plan=[
            (ADVERTISING, 1, D("3000.00")),
            (ADVERTISING, 2, D("3000.00")),
            (SALARIES, 1, D("8000.00")),
            (SALARIES, 2, D("8000.00")),
            (RELATIONS, 1, D("1500.25")),
        ],
        expense_actual=[
            (ADVERTISING, 1, D("2800.00")),
            (ADVERTISING, 2, D("3500.00")),
            (SALARIES, 1, D("8000.00")),
            (SALARIES, 2, D("8000.00")),
            (RELATIONS, 1, D("1700.00")),
        ],
    )


class ProfitAndLossTests(PlainValuesMixin, SimpleTestCase):
    def test_a_month_of_the_projected_pnl(self):
        table = deck_profit_and_loss()
        self.assertEqual(table.products, (PRODUCT_A, PRODUCT_B))
        self.assertEqual(table.lines, (ADVERTISING, SALARIES, RELATIONS))
        self.assertEqual([row.month for row in table.rows], list(MONTHS))
        january = table.rows[0]
        # Income 25,000.00 + 10,000.00 planned, 26,000.00 + 9,000.00 actual.
        self.assertEqual(
            january.income[PRODUCT_A],
            PlanActual(D("25000.00"), D("26000.00"), D("1000.00"), D("104.0")),
        )
        self.assertEqual(january.income_total.plan, D("35000.00"))
        self.assertEqual(january.income_total.actual, D("35000.00"))
        # Expenses 3,000.00 + 8,000.00 + 1,500.25 planned, 2,800.00 + 8,000.00 + 1,700.00 actual.
        self.assertEqual(january.expense_total.plan, D("12500.25"))
        self.assertEqual(january.expense_total.actual, D("12500.00"))
        # Profit 22,499.75 planned, 22,500.00 actual: 100.0011 % → 100.0.
        self.assertEqual(
            january.profit, PlanActual(D("22499.75"), D("22500.00"), D("0.25"), D("100.0"))
        )
        february = table.rows[1]
        # Income 42,500.50 / 27,000.00, expenses 11,000.00 / 11,500.00,
        # profit 31,500.50 / 15,500.00: 49.2056 % → 49.2.
        self.assertEqual(
            february.profit, PlanActual(D("31500.50"), D("15500.00"), D("-16000.50"), D("49.2"))
        )
        self.assertEqual(february.income[PRODUCT_B].actual, ZERO)
        self.assertEqual(february.income[PRODUCT_B].achievement, D("0.0"))
        march = table.rows[2]
        self.assertEqual(march.profit, PlanActual(ZERO, ZERO, ZERO, None))
        self.assertPlainValues(table)

    def test_the_total_row(self):
        total = deck_profit_and_loss().total
        self.assertIsNone(total.month)
        # 合计 income: A 55,000.00 / 53,000.00 (96.36 %), B 22,500.50 / 9,000.00 (39.999 %).
        self.assertEqual(
            total.income,
            {
                PRODUCT_A: PlanActual(D("55000.00"), D("53000.00"), D("-2000.00"), D("96.4")),
                PRODUCT_B: PlanActual(D("22500.50"), D("9000.00"), D("-13500.50"), D("40.0")),
            },
        )
        self.assertEqual(
            total.income_total, PlanActual(D("77500.50"), D("62000.00"), D("-15500.50"), D("80.0"))
        )
        # 合计 expenses: advertising 6,000 / 6,300, salaries 16,000 / 16,000,
        # relations 1,500.25 / 1,700.00 (113.31 %).
        self.assertEqual(
            total.expenses,
            {
                ADVERTISING: PlanActual(D("6000.00"), D("6300.00"), D("300.00"), D("105.0")),
                SALARIES: PlanActual(D("16000.00"), D("16000.00"), ZERO, D("100.0")),
                RELATIONS: PlanActual(D("1500.25"), D("1700.00"), D("199.75"), D("113.3")),
            },
        )
        self.assertEqual(
            total.expense_total, PlanActual(D("23500.25"), D("24000.00"), D("499.75"), D("102.1"))
        )
        # Profit 77,500.50 − 23,500.25 = 54,000.25 planned, 62,000.00 − 24,000.00 = 38,000.00
        # actual: 70.37 %.
        self.assertEqual(
            total.profit, PlanActual(D("54000.25"), D("38000.00"), D("-16000.25"), D("70.4"))
        )

    def test_the_total_row_is_the_sum_of_the_months(self):
        table = deck_profit_and_loss()
        for name in ("plan", "actual", "variance"):
            months_sum = sum((getattr(row.profit, name) for row in table.rows), ZERO)
            self.assertEqual(months_sum, getattr(table.total.profit, name))


class ParetoTests(PlainValuesMixin, SimpleTestCase):
    def test_customers_in_order_of_sales_with_shares(self):
        rows = pareto(
            [
                (WANXING, D("10000.00"), D("-1000.00")),
                (LANGTONG, D("60000.00"), D("12000.00")),
                (TAIYUE, D("30000.00"), D("9000.00")),
            ]
        )
        self.assertEqual(
            rows,
            [
                ParetoRow(LANGTONG, D("60000.00"), D("12000.00"), D("60.0"), D("60.0"), D("60.0")),
                ParetoRow(TAIYUE, D("30000.00"), D("9000.00"), D("30.0"), D("45.0"), D("90.0")),
                ParetoRow(WANXING, D("10000.00"), D("-1000.00"), D("10.0"), D("-5.0"), D("100.0")),
            ],
        )
        self.assertPlainValues(rows)

    def test_ties_go_by_id_and_the_cumulative_share_ends_at_100(self):
        rows = pareto([(id_, D("100.00"), D("0.00")) for id_ in (3, 1, 2)])
        self.assertEqual([row.customer for row in rows], [1, 2, 3])
        self.assertEqual([row.sales_share for row in rows], [D("33.3")] * 3)
        self.assertEqual(
            [row.cumulative_sales_share for row in rows], [D("33.3"), D("66.7"), D("100.0")]
        )
        self.assertEqual([row.profit_share for row in rows], [None] * 3)

    def test_rows_of_one_customer_are_added_up(self):
        rows = pareto([(LANGTONG, D("10.00"), D("1.00")), (LANGTONG, D("5.50"), D("0.50"))])
        self.assertEqual(rows, [ParetoRow(LANGTONG, D("15.50"), D("1.50"), *[D("100.0")] * 3)])

    def test_no_customers(self):
        self.assertEqual(pareto([]), [])


class PerformanceTests(PlainValuesMixin, SimpleTestCase):
    def test_plan_against_actual_by_product(self):
        table = performance(
            [(PRODUCT_A, 1, D("100.00")), (PRODUCT_A, 2, D("100.00")), (PRODUCT_B, 1, D("50.00"))],
            [(PRODUCT_A, 1, D("150.50")), (PRODUCT_B, 3, D("10.00")), (12, 1, D("5.00"))],
        )
        self.assertEqual(
            table.rows,
            (
                PerformanceRow(PRODUCT_A, D("200.00"), D("150.50"), D("-49.50"), D("75.3")),
                PerformanceRow(PRODUCT_B, D("50.00"), D("10.00"), D("-40.00"), D("20.0")),
                PerformanceRow(12, ZERO, D("5.00"), D("5.00"), None),
            ),
        )
        self.assertEqual(
            table.total, PerformanceRow(None, D("250.00"), D("165.50"), D("-84.50"), D("66.2"))
        )
        self.assertPlainValues(table)

    def test_year_to_date_compares_only_the_months_given(self):
        table = performance(
            [(LANGTONG, 1, D("100.00")), (LANGTONG, 2, D("100.00"))],
            [(LANGTONG, 1, D("90.00"))],
            months=[1],
        )
        self.assertEqual(
            table.rows, (PerformanceRow(LANGTONG, D("100.00"), D("90.00"), D("-10.00"), D("90.0")),)
        )


class DataclassesTests(SimpleTestCase):
    def test_results_are_frozen(self):
        row = deck_collections().total
        self.assertIsInstance(row, CollectionRow)
        with self.assertRaises(dataclasses.FrozenInstanceError):
            row.opening = ZERO
