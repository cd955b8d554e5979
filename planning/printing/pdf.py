"""Printing plans with WeasyPrint, reading nothing but the app's own static files and data: URLs.

WeasyPrint's default fetcher reads local files and any URL: two lines of user HTML could attach
/etc/passwd to the PDF (STACK.md). Ours serves `static/` files through Django's finders and
data: URLs; every other URL is refused without being touched, and recorded for the tests.
"""

import contextlib
import gc
import mimetypes
import os
import pickle
import select
import signal
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import timezone, translation
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from customers.models import Product
from planning.chapters.catalogue import CHAPTERS
from planning.chapters.content import chapter_content
from planning.models import Plan
from planning.numbers import reports, statements
from planning.printing import furniture, region_summary
from planning.printing import parts as pdf_parts
from planning.printing.options import PrintOptions
from planning.printing.paging import annex_pages, customer_pages, pages_by_height, print_pages
from salesplan.templatetags.salesplan import amounts_in

# Documents are rendered with this base URL so that {% static %} paths resolve to it; nothing is
# ever fetched from the network for it.
APP_BASE_URL = "https://salesplan.invalid/"
_STATIC_PREFIX = APP_BASE_URL + settings.STATIC_URL.lstrip("/")
_font_config_lock = threading.Lock()
_font_config: FontConfiguration | None = None


class PrintError(Exception):
    """The document could not be printed; the message says why, in the user's language."""


def font_configuration() -> FontConfiguration:
    """One FontConfiguration per process, with the print stylesheet's fonts registered in it.

    WeasyPrint copies each @font-face font (7 MB of CJK font apiece) into a temporary folder of
    the FontConfiguration the first time a document uses it. Registered here, in the process
    that prints, every child process it forks finds them there: otherwise each child would
    copy the fonts into a folder of its own, which nobody removes after the child has exited."""
    global _font_config
    with _font_config_lock:
        if _font_config is None:
            config = FontConfiguration()
            # The stylesheet as the documents link it, so that its @font-face rules, URLs
            # included, are the very ones the documents declare.
            CSS(
                url=APP_BASE_URL + static("css/print.css").lstrip("/"),
                url_fetcher=AppOnlyFetcher(),
                font_config=config,
            )
            _font_config = config
        return _font_config


class AppOnlyFetcher(URLFetcher):
    def __init__(self):
        super().__init__(
            timeout=3,
            allowed_protocols={"data", "https"},
            allow_redirects=False,
            fail_on_errors=False,
        )
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith(_STATIC_PREFIX):
            path = unquote(urlsplit(url).path)[len(urlsplit(_STATIC_PREFIX).path) :]
            safe = ".." not in path.split("/")
            found = (finders.find(path) or _collected(path)) if safe else None
            if found:
                with open(found, "rb") as handle:
                    body = handle.read()
                content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
                return URLFetcherResponse(url, body, {"Content-Type": content_type})
        self.refused.append(url)
        raise ValueError(f"salesplan prints only its own static files, not {url[:200]}")


def _collected(path: str) -> str | None:
    """A file of STATIC_ROOT: in production {% static %} names the hashed copy that
    collectstatic made (print.c71ce9caa63a.css), which the finders do not know."""
    if not settings.STATIC_ROOT:
        return None
    root = Path(settings.STATIC_ROOT).resolve()
    candidate = (root / path).resolve()
    return str(candidate) if candidate.is_file() and root in candidate.parents else None


def render_pdf(
    html: str,
    *,
    fetcher: AppOnlyFetcher | None = None,
    timeout: float | None = None,
    in_parts: bool = True,
) -> bytes:
    """The PDF of `html`, printed in a child process that is killed after `timeout` seconds
    (settings.PDF_RENDER_SECONDS): a layout that would take minutes ends with a PrintError
    instead of holding a web worker. `timeout=0` prints in this process. A long plan prints in
    parts on every core (pdf_parts), unless `in_parts` is False: a pack's workers already print
    one region each, side by side. The garbage collector is paused meanwhile (collector_paused),
    here and in every child this forks."""
    with collector_paused():
        return _print(html, fetcher or AppOnlyFetcher(), timeout, in_parts)


def _print(html: str, fetcher: AppOnlyFetcher, timeout: float | None, in_parts: bool) -> bytes:
    if timeout is None:
        timeout = getattr(settings, "PDF_RENDER_SECONDS", 20)
    parts = _parts(html) if in_parts else None
    if parts is not None:
        font_configuration()  # loaded once here, inherited by every child
        deadline = time.monotonic() + (timeout or 24 * 3600)
        try:
            return pdf_parts.render_in_parts(
                parts,
                render=_layout,
                fetcher=fetcher,
                deadline=deadline,
                on_timeout=lambda: _timed_out(timeout),
            )
        except pdf_parts.PrintWhole:
            timeout = max(deadline - time.monotonic(), 0.001) if timeout else 0
    if not timeout:
        return _render(html, fetcher)
    return _render_in_child(html, fetcher, timeout)


