"""What each chapter shows: one context builder per chapter, shared by the plan page and the PDF.

A chapter's read view is `templates/planning/chapters/_<slug>.html`; it receives `content` (what
the builder returns), `plan`, and `print` (True in the PDF, where buttons and forms are left out).
"""

from collections.abc import Callable
from decimal import Decimal

from competition import summaries as competition_summaries
from customers import summaries as customer_summaries
from customers.models import Customer
from planning.chapters import charts as chapter_charts
from planning.chapters.catalogue import (
    TEXT_PARTS,
    ChapterSlug,
    control_catalogue,
    gap_explanations,
    gap_key,
    number_swot,
    swot_sort_key,
)
from planning.models import ActionDirection, Citation, OrganisationEntry, Plan, SwotItem
from planning.numbers import reports, rollups, statements
from salesplan.months import MONTHS

Builder = Callable[[Plan], dict]
_BUILDERS: dict[str, Builder] = {}


def builds(slug: str) -> Callable[[Builder], Builder]:
    def register(function: Builder) -> Builder:
        _BUILDERS[slug] = function
        return function

    return register


def chapter_content(plan: Plan, slug: str) -> dict:
    builder = _BUILDERS.get(slug)
    return builder(plan) if builder else {}


@builds("summary")
def summary(plan: Plan) -> dict:
    return {"figures": reports.summary_figures(plan)}


@builds("targets")
def targets(plan: Plan) -> dict:
    by_product, product_total = reports.targets_by_product(plan)
    by_customer, customer_total = reports.targets_by_customer(plan)
    return {
        "by_product": by_product,
        "product_total": product_total,
        "by_customer": by_customer,
        "customer_total": customer_total,
    }


@builds("pnl")
def profit_and_loss(plan: Plan) -> dict:
    table, products, lines = reports.profit_and_loss(plan)
    statement = statements.pnl_statement(table, products, lines)
    return {
        "pnl": table,
        "statement": statement,
        # The chapter's short table: income, cost of goods, gross profit, expenses, profit.
        "summary": statements.summary_lines(statement, table),
        "as_of": table.as_of,
    }


def _texts(plan: Plan, chapter: str) -> dict[str, str]:
    parts = TEXT_PARTS[chapter]
    texts = dict(plan.chapter_texts.filter(part__in=parts).values_list("part", "text"))
    return {part: texts.get(part, "") for part in parts}


@builds("performance")
def performance(plan: Plan) -> dict:
    analysis = reports.performance_analysis(plan)
    explanations = gap_explanations(plan)

    def rows(table, labels, dimension):
        return [
            {
                "label": labels.get(row.key, row.key),
                "row": row,
                "explanation": explanations.get(gap_key(dimension, row.key), ""),
            }
            for row in (table.rows if table else ())
        ]

    return {
        "analysis": analysis,
        "by_product": rows(analysis.by_product, analysis.product_labels, "product"),
        "by_customer": rows(analysis.by_customer, analysis.customer_labels, "customer"),
        "explained": len(explanations),
    }


# The printed plan lists the largest customers of the contribution analysis and sums the rest
# in one row (the page lists everyone, and so does the print's annex).
PRINTED_CONTRIBUTION_ROWS = 40


def contribution_rest(rows) -> dict | None:
    """The customers after the first PRINTED_CONTRIBUTION_ROWS, summed: count, sales, profit
    and their shares of the totals; None when every customer is printed."""
    rest = rows[PRINTED_CONTRIBUTION_ROWS:]
    if not rest:
        return None
    sales, profit = (
        sum((getattr(r, name) for r in rest), Decimal(0)) for name in ("sales", "profit")
    )
    total_sales, total_profit = (
        sum((getattr(r, name) for r in rows), Decimal(0)) for name in ("sales", "profit")
    )
    return {
        "count": len(rest),
        "sales": sales,
        "sales_share": rollups.share(sales, total_sales),
        "profit": profit,
        "profit_share": rollups.share(profit, total_profit),
        "cumulative": rest[-1].cumulative_sales_share,
    }


