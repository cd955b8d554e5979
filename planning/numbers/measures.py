"""Every figure of the plans, defined once, at any grain (company; region with its children;
customer; product): what is summed, and the rules that derive the rest.

A `Line` holds additive sums only (read by `planning/numbers/measure_reads.py` with GROUP BY
queries); every derived figure — growth, achievement, variance, gross profit, profit,
outstanding — is a property here. Pages, exports, the PDF, headquarters and the pre-submit checks
read these properties and compute none of their own.

Rules (ARCHITECTURE.md, "One place per rule"):
- Last year is the previous period's full year. While its actuals do not cover all twelve
  months it is an estimate: actuals of months 1..n plus the previous plan's months n+1..12
  (`LastYear` says which, and its label travels with growth).
- To date means through the latest month with actual sales of the line's region. Before any
  actuals, achievement and variance are None ("—"), never 0 % and −plan.
- Gross profit = income − cost of goods (standard cost × quantity; 0 for a product without a
  cost). Profit = gross profit − the expense lines − the activity budgets.
- Planned outstanding = opening + planned invoicing − planned collections; actual outstanding =
  opening + actual invoicing to date − actual collections to date.
- A group's ageing is the sum of its customers' ageing (`receivables.sum_ageing`).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from planning.numbers import receivables, rollups
from salesplan.money import ZERO
from salesplan.months import month_label

FULL_YEAR = 12


@dataclass(frozen=True)
class LastYear:
    """Where a line's "last year" comes from: the previous period's actuals through
    `actual_through` (a set when the regions of a group differ), the previous plan after that.
    `year` is None when there is no previous period."""

    year: int | None
    actual_through: frozenset[int] = frozenset()

    @property
    def estimate(self) -> bool:
        return any(month < FULL_YEAR for month in self.actual_through)

    @property
    def label(self) -> str:
        if self.year is None:
            return _("no previous period")
        if not self.estimate:
            return _("%(year)s actual") % {"year": self.year}
        if len(self.actual_through) > 1:
            return _(
                "%(year)s estimate: each region's actuals to its latest month + the plan after"
            ) % {"year": self.year}
        (through,) = self.actual_through
        if through == 0:
            return _("%(year)s estimate: the plan of months 1–12") % {"year": self.year}
        return _("%(year)s estimate: months 1–%(through)s actual + %(next)s–12 plan") % {
            "year": self.year,
            "through": through,
            "next": through + 1,
        }

    def combine(self, other: "LastYear | None") -> "LastYear":
        if other is None or other.year is None:
            return self
        if self.year is None:
            return other
        return LastYear(self.year, self.actual_through | other.actual_through)


# The additive sums of a line: a group's are the sums of its members'.
SUMMED = (
    "target",
    "target_to_date",
    "last_year",
    "actual_to_date",
    "cogs_plan",
    "cogs_actual",
    "expense_plan",
    "activities_plan",
    "expense_actual",
    "opening",
    "collections_plan",
    "collections_plan_to_date",
    "collected_to_date",
)


@dataclass
class Line:
    """One line of figures: a region, a group of regions, the company, a customer or a product."""

    key: int
    label: str
    code: str = ""
    depth: int = 0
    state: str = ""
    plan_id: int | None = None
    version: int | None = None
    # A quantity is only added up within one product (one unit); None across products.
    unit: str | None = None
    target_quantity: Decimal | None = None
    target: Decimal = ZERO
    target_to_date: Decimal = ZERO
    last_year: Decimal = ZERO
    last_year_rule: LastYear | None = None
    actual_to_date: Decimal = ZERO
    # The latest month with actuals (0: none yet); a group's is its members' latest.
    months: int = 0
    cogs_plan: Decimal = ZERO
    cogs_actual: Decimal = ZERO
    expense_plan: Decimal = ZERO
    activities_plan: Decimal = ZERO
    expense_actual: Decimal = ZERO
    opening: Decimal = ZERO
    collections_plan: Decimal = ZERO
    collections_plan_to_date: Decimal = ZERO
    collected_to_date: Decimal = ZERO
    ageing: receivables.AgeingRow | None = None
    # Sales per month, plan and actual (the company line's monthly chart).
    monthly_plan: dict[int, Decimal] = field(default_factory=dict)
    monthly_actual: dict[int, Decimal] = field(default_factory=dict)
    children: list["Line"] = field(default_factory=list)
    # False on a customer's line: no surface shows a customer's profit, so no cost is read.
    with_costs: bool = True

    # -- sales ---------------------------------------------------------------------------
    @property
    def has_actuals(self) -> bool:
        return self.months > 0

    @property
    def growth(self) -> Decimal | None:
        if self.last_year_rule is None or self.last_year_rule.year is None:
            return None
        return rollups.growth_percent(self.target, self.last_year)

    @property
    def growth_amount(self) -> Decimal | None:
        """The target less last year (the print's bridge from last year to the target); None
        without a previous period, like growth."""
        if self.last_year_rule is None or self.last_year_rule.year is None:
            return None
        return self.target - self.last_year

    @property
    def achievement(self) -> Decimal | None:
        if not self.has_actuals:
            return None
        return rollups.achievement_percent(self.actual_to_date, self.target_to_date)

    @property
    def variance(self) -> Decimal | None:
        if not self.has_actuals:
            return None
        return self.actual_to_date - self.target_to_date

    # -- profit and loss -----------------------------------------------------------------
    @property
    def gross_profit_plan(self) -> Decimal | None:
        if not self.with_costs:
            return None
        return self.target - self.cogs_plan

    @property
    def expenses_plan_total(self) -> Decimal:
        return self.expense_plan + self.activities_plan

    @property
    def profit_plan(self) -> Decimal | None:
        if not self.with_costs:
            return None
        return self.gross_profit_plan - self.expenses_plan_total

    @property
    def gross_profit_actual(self) -> Decimal | None:
        if not (self.has_actuals and self.with_costs):
            return None
        return self.actual_to_date - self.cogs_actual

    @property
    def profit_actual_to_date(self) -> Decimal | None:
        if not (self.has_actuals and self.with_costs):
            return None
        return self.actual_to_date - self.cogs_actual - self.expense_actual

    # -- receivables ---------------------------------------------------------------------
    @property
    def outstanding_plan(self) -> Decimal:
        """Planned outstanding at the year's end."""
        return self.opening + self.target - self.collections_plan

    @property
    def outstanding_plan_to_date(self) -> Decimal:
        return self.opening + self.target_to_date - self.collections_plan_to_date

    @property
    def outstanding(self) -> Decimal:
        """Actual outstanding at the latest month with actuals (the opening before any)."""
        return self.opening + self.actual_to_date - self.collected_to_date

    @property
    def over_90_share(self) -> Decimal | None:
        if self.ageing is None:
            return None
        return rollups.share(self.ageing.over_90, self.ageing.outstanding)

    @property
    def as_of_label(self) -> str:
        return month_label(self.months) if self.months else _("no actuals yet")

    def add(self, other: "Line") -> None:
        """Add another line's sums into this one (a group's line adds its members')."""
        for name in SUMMED:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.months = max(self.months, other.months)
        self.with_costs = self.with_costs and other.with_costs
        if self.last_year_rule is None:
            self.last_year_rule = other.last_year_rule
        else:
            self.last_year_rule = self.last_year_rule.combine(other.last_year_rule)
        if other.ageing is not None:
            rows = [row for row in (self.ageing, other.ageing) if row is not None]
            self.ageing = receivables.sum_ageing(rows, key=self.key)
        # A quantity adds up only within one product (same key, same unit), never across.
        if self.key == other.key and self.unit is not None and self.unit == other.unit:
            self.target_quantity = (self.target_quantity or ZERO) + (other.target_quantity or ZERO)
        else:
            self.unit, self.target_quantity = None, None
        for month, amount in other.monthly_plan.items():
            self.monthly_plan[month] = self.monthly_plan.get(month, ZERO) + amount
        for month, amount in other.monthly_actual.items():
            self.monthly_actual[month] = self.monthly_actual.get(month, ZERO) + amount


def total_of(lines, *, key: int = 0, label: str = "") -> Line:
    """The total line of members (e.g. every product of a plan): amounts only, no quantity."""
    total = Line(key=key, label=label)
    for line in lines:
        total.add(line)
    return total
