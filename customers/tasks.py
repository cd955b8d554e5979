"""Background work of the customers app: the month-end snapshot of every region (db_worker)."""

import calendar
import logging
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django_tasks import task

from customers.models import Region, StandingSnapshot
from customers.services import periods_to_snapshot, snapshot_region

logger = logging.getLogger(__name__)

RUN_AT = time(23, 30)  # local time on the month's last day


def month_end_moment(month: date) -> datetime:
    """23:30 local time on the last day of `month`."""
    last_day = calendar.monthrange(month.year, month.month)[1]
    return timezone.make_aware(datetime.combine(month.replace(day=last_day), RUN_AT))


def next_month(month: date) -> date:
    return (month.replace(day=1) + timedelta(days=32)).replace(day=1)


def snapshot_every_region(month: date) -> int:
    """Snapshot every region for the running year's period and next year's; returns the rows."""
    rows = 0
    for period in periods_to_snapshot(month):
        for region in Region.objects.filter(customers__isnull=False).distinct():
            result = snapshot_region(
                region, period=period, month=month, reason=StandingSnapshot.Reason.MONTH_END
            )
            rows += result.created + result.updated
    return rows


@task()
def snapshot_month_end(month: str) -> int:
    """Take the snapshots of `month` (YYYY-MM-DD, its first day), then queue next month's run.

    A worker that was down runs the task late: the snapshot still belongs to the month it was
    queued for, and the chain goes on from there.
    """
    day = date.fromisoformat(month).replace(day=1)
    rows = snapshot_every_region(day)
    logger.info("month-end snapshots of %s: %d rows", day.strftime("%Y-%m"), rows)
    schedule_month_end(next_month(day))
    return rows


def schedule_month_end(month: date) -> None:
    """Queue the snapshot of `month` for its last evening, unless it is queued already."""
    from django_tasks_db.models import DBTaskResult

    month = month.replace(day=1)
    argument = month.isoformat()
    pending = DBTaskResult.objects.filter(
        task_path=snapshot_month_end.module_path, status="READY"
    ).values_list("args_kwargs", flat=True)
    if any(argument in (job.get("args") or []) for job in pending):
        return
    snapshot_month_end.using(run_after=month_end_moment(month)).enqueue(argument)
