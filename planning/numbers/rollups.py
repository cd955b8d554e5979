"""Roll-ups of the plan's figures in exact Decimal: plain rows in, frozen dataclasses out."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext

import pandas as pd

from planning.numbers.allocation import allocate
from salesplan.money import ZERO, quantize_money
from salesplan.months import MONTHS

TENTH = Decimal("0.1")

Cells = Iterable[tuple[int, int, Decimal]]


@dataclass(frozen=True)
class GridTotals:
    row_totals: dict[int, Decimal]
    month_totals: dict[int, Decimal]
    grand_total: Decimal


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
    frame = cells_frame(cells)
    by_row = frame.groupby("key")["amount"].sum()
    per_month = frame.groupby("month")["amount"].sum().reindex(list(MONTHS), fill_value=ZERO)
    return GridTotals(
        row_totals={row: quantize_money(total) for row, total in by_row.items()},
        month_totals=by_month(per_month),
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
    frame = cells_frame(cells)
    order = key_order(keys, frame)
    table = month_grid(frame, order)
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
    return _percent(as_decimal(current) - as_decimal(previous), previous)


def achievement_percent(actual: Decimal, plan: Decimal) -> Decimal | None:
    return _percent(actual, plan)


def pareto(rows: Iterable[tuple[int, Decimal, Decimal]]) -> list[ParetoRow]:
    """Customer contribution (客户贡献分析): largest sales first, ties by id, with shares."""
    customers, sales, profits = [], [], []
    for customer, amount, profit in rows:
        customers.append(customer)
        sales.append(quantize_money(as_decimal(amount)))
        profits.append(quantize_money(as_decimal(profit)))
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
    frames = cells_frame(plan_cells), cells_frame(actual_cells)
    if months is not None:
        wanted = list(months)
        check_months(wanted)
        frames = tuple(frame[frame["month"].isin(wanted)] for frame in frames)
    order = key_order((), *frames)
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
        cost = as_decimal(quantity) * as_decimal(standard_costs.get(product, ZERO))
        totals = sums.setdefault(customer, [ZERO, ZERO])
        totals[0] += as_decimal(amount)
        totals[1] += as_decimal(amount) - cost
    return pareto((customer, sales, profit) for customer, (sales, profit) in sums.items())


def activity_budgets_by_month(
    activities: Iterable[tuple[Iterable[int], Decimal]],
) -> dict[int, Decimal]:
    """The budgets of activities (the months it runs in, budget), each spread evenly over its
    months in whole cents (the parts add up to the budget exactly), summed per month 1–12. The
    months need not be contiguous (a spring and an autumn campaign); none at all is refused."""
    months = dict.fromkeys(MONTHS, ZERO)
    for running, budget in activities:
        running = sorted(set(running))
        check_months(running)
        if not running:
            raise ValueError("an activity runs in at least one month")
        parts = allocate(quantize_money(as_decimal(budget)), dict.fromkeys(running, 1))
        for month, part in parts.items():
            months[month] += part
    return months


def as_decimal(value: Decimal | int) -> Decimal:
    # A float has already lost the cents, and bool is an int by accident: refuse both.
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    raise TypeError(f"amounts must be Decimal, not {type(value).__name__}")


def _percent(part: Decimal | int, base: Decimal | int) -> Decimal | None:
    """part × 100 / base to one place, half up; None when the base is zero."""
    part, base = as_decimal(part), as_decimal(base)
    if base == 0:
        return None
    with localcontext() as context:
        # Far more digits than money has, so the division cannot move the rounding digit.
        context.prec = 50
        return (part * 100 / base).quantize(TENTH, rounding=ROUND_HALF_UP)


def share(part: Decimal | int, base: Decimal | int) -> Decimal | None:
    """part as a percentage of base, to one decimal (half up); None when base is zero."""
    return _percent(part, base)


def check_months(months: Iterable[int]) -> None:
    for month in months:
        if month not in MONTHS:
            raise ValueError(f"month must be 1–12, not {month!r}")


def cells_frame(cells: Cells) -> pd.DataFrame:
    """The cells as a frame whose keys are plain ints and whose amounts stay Decimal objects."""
    # Object dtype keeps Decimals: `sum` and `pivot_table(aggfunc="sum")` stay exact where `mean`
    # would return floats (never used). Quantized to cents on the way in, every total is exactly
    # the sum of the cells it shows.
    keys, months, amounts = [], [], []
    for key, month, amount in cells:
        keys.append(key)
        months.append(month)
        amounts.append(quantize_money(as_decimal(amount)))
    check_months(months)
    return pd.DataFrame(
        {
            "key": pd.Series(keys, dtype=object),
            "month": pd.Series(months, dtype="int64"),
            "amount": pd.Series(amounts, dtype=object),
        }
    )


def key_order(listed: Iterable[int], *frames: pd.DataFrame, extra: Iterable[int] = ()) -> list[int]:
    """The listed keys in their order, then any other key of the figures, by id."""
    listed = list(dict.fromkeys(listed))
    found = {key for frame in frames for key in frame["key"]} | set(extra)
    return listed + sorted(found - set(listed))


def month_grid(frame: pd.DataFrame, order: list[int]) -> pd.DataFrame:
    """Sum the cells into a key × month frame over `order` and months 1–12, zero-filled."""
    if frame.empty:
        return pd.DataFrame(ZERO, index=order, columns=list(MONTHS), dtype=object)
    table = frame.pivot_table(
        index="key", columns="month", values="amount", aggfunc="sum", fill_value=ZERO
    )
    return table.reindex(index=order, columns=list(MONTHS), fill_value=ZERO)


def by_month(series: pd.Series) -> dict[int, Decimal]:
    return {month: quantize_money(series[month]) for month in MONTHS}


def _performance_row(key: int | None, plan: Decimal, actual: Decimal) -> PerformanceRow:
    plan, actual = quantize_money(plan), quantize_money(actual)
    return PerformanceRow(
        key=key, plan=plan, actual=actual, gap=actual - plan, achievement=_percent(actual, plan)
    )
