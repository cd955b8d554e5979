"""What the weekly indicator check (按周检查产品、市场和盈亏指标) shows for a plan and a week:
product, market and P&L indicators, the week's month and the year to date, against plan.

Every figure is read where it is defined (ARCHITECTURE.md, "One place per rule"): products and
customers are `measures.Line`s (`reports.targets_by_product`, `targets_by_customer`, read by
`measure_reads.read_lines`), the receivables the plan's region line, the P&L the statement's
short form (`statements.summary_lines`). A month's figures are that month's plan and actuals
as entered, judged by the lines' own rules (`Line.achievement`, `Line.variance`); "to date"
is the measures' own: through the region's latest month with actuals.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from planning.models import Plan
from planning.numbers import measure_reads, reports, statements
from planning.numbers.measures import Line, total_of
from planning.numbers.pnl import PlanActual
from planning.tools.weekly import AMBER_BAND, ON_PLAN, Status, Week, judge, share_status
from salesplan.money import ZERO
from salesplan.months import month_label

TOP_CUSTOMERS = 10  # customers shown one by one, largest target first; the rest are summed
BEHIND_SHOWN = 10


@dataclass(frozen=True)
class Figures:
    """One indicator over one span (the month, or the year to date): plan against actual.
    `actual`, `variance`, `achievement` and `status` are None before the span has actuals."""

    plan: Decimal | None
    actual: Decimal | None
    variance: Decimal | None
    achievement: Decimal | None
    status: Status | None


@dataclass(frozen=True)
class Indicator:
    label: str
    month: Figures
    to_date: Figures
    year_plan: Decimal
    unit: str | None = None  # a product's unit: its quantity is never added to another's
    quantity: Decimal | None = None  # the year's target quantity, within one product
    total: bool = False


@dataclass(frozen=True)
class NewCustomer:
    label: str
    first_month: int
    actual_to_date: Decimal
    first_this_month: bool


@dataclass(frozen=True)
class Receivables:
    """The region's opening balance, outstanding (planned and actual to date) and old debt."""

    opening: Decimal
    outstanding_plan: Decimal
    outstanding: Decimal | None
    over_90: Decimal | None
    over_90_share: Decimal | None
    status: Status | None
    over_90_status: Status | None


@dataclass(frozen=True)
class WeeklyCheck:
    plan: Plan
    week: Week
    as_of: int  # the region's latest month with actual sales (0: none yet)
    as_of_label: str
    products: list[Indicator]
    product_total: Indicator
    customers: list[Indicator]
    customer_total: Indicator
    behind: list[Indicator]
    behind_count: int
    new_customers: list[NewCustomer] | None  # None: no previous period to tell new ones by
    receivables: Receivables
    pnl: list[Indicator]

    top_customers = TOP_CUSTOMERS

    @property
    def month(self) -> int:
        return self.week.month

    @property
    def thresholds(self) -> dict[str, str]:
        """The status rule's percentages, for the legend."""
        return {
            name: f"{value:.0f}%"
            for name, value in (
                ("full", ON_PLAN),
                ("behind", ON_PLAN - AMBER_BAND),
                ("over", ON_PLAN + AMBER_BAND),
                ("band", AMBER_BAND),
            )
        }

    @property
    def has_actuals(self) -> bool:
        return self.as_of > 0

    @property
    def glance(self) -> list[tuple[str, Figures]]:
        """The few figures read first: sales in the month and to date, then the P&L's gross
        profit, expenses and profit to date (the statement's lines, see PNL_JUDGED)."""
        sales = _("Sales (销售额)")
        gross_profit, expenses, profit = self.pnl[2], self.pnl[3], self.pnl[4]
        return [
            (f"{sales} · {month_label(self.month)}", self.product_total.month),
            (f"{sales} · {_('to date')}", self.product_total.to_date),
            (f"{gross_profit.label} · {_('to date')}", gross_profit.to_date),
            (f"{expenses.label} · {_('to date')}", expenses.to_date),
            (f"{profit.label} · {_('to date')}", profit.to_date),
        ]

    @property
    def to_date_runs_past_the_week(self) -> bool:
        """The year to date (the latest month with actuals) ends after the week's month."""
        return self.as_of > self.month


def month_figures(line: Line, month: int) -> Figures:
    """The line's month: its plan and actuals as entered, judged by `Line`'s rules once the
    region has actuals for the month."""
    plan = line.monthly_plan.get(month, ZERO)
    of_month = Line(
        key=line.key,
        label=line.label,
        target=plan,
        target_to_date=plan,
        actual_to_date=line.monthly_actual.get(month, ZERO),
        months=month if month <= line.months else 0,
    )
    actual = of_month.actual_to_date if of_month.has_actuals else None
    return Figures(plan, actual, of_month.variance, of_month.achievement, judge(plan, actual))


