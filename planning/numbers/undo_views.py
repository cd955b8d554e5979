"""Undo and redo buttons (and Ctrl+Z / Ctrl+Y) of the grid pages."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from customers.access import can_edit_region
from planning.access import get_plan_for_user
from planning.numbers import undo


def _writer_plan(request, pk):
    """The plan, for its region's managers; the write path then checks each grid (a submitted
    plan's targets are closed, its actuals open)."""
    plan = get_plan_for_user(request, pk)
    if not can_edit_region(request.user, plan.region):
        raise PermissionDenied(_("Only the region's manager can undo figure changes."))
    return plan


def _back(request, plan):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect("targets_home", pk=plan.pk)


def _answer(request, plan, action, done_message: str):
    try:
        result = action(plan, request.user)
    except undo.NothingToUndo as exc:
        messages.info(request, str(exc))
        return _back(request, plan)
    if result.ok:
        messages.success(request, done_message % {"count": len(result.saved)})
    else:
        reason = (result.conflicts or result.errors)[0]
        messages.error(request, _("Nothing was changed: %(reason)s") % {"reason": reason.error})
    return _back(request, plan)


@require_POST
def figures_undo(request, pk):
    plan = _writer_plan(request, pk)
    return _answer(request, plan, undo.undo, _("Undone: %(count)s cells are back as they were."))


@require_POST
def figures_redo(request, pk):
    plan = _writer_plan(request, pk)
    return _answer(request, plan, undo.redo, _("Redone: %(count)s cells."))
