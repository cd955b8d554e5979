"""The targets grid's fill tools: spread an annual figure, copy last year, split a total.

A tool first proposes (`propose`): the cells it would change, each with the value it holds now
and the revision it was read at, the totals before and after, and notes on what it assumed.
The manager looks at the proposal and confirms; `apply` then saves exactly those cells through
the one write path, all or nothing, and a cell someone changed since the proposal is a conflict.

Rules:
- A product counted in whole units gets whole numbers, by the largest remainder, so that the
  parts add up to the total; other products get two decimal places the same way.
- A month without last year's figure is never a silent 0: it follows the customer's average
  recorded month (an even profile), and the proposal says which months did.
- What may be written: the grid's own customers, never below zero.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from planning.models import ActualSale, Plan
from planning.numbers.allocation import allocate
from planning.numbers.grids import CellChange, SaveResult, TargetsByProduct
from planning.numbers.saving import FILLED, save_grids
from salesplan.money import CENT
from salesplan.months import MONTHS, month_label
from salesplan.wording import join_list

LastYear = dict[int, dict[int, Decimal]]  # customer → month → last year's actual quantity
Cells = dict[tuple[int, int], Decimal]  # (customer, month) → quantity
ZERO = Decimal(0)
WHOLE = Decimal(1)


class FillRefused(ValueError):
    """The tool cannot propose anything sensible; the message says why."""


@dataclass
class ProposedCell:
    row: int
    month: int
    before: Decimal
    after: Decimal
    revision: int


@dataclass
class Proposal:
    cells: list[ProposedCell] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def total_before(self) -> Decimal:
        return sum((cell.before for cell in self.cells), ZERO)

    @property
    def total_after(self) -> Decimal:
        return sum((cell.after for cell in self.cells), ZERO)


def unit_of(product) -> Decimal:
    return WHOLE if product.whole_units else CENT


def profile(last_year: LastYear, customer: int) -> tuple[list[Decimal], list[int]]:
    """The customer's monthly weights from last year, January first, and the months that had
    no figure (weighted as the average recorded month; all twelve evenly when none had)."""
    recorded = last_year.get(customer, {})
    missing = [month for month in MONTHS if month not in recorded]
    average = sum(recorded.values(), ZERO) / len(recorded) if recorded else Decimal(1)
    return [recorded.get(month, average) for month in MONTHS], missing


def spread(customer: int, annual: Decimal, weights, *, unit: Decimal) -> Cells:
    """One customer's annual quantity over the twelve months, by `weights` (None: evenly)."""
    monthly = dict(zip(MONTHS, weights or [Decimal(1)] * 12, strict=True))
    return {
        (customer, month): value for month, value in allocate(annual, monthly, unit=unit).items()
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


def propose(grid: TargetsByProduct, *, tool: str, **options) -> Proposal:
    """What a fill tool would write, against the grid as it is now.

    `options`: spread takes `customer`, `annual` and `weights` (a list, "seasonal" or None for
    even); copy takes `growth`; split takes `total`.
    """
    unit = unit_of(grid.product)
    last_year = last_year_quantities(grid.plan, grid.product)
    rows = {row.id: row.label for row in grid.rows()}
    notes: list[str] = []

    def seasonal(customer: int) -> list[Decimal]:
        weights, missing = profile(last_year, customer)
        if missing and customer in last_year:
            notes.append(
                _(
                    "%(customer)s had no figure last year in %(months)s: those months follow "
                    "its average month."
                )
                % {"customer": rows.get(customer, customer), "months": _months(missing)}
            )
        elif missing:
            notes.append(
                _("%(customer)s had no figures last year: spread evenly over the months.")
                % {"customer": rows.get(customer, customer)}
            )
        return weights

    if tool in ("spread", "split"):
        amount = options["annual"] if tool == "spread" else options["total"]
        if amount % unit:
            raise FillRefused(
                _("%(product)s is counted in whole %(unit)s: type a whole number.")
                % {"product": grid.product.display_name, "unit": grid.product.unit}
            )
    cells: Cells = {}
    if tool == "spread":
        customer, weights = options["customer"], options.get("weights")
        if weights == "seasonal":
            weights = seasonal(customer)
        cells = spread(customer, options["annual"], weights, unit=unit)
    elif tool == "copy":
        if not last_year:
            raise FillRefused(_("Last year has no actuals for this product: nothing to copy."))
        growth = 1 + options["growth"] / 100
        for customer in last_year:
            weights = seasonal(customer)
            # A month of net returns is copied as zero, not taken off the other months.
            copied = sum((max(weight, ZERO) for weight in weights), ZERO)
            annual = (copied * growth / unit).to_integral_value() * unit
            cells.update(spread(customer, annual, weights, unit=unit))
    elif tool == "split":
        if not last_year:
            raise FillRefused(_("Last year has no actuals for this product: nothing to share by."))
        shares = {row: sum(last_year.get(row, {}).values(), ZERO) for row in rows}
        for customer, annual in allocate(options["total"], shares, unit=unit).items():
            if annual:
                cells.update(spread(customer, annual, seasonal(customer), unit=unit))
    else:
        raise ValueError(f"unknown fill tool {tool!r}")
    stored = grid.cells()
    proposal = Proposal(notes=notes)
    for (row, month), value in sorted(cells.items()):
        if row not in rows:
            continue  # a customer no longer in the grid
        value = max(value, ZERO)  # a month of net returns: a target cannot be negative
        before, revision = stored.get((row, month), (ZERO, 0))
        if value != before:
            proposal.cells.append(ProposedCell(row, month, before, value, revision))
    return proposal


def apply(grid: TargetsByProduct, *, user, cells: list[tuple[int, int, str, int]]) -> SaveResult:
    """Save the confirmed cells (row, month, value, revision read at the proposal), all or
    nothing: a cell changed since the proposal is a conflict and nothing is written."""
    changes = [CellChange(row, month, value, revision) for row, month, value, revision in cells]
    return save_grids(user=user, batches=[(grid, changes)], all_or_nothing=True, reason=FILLED)


def _months(months: list[int]) -> str:
    """一月、二月 in Chinese; Jan, Feb in English."""
    return join_list(month_label(month) for month in months)
