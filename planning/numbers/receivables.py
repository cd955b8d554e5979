"""Receivables: the collections plan per customer, its outstanding balance and its ageing."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from planning.numbers import rollups
from planning.numbers.rollups import Cells
from salesplan.money import ZERO, quantize_money
from salesplan.months import MONTHS

BUCKETS = (
    "not_aged",
    "days_0_30",
    "days_31_60",
    "days_61_90",
    "over_90",
    "credit",
    "outstanding",
)
RECENT_BUCKETS = ("days_0_30", "days_31_60", "days_61_90")  # invoiced 0, 1, 2 months before


@dataclass(frozen=True)
class CollectionRow:
    """A customer row of the collections plan (帐款回收规划表); `customer` is None on 合计.

    Each month has its plan (计划) and, once the month's actuals are in, its actual (实收);
    outstanding (总欠款) likewise: `outstanding_plan` = opening + planned invoicing (the
    targets) − planned collections to date, `outstanding_actual` = opening + actual sales −
    actual collections to date (None after the latest month with actuals)."""

    customer: int | None
    opening: Decimal
    planned: dict[int, Decimal]
    collected: dict[int, Decimal | None]
    invoiced_plan: dict[int, Decimal]
    invoiced_actual: dict[int, Decimal | None]
    outstanding_plan: dict[int, Decimal]
    outstanding_actual: dict[int, Decimal | None]
    planned_total: Decimal
    collected_total: Decimal | None
    as_of: int
    # The opening balance by the month of last year it was invoiced in; 0: not aged.
    opening_parts: Mapping[int, Decimal] = field(default_factory=dict)

    @property
    def year_end_plan(self) -> Decimal:
        return self.outstanding_plan[12]

    @property
    def outstanding_now(self) -> Decimal:
        """Actual outstanding at the latest month with actuals (the opening before any)."""
        return self.outstanding_actual[self.as_of] if self.as_of else self.opening


@dataclass(frozen=True)
class ProductCollections:
    """One product's row under its customer in the collections plan (the deck's 客户 · 产品 ·
    数量 rows): the year's target quantity, and each month's plan and actual (None after the
    latest month with actuals). A customer's outstanding and ageing are the customer's, not a
    product's: the debt is the customer's."""

    customer: int
    product: int
    quantity: Decimal
    planned: dict[int, Decimal]
    collected: dict[int, Decimal | None]
    planned_total: Decimal
    collected_total: Decimal | None


@dataclass(frozen=True)
class CollectionsTable:
    rows: tuple[CollectionRow, ...]
    total: CollectionRow
    as_of: int
    # Each customer's product rows (the customer's row is their sum).
    details: Mapping[int, tuple[ProductCollections, ...]] = field(default_factory=dict)

    @property
    def actual_months(self) -> frozenset[int]:
        return frozenset(range(1, self.as_of + 1))


@dataclass(frozen=True)
class AgeingRow:
    customer: int | None
    not_aged: Decimal
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


def outstanding_by_month(
    opening: Decimal, invoiced: Mapping[int, Decimal], collected: Mapping[int, Decimal], last: int
) -> dict[int, Decimal]:
    """The outstanding balance at the end of months 1..last: opening + invoiced to date −
    collected to date (the one rule, for plan and actual alike)."""
    balance, balances = opening, {}
    for month in range(1, last + 1):
        balance += invoiced.get(month, ZERO) - collected.get(month, ZERO)
        balances[month] = balance
    return balances


def opening_parts(opening: "Decimal | Mapping[int, Decimal]") -> dict[int, Decimal]:
    """An opening balance by the month of the previous year it was invoiced in (0: not known,
    未分龄), in exact cents; a bare amount is all not aged."""
    if not isinstance(opening, Mapping):
        opening = {0: opening}
    parts = {}
    for month, amount in opening.items():
        if month not in range(13):
            raise ValueError(f"an opening balance's month must be 0–12, not {month!r}")
        parts[month] = quantize_money(rollups.as_decimal(amount))
    return parts


def collections(
    *,
    customers: list[int],
    opening: "Mapping[int, Decimal | Mapping[int, Decimal]]",
    planned: Cells,
    collected: Cells,
    forecast: Cells,
    actual_sales: Cells,
    as_of: int,
    details: Mapping[int, tuple[ProductCollections, ...]] | None = None,
) -> CollectionsTable:
    """The collections plan per customer and month, plan (计划) beside actual (实收), with the
    outstanding balance (总欠款) of each. A customer's opening is an amount (not aged) or its
    parts by the month of last year they were invoiced in (`opening_parts`). Months after
    `as_of` (the latest month with actuals) have no actual. Rows: the listed customers, then
    any other with figures."""
    if as_of not in range(13):
        raise ValueError(f"as_of must be a month 0–12, not {as_of!r}")
    grids = [_by_customer(cells) for cells in (planned, collected, forecast, actual_sales)]
    listed = list(dict.fromkeys(customers))
    others = set().union(*grids, opening) - set(listed)
    order = listed + sorted(others)
    empty = dict.fromkeys(MONTHS, ZERO)
    rows = []
    for customer in order:
        cells = [grid.get(customer, empty) for grid in grids]
        parts = opening_parts(opening.get(customer, {}))
        rows.append(
            _collection_row(customer, sum(parts.values(), ZERO), *cells, as_of=as_of, parts=parts)
        )
    totals = [
        {month: sum((getattr(row, name)[month] or ZERO for row in rows), ZERO) for month in MONTHS}
        for name in ("planned", "collected", "invoiced_plan", "invoiced_actual")
    ]
    total = _collection_row(None, sum((row.opening for row in rows), ZERO), *totals, as_of=as_of)
    return CollectionsTable(rows=tuple(rows), total=total, as_of=as_of, details=details or {})


def product_details(
    *,
    planned: Iterable[tuple[int, int, int, Decimal]],
    collected: Iterable[tuple[int, int, int, Decimal]],
    quantities: Iterable[tuple[int, int, Decimal]],
    as_of: int,
    order: Iterable[int] = (),
) -> dict[int, tuple[ProductCollections, ...]]:
    """Each customer's products (those with a target or a collection, in `order`, then by id):
    the rows (customer, product, month, amount) summed into months; `quantities` (customer,
    product, the year's target quantity)."""
    rank = {product: index for index, product in enumerate(order)}
    cells: dict[tuple[int, int], list[dict[int, Decimal]]] = {}
    for index, rows in enumerate((planned, collected)):
        for customer, product, month, amount in rows:
            months = cells.setdefault((customer, product), [{}, {}])[index]
            months[month] = months.get(month, ZERO) + quantize_money(rollups.as_decimal(amount))
    quantity = {(c, p): q or ZERO for c, p, q in quantities}
    for key in quantity:
        cells.setdefault(key, [{}, {}])
    details: dict[int, list[ProductCollections]] = {}
    ordered = sorted(
        cells.items(), key=lambda item: (item[0][0], rank.get(item[0][1], len(rank)), item[0][1])
    )
    for (customer, product), (plan_cells, actual_cells) in ordered:
        plan_months = {m: plan_cells.get(m, ZERO) for m in MONTHS}
        details.setdefault(customer, []).append(
            ProductCollections(
                customer=customer,
                product=product,
                quantity=quantity.get((customer, product), ZERO),
                planned=plan_months,
                collected={m: actual_cells.get(m, ZERO) if m <= as_of else None for m in MONTHS},
                planned_total=sum(plan_months.values(), ZERO),
                collected_total=(
                    sum((actual_cells.get(m, ZERO) for m in range(1, as_of + 1)), ZERO)
                    if as_of
                    else None
                ),
            )
        )
    return {customer: tuple(rows) for customer, rows in details.items()}


def _by_customer(cells: Cells) -> dict[int, dict[int, Decimal]]:
    """Cells (customer, month, amount) summed per customer into months 1–12, in exact cents
    (each amount quantized on the way in, as the roll-ups do)."""
    grid: dict[int, dict[int, Decimal]] = {}
    for customer, month, amount in cells:
        if month not in MONTHS:
            raise ValueError(f"month must be 1–12, not {month!r}")
        months = grid.get(customer)
        if months is None:
            months = grid[customer] = dict.fromkeys(MONTHS, ZERO)
        months[month] += quantize_money(rollups.as_decimal(amount))
    return grid


def _collection_row(customer, opening, planned, collected, forecast, sales, *, as_of, parts=None):
    plan_balance = outstanding_by_month(opening, forecast, planned, 12)
    actual_balance = outstanding_by_month(opening, sales, collected, as_of)
    return CollectionRow(
        customer=customer,
        opening=opening,
        planned=planned,
        collected={m: (collected[m] if m <= as_of else None) for m in MONTHS},
        invoiced_plan=forecast,
        invoiced_actual={m: (sales[m] if m <= as_of else None) for m in MONTHS},
        outstanding_plan=plan_balance,
        outstanding_actual={m: actual_balance.get(m) for m in MONTHS},
        planned_total=sum(planned.values(), ZERO),
        collected_total=(sum((collected[m] for m in range(1, as_of + 1)), ZERO) if as_of else None),
        as_of=as_of,
        opening_parts=parts if parts is not None else {0: opening},
    )


def ageing(table: CollectionsTable, as_of: int | None = None) -> AgeingTable:
    """Age each customer's outstanding at the end of month `as_of` (by default the latest month
    with actuals; 0, the opening, when there are none)."""
    month = table.as_of if as_of is None else as_of
    if month not in range(13):
        raise ValueError(f"as_of must be a month 0–12, not {month!r}")
    rows = tuple(
        age(
            customer=row.customer,
            opening=row.opening_parts,
            invoiced={m: v for m, v in row.invoiced_actual.items() if v is not None},
            collected={m: v for m, v in row.collected.items() if v is not None},
            as_of=month,
        )
        for row in table.rows
    )
    return AgeingTable(as_of=month, rows=rows, total=sum_ageing(rows))


def age(
    *,
    opening: "Decimal | Mapping[int, Decimal]",
    invoiced: Mapping[int, Decimal],
    collected: Mapping[int, Decimal],
    as_of: int,
    customer: int | None = None,
) -> AgeingRow:
    """One customer's debt at the end of month `as_of`, by age: the rule every surface uses.

    The collections of months 1..as_of settle the oldest debt first (FIFO): the opening balance
    (owed before the year began: its part of unknown age, then its parts by the month of last
    year they were invoiced in, oldest first), then each month's invoiced sales. A negative
    invoice (a credit note) or a negative opening balance settles debt as a collection does.
    What is still unpaid of month as_of's invoices is 0–30 days old, of the month before
    31–60, of the one before that 61–90, of older months over 90; a part of the opening
    invoiced in month p of last year is as_of + 12 − p months old. What is unpaid of the
    opening's part of unknown age is "not aged" (未分龄): it is never counted as over 90 days.
    Collections beyond everything invoiced are a credit, a negative amount. The buckets plus
    the credit sum exactly to the outstanding.
    """
    # Plain loops, not generator sums: headquarters ages every customer of every region (9,000
    # at the benchmark's scale) on each roll-up.
    collected_to_date = ZERO
    for month in range(1, as_of + 1):
        collected_to_date += collected.get(month, ZERO)
    # Debt over 90 days old lands in one bucket, so its invoices settle as one: the older
    # months' net sales. (A credit note among them settles the rest of them first; netting
    # leaves the same unpaid remainder and the same settling for the younger months.)
    older = ZERO
    for month in range(1, as_of - 2):
        older += invoiced.get(month, ZERO)
    parts = opening_parts(opening)
    invoices = [("not_aged", parts.get(0, ZERO))]
    invoices += [(_bucket(as_of + 12 - month), parts[month]) for month in sorted(parts) if month]
    invoices.append(("over_90", older))
    for month in range(max(as_of - 2, 1), as_of + 1):
        invoices.append((RECENT_BUCKETS[as_of - month], invoiced.get(month, ZERO)))
    settling, owed = collected_to_date, ZERO
    for _bucket_name, amount in invoices:
        owed += amount
        if amount < 0:
            settling -= amount
    unpaid = dict.fromkeys(BUCKETS[:5], ZERO)
    for bucket, amount in invoices:
        if amount > 0:
            settled = min(max(settling, ZERO), amount)
            settling -= settled
            unpaid[bucket] += amount - settled
    return AgeingRow(
        customer=customer, **unpaid, credit=-settling, outstanding=owed - collected_to_date
    )


def _bucket(months_old: int) -> str:
    """The ageing bucket of an invoice `months_old` months before the month aged."""
    return RECENT_BUCKETS[months_old] if months_old < len(RECENT_BUCKETS) else "over_90"


def sum_ageing(rows: Iterable[AgeingRow], key: int | None = None) -> AgeingRow:
    """The ageing of a group (a region, a company) as the sum of its customers' ageing: one
    customer's advance payment never hides another's overdue debt."""
    totals = dict.fromkeys(BUCKETS, ZERO)
    for row in rows:
        for name in BUCKETS:
            totals[name] += getattr(row, name)
    return AgeingRow(customer=key, **{name: quantize_money(v) for name, v in totals.items()})
