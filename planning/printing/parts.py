"""Printing a long plan on several cores.

WeasyPrint lays a document out in one thread, about a millisecond per table cell: a region of
300 customers has some 16,000 cells. The plan's template marks where each chapter begins
(`PART_MARK`); a long plan is cut there into as many parts as there are cores, balanced by their
cells, and child processes lay the parts out side by side. Page numbers run across the parts:
each child reports how many pages it laid out, waits for the number of its first page and the
total, and only then draws its footers ("page 37 / 95"). The parent prints the cover and the
contents last, with the chapters' real page numbers, and joins everything with pypdf, keeping
the bookmarks and the contents' links.
"""

import contextlib
import functools
import itertools
import logging
import os
import pickle
import re
import select
import signal
import struct
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from html import unescape
from io import BytesIO

from django.utils import translation
from pypdf import PdfReader, PdfWriter
from pypdf.annotations import Link

PART_MARK = "<!--salesplan:part-->"
END_MARK = "<!--salesplan:end-->"
# A contents entry's page number (templates/pdf/plan.html): target-counter() when the document
# prints as one piece, the number itself when it prints in parts (the chapters are then in
# other documents).
_TOC_TARGETS = re.compile(r'<span class="toc-page" data-target="#([\w-]+)"></span>')
TOC_PAGE_LITERAL = '<span class="toc-page toc-literal">{page}</span>'
_CELL = re.compile(r"<t[dh][\s>]")
_CHAPTER = re.compile(r"<h2>([^<]*)</h2>")  # a chapter's title, as its bookmark reads
_PX_TO_PT = 0.75  # WeasyPrint's CSS pixel in PDF points
# The cover and the contents: a page each (a plan's contents list at most 13 entries). The
# parts are numbered from here before the contents are printed; were it ever otherwise, the
# plan prints whole instead.
FRONT_PAGES = 2


@dataclass
class Split:
    head: str  # the document up to and including <body>
    front: str  # the cover and the contents
    units: list[str]  # a chapter, or a page of one of its long tables, each
    tail: str  # </body></html>
    groups: list[list[str]] = field(default_factory=list)


def cells(text: str) -> int:
    return len(_CELL.findall(text))


def split(html: str, parts: int) -> Split | None:
    """The document cut into `parts` (at most one per chapter) runs of whole chapters of about
    equal cells; None when it has no part marks or fewer than two chapters."""
    if PART_MARK not in html or END_MARK not in html:
        return None
    start = html.index("<body>") + len("<body>")
    end = html.index(END_MARK)
    front, *units = html[start:end].split(PART_MARK)
    parts = min(parts, len(units))
    if parts < 2:
        return None
    result = Split(html[:start], front, units, html[end:])
    result.groups = _balanced(units, parts)
    return result


def _balanced(units: list[str], parts: int) -> list[list[str]]:
    """The runs of units whose largest has the fewest cells (units in order, none empty)."""
    weights = [cells(unit) + 20 for unit in units]  # + a page or two of text each
    prefix = [0]
    for weight in weights:
        prefix.append(prefix[-1] + weight)

    @functools.cache
    def best(start: int, left: int) -> tuple[int, tuple[int, ...]]:
        """(largest run, cut positions) for units[start:] in `left` runs."""
        if left == 1:
            return prefix[-1] - prefix[start], ()
        options = []
        for cut in range(start + 1, len(units) - left + 2):
            rest, cuts = best(cut, left - 1)
            options.append((max(prefix[cut] - prefix[start], rest), (cut, *cuts)))
        return min(options)

    _largest, cuts = best(0, parts)
    bounds = [0, *cuts, len(units)]
    return [units[a:b] for a, b in itertools.pairwise(bounds)]


def page_footer_css(total: int) -> str:
    """The footer with the document's total written in: the cover and contents are printed by
    themselves, after the parts, so their own page count is not the document's."""
    label = translation.gettext("Page").replace('"', "")
    rule = f'@bottom-right {{ content: "{label} " counter(page) " / {total}"; }}'
    return f"@page {{ {rule} }} @page landscape {{ {rule} }}"


# -- the children ---------------------------------------------------------------------------


