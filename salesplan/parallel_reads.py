"""Independent read-only queries of one page, run side by side on PostgreSQL.

The headquarters roll-up over 1.3 million rows needs four GROUP BY scans that do not depend on
each other (this year's sales by customer, their cost of goods, the plans' targets, last year's
sales). PostgreSQL runs each query in its own backend process, so on a server with several cores
they take about the time of the longest rather than the sum.

Django's connections belong to a thread: each worker thread of the pool reads through its own
persistent connection (CONN_MAX_AGE), checked before each use as a request would. The queries run
one after the other on the caller's connection instead when they must see the caller's
transaction (inside `atomic`, e.g. in a test case or a save), on SQLite (one file, reads gain
little), or when `PARALLEL_READS` is off.
"""

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier, Lock
from typing import TypeVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

T = TypeVar("T")
WORKERS = 3
_pool: ThreadPoolExecutor | None = None
_pool_lock = Lock()


def side_by_side() -> bool:
    """Whether the caller's queries may run on other connections now."""
    connection = connections[DEFAULT_DB_ALIAS]
    return (
        settings.PARALLEL_READS
        and connection.vendor == "postgresql"
        and not connection.in_atomic_block
    )


def run(tasks: dict[str, Callable[[], T]]) -> dict[str, T]:
    """Each task's result by name. Side by side when allowed: the first task in the calling
    thread, the others in the pool; a task's exception is raised here, as it would be if run
    in turn."""
    if len(tasks) < 2 or not side_by_side():
        return {name: task() for name, task in tasks.items()}
    (first_name, first), *others = tasks.items()
    futures = {name: _executor().submit(_on_own_connection, task) for name, task in others}
    results = {first_name: first()}
    results.update((name, future.result()) for name, future in futures.items())
    return results


def _executor() -> ThreadPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="parallel-reads")
        return _pool


def _on_own_connection(task: Callable[[], T]) -> T:
    """A task on the worker thread's connection, which is renewed when it is broken or older
    than CONN_MAX_AGE (what Django does at the start and end of a request)."""
    connection = connections[DEFAULT_DB_ALIAS]
    connection.close_if_unusable_or_obsolete()
    try:
        return task()
    finally:
        connection.close_if_unusable_or_obsolete()


def shutdown() -> None:
    """Close the pool's connections and stop its threads (a test database is dropped only when
    no connection is left on it)."""
    global _pool
    with _pool_lock:
        pool, _pool = _pool, None
    if pool is None:
        return
    # One closing task per worker, each held until all have started, so each runs on its own
    # thread and every thread's connection is closed.
    barrier = Barrier(WORKERS)

    def close() -> None:
        barrier.wait(timeout=10)
        connections.close_all()

    for future in [pool.submit(close) for _ in range(WORKERS)]:
        future.result()
    pool.shutdown(wait=True)
