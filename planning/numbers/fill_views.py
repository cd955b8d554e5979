"""The targets grid's fill tools: a form per tool, the preview of what it would change, the
confirmation that saves exactly those cells (planning/numbers/fill.py holds the rules)."""

import json
from decimal import Decimal

from django.contrib import messages
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from customers.models import Product
from planning.access import get_plan_for_user
from planning.models import Plan
from planning.numbers import fill, grids
from planning.numbers.forms import SpreadForm, fill_forms
from planning.numbers.grid_lines import format_figure
from planning.numbers.payload import PayloadError, parse_payload
from planning.numbers.views import targets_by_product_page
from salesplan.months import MONTHS


def _fill_options(tool: str, data: dict) -> dict:
    """The fill tool's options from its form."""
    if tool == "copy":
        return {"growth": data["growth"]}
    if tool == "split":
        return {"total": data["total"]}
    weights = None
    if data["basis"] == SpreadForm.SEASONAL:
        weights = "seasonal"
    elif data["basis"] == SpreadForm.PROFILE:
        weights = [Decimal(str(w)) for w in data["profile"].weights]
    return {"customer": data["customer"], "annual": data["annual"], "weights": weights}


def _fill_preview(request, plan: Plan, grid, tool: str, proposal):
    """The cells a fill tool would change, before → after, with totals and its notes; the
    confirmation carries exactly these cells and the revisions they were read at."""
    labels = {row.id: row.label for row in grid.rows()}
    payload = [
        {"row": c.row, "month": c.month, "raw": str(c.after), "revision": c.revision}
        for c in proposal.cells
    ]
    rows: dict[int, dict] = {}
    for cell in proposal.cells:
        row = rows.setdefault(cell.row, {"label": labels[cell.row], "months": {}, "sums": [0, 0]})
        row["months"][cell.month] = (figure(cell.before), figure(cell.after))
        row["sums"][0] += cell.before
        row["sums"][1] += cell.after
    table = [
        {
            "label": row["label"],
            "months": [row["months"].get(month) for month in MONTHS],
            "before": figure(row["sums"][0]),
            "after": figure(row["sums"][1]),
        }
        for row in rows.values()
    ]
    return render(
        request,
        "planning/numbers/fill_preview.html",
        {
            "plan": plan,
            "product": grid.product,
            "tool": tool,
            "notes": proposal.notes,
            "table": table,
            "count": len(proposal.cells),
            "total_before": figure(proposal.total_before),
            "total_after": figure(proposal.total_after),
            "payload": json.dumps(payload),
            "months": MONTHS,
        },
    )


def figure(value) -> str:
    return format_figure(value, money=False)


def _fill_confirm(request, plan: Plan, grid):
    try:
        changes = parse_payload(request.POST.get("payload"))
    except PayloadError:
        return HttpResponseBadRequest(_("The confirmation carried no readable cells."))
    result = fill.apply(
        grid, user=request.user, cells=[(c.row, c.month, c.raw, c.revision) for c in changes]
    )
    if result.ok:
        messages.success(request, _("Filled %(count)s cells.") % {"count": len(result.saved)})
    else:
        messages.error(
            request,
            _("Nothing was filled: %(error)s")
            % {"error": (result.errors or result.conflicts)[0].error},
        )
    return redirect("targets_by_product", pk=plan.pk, product_id=grid.product.pk)


@require_POST
def targets_fill(request, pk, product_id, tool):
    plan = get_plan_for_user(request, pk, write=True)
    product = get_object_or_404(Product, pk=product_id)
    grid = grids.TargetsByProduct(plan, product)
    if request.POST.get("confirm"):
        return _fill_confirm(request, plan, grid)
    forms_ = fill_forms(plan, request.POST, tool)
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
        try:
            proposal = fill.propose(grid, tool=tool, **_fill_options(tool, form.cleaned_data))
        except fill.FillRefused as exc:
            messages.error(request, str(exc))
            return redirect("targets_by_product", pk=plan.pk, product_id=product.pk)
        if not proposal.cells:
            messages.info(request, _("The tool would change no cell: nothing to fill."))
            return redirect("targets_by_product", pk=plan.pk, product_id=product.pk)
        return _fill_preview(request, plan, grid, tool, proposal)
    request.method = "GET"  # render the page around the refused form, nothing saved
    response = targets_by_product_page(request, plan, product, forms=forms_)
    response.status_code = 422
    return response
