"""Pages of the numbers: target, collection, budget and actuals grids, the P&L, fill tools."""

import json
from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from customers.access import can_edit_region
from customers.models import Customer, Product
from planning.access import get_plan_for_user
from planning.models import ActualSale, Plan
from planning.numbers import allocation, grid_html, grids, reports, rollups
from planning.numbers.forms import CopyLastYearForm, ProfileForm, SplitTotalForm, SpreadForm
from planning.spreadsheets import imports as spreadsheet_imports
from planning.spreadsheets import layouts as spreadsheets
from planning.spreadsheets.forms import SpreadsheetImportForm
from planning.spreadsheets.workbooks import UploadRefused, upload_limit_mb
from salesplan.audit import get_in_reach_or_404
from salesplan.exact_sums import ExactSum

MAX_CELLS_PER_SAVE = 20_000


def format_figure(value: Decimal | None, *, money: bool) -> str:
    """1,234.50 for money; 1,234 or 1,234.5 for quantities. Both languages group alike."""
    if value is None:
        return ""
    if not money and value == value.to_integral_value():
        return f"{value:,.0f}"
    return f"{value:,.2f}"


@dataclass
class GridCell:
    month: int
    text: str
    revision: int
    error: str = ""


@dataclass
class GridLine:
    row: grids.Row
    cells: list[GridCell]
    total: str
    extra: list[str]


def _lines(grid: grids.Grid, *, money: bool, extras=None, rows=None):
    """The grid's rows with formatted cells and totals; `extras(rows)` adds computed columns.

    After a save only the touched `rows` are rebuilt, with the totals summed by the database.
    """
    extra_columns, extra_footer = extras(rows) if extras else (None, [])
    stored = grid.cells(rows)
    if rows is None:
        totals = rollups.grid_totals(
            (row, month, value)
            for (row, month), (value, _revision) in stored.items()
            if month != 0  # an opening balance is no part of the year's totals
        )
        month_totals = {
            **totals.month_totals,
            0: sum((v for (_r, m), (v, _rev) in stored.items() if m == 0), Decimal("0.00")),
        }
    else:
        totals = grid.totals(rows)
        month_totals = totals.month_totals
    lines = []
    for row in grid.rows():
        if rows is not None and row.id not in rows:
            continue
        cells = []
        for month in grid.months:
            value, revision = stored.get((row.id, month), (None, 0))
            cells.append(
                GridCell(month, format_figure(value, money=money) if value else "", revision)
            )
        total = totals.row_totals.get(row.id, Decimal(0))
        extra = extra_columns(row.id, total) if extra_columns else []
        lines.append(GridLine(row, cells, format_figure(total, money=money), extra))
    footer = {
        "months": [
            format_figure(month_totals.get(m, Decimal(0)), money=money) for m in grid.months
        ],
        "grand": format_figure(totals.grand_total, money=money),
        "extra": extra_footer(totals.grand_total) if extras else [],
    }
    return lines, footer


