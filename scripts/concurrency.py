"""Concurrency runs against a real database: separate writer processes, real transactions.

    python scripts/concurrency.py writers --workers 8 --seconds 60   # cell saves and imports
    python scripts/concurrency.py approvals --workers 10              # simultaneous approvals

The database is the app's own (SQLITE_PATH, or DATABASE_URL for PostgreSQL), migrated. The run
keeps to a region of its own (code CC, period 2099), created when missing, and forks its worker
processes from one set-up Django process; each worker opens its own connection.

writers: each worker owns one customer's row of the collections plan (帐款回收规划表) and, until
the time is up, saves one cell through the grid's save path (80 %) or imports its whole row as
a CSV file through the spreadsheet import (20 %), every time with new values. At the end the
database must hold exactly what the workers were told was saved: one history row per saved
cell, the last saved value in every cell, and no "database is locked".

approvals: a submitted plan; the workers meet at a barrier and all approve it at once. Exactly
one approval may succeed, leaving one transition and one history row.

Prints the figures; `--json` prints them as one JSON object instead (the tests read that).
"""

import argparse
import json
import multiprocessing
import os
import random
import statistics
import sys
import time
import traceback
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "salesplan.settings")

import django  # noqa: E402

django.setup()

from django.db import OperationalError, connection, connections  # noqa: E402
from django.utils import timezone  # noqa: E402

from customers.models import (  # noqa: E402
    Customer,
    Period,
    Product,
    Region,
    RegionMembership,
    User,
)
from planning.models import CollectionPlan, Plan, PlanTransition  # noqa: E402
from planning.numbers import grids, saving  # noqa: E402
from planning.review import services  # noqa: E402
from planning.spreadsheets.imports import import_apply, read_import  # noqa: E402
from planning.spreadsheets.layouts import LAYOUTS  # noqa: E402

REGION_CODE = "CC"
YEAR = 2099
LAYOUT = LAYOUTS["collections"]


def setting_up(workers: int) -> tuple[Plan, User, User, list[Customer]]:
    """The run's region, plan, manager, reviewer and one customer per worker (idempotent)."""
    region, _ = Region.objects.get_or_create(
        code=REGION_CODE, defaults={"name": "并发测试", "name_en": "Concurrency test"}
    )
    period, _ = Period.objects.get_or_create(year=YEAR)
    manager, created = User.objects.get_or_create(
        username="concurrency-manager", defaults={"role": User.Role.MANAGER}
    )
    if created:
        manager.set_unusable_password()
        manager.save()
    RegionMembership.objects.get_or_create(user=manager, region=region)
    reviewer, created = User.objects.get_or_create(
        username="concurrency-reviewer", defaults={"role": User.Role.REVIEWER}
    )
    if created:
        reviewer.set_unusable_password()
        reviewer.save()
    customers = [
        Customer.objects.get_or_create(region=region, name=f"并发客户{index:02d}")[0]
        for index in range(workers)
    ]
    plan, _ = Plan.objects.get_or_create(region=region, period=period, version=1)
    # Collections are planned per customer × product: the writers write one product's.
    Product.objects.get_or_create(code="CONC", defaults={"name": "并发产品", "list_price": 100})
    return plan, manager, reviewer, customers


def the_product() -> Product:
    return Product.objects.get(code="CONC")


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


# writers


def _csv_row(customer: Customer, product: Product, values: dict[int, Decimal]) -> bytes:
    columns = LAYOUT.key_columns() + LAYOUT.value_columns()
    header = ",".join(column.label for column in columns)
    figures = ",".join(str(values[column.month]) for column in LAYOUT.value_columns())
    return f"\ufeff{header}\n{customer.name},{product.code},{figures}\n".encode()


