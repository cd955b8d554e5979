"""The headquarters roll-up: every region's figures for a period, summed by the database.

Totals are GROUP BY queries over the detail rows; parent regions add up their children here,
from those per-region sums. Only the regions the user may read are included.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Max, QuerySet

from customers.access import regions_for_user
from customers.models import Customer, Period, Product
from planning.models import (
    ActualCollection,
    ActualExpense,
    ActualSale,
    CollectionPlan,
    ExpenseBudget,
    Plan,
    Target,
)
from planning.numbers import receivables, rollups
from planning.numbers.grids import sums
from salesplan.exact_sums import ExactSum
from salesplan.money import ZERO


@dataclass
class Figures:
    """One line of the roll-up: a region, a customer or a product."""

    key: int
    label: str
    code: str = ""
    depth: int = 0
    state: str = ""
    plan_id: int | None = None
    target: Decimal = ZERO
    last_year: Decimal = ZERO
    target_to_date: Decimal = ZERO
    actual_to_date: Decimal = ZERO
    opening: Decimal = ZERO
    collected_to_date: Decimal = ZERO
    expense_plan: Decimal = ZERO
    expense_actual_to_date: Decimal = ZERO
    ageing: receivables.AgeingRow | None = None
    # Sales per month, plan and actual: filled on the company line for the monthly chart.
    monthly_plan: dict[int, Decimal] = field(default_factory=dict)
    monthly_actual: dict[int, Decimal] = field(default_factory=dict)
    children: list["Figures"] = field(default_factory=list)

    @property
    def growth(self):
        return rollups.growth_percent(self.target, self.last_year)

    @property
    def achievement(self):
        return rollups.achievement_percent(self.actual_to_date, self.target_to_date)

    @property
    def outstanding(self) -> Decimal:
        """Opening + actual sales to date − collected to date (DOMAIN.md's rule at the latest
        month with actuals)."""
        return self.opening + self.actual_to_date - self.collected_to_date

    @property
    def profit_plan(self) -> Decimal:
        return self.target - self.expense_plan

    @property
    def profit_actual_to_date(self) -> Decimal:
        return self.actual_to_date - self.expense_actual_to_date

    def add(self, other: "Figures") -> None:
        for name in (
            "target",
            "last_year",
            "target_to_date",
            "actual_to_date",
            "opening",
            "collected_to_date",
            "expense_plan",
            "expense_actual_to_date",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        if other.ageing is not None:
            self.ageing = receivables.sum_ageing(row for row in (self.ageing, other.ageing) if row)


def current_plans(period: Period, regions) -> dict[int, Plan]:
    """The latest version of each region's plan for the period."""
    latest = (
        Plan.objects.filter(period=period, region__in=regions)
        .values("region_id")
        .annotate(version=Max("version"))
    )
    wanted = {(row["region_id"], row["version"]) for row in latest}
    plans = Plan.objects.filter(period=period, region__in=regions).select_related("region")
    return {plan.region_id: plan for plan in plans if (plan.region_id, plan.version) in wanted}


def latest_actual_month(period: Period, regions) -> int:
    return (
        ActualSale.objects.filter(period=period, region__in=regions).aggregate(m=Max("month"))["m"]
        or 0
    )


def _by_month(queryset, key: str, field: str = "amount") -> dict[tuple[int, int], Decimal]:
    return {
        (row[key], row["month"]): row["total"] or ZERO
        for row in queryset.order_by().values(key, "month").annotate(total=ExactSum(field))
    }


def _total(by_month: dict[tuple[int, int], Decimal], up_to: int = 12) -> dict[int, Decimal]:
    totals: dict[int, Decimal] = {}
    for (key, month), total in by_month.items():
        if month <= up_to:
            totals[key] = totals.get(key, ZERO) + total
    return totals


def _by_customer(queryset: QuerySet) -> list[tuple[int, int, int, Decimal]]:
    """(region, customer, month, SUM(amount)) of actual sales or collections."""
    return list(
        queryset.order_by()
        .values("region_id", "customer_id", "month")
        .annotate(total=ExactSum("amount"))
        .values_list("region_id", "customer_id", "month", "total")
    )


def _region_months(cells) -> dict[tuple[int, int], Decimal]:
    totals: dict[tuple[int, int], Decimal] = {}
    for region, _customer, month, total in cells:
        totals[(region, month)] = totals.get((region, month), ZERO) + (total or ZERO)
    return totals


