"""Back up the database while the app runs: manage.py backup -o FILE (see salesplan/backups.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from salesplan.backups import BackupError, backup


class Command(BaseCommand):
    help = (
        "Take a consistent online copy of the database (SQLite: a .sqlite3 file; PostgreSQL: a "
        "pg_dump custom-format file), restore it into a scratch database and compare every "
        "table's row count."
    )

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", required=True, help="the backup file to write")
        parser.add_argument(
            "--no-check", action="store_true", help="skip the restore and integrity check"
        )

    def handle(self, *args, output, no_check, **options):
        try:
            report = backup(Path(output), check=not no_check)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        for line in report.lines():
            self.stdout.write(line)