# More parts than this print little faster (the cover, the contents and the joining are one
# process's work) and each child holds its own layout in memory.
MAX_PARTS = 4


def _parts(html: str) -> pdf_parts.Split | None:
    """A long plan cut into one part per core (settings.PDF_PARTS, default: the cores this
    process may use, at most MAX_PARTS), when it has more table cells than
    settings.PDF_PARTS_MIN_CELLS; else None: one piece."""
    count = getattr(settings, "PDF_PARTS", None) or min(MAX_PARTS, len(os.sched_getaffinity(0)))
    if count < 2 or pdf_parts.cells(html) < getattr(settings, "PDF_PARTS_MIN_CELLS", 1000):
        return None
    return pdf_parts.split(html, count)


@contextlib.contextmanager
def _nesting_refused():
    """WeasyPrint lays out and draws nested boxes by recursion: too deep a nesting is a
    message to the user, not a crash."""
    try:
        yield
    except RecursionError as exc:
        raise PrintError(
            translation.gettext("The plan's text is nested too deeply to print.")
        ) from exc


def _layout(html: str, fetcher: AppOnlyFetcher):
    """The laid-out WeasyPrint document of `html`."""
    with _nesting_refused():
        return HTML(string=html, base_url=APP_BASE_URL, url_fetcher=fetcher).render(
            font_config=font_configuration()
        )


_collector_lock = threading.Lock()
_collector_pauses = 0
_collector_was_enabled = True


@contextlib.contextmanager
def collector_paused():
    """Python's cyclic garbage collector paused while a document prints.

    WeasyPrint makes hundreds of thousands of objects per document and keeps nearly all of them
    until the PDF is written, so the collector, which runs every 700 new objects and now and
    then walks the whole process, finds almost nothing: on the 300-customer plan it cost 15 %
    of the printing time and saved 6 MB. In a forked child it costs more: walking the heap
    inherited from the parent writes to it, so the child copies it page by page (the demo plan
    printed in parts: 3.6 s with it, 2.4 s without). Counted, for threads printing at once."""
    global _collector_pauses, _collector_was_enabled
    with _collector_lock:
        if _collector_pauses == 0:
            _collector_was_enabled = gc.isenabled()
            gc.disable()
        _collector_pauses += 1
    try:
        yield
    finally:
        with _collector_lock:
            _collector_pauses -= 1
            if _collector_pauses == 0 and _collector_was_enabled:
                gc.enable()


def _locks_anew() -> None:
    """In a forked child: fresh locks, in case another thread of the parent held one at the
    moment of the fork (the child would otherwise wait for it forever)."""
    global _collector_lock, _font_config_lock
    _collector_lock, _font_config_lock = threading.Lock(), threading.Lock()


os.register_at_fork(after_in_child=_locks_anew)


def _render(html: str, fetcher: AppOnlyFetcher) -> bytes:
    document = _layout(html, fetcher)
    with _nesting_refused():
        return document.write_pdf()


def _timed_out(timeout: float):
    raise PrintError(
        translation.gettext(
            "The plan took longer than %(seconds)s seconds to print and was "
            "stopped. Shorten its longest texts or lists and print again."
        )
        % {"seconds": int(timeout)}
    )