def _writer(index: int, plan_pk: int, user_pk: int, customer_pk: int, seconds: float, queue):
    """One writer process: save until the time is up, then report what it was told."""
    rng = random.Random(index)
    report = {
        "worker": index,
        "saves": 0,
        "imports": 0,
        "cells_saved": 0,
        "conflicts": 0,
        "locked": 0,
        "errors": [],
        "latency": {"save": [], "import": []},
        "last": {},
    }
    try:
        plan = Plan.objects.select_related("region", "period").get(pk=plan_pk)
        user = User.objects.get(pk=user_pk)
        customer = Customer.objects.get(pk=customer_pk)
        product = the_product()
        grid = grids.CollectionsGrid(plan, product)
        revisions = {month: rev for (_row, month), (_v, rev) in grid.cells([customer.pk]).items()}
        counter = 0
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            counter += 1
            kind = "import" if rng.random() < 0.2 else "save"
            if kind == "save":
                month = rng.choice(grid.months)
                values = {month: Decimal(counter * 100 + rng.randrange(100)) / 100}
            else:
                values = {
                    month: Decimal(counter * 10000 + month * 100 + rng.randrange(100)) / 100
                    for month in grid.months
                }
            start = time.perf_counter()
            try:
                if kind == "save":
                    ((month, value),) = values.items()
                    revision = revisions.get(month, 0)
                    change = grids.CellChange(customer.pk, month, str(value), revision)
                    result = saving.save_cells(grid, user=user, changes=[change])
                else:
                    planned = read_import(
                        LAYOUT, plan, name="row.csv", data=_csv_row(customer, product, values)
                    )
                    if not planned.ok:
                        raise RuntimeError(f"import refused: {planned.errors[:2]}")
                    result = import_apply(
                        layout=LAYOUT,
                        plan=plan,
                        user=user,
                        cells=[
                            (c.product, c.measure, c.row, c.month, str(c.new), c.revision)
                            for c in planned.changes()
                        ],
                    )
            except OperationalError as exc:
                if "locked" in str(exc):
                    report["locked"] += 1
                else:
                    report["errors"].append(f"OperationalError: {exc}")
                continue
            except Exception as exc:  # noqa: BLE001 - counted and reported
                report["errors"].append(f"{type(exc).__name__}: {exc}"[:300])
                continue
            elapsed = time.perf_counter() - start
            if result.conflicts or result.errors:
                report["conflicts"] += len(result.conflicts)
                report["errors"].extend(o.error for o in result.errors[:3])
                # reload what is stored, as a user told of a conflict would
                revisions = {
                    month: rev for (_row, month), (_v, rev) in grid.cells([customer.pk]).items()
                }
                continue
            report["latency"][kind].append(elapsed)
            report["saves" if kind == "save" else "imports"] += 1
            for outcome in result.saved:
                revisions[outcome.month] = outcome.revision
                report["last"][str(outcome.month)] = str(values[outcome.month])
                report["cells_saved"] += 1
    except Exception:  # noqa: BLE001 - the parent reports it
        report["errors"].append(traceback.format_exc()[-1000:])
    queue.put(report)


def run_writers(workers: int, seconds: float) -> dict:
    plan, manager, _reviewer, customers = setting_up(workers)
    Plan.objects.filter(pk=plan.pk).update(state=Plan.State.DRAFT)
    started = timezone.now()
    history_before = CollectionPlan.history.filter(plan=plan).count()
    rows = {customer.pk: customer for customer in customers}
    connections.close_all()  # every worker opens its own connection
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    processes = [
        context.Process(
            target=_writer, args=(i, plan.pk, manager.pk, customers[i].pk, seconds, queue)
        )
        for i in range(workers)
    ]
    wall = time.perf_counter()
    for process in processes:
        process.start()
    reports = [queue.get(timeout=seconds + 120) for _ in processes]
    for process in processes:
        process.join()
    wall = time.perf_counter() - wall
    reports.sort(key=lambda report: report["worker"])

    # What the database holds now, against what the workers were told.
    history_rows = CollectionPlan.history.filter(plan=plan).count() - history_before
    stored = {
        (cell.customer_id, cell.month): cell.amount
        for cell in CollectionPlan.objects.filter(
            plan=plan, customer__in=rows, product=the_product()
        )
    }
    wrong_values = [
        f"{customers[r['worker']].name} month {month}: told {value}, stored {stored.get(key)}"
        for r in reports
        for month, value in r["last"].items()
        if stored.get(key := (customers[r["worker"]].pk, int(month))) != Decimal(value)
    ]
    saves = [x for r in reports for x in r["latency"]["save"]]
    imports = [x for r in reports for x in r["latency"]["import"]]
    both = saves + imports
    return {
        "scenario": "writers",
        "database": connection.vendor,
        "workers": workers,
        "seconds": round(wall, 1),
        "started": started.isoformat(),
        "saves": sum(r["saves"] for r in reports),
        "imports": sum(r["imports"] for r in reports),
        "cells_reported_saved": sum(r["cells_saved"] for r in reports),
        "history_rows_committed": history_rows,
        "wrong_values": wrong_values[:20],
        "conflicts": sum(r["conflicts"] for r in reports),
        "database_is_locked": sum(r["locked"] for r in reports),
        "errors": [e for r in reports for e in r["errors"]][:20],
        "throughput_per_s": round(len(both) / wall, 1) if wall else 0,
        "latency_ms": {
            kind: {
                "p50": round(percentile(values, 0.50) * 1000, 1),
                "p95": round(percentile(values, 0.95) * 1000, 1),
                "p99": round(percentile(values, 0.99) * 1000, 1),
                "max": round(max(values, default=0) * 1000, 1),
                "mean": round(statistics.fmean(values) * 1000, 1) if values else 0,
            }
            for kind, values in (("save", saves), ("import", imports), ("all", both))
        },
    }


