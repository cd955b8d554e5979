"""Spreadsheet pages of a plan's figures: export, template, import with a preview, apply."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from customers.access import can_edit_region
from planning.access import get_plan_for_user
from planning.models import Plan
from planning.spreadsheets import imports as spreadsheet_imports
from planning.spreadsheets import layouts as spreadsheets
from planning.spreadsheets.forms import SpreadsheetImportForm
from planning.spreadsheets.workbooks import UploadRefused, upload_limit_mb
from salesplan.converters import one_of, query_value
from salesplan.exports import csv_response, xlsx_response

SPREADSHEET_PAGES = {  # where each kind's grid lives, to go back to after an import
    "targets": ("targets_home", "targets"),
    "collections": ("collections_plan", "collections"),
    "opening_balances": ("opening_balances", "collections"),
    "expenses": ("expense_budget", "expenses"),
    "actual_sales": ("actuals_home", "actuals"),
    "actual_collections": ("actual_collections", "actuals"),
    "actual_expenses": ("actual_expenses", "actuals"),
}
PENDING_IMPORTS = "spreadsheet_imports"  # session key: token → plan and kind of a preview
PREVIEW_ROWS = 200


@require_GET
def numbers_export(request, pk):
    plan = get_plan_for_user(request, pk)
    return _spreadsheet_download(request, plan, empty=False)


@require_GET
def numbers_template(request, pk):
    plan = get_plan_for_user(request, pk)
    return _spreadsheet_download(request, plan, empty=True)


def _sheet(request) -> str:
    return query_value(request, "sheet", one_of(*spreadsheets.LAYOUTS), default="targets")


def _spreadsheet_download(request, plan: Plan, *, empty: bool):
    layout = spreadsheets.LAYOUTS[_sheet(request)]
    file_format = query_value(request, "format", one_of("xlsx", "csv"), default="xlsx")
    suffix = "-template" if empty else ""
    name = f"{plan.region.code}-{plan.period.year}-{layout.kind}{suffix}"
    if file_format == "xlsx":
        return xlsx_response(spreadsheets.export_xlsx(layout, plan, empty=empty), name)
    content = spreadsheets.export_csv(layout, plan, empty=empty)
    return csv_response(content, name)


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
        initial={"sheet": _sheet(request)},
    )
    if form.is_bound and form.is_valid():
        layout = form.cleaned_data["sheet"]
        plan = _require_importer(request, plan, layout)
        upload = form.cleaned_data["file"]
        try:
            result = spreadsheet_imports.read_import(
                layout,
                plan,
                name=upload.name,
                data=upload.read(),
                blank_clears=form.cleaned_data["blank_clears"],
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
        "confirm_clear": result.counts[spreadsheet_imports.CLEARED]
        > spreadsheet_imports.CLEAR_CONFIRM_AFTER,
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
    cleared = stored["counts"].get(spreadsheet_imports.CLEARED, 0)
    if cleared > spreadsheet_imports.CLEAR_CONFIRM_AFTER and not request.POST.get("confirm_clear"):
        messages.error(
            request,
            _("Nothing was imported: tick the box to confirm clearing %(count)s figures.")
            % {"count": cleared},
        )
        return redirect(f"{reverse('numbers_import', args=[plan.pk])}?sheet={layout.kind}")
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
