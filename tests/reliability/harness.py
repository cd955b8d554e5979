"""Real concurrency for the tests: scripts/concurrency.py in separate processes against a real
database — a file copy of the test database on SQLite (":memory:" would hide the locking),
the test database itself on PostgreSQL."""

import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection

SCRIPT = Path(settings.BASE_DIR) / "scripts" / "concurrency.py"


class RealDatabase:
    """The environment that points a subprocess at a real copy of the test database."""

    def __init__(self):
        self.folder = tempfile.TemporaryDirectory(prefix="salesplan-concurrency-")
        self.sqlite_path: Path | None = None
        if connection.vendor == "sqlite":
            self.sqlite_path = Path(self.folder.name) / "db.sqlite3"
            connection.ensure_connection()
            target = sqlite3.connect(self.sqlite_path)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
            self.env = {"SQLITE_PATH": str(self.sqlite_path), "DATABASE_URL": ""}
        else:
            db = connection.settings_dict
            credentials = quote(db["USER"] or "")
            if db.get("PASSWORD"):
                credentials += ":" + quote(db["PASSWORD"])
            host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
            self.env = {"DATABASE_URL": f"postgres://{credentials}@{host}/{db['NAME']}"}

    def close(self) -> None:
        self.folder.cleanup()

    def environment(self) -> dict:
        return {
            **os.environ,
            **self.env,
            "MEDIA_ROOT": self.folder.name,
            "DJANGO_SETTINGS_MODULE": "salesplan.settings",
            "LOG_LEVEL": "WARNING",
        }

    def run(self, *args: str, timeout: float = 180) -> dict:
        """Run scripts/concurrency.py with `args`; its figures."""
        result = subprocess.run(
            [sys.executable, str(SCRIPT), *args, "--json"],
            cwd=settings.BASE_DIR,
            env=self.environment(),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        lines = result.stdout.strip().splitlines()
        if not lines:
            raise AssertionError(f"the run printed nothing: {result.stderr[-3000:]}")
        return json.loads(lines[-1])

    def start(self, *args: str) -> subprocess.Popen:
        """Start scripts/concurrency.py in the background."""
        return subprocess.Popen(
            [sys.executable, str(SCRIPT), *args, "--json"],
            cwd=settings.BASE_DIR,
            env=self.environment(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def manage(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=settings.BASE_DIR,
            env=self.environment(),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