def _ageing_by_region(
    month: int, openings, sales_cells, collected_cells
) -> dict[int, list[receivables.AgeingRow]]:
    """Each customer's debt aged at the end of `month` by the rule of the region's collections
    report (`receivables.age`), grouped by region: a region's ageing is the sum of these."""
    region_of: dict[int, int] = {}
    opening: dict[int, Decimal] = {}
    invoiced: dict[int, dict[int, Decimal]] = {}
    collected: dict[int, dict[int, Decimal]] = {}
    for region, customer, amount in openings:
        region_of[customer] = region
        opening[customer] = opening.get(customer, ZERO) + amount
    for cells, months in ((sales_cells, invoiced), (collected_cells, collected)):
        for region, customer, each_month, total in cells:
            region_of[customer] = region
            months.setdefault(customer, {})[each_month] = total or ZERO
    by_region: dict[int, list[receivables.AgeingRow]] = {}
    for customer, region in region_of.items():
        row = receivables.age(
            customer=customer,
            opening=opening.get(customer, ZERO),
            invoiced=invoiced.get(customer, {}),
            collected=collected.get(customer, {}),
            as_of=month,
        )
        by_region.setdefault(region, []).append(row)
    return by_region


def region_rollup(user, period: Period) -> tuple[list[Figures], Figures, int]:
    """Every readable region (parents first, children indented) and the company total."""
    regions = list(regions_for_user(user).select_related("parent"))
    plans = current_plans(period, regions)
    previous = period.previous()
    month = latest_actual_month(period, regions)
    plan_ids = [plan.pk for plan in plans.values()]
    by_plan = {plan.pk: region_id for region_id, plan in plans.items()}

    def per_region(values: dict[int, Decimal]) -> dict[int, Decimal]:
        return {by_plan[plan_id]: total for plan_id, total in values.items()}

    # Each figure is one GROUP BY (region or plan, month; customer too where the ageing needs
    # it); the rows that come back are added up here.
    target_months = _by_month(Target.objects.filter(plan_id__in=plan_ids), "plan_id")
    target_months = {(by_plan[plan_id], m): total for (plan_id, m), total in target_months.items()}
    sales_cells = _by_customer(ActualSale.objects.filter(period=period, region__in=regions))
    collected_cells = _by_customer(
        ActualCollection.objects.filter(period=period, region__in=regions)
    )
    actual_months = _region_months(sales_cells)
    collected_months = _region_months(collected_cells)
    targets = _total(target_months)
    targets_to_date = _total(target_months, up_to=month)
    actual = _total(actual_months)
    collected = _total(collected_months, up_to=month)
    openings = [
        (by_plan[plan_id], customer, amount)
        for plan_id, customer, amount in CollectionPlan.objects.filter(
            plan_id__in=plan_ids, month=0
        ).values_list("plan_id", "customer_id", "amount")
    ]
    opening: dict[int, Decimal] = {}
    for region_id, _customer, amount in openings:
        opening[region_id] = opening.get(region_id, ZERO) + amount
    expense_plan = per_region(sums(ExpenseBudget.objects.filter(plan_id__in=plan_ids), "plan_id"))
    last_year = (
        sums(ActualSale.objects.filter(period=previous, region__in=regions), "region_id")
        if previous
        else {}
    )
    expense_actual = sums(
        ActualExpense.objects.filter(period=period, region__in=regions, month__lte=month),
        "region_id",
    )
    ageing_by_region = _ageing_by_region(month, openings, sales_cells, collected_cells)
    lines: dict[int, Figures] = {}
    for region in regions:
        plan = plans.get(region.pk)
        lines[region.pk] = Figures(
            key=region.pk,
            label=region.display_name,
            code=region.code,
            state=plan.get_state_display() if plan else "",
            plan_id=plan.pk if plan else None,
            target=targets.get(region.pk, ZERO),
            last_year=last_year.get(region.pk, ZERO),
            target_to_date=targets_to_date.get(region.pk, ZERO),
            actual_to_date=actual.get(region.pk, ZERO),
            opening=opening.get(region.pk, ZERO),
            collected_to_date=collected.get(region.pk, ZERO),
            expense_plan=expense_plan.get(region.pk, ZERO),
            expense_actual_to_date=expense_actual.get(region.pk, ZERO),
            ageing=receivables.sum_ageing(ageing_by_region.get(region.pk, ()), key=region.pk),
        )
    # Parents sum their readable children (recursively), children listed under them.
    for region in regions:
        if region.parent_id in lines:
            lines[region.parent_id].children.append(lines[region.pk])

    def total_of(line: Figures, depth: int) -> Figures:
        line.depth = depth
        for child in line.children:
            line.add(total_of(child, depth + 1))
        return line

    roots = [lines[r.pk] for r in regions if r.parent_id not in lines]
    ordered: list[Figures] = []

    def flatten(line: Figures) -> None:
        ordered.append(line)
        for child in sorted(line.children, key=lambda c: c.code):
            flatten(child)

    company = Figures(key=0, label="")
    for root in sorted(roots, key=lambda r: r.code):
        total_of(root, 0)
        company.add(root)
        flatten(root)
    for (_key, each_month), total in target_months.items():
        company.monthly_plan[each_month] = company.monthly_plan.get(each_month, ZERO) + total
    for (_key, each_month), total in actual_months.items():
        company.monthly_actual[each_month] = company.monthly_actual.get(each_month, ZERO) + total
    return ordered, company, month