def _render_in_child(html: str, fetcher: AppOnlyFetcher, timeout: float) -> bytes:
    font_configuration()  # loaded once in the parent, inherited by every child
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: print, send (outcome, data, refused URLs) back, exit at once
        status = 0
        try:
            os.close(read_end)
            try:
                outcome = ("pdf", _render(html, fetcher))
            except PrintError as exc:
                outcome = ("refused", str(exc))
            except Exception as exc:  # noqa: BLE001 - reported to the parent, which raises
                outcome = ("failed", f"{type(exc).__name__}: {exc}"[:500])
            with os.fdopen(write_end, "wb") as out:
                out.write(pickle.dumps((*outcome, fetcher.refused)))
        except BaseException:  # noqa: BLE001 - the child must never return into Django
            status = 1
        finally:
            os._exit(status)  # no atexit, no closing of the parent's database connections
    os.close(write_end)
    chunks, deadline = [], time.monotonic() + timeout
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                os.kill(pid, signal.SIGKILL)
                _timed_out(timeout)
            ready, _w, _x = select.select([read_end], [], [], remaining)
            if ready:
                chunk = os.read(read_end, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
    finally:
        os.close(read_end)
        os.waitpid(pid, 0)
    try:
        kind, payload, refused = pickle.loads(b"".join(chunks))  # noqa: S301 - our own child
    except Exception as exc:
        raise PrintError(translation.gettext("The plan could not be printed.")) from exc
    fetcher.refused.extend(refused)
    if kind == "refused":
        raise PrintError(payload)
    if kind == "failed":
        raise RuntimeError(f"printing failed in the child process: {payload}")
    return payload


# Rows of a landscape month table that fill an A4 page under its heading, one line each.
ROWS_PER_LANDSCAPE_PAGE = 30
ROWS_PER_PORTRAIT_PAGE = 40


def plan_context(plan: Plan, options: PrintOptions | None = None) -> dict:
    options = options or PrintOptions()
    comments, detail = options.comments, options.annex
    chapters = [
        {
            "chapter": chapter,
            "content": chapter_content(plan, chapter.slug) if chapter.built else {},
        }
        for chapter in CHAPTERS
        if chapter.slug in options.chapters
    ]
    by_product, product_labels = reports.targets_matrix(plan, by="product")
    by_customer, customer_labels = reports.targets_matrix(plan, by="customer")
    # Last year and growth print beside each row of the month tables: chapter 5 then prints
    # only the short table by product, not a second 300-row table by customer.
    targets = _content(chapters, "targets") or chapter_content(plan, "targets")
    pnl_content = _content(chapters, "pnl")
    collections, ageing, customers = reports.collections(plan)
    names = {c.pk: c.name for c in customers.values()}
    collection_lines, collection_total = statements.collection_lines(
        collections, names, reports.product_labels()
    )
    ageing_rows, ageing_total = statements.ageing_lines(ageing, names)
    context = {
        "plan": plan,
        "print": True,
        **furniture.context(plan),  # the draft's watermark
        "chapters": chapters,
        "managers": [m.user for m in plan.region.memberships.select_related("user")],
        "printed_at": timezone.localtime(),
        "by_product": by_product,
        "product_labels": product_labels,
        "by_customer": by_customer,
        "customer_labels": customer_labels,
        "product_overview": {row.key: row for row in targets["by_product"]},
        "product_total": targets["product_total"],
        "customer_overview": {row.key: row for row in targets["by_customer"]},
        "customer_total": targets["customer_total"],
        "pnl_statement": pnl_content.get("statement"),
        "pnl_as_of": pnl_content.get("as_of"),
        # The long tables by customer print a landscape page's worth of rows at a time, the
        # first page's under the table by product when enough rows fit there.
        **customer_pages(by_customer.keys, len(by_product.keys), ROWS_PER_LANDSCAPE_PAGE),
        # Two rows a customer and each of its products (plan above actual), and the total's
        # four under the last page (a smaller type than the other month tables': 34 to a
        # page); the ageing under them, or the last customer goes over to the ageing's page.
        "collection_pages": pages_by_height(
            collection_lines, ROWS_PER_LANDSCAPE_PAGE + 4, tail_rows=len(ageing_rows)
        ),
        "collection_total": collection_total,
        "ageing_rows": ageing_rows,
        "ageing_total": ageing_total,
        "collection_summary_pages": print_pages(
            zip(collections.rows, ageing.rows, strict=True),
            ROWS_PER_PORTRAIT_PAGE,
            first=ROWS_PER_PORTRAIT_PAGE - 26,  # under the months' totals and the ageing's
        ),
        "collections": collections,
        "ageing": ageing,
        "collection_customers": customers,
        "months": range(1, 13),
        "with_comments": comments,
        "options": options,
        "region_summary": region_summary.summary_context(
            plan,
            line=_content(chapters, "summary").get("figures"),
            products=(targets["by_product"], targets["product_total"]),
        ),
        "detail": reports.targets_detail(plan) if detail else None,
        # The annex's quantities: each product's row names its unit; products are not added up.
        "unit_labels": {p.id: f"{p.display_name} ({p.unit})" for p in Product.objects.all()},
    }
    if detail:
        market = _content(chapters, "market") or chapter_content(plan, "market")
        contribution = context["annex_contribution"] = market.get("contribution", [])
        context["detail_pages"] = annex_pages(context["detail"], len(contribution))
    if comments:
        context["comments"] = (
            plan.comments.filter(parent=None)
            .select_related("author")
            .prefetch_related("replies__author")
            .order_by("chapter", "created_at")
        )
    return context


def _content(chapters: list[dict], slug: str) -> dict:
    """A chapter's content as plan_context built it for the chapter itself."""
    return next((item["content"] for item in chapters if item["chapter"].slug == slug), {})


def plan_html(plan: Plan, *, options: PrintOptions | None = None, **legacy) -> str:
    """The printed plan's HTML as `options` say; without them, as `language`, `comments` and
    `detail` (the annex) say, with every chapter, in yuan."""
    options = options or PrintOptions.legacy(**legacy)
    with translation.override(options.language), collector_paused(), amounts_in(options.unit):
        return render_to_string("pdf/plan.html", plan_context(plan, options))


def plan_pdf(
    plan: Plan, *, options: PrintOptions | None = None, in_parts: bool = True, **legacy
) -> bytes:
    options = options or PrintOptions.legacy(**legacy)
    html = plan_html(plan, options=options)
    with translation.override(options.language):
        return render_pdf(html, in_parts=in_parts)
