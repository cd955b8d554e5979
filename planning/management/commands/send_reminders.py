"""Remind regions' managers of plans due soon or late; run daily (cron), safe to run again."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from planning.notifications.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Remind the regions' managers of plans due within REMINDER_DAYS days and of late plans. "
        "Run once a day; a second run on the same day sends nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", dest="day", help="the day to run for, YYYY-MM-DD (default: today)"
        )

    def handle(self, *args, day=None, **options):
        today = self.parse_day(day) if day else timezone.localdate()
        sent = send_reminders(today)
        self.stdout.write(
            f"{today:%Y-%m-%d}: {len(sent.due_soon)} plan(s) due soon, "
            f"{len(sent.late)} late plan(s) reminded."
        )

    @staticmethod
    def parse_day(value: str) -> date:
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise CommandError(f"--date {value!r} is not a date (YYYY-MM-DD).") from None
