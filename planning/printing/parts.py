"""Printing a long plan on several cores.

WeasyPrint lays a document out in one thread, about a millisecond per table cell: a region of
300 customers has some 16,000 cells. The plan's template marks where each chapter begins
(`PART_MARK`); a long plan is cut there into as many parts as there are cores, balanced by their
cells, and child processes print the parts side by side, without page numbers. Each child
reports its pages' sizes and where its anchors fell (`Document.pages`, WeasyPrint's public
API); the parent then prints the cover and the contents with the chapters' real page numbers,
followed by an empty page for each page of the parts that shows only its footer, "page 37 / 95"
(page_numbers.py; fast: nothing to lay out). pypdf joins everything, lays each number over its
page, and keeps the bookmarks and the contents' links.
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

from pypdf import PdfReader, PdfWriter
from pypdf.annotations import Link

from planning.printing import page_numbers

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


@dataclass
class _Child:
    pid: int
    up: _Reader
    sizes: list[tuple[float, float]] | None = None  # each page's (width, height), CSS px
    anchors: dict[str, int] = field(default_factory=dict)  # anchor → page index in the part
    result: tuple | None = None

    @property
    def laid_out(self) -> bool:
        return self.sizes is not None or self.result is not None


def _start(html: str, render: Callable, fetcher) -> _Child:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: lay out, report the pages, send the PDF back, exit
        status = 0
        try:
            os.close(read_end)
            try:
                document = render(html, fetcher)
                _send(write_end, ("pages", *_pages_of(document)))
                outcome = ("pdf", document.write_pdf())
            except Exception as exc:  # noqa: BLE001 - reported to the parent, which raises
                try:
                    pickle.dumps(exc)
                except Exception:  # noqa: BLE001
                    exc = RuntimeError(f"{type(exc).__name__}: {exc}"[:500])
                outcome = ("failed", exc)
            _send(write_end, (*outcome, fetcher.refused))
        except BaseException:  # noqa: BLE001 - the child must never return into Django
            status = 1
        finally:
            os._exit(status)  # no atexit, no closing of the parent's database connections
    os.close(write_end)
    return _Child(pid, _Reader(read_end))


def _pages_of(document) -> tuple[list[tuple[float, float]], dict[str, int]]:
    """Each page's size, and the page on which each anchor first appears."""
    anchors: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for anchor in page.anchors:
            anchors.setdefault(anchor, index)
    return [(page.width, page.height) for page in document.pages], anchors


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
                    _kind, child.sizes, child.anchors = message
                else:
                    child.result = message
            if child.up.closed and not want(child):
                raise RuntimeError("a part of the document could not be printed")
    for child in children:
        if child.result is not None and child.result[0] == "failed":
            raise child.result[1]  # the child's own exception: a PrintError says why


def _stop(children: list[_Child]) -> None:
    for child in children:
        with contextlib.suppress(OSError):
            os.close(child.up.fd)
        with contextlib.suppress(ProcessLookupError):
            os.kill(child.pid, signal.SIGKILL)
        os.waitpid(child.pid, 0)


def print_aside(html: str, render: Callable, fetcher) -> _Child:
    """Lay out and print `html` in a child process, as a part prints, while this process does
    other work (a review pack's sheet of page numbers, front.py); `printed_aside` collects it."""
    return _start(html, render, fetcher)


def printed_aside(child: _Child, deadline: float, on_timeout) -> tuple[list, bytes]:
    """The pages' sizes and the PDF of a document printed aside; the child is ended either
    way."""
    try:
        _wait([child], deadline, lambda each: each.result is not None, on_timeout)
    finally:
        _stop([child])
    return child.sizes, child.result[1]


def stop_aside(child: _Child) -> None:
    """End a child printing aside whose result is no longer wanted."""
    _stop([child])


class PrintWhole(Exception):
    """The parts cannot be numbered as one document (the cover and contents did not take
    FRONT_PAGES pages, or a page is of a size the numbers cannot match): print it whole."""


