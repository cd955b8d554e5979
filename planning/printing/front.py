"""The review pack's front and its page numbers across the whole pack.

The regions' plans print without their own contents and page numbers (`part_pdf`). Once they
are printed, the front — a cover, the one-page dashboard (pack_dashboard.py) and the pack's
contents, each region and its chapters (read from the regions' bookmarks) — is laid out, while
a child process prints one sheet of every page's number, from which a page showing only its
number is cut for each page of the regions (number_stamps.py): "第 N 页 / 共 M 页" counts from
the cover to the last page.
pypdf joins the front and the regions, lays each number over its page, links the contents,
and sets the bookmarks (each region, its chapters) and the document's properties.
"""

import io
import logging
import math
import re
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from pypdf import PdfReader, PdfWriter
from weasyprint import HTML

from planning.models import PackJob, PackPart
from planning.printing import number_stamps, pack_dashboard, page_numbers, pdf
from planning.printing import parts as pdf_parts

# A plan's own contents (templates/pdf/plan.html): the pack's contents list its chapters with
# the pack's page numbers instead.
_PLAN_CONTENTS = re.compile(r'<nav class="toc">.*?</nav>', re.DOTALL)
_PT_TO_PX = 4 / 3  # a PDF point in CSS pixels
logger = logging.getLogger(__name__)


def part_pdf(plan, *, language: str, **options) -> bytes:
    """A region's plan as the pack prints it: without its own contents and page numbers."""
    html = pdf.plan_html(plan, language=language, **options)
    html = _PLAN_CONTENTS.sub("", html, count=1)
    html = html.replace("</head>", f"{page_numbers.WITHOUT_NUMBERS}</head>", 1)
    with translation.override(language):
        return pdf.render_pdf(html, in_parts=False)


@dataclass
class Entry:
    """A line of the contents: its title, its page (from 1), its chapters."""

    title: str
    page: int
    chapters: list["Entry"] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"pack-page-{self.page}"


@dataclass
class Printed:
    """A region's printed plan in the pack: its pages follow the `offset` pages before it."""

    part: PackPart
    reader: PdfReader
    offset: int


def printed(parts: list[PackPart]) -> list[Printed]:
    result, offset = [], 0
    for part in parts:
        if part.status == PackJob.Status.DONE:
            reader = PdfReader(part.file)
            result.append(Printed(part, reader, offset))
            offset += len(reader.pages)
    return result


def _chapters(reader: PdfReader) -> list:
    """A plan's chapters: the bookmarks under its title (the cover's heading)."""
    nested = [item for item in reader.outline if isinstance(item, list)]
    if nested:
        return [item for item in nested[0] if not isinstance(item, list)]
    return [item for item in reader.outline if not isinstance(item, list)][1:]


def contents(regions: list[Printed], front: int) -> list[Entry]:
    """Each printed region and its chapters, with the pack's page numbers."""
    result = []
    for region in regions:
        first = front + region.offset + 1
        entry = Entry(region.part.region.display_name, first)
        for item in _chapters(region.reader):
            page = first + region.reader.get_destination_page_number(item)
            entry.chapters.append(Entry(item.title, page))
        result.append(entry)
    return result


# The contents as pack.css lays them out (mm): a page's height, a region's line, a chapter's
# line, the gap between two pairs of regions. The front is printed again, counting on what it
# took, when `front_estimate` is wrong.
CONTENTS_HEIGHT, REGION_LINE, CHAPTER_LINE, GAP = 240, 8.2, 6.6, 5


def front_estimate(entries: list[Entry], failed: int = 0) -> int:
    """The front's pages: the cover, the dashboard and the contents' pages (the contents' table
    breaks between any two lines)."""
    pairs = [entries[index : index + 2] for index in range(0, len(entries), 2)]
    height = sum(
        REGION_LINE + GAP + CHAPTER_LINE * max(len(entry.chapters) for entry in pair)
        for pair in pairs
    )
    height += REGION_LINE * failed
    return 2 + max(1, math.ceil(height / CONTENTS_HEIGHT))


def contents_rows(entries: list[Entry]) -> list[tuple[str, Entry | None, Entry | None]]:
    """The contents as the rows of one table, two regions side by side: (kind, left entry,
    right entry), kind "region" for the regions' lines, "chapter", or "gap" between pairs."""
    rows: list[tuple[str, Entry | None, Entry | None]] = []
    for index in range(0, len(entries), 2):
        left, right = entries[index], (entries[index + 1 : index + 2] or [None])[0]
        if rows:
            rows.append(("gap", None, None))
        rows.append(("region", left, right))
        others = right.chapters if right else []
        for line in range(max(len(left.chapters), len(others))):
            rows.append(
                (
                    "chapter",
                    left.chapters[line] if line < len(left.chapters) else None,
                    others[line] if line < len(others) else None,
                )
            )
    return rows


