"""Report pages of a plan's figures: the projected P&L and the collections report."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from customers.access import can_edit_region
from planning.access import get_plan_for_user
from planning.numbers import reports
from salesplan.months import MONTHS


@require_GET
def profit_and_loss(request, pk):
    plan = get_plan_for_user(request, pk)
    table, products, lines = reports.profit_and_loss(plan)
    return render(
        request,
        "planning/numbers/pnl.html",
        {
            "plan": plan,
            "table": table,
            "products": [products[p] for p in table.products],
            "lines": [lines[line] for line in table.lines],
            "income_span": 2 * len(table.products) + 2,
            "expense_span": 2 * len(table.lines) + 2,
            "section": "pnl",
            "is_manager_of_plan": can_edit_region(request.user, plan.region),
        },
    )


@require_GET
def collections_report(request, pk):
    plan = get_plan_for_user(request, pk)
    table, ageing, customers = reports.collections(plan)
    return render(
        request,
        "planning/numbers/collections_report.html",
        {
            "plan": plan,
            "table": table,
            "ageing": ageing,
            "customers": customers,
            "months": MONTHS,
            "section": "collections",
            "is_manager_of_plan": can_edit_region(request.user, plan.region),
        },
    )