def render_in_parts(
    document: Split, *, render: Callable, fetcher, deadline: float, on_timeout
) -> bytes:
    """Lay the parts out in child processes, print the cover and contents with the chapters'
    pages and the page numbers of the whole document, and join them. The children inherit the
    caller's paused garbage collector (pdf.collector_paused). Raises PrintWhole when the pages
    cannot be numbered across the parts."""
    head = document.head.replace("</head>", f"{page_numbers.WITHOUT_NUMBERS}</head>", 1)
    children = [
        _start(head + "".join(group) + document.tail, render, fetcher) for group in document.groups
    ]
    try:
        front_html = document.head + document.front + document.tail
        anchors = [m.group(1) for m in _TOC_TARGETS.finditer(front_html)]
        _wait(children, deadline, lambda child: child.laid_out, on_timeout)
        sizes = [size for child in children for size in child.sizes]
        pages, offset = {}, FRONT_PAGES
        for child in children:
            for anchor, index in child.anchors.items():
                pages.setdefault(anchor, offset + index)
            offset += len(child.sizes)
        # The cover and contents and the page numbers, while the children draw their pages.
        numbered = _contents_with(front_html, {a: pages.get(a, -1) + 1 for a in anchors})
        try:
            front = page_numbers.front_with_numbers(numbered, FRONT_PAGES, sizes, render, fetcher)
        except page_numbers.PagesDoNotMatch as exc:
            raise PrintWhole("the pages cannot be numbered across the parts") from exc
        with chapters_elsewhere():
            front_pdf = front.write_pdf()
        _wait(children, deadline, lambda child: child.result is not None, on_timeout)
    finally:
        _stop(children)
    for child in children:
        fetcher.refused.extend(child.result[2])
    chapters = {unescape(title) for unit in document.units for title in _CHAPTER.findall(unit)}
    parts = [child.result[1] for child in children]
    return _join(front, front_pdf, parts, pages, chapters)


def _contents_with(front_html: str, numbers: dict[str, int]) -> str:
    return _TOC_TARGETS.sub(
        lambda m: TOC_PAGE_LITERAL.format(page=numbers.get(m.group(1), "")), front_html
    )


def _join(
    front, front_pdf: bytes, parts: list[bytes], pages: dict[str, int], chapters: set[str]
) -> bytes:
    """The cover and contents (`front`, laid out, and its PDF, followed by the page numbers),
    then the parts with their page numbers laid over them, as one PDF."""
    writer = PdfWriter()
    front_reader = PdfReader(BytesIO(front_pdf))
    writer.append(front_reader, pages=(0, FRONT_PAGES), import_outline=False)
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
    page_numbers.lay_over(writer.pages[FRONT_PAGES:], front_reader.pages[FRONT_PAGES:])
    link_contents(writer, front, pages)
    if front_reader.metadata:
        writer.add_metadata(
            {key: value for key, value in front_reader.metadata.items() if key != "/Producer"}
        )
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


@contextlib.contextmanager
def chapters_elsewhere():
    """The contents link to chapters that are in the other parts: WeasyPrint's complaint that
    it cannot find them is expected (`link_contents` makes the links), so it is not logged."""

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


def link_contents(writer, front, pages: dict[str, int], front_pages: int = FRONT_PAGES) -> None:
    """The contents' entries (in the first `front_pages` pages of `front`, laid out) link to the
    pages of their chapters (anchor → page index), as they do in a document printed whole."""
    for index, page in enumerate(front.pages[:front_pages]):
        height = page.height * _PX_TO_PT
        # A link's rectangle is its corners, (x1, y1, x2, y2) from the page's top left, as
        # WeasyPrint's own annotations read it (its docstring says x, y, width, height).
        for kind, target, (x1, y1, x2, y2), _box in page.links:
            anchor = target.lstrip("#") if isinstance(target, str) else None
            if kind != "internal" or anchor not in pages:
                continue
            rect = (
                x1 * _PX_TO_PT,
                height - y2 * _PX_TO_PT,
                x2 * _PX_TO_PT,
                height - y1 * _PX_TO_PT,
            )
            writer.add_annotation(index, Link(rect=rect, target_page_index=pages[anchor]))