@builds("market")
def market(plan: Plan) -> dict:
    period, rows = reports.customer_contribution(plan)
    labels = dict(Customer.objects.filter(region=plan.region).values_list("id", "name"))
    return {
        "period": period,
        "contribution": [{"label": labels.get(row.customer), "row": row} for row in rows],
        "printed_rows": PRINTED_CONTRIBUTION_ROWS,
        "contribution_rest": contribution_rest(rows),
        "chart": chapter_charts.pareto_chart(rows, labels),
        "texts": _texts(plan, ChapterSlug.MARKET),
        "moves": competition_summaries.competitor_moves(plan.region),
        "comparison": competition_summaries.positioning_comparison(plan.region, plan.period),
    }


def numbered_swot(plan: Plan) -> dict[str, list[SwotItem]]:
    """The four lists with their items numbered S1, S2, … as the matrix cites them."""
    lists: dict[str, list[SwotItem]] = {kind.value: [] for kind in SwotItem.Kind}
    for item in number_swot(plan.swot_items.all()):
        lists[item.kind].append(item)
    return lists


@builds("swot")
def swot(plan: Plan) -> dict:
    lists = numbered_swot(plan)
    by_id = {item.pk: item for items in lists.values() for item in items}
    citations = {}
    for direction_id, item_id in Citation.objects.filter(direction__plan=plan).values_list(
        "direction_id", "item_id"
    ):
        citations.setdefault(direction_id, []).append(by_id[item_id])
    matrix = {pairing.value: [] for pairing in ActionDirection.Pairing}
    for direction in plan.action_directions.prefetch_related("activities"):
        direction.cited = sorted(citations.get(direction.pk, []), key=swot_sort_key)
        matrix[direction.pairing].append(direction)
    return {
        "lists": [(kind, lists[kind.value]) for kind in SwotItem.Kind],
        "matrix": matrix,
        "has_items": bool(by_id),
        "has_directions": any(matrix.values()),
    }


@builds("strategies")
def strategies(plan: Plan) -> dict:
    return {
        "texts": _texts(plan, ChapterSlug.STRATEGIES),
        "customer_summary": customer_summaries.customer_strategy_summary(plan.region, plan.period),
        "competitive_summary": competition_summaries.competitive_strategy_summary(
            plan.region, plan.period
        ),
    }


@builds("actions")
def actions(plan: Plan) -> dict:
    activities = list(plan.activities.select_related("direction", "competitive_strategy"))
    by_month = rollups.activity_budgets_by_month(
        (activity.months, activity.budget) for activity in activities
    )
    return {
        "activities": activities,
        "months": MONTHS,  # the deck's table: a column per month, ● in those it runs in
        "chart": chapter_charts.gantt_chart(
            [(activity.work, activity.month_runs, activity.owner) for activity in activities]
        ),
        "budget_by_month": by_month,
        "budget_total": sum(by_month.values(), Decimal("0.00")),
        "halves": (range(1, 7), range(7, 13)),
    }


@builds("organisation")
def organisation(plan: Plan) -> dict:
    positions = list(plan.positions.all())
    entries = {kind.value: [] for kind in OrganisationEntry.Kind}
    for entry in plan.organisation_entries.all():
        entries[entry.kind].append(entry)
    return {
        "texts": _texts(plan, ChapterSlug.ORGANISATION),
        "positions": positions,
        "headcount": sum(position.headcount for position in positions),
        "entries": [(kind, entries[kind.value]) for kind in OrganisationEntry.Kind],
        "filled": bool(positions) or any(entries.values()),
    }


@builds("control")
def control(plan: Plan) -> dict:
    commitments = {c.means_id: c for c in plan.control_commitments.select_related("means")}
    return {
        "rows": [(means, commitments.get(means.pk)) for means in control_catalogue(plan)],
        "committed": len(commitments),
    }