# approvals


def _approver(index: int, plan_pk: int, user_pk: int, barrier, queue):
    try:
        plan = Plan.objects.get(pk=plan_pk)
        user = User.objects.get(pk=user_pk)
        barrier.wait(timeout=60)
        try:
            services.plan_approve(plan=plan, user=user)
            outcome = "approved"
        except services.TransitionRefused:
            outcome = "refused"
        except OperationalError as exc:
            outcome = "locked" if "locked" in str(exc) else f"OperationalError: {exc}"
    except Exception as exc:  # noqa: BLE001 - the parent reports it
        outcome = f"{type(exc).__name__}: {exc}"[:300]
    queue.put(outcome)


def run_approvals(workers: int) -> dict:
    plan, _manager, reviewer, _customers = setting_up(1)
    Plan.objects.filter(pk=plan.pk).update(state=Plan.State.SUBMITTED)
    transitions_before = PlanTransition.objects.filter(plan=plan).count()
    history_before = Plan.history.filter(id=plan.pk).count()
    connections.close_all()
    context = multiprocessing.get_context("fork")
    barrier, queue = context.Barrier(workers), context.Queue()
    processes = [
        context.Process(target=_approver, args=(i, plan.pk, reviewer.pk, barrier, queue))
        for i in range(workers)
    ]
    wall = time.perf_counter()
    for process in processes:
        process.start()
    outcomes = [queue.get(timeout=120) for _ in processes]
    for process in processes:
        process.join()
    wall = time.perf_counter() - wall
    plan.refresh_from_db()
    return {
        "scenario": "approvals",
        "database": connection.vendor,
        "workers": workers,
        "seconds": round(wall, 2),
        "approved": outcomes.count("approved"),
        "refused": outcomes.count("refused"),
        "other": [o for o in outcomes if o not in ("approved", "refused")],
        "state": plan.state,
        "transitions_added": PlanTransition.objects.filter(plan=plan).count() - transitions_before,
        "history_rows_added": Plan.history.filter(id=plan.pk).count() - history_before,
    }


def print_figures(figures: dict) -> None:
    if figures["scenario"] == "approvals":
        print(
            f"{figures['workers']} simultaneous approvals on {figures['database']}: "
            f"{figures['approved']} approved, {figures['refused']} refused, "
            f"other {figures['other']}; transitions added {figures['transitions_added']}, "
            f"history rows added {figures['history_rows_added']} ({figures['seconds']} s)"
        )
        return
    print(
        f"{figures['workers']} writer processes for {figures['seconds']} s on "
        f"{figures['database']}: {figures['saves']} cell saves + {figures['imports']} imports "
        f"({figures['throughput_per_s']}/s)"
    )
    print(
        f"  cells reported saved {figures['cells_reported_saved']}, history rows committed "
        f"{figures['history_rows_committed']}, wrong stored values {len(figures['wrong_values'])}"
    )
    print(
        f"  'database is locked' {figures['database_is_locked']}, conflicts "
        f"{figures['conflicts']}, other errors {len(figures['errors'])}"
    )
    for kind, figures_ms in figures["latency_ms"].items():
        print(
            f"  {kind:6} p50 {figures_ms['p50']} ms, p95 {figures_ms['p95']} ms, "
            f"p99 {figures_ms['p99']} ms, max {figures_ms['max']} ms"
        )
    for error in figures["errors"][:5]:
        print(f"  error: {error}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", choices=["writers", "approvals"])
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    if args.scenario == "writers":
        figures = run_writers(args.workers, args.seconds)
        ok = (
            figures["database_is_locked"] == 0
            and not figures["errors"]
            and not figures["wrong_values"]
            and figures["history_rows_committed"] == figures["cells_reported_saved"]
        )
    else:
        figures = run_approvals(args.workers)
        ok = (
            figures["approved"] == 1
            and figures["transitions_added"] == 1
            and figures["history_rows_added"] == 1
        )
    figures["ok"] = ok
    if args.json:
        print(json.dumps(figures))
    else:
        print_figures(figures)
        print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
