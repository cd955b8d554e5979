"""`manage.py backup` takes a consistent copy while writers run, and the copy restores whole
(issue 9, item 16)."""

import json
import sqlite3
import time
from pathlib import Path

from django.db import connection
from django.test import TransactionTestCase

from tests.reliability.harness import RealDatabase


class OnlineBackupTests(TransactionTestCase):
    def setUp(self):
        self.database = RealDatabase()
        self.addCleanup(self.database.close)
        self.output = Path(self.database.folder.name) / (
            "backup.sqlite3" if connection.vendor == "sqlite" else "backup.pgdump"
        )

    def test_a_backup_taken_while_writers_run_restores_with_matching_row_counts(self):
        writers = self.database.start("writers", "--workers", "3", "--seconds", "6")
        self.addCleanup(writers.kill)
        time.sleep(2.5)  # the writers are saving by now

        result = self.database.manage("backup", "-o", str(self.output))

        figures = json.loads(writers.communicate(timeout=120)[0].strip().splitlines()[-1])
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("integrity check of the restored copy: ok", result.stdout)
        self.assertIn("match the backup's moment: yes", result.stdout)
        self.assertTrue(figures["ok"], figures)
        self.assertGreater(figures["saves"], 0)
        if self.database.sqlite_path is not None:
            self.assert_one_moment(self.output)

    def assert_one_moment(self, path: Path) -> None:
        """Every cell in the copy has exactly as many history rows as its revision says: the
        copy holds no save half-done, whatever the writers were doing."""
        copy = sqlite3.connect(path)
        try:
            cells = copy.execute(
                "SELECT c.id, c.revision, COUNT(h.history_id) FROM planning_collectionplan c "
                "LEFT JOIN planning_historicalcollectionplan h ON h.id = c.id "
                "GROUP BY c.id, c.revision"
            ).fetchall()
            mode = copy.execute("PRAGMA journal_mode").fetchone()[0]
        finally:
            copy.close()
        self.assertGreater(len(cells), 0)
        self.assertEqual([c for c in cells if c[1] != c[2]], [])
        self.assertEqual(mode, "delete", "the copy is one file, with no -wal beside it")

    def test_a_backup_of_a_missing_database_fails_with_a_message(self):
        if connection.vendor != "sqlite":
            self.skipTest("SQLite only")
        self.database.env["SQLITE_PATH"] = str(Path(self.database.folder.name) / "none.sqlite3")

        result = self.database.manage("backup", "-o", str(self.output))

        self.assertNotEqual(result.returncode, 0)
        self.assertIn("There is no database file", result.stderr)
