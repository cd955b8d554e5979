"""`make loadtest`: the load test and the concurrency runs, with their figures.

1. Load: a fresh demo database (.loadtest/db.sqlite3, migrate + seed_demo), gunicorn with three
   workers on 127.0.0.1 as in production (DEBUG=0), and locust (scripts/locustfile.py) for a
   bounded time: 70 % grid page, 20 % cell saves, 5 % PDF, 5 % export. Prints throughput and
   p50/p95/p99 per kind and checks the goals: no 5xx, p95 page < 300 ms, p95 save < 500 ms.
2. Concurrency: scripts/concurrency.py writers, 8 processes for 60 s (cell saves and imports)
   on a SQLite file, then on PostgreSQL when one answers on 127.0.0.1:5432 (a scratch database
   that is dropped afterwards).

Only loopback addresses are used; every run stops by itself.

    python scripts/loadtest.py [--seconds 60] [--users 10] [--locust PATH] [--skip-load]
                               [--skip-concurrency] [--pg-url postgres://...]
"""

import argparse
import csv
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".loadtest"
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
GOALS_MS = {"grid page": 300, "cell save": 500}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def manage(env: dict, *args: str, capture: bool = False) -> str:
    result = subprocess.run(  # noqa: S603 - our own manage.py
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=capture,
        text=True,
    )
    return result.stdout if capture else ""


def production_env(database: Path) -> dict:
    return {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SQLITE_PATH": str(database),
        "MEDIA_ROOT": str(WORK / "media"),
        "LOG_LEVEL": "WARNING",
        "DATABASE_URL": "",
        # The load's 5 % of PDFs print while the request waits, as the figures have always
        # measured (deployed, a plan's PDF goes to the background worker by default).
        "PDF_BACKGROUND_ABOVE": "1000000000",
    }


def wait_until_up(port: int, deadline_s: float = 60) -> None:
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        request = urllib.request.Request(  # noqa: S310 - loopback only
            f"http://127.0.0.1:{port}/login/", headers={"X-Forwarded-Proto": "https"}
        )
        try:
            with urllib.request.urlopen(request, timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"gunicorn did not answer on 127.0.0.1:{port}")


def static_is_stale() -> bool:
    manifest = ROOT / "staticfiles" / "staticfiles.json"
    if not manifest.exists():
        return True
    built = manifest.stat().st_mtime
    return any(path.stat().st_mtime > built for path in (ROOT / "static").rglob("*"))


def plan_and_products(env: dict) -> tuple[int, list[int]]:
    code = (
        "import json; from planning.models import Plan; from customers.models import Product; "
        "plan = Plan.objects.filter(region__code='SH').order_by('-period__year', '-version')"
        ".first(); print(json.dumps([plan.pk, list(Product.objects.filter(active=True)"
        ".values_list('pk', flat=True))]))"
    )
    output = manage(env, "shell", "--no-imports", "-c", code, capture=True)
    plan, products = json.loads(output.strip().splitlines()[-1])
    return plan, products


def read_stats(prefix: Path) -> list[dict]:
    with open(f"{prefix}_stats.csv", newline="") as handle:
        return list(csv.DictReader(handle))


def read_failures(prefix: Path) -> list[dict]:
    path = Path(f"{prefix}_failures.csv")
    if not path.exists():
        return []
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


