"""Queue this month's month-end snapshot for the background worker (each run queues the next)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from customers.tasks import schedule_month_end


class Command(BaseCommand):
    help = "Queue the month-end snapshot of customer tiers and classes; safe to run again."

    def handle(self, *args, **options):
        month = timezone.localdate().replace(day=1)
        schedule_month_end(month)
        self.stdout.write(f"Month-end snapshot of {month:%Y-%m} is queued for the worker.")