def _payload(request) -> list[grids.CellChange] | None:
    try:
        data = json.loads(request.POST.get("payload", ""))
        changes = [
            grids.CellChange(
                int(c["row"]),
                int(c["month"]),
                str(c.get("raw", ""))[:40],
                int(c.get("revision", 0)),
            )
            for c in data
        ]
    except (ValueError, TypeError, KeyError):
        return None
    if not changes or len(changes) > MAX_CELLS_PER_SAVE:
        return None
    return changes


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
        changes = _payload(request)
        if changes is None:
            return HttpResponseBadRequest(_("The grid sent no readable cells."))
        result = grids.save_cells(grid, user=request.user, changes=changes)
        touched = {o.row for o in result.saved + result.errors + result.conflicts}
        lines, footer = _lines(grid, money=money, extras=extras, rows=touched)
        outcomes = {(o.row, o.month): o for o in result.saved + result.errors + result.conflicts}
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
            {"result": result, "cells_html": grid_html.saved_cells(updates), "footer": footer},
            status=200 if result.ok else 422,
        )
    lines, footer = _lines(grid, money=money, extras=extras)
    editable = grid.can_write(request.user)
    return render(
        request,
        template,
        {
            "plan": plan,
            "grid": grid,
            "lines": lines,
            "grid_body": grid_html.grid_rows(lines, editable=editable),
            "footer": footer,
            "months": grid.months,
            "editable": editable,
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
        previous_grand = _last_year_sales(plan, product=product, customer=customer).aggregate(
            quantity=ExactSum("quantity")
        )["quantity"] or Decimal(0)

        def per_row(row_id, total):
            previous = previous_by_row.get(row_id, Decimal(0))
            return [
                format_figure(amounts.get(row_id, Decimal(0)), money=True),
                format_figure(previous, money=False),
                _percent(rollups.growth_percent(total, previous)),
            ]

        def footer(grand_total):
            return [
                format_figure(grand, money=True),
                format_figure(previous_grand, money=False),
                _percent(rollups.growth_percent(grand_total, previous_grand)),
            ]

        return per_row, footer

    return extras


@require_http_methods(["GET", "POST"])
def targets_by_product(request, pk, product_id):
    plan = get_plan_for_user(request, pk)
    product = get_object_or_404(Product, pk=product_id)
    return _targets_by_product_page(request, plan, product)


def _targets_by_product_page(request, plan, product, fill_forms=None):
    grid = grids.TargetsByProduct(plan, product)
    return _grid_response(
        request,
        plan,
        grid,
        template="planning/numbers/targets.html",
        money=False,
        extras=_target_extras(plan, grid, product=product),
        extra_headers=(_("Amount"), _("Last year"), _("Growth")),
        context={
            "view": "product",
            "product": product,
            "products": Product.objects.filter(active=True),
            "customers": Customer.objects.filter(region=plan.region, active=True),
            **(fill_forms or _fill_forms(plan)),
        },
    )


@require_http_methods(["GET", "POST"])
def targets_by_customer(request, pk, customer_id):
    plan = get_plan_for_user(request, pk)
    reachable = Customer.objects.filter(region=plan.region)
    customer = get_in_reach_or_404(request, reachable, pk=customer_id)
    grid = grids.TargetsByCustomer(plan, customer)
    return _grid_response(
        request,
        plan,
        grid,
        template="planning/numbers/targets.html",
        money=False,
        extras=_target_extras(plan, grid, customer=customer),
        extra_headers=(_("Amount"), _("Last year"), _("Growth")),
        context={
            "view": "customer",
            "customer": customer,
            "products": Product.objects.filter(active=True),
            "customers": Customer.objects.filter(region=plan.region, active=True),
        },
    )


@require_http_methods(["GET", "POST"])
def collections_plan(request, pk):
    plan = get_plan_for_user(request, pk)
    grid = grids.CollectionsGrid(plan)
    return _grid_response(
        request,
        plan,
        grid,
        template="planning/numbers/collections_grid.html",
        money=True,
        context={"section": "collections", "sheet": "collections"},
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
    measure = "quantity" if request.GET.get("measure") == "quantity" else "amount"
    grid = grids.ActualSalesGrid(plan, product, measure)
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
    grid = grids.ActualCollectionsGrid(plan)
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
        },
    )


@require_http_methods(["GET", "POST"])
def actual_expenses(request, pk):
    plan = get_plan_for_user(request, pk)
    grid = grids.ActualExpensesGrid(plan)
    return _grid_response(
        request,
        plan,
        grid,
        template="planning/numbers/simple_grid.html",
        money=True,
        context={"section": "actuals", "sheet": "actual_expenses", "title": _("Actual expenses")},
    )


def _percent(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:,.1f}%"


@require_GET
def actuals_home(request, pk):
    plan = get_plan_for_user(request, pk)
    product = Product.objects.filter(active=True).first() or Product.objects.first()
    if product is None:
        return render(request, "planning/numbers/no_products.html", {"plan": plan})
    return redirect("actual_sales", pk=plan.pk, product_id=product.pk)


def _fill_forms(plan: Plan, data=None, tool: str = ""):
    customers = list(Customer.objects.filter(region=plan.region, active=True))
    return {
        "spread_form": SpreadForm(
            data if tool == "spread" else None,
            customers=customers,
            region=plan.region,
            prefix="spread",
        ),
        "copy_form": CopyLastYearForm(data if tool == "copy" else None, prefix="copy"),
        "split_form": SplitTotalForm(data if tool == "split" else None, prefix="split"),
        "profile_form": ProfileForm(
            data if tool == "profile" else None, region=plan.region, prefix="profile"
        ),
    }


def _fill_values(plan: Plan, grid: grids.TargetsByProduct, tool: str, form) -> dict:
    """(customer, month) → quantity for the cells a fill tool writes."""
    previous = plan.period.previous()
    last_year = (
        list(
            ActualSale.objects.filter(
                region=plan.region, period=previous, product=grid.product
            ).values_list("customer_id", "month", "quantity")
        )
        if previous
        else []
    )
    by_customer: dict[int, dict[int, Decimal]] = {}
    for customer, month, quantity in last_year:
        by_customer.setdefault(customer, {})[month] = quantity
    values = {}
    if tool == "spread":
        customer, basis = form.cleaned_data["customer"], form.cleaned_data["basis"]
        weights = None
        if basis == SpreadForm.SEASONAL:
            weights = [by_customer.get(customer, {}).get(m, Decimal(0)) for m in grids.MONTHS]
        elif basis == SpreadForm.PROFILE:
            weights = [Decimal(str(w)) for w in form.cleaned_data["profile"].weights]
        for month, value in allocation.spread_over_months(
            form.cleaned_data["annual"], weights
        ).items():
            values[(customer, month)] = value
    elif tool == "copy":
        rows = {row.id for row in grid.rows()}
        for customer, month, quantity in last_year:
            # A customer no longer in the grid is left out, and a month of net returns (a
            # negative quantity) is copied as zero: a target cannot be negative.
            if customer in rows:
                growth = form.cleaned_data["growth"]
                values[(customer, month)] = max(allocation.grow(quantity, growth), Decimal(0))
    elif tool == "split":
        rows = [row.id for row in grid.rows()]
        shares = {row: sum(by_customer.get(row, {}).values(), Decimal(0)) for row in rows}
        for customer, annual in allocation.allocate(form.cleaned_data["total"], shares).items():
            seasonality = [by_customer.get(customer, {}).get(m, Decimal(0)) for m in grids.MONTHS]
            for month, value in allocation.spread_over_months(annual, seasonality).items():
                values[(customer, month)] = value
    return values


@require_POST
def targets_fill(request, pk, product_id, tool):
    plan = get_plan_for_user(request, pk, write=True)
    product = get_object_or_404(Product, pk=product_id)
    grid = grids.TargetsByProduct(plan, product)
    forms_ = _fill_forms(plan, request.POST, tool)
    form = forms_.get(f"{tool}_form")
    if form is None:
        return HttpResponseBadRequest()
    if form.is_valid():
        if tool == "profile":
            profile = form.save(commit=False)
            profile.region = plan.region
            profile.weights = [str(w) for w in form.cleaned_data["weights_text"]]
            profile.save()
            messages.success(
                request, _("The profile “%(name)s” was saved.") % {"name": profile.name}
            )
            return redirect("targets_by_product", pk=plan.pk, product_id=product.pk)
        values = _fill_values(plan, grid, tool, form)
        stored = grid.cells()
        changes = [
            grids.CellChange(row, month, str(value), stored.get((row, month), (0, 0))[1])
            for (row, month), value in values.items()
        ]
        result = grids.save_cells(grid, user=request.user, changes=changes) if changes else None
        if result is None:
            messages.info(request, _("Last year has no actuals for this product: nothing to fill."))
        elif result.ok:
            messages.success(request, _("Filled %(count)s cells.") % {"count": len(result.saved)})
        else:
            messages.error(
                request,
                _("Nothing was filled: %(error)s")
                % {"error": (result.errors or result.conflicts)[0].error},
            )
        return redirect("targets_by_product", pk=plan.pk, product_id=product.pk)
    request.method = "GET"  # render the page around the refused form, nothing saved
    response = _targets_by_product_page(request, plan, product, fill_forms=forms_)
    response.status_code = 422
    return response


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
            "months": grids.MONTHS,
            "section": "collections",
            "is_manager_of_plan": can_edit_region(request.user, plan.region),
        },
    )


