"""The projected P&L (预期损益表) by month, plan against actual, in exact Decimal."""

from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd

from planning.numbers.rollups import (
    Cells,
    cells_frame,
    key_order,
    month_grid,
    share,
)
from salesplan.money import ZERO, quantize_money
from salesplan.months import MONTHS


@dataclass(frozen=True)
class PlanActual:
    """A figure's plan and actual. Before its months have actuals, actual, variance and
    achievement are None ("—"); on a total, variance and achievement compare the actual with
    the plan of the months that have actuals (`plan_to_date`)."""

    plan: Decimal
    actual: Decimal | None
    variance: Decimal | None
    achievement: Decimal | None
    plan_to_date: Decimal | None = field(default=None, compare=False)


@dataclass(frozen=True)
class PnLRow:
    """One month of the projected P&L; `month` is None on the total row (合计)."""

    month: int | None
    income: dict[int, PlanActual]
    income_total: PlanActual
    expenses: dict[int, PlanActual]
    expense_total: PlanActual
    profit: PlanActual
    cogs: PlanActual | None = None
    gross_profit: PlanActual | None = None


@dataclass(frozen=True)
class PnLTable:
    products: tuple[int, ...]
    lines: tuple[int, ...]
    rows: tuple[PnLRow, ...]
    total: PnLRow
    # The latest month with actuals the table was made for (None: every month has actuals).
    as_of: int | None = None


def profit_and_loss(
    *,
    products: list[int],
    lines: list[int],
    income_plan: Cells,
    income_actual: Cells,
    expense_plan: Cells,
    expense_actual: Cells,
    cogs_plan: Cells = (),
    cogs_actual: Cells = (),
    as_of: int | None = None,
) -> PnLTable:
    """The projected P&L (预期损益表): a row per month and the total row (合计). Gross profit =
    income − cost of goods; profit = gross profit − expenses, for plan and actual alike;
    variance = actual − plan; achievement = actual / plan × 100. `as_of` is the latest month
    with actuals: later months have no actual (None), and the total compares the actual with
    the plan through `as_of` (None: every month counts as having actuals)."""
    income_frames = cells_frame(income_plan), cells_frame(income_actual)
    expense_frames = cells_frame(expense_plan), cells_frame(expense_actual)
    cogs_frames = cells_frame(cogs_plan), cells_frame(cogs_actual)
    product_order = key_order(products, *income_frames)
    line_order = key_order(lines, *expense_frames)
    cogs_order = key_order((), *cogs_frames)
    grids = (
        *(month_grid(frame, product_order) for frame in income_frames),
        *(month_grid(frame, line_order) for frame in expense_frames),
        *(month_grid(frame, cogs_order) for frame in cogs_frames),
    )
    last = 12 if as_of is None else as_of
    rows = tuple(
        _pnl_row(month, *(grid[month] for grid in grids), has_actual=month <= last)
        for month in MONTHS
    )
    to_date = [m for m in MONTHS if m <= last]
    total = _pnl_row(
        None,
        *(grid.sum(axis=1) for grid in grids),
        has_actual=last > 0,
        to_date=tuple(_sum_columns(grid, to_date) for grid in grids[::2]),
    )
    return PnLTable(
        products=tuple(product_order),
        lines=tuple(line_order),
        rows=rows,
        total=total,
        as_of=as_of,
    )


def _plan_actual(
    plan: Decimal | int,
    actual: Decimal | int,
    *,
    has_actual: bool = True,
    plan_to_date: Decimal | int | None = None,
) -> PlanActual:
    plan, actual = quantize_money(plan), quantize_money(actual)
    if not has_actual:
        return PlanActual(plan=plan, actual=None, variance=None, achievement=None)
    base = plan if plan_to_date is None else quantize_money(plan_to_date)
    return PlanActual(
        plan=plan,
        actual=actual,
        variance=actual - base,
        achievement=share(actual, base),
        plan_to_date=None if plan_to_date is None else base,
    )


def _sum_columns(grid: pd.DataFrame, columns: list[int]) -> pd.Series:
    """Each row's sum over `columns`, in Decimal (an empty choice sums to Decimal zero)."""
    if not columns:
        return pd.Series(ZERO, index=grid.index, dtype=object)
    return grid[columns].sum(axis=1)


def _sum(series) -> Decimal:
    return sum(series, ZERO) if len(series) else ZERO


def _pnl_row(
    month,
    income_plan,
    income_actual,
    expense_plan,
    expense_actual,
    cogs_plan,
    cogs_actual,
    *,
    has_actual: bool = True,
    to_date=None,
) -> PnLRow:
    """A P&L row from per-product, per-line and per-product-cost Series (one month's column,
    or the year's sums; `to_date` holds the plan Series through the latest month with actuals,
    for the total's variance)."""
    income_to, expense_to, cogs_to = to_date or (None, None, None)

    def pair(plan, actual, plan_to):
        return _plan_actual(plan, actual, has_actual=has_actual, plan_to_date=plan_to)

    def at(series, key):
        return None if series is None else series[key]

    income = {
        p: pair(income_plan[p], income_actual[p], at(income_to, p)) for p in income_plan.index
    }
    expenses = {
        line: pair(expense_plan[line], expense_actual[line], at(expense_to, line))
        for line in expense_plan.index
    }

    def totals(plan, actual, plan_to):
        return (
            _sum(plan),
            _sum(actual),
            None if plan_to is None else _sum(plan_to),
        )

    income_sums = totals(income_plan, income_actual, income_to)
    expense_sums = totals(expense_plan, expense_actual, expense_to)
    cogs_sums = totals(cogs_plan, cogs_actual, cogs_to)

    def minus(left, right):
        return tuple(None if a is None else a - b for a, b in zip(left, right, strict=True))

    gross_sums = minus(income_sums, cogs_sums)
    profit_sums = minus(gross_sums, expense_sums)
    return PnLRow(
        month=month,
        income=income,
        income_total=pair(*income_sums),
        expenses=expenses,
        expense_total=pair(*expense_sums),
        profit=pair(*profit_sums),
        cogs=pair(*cogs_sums),
        gross_profit=pair(*gross_sums),
    )
