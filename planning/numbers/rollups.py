"""Every roll-up of the plan's figures, in exact Decimal: plain rows in, frozen dataclasses out.

Inputs are rows as `values_list()` gives them, mostly cells `(key, month, amount)` with the month
1–12. pandas stays in this module: amounts are kept as Decimal objects (object dtype, where `sum`
and `pivot_table(aggfunc="sum")` are exact; `mean` would return floats and is never used), a float
in the input is refused, and amounts are quantized to cents (`quantize_money`) on the way in, so
every total is exactly the sum of the cells it shows. Percentages are Decimal to one place, half
up, and None when their base is zero.

Rules computed here:

- Outstanding (总欠款) at the end of month m = opening balance + invoiced sales of months 1..m −
  collected in months 1..m. A month's invoiced sales are its actual sales once that month's actuals
  are entered (a customer without an actual row then invoiced 0), else the sales forecast (the
  targets' amount). Collected means actually collected (实收); planned collections are shown beside
  it but never enter the balance.
- Ageing as of the end of month M: the collections of months 1..M settle the oldest debt first
  (FIFO): the opening balance, taken as invoiced in month 0 (the December before), then each month's
  invoiced sales. A negative invoice (a credit note) or a negative opening balance settles debt as a
  collection does. What is still unpaid of month M's invoices is 0–30 days old, of M−1 31–60, of
  M−2 61–90; of older months and of the whole opening balance (whose real age is unknown) over 90.
  Collections beyond everything invoiced are a credit, a negative amount. The four buckets plus the
  credit sum exactly to the outstanding at M.
- Projected P&L (预期损益): profit = income − expenses, for plan and actual alike. Variance (gap) =
  actual − plan; achievement = actual / plan × 100; growth = (current − previous) / previous × 100.
- Rows are the keys the caller lists, in that order, then any other key found in the figures (by
  id), so that no amount ever drops out of a total.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext

import pandas as pd

from planning.numbers.allocation import allocate
from salesplan.money import ZERO, quantize_money

MONTHS = tuple(range(1, 13))
TENTH = Decimal("0.1")

Cells = Iterable[tuple[int, int, Decimal]]


@dataclass(frozen=True)
class GridTotals:
    row_totals: dict[int, Decimal]
    month_totals: dict[int, Decimal]
    grand_total: Decimal


@dataclass(frozen=True)
class CollectionRow:
    """A customer row of the collections plan (帐款回收规划表); `customer` is None on 合计."""

    customer: int | None
    opening: Decimal
    planned: dict[int, Decimal]
    collected: dict[int, Decimal]
    invoiced: dict[int, Decimal]
    outstanding: dict[int, Decimal]
    planned_total: Decimal
    collected_total: Decimal
    invoiced_total: Decimal


@dataclass(frozen=True)
class CollectionsTable:
    rows: tuple[CollectionRow, ...]
    total: CollectionRow
    actual_months: frozenset[int]


@dataclass(frozen=True)
class AgeingRow:
    customer: int | None
    days_0_30: Decimal
    days_31_60: Decimal
    days_61_90: Decimal
    over_90: Decimal
    credit: Decimal
    outstanding: Decimal


@dataclass(frozen=True)
class AgeingTable:
    as_of: int
    rows: tuple[AgeingRow, ...]
    total: AgeingRow


@dataclass(frozen=True)
class PlanActual:
    plan: Decimal
    actual: Decimal
    variance: Decimal
    achievement: Decimal | None


@dataclass(frozen=True)
class PnLRow:
    """One month of the projected P&L; `month` is None on the total row (合计)."""

    month: int | None
    income: dict[int, PlanActual]
    income_total: PlanActual
    expenses: dict[int, PlanActual]
    expense_total: PlanActual
    profit: PlanActual


@dataclass(frozen=True)
class PnLTable:
    products: tuple[int, ...]
    lines: tuple[int, ...]
    rows: tuple[PnLRow, ...]
    total: PnLRow


@dataclass(frozen=True)
class ParetoRow:
    customer: int
    sales: Decimal
    profit: Decimal
    sales_share: Decimal | None
    profit_share: Decimal | None
    cumulative_sales_share: Decimal | None


@dataclass(frozen=True)
class PerformanceRow:
    """Plan against actual for one product or customer; `key` is None on the total row."""

    key: int | None
    plan: Decimal
    actual: Decimal
    gap: Decimal
    achievement: Decimal | None


@dataclass(frozen=True)
class PerformanceTable:
    rows: tuple[PerformanceRow, ...]
    total: PerformanceRow


def grid_totals(cells: Cells) -> GridTotals:
    """Row, month and grand totals of a grid of (row_id, month, value) cells."""
    frame = _cells(cells)
    by_row = frame.groupby("key")["amount"].sum()
    by_month = frame.groupby("month")["amount"].sum().reindex(list(MONTHS), fill_value=ZERO)
    return GridTotals(
        row_totals={row: quantize_money(total) for row, total in by_row.items()},
        month_totals=_by_month(by_month),
        grand_total=quantize_money(frame["amount"].sum()),
    )


@dataclass(frozen=True)
class MonthMatrix:
    """A key × month table with its totals, e.g. targets by product and month."""

    keys: tuple[int, ...]
    cells: dict[int, dict[int, Decimal]]
    row_totals: dict[int, Decimal]
    month_totals: dict[int, Decimal]
    grand_total: Decimal


def month_matrix(cells: Cells, keys: Iterable[int] = ()) -> MonthMatrix:
    """Sum cells into rows (the listed keys first, then any other) × months 1–12."""
    frame = _cells(cells)
    order = _order(keys, frame)
    table = _grid(frame, order)
    rows = {key: {month: quantize_money(table.at[key, month]) for month in MONTHS} for key in order}
    row_totals = {key: quantize_money(sum(rows[key].values(), ZERO)) for key in order}
    month_totals = {
        month: quantize_money(sum((rows[key][month] for key in order), ZERO)) for month in MONTHS
    }
    return MonthMatrix(
        keys=tuple(order),
        cells=rows,
        row_totals=row_totals,
        month_totals=month_totals,
        grand_total=quantize_money(sum(row_totals.values(), ZERO)),
    )


def growth_percent(current: Decimal, previous: Decimal) -> Decimal | None:
    return _percent(_decimal(current) - _decimal(previous), previous)


def achievement_percent(actual: Decimal, plan: Decimal) -> Decimal | None:
    return _percent(actual, plan)


def collections(
    *,
    customers: list[int],
    opening: dict[int, Decimal],
    planned: Cells,
    collected: Cells,
    forecast: Cells,
    actual_sales: Cells,
    actual_months: set[int],
) -> CollectionsTable:
    """The collections plan per customer and month, with the outstanding balance (总欠款)."""
    entered = sorted(set(actual_months))
    _check_months(entered)
    frames = [_cells(rows) for rows in (planned, collected, forecast, actual_sales)]
    order = _order(customers, *frames, extra=opening)
    planned_grid, collected_grid, forecast_grid, actual_grid = (_grid(f, order) for f in frames)
    invoiced = forecast_grid.copy()
    invoiced[entered] = actual_grid[entered]
    opening_column = pd.Series(
        [quantize_money(_decimal(opening.get(customer, ZERO))) for customer in order],
        index=order,
        dtype=object,
    )
    outstanding = (invoiced - collected_grid).cumsum(axis=1).add(opening_column, axis=0)
    grids = (planned_grid, collected_grid, invoiced, outstanding)
    rows = tuple(
        _collection_row(customer, opening_column[customer], *(grid.loc[customer] for grid in grids))
        for customer in order
    )
    total = _collection_row(None, opening_column.sum(), *(grid.sum(axis=0) for grid in grids))
    return CollectionsTable(rows=rows, total=total, actual_months=frozenset(entered))


def ageing(table: CollectionsTable, as_of: int | None = None) -> AgeingTable:
    """Age each customer's outstanding at the end of month `as_of` (by default the latest month
    with actuals; 0, the opening, when there are none)."""
    month = max(table.actual_months, default=0) if as_of is None else as_of
    if month not in range(13):
        raise ValueError(f"as_of must be a month 0–12, not {month!r}")
    rows = tuple(_age(row, month) for row in table.rows)
    sums = {
        name: quantize_money(sum((getattr(row, name) for row in rows), ZERO))
        for name in ("days_0_30", "days_31_60", "days_61_90", "over_90", "credit", "outstanding")
    }
    return AgeingTable(as_of=month, rows=rows, total=AgeingRow(customer=None, **sums))


def profit_and_loss(
    *,
    products: list[int],
    lines: list[int],
    income_plan: Cells,
    income_actual: Cells,
    expense_plan: Cells,
    expense_actual: Cells,
) -> PnLTable:
    """The projected P&L (预期损益表): a row per month and the total row (合计)."""
    income_frames = _cells(income_plan), _cells(income_actual)
    expense_frames = _cells(expense_plan), _cells(expense_actual)
    product_order = _order(products, *income_frames)
    line_order = _order(lines, *expense_frames)
    grids = (
        *(_grid(frame, product_order) for frame in income_frames),
        *(_grid(frame, line_order) for frame in expense_frames),
    )
    rows = tuple(_pnl_row(month, *(grid[month] for grid in grids)) for month in MONTHS)
    total = _pnl_row(None, *(grid.sum(axis=1) for grid in grids))
    return PnLTable(products=tuple(product_order), lines=tuple(line_order), rows=rows, total=total)


def pareto(rows: Iterable[tuple[int, Decimal, Decimal]]) -> list[ParetoRow]:
    """Customer contribution (客户贡献分析): largest sales first, ties by id, with shares."""
    customers, sales, profits = [], [], []
    for customer, amount, profit in rows:
        customers.append(customer)
        sales.append(quantize_money(_decimal(amount)))
        profits.append(quantize_money(_decimal(profit)))
    frame = pd.DataFrame(
        {
            "customer": pd.Series(customers, dtype=object),
            "sales": pd.Series(sales, dtype=object),
            "profit": pd.Series(profits, dtype=object),
        }
    )
    frame = frame.groupby("customer", as_index=False)[["sales", "profit"]].sum()
    frame = frame.sort_values(["sales", "customer"], ascending=[False, True])
    frame["cumulative"] = frame["sales"].cumsum()
    total_sales, total_profit = frame["sales"].sum(), frame["profit"].sum()
    return [
        ParetoRow(
            customer=row.customer,
            sales=quantize_money(row.sales),
            profit=quantize_money(row.profit),
            sales_share=_percent(row.sales, total_sales),
            profit_share=_percent(row.profit, total_profit),
            cumulative_sales_share=_percent(row.cumulative, total_sales),
        )
        for row in frame.itertuples(index=False)
    ]


def performance(
    plan_cells: Cells, actual_cells: Cells, *, months: Iterable[int] | None = None
) -> PerformanceTable:
    """Plan against actual per key (product or customer), by id, with a total row; `months`
    restricts both sides (e.g. to the months with actuals, for a year-to-date comparison)."""
    frames = _cells(plan_cells), _cells(actual_cells)
    if months is not None:
        wanted = list(months)
        _check_months(wanted)
        frames = tuple(frame[frame["month"].isin(wanted)] for frame in frames)
    order = _order((), *frames)
    plan, actual = (
        frame.groupby("key")["amount"].sum().reindex(order, fill_value=ZERO) for frame in frames
    )
    rows = tuple(_performance_row(key, plan[key], actual[key]) for key in order)
    return PerformanceTable(rows=rows, total=_performance_row(None, plan.sum(), actual.sum()))


def customer_contribution(
    sales: Iterable[tuple[int, int, Decimal, Decimal]], standard_costs: dict[int, Decimal]
) -> list[ParetoRow]:
    """Customer contribution (客户贡献分析) of actual sales rows (customer, product, quantity,
    amount): gross profit = amount − quantity × the product's standard cost, summed exactly per
    customer before any rounding, then in Pareto order with shares and the cumulative share."""
    sums: dict[int, list[Decimal]] = {}
    for customer, product, quantity, amount in sales:
        cost = _decimal(quantity) * _decimal(standard_costs.get(product, ZERO))
        totals = sums.setdefault(customer, [ZERO, ZERO])
        totals[0] += _decimal(amount)
        totals[1] += _decimal(amount) - cost
    return pareto((customer, sales, profit) for customer, (sales, profit) in sums.items())


def activity_budgets_by_month(
    activities: Iterable[tuple[int, int, Decimal]],
) -> dict[int, Decimal]:
    """The budgets of activities (start month, end month, budget), each spread evenly over its
    months in whole cents (the parts add up to the budget exactly), summed per month 1–12."""
    months = dict.fromkeys(MONTHS, ZERO)
    for start, end, budget in activities:
        running = list(range(start, end + 1))
        _check_months(running)
        if not running:
            raise ValueError(f"an activity cannot end ({end}) before it starts ({start})")
        parts = allocate(quantize_money(_decimal(budget)), dict.fromkeys(running, 1))
        for month, part in parts.items():
            months[month] += part
    return months


def _decimal(value: Decimal | int) -> Decimal:
    # A float has already lost the cents, and bool is an int by accident: refuse both.
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    raise TypeError(f"amounts must be Decimal, not {type(value).__name__}")


def _percent(part: Decimal | int, base: Decimal | int) -> Decimal | None:
    part, base = _decimal(part), _decimal(base)
    if base == 0:
        return None
    with localcontext() as context:
        # Far more digits than money has, so the division cannot move the rounding digit.
        context.prec = 50
        return (part * 100 / base).quantize(TENTH, rounding=ROUND_HALF_UP)


def share(part: Decimal | int, base: Decimal | int) -> Decimal | None:
    """part as a percentage of base, to one decimal (half up); None when base is zero."""
    return _percent(part, base)


def _check_months(months: Iterable[int]) -> None:
    for month in months:
        if month not in MONTHS:
            raise ValueError(f"month must be 1–12, not {month!r}")


def _cells(cells: Cells) -> pd.DataFrame:
    """The cells as a frame whose keys are plain ints and whose amounts stay Decimal objects."""
    keys, months, amounts = [], [], []
    for key, month, amount in cells:
        keys.append(key)
        months.append(month)
        amounts.append(quantize_money(_decimal(amount)))
    _check_months(months)
    return pd.DataFrame(
        {
            "key": pd.Series(keys, dtype=object),
            "month": pd.Series(months, dtype="int64"),
            "amount": pd.Series(amounts, dtype=object),
        }
    )


def _order(listed: Iterable[int], *frames: pd.DataFrame, extra: Iterable[int] = ()) -> list[int]:
    """The listed keys in their order, then any other key of the figures, by id."""
    listed = list(dict.fromkeys(listed))
    found = {key for frame in frames for key in frame["key"]} | set(extra)
    return listed + sorted(found - set(listed))


def _grid(frame: pd.DataFrame, order: list[int]) -> pd.DataFrame:
    """Sum the cells into a key × month frame over `order` and months 1–12, zero-filled."""
    if frame.empty:
        return pd.DataFrame(ZERO, index=order, columns=list(MONTHS), dtype=object)
    table = frame.pivot_table(
        index="key", columns="month", values="amount", aggfunc="sum", fill_value=ZERO
    )
    return table.reindex(index=order, columns=list(MONTHS), fill_value=ZERO)


def _by_month(series: pd.Series) -> dict[int, Decimal]:
    return {month: quantize_money(series[month]) for month in MONTHS}


def _collection_row(customer, opening, planned, collected, invoiced, outstanding) -> CollectionRow:
    planned, collected, invoiced = _by_month(planned), _by_month(collected), _by_month(invoiced)
    return CollectionRow(
        customer=customer,
        opening=quantize_money(opening),
        planned=planned,
        collected=collected,
        invoiced=invoiced,
        outstanding=_by_month(outstanding),
        planned_total=sum(planned.values(), ZERO),
        collected_total=sum(collected.values(), ZERO),
        invoiced_total=sum(invoiced.values(), ZERO),
    )


def _age(row: CollectionRow, as_of: int) -> AgeingRow:
    invoices = [(0, row.opening), *((month, row.invoiced[month]) for month in range(1, as_of + 1))]
    settling = sum((row.collected[month] for month in range(1, as_of + 1)), ZERO)
    settling -= sum((amount for _, amount in invoices if amount < 0), ZERO)
    unpaid = {"days_0_30": ZERO, "days_31_60": ZERO, "days_61_90": ZERO, "over_90": ZERO}
    for invoiced_in, amount in invoices:
        if amount <= 0:
            continue
        settled = min(max(settling, ZERO), amount)
        settling -= settled
        unpaid[_bucket(as_of, invoiced_in)] += amount - settled
    return AgeingRow(
        customer=row.customer,
        **unpaid,
        credit=-settling,
        outstanding=row.outstanding[as_of] if as_of else row.opening,
    )


def _bucket(as_of: int, invoiced_in: int) -> str:
    age = as_of - invoiced_in
    if invoiced_in == 0 or age > 2:
        return "over_90"
    return ("days_0_30", "days_31_60", "days_61_90")[age]


def _plan_actual(plan: Decimal | int, actual: Decimal | int) -> PlanActual:
    plan, actual = quantize_money(plan), quantize_money(actual)
    return PlanActual(
        plan=plan,
        actual=actual,
        variance=actual - plan,
        achievement=_percent(actual, plan),
    )


def _pnl_row(month, income_plan, income_actual, expense_plan, expense_actual) -> PnLRow:
    """A P&L row from per-product and per-line Series (one month's column, or the year's sums)."""
    income = {p: _plan_actual(income_plan[p], income_actual[p]) for p in income_plan.index}
    expenses = {
        line: _plan_actual(expense_plan[line], expense_actual[line]) for line in expense_plan.index
    }
    income_total = _plan_actual(income_plan.sum(), income_actual.sum())
    expense_total = _plan_actual(expense_plan.sum(), expense_actual.sum())
    profit = _plan_actual(
        income_total.plan - expense_total.plan, income_total.actual - expense_total.actual
    )
    return PnLRow(
        month=month,
        income=income,
        income_total=income_total,
        expenses=expenses,
        expense_total=expense_total,
        profit=profit,
    )


def _performance_row(key: int | None, plan: Decimal, actual: Decimal) -> PerformanceRow:
    figures = _plan_actual(plan, actual)
    return PerformanceRow(
        key=key,
        plan=figures.plan,
        actual=figures.actual,
        gap=figures.variance,
        achievement=figures.achievement,
    )
