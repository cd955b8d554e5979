"""Headquarters' follow-up pages: the deadline board and the open comments across regions.

Both read only the regions the user may see: reviewers every region, managers their own."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from customers.access import regions_for_user
from customers.models import Period, User
from planning.access import plans_for_user
from planning.chapters.catalogue import ChapterSlug
from planning.hq import deadlines
from planning.hq import open_comments as comments_list
from planning.models import Plan
from salesplan.audit import get_in_reach_or_404
from salesplan.converters import (
    one_of,
    parse_code,
    parse_flag,
    parse_id,
    parse_year,
    query_value,
)
from salesplan.exports import csv_response, xlsx_response

COLUMN_LABELS = {
    "region": gettext_lazy("Region"),
    "state": gettext_lazy("State"),
    "version": gettext_lazy("Version"),
    "due": gettext_lazy("Due"),
    "late": gettext_lazy("Late / left"),
    "activity": gettext_lazy("Last activity"),
    "comments": gettext_lazy("Open comments"),
}
# Columns a phone's width leaves out (their figures are repeated under the region's name).
WIDE_ONLY = {"version", "activity", "comments"}


def _columns(sort: str, descending: bool) -> list[dict]:
    """The heading of each column: its label, and the direction a click on it sorts."""
    columns = []
    for key in deadlines.COLUMNS:
        active = key == sort
        columns.append(
            {
                "key": key,
                "label": COLUMN_LABELS[key],
                "active": active,
                "next_dir": "asc" if active and descending else "desc" if active else "asc",
                "aria_sort": ("descending" if descending else "ascending") if active else "",
                "wide_only": key in WIDE_ONLY,
            }
        )
    return columns


@require_GET
def deadline_board(request):
    year = query_value(request, "period", parse_year)
    period = get_object_or_404(Period, year=year) if year else Period.objects.first()
    if period is None:
        raise Http404(_("No planning period exists yet."))
    sort = query_value(request, "sort", one_of(*deadlines.COLUMNS), default="late")
    descending = query_value(request, "dir", one_of("asc", "desc"), default="desc") == "desc"
    state = query_value(request, "state", one_of(deadlines.NO_PLAN, *Plan.State.values), "")
    late_only = query_value(request, "late", parse_flag, default=False)
    today = timezone.localdate()
    every_row = deadlines.board_rows(request.user, period, today)
    rows = deadlines.filter_rows(every_row, state=state, late_only=late_only)
    return render(
        request,
        "planning/hq/deadlines.html",
        {
            "period": period,
            "periods": Period.objects.all(),
            "today": today,
            "rows": deadlines.sort_rows(rows, sort, descending=descending),
            "late_count": sum(row.late for row in every_row),
            "columns": _columns(sort, descending),
            "sort": sort,
            "dir": "desc" if descending else "asc",
            "state": state,
            "states": [(deadlines.NO_PLAN, _("No plan")), *Plan.State.choices],
            "late_only": late_only,
        },
    )


def _comment_filters(request) -> tuple[comments_list.Filters, dict]:
    """The list's filters from the query string: 400 for a value that cannot be read, 404 for a
    region or an author out of reach."""
    code = query_value(request, "region", parse_code)
    region = (
        get_in_reach_or_404(request, regions_for_user(request.user), code=code) if code else None
    )
    author_id = query_value(request, "author", parse_id)
    authors = User.objects.filter(plan_comments__plan__in=plans_for_user(request.user)).distinct()
    author = get_object_or_404(authors, pk=author_id) if author_id else None
    chapter = query_value(request, "section", one_of(*ChapterSlug.values), default="")
    age = query_value(request, "age", one_of(*comments_list.AGES), default="")
    filters = comments_list.Filters(
        region_id=region.pk if region else None,
        chapter=chapter,
        author_id=author.pk if author else None,
        older_than=int(age) if age else None,
    )
    shown = {"region": code or "", "section": chapter, "author": author_id, "age": age}
    return filters, {"chosen": shown, "authors": authors.order_by("username")}


@require_GET
def open_comments(request):
    export = query_value(request, "format", one_of("xlsx", "csv"), default="")
    filters, choices = _comment_filters(request)
    comments = comments_list.open_comments(request.user, filters)
    stamp = timezone.localdate().isoformat()
    if export == "xlsx":
        data = comments_list.comments_workbook(comments, request.build_absolute_uri("/")[:-1])
        return xlsx_response(data, f"salesplan-open-comments-{stamp}")
    if export == "csv":
        text = comments_list.comments_csv(comments, request.build_absolute_uri("/")[:-1])
        return csv_response(text, f"salesplan-open-comments-{stamp}")
    return render(
        request,
        "planning/hq/open_comments.html",
        {
            "comments": comments,
            "regions": regions_for_user(request.user).order_by("code"),
            "sections": ChapterSlug.choices,
            "ages": comments_list.AGES,
            **choices,
        },
    )
