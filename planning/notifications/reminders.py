"""The daily reminders to a region's managers: their plan is due within REMINDER_DAYS days, or
late. Run once a day by `manage.py send_reminders` (cron) or the `send_reminders` task; a second
run on the same day sends nothing (each reminder is recorded, one per plan, kind and day).

Reminded is the first version of a period's plan while it is the latest and not yet handed in;
the due date is the period's (`Period.submission_due`). A half-year revision's draft has no due
date of its own and is not reminded.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef

from customers.models import Notification, SentReminder
from planning.hq.deadlines import DELIVERED, days_past_due
from planning.models import Plan
from planning.notifications.services import notify_due_soon, notify_late

Kind = Notification.Kind


@dataclass
class RemindersSent:
    due_soon: list[Plan] = field(default_factory=list)
    late: list[Plan] = field(default_factory=list)


def plans_to_watch(today: date, days_ahead: int):
    """First versions not handed in, due by `today + days_ahead`, with no later version."""
    later = Plan.objects.filter(
        region=OuterRef("region"), period=OuterRef("period"), version__gt=OuterRef("version")
    )
    return (
        Plan.objects.filter(
            version=1,
            period__submission_due__isnull=False,
            period__submission_due__lte=today + timedelta(days=days_ahead),
        )
        .exclude(state__in=DELIVERED)
        .exclude(Exists(later))
        .select_related("region", "period")
        .order_by("period__year", "region__code")
    )


def reminder_due(plan: Plan, today: date, days_ahead: int) -> tuple[str, int] | None:
    """The reminder `plan` needs today, with its days left or late; None if none.

    Due soon: once, on the first run within `days_ahead` days of the due date. Late: the day
    after the due date, then every `days_ahead` days (every day with 0) while still late."""
    due = plan.period.submission_due
    days = days_past_due(plan, due, today)
    if days is None:
        return None
    sent = SentReminder.objects.filter(plan_id=plan.pk)
    if days <= 0:
        if (
            -days > days_ahead
            or sent.filter(kind=Kind.DUE_SOON, day__gte=due - timedelta(days=days_ahead)).exists()
        ):
            return None
        return Kind.DUE_SOON, -days
    every = max(days_ahead, 1)
    if sent.filter(kind=Kind.LATE, day__gt=today - timedelta(days=every)).exists():
        return None
    return Kind.LATE, days


def send_reminders(today: date, days_ahead: int | None = None) -> RemindersSent:
    days_ahead = settings.REMINDER_DAYS if days_ahead is None else days_ahead
    result = RemindersSent()
    for plan in plans_to_watch(today, days_ahead):
        reminder = reminder_due(plan, today, days_ahead)
        if reminder is None:
            continue
        kind, days = reminder
        with transaction.atomic():
            # The record first: a run started twice at once sends the reminder only once.
            _record, created = SentReminder.objects.get_or_create(
                plan_id=plan.pk, kind=kind, day=today
            )
            if not created:
                continue
            if kind == Kind.DUE_SOON:
                notify_due_soon(plan, days)
                result.due_soon.append(plan)
            else:
                notify_late(plan, days)
                result.late.append(plan)
    return result
