"""The headquarters roll-up: every region's figures for a period, summed by the database.

Each region's line is read by `planning.numbers.measure_reads.read_lines` — the same reader as
the region's own pages, so a figure is the same number at headquarters and in the plan — and
parent regions add up their children here. Only the regions the user may read are included.
"""

import copy
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Max

from customers.access import regions_for_user
from customers.models import Customer, Period, Product, Region
from planning.models import ActualSale, Plan, Target
from planning.numbers import measure_reads, rollups
from planning.numbers.measures import Line, total_of
from planning.versions import baseline
from salesplan.exact_sums import grouped_sums
from salesplan.money import ZERO


def latest_actual_month(period: Period, regions) -> int:
    return (
        ActualSale.objects.filter(period=period, region__in=regions).aggregate(m=Max("month"))["m"]
        or 0
    )


def region_rollup(
    user, period: Period, basis: str = baseline.APPROVED
) -> tuple[list[Line], Line, int]:
    """Every readable region (parents first, children indented) and the company total, each
    region read at the version that stands for it on `basis` (`versions.baseline`)."""
    regions = list(regions_for_user(user).select_related("parent"))
    plans = baseline.plans(period, regions, basis)
    ordered, company = _tree(regions, measure_reads.read_lines(list(plans.values())))
    return ordered, company, company.months


def _tree(regions, read: dict[int, Line]) -> tuple[list[Line], Line]:
    """The regions' lines in order (parents first, children indented under them, a parent the
    sum of its readable children, recursively) and the company total."""
    lines: dict[int, Line] = {}
    for region in regions:
        line = read.get(region.pk) or Line(key=region.pk, label="")
        line.key, line.label, line.code = region.pk, region.display_name, region.code
        lines[region.pk] = line
    for region in regions:
        if region.parent_id in lines:
            lines[region.parent_id].children.append(lines[region.pk])

    def total_of(line: Line, depth: int) -> Line:
        line.depth = depth
        for child in line.children:
            line.add(total_of(child, depth + 1))
        return line

    roots = [lines[r.pk] for r in regions if r.parent_id not in lines]
    ordered: list[Line] = []

    def flatten(line: Line) -> None:
        ordered.append(line)
        for child in sorted(line.children, key=lambda c: c.code):
            flatten(child)

    company = Line(key=0, label="")
    for root in sorted(roots, key=lambda r: r.code):
        total_of(root, 0)
        company.add(root)
        flatten(root)
    return ordered, company


@dataclass
class Revision:
    """A region (or a group, or the company) at the half-year meeting: its original plan's line
    and its revised plan's (the original's again where the region has no revision)."""

    original: Line
    revised: Line
    revised_plan: Plan | None = None

    @property
    def change(self):
        return self.revised.target - self.original.target

    @property
    def change_percent(self):
        return rollups.growth_percent(self.revised.target, self.original.target)


def revision_rollup(user, period: Period) -> tuple[list[Revision], Revision]:
    """Original plan, revised plan and actual side by side for every readable region: the
    original is each region's first approved version, the revision its later latest version
    (`versions.baseline.original_and_revised`); actuals are the period's, the same for both."""
    regions = list(regions_for_user(user).select_related("parent"))
    pairs = baseline.original_and_revised(period, regions)
    original_lines = measure_reads.read_lines([pair.original for pair in pairs.values()])
    # A region without a revision shows its original twice: its line is copied, not read again.
    revised_lines = {key: copy.deepcopy(line) for key, line in original_lines.items()}
    revised_lines.update(
        measure_reads.read_lines([pair.revised for pair in pairs.values() if pair.revised])
    )
    first, first_total = _tree(regions, original_lines)
    second, second_total = _tree(regions, revised_lines)
    rows = [
        Revision(before, after, getattr(pairs.get(before.key), "revised", None))
        for before, after in zip(first, second, strict=True)
    ]
    return rows, Revision(first_total, second_total)


@dataclass
class RegionRow:
    """A child region of a group's drill-down: its line, and the plan read (None: none)."""

    line: Line
    plan: Plan | None


def group_rollup(
    user, period: Period, group: Region, basis: str = baseline.APPROVED
) -> tuple[list[RegionRow], Line]:
    """A parent region's readable child regions (a child that is a group itself sums its own
    readable regions) and their total; figures read by `read_lines`, summed by `total_of`."""
    readable = list(regions_for_user(user))
    children_of: dict[int | None, list[Region]] = defaultdict(list)
    for region in readable:
        children_of[region.parent_id].append(region)

    def members(region: Region) -> list[Region]:
        found = [region]
        for child in children_of[region.pk]:
            found += members(child)
        return found

    children = sorted(children_of[group.pk], key=lambda region: region.code)
    plans = baseline.plans(period, [m for child in children for m in members(child)], basis)
    read = measure_reads.read_lines(list(plans.values()))
    rows = []
    for child in children:
        if children_of[child.pk]:
            lines = [read[m.pk] for m in members(child) if m.pk in read]
            line = total_of(lines, key=child.pk)
        else:
            line = read.get(child.pk) or Line(key=child.pk, label="")
        line.label, line.code = child.display_name, child.code
        rows.append(RegionRow(line=line, plan=plans.get(child.pk)))
    return rows, total_of([row.line for row in rows], key=group.pk, label=group.display_name)


def customer_rollup(plan: Plan, month: int | None = None) -> list[Line]:
    """One region's customers (active ones, and any other with figures), and their lines."""
    read = measure_reads.read_lines([plan], by=measure_reads.CUSTOMER)
    empty = measure_reads.blank_lines(plan, read)
    result = []
    for customer in Customer.objects.filter(region=plan.region):
        line = read.get(customer.pk)
        if line is None and not customer.active:
            continue
        line = line or empty(customer.pk)
        line.with_costs = False
        line.label = customer.name
        result.append(line)
    return result


def product_rollup(plan: Plan, month: int | None = None, customer: Customer | None = None):
    """One region's (or one customer's) products, and their lines; quantities per product."""
    read = measure_reads.read_lines([plan], by=measure_reads.PRODUCT, customer=customer)
    empty = measure_reads.blank_lines(plan, read)
    result = []
    for product in Product.objects.all():
        line = read.get(product.pk)
        if line is None and not product.active:
            continue
        line = line or empty(product.pk)
        line.label, line.unit = product.display_name, product.unit
        result.append(line)
    return result


def monthly_series(plan_ids: list[int], regions, period: Period) -> rollups.MonthMatrix:
    """Plan (key 1) and actual (key 2) sales per month, for the monthly chart."""
    plan_months = grouped_sums(Target.objects.filter(plan_id__in=plan_ids), "month")
    actual_months = grouped_sums(
        ActualSale.objects.filter(period=period, region__in=regions), "month"
    )
    cells = [(1, month, total or ZERO) for month, total in plan_months]
    cells += [(2, month, total or ZERO) for month, total in actual_months]
    return rollups.month_matrix(cells, [1, 2])
