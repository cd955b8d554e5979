"""The printed plan's page furniture and layout, as a reader sees them in the demo plan: the
footer's page numbers in the plan's language, the 草稿 / DRAFT watermark on every page of a plan
not yet approved (in a pack, on those regions' pages only), headings kept with what follows
them, and the tables' words kept whole."""

import io
import re
import subprocess
import tempfile
from dataclasses import dataclass
from html.parser import HTMLParser
from io import StringIO

from defusedxml import ElementTree
from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import TestCase, override_settings
from django.utils import translation
from pypdf import PdfReader
from weasyprint import HTML

from planning.chapters.content import chapter_content
from planning.models import Plan
from planning.printing import furniture, packs, pdf
from planning.printing.options import PrintOptions
from tests.base import PersonasTestCase

MM = 72 / 25.4  # PDF points per millimetre
HEADINGS = {"h1", "h2", "h3", "h4", "caption"}


class _Headings(HTMLParser):
    """The text of every heading (h1–h4) and table caption of a document."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self._open: list[str] = []
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in HEADINGS:
            self._depth += 1
            self._open.append("")

    def handle_endtag(self, tag):
        if tag in HEADINGS and self._depth:
            self._depth -= 1
            self.found.append(self._open.pop())

    def handle_data(self, data):
        if self._depth:
            self._open[-1] += data


def heading_texts(html: str) -> set[str]:
    parser = _Headings()
    parser.feed(html)
    return {squash(text) for text in parser.found if squash(text)}


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@dataclass(frozen=True)
class PageText:
    """A page as poppler lays it out: its lines of text from top to bottom."""

    body: list[str]  # between the page's margins, the watermark left out
    footer: str  # the bottom margin's
    watermark: str  # the watermark's letters on the page, whatever their order
    depth: float = 0.0  # how far down between its margins the page's text reaches, 0 to 1
    header: str = ""  # the top margin's: the running header

    @property
    def text(self) -> str:
        return "\n".join(self.body)


def read_pages(data: bytes) -> list[PageText]:
    """Each page's text where poppler finds it on the page (pypdf reads the text of the SVG
    charts and of the watermark, a background image, without their place)."""
    done = subprocess.run(
        ["pdftotext", "-bbox-layout", "-enc", "UTF-8", "-", "-"],  # noqa: S607 - poppler-utils
        input=data,
        capture_output=True,
        check=True,
    )
    tree = ElementTree.fromstring(done.stdout)
    return [_page(page) for page in tree.iter(f"{XHTML}page")]


XHTML = "{http://www.w3.org/1999/xhtml}"
_WATERMARK = squash(furniture.WATERMARK_TEXT)


def letters(text: str) -> str:
    """The letters of `text`, sorted: the watermark's come in pieces, in no one order."""
    return "".join(sorted(c for c in text if c.isalnum()))


def _page(page) -> PageText:
    width, height = float(page.get("width")), float(page.get("height"))
    top, bottom = (16, 14) if width > height else (20, 18)  # print.css's page margins, mm
    body, footer, header, watermark = [], [], [], ""
    for line in page.iter(f"{XHTML}line"):
        words = []
        for word in line.iter(f"{XHTML}word"):
            size = float(word.get("yMax")) - float(word.get("yMin"))
            # The watermark's letters, slanted, come as pieces of its text in large boxes.
            if size > 25 and word.text in _WATERMARK:
                watermark += word.text
            else:
                words.append(word.text)
        y_min, y_max = float(line.get("yMin")), float(line.get("yMax"))
        if not words:
            continue
        if y_min > height - bottom * MM - 1:
            footer.append(" ".join(words))
        elif y_max > top * MM + 1:  # the running header lies within the top margin
            body.append((round(y_max), float(line.get("xMin")), " ".join(words)))
        else:
            header.append((float(line.get("xMin")), " ".join(words)))
    area = height - (top + bottom) * MM
    return PageText(
        body=[text for _y, _x, text in sorted(body)],
        footer=" ".join(footer),
        watermark=letters(watermark),
        depth=max((y - top * MM) / area for y, _x, _text in body) if body else 0.0,
        header=" ".join(text for _x, text in sorted(header)),
    )


def stranded_headings(pages: list[PageText], headings: set[str]) -> list[tuple[int, str]]:
    """(page number, heading) for each page whose text ends with a heading."""
    found = []
    for number, page in enumerate(pages, start=1):
        text = squash("".join(page.body))
        found += [(number, heading) for heading in headings if text.endswith(heading)]
    return found


def chapter_starts(data: bytes) -> list[tuple[str, int]]:
    """(title, page number) of each chapter (the bookmarks under the plan's title)."""
    reader = PdfReader(io.BytesIO(data))
    nested = next(item for item in reader.outline if isinstance(item, list))
    return [
        (item.title, reader.get_destination_page_number(item) + 1)
        for item in nested
        if not isinstance(item, list)
    ]


