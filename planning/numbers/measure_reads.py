"""The measures' sums read from the database: one GROUP BY per figure, for a set of plans.

`read_lines` fills `measures.Line`s at one grain — a region per plan, or one plan's customers or
products — and every surface (plan pages, reports, headquarters, exports, the PDF, the checks)
reads its figures through it, so a region's figure is the same number wherever it is shown.
"""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Max

from customers.models import Customer, Period, Product
from planning.models import (
    Activity,
    ActualCollection,
    ActualExpense,
    ActualSale,
    CollectionPlan,
    ExpenseBudget,
    ExpenseLine,
    OpeningBalance,
    Plan,
    Target,
)
from planning.numbers import receivables
from planning.numbers.measures import FULL_YEAR, SUMMED, LastYear, Line
from planning.versions import baseline
from salesplan import parallel_reads
from salesplan.exact_sums import ExactSum, grouped_sums
from salesplan.money import ZERO, quantize_money

REGION, CUSTOMER, PRODUCT = "region", "customer", "product"


def latest_months(period: Period | None, region_ids) -> dict[int, int]:
    """Each region's latest month with actual sales in the period (absent: none)."""
    if period is None:
        return {}
    return dict(
        ActualSale.objects.filter(period=period, region_id__in=region_ids)
        .order_by()
        .values("region_id")
        .annotate(month=Max("month"))
        .values_list("region_id", "month")
    )


def baseline_plans(period: Period | None, region_ids) -> dict[int, int]:
    """Each region's plan for the period that figures are compared with: its latest approved
    version, else its latest version (region id → plan id; the rule is `versions.baseline`)."""
    return baseline.plan_ids(period, region_ids, baseline.APPROVED)


def costs() -> dict[int, Decimal]:
    """Standard unit costs of the products that have one."""
    return {
        product: cost
        for product, cost in Product.objects.values_list("id", "standard_cost")
        if cost
    }


def cost_of(quantity: Decimal | None, cost: Decimal) -> Decimal:
    """One product's cost of goods in one month: SUM(quantity) × standard cost, to the cent."""
    return quantize_money((quantity or ZERO) * cost)