def front_html(
    job: PackJob,
    parts: list[PackPart],
    *,
    left_out: list,
    entries: list[Entry] | None = None,
    total: int | None = None,
    board: dict | None = None,
) -> str:
    """The front's HTML: the cover (naming the regions `left_out`), the dashboard (`board`, its
    context) and the contents; its footers count `total` pages (None: its own)."""
    with translation.override(job.language):
        return render_to_string(
            "pdf/pack_front.html",
            {
                "job": job,
                "company": settings.COMPANY_NAME,
                "parts": parts,
                "failed": [part for part in parts if part.status == PackJob.Status.FAILED],
                "left_out": left_out,
                "entries": entries or [],
                "contents_rows": contents_rows(entries or []),
                "printed_at": timezone.localtime(),
                "pages_total": total,
                **(board or pack_dashboard.context(job, parts)),
            },
        )


def numbers_html(first: int, total: int, sizes: list, dark: set[int]) -> str:
    """The numbers of the regions' pages, `first` to `total`: an empty page of each size."""
    style = page_numbers.only_numbers_style() + page_numbers.counting_from(first)
    return render_to_string(
        "pdf/pack_numbers.html",
        {
            "pages_total": total,
            "numbers_style": mark_safe(style + page_numbers.on_dark_style()),  # noqa: S308
            "empty_pages": mark_safe(page_numbers.empty_pages(sizes, dark)),  # noqa: S308
        },
    )


def _layout(html: str, fetcher):
    return HTML(string=html, base_url=pdf.APP_BASE_URL, url_fetcher=fetcher).render(
        font_config=pdf.font_configuration()
    )


@dataclass
class Front:
    document: object  # WeasyPrint's laid-out front: its pages' links and anchors
    data: bytes  # the front's PDF
    numbers: list  # pages that show the regions' page numbers, one for each of their pages
    entries: list[Entry]

    @property
    def pages(self) -> int:
        return len(self.document.pages)


def page_sizes(regions: list[Printed]) -> tuple[list, set[int]]:
    """The regions' pages' sizes (CSS px), and which of them are dark (each plan's cover)."""
    sizes = [
        (float(page.mediabox.width) * _PT_TO_PX, float(page.mediabox.height) * _PT_TO_PX)
        for region in regions
        for page in region.reader.pages
    ]
    return sizes, {region.offset for region in regions}


def _numbers(front: int, sizes: list, dark: set[int], fetcher, sheet: bytes | None = None):
    """A page for each of the regions' pages (`sizes`, CSS px) that shows only its number,
    `front` + 1 onwards, to lay over it; light over the pages in `dark`. `sheet`: the sheet of
    numbers printed already (number_stamps.numbers_html)."""
    total = front + len(sizes)
    try:
        return _stamped(front, total, sizes, dark, fetcher, sheet)
    except number_stamps.CannotStamp as exc:
        logger.warning("page numbers laid out page by page: %s", exc)
    document = _layout(numbers_html(front + 1, total, sizes, dark), fetcher)
    if not page_numbers.same_sizes([(page.width, page.height) for page in document.pages], sizes):
        raise page_numbers.PagesDoNotMatch
    return list(PdfReader(io.BytesIO(document.write_pdf())).pages)


def _stamped(front: int, total: int, sizes: list, dark: set[int], fetcher, sheet=None) -> list:
    """The numbers cut from one laid-out sheet (number_stamps.py): a few ms for a 190-page
    pack, where laying out a page for each number takes 4 ms a page."""
    if sheet is None:
        sheet = _layout(number_stamps.numbers_html(total), fetcher).write_pdf()
    stamps = number_stamps.Stamps.read(sheet, total)
    overlays = []
    for index, (width, height) in enumerate(sizes):
        kind = (width > height, index in dark)
        size = tuple(side * _PT_TO_PX for side in stamps.size(kind))
        if not page_numbers.same_sizes([size], [(width, height)]):
            raise page_numbers.PagesDoNotMatch
        overlays.append(stamps.overlay(front + 1 + index, kind))
    return overlays


def _timed_out():
    raise RuntimeError("the pack's page numbers took too long to print")


