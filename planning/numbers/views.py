"""The grid pages of a plan's figures: targets, collections plan, budget, actuals, fill tools."""

from decimal import Decimal

from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from customers.access import can_edit_region
from customers.models import Customer, Product
from planning.access import get_plan_for_user
from planning.models import ActualSale, Plan
from planning.numbers import actual_grids, grid_html, grids, rollups, saving
from planning.numbers.forms import fill_forms
from planning.numbers.grid_lines import format_figure, format_percent, grid_lines
from planning.numbers.history import history_link
from planning.numbers.payload import PayloadError, parse_payload
from salesplan.audit import get_in_reach_or_404
from salesplan.converters import one_of, parse_id, query_value
from salesplan.exact_sums import ExactSum

# The refused cells a save names in its message; a pasted block of bad values names the first.
REFUSED_LISTED = 10


def _grid_response(
    request,
    plan: Plan,
    grid: grids.Grid,
    *,
    template: str,
    money: bool,
    context: dict,
    extras=None,
    extra_headers=(),
):
    if request.method == "POST":
        grid.refuse_unless_writable(request.user)
        try:
            changes = parse_payload(request.POST.get("payload"))
        except PayloadError:
            return HttpResponseBadRequest(_("The grid sent no readable cells."))
        result = saving.save_cells(grid, user=request.user, changes=changes)
        touched = {o.row for o in result.saved + result.errors + result.conflicts}
        lines, footer = grid_lines(grid, money=money, extras=extras, rows=touched)
        outcomes = {(o.row, o.month): o for o in result.saved + result.errors + result.conflicts}
        labels = {line.row.id: line.row.label for line in lines}
        refused = [
            {"where": f"{labels.get(o.row, o.row)} · {grid.column_label(o.month)}", "why": o.error}
            for o in result.errors
            if not o.blocked
        ]
        updates = []
        for line in lines:
            cells = [
                (cell, outcomes[(line.row.id, cell.month)])
                for cell in line.cells
                if (line.row.id, cell.month) in outcomes
            ]
            if cells:
                updates.append({"line": line, "cells": cells})
        return render(
            request,
            "planning/numbers/_grid_saved.html",
            {
                "result": result,
                "refused": refused[:REFUSED_LISTED],
                "refused_more": max(len(refused) - REFUSED_LISTED, 0),
                "cells_html": grid_html.saved_cells(updates, grid.column_label),
                "footer": footer,
            },
            status=200 if result.ok else 422,
        )
    lines, footer = grid_lines(grid, money=money, extras=extras)
    editable = grid.can_write(request.user)
    return render(
        request,
        template,
        {
            "plan": plan,
            "grid": grid,
            "lines": lines,
            "grid_body": grid_html.grid_rows(
                lines, editable=editable, column_label=grid.column_label
            ),
            "columns": [
                (month, getattr(grid, "short_column_label", grid.column_label)(month))
                for month in grid.months
            ],
            "column_groups": getattr(grid, "column_groups", list)(),
            "footer": footer,
            "months": grid.months,
            "editable": editable,
            "history_url": history_link(plan, grid),
            "is_manager_of_plan": can_edit_region(request.user, plan.region),
            "extra_headers": extra_headers,
            **context,
        },
    )


def _last_year_sales(plan: Plan, *, product=None, customer=None):
    """Last period's actual sales of the grid's product (or customer), as a queryset."""
    previous = plan.period.previous()
    if previous is None:
        return ActualSale.objects.none()
    filters = {"region": plan.region, "period": previous}
    if product is not None:
        filters["product"] = product
    else:
        filters["customer"] = customer
    return ActualSale.objects.filter(**filters)


@require_GET
def targets_home(request, pk):
    plan = get_plan_for_user(request, pk)
    product = Product.objects.filter(active=True).first()
    if product is None:
        return render(request, "planning/numbers/no_products.html", {"plan": plan})
    return redirect("targets_by_product", pk=plan.pk, product_id=product.pk)


def _target_extras(plan: Plan, grid: grids.Grid, *, product=None, customer=None):
    """Amount, last year's actual quantity and growth beside each row, computed when asked."""

    def extras(rows=None):
        row_key = grid.row_key
        targets = grid.queryset()
        last_year = _last_year_sales(plan, product=product, customer=customer)
        if rows is not None:
            targets = targets.filter(**{f"{row_key}__in": rows})
            last_year = last_year.filter(**{f"{row_key}__in": rows})
        amounts = grids.sums(targets, row_key, "amount")
        previous_by_row = grids.sums(last_year, row_key, "quantity")
        grand = grid.queryset().aggregate(amount=ExactSum("amount"))["amount"] or Decimal("0.00")
        # One product: its quantities add up. A customer's products are in different units:
        # the footer compares amounts (last year's actual amount).
        previous_field = "amount" if getattr(grid, "mixed_units", False) else "quantity"
        previous_grand = _last_year_sales(plan, product=product, customer=customer).aggregate(
            total=ExactSum(previous_field)
        )["total"] or Decimal(0)

        def per_row(row_id, total):
            previous = previous_by_row.get(row_id, Decimal(0))
            return [
                format_figure(amounts.get(row_id, Decimal(0)), money=True),
                format_figure(previous, money=False),
                format_percent(rollups.growth_percent(total, previous)),
            ]

        def footer(grand_total):
            if previous_field == "amount":
                return [
                    format_figure(grand, money=True),
                    format_figure(previous_grand, money=True),
                    format_percent(rollups.growth_percent(grand, previous_grand)),
                ]
            return [
                format_figure(grand, money=True),
                format_figure(previous_grand, money=False),
                format_percent(rollups.growth_percent(grand_total, previous_grand)),
            ]

        return per_row, footer

    return extras