def to_date_figures(line: Line) -> Figures:
    if not line.has_actuals:
        return Figures(None, None, None, None, None)
    plan, actual = line.target_to_date, line.actual_to_date
    return Figures(plan, actual, line.variance, line.achievement, judge(plan, actual))


def line_indicator(line: Line, month: int, *, total: bool = False) -> Indicator:
    return Indicator(
        label=line.label,
        month=month_figures(line, month),
        to_date=to_date_figures(line),
        year_plan=line.target,
        unit=line.unit,
        quantity=line.target_quantity if line.unit else None,
        total=total,
    )


def pnl_figures(value: PlanActual, *, to_date: bool, less_is_better: bool | None) -> Figures:
    """A P&L figure over a month or to date; `less_is_better` None: shown, not judged."""
    plan = value.plan_to_date if to_date else value.plan
    if to_date and value.actual is None:
        plan = None
    status = None
    if less_is_better is not None:
        status = judge(plan, value.actual, less_is_better=less_is_better)
    return Figures(plan, value.actual, value.variance, value.achievement, status)


# The short statement's lines (statements.summary_lines): income, cost of goods, gross profit,
# expenses, profit. The cost of goods follows the quantities sold, so it is judged through the
# gross profit, not on its own.
PNL_JUDGED = (False, None, False, True, False)


def pnl_indicators(plan: Plan, month: int) -> list[Indicator]:
    table, products, lines = reports.profit_and_loss(plan)
    summary = statements.summary_lines(statements.pnl_statement(table, products, lines), table)
    return [
        Indicator(
            label=line.label,
            month=pnl_figures(line.months[month], to_date=False, less_is_better=judged),
            to_date=pnl_figures(line.total, to_date=True, less_is_better=judged),
            year_plan=line.total.plan,
            total=line.kind != statements.ITEM,
        )
        for line, judged in zip(summary, PNL_JUDGED, strict=True)
    ]


def new_customers(rows: list[Line], month: int) -> list[NewCustomer] | None:
    """Customers without a figure last year who have sold this year, with their first month."""
    rule = next((row.last_year_rule for row in rows if row.last_year_rule), None)
    if rule is None or rule.year is None:
        return None
    found = []
    for row in rows:
        months = sorted(m for m, amount in row.monthly_actual.items() if amount > 0)
        if row.last_year == 0 and months:
            found.append(NewCustomer(row.label, months[0], row.actual_to_date, months[0] == month))
    return sorted(found, key=lambda item: (item.first_month, item.label))


def receivables_of(region: Line) -> Receivables:
    outstanding = region.outstanding if region.has_actuals else None
    ageing = region.ageing
    over_90 = ageing.over_90 if ageing is not None else None
    return Receivables(
        opening=region.opening,
        outstanding_plan=region.outstanding_plan_to_date,
        outstanding=outstanding,
        over_90=over_90,
        over_90_share=region.over_90_share,
        status=judge(region.outstanding_plan_to_date, outstanding, less_is_better=True),
        over_90_status=share_status(over_90, ageing.outstanding if ageing else None),
    )


def weekly_check(plan: Plan, week: Week) -> WeeklyCheck:
    month = week.month
    product_rows, product_total = reports.targets_by_product(plan)
    customer_rows, customer_total = reports.targets_by_customer(plan)
    region = measure_reads.plan_line(plan)

    largest = sorted(customer_rows, key=lambda row: (-row.target, row.label))
    top, rest = largest[:TOP_CUSTOMERS], largest[TOP_CUSTOMERS:]
    customers = [line_indicator(row, month) for row in top]
    if rest:
        others = total_of(rest, label=_("Other customers (%(count)d)") % {"count": len(rest)})
        customers.append(line_indicator(others, month, total=True))
    product_total.label = _("All products (合计)")
    customer_total.label = _("All customers (合计)")

    behind = sorted(
        (row for row in customer_rows if row.variance is not None and row.variance < 0),
        key=lambda row: (row.variance, row.label),
    )
    return WeeklyCheck(
        plan=plan,
        week=week,
        as_of=region.months,
        as_of_label=region.as_of_label,
        products=[line_indicator(row, month) for row in product_rows],
        product_total=line_indicator(product_total, month, total=True),
        customers=customers,
        customer_total=line_indicator(customer_total, month, total=True),
        behind=[line_indicator(row, month) for row in behind[:BEHIND_SHOWN]],
        behind_count=len(behind),
        new_customers=new_customers(customer_rows, month),
        receivables=receivables_of(region),
        pnl=pnl_indicators(plan, month),
    )
