"""Report pages of a plan's figures: the projected P&L and the collections report."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from customers.access import can_edit_region
from planning.access import get_plan_for_user
from planning.numbers import report_exports, reports, statements
from salesplan.converters import one_of, query_value
from salesplan.exports import xlsx_response
from salesplan.months import MONTHS


@require_GET
def profit_and_loss(request, pk):
    plan = get_plan_for_user(request, pk)
    table, products, lines = reports.profit_and_loss(plan)
    statement = statements.pnl_statement(table, products, lines)
    as_of = table.as_of
    if query_value(request, "format", one_of("xlsx")) == "xlsx":
        data = report_exports.pnl_workbook(plan, statement, as_of=as_of)
        return xlsx_response(data, f"pnl-{plan.period.year}-{plan.region.code}-v{plan.version}")
    return render(
        request,
        "planning/numbers/pnl.html",
        {
            "plan": plan,
            "statement": statement,
            "as_of": as_of,
            "months": MONTHS,
            "section": "pnl",
            "is_manager_of_plan": can_edit_region(request.user, plan.region),
        },
    )


@require_GET
def collections_report(request, pk):
    plan = get_plan_for_user(request, pk)
    table, ageing, customers = reports.collections(plan)
    if query_value(request, "format", one_of("xlsx")) == "xlsx":
        data = report_exports.collections_workbook(
            plan, table, ageing, customers, as_of=table.as_of
        )
        name = f"collections-{plan.period.year}-{plan.region.code}-v{plan.version}"
        return xlsx_response(data, name)
    names = {c.pk: c.name for c in customers.values()}
    lines, total = statements.collection_lines(table, names, reports.product_labels())
    ageing_rows, ageing_total = statements.ageing_lines(ageing, names)
    return render(
        request,
        "planning/numbers/collections_report.html",
        {
            "plan": plan,
            "table": table,
            "lines": lines,
            "total": total,
            "ageing_rows": ageing_rows,
            "ageing_total": ageing_total,
            "ageing": ageing,
            "customers": customers,
            "months": MONTHS,
            "section": "collections",
            "is_manager_of_plan": can_edit_region(request.user, plan.region),
        },
    )
