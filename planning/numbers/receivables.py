"""Receivables: the collections plan per customer, its outstanding balance and its ageing."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from planning.numbers import rollups
from planning.numbers.rollups import Cells
from salesplan.money import ZERO, quantize_money

BUCKETS = ("days_0_30", "days_31_60", "days_61_90", "over_90", "credit", "outstanding")
RECENT_BUCKETS = ("days_0_30", "days_31_60", "days_61_90")  # invoiced 0, 1, 2 months before


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
    """The collections plan per customer and month, with the outstanding balance (总欠款).

    Outstanding at the end of month m = opening balance + invoiced sales of months 1..m −
    collected in months 1..m. A month's invoiced sales are its actual sales once that month's
    actuals are entered (a customer without an actual row then invoiced 0), else the forecast
    (the targets' amount). Collected means actually collected (实收); planned collections are
    shown beside it but never enter the balance. Rows: the listed customers, then any other.
    """
    entered = sorted(set(actual_months))
    rollups.check_months(entered)
    frames = [rollups.cells_frame(rows) for rows in (planned, collected, forecast, actual_sales)]
    order = rollups.key_order(customers, *frames, extra=opening)
    planned_grid, collected_grid, forecast_grid, actual_grid = (
        rollups.month_grid(f, order) for f in frames
    )
    invoiced = forecast_grid.copy()
    invoiced[entered] = actual_grid[entered]
    opening_column = pd.Series(
        [quantize_money(rollups.as_decimal(opening.get(customer, ZERO))) for customer in order],
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
    rows = tuple(
        age(
            customer=row.customer,
            opening=row.opening,
            invoiced=row.invoiced,
            collected=row.collected,
            as_of=month,
        )
        for row in table.rows
    )
    return AgeingTable(as_of=month, rows=rows, total=sum_ageing(rows))


def age(
    *,
    opening: Decimal,
    invoiced: Mapping[int, Decimal],
    collected: Mapping[int, Decimal],
    as_of: int,
    customer: int | None = None,
) -> AgeingRow:
    """One customer's debt at the end of month `as_of`, by age: the rule every surface uses.

    The collections of months 1..as_of settle the oldest debt first (FIFO): the opening balance,
    taken as invoiced in month 0 (the December before), then each month's invoiced sales. A
    negative invoice (a credit note) or a negative opening balance settles debt as a collection
    does. What is still unpaid of month as_of's invoices is 0–30 days old, of the month before
    31–60, of the one before that 61–90; of older months and of the whole opening balance (whose
    real age is unknown) over 90. Collections beyond everything invoiced are a credit, a
    negative amount. The four buckets plus the credit sum exactly to the outstanding.
    """
    months = range(1, as_of + 1)
    collected_to_date = sum((collected.get(month, ZERO) for month in months), ZERO)
    # Debt over 90 days old lands in one bucket, so its invoices settle as one: the opening plus
    # the older months' net sales. (A credit note among them settles the rest of them first;
    # netting leaves the same unpaid remainder and the same settling for the younger months.)
    older = opening + sum((invoiced.get(month, ZERO) for month in range(1, as_of - 2)), ZERO)
    invoices = [("over_90", older)] + [
        (RECENT_BUCKETS[as_of - month], invoiced.get(month, ZERO))
        for month in range(max(as_of - 2, 1), as_of + 1)
    ]
    settling = collected_to_date - sum((amount for _, amount in invoices if amount < 0), ZERO)
    unpaid = dict.fromkeys(BUCKETS[:4], ZERO)
    for bucket, amount in invoices:
        if amount > 0:
            settled = min(max(settling, ZERO), amount)
            settling -= settled
            unpaid[bucket] += amount - settled
    return AgeingRow(
        customer=customer,
        **unpaid,
        credit=-settling,
        outstanding=sum((amount for _, amount in invoices), ZERO) - collected_to_date,
    )


def sum_ageing(rows: Iterable[AgeingRow], key: int | None = None) -> AgeingRow:
    """The ageing of a group (a region, a company) as the sum of its customers' ageing: one
    customer's advance payment never hides another's overdue debt."""
    totals = dict.fromkeys(BUCKETS, ZERO)
    for row in rows:
        for name in BUCKETS:
            totals[name] += getattr(row, name)
    return AgeingRow(customer=key, **{name: quantize_money(v) for name, v in totals.items()})


def _collection_row(customer, opening, planned, collected, invoiced, outstanding) -> CollectionRow:
    planned, collected, invoiced = (
        rollups.by_month(planned),
        rollups.by_month(collected),
        rollups.by_month(invoiced),
    )
    return CollectionRow(
        customer=customer,
        opening=quantize_money(opening),
        planned=planned,
        collected=collected,
        invoiced=invoiced,
        outstanding=rollups.by_month(outstanding),
        planned_total=sum(planned.values(), ZERO),
        collected_total=sum(collected.values(), ZERO),
        invoiced_total=sum(invoiced.values(), ZERO),
    )