@require_http_methods(["GET", "POST"])
def targets_by_product(request, pk, product_id):
    plan = get_plan_for_user(request, pk)
    product = get_object_or_404(Product, pk=product_id)
    return targets_by_product_page(request, plan, product)


def targets_by_product_page(request, plan, product, forms=None):
    grid = grids.TargetsByProduct(plan, product)
    context = {"view": "product", "product": product, **(forms or fill_forms(plan))}
    return _targets_page(request, plan, grid, context, product=product)


@require_http_methods(["GET", "POST"])
def targets_by_customer(request, pk, customer_id):
    plan = get_plan_for_user(request, pk)
    reachable = Customer.objects.filter(region=plan.region)
    customer = get_in_reach_or_404(request, reachable, pk=customer_id)
    grid = grids.TargetsByCustomer(plan, customer)
    context = {"view": "customer", "customer": customer}
    return _targets_page(request, plan, grid, context, customer=customer)


def _targets_page(request, plan, grid, context, *, product=None, customer=None):
    """The targets grid seen by product or by customer, with amount, last year and growth."""
    return _grid_response(
        request,
        plan,
        grid,
        template="planning/numbers/targets.html",
        money=False,
        extras=_target_extras(plan, grid, product=product, customer=customer),
        extra_headers=(_("Amount"), _("Last year"), _("Growth")),
        context={
            "products": Product.objects.filter(active=True),
            "customers": Customer.objects.filter(region=plan.region, active=True),
            **context,
        },
    )


def _collections_product(request, plan: Plan, products):
    """The product whose collections a page shows: `?product=` (an id; 400 when unreadable,
    404 when not one of `products`), else the first of them; None when there are none."""
    product_id = query_value(request, "product", parse_id)
    if product_id is not None:
        return get_object_or_404(products, pk=product_id)
    return products.first()


@require_http_methods(["GET", "POST"])
def collections_plan(request, pk):
    plan = get_plan_for_user(request, pk)
    products = Product.objects.filter(active=True)
    product = _collections_product(request, plan, products)
    if product is None:
        return render(request, "planning/numbers/no_products.html", {"plan": plan})
    grid = grids.CollectionsGrid(plan, product)
    return _grid_response(
        request,
        plan,
        grid,
        template="planning/numbers/collections_grid.html",
        money=True,
        context={
            "section": "collections",
            "sheet": "collections",
            "product": product,
            "products": products,
        },
    )


@require_http_methods(["GET", "POST"])
def opening_balances(request, pk):
    plan = get_plan_for_user(request, pk)
    grid = grids.OpeningBalanceGrid(plan)
    return _grid_response(
        request,
        plan,
        grid,
        template="planning/numbers/opening_balances.html",
        money=True,
        context={"section": "collections", "sheet": "opening_balances"},
    )


@require_http_methods(["GET", "POST"])
def expense_budget(request, pk):
    plan = get_plan_for_user(request, pk)
    grid = grids.ExpenseBudgetGrid(plan)
    return _grid_response(
        request,
        plan,
        grid,
        template="planning/numbers/simple_grid.html",
        money=True,
        context={"section": "expenses", "sheet": "expenses", "title": _("Expense budget (支出项)")},
    )


@require_http_methods(["GET", "POST"])
def actual_sales(request, pk, product_id):
    plan = get_plan_for_user(request, pk)
    product = get_object_or_404(Product, pk=product_id)
    measure = query_value(request, "measure", one_of("quantity", "amount"), default="amount")
    grid = actual_grids.ActualSalesGrid(plan, product, measure)
    return _grid_response(
        request,
        plan,
        grid,
        template="planning/numbers/actual_sales.html",
        money=measure == "amount",
        context={
            "section": "actuals",
            "product": product,
            "measure": measure,
            "products": Product.objects.all(),
        },
    )


@require_http_methods(["GET", "POST"])
def actual_collections(request, pk):
    plan = get_plan_for_user(request, pk)
    products = Product.objects.all()
    product = _collections_product(request, plan, products)
    if product is None:
        return render(request, "planning/numbers/no_products.html", {"plan": plan})
    grid = actual_grids.ActualCollectionsGrid(plan, product)
    return _grid_response(
        request,
        plan,
        grid,
        template="planning/numbers/simple_grid.html",
        money=True,
        context={
            "section": "actuals",
            "sheet": "actual_collections",
            "title": _("Collected (实收)"),
            "product": product,
            "products": products,
        },
    )


@require_http_methods(["GET", "POST"])
def actual_expenses(request, pk):
    plan = get_plan_for_user(request, pk)
    grid = actual_grids.ActualExpensesGrid(plan)
    return _grid_response(
        request,
        plan,
        grid,
        template="planning/numbers/simple_grid.html",
        money=True,
        context={"section": "actuals", "sheet": "actual_expenses", "title": _("Actual expenses")},
    )


@require_GET
def actuals_home(request, pk):
    plan = get_plan_for_user(request, pk)
    product = Product.objects.filter(active=True).first() or Product.objects.first()
    if product is None:
        return render(request, "planning/numbers/no_products.html", {"plan": plan})
    return redirect("actual_sales", pk=plan.pk, product_id=product.pk)
