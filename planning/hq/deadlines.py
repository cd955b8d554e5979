"""The deadline board: each readable region's plan for a period against the period's due date.

The due date is the period's (`Period.submission_due`): every region's plan is due the same day.
A region's row is read with a handful of queries for the whole board (its regions, their plans,
the open comments by plan, the latest activity by plan), never one query per region.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Exists, Max, OuterRef

from customers.access import regions_for_user
from customers.models import Period, Region
from planning.chapters.catalogue import chapter_of_models
from planning.models import ChapterText, Comment, Plan, PlanTransition
from planning.numbers.history import FIGURE_SOURCES

NO_PLAN = "none"  # the state filter's value for a region without a plan for the period
DELIVERED = (Plan.State.SUBMITTED, Plan.State.APPROVED)  # handed in: no longer counts down
# The board's columns, in the order the page shows them; each sorts the board.
COLUMNS = ("region", "state", "version", "due", "late", "activity", "comments")
STATE_ORDER = {NO_PLAN: 0, **{state: n for n, state in enumerate(Plan.State.values, start=1)}}


@dataclass
class BoardRow:
    region: Region
    plan: Plan | None
    due: date | None
    # Days past the due date (positive) or before it (0 or negative); None once the plan is
    # handed in or without a due date.
    days: int | None
    last_activity: datetime | None = None
    open_comments: int = 0

    @property
    def state(self) -> str:
        return self.plan.state if self.plan else NO_PLAN

    @property
    def late(self) -> bool:
        return self.days is not None and self.days > 0

    @property
    def days_late(self) -> int:
        return max(self.days or 0, 0)

    @property
    def days_left(self) -> int:
        return max(-(self.days or 0), 0)

    def sort_value(self, column: str):
        """The row's value in `column`; None sorts last in either direction."""
        return {
            "region": self.region.code,
            "state": STATE_ORDER[self.state],
            "version": self.plan.version if self.plan else None,
            "due": self.due,
            "late": self.days,
            "activity": self.last_activity,
            "comments": self.open_comments,
        }[column]


def days_past_due(plan: Plan | None, due: date | None, today: date) -> int | None:
    if due is None or (plan is not None and plan.state in DELIVERED):
        return None
    return (today - due).days


def activity_sources(plan_ids: list[int]) -> list:
    """Per plan, the latest moment of each kind of activity: one grouped query per source,
    sent to the database as one UNION. Every source is named here."""
    on_plans = {"plan_id__in": plan_ids}
    sources = [
        PlanTransition.objects.filter(**on_plans).values_list("plan_id").annotate(Max("at")),
        Comment.objects.filter(**on_plans).values_list("plan_id").annotate(Max("created_at")),
        Comment.objects.filter(**on_plans, resolved_at__isnull=False)
        .values_list("plan_id")
        .annotate(Max("resolved_at")),
        # The plan's own changes: its summary, its state, its version.
        Plan.history.filter(id__in=plan_ids).values_list("id").annotate(Max("history_date")),
    ]
    content = [source.model for source in FIGURE_SOURCES if source.plan_scoped]
    content += [ChapterText, *chapter_of_models()]
    sources += [
        model.history.filter(**on_plans).values_list("plan_id").annotate(Max("history_date"))
        for model in content
    ]
    return [source.order_by() for source in sources]


def last_activity(plan_ids: list[int]) -> dict[int, datetime]:
    if not plan_ids:
        return {}
    first, *rest = activity_sources(plan_ids)
    latest: dict[int, datetime] = {}
    for plan_id, at in first.union(*rest, all=True):
        if at is not None and (plan_id not in latest or at > latest[plan_id]):
            latest[plan_id] = at
    return latest


def open_comment_counts(plan_ids: list[int]) -> dict[int, int]:
    counts = (
        Comment.objects.filter(plan_id__in=plan_ids, parent=None, resolved=False)
        .values("plan_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["plan_id"]: row["n"] for row in counts}


def board_rows(user, period: Period, today: date) -> list[BoardRow]:
    """Every region `user` may read that writes plans: those with a plan for the period, and
    those without children (a group without a plan of its own is only its regions' sum)."""
    readable = regions_for_user(user)
    latest: dict[int, Plan] = {}
    for plan in Plan.objects.filter(period=period, region__in=readable).order_by("version"):
        latest[plan.region_id] = plan  # the highest version wins
    plan_ids = [plan.pk for plan in latest.values()]
    activity, comments = last_activity(plan_ids), open_comment_counts(plan_ids)
    rows = []
    children = Region.objects.filter(parent=OuterRef("pk"))
    for region in readable.annotate(has_children=Exists(children)).order_by("code"):
        plan = latest.get(region.pk)
        if plan is None and region.has_children:
            continue
        row = BoardRow(region, plan, period.submission_due, None)
        row.days = days_past_due(plan, row.due, today)
        if plan is not None:
            plan.region = region
            row.last_activity = activity.get(plan.pk)
            row.open_comments = comments.get(plan.pk, 0)
        rows.append(row)
    return rows


def filter_rows(rows: list[BoardRow], *, state: str = "", late_only: bool = False):
    if state:
        rows = [row for row in rows if row.state == state]
    if late_only:
        rows = [row for row in rows if row.late]
    return rows


def sort_rows(rows: list[BoardRow], column: str, *, descending: bool = False) -> list[BoardRow]:
    """Rows by `column`, then by region; rows without a value in it last either way."""
    known = [row for row in rows if row.sort_value(column) is not None]
    unknown = [row for row in rows if row.sort_value(column) is None]
    known.sort(key=lambda row: row.region.code)
    known.sort(key=lambda row: row.sort_value(column), reverse=descending)
    return known + sorted(unknown, key=lambda row: row.region.code)
