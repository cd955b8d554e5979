"""What the manager's calendar shows for a month: their events and to-dos, the month's
activities of their regions' plans and the customer actions they committed to, by day."""

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import F
from django.utils import timezone

from customers.access import committed_actions_for_user
from planning.access import events_for_user, plans_for_user, todos_for_user
from planning.models import Activity, CalendarEvent, MonthNote, Plan, TodoItem
from planning.numbers import measure_reads
from planning.tools.icalendar import IcsEvent
from planning.tools.weekly import Week
from salesplan.month_sets import month_bit


@dataclass
class Day:
    date: date
    in_month: bool
    is_today: bool
    events: list = field(default_factory=list)
    todos: list = field(default_factory=list)
    actions: list = field(default_factory=list)


@dataclass(frozen=True)
class WeeklyCheckLink:
    """A week's indicator check of one of the manager's plans (planning/tools/weekly_views.py)."""

    plan: Plan
    week: Week


@dataclass
class MonthAgenda:
    year: int
    month: int
    weeks: list[list[Day]]
    activities: list[Activity]
    note: MonthNote | None
    # Each week row's Monday → the weekly checks it links to.
    weekly_checks: dict[date, list[WeeklyCheckLink]] = field(default_factory=dict)

    @property
    def first(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def previous(self) -> date:
        return (self.first - timedelta(days=1)).replace(day=1)

    @property
    def next(self) -> date:
        return (self.first + timedelta(days=32)).replace(day=1)


def month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def month_activities(user, year: int, month: int) -> list[Activity]:
    """Activities running in the month, from the latest version of each of the user's regions'
    plans of that year."""
    latest = {}
    for plan in plans_for_user(user).filter(period__year=year).order_by("region__code", "-version"):
        latest.setdefault(plan.region_id, plan)
    return list(
        Activity.objects.alias(in_month=F("month_bits").bitand(month_bit(month)))
        .filter(plan__in=latest.values(), in_month__gt=0)
        .select_related("plan__region")
    )


def checked_plans(user, year: int) -> list[Plan]:
    """The plans a weekly check of `year` opens: for each of the user's regions, the plan its
    figures are compared with (the latest approved version, else the latest)."""
    plans = list(plans_for_user(user).filter(period__year=year).select_related("region", "period"))
    if not plans:
        return []
    chosen = set(
        measure_reads.baseline_plans(plans[0].period, {plan.region_id for plan in plans}).values()
    )
    return sorted((plan for plan in plans if plan.pk in chosen), key=lambda plan: plan.region.code)


def weekly_checks(user, mondays: list[date]) -> dict[date, list[WeeklyCheckLink]]:
    """The weekly checks of the weeks starting on `mondays`, in the plans of each week's year."""
    weeks = {monday: Week.of(monday) for monday in mondays}
    plans = {year: checked_plans(user, year) for year in {week.year for week in weeks.values()}}
    return {
        monday: [WeeklyCheckLink(plan, week) for plan in plans[week.year]]
        for monday, week in weeks.items()
    }


def due_actions(user, first: date, last: date) -> list:
    return list(committed_actions_for_user(user, due_from=first, due_to=last))


def month_agenda(user, year: int, month: int) -> MonthAgenda:
    first, last = month_bounds(year, month)
    weeks = calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(year, month)
    grid_first, grid_last = weeks[0][0], weeks[-1][-1]
    today = timezone.localdate()
    days = {
        day: Day(date=day, in_month=day.month == month, is_today=day == today)
        for week in weeks
        for day in week
    }
    for event in events_for_user(user).filter(date__range=(grid_first, grid_last)):
        days[event.date].events.append(event)
    for todo in todos_for_user(user).filter(date__range=(grid_first, grid_last)):
        days[todo.date].todos.append(todo)
    for action in due_actions(user, grid_first, grid_last):
        days[action.due_date].actions.append(action)
    return MonthAgenda(
        year=year,
        month=month,
        weeks=[[days[day] for day in week] for week in weeks],
        activities=month_activities(user, year, month),
        note=MonthNote.objects.filter(owner=user, year=year, month=month).first(),
        weekly_checks=weekly_checks(user, [week[0] for week in weeks]),
    )


def _aware(day: date, time) -> datetime:
    return timezone.make_aware(datetime.combine(day, time))


def _timed(entry: CalendarEvent | TodoItem) -> tuple:
    if entry.start is None:
        return entry.date, None
    start = _aware(entry.date, entry.start)
    end = _aware(entry.date, entry.end) if entry.end else start + timedelta(hours=1)
    return start, end


def ics_events(user, year: int, month: int) -> list[IcsEvent]:
    """The month as iCalendar events: the user's events and to-dos, the plan activities running
    in it (over the whole run of months it is in) and the customer actions due."""
    first, last = month_bounds(year, month)
    entries = []
    for event in events_for_user(user).filter(date__range=(first, last)):
        start, end = _timed(event)
        entries.append(
            IcsEvent(f"event-{event.pk}@salesplan", event.title, start, end, event.notes)
        )
    for todo in todos_for_user(user).filter(date__range=(first, last)):
        start, end = _timed(todo)
        mark = "✓ " if todo.done else ""
        details = "\n".join(part for part in (todo.related, todo.notes) if part)
        entries.append(
            IcsEvent(
                f"todo-{todo.pk}@salesplan",
                f"{mark}{todo.work}",
                start,
                end,
                details,
                str(todo.get_category_display()),
            )
        )
    for activity in month_activities(user, year, month):
        # The run of its months this month is in: a spring and an autumn campaign are two events,
        # each in the exports of its own months (one UID per run, so a phone keeps one copy).
        run_first, run_last = next(run for run in activity.month_runs if run[0] <= month <= run[1])
        start = date(year, run_first, 1)
        end = month_bounds(year, run_last)[1] + timedelta(days=1)
        entries.append(
            IcsEvent(
                f"activity-{activity.pk}-{run_first:02d}@salesplan",
                activity.work,
                start,
                end,
                f"{activity.owner} · {activity.expected_result}".strip(" ·"),
                activity.plan.region.display_name,
            )
        )
    for action in due_actions(user, first, last):
        entries.append(
            IcsEvent(
                f"customer-action-{action.pk}@salesplan",
                f"{action.customer} · {action.action.display_name}",
                action.due_date,
                None,
                action.note,
            )
        )
    return entries
