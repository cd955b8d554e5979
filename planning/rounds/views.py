"""Headquarters' planning rounds: open a period's plans, start its half-year revisions."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from customers.models import Period
from planning.access import require_reviewer
from planning.rounds import services
from planning.rounds.forms import ConfirmRoundForm, OpenRoundForm
from salesplan.converters import parse_year, query_value
from salesplan.wording import join_list


def _period(request) -> Period:
    """The period of `?period=` (the latest when absent): 400 unreadable, 404 unknown."""
    year = query_value(request, "period", parse_year)
    period = get_object_or_404(Period, year=year) if year else Period.objects.first()
    if period is None:
        raise Http404(_("No planning period exists yet."))
    return period


def _names(regions) -> str:
    return join_list(region.display_name for region in regions)


def _home(period: Period):
    return redirect(f"{reverse('home')}?period={period.year}")


@require_http_methods(["GET", "POST"])
def round_open(request):
    require_reviewer(request.user)
    period = _period(request)
    form = OpenRoundForm(
        request.POST if request.method == "POST" else None,
        initial={"submission_due": period.submission_due},
    )
    if request.method == "POST" and form.is_valid():
        result = services.round_open(period=period, user=request.user, **form.cleaned_data)
        if result.created:
            created = _names(plan.region for plan in result.created)
            messages.success(
                request,
                _("New draft plans for %(year)s: %(regions)s.")
                % {"year": period.year, "regions": created},
            )
        if result.copied:
            messages.info(
                request,
                _("Started from last year's text: %(regions)s.")
                % {"regions": _names(plan.region for plan in result.copied)},
            )
        if result.already_open:
            messages.info(
                request,
                _("Already open, left as they were: %(regions)s.")
                % {"regions": _names(result.already_open)},
            )
        return _home(period)
    latest = services.latest_plans(period)
    regions = services.planned_regions()
    previous = period.previous()
    return render(
        request,
        "planning/rounds/open.html",
        {
            "period": period,
            "form": form,
            "to_create": [region for region in regions if region.pk not in latest],
            "already_open": [latest[region.pk] for region in regions if region.pk in latest],
            "previous": previous,
        },
        status=422 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
def round_revise(request):
    require_reviewer(request.user)
    period = _period(request)
    form = ConfirmRoundForm(request.POST if request.method == "POST" else None, period=period)
    if request.method == "POST" and form.is_valid():
        result = services.round_revise(period=period, user=request.user)
        if result.revised:
            messages.success(
                request,
                _(
                    "Half-year revisions started for %(regions)s; "
                    "the approved versions stay readable."
                )
                % {"regions": _names(plan.region for plan in result.revised)},
            )
        else:
            messages.info(request, _("No approved plan to revise; nothing was started."))
        for region, reason in result.skipped:
            messages.info(request, f"{region.display_name}: {reason}")
        return _home(period)
    ready, skipped = services.revision_candidates(period)
    return render(
        request,
        "planning/rounds/revise.html",
        {"period": period, "form": form, "ready": ready, "skipped": skipped},
        status=422 if form.is_bound else 200,
    )
