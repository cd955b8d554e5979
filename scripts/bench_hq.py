"""`make bench`, headquarters scale: 30 regions × 300 customers × 12 products × 12 months.

Builds (once, then reuses) a database with ~1.3 million target rows plus a year of last year's
actuals and half a year of this year's, then times the roll-up page against the bare GROUP BY
queries it needs. SQLite by default (.bench/hq.sqlite3); PostgreSQL when DATABASE_URL is set.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
if not os.environ.get("DATABASE_URL"):
    (ROOT / ".bench").mkdir(exist_ok=True)
    os.environ["SQLITE_PATH"] = str(ROOT / ".bench" / "hq.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "salesplan.settings")
os.environ.setdefault("LOG_LEVEL", "ERROR")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402

from customers.models import Customer, Period, Product, Region, User  # noqa: E402
from planning.models import ActualSale, Plan, Target  # noqa: E402

REGIONS, CUSTOMERS, PRODUCTS, YEAR = 30, 300, 12, 2040


def report(name: str, figure: str, target: str = "") -> None:
    print(f"{name:<58} {figure:>16}   {target}", flush=True)


def median_ms(function, runs: int = 7) -> float:
    function()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def insert_rows(model, columns: list[str], rows) -> None:
    table = model._meta.db_table
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(
                f"COPY {quote(table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
            ) as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            sql = f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) VALUES ({marks})"  # noqa: S608,E501
            batch = []
            for row in rows:
                batch.append(row)
                if len(batch) == 20000:
                    cursor.executemany(sql, batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)


def build() -> None:
    call_command("migrate", verbosity=0)
    if Period.objects.filter(year=YEAR).exists():
        return
    start = time.perf_counter()
    with transaction.atomic():
        period = Period.objects.create(year=YEAR)
        previous = Period.objects.create(year=YEAR - 1)
        products = [
            Product.objects.create(
                code=f"H{i:02d}", name=f"产品{i}", list_price="100.00", standard_cost="60.00"
            )
            for i in range(PRODUCTS)
        ]
        parents = [Region.objects.create(code=f"P{g}", name=f"大区{g}") for g in range(3)]
        for r in range(REGIONS):
            region = Region.objects.create(code=f"R{r:02d}", name=f"区域{r}", parent=parents[r % 3])
            plan = Plan.objects.create(region=region, period=period, state="approved")
            Customer.objects.bulk_create(
                [Customer(region=region, name=f"客户{r}-{c}") for c in range(CUSTOMERS)]
            )
            customers = list(Customer.objects.filter(region=region).values_list("id", flat=True))
            cells = [(c, p.id, m) for c in customers for p in products for m in range(1, 13)]
            insert_rows(
                Target,
                ["plan_id", "customer_id", "product_id", "month", "quantity", "amount", "revision"],
                ((plan.id, c, p, m, (c + m) % 9, ((c + m) % 9) * 100, 1) for c, p, m in cells),
            )
            for year_period, months in ((previous, 12), (period, 6)):
                insert_rows(
                    ActualSale,
                    [
                        "region_id",
                        "period_id",
                        "customer_id",
                        "product_id",
                        "month",
                        "quantity",
                        "amount",
                        "revision",
                    ],
                    (
                        (region.id, year_period.id, c, p, m, (c + p) % 7, ((c + p) % 7) * 100, 1)
                        for c, p, m in cells
                        if m <= months
                    ),
                )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    report("setup: built the headquarters-scale database", f"{time.perf_counter() - start:.0f} s")


def bare_group_by_ms(client) -> tuple[float, int]:
    """Every aggregate query the roll-up page runs, replayed as plain SQL without Django."""
    from django.test.utils import CaptureQueriesContext, override_settings

    # Captured in turn on this thread's connection: side by side, the pool's queries run on
    # connections of their own, which this capture does not see.
    with override_settings(PARALLEL_READS=False), CaptureQueriesContext(connection) as captured:
        client.get(f"/hq/{YEAR}/")
    queries = [
        q["sql"]
        for q in captured.captured_queries
        if "GROUP BY" in q["sql"] or "SUM(" in q["sql"] or "MAX(" in q["sql"]
    ]

    def run():
        with connection.cursor() as cursor:
            for sql in queries:
                cursor.execute(sql)
                cursor.fetchall()

    return median_ms(run), len(queries)


def settle() -> None:
    """What a running database's autovacuum does to freshly loaded tables: on PostgreSQL the
    visibility map is set (VACUUM), so the roll-up's covering indexes answer from the index
    alone; without it every index-only scan visits the heap (1,141 ms against 950 ms)."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def main() -> None:
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    build()
    settle()
    # Products carry a standard cost: the roll-up's profit takes off the cost of goods.
    Product.objects.filter(code__startswith="H").update(standard_cost="60.00")
    period = Period.objects.get(year=YEAR)
    # The baseline rule at work: a third of the regions are writing their half-year revision (a
    # v2 draft); the roll-up reads their approved v1.
    for region in Region.objects.filter(code__startswith="R").order_by("code")[:10]:
        Plan.objects.get_or_create(
            region=region, period=period, version=2, defaults={"state": "draft"}
        )
    report("target rows", f"{Target.objects.count():,}")
    report("actual sale rows", f"{ActualSale.objects.count():,}")
    reviewer, _ = User.objects.get_or_create(
        username="bench-hq", defaults={"role": User.Role.REVIEWER}
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(reviewer)

    def page():
        response = client.get(f"/hq/{YEAR}/")
        assert response.status_code == 200, response.status_code

    page_ms = median_ms(page)
    bare_ms, count = bare_group_by_ms(client)
    report("roll-up dashboard page, median", f"{page_ms:.0f} ms", "target ≤ 1,000 ms")
    if connection.vendor == "postgresql":
        from django.test.utils import override_settings

        with override_settings(PARALLEL_READS=False):
            in_turn_ms = median_ms(page)
        report("  the same page, its scans one after the other, median", f"{in_turn_ms:.0f} ms")
    report(
        f"  the {count} aggregate queries it runs, as bare SQL, median",
        f"{bare_ms:.0f} ms",
        f"page/bare = {page_ms / bare_ms:.2f} (target ≤ 2)",
    )
    report(
        "half-year page: original, revised and actual, median",
        f"{median_ms(lambda: client.get(f'/hq/{YEAR}/half-year/'), runs=3):.0f} ms",
    )
    region = Region.objects.get(code="R00")
    report(
        "drill-down into a region (300 customers), median",
        f"{median_ms(lambda: client.get(f'/hq/{YEAR}/{region.code}/')):.0f} ms",
    )
    for extra in EXTRA_BENCHMARKS:
        extra(period=period, client=client, report=report, median_ms=median_ms)


# Later features append functions here: f(period=, client=, report=, median_ms=).
EXTRA_BENCHMARKS: list = []

if __name__ == "__main__":
    main()