class _Sums:
    """Per-key accumulators for one grain."""

    def __init__(self):
        self.values: dict[str, dict[int, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
        self.ageing: dict[int, receivables.AgeingRow] = {}

    def add(self, name: str, key: int, amount: Decimal | None) -> None:
        self.values[name][key] += amount or ZERO

    def get(self, name: str, key: int) -> Decimal:
        return quantize_money(self.values[name].get(key, ZERO))


def read_lines(
    plans: list[Plan], *, by: str = REGION, customer: Customer | None = None
) -> dict[int, Line]:
    """The lines of `plans` at the grain `by`: one per plan's region (REGION), or for one plan
    one per customer (CUSTOMER) or per product (PRODUCT; `customer` narrows it to one)."""
    if by != REGION and len(plans) != 1:
        raise ValueError("a customer or product grain reads one plan")
    if not plans:
        return {}
    period = plans[0].period
    previous = period.previous()
    region_of_plan = {plan.pk: plan.region_id for plan in plans}
    region_ids = list(region_of_plan.values())
    previous_plans = baseline_plans(previous, region_ids)
    product_costs = costs()
    # The grouping column of each kind of row: a plan's rows go to its region at the REGION grain.
    key = {REGION: None, CUSTOMER: "customer_id", PRODUCT: "product_id"}[by]

    def narrow(queryset):
        return queryset.filter(customer=customer) if customer is not None else queryset

    def plan_rows(queryset, *extra: str, field: str = "amount"):
        """(key, *extra, total) of rows that belong to a plan."""
        for plan_id, *rest in grouped_sums(
            narrow(queryset), "plan_id", *((key,) if key else ()), *extra, field=field
        ):
            region = region_of_plan[plan_id]
            if key:
                yield (rest[0], region, *rest[1:])
            else:
                yield (region, region, *rest)

    def region_rows(queryset, *extra: str, field: str = "amount"):
        """(key, region, *extra, total) of rows of a region and period (the actuals)."""
        for region, *rest in grouped_sums(
            narrow(queryset), "region_id", *((key,) if key else ()), *extra, field=field
        ):
            if key:
                yield (rest[0], region, *rest[1:])
            else:
                yield (region, region, *rest)

    sums = _Sums()
    monthly_plan: dict[int, dict[int, Decimal]] = defaultdict(dict)
    monthly_actual: dict[int, dict[int, Decimal]] = defaultdict(dict)
    keys_region: dict[int, int] = {}

    # This year's sales, by customer (the receivables age each customer's) or by product; each
    # region's latest month with actuals is read off the same rows.
    sales = ActualSale.objects.filter(period=period, region_id__in=region_ids)
    detail = "product_id" if by == PRODUCT else "customer_id"
    costed_sales = narrow(sales.filter(product_id__in=product_costs))
    targets = Target.objects.filter(plan__in=plans)
    last_sales = (
        ActualSale.objects.filter(period=previous, region_id__in=region_ids) if previous else None
    )
    # The four scans over the large tables do not depend on each other: side by side where the
    # database allows it (`salesplan.parallel_reads`).
    scans = parallel_reads.run(
        {
            "sales": lambda: list(grouped_sums(narrow(sales), "region_id", detail, "month")),
            "costed": lambda: (
                list(
                    grouped_sums(costed_sales, "region_id", "product_id", "month", field="quantity")
                )
                if by != CUSTOMER
                else []
            ),
            "targets": lambda: (
                list(plan_rows(targets, "month"))
                if by == CUSTOMER
                else list(
                    narrow(targets)
                    .order_by()
                    .values("plan_id", "product_id", "month")
                    .annotate(amount=ExactSum("amount"), quantity=ExactSum("quantity"))
                    .values_list("plan_id", "product_id", "month", "amount", "quantity")
                )
            ),
            "last": lambda: list(region_rows(last_sales, "month")) if previous else [],
        }
    )
    sales_rows = scans["sales"]
    months = _latest(sales_rows) if customer is None else latest_months(period, region_ids)
    for region, item, month, total in sales_rows:
        each = item if key else region
        keys_region[each] = region
        sums.add("actual_to_date", each, total)
        monthly_actual[each][month] = monthly_actual[each].get(month, ZERO) + (total or ZERO)
    if by != CUSTOMER:
        # Cost of goods: each product's month costs SUM(quantity) × its standard cost, to the
        # cent, as the P&L's month cells (planning/numbers/reports.py: cost_cells).
        for region, product, _month, quantity in scans["costed"]:
            each = product if by == PRODUCT else region
            sums.add("cogs_actual", each, cost_of(quantity, product_costs[product]))

    def add_target(each, region, month, total):
        keys_region[each] = region
        sums.add("target", each, total)
        if month <= months.get(region, 0):
            sums.add("target_to_date", each, total)
        monthly_plan[each][month] = monthly_plan[each].get(month, ZERO) + (total or ZERO)

    if by == CUSTOMER:
        # No surface shows a customer's profit: a customer's line carries no cost of goods.
        for each, region, month, total in scans["targets"]:
            add_target(each, region, month, total)
    else:
        # One pass over the plans' targets (the covering index target_plan_product_month):
        # amounts by month and quantities by product, per region or per product.
        for plan_id, product, month, amount, quantity in scans["targets"]:
            region = region_of_plan[plan_id]
            each = product if by == PRODUCT else region
            add_target(each, region, month, amount)
            if by == PRODUCT:
                sums.add("target_quantity", each, quantity)
            if product in product_costs:
                sums.add("cogs_plan", each, cost_of(quantity, product_costs[product]))

    # Last year: the previous period's actuals through their latest month, then its plan.
    previous_months: dict[int, int] = {}
    if previous is not None:
        last_rows = scans["last"]
        if customer is None:
            previous_months = _latest((region, 0, month, 0) for _k, region, month, _t in last_rows)
        else:
            previous_months = latest_months(previous, region_ids)
        for each, region, _month, total in last_rows:
            keys_region.setdefault(each, region)
            sums.add("last_year", each, total)
        open_plans = [
            plan
            for region, plan in previous_plans.items()
            if previous_months.get(region, 0) < FULL_YEAR
        ]
        previous_region = {plan: region for region, plan in previous_plans.items()}
        rest = Target.objects.filter(
            plan_id__in=open_plans, month__gt=min(previous_months.values(), default=0)
        )
        for plan_id, *rest_keys, month, total in (
            grouped_sums(narrow(rest), "plan_id", *((key,) if key else ()), "month")
            if open_plans
            else ()
        ):
            region = previous_region[plan_id]
            if month > previous_months.get(region, 0):
                each = rest_keys[0] if key else region
                keys_region.setdefault(each, region)
                sums.add("last_year", each, total)

    if by != PRODUCT:
        _read_receivables(plans, by, narrow, sums, months, keys_region, sales_rows)
    if by == REGION:
        _read_expenses(plans, region_of_plan, period, sums)

    def line_of(each: int, region: int) -> Line:
        return _line(each, region, sums, months, previous, previous_months, previous_plans)

    lines: dict[int, Line] = {}
    for each, region in keys_region.items():
        lines[each] = line_of(each, region)
        lines[each].with_costs = by != CUSTOMER
        lines[each].monthly_plan = monthly_plan.get(each, {})
        lines[each].monthly_actual = monthly_actual.get(each, {})
    if by == REGION:
        for plan in plans:
            if plan.region_id not in lines:
                lines[plan.region_id] = line_of(plan.region_id, plan.region_id)
            line = lines[plan.region_id]
            line.plan_id, line.state = plan.pk, plan.get_state_display()
            line.version = plan.version
            if line.ageing is None:
                line.ageing = receivables.sum_ageing((), key=plan.region_id)
    return lines


def _line(each, region, sums, months, previous, previous_months, previous_plans) -> Line:
    line = Line(key=each, label="")
    for name in SUMMED:
        setattr(line, name, sums.get(name, each))
    if "target_quantity" in sums.values:
        line.target_quantity = sums.get("target_quantity", each)
    line.months = months.get(region, 0)
    line.last_year_rule = _rule(region, previous, previous_months, previous_plans)
    line.ageing = sums.ageing.get(each)
    return line


def _latest(rows) -> dict[int, int]:
    """Each region's latest month among (region, _, month, _) rows."""
    latest: dict[int, int] = {}
    for region, _item, month, _total in rows:
        latest[region] = max(latest.get(region, 0), month)
    return latest


def _rule(region, previous, previous_months, previous_plans) -> LastYear:
    """Where the region's last year comes from; a region with neither actuals nor a plan last
    year has nothing to estimate, so it adds no cut-off month to a group's rule."""
    if previous is None:
        return LastYear(None)
    through = previous_months.get(region, 0)
    if through == 0 and region not in previous_plans:
        return LastYear(previous.year)
    return LastYear(previous.year, frozenset({min(through, FULL_YEAR)}))


def _read_receivables(plans, by, narrow, sums, months, keys_region, sales_rows) -> None:
    """Opening balances, planned and actual collections, and each customer's ageing."""
    plan_region = {plan.pk: plan.region_id for plan in plans}
    period = plans[0].period
    region_ids = list(plan_region.values())
    opening: dict[int, dict[int, Decimal]] = defaultdict(dict)
    customer_region: dict[int, int] = {}
    for plan_id, customer_id, month, total in grouped_sums(
        narrow(OpeningBalance.objects.filter(plan__in=plans)), "plan_id", "customer_id", "month"
    ):
        region = plan_region[plan_id]
        each = customer_id if by == CUSTOMER else region
        keys_region.setdefault(each, region)
        customer_region[customer_id] = region
        sums.add("opening", each, total)
        opening[customer_id][month] = total or ZERO
    for plan_id, customer_id, month, total in grouped_sums(
        narrow(CollectionPlan.objects.filter(plan__in=plans)), "plan_id", "customer_id", "month"
    ):
        region = plan_region[plan_id]
        each = customer_id if by == CUSTOMER else region
        keys_region.setdefault(each, region)
        customer_region[customer_id] = region
        sums.add("collections_plan", each, total)
        if month <= months.get(region, 0):
            sums.add("collections_plan_to_date", each, total)
    invoiced: dict[int, dict[int, Decimal]] = defaultdict(dict)
    collected: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for region, customer_id, month, total in sales_rows:
        customer_region[customer_id] = region
        invoiced[customer_id][month] = total or ZERO
    received = ActualCollection.objects.filter(period=period, region_id__in=region_ids)
    for region, customer_id, month, total in grouped_sums(
        narrow(received), "region_id", "customer_id", "month"
    ):
        customer_region[customer_id] = region
        collected[customer_id][month] = total or ZERO
        if month <= months.get(region, 0):
            each = customer_id if by == CUSTOMER else region
            keys_region.setdefault(each, region)
            sums.add("collected_to_date", each, total)
    aged: dict[int, list[receivables.AgeingRow]] = defaultdict(list)
    for customer_id, region in customer_region.items():
        row = receivables.age(
            customer=customer_id,
            opening=opening.get(customer_id, {}),
            invoiced=invoiced.get(customer_id, {}),
            collected=collected.get(customer_id, {}),
            as_of=months.get(region, 0),
        )
        aged[customer_id if by == CUSTOMER else region].append(row)
    sums.ageing = {each: receivables.sum_ageing(rows, key=each) for each, rows in aged.items()}


def _read_expenses(plans, region_of_plan, period, sums) -> None:
    """The expense lines' budgets, the activities' budgets and the actual expenses."""
    budgets = ExpenseBudget.objects.filter(plan__in=plans).exclude(
        line__code=ExpenseLine.MARKET_ACTIVITIES
    )
    for plan_id, total in grouped_sums(budgets, "plan_id"):
        sums.add("expense_plan", region_of_plan[plan_id], total)
    for plan_id, total in grouped_sums(
        Activity.objects.filter(plan__in=plans), "plan_id", field="budget"
    ):
        sums.add("activities_plan", region_of_plan[plan_id], total)
    actual = ActualExpense.objects.filter(period=period, region_id__in=region_of_plan.values())
    for region, total in grouped_sums(actual, "region_id"):
        sums.add("expense_actual", region, total)


def blank_lines(plan: Plan, read: dict[int, Line]):
    """Makes the line of a customer or product of the plan without figures: zero, with last
    year's rule and the region's latest month with actuals (so "to date" reads 0.00 once the
    region has actuals, not "—"); both are taken from a line read, else read once."""
    known = next(iter(read.values()), None)
    if known is not None:
        months, rule = known.months, known.last_year_rule
    else:
        months, rule = latest_months(plan.period, [plan.region_id]).get(plan.region_id, 0), None
    return lambda key: Line(key=key, label="", months=months, last_year_rule=rule)


def plan_line(plan: Plan) -> Line:
    """The plan's own line: its region's figures, as headquarters shows them."""
    lines = read_lines([plan])
    line = lines[plan.region_id]
    line.label = plan.region.display_name
    line.code = plan.region.code
    return line