# Spreadsheets: export, template, import with a preview, apply

SPREADSHEET_PAGES = {  # where each kind's grid lives, to go back to after an import
    "targets": ("targets_home", "targets"),
    "collections": ("collections_plan", "collections"),
    "expenses": ("expense_budget", "expenses"),
    "actual_sales": ("actuals_home", "actuals"),
    "actual_collections": ("actual_collections", "actuals"),
    "actual_expenses": ("actual_expenses", "actuals"),
}
PENDING_IMPORTS = "spreadsheet_imports"  # session key: token → plan and kind of a preview
PREVIEW_ROWS = 200
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_GET
def numbers_export(request, pk):
    plan = get_plan_for_user(request, pk)
    return _spreadsheet_download(request, plan, empty=False)


@require_GET
def numbers_template(request, pk):
    plan = get_plan_for_user(request, pk)
    return _spreadsheet_download(request, plan, empty=True)


def _spreadsheet_download(request, plan: Plan, *, empty: bool):
    layout = spreadsheets.LAYOUTS.get(request.GET.get("sheet", "targets"))
    file_format = request.GET.get("format", "xlsx")
    if layout is None or file_format not in ("xlsx", "csv"):
        return HttpResponseBadRequest(_("Unknown sheet or file format."))
    if file_format == "csv":
        content = spreadsheets.export_csv(layout, plan, empty=empty)
        content_type = "text/csv; charset=utf-8"
    else:
        content, content_type = spreadsheets.export_xlsx(layout, plan, empty=empty), XLSX_TYPE
    suffix = "-template" if empty else ""
    name = f"{plan.region.code}-{plan.period.year}-{layout.kind}{suffix}.{file_format}"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


