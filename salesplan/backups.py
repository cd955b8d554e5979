"""Online backups of the database, and the check that a backup restores whole.

SQLite: the sqlite3 backup API copies the file from inside one read transaction, so the copy is
one consistent moment even while writers go on (WAL lets them). PostgreSQL: pg_dump in the
custom format, from a snapshot exported by a transaction that also counted every table's rows.
The check restores the copy into a scratch database, runs the integrity checks, and compares
every table's row count with the counts of the moment the copy was taken.
"""

import os
import shutil
import sqlite3
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection


class BackupError(Exception):
    """The backup or its restore check failed; the message says what."""


@dataclass
class BackupReport:
    engine: str
    path: Path
    seconds: float = 0.0
    size: int = 0
    counts: dict[str, int] = field(default_factory=dict)  # at the moment of the copy
    restored: dict[str, int] = field(default_factory=dict)  # in the restored copy
    integrity: str = ""

    @property
    def rows(self) -> int:
        return sum(self.counts.values())

    @property
    def matches(self) -> bool:
        return bool(self.restored) and self.restored == self.counts

    def lines(self) -> list[str]:
        out = [
            f"engine: {self.engine}",
            f"backup: {self.path} ({self.size:,} bytes) in {self.seconds:.2f} s",
            f"tables: {len(self.counts)}, rows: {self.rows:,}",
        ]
        if self.restored:
            out.append(f"integrity check of the restored copy: {self.integrity}")
            out.append(
                "row counts of the restored copy match the backup's moment: "
                + ("yes" if self.matches else f"NO ({self.differences()})")
            )
        return out

    def differences(self) -> str:
        names = sorted(set(self.counts) | set(self.restored))
        return ", ".join(
            f"{name}: {self.counts.get(name)} → {self.restored.get(name)}"
            for name in names
            if self.counts.get(name) != self.restored.get(name)
        )


def backup(output: Path, *, check: bool = True) -> BackupReport:
    """Copy the default database to `output` while it is in use; then check that it restores."""
    output = Path(output)
    if connection.vendor == "sqlite":
        report = _sqlite_backup(Path(connection.settings_dict["NAME"]), output)
        if check:
            _sqlite_check(report)
    elif connection.vendor == "postgresql":
        report = _postgres_backup(output)
        if check:
            _postgres_check(report)
    else:
        raise BackupError(f"No backup method for the {connection.vendor} database.")
    if check and not report.matches:
        raise BackupError("The restored copy differs from the backup: " + report.differences())
    return report


# SQLite


def _sqlite_tables(db: sqlite3.Connection) -> list[str]:
    rows = db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    )
    return [name for (name,) in rows]


def _sqlite_counts(db: sqlite3.Connection) -> dict[str, int]:
    return {
        name: db.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]  # noqa: S608 - table names
        for name in _sqlite_tables(db)
    }


def _sqlite_backup(source_path: Path, output: Path) -> BackupReport:
    if not source_path.exists():
        raise BackupError(f"There is no database file at {source_path}.")
    start = time.perf_counter()
    partial = output.with_name(output.name + ".partial")
    partial.unlink(missing_ok=True)
    source = sqlite3.connect(source_path, timeout=30, isolation_level=None)
    target = sqlite3.connect(partial)
    try:
        # One read transaction around the counts and the copy: both see the same moment, and
        # WAL lets the writers go on meanwhile.
        source.execute("BEGIN")
        counts = _sqlite_counts(source)
        source.backup(target)  # all pages in one step, inside the read transaction
        source.execute("COMMIT")
        target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
    finally:
        target.close()
        source.close()
    os.replace(partial, output)
    return BackupReport(
        engine="sqlite",
        path=output,
        seconds=time.perf_counter() - start,
        size=output.stat().st_size,
        counts=counts,
    )