def customer_rollup(plan: Plan, month: int) -> list[Figures]:
    previous = plan.period.previous()
    customers = Customer.objects.filter(region=plan.region)
    targets = sums(Target.objects.filter(plan=plan), "customer_id")
    to_date = sums(Target.objects.filter(plan=plan, month__lte=month), "customer_id")
    last_year = (
        sums(ActualSale.objects.filter(period=previous, region=plan.region), "customer_id")
        if previous
        else {}
    )
    actual = sums(ActualSale.objects.filter(period=plan.period, region=plan.region), "customer_id")
    opening = sums(CollectionPlan.objects.filter(plan=plan, month=0), "customer_id")
    collected = sums(
        ActualCollection.objects.filter(period=plan.period, region=plan.region, month__lte=month),
        "customer_id",
    )
    return [
        Figures(
            key=c.pk,
            label=c.name,
            target=targets.get(c.pk, ZERO),
            last_year=last_year.get(c.pk, ZERO),
            target_to_date=to_date.get(c.pk, ZERO),
            actual_to_date=actual.get(c.pk, ZERO),
            opening=opening.get(c.pk, ZERO),
            collected_to_date=collected.get(c.pk, ZERO),
        )
        for c in customers
        if c.active or c.pk in targets or c.pk in actual
    ]


def product_rollup(plan: Plan, month: int, customer: Customer | None = None) -> list[Figures]:
    previous = plan.period.previous()
    targets = Target.objects.filter(plan=plan)
    actual = ActualSale.objects.filter(period=plan.period, region=plan.region)
    last = ActualSale.objects.filter(period=previous, region=plan.region) if previous else None
    if customer is not None:
        targets, actual = targets.filter(customer=customer), actual.filter(customer=customer)
        last = last.filter(customer=customer) if last is not None else None
    target_sums = sums(targets, "product_id")
    to_date = sums(targets.filter(month__lte=month), "product_id")
    actual_sums = sums(actual, "product_id")
    last_sums = sums(last, "product_id") if last is not None else {}
    return [
        Figures(
            key=p.pk,
            label=p.display_name,
            target=target_sums.get(p.pk, ZERO),
            last_year=last_sums.get(p.pk, ZERO),
            target_to_date=to_date.get(p.pk, ZERO),
            actual_to_date=actual_sums.get(p.pk, ZERO),
        )
        for p in Product.objects.all()
        if p.active or p.pk in target_sums or p.pk in actual_sums
    ]


def monthly_series(plan_ids: list[int], regions, period: Period) -> rollups.MonthMatrix:
    """Plan (key 1) and actual (key 2) sales per month, for the monthly chart."""
    plan_months = (
        Target.objects.filter(plan_id__in=plan_ids)
        .order_by()
        .values("month")
        .annotate(total=ExactSum("amount"))
    )
    actual_months = (
        ActualSale.objects.filter(period=period, region__in=regions)
        .order_by()
        .values("month")
        .annotate(total=ExactSum("amount"))
    )
    cells = [(1, row["month"], row["total"] or ZERO) for row in plan_months]
    cells += [(2, row["month"], row["total"] or ZERO) for row in actual_months]
    return rollups.month_matrix(cells, [1, 2])