def front_pages(
    job: PackJob, parts: list[PackPart], regions: list[Printed], *, left_out: list
) -> Front:
    """The front, and the regions' page numbers, cut from a sheet printed beside it in a child
    process: the front's contents and footers count on its taking `front_estimate` pages, and
    both are printed again, counting on what it took, when it takes another number."""
    sizes, dark = page_sizes(regions)
    board = pack_dashboard.context(job, parts)
    failed = sum(part.status == PackJob.Status.FAILED for part in parts)
    fetcher, front = pdf.AppOnlyFetcher(), front_estimate(contents(regions, 0), failed)
    pdf.font_configuration()  # loaded here, inherited by the child
    deadline = time.monotonic() + 10 * getattr(settings, "PDF_RENDER_SECONDS", 20)
    with pdf.collector_paused(), translation.override(job.language):
        for _attempt in range(3):
            total = front + len(sizes)
            child = pdf_parts.print_aside(number_stamps.numbers_html(total), _layout, fetcher)
            entries = contents(regions, front)
            html = front_html(
                job, parts, left_out=left_out, entries=entries, total=total, board=board
            )
            try:
                document = _layout(html, fetcher)
            except BaseException:
                pdf_parts.stop_aside(child)
                raise
            if len(document.pages) != front:
                pdf_parts.stop_aside(child)
                front = len(document.pages)
                continue
            with pdf_parts.chapters_elsewhere():
                data = document.write_pdf()
            _sizes, sheet = pdf_parts.printed_aside(child, deadline, _timed_out)
            numbers = _numbers(front, sizes, dark, fetcher, sheet)
            return Front(document, data, numbers, entries)
    raise page_numbers.PagesDoNotMatch


def merge(job: PackJob, parts: list[PackPart], target: Path, *, left_out: list) -> None:
    """The pack: the front, then each printed region, numbered and bookmarked, into `target`.
    pypdf's objects, like WeasyPrint's, live until the file is written: the collector is
    paused throughout (pdf.collector_paused)."""
    with pdf.collector_paused():
        _merge(job, parts, target, left_out=left_out)


def _merge(job: PackJob, parts: list[PackPart], target: Path, *, left_out: list) -> None:
    regions = printed(parts)
    front = front_pages(job, parts, regions, left_out=left_out)
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(front.data)), import_outline=False)
    for region in regions:
        writer.append(region.reader, import_outline=False)
    page_numbers.lay_over(writer.pages[front.pages :], front.numbers)
    anchors = {
        entry.anchor: entry.page - 1
        for region in front.entries
        for entry in [region, *region.chapters]
    }
    pdf_parts.link_contents(writer, front.document, anchors, front_pages=front.pages)
    with translation.override(job.language):
        _bookmarks(writer, front, regions)
        writer.add_metadata(metadata(job, [r.part.region.display_name for r in regions]))
    with open(target, "wb") as handle:
        writer.write(handle)


def _bookmarks(writer: PdfWriter, front: Front, regions: list[Printed]) -> None:
    """The front's pages, then each region with its chapters (and their sections)."""
    found = {}
    for index, page in enumerate(front.document.pages[: front.pages]):
        for anchor in page.anchors:
            found.setdefault(anchor, index)
    writer.add_outline_item(title=_("Dashboard"), page_number=found.get("pack-dashboard", 0))
    writer.add_outline_item(title=_("Contents"), page_number=found.get("pack-contents", 0))
    for region in regions:
        start = front.pages + region.offset
        item = writer.add_outline_item(title=region.part.region.display_name, page_number=start)
        outline = region.reader.outline
        nested = [entry for entry in outline if isinstance(entry, list)]
        pdf_parts.copy_outline(writer, region.reader, nested[0] if nested else outline, start, item)


def title_of(job: PackJob) -> str:
    return _("%(year)s half-year review meeting") % {"year": job.period.year}


def metadata(job: PackJob, regions: list[str]) -> dict[str, str]:
    """The PDF's properties: title, author (the company), subject (the regions), created."""
    return {
        "/Title": f"{settings.COMPANY_NAME} · {title_of(job)}",
        "/Author": settings.COMPANY_NAME,
        "/Subject": _("Regional marketing plans: %(regions)s")
        % {"regions": pgettext("between the items of a list", ", ").join(regions)},
        "/Creator": "salesplan",
        "/CreationDate": pdf_date(timezone.localtime()),
    }


def pdf_date(moment: datetime) -> str:
    """A PDF date string, D:YYYYMMDDHHmmSS+HH'mm'."""
    offset = moment.strftime("%z") or "+0000"
    return moment.strftime("D:%Y%m%d%H%M%S") + f"{offset[:3]}'{offset[3:]}'"