def bookmarks(data: bytes) -> list[tuple[str, int]]:
    """(title, page number) of every bookmark."""
    reader = PdfReader(io.BytesIO(data))
    found = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found.append((item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline)
    return found


class DemoPlanPrintTests(TestCase):
    """Shanghai's 2027 demo plan, a draft, printed once in each language as a reader downloads
    it."""

    @classmethod
    def setUpTestData(cls):
        call_command("seed_demo", stdout=StringIO())
        cls.plan = Plan.objects.select_related("region", "period").get(
            region__code="SH", period__year=2027
        )
        cls.html, cls.pdf = {}, {}
        for language in ("zh-hans", "en"):
            cls.html[language] = pdf.plan_html(cls.plan, language=language)
            cls.pdf[language] = pdf.plan_pdf(cls.plan, language=language)
        cls.pages = {language: read_pages(data) for language, data in cls.pdf.items()}
        assert cls.plan.state == Plan.State.DRAFT
        # The back pages with the annex; of the chapters only 3, 6 and 7, to be quick.
        back = PrintOptions.of(
            language="en", annex=True, chapters=("market", "strategies", "actions")
        )
        cls.back_html = pdf.plan_html(cls.plan, options=back)
        cls.back = read_pages(pdf.plan_pdf(cls.plan, options=back))

    def test_the_footer_reads_page_of_pages_in_the_plans_language(self):
        for language, footer in (("zh-hans", "第 {} 页 / 共 {} 页"), ("en", "Page {} of {}")):
            pages = self.pages[language]
            total = len(pages)
            self.assertGreater(total, 10)
            self.assertEqual(pages[0].footer, "")  # the cover has none
            for number, page in enumerate(pages[1:], start=2):
                self.assertTrue(
                    page.footer.endswith(footer.format(number, total)), (language, page.footer)
                )

    def test_each_pages_running_header_names_the_chapter_it_is_in(self):
        for language in ("zh-hans", "en"):
            starts = chapter_starts(self.pdf[language])
            pages = self.pages[language]
            self.assertGreater(len(starts), 10)
            for number, page in enumerate(pages, start=1):
                if number < starts[0][1]:
                    continue  # the cover and the contents
                chapter = [title for title, first in starts if first <= number][-1]
                self.assertTrue(
                    squash(page.header).endswith(squash(chapter)),
                    (language, number, page.header, chapter),
                )
                region = {"zh-hans": "上海 · 2027", "en": "Shanghai · 2027"}[language]
                self.assertTrue(squash(page.header).startswith(squash(region)), page.header)

    def test_no_page_is_printed_twice(self):
        for language, pages in (*self.pages.items(), ("annex", self.back)):
            texts = [squash(page.text) for page in pages]
            repeated = {text[:60] for text in texts if text and texts.count(text) > 1}
            self.assertEqual(repeated, set(), language)

    def test_every_page_of_a_draft_carries_the_watermark_once(self):
        for language in ("zh-hans", "en"):
            for number, page in enumerate(self.pages[language], start=1):
                self.assertEqual(page.watermark, letters(_WATERMARK), (language, number))

    def test_no_heading_is_the_last_text_on_its_page(self):
        for language in ("zh-hans", "en"):
            headings = heading_texts(self.html[language])
            # The headings read from the template are the ones the PDF's bookmarks give.
            titles = {squash(title) for title, _page in bookmarks(self.pdf[language])}
            self.assertLessEqual(titles, headings, language)
            self.assertEqual(stranded_headings(self.pages[language], headings), [], language)

    def test_table_words_are_never_broken_across_lines(self):
        words = {word for page in self.pages["en"] for word in page.text.split()}
        self.assertIn("Actual", words)
        # "Actu" / "al", "Ac-" / "tual": a piece of the word on a line of its own.
        pieces = {"Actual"[:n] + end for n in range(2, 6) for end in ("", "-")}
        pieces |= {"A-"} | {"Actual"[n:] for n in range(1, 5)}
        self.assertEqual(words & pieces, set())

    def back_page(self, text: str, after: int = 1) -> int:
        """The index of the back print's first page after `after` (the contents) with `text`."""
        return next(i for i, page in enumerate(self.back) if i > after and text in page.text)

    def test_a_product_lines_position_map_and_its_table_share_a_page(self):
        lines = [(number, line) for number, page in enumerate(self.back) for line in page.body]
        texts = [line for _number, line in lines]
        start, end = (
            texts.index("Product-oriented position"),
            texts.index("Market positioning on 4P1S"),
        )
        section = lines[start:end]
        roles = [at for at, (_n, line) in enumerate(section) if re.search(r"Our role: \w+$", line)]
        totals = [at for at, (_n, line) in enumerate(section) if line == "Total"]
        # A table split over two pages printed its total (a tfoot) on both.
        self.assertEqual(len(totals), len(roles), section)
        self.assertEqual(len(roles), 3)
        for role, total in zip(roles, totals, strict=True):  # the map's page is its table's
            self.assertEqual(section[role][0], section[total][0], section[role])

    def test_the_action_plan_prints_its_months_once(self):
        self.assertIn('class="month-mark month-on"', self.back_html)  # the deck's ●
        self.assertNotIn("gantt-chart", self.back_html)

    def test_no_annex_page_holds_a_short_table_alone(self):
        annex = self.back_page("Annex: targets by customer, product and month")
        pages = list(enumerate(self.back[annex:], start=annex + 1))
        # A short table alone on a page of its own left it more than two-thirds blank.
        self.assertEqual([(n, page.body) for n, page in pages if page.depth < 1 / 3], [])
        # The contribution under the targets, the ageing under the collections.
        contribution = self.back[self.back_page("Customer contribution analysis", annex - 1)]
        self.assertIn("Product A (台)", contribution.text)
        ageing = self.back[self.back_page("Ageing at the opening")]
        self.assertIn("Collections by customer and month", ageing.text)


def laid_out(body: str):
    """A landscape page of the printed plan's style with `body` on it, laid out."""
    html = render_to_string("pdf/base.html", {}).replace(
        "<body>\n\n</body>", f'<body><section class="landscape">{body}</section></body>'
    )
    return HTML(string=html, base_url=pdf.APP_BASE_URL, url_fetcher=pdf.AppOnlyFetcher()).render(
        font_config=pdf.font_configuration()
    )


def anchors(document) -> dict[str, float]:
    """Where each element with an id begins on the first page, CSS px from its top."""
    return {name: spot[1] for name, spot in document.pages[0].anchors.items()}


LANDSCAPE_AREA = (210 - 16 - 14) * 96 / 25.4  # a landscape page's height inside its margins, px


class KeptTogetherTests(PersonasTestCase):
    """Content pushed down its page until what follows no longer fits: a heading goes over
    with its table, the P&L's bottom line with the line above it."""

    def test_a_heading_goes_to_the_next_page_with_its_table(self):
        table = "<table><tr><td>{}</td></tr></table>".format("<br>".join(["1,234.00"] * 3))
        body = '<div id="above" style="height: {}px"></div><h3 id="heading">{}</h3>' + table
        heading = "Targets by product and month (amount)"
        spots = anchors(laid_out(body.format(0, heading)))
        # Pushed so that the heading fits at the bottom of the page but the table's row does not.
        push = LANDSCAPE_AREA - (spots["heading"] - spots["above"]) - 60
        pages = read_pages(laid_out(body.format(push, heading)).write_pdf())
        self.assertEqual(len(pages), 2)
        self.assertEqual(stranded_headings(pages, {squash(heading)}), [])
        self.assertIn(heading, pages[1].text)
        # The same heading free to break after: the last text of the first page, as found.
        free = body.replace('<h3 id="heading">', '<h3 id="heading" style="break-after: auto">')
        pages = read_pages(laid_out(free.format(push, heading)).write_pdf())
        self.assertEqual(stranded_headings(pages, {squash(heading)}), [(1, squash(heading))])

    def test_the_pnl_bottom_line_never_stands_alone_on_a_page(self):
        with translation.override("en"):
            content = chapter_content(self.plan, "pnl")
            table = render_to_string(
                "planning/numbers/_pnl_statement.html",
                {"statement": content["statement"], "as_of": content["as_of"], "print": True},
            )
            body = '<div id="above" style="height: {}px"></div>' + table + '<div id="below"></div>'
            spots = anchors(laid_out(body.format(0)))
            height = spots["below"] - spots["above"]
            row = height / (2 * len(content["statement"]) + 1)  # two rows a line; the head
            # Pushed so that the last row and a half would not fit on the first page.
            pages = read_pages(
                laid_out(body.format(LANDSCAPE_AREA - height + 1.5 * row)).write_pdf()
            )
        self.assertEqual(len(pages), 2)
        bottom, before = (squash(line.label) for line in content["statement"][-2:][::-1])
        self.assertIn(bottom, squash(pages[1].text))
        self.assertIn(before, squash(pages[1].text))
        self.assertNotIn(bottom, squash(pages[0].text))


class PackWatermarkTests(PersonasTestCase):
    """A pack of Shanghai's draft and Jiangsu's approved plan."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        Plan.objects.filter(pk=cls.other_plan.pk).update(state=Plan.State.APPROVED)
        with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media):
            job = packs.pack_create(
                user=cls.rita,
                period=cls.period,
                regions=[cls.shanghai, cls.jiangsu],
                states=[],
                language="en",
                comments=False,
            )
            job = packs.render_pack_now(job)
            with open(job.file, "rb") as handle:
                cls.pack = handle.read()

    def test_only_the_pages_of_the_plans_not_yet_approved_carry_the_watermark(self):
        pages = read_pages(self.pack)
        starts = dict(bookmarks(self.pack))
        # The pack's cover and dashboard, then the regions by code: Jiangsu's approved plan,
        # Shanghai's draft.
        jiangsu, shanghai = starts["Jiangsu"], starts["Shanghai"]
        self.assertEqual((starts["Dashboard"], jiangsu < shanghai), (2, True))
        for number, page in enumerate(pages, start=1):
            self.assertEqual(bool(page.watermark), number >= shanghai, number)
        # The pages are numbered across the pack, from its cover.
        self.assertTrue(pages[jiangsu].footer.endswith(f"Page {jiangsu + 1} of {len(pages)}"))