def _sqlite_check(report: BackupReport) -> None:
    """Restore the copy as an operator would (the backup API into a fresh file) and check it."""
    with tempfile.TemporaryDirectory(prefix="salesplan-restore-") as scratch:
        restored_path = Path(scratch) / "restored.sqlite3"
        backup_db = sqlite3.connect(f"file:{report.path}?mode=ro", uri=True)
        restored = sqlite3.connect(restored_path)
        try:
            backup_db.backup(restored)
            report.integrity = restored.execute("PRAGMA integrity_check").fetchone()[0]
            broken = restored.execute("PRAGMA foreign_key_check").fetchall()
            if broken:
                report.integrity += f"; {len(broken)} rows with broken foreign keys"
            report.restored = _sqlite_counts(restored)
        finally:
            restored.close()
            backup_db.close()
    if report.integrity != "ok":
        raise BackupError(f"The restored copy fails the integrity check: {report.integrity}")


# PostgreSQL


def _pg_environment() -> dict[str, str]:
    settings = connection.settings_dict
    env = {**os.environ}
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if settings.get(key):
            env[name] = str(settings[key])
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = settings["PASSWORD"]
    return env


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client).")
    return found


def _pg_tables(cursor) -> list[str]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    return [name for (name,) in cursor.fetchall()]


def _pg_counts(cursor) -> dict[str, int]:
    counts = {}
    for name in _pg_tables(cursor):
        cursor.execute(f'SELECT COUNT(*) FROM "{name}"')  # noqa: S608 - table names
        counts[name] = cursor.fetchone()[0]
    return counts


def _postgres_backup(output: Path) -> BackupReport:
    import psycopg

    settings = connection.settings_dict
    pg_dump = _pg_tool("pg_dump")
    start = time.perf_counter()
    partial = output.with_name(output.name + ".partial")
    # A connection of its own: a repeatable-read transaction exports its snapshot, counts the
    # rows in it, and stays open while pg_dump copies that same snapshot.
    with (
        psycopg.connect(**_pg_connect_arguments(settings["NAME"])) as snapshot_db,
        snapshot_db.cursor() as cursor,
    ):
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = _pg_counts(cursor)
        result = subprocess.run(  # noqa: S603 - fixed arguments
            [
                pg_dump,
                "--format=custom",
                "--no-owner",
                f"--snapshot={snapshot}",
                f"--file={partial}",
                settings["NAME"],
            ],
            env=_pg_environment(),
            capture_output=True,
            text=True,
            check=False,
        )
        cursor.execute("COMMIT")
    if result.returncode != 0:
        partial.unlink(missing_ok=True)
        raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    os.replace(partial, output)
    return BackupReport(
        engine="postgresql",
        path=output,
        seconds=time.perf_counter() - start,
        size=output.stat().st_size,
        counts=counts,
    )


def _pg_connect_arguments(dbname: str) -> dict:
    settings = connection.settings_dict
    arguments = {"dbname": dbname, "autocommit": True}
    for key, name in (("HOST", "host"), ("PORT", "port"), ("USER", "user")):
        if settings.get(key):
            arguments[name] = str(settings[key])
    if settings.get("PASSWORD"):
        arguments["password"] = settings["PASSWORD"]
    return arguments


def _postgres_check(report: BackupReport) -> None:
    """Restore into a scratch database, count its rows, drop it."""
    import psycopg

    pg_restore = _pg_tool("pg_restore")
    scratch = f"{connection.settings_dict['NAME']}_restore_check_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(**_pg_connect_arguments("postgres")) as admin:
        admin.execute(f'CREATE DATABASE "{scratch}"')
        try:
            result = subprocess.run(  # noqa: S603 - fixed arguments
                [
                    pg_restore,
                    "--no-owner",
                    "--exit-on-error",
                    f"--dbname={scratch}",
                    str(report.path),
                ],
                env=_pg_environment(),
                capture_output=True,
                text=True,
                check=False,
            )
            if result.returncode != 0:
                raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
            with (
                psycopg.connect(**_pg_connect_arguments(scratch)) as restored,
                restored.cursor() as cursor,
            ):
                report.restored = _pg_counts(cursor)
                # Every foreign key was re-created (and so checked) by pg_restore.
                cursor.execute(
                    "SELECT COUNT(*) FROM pg_constraint WHERE contype = 'f' AND NOT convalidated"
                )
                unvalidated = cursor.fetchone()[0]
            report.integrity = "ok" if unvalidated == 0 else f"{unvalidated} unvalidated keys"
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
    if report.integrity != "ok":
        raise BackupError(f"The restored copy fails the integrity check: {report.integrity}")
