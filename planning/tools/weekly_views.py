"""The weekly indicator check of a plan (按周检查产品、市场和盈亏指标): its page, for the screen
and the browser's print, and its PDF. The region's managers and the reviewers read it."""

from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from customers.access import can_edit_region
from planning.access import get_plan_for_user
from planning.printing import pdf
from planning.printing.views import KNOWN_LANGUAGES, pdf_response
from planning.tools.weekly import Week, parse_week, week_in_year
from planning.tools.weekly_check import weekly_check
from salesplan.converters import one_of, query_value


def _week(request, plan) -> Week:
    """The week named by ?week=YYYY-Www (400 if it cannot be read; 404 outside the plan's
    year), else this week, kept within the plan's year."""
    year = plan.period.year
    week = query_value(request, "week", parse_week)
    if week is None:
        return week_in_year(year, timezone.localdate())
    if week.year != year:
        raise Http404(_("This plan has no such week."))
    return week


def _context(request, plan, week: Week) -> dict:
    return {
        "plan": plan,
        "check": weekly_check(plan, week),
        "first_week": Week.first_of(plan.period.year),
        "last_week": Week.last_of(plan.period.year),
        "is_manager_of_plan": can_edit_region(request.user, plan.region),
    }


@require_GET
def weekly_check_page(request, pk):
    plan = get_plan_for_user(request, pk)
    context = _context(request, plan, _week(request, plan))
    return render(request, "planning/tools/weekly_check.html", context)


@require_GET
def weekly_check_pdf(request, pk):
    plan = get_plan_for_user(request, pk)
    week = _week(request, plan)
    language = query_value(request, "lang", one_of(*KNOWN_LANGUAGES), default=request.LANGUAGE_CODE)
    try:
        with translation.override(language):
            context = _context(request, plan, week) | {"printed_at": timezone.localtime()}
            html = render_to_string("planning/tools/weekly_check_pdf.html", context)
            data = pdf.render_pdf(html, in_parts=False)
    except pdf.PrintError as exc:
        # Too slow to print says so, as the printed plan does; the worker is free again at once.
        context = {"plan": plan, "reason": str(exc)}
        return render(request, "planning/print_failed.html", context, status=422)
    name = slugify(f"{plan.region.code}-{week.code}-{language}")
    return pdf_response(data, f"salesplan-weekly-check-{name}.pdf")