def run_load(seconds: int, users: int, locust: str) -> tuple[list[str], bool]:
    database = WORK / "db.sqlite3"
    for path in WORK.glob("db.sqlite3*"):
        path.unlink()
    env = production_env(database)
    print("load: migrating and seeding a fresh demo database …", flush=True)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "seed_demo")
    if static_is_stale():
        manage(env, "collectstatic", "--noinput", "-v0")  # compressing takes a minute or two
    plan, products = plan_and_products(env)
    port = free_port()
    server = subprocess.Popen(  # noqa: S603 - our own gunicorn
        [GUNICORN, "salesplan.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "3"]
        + ["--timeout", "60", "--error-logfile", str(WORK / "gunicorn.log")],
        cwd=ROOT,
        env=env,
    )
    prefix = WORK / "locust"
    try:
        wait_until_up(port)
        print(f"load: {users} users for {seconds} s against gunicorn on 127.0.0.1:{port}")
        subprocess.run(  # noqa: S603 - the pinned locust
            [locust, "-f", str(ROOT / "scripts" / "locustfile.py"), "--headless"]
            # Users arrive over a few seconds (each logs in, ~0.5 s of password hashing), and the
            # figures count from when all are in.
            + ["--users", str(users), "--spawn-rate", "2", "--reset-stats"]
            + ["--run-time", f"{seconds}s", "--stop-timeout", "10"]
            + ["--host", f"http://127.0.0.1:{port}", "--csv", str(prefix), "--only-summary"]
            + ["--loglevel", "WARNING"],
            cwd=ROOT,
            env={
                **os.environ,
                "LOADTEST_PLAN": str(plan),
                "LOADTEST_PRODUCTS": ",".join(map(str, products)),
            },
            check=False,
            timeout=seconds + 120,
            stdout=subprocess.DEVNULL,
        )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    rows = read_stats(prefix)
    failures = read_failures(prefix)
    server_errors = sum(int(f["Occurrences"]) for f in failures if "status 5" in f.get("Error", ""))
    lines = [
        f"Load: {users} users, {seconds} s, gunicorn 3 workers (DEBUG=0), SQLite, demo data",
        "",
        "| kind | requests | failures | req/s | p50 ms | p95 ms | p99 ms | max ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    by_name = {}
    for row in rows:
        name = row["Name"]
        by_name[name] = row
        label = "all" if name == "Aggregated" else name
        lines.append(
            f"| {label} | {row['Request Count']} | {row['Failure Count']} | "
            f"{float(row['Requests/s']):.1f} | {row['50%']} | {row['95%']} | {row['99%']} | "
            f"{float(row['Max Response Time']):.0f} |"
        )
    ok = server_errors == 0
    lines.append("")
    lines.append(f"5xx responses: {server_errors}")
    for name, goal in GOALS_MS.items():
        p95 = float(by_name.get(name, {}).get("95%", "nan") or "nan")
        met = p95 < goal
        ok = ok and met
        lines.append(f"p95 {name}: {p95:.0f} ms (goal < {goal} ms): {'met' if met else 'MISSED'}")
    for failure in failures[:10]:
        lines.append(f"failure: {failure['Name']}: {failure['Error']} × {failure['Occurrences']}")
    return lines, ok


def run_concurrency(env: dict, label: str, seconds: int) -> tuple[list[str], bool]:
    result = subprocess.run(  # noqa: S603 - our own script
        [PYTHON, "scripts/concurrency.py", "writers", "--workers", "8"]
        + ["--seconds", str(seconds), "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=seconds + 300,
    )
    try:
        figures = json.loads(result.stdout.strip().splitlines()[-1])
    except (json.JSONDecodeError, IndexError):
        return [f"Concurrency on {label}: the run failed: {result.stderr[-2000:]}"], False
    latency = figures["latency_ms"]
    lines = [
        f"Concurrency on {label}: 8 writer processes for {figures['seconds']} s: "
        f"{figures['saves']} cell saves + {figures['imports']} imports "
        f"({figures['throughput_per_s']}/s)",
        f"  cells reported saved {figures['cells_reported_saved']} = history rows committed "
        f"{figures['history_rows_committed']}; wrong stored values {len(figures['wrong_values'])};"
        f" 'database is locked' {figures['database_is_locked']}; "
        f"other errors {len(figures['errors'])}",
        f"  save p50 {latency['save']['p50']} ms, p95 {latency['save']['p95']} ms, "
        f"p99 {latency['save']['p99']} ms; import p50 {latency['import']['p50']} ms, "
        f"p95 {latency['import']['p95']} ms, p99 {latency['import']['p99']} ms",
    ]
    lines += [f"  error: {error}" for error in figures["errors"][:5]]
    return lines, figures["ok"]


def sqlite_concurrency(seconds: int) -> tuple[list[str], bool]:
    database = WORK / "concurrency.sqlite3"
    for path in WORK.glob("concurrency.sqlite3*"):
        path.unlink()
    env = production_env(database)
    print("concurrency: SQLite file database …", flush=True)
    manage(env, "migrate", "--noinput", "-v0")
    return run_concurrency(env, f"SQLite ({database.name}, WAL, IMMEDIATE)", seconds)


def postgres_concurrency(url: str, seconds: int) -> tuple[list[str], bool]:
    import psycopg

    base, _slash, _name = url.rpartition("/")
    scratch = "salesplan_loadtest"
    try:
        with psycopg.connect(f"{base}/postgres", autocommit=True, connect_timeout=3) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{scratch}"')
    except psycopg.OperationalError as exc:
        return [f"Concurrency on PostgreSQL: skipped, no server answers ({exc})"], True
    env = {**production_env(WORK / "unused.sqlite3"), "DATABASE_URL": f"{base}/{scratch}"}
    try:
        print("concurrency: PostgreSQL …", flush=True)
        manage(env, "migrate", "--noinput", "-v0")
        return run_concurrency(env, "PostgreSQL", seconds)
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--locust", default=shutil.which("locust") or "locust")
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432/salesplan")
    parser.add_argument("--skip-load", action="store_true")
    parser.add_argument("--skip-concurrency", action="store_true")
    args = parser.parse_args()
    WORK.mkdir(exist_ok=True)
    report, ok = [], True
    if not args.skip_load:
        lines, passed = run_load(args.seconds, args.users, args.locust)
        report += lines + [""]
        ok = ok and passed
    if not args.skip_concurrency:
        for lines, passed in (
            sqlite_concurrency(args.seconds),
            postgres_concurrency(args.pg_url, args.seconds),
        ):
            report += lines + [""]
            ok = ok and passed
    text = "\n".join(report)
    (WORK / "figures.md").write_text(text + "\n")
    print()
    print(text)
    print("All load and concurrency goals met." if ok else "Some goals were MISSED (see above).")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
