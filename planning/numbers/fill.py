"""The targets grid's fill tools: spread an annual figure, copy last year, split a total.

The tools propose quantities per (customer, month); `fill_targets` keeps what may be written
(the grid's own customers, never below zero) and saves it through the one write path.
"""

from decimal import Decimal

from planning.models import ActualSale, Plan
from planning.numbers.allocation import allocate, grow, spread_over_months
from planning.numbers.grids import CellChange, SaveResult, TargetsByProduct
from planning.numbers.saving import save_cells
from salesplan.months import MONTHS

LastYear = dict[int, dict[int, Decimal]]  # customer → month → last year's actual quantity
Cells = dict[tuple[int, int], Decimal]  # (customer, month) → quantity


def seasonality(last_year: LastYear, customer: int) -> list[Decimal]:
    """The customer's last-year quantities, January first: the weights of a seasonal spread."""
    months = last_year.get(customer, {})
    return [months.get(month, Decimal(0)) for month in MONTHS]


def spread(customer: int, annual: Decimal, weights: list[Decimal] | None = None) -> Cells:
    """One customer's annual quantity over the twelve months, evenly or by `weights`."""
    return {
        (customer, month): value for month, value in spread_over_months(annual, weights).items()
    }


def copy_last_year(last_year: LastYear, growth: Decimal) -> Cells:
    """Last year's quantities, each grown by `growth` percent."""
    return {
        (customer, month): grow(quantity, growth)
        for customer, months in last_year.items()
        for month, quantity in months.items()
    }


def split_total(last_year: LastYear, rows: list[int], total: Decimal) -> Cells:
    """A regional total shared by last year's quantities per customer, each share then spread
    by that customer's seasonality; the parts add up to the total exactly."""
    shares = {row: sum(last_year.get(row, {}).values(), Decimal(0)) for row in rows}
    cells: Cells = {}
    for customer, annual in allocate(total, shares).items():
        cells.update(spread(customer, annual, seasonality(last_year, customer)))
    return cells


def writable(cells: Cells, rows) -> Cells:
    """What a fill may write: the grid's own customers only (one no longer in the grid is left
    out), and never below zero (a month of net returns is copied as zero): a target cannot be
    negative."""
    rows = set(rows)
    return {
        (customer, month): max(value, Decimal(0))
        for (customer, month), value in cells.items()
        if customer in rows
    }


def last_year_quantities(plan: Plan, product) -> LastYear:
    """Last period's actual quantities of the product in the plan's region."""
    previous = plan.period.previous()
    last_year: LastYear = {}
    if previous is None:
        return last_year
    actuals = ActualSale.objects.filter(region=plan.region, period=previous, product=product)
    for customer, month, quantity in actuals.values_list("customer_id", "month", "quantity"):
        last_year.setdefault(customer, {})[month] = quantity
    return last_year


def fill_targets(grid: TargetsByProduct, *, user, tool: str, **options) -> SaveResult | None:
    """Run a fill tool on the grid and save its cells; None when it has nothing to write.

    `options`: spread takes `customer`, `annual` and `weights` (a list, "seasonal" or None for
    even); copy takes `growth`; split takes `total`.
    """
    last_year = last_year_quantities(grid.plan, grid.product)
    rows = [row.id for row in grid.rows()]
    if tool == "spread":
        customer, weights = options["customer"], options.get("weights")
        if weights == "seasonal":
            weights = seasonality(last_year, customer)
        cells = spread(customer, options["annual"], weights)
    elif tool == "copy":
        cells = copy_last_year(last_year, options["growth"])
    elif tool == "split":
        cells = split_total(last_year, rows, options["total"])
    else:
        raise ValueError(f"unknown fill tool {tool!r}")
    stored = grid.cells()
    changes = [
        CellChange(row, month, str(value), stored.get((row, month), (0, 0))[1])
        for (row, month), value in writable(cells, rows).items()
    ]
    return save_cells(grid, user=user, changes=changes) if changes else None