def _send(fd: int, message) -> None:
    data = pickle.dumps(message)
    view = memoryview(struct.pack("!Q", len(data)) + data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


class _Reader:
    """Length-prefixed pickles from a child's pipe, read without blocking past a deadline."""

    def __init__(self, fd: int):
        self.fd, self.buffer, self.closed = fd, b"", False

    def message(self):
        if len(self.buffer) >= 8:
            (size,) = struct.unpack("!Q", self.buffer[:8])
            if len(self.buffer) >= 8 + size:
                data, self.buffer = self.buffer[8 : 8 + size], self.buffer[8 + size :]
                return pickle.loads(data)  # noqa: S301 - our own child
        return None

    def read(self) -> None:
        chunk = os.read(self.fd, 1 << 20)
        if chunk:
            self.buffer += chunk
        else:
            self.closed = True


def _number_pages_from_parent(down: int, up: int) -> None:
    """In a child: before the first footer is drawn, report the part's page count and wait for
    the number of its first page and the document's total; every footer then counts from
    there. WeasyPrint makes the margin boxes after all pages are laid out, with the page's
    counters in `state` (pinned version: requirements.lock)."""
    import weasyprint.layout as layout

    original = layout.make_margin_boxes
    numbers: list[int] = []

    def make_margin_boxes(context, page, state):
        if not numbers:
            # page_maker holds a state per page (and one after the last); each names the
            # anchors that first appear on its page.
            pages = context.page_maker[:-1]
            anchors = {
                anchor: index
                for index, entry in reversed(list(enumerate(pages)))
                for anchor in entry[-1].get("anchors", ())
            }
            _send(up, ("pages", len(pages), anchors))
            reader = _Reader(down)
            while (answer := reader.message()) is None:
                reader.read()
                if reader.closed:
                    os._exit(3)  # the parent gave up on this print
            numbers.extend(answer)
        offset, total = numbers
        quote_depth, counters, scopes, groups = state
        counters = {
            **counters,
            "page": [value + offset for value in counters.get("page", [0])],
            "pages": [total],
        }
        return original(context, page, (quote_depth, counters, scopes, groups))

    layout.make_margin_boxes = make_margin_boxes


@dataclass
class _Child:
    pid: int
    up: _Reader
    down: int
    pages: int | None = None
    anchors: dict[str, int] = field(default_factory=dict)  # anchor → page index in the part
    result: tuple | None = None


def _start(html: str, render: Callable, fetcher) -> _Child:
    up_read, up_write = os.pipe()
    down_read, down_write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: lay out, wait for the numbering, draw, send the PDF back, exit
        status = 0
        try:
            os.close(up_read)
            os.close(down_write)
            _number_pages_from_parent(down_read, up_write)
            try:
                outcome = ("pdf", render(html, fetcher).write_pdf())
            except Exception as exc:  # noqa: BLE001 - reported to the parent, which raises
                try:
                    pickle.dumps(exc)
                except Exception:  # noqa: BLE001
                    exc = RuntimeError(f"{type(exc).__name__}: {exc}"[:500])
                outcome = ("failed", exc)
            _send(up_write, (*outcome, fetcher.refused))
        except BaseException:  # noqa: BLE001 - the child must never return into Django
            status = 1
        finally:
            os._exit(status)  # no atexit, no closing of the parent's database connections
    os.close(up_write)
    os.close(down_read)
    return _Child(pid, _Reader(up_read), down_write)


def _wait(children: list[_Child], deadline: float, want: Callable[[_Child], bool], on_timeout):
    """Read the children's messages until `want` holds for every child."""
    while not all(want(child) for child in children):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            on_timeout()
        waiting = [child for child in children if not want(child)]
        ready, _w, _x = select.select([child.up.fd for child in waiting], [], [], remaining)
        for child in waiting:
            if child.up.fd not in ready:
                continue
            child.up.read()
            while (message := child.up.message()) is not None:
                if message[0] == "pages":
                    _kind, child.pages, child.anchors = message
                else:
                    child.result = message
            if child.up.closed and not want(child):
                raise RuntimeError("a part of the document could not be printed")


def _stop(children: list[_Child]) -> None:
    for child in children:
        for fd in (child.up.fd, child.down):
            with contextlib.suppress(OSError):
                os.close(fd)
        with contextlib.suppress(ProcessLookupError):
            os.kill(child.pid, signal.SIGKILL)
        os.waitpid(child.pid, 0)


class FrontPagesChanged(Exception):
    """The cover and contents did not take FRONT_PAGES pages: print the document whole."""


def render_in_parts(
    document: Split, *, render: Callable, fetcher, deadline: float, on_timeout
) -> bytes:
    """Lay the parts out in child processes, number their pages across the document, print the
    cover and contents with the chapters' pages, and join them. The children inherit the
    caller's paused garbage collector (pdf.collector_paused). Raises FrontPagesChanged when
    the cover and contents are not FRONT_PAGES pages long (the numbers would be off)."""
    children = [
        _start(document.head + "".join(group) + document.tail, render, fetcher)
        for group in document.groups
    ]
    try:
        front_html = document.head + document.front + document.tail
        anchors = [m.group(1) for m in _TOC_TARGETS.finditer(front_html)]
        front_pages = FRONT_PAGES
        _wait(children, deadline, lambda child: child.pages is not None, on_timeout)
        total = front_pages + sum(child.pages for child in children)
        pages, offset = {}, front_pages
        for child in children:
            _send(child.down, (offset, total))
            for anchor, index in child.anchors.items():
                pages.setdefault(anchor, offset + index)
            offset += child.pages
        # The cover and contents, numbered, while the children draw their pages.
        numbered = _contents_with(front_html, {a: pages.get(a, -1) + 1 for a in anchors})
        footer = f"<style>{page_footer_css(total)}</style></head>"
        front = render(numbered.replace("</head>", footer, 1), fetcher)
        if len(front.pages) != front_pages:
            raise FrontPagesChanged(len(front.pages))
        with _chapters_elsewhere():
            front_pdf = front.write_pdf()
        _wait(children, deadline, lambda child: child.result is not None, on_timeout)
    finally:
        _stop(children)
    for child in children:
        kind, payload, refused = child.result
        fetcher.refused.extend(refused)
        if kind == "failed":
            raise payload  # the child's own exception: a PrintError says why, in the language
    chapters = {unescape(title) for unit in document.units for title in _CHAPTER.findall(unit)}
    return _join(front, front_pdf, [child.result[1] for child in children], pages, chapters)


def _contents_with(front_html: str, numbers: dict[str, int]) -> str:
    return _TOC_TARGETS.sub(
        lambda m: TOC_PAGE_LITERAL.format(page=numbers.get(m.group(1), "")), front_html
    )


def _join(
    front, front_pdf: bytes, parts: list[bytes], pages: dict[str, int], chapters: set[str]
) -> bytes:
    """The cover and contents (`front`, laid out, and its PDF), then the parts, as one PDF."""
    writer = PdfWriter()
    front_reader = PdfReader(BytesIO(front_pdf))
    writer.append(front_reader, import_outline=False)
    top = None
    for item in front_reader.outline:
        if not isinstance(item, list):
            top = writer.add_outline_item(
                title=item.title, page_number=front_reader.get_destination_page_number(item)
            )
    chapter = top
    for data in parts:
        reader = PdfReader(BytesIO(data))
        start = len(writer.pages)
        writer.append(reader, import_outline=False)
        # A part's chapters go under the document's title; the sections of a chapter that
        # began in the part before go under that chapter.
        last = None
        for item in reader.outline:
            if isinstance(item, list):
                copy_outline(writer, reader, item, start, last)
                continue
            page = start + reader.get_destination_page_number(item)
            is_chapter = item.title in chapters
            parent = top if is_chapter else chapter
            last = writer.add_outline_item(title=item.title, page_number=page, parent=parent)
            if is_chapter:
                chapter = last
    _link_contents(writer, front, pages)
    if front_reader.metadata:
        writer.add_metadata(
            {key: value for key, value in front_reader.metadata.items() if key != "/Producer"}
        )
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


@contextlib.contextmanager
def _chapters_elsewhere():
    """The contents link to chapters that are in the other parts: WeasyPrint's complaint that
    it cannot find them is expected (`_link_contents` makes the links), so it is not logged."""

    def expected(record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("No anchor")

    logger = logging.getLogger("weasyprint")
    logger.addFilter(expected)
    try:
        yield
    finally:
        logger.removeFilter(expected)


def copy_outline(writer, reader, outline, offset: int, parent) -> None:
    """Copy a document's bookmarks into `writer` under `parent`, nesting kept, pages shifted."""
    last = parent
    for item in outline:
        if isinstance(item, list):
            copy_outline(writer, reader, item, offset, last)
            continue
        page = reader.get_destination_page_number(item)
        last = writer.add_outline_item(title=item.title, page_number=offset + page, parent=parent)


def _link_contents(writer, front, pages: dict[str, int]) -> None:
    """The contents' entries link to their chapters, as they do in a document printed whole."""
    for index, page in enumerate(front.pages):
        height = page.height * _PX_TO_PT
        for kind, target, (x, y, width, box_height), _box in page.links:
            anchor = target.lstrip("#") if isinstance(target, str) else None
            if kind != "internal" or anchor not in pages:
                continue
            rect = (
                x * _PX_TO_PT,
                height - (y + box_height) * _PX_TO_PT,
                (x + width) * _PX_TO_PT,
                height - y * _PX_TO_PT,
            )
            writer.add_annotation(index, Link(rect=rect, target_page_index=pages[anchor]))