def _require_importer(request, plan: Plan, layout=None) -> Plan:
    """An import is a write: plan content by the region's manager while the plan is editable,
    actuals by the region's manager whatever the plan's state."""
    if layout is not None and layout.plan_content:
        return get_plan_for_user(request, plan.pk, write=True)
    if not can_edit_region(request.user, plan.region):
        raise PermissionDenied(_("Only the region's manager can import figures."))
    return plan


@require_http_methods(["GET", "POST"])
def numbers_import(request, pk):
    plan = _require_importer(request, get_plan_for_user(request, pk))
    form = SpreadsheetImportForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        initial={"sheet": request.GET.get("sheet", "targets")},
    )
    if form.is_bound and form.is_valid():
        layout = form.cleaned_data["sheet"]
        plan = _require_importer(request, plan, layout)
        upload = form.cleaned_data["file"]
        try:
            result = spreadsheet_imports.read_import(
                layout, plan, name=upload.name, data=upload.read()
            )
        except UploadRefused as exc:
            form.add_error("file", str(exc))
        else:
            return _import_preview(request, plan, upload.name, result)
    kinds = [
        layout
        for layout in spreadsheets.LAYOUTS.values()
        if plan.is_editable or not layout.plan_content
    ]
    context = {"plan": plan, "form": form, "kinds": kinds, "limit_mb": upload_limit_mb()}
    return render(
        request, "planning/numbers/import.html", context, status=422 if form.errors else 200
    )


def _import_preview(request, plan: Plan, file_name: str, result: spreadsheet_imports.ImportPlan):
    token = ""
    if result.ok and (
        result.counts[spreadsheet_imports.ADDED] or result.counts[spreadsheet_imports.CHANGED]
    ):
        token = spreadsheet_imports.stash(result, plan=plan, user=request.user)
        pending = request.session.get(PENDING_IMPORTS, {})
        for old in list(pending)[:-4]:  # keep the last few previews of this session
            spreadsheet_imports.discard(old)
            del pending[old]
        pending[token] = {"plan": plan.pk, "kind": result.layout.kind}
        request.session[PENDING_IMPORTS] = pending
    grid_page, section = SPREADSHEET_PAGES[result.layout.kind]
    context = {
        "plan": plan,
        "result": result,
        "counts": result.counts,
        "changes": result.preview(PREVIEW_ROWS),
        "more_errors": result.error_count - len(result.errors),
        "file_name": file_name,
        "token": token,
        "grid_page": grid_page,
        "section": section,
    }
    return render(
        request,
        "planning/numbers/import_preview.html",
        context,
        status=200 if result.ok else 422,
    )


@require_POST
def numbers_import_apply(request, pk):
    plan = _require_importer(request, get_plan_for_user(request, pk))
    token = request.POST.get("token", "")
    pending = request.session.get(PENDING_IMPORTS, {})
    stored = spreadsheet_imports.unstash(token) if token in pending else None
    if stored is None or stored["plan"] != plan.pk or stored["user"] != request.user.pk:
        messages.error(request, _("This preview is no longer available: upload the file again."))
        return redirect("numbers_import", pk=plan.pk)
    layout = spreadsheets.LAYOUTS[stored["kind"]]
    try:
        plan = _require_importer(request, plan, layout)
        result = spreadsheet_imports.import_apply(
            layout=layout, plan=plan, user=request.user, cells=stored["cells"]
        )
    except UploadRefused as exc:
        result, refusal = None, str(exc)
    finally:  # applied or refused, a preview is used once
        spreadsheet_imports.discard(token)
        pending.pop(token, None)
        request.session[PENDING_IMPORTS] = pending
    grid_page, _section = SPREADSHEET_PAGES[layout.kind]
    if result is not None and result.ok:
        messages.success(
            request,
            _("Imported: %(added)s cells added, %(changed)s changed.") % stored["counts"],
        )
        return redirect(grid_page, pk=plan.pk)
    if result is not None:
        refusal = (result.conflicts or result.errors)[0].error
    messages.error(request, _("Nothing was imported: %(reason)s") % {"reason": refusal})
    return redirect(f"{reverse('numbers_import', args=[plan.pk])}?sheet={layout.kind}")
