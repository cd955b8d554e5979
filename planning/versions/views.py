"""Versions of a plan: the half-year revision and comparing two states side by side."""

from collections import defaultdict

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from customers.access import can_edit_region
from planning.access import get_plan_for_user, plans_for_user
from planning.review.services import TransitionRefused
from planning.versions import content
from planning.versions import revision as versions
from salesplan.converters import parse_id

GRID_TITLES = {
    "targets": "Targets (销售预测与分解)",
    "opening_balances": "Opening balances by age (期初欠款)",
    "collections": "Collections plan (帐款回收规划表)",
    "expenses": "Expense budget",
}


@require_POST
def plan_revise(request, pk):
    plan = get_plan_for_user(request, pk)
    try:
        new = versions.plan_revise(plan=plan, user=request.user)
    except TransitionRefused as exc:
        messages.warning(request, str(exc))
        return redirect(plan)
    messages.success(
        request,
        _(
            "Version %(version)s was started as a copy of version %(old)s; the old version stays "
            "readable."
        )
        % {"version": new.version, "old": plan.version},
    )
    return redirect(new)


def _when(moment) -> str:
    """A submission's time in the site's time zone, as the plan header shows it (not UTC)."""
    return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def _side(request, plan, against: str):
    """The older side of a comparison: a version of the same plan, or its last submission."""
    if against == "submitted":
        snapshots = list(plan.snapshots.order_by("-taken_at", "-pk")[:2])
        # A plan under review is its own latest submission: compare with the one before.
        if plan.state == plan.State.SUBMITTED and len(snapshots) == 2:
            return snapshots[1].data, _("as submitted on %(when)s") % {
                "when": _when(snapshots[1].taken_at)
            }
        if snapshots and plan.state != plan.State.SUBMITTED:
            return snapshots[0].data, _("as submitted on %(when)s") % {
                "when": _when(snapshots[0].taken_at)
            }
        raise Http404(_("There is no earlier submission to compare with."))
    version = parse_id(against)
    other = (
        plans_for_user(request.user)
        .filter(region=plan.region, period=plan.period, version=version)
        .first()
        if version is not None
        else None
    )
    if other is None:
        raise Http404(_("There is no such version."))
    return content.content_of(other), _("version %(version)s") % {"version": other.version}


def _grid_rows(grid: str, changes):
    rows = defaultdict(dict)
    for change in changes:
        rows[change.row][change.column] = change
    labels = content.row_labels(grid, rows)
    return [(labels[row], cells) for row, cells in sorted(rows.items())]


@require_GET
def plan_compare(request, pk):
    plan = get_plan_for_user(request, pk)
    against = request.GET.get("against") or (
        "submitted" if plan.snapshots.exists() else str(max(plan.version - 1, 1))
    )
    old, old_label = _side(request, plan, against)
    comparison = content.compare(old, content.content_of(plan))
    grids = [
        {
            "name": grid.name,
            "title": _(GRID_TITLES[grid.name]),
            "rows": _grid_rows(grid.name, grid.changes),
            "count": len(grid.changes),
        }
        for grid in comparison.grids
    ]
    versions_ = plans_for_user(request.user).filter(region=plan.region, period=plan.period)
    return render(
        request,
        "planning/compare.html",
        {
            "plan": plan,
            "comparison": comparison,
            "grids": grids,
            "old_label": old_label,
            "against": against,
            "versions": versions_.order_by("version"),
            "columns": [str(m) for m in range(0, 13)],
            "is_manager_of_plan": can_edit_region(request.user, plan.region),
        },
    )
