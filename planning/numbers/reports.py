"""Reads a plan's figures from the database and hands them to the roll-ups."""

from dataclasses import dataclass
from decimal import Decimal

from customers.models import Customer, Product
from planning.models import (
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
from planning.numbers import measure_reads, measures, pnl, receivables, rollups
from salesplan.exact_sums import ExactSum, grouped_sums


def monthly(cells, key: str, field: str = "amount"):
    """(key, month, SUM(field)) of the cells, summed in the database, exactly (`ExactSum`): the
    roll-ups add the same figures, but a 300-customer plan reads 3,600 sums, not 43,200 cells."""

    return grouped_sums(cells, key, "month", field=field)


def latest_month(plan: Plan) -> int:
    """The latest month with actual sales of the plan's region and period (0: none yet)."""
    return measure_reads.latest_months(plan.period, [plan.region_id]).get(plan.region_id, 0)


def summary_figures(plan: Plan) -> measures.Line:
    """The plan's region line: target, last year (with its rule), growth, profit, outstanding."""
    return measure_reads.plan_line(plan)


def profit_and_loss(plan: Plan) -> tuple[pnl.PnLTable, dict, dict]:
    products = {p.id: p for p in Product.objects.all()}
    lines = {line.id: line for line in ExpenseLine.objects.all()}
    costs = measure_reads.costs()
    sales = ActualSale.objects.filter(region=plan.region, period=plan.period)
    table = pnl.profit_and_loss(
        cogs_plan=cost_cells(plan.targets.filter(product_id__in=costs), costs),
        cogs_actual=cost_cells(sales.filter(product_id__in=costs), costs),
        as_of=latest_month(plan),
        products=[p.id for p in products.values() if p.active],
        lines=[line.id for line in lines.values() if line.active],
        income_plan=monthly(plan.targets, "product_id"),
        income_actual=monthly(sales, "product_id"),
        expense_plan=[
            *ExpenseBudget.objects.filter(plan=plan)
            .exclude(line__code=ExpenseLine.MARKET_ACTIVITIES)
            .values_list("line_id", "month", "amount"),
            *market_activity_cells(plan),
        ],
        expense_actual=monthly(
            ActualExpense.objects.filter(region=plan.region, period=plan.period), "line_id"
        ),
    )
    return table, products, lines


def cost_cells(rows, costs: dict[int, Decimal]) -> list[tuple[int, int, Decimal]]:
    """Cost of goods per product and month: SUM(quantity) × the product's standard cost."""
    return [
        (product, month, measure_reads.cost_of(quantity, costs[product]))
        for product, month, quantity in monthly(rows, "product_id", "quantity")
    ]


def market_activity_cells(plan: Plan) -> list[tuple[int, int, Decimal]]:
    """The action plan's activity budgets as the P&L's market-activities line, by month: each
    budget spread evenly over the months its activity runs in, contiguous or not (exact cents),
    typed once, in the activity."""
    line = ExpenseLine.objects.filter(code=ExpenseLine.MARKET_ACTIVITIES).first()
    if line is None:
        return []
    by_month = rollups.activity_budgets_by_month(
        (activity.months, activity.budget)
        for activity in plan.activities.only("month_bits", "budget").order_by("pk")
    )
    return [(line.id, month, amount) for month, amount in by_month.items() if amount]


def product_labels() -> dict[int, tuple[str, str]]:
    """Each product's name in the reader's language and its unit (the collections' rows)."""
    return {p.pk: (p.display_name, p.unit) for p in Product.objects.all()}


def collections(
    plan: Plan,
) -> tuple[receivables.CollectionsTable, receivables.AgeingTable, dict]:
    customers = {c.id: c for c in Customer.objects.filter(region=plan.region)}
    opening: dict[int, dict[int, Decimal]] = {}
    for customer, month, amount in OpeningBalance.objects.filter(plan=plan).values_list(
        "customer_id", "month", "amount"
    ):
        opening.setdefault(customer, {})[month] = amount
    as_of = latest_month(plan)
    # The collections by customer × product (the deck's rows); a customer's row is their sum.
    planned = list(
        grouped_sums(CollectionPlan.objects.filter(plan=plan), "customer_id", "product_id", "month")
    )
    collected = list(
        grouped_sums(
            ActualCollection.objects.filter(region=plan.region, period=plan.period),
            "customer_id",
            "product_id",
            "month",
        )
    )
    table = receivables.collections(
        customers=[c.id for c in customers.values() if c.active],
        opening=opening,
        planned=[(customer, month, total) for customer, _p, month, total in planned],
        collected=[(customer, month, total) for customer, _p, month, total in collected],
        forecast=monthly(Target.objects.filter(plan=plan), "customer_id"),
        actual_sales=monthly(
            ActualSale.objects.filter(region=plan.region, period=plan.period), "customer_id"
        ),
        as_of=as_of,
        details=receivables.product_details(
            planned=planned,
            collected=collected,
            quantities=grouped_sums(
                Target.objects.filter(plan=plan), "customer_id", "product_id", field="quantity"
            ),
            as_of=as_of,
            order=Product.objects.values_list("pk", flat=True),
        ),
    )
    ageing = receivables.ageing(table)
    return table, ageing, customers


def _overview(plan: Plan, by: str, labels: dict[int, tuple[str, str | None]], shown: set[int]):
    """The plan's lines by product or customer — the `shown` ones (active), then any other with
    figures — and their total: amount, last year with its rule, growth; a quantity only within
    one product (a customer's or the total's quantity would add different units)."""
    lines = measure_reads.read_lines([plan], by=by)
    blank = measure_reads.blank_lines(plan, lines)
    rows = []
    for key, (label, unit) in labels.items():
        line = lines.get(key)
        if line is None:
            if key not in shown:
                continue
            line = blank(key)
        line.label, line.unit = label, unit
        if unit is None:
            line.target_quantity = None
        rows.append(line)
    total = measures.total_of(rows)
    model = blank(0)
    total.last_year_rule, total.months = model.last_year_rule, model.months
    return rows, total


def targets_by_product(plan: Plan):
    products = Product.objects.order_by("-active", "code")
    labels = {p.id: (p.display_name, p.unit) for p in products}
    return _overview(plan, measure_reads.PRODUCT, labels, {p.id for p in products if p.active})


def targets_by_customer(plan: Plan):
    customers = Customer.objects.filter(region=plan.region).order_by("-active", "name")
    labels = {c.id: (c.name, None) for c in customers}
    return _overview(plan, measure_reads.CUSTOMER, labels, {c.id for c in customers if c.active})


def targets_matrix(plan: Plan, *, by: str) -> tuple[rollups.MonthMatrix, dict[int, str]]:
    """The targets' amounts by product or by customer (every active one a row) and month."""
    if by == "product":
        labels = {p.id: p.display_name for p in Product.objects.filter(active=True)}
        key = "product_id"
    else:
        labels = {c.id: c.name for c in Customer.objects.filter(region=plan.region, active=True)}
        key = "customer_id"
    matrix = rollups.month_matrix(monthly(plan.targets, key), labels)
    return matrix, labels


def targets_detail(plan: Plan) -> list[tuple[str, str, rollups.MonthMatrix]]:
    """Customer × product × month quantities: one matrix of products per customer."""
    products = {p.id: p.display_name for p in Product.objects.filter(active=True)}
    rows = plan.targets.values_list("customer_id", "product_id", "month", "quantity")
    by_customer: dict[int, list] = {}
    for customer, product, month, quantity in rows:
        by_customer.setdefault(customer, []).append((product, month, quantity))
    return [
        (customer.name, customer.industry, rollups.month_matrix(by_customer[customer.id], products))
        for customer in Customer.objects.filter(region=plan.region, active=True)
        if customer.id in by_customer
    ]


def previous_plan(plan: Plan) -> Plan | None:
    """Last period's plan of the same region: its latest approved version, else its latest."""
    previous = plan.period.previous()
    if previous is None:
        return None
    versions = Plan.objects.filter(region=plan.region, period=previous).order_by("-version")
    return versions.filter(state=Plan.State.APPROVED).first() or versions.first()


@dataclass(frozen=True)
class PerformanceAnalysis:
    """Last period's targets against its actuals (任务绩效分析), over the months with actuals."""

    period: object  # the previous Period, or None
    previous_plan: Plan | None
    months: tuple[int, ...]
    by_product: rollups.PerformanceTable | None
    by_customer: rollups.PerformanceTable | None
    product_labels: dict[int, str]
    customer_labels: dict[int, str]

    @property
    def has_figures(self) -> bool:
        return self.by_product is not None and bool(self.by_product.rows)


def performance_analysis(plan: Plan) -> PerformanceAnalysis:
    previous = plan.period.previous()
    last_plan = previous_plan(plan)
    product_labels = {p.id: p.display_name for p in Product.objects.all()}
    customer_labels = {c.id: c.name for c in Customer.objects.filter(region=plan.region)}
    if previous is None or last_plan is None:
        return PerformanceAnalysis(
            previous, last_plan, (), None, None, product_labels, customer_labels
        )
    actuals = ActualSale.objects.filter(region=plan.region, period=previous)
    months = tuple(sorted(set(actuals.values_list("month", flat=True))))
    if not months:
        return PerformanceAnalysis(
            previous, last_plan, (), None, None, product_labels, customer_labels
        )
    tables = {
        key: rollups.performance(
            monthly(last_plan.targets, key),
            monthly(actuals, key),
            months=months,
        )
        for key in ("product_id", "customer_id")
    }
    return PerformanceAnalysis(
        previous,
        last_plan,
        months,
        tables["product_id"],
        tables["customer_id"],
        product_labels,
        customer_labels,
    )


def customer_contribution(plan: Plan) -> tuple[object, list[rollups.ParetoRow]]:
    """Each customer's share of last period's actual sales and gross profit, in Pareto order."""
    previous = plan.period.previous()
    if previous is None:
        return None, []
    costs = dict(Product.objects.values_list("id", "standard_cost"))
    sales = (
        ActualSale.objects.filter(region=plan.region, period=previous)
        .order_by()
        .values("customer_id", "product_id")
        .annotate(quantity_sum=ExactSum("quantity"), amount_sum=ExactSum("amount"))
        .values_list("customer_id", "product_id", "quantity_sum", "amount_sum")
    )
    return previous, rollups.customer_contribution(sales, costs)
