"""A printed pack's page numbers, laid over its pages without laying out a page for each.

WeasyPrint takes about 4 ms to lay out a page, even an empty one that shows only its number:
0.8 s for a 190-page pack. Here one small document is laid out instead (templates/pdf/
pack_numbers.html):
- a page of each kind the regions' plans have (portrait, landscape, a dark cover), numbered by
  base.html's own footer rule, in its own margin box: where the footer sits on that kind;
- a "sheet" whose rows hold the footer of every page, in the footer's font and size, each row
  right-aligned as the footer is.
Each row's text run is read from the sheet's content stream and set, for each page, where its
kind's footer sits: the kind's footer run and the sheet's row of the same number give the offset.
The text is the font's own glyphs with their ToUnicode map, so the numbers read as text too.
Anything the reading does not expect raises CannotStamp; front.py then lays the numbers out page
by page as before.
"""

import io
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from pypdf import PageObject, PdfReader
from pypdf.generic import ContentStream, FloatObject, NameObject

from planning.printing import page_numbers

# The sheet's rows: the footer's text, right-aligned at the sheet's right edge (its width is
# more than any footer), a row's height apart. print.css's @bottom-right gives font and size.
_SHEET_STYLE = (
    "<style>@page number-sheet { size: 120mm 1000mm; margin: 0; background: none;"
    " @top-left { content: none; } @top-right { content: none; }"
    " @bottom-left { content: none; } @bottom-right { content: none; } }"
    " .number-sheet { page: number-sheet; break-before: page; counter-reset: number-row; }"
    " .number-row { height: 5mm; line-height: 5mm; text-align: right; white-space: nowrap;"
    " font-size: 8pt; counter-increment: number-row; }"
    " .number-row::before { content: FOOTER; }</style>"
)
# The calibration pages, in this order: portrait, landscape, a dark (cover) page.
_KINDS = ((False, False), (True, False), (False, True))  # (landscape, dark)
_STATE = {b"gs", b"rg", b"RG", b"g", b"G", b"k", b"K", b"cs", b"CS", b"sc", b"SC", b"scn", b"SCN"}
_TEXT_STATE = {b"Tf", b"Tc", b"Tw", b"Tz", b"TL", b"Ts", b"Tr"}
_SHOW = {b"TJ", b"Tj", b"'", b'"'}
_RESOURCES = NameObject("/Resources")


class CannotStamp(Exception):
    """The numbers' document is not as this module reads it (front.py lays them out instead)."""


@dataclass
class Run:
    """A text run: its text matrix, then, as they are when it shows its first glyphs, the
    transformations and graphics state it is drawn in and its text state (font and size), and
    the operations that show its glyphs."""

    matrix: list
    transform: list = field(default_factory=list)
    state: list = field(default_factory=list)
    text_state: list = field(default_factory=list)
    shows: list = field(default_factory=list)


def runs(page: PageObject) -> list[Run]:
    """A page's text runs, each starting at a text matrix (Tm), in the order drawn."""
    stack, transform, state = [], [], []
    result, text_state, current = [], [], None
    for operands, operator in ContentStream(page.get_contents(), page.pdf).operations:
        if operator == b"q":
            stack.append((list(transform), list(state)))
        elif operator == b"Q":
            transform, state = stack.pop()
        elif operator == b"cm":
            transform.append((operands, operator))
        elif operator in _STATE:
            state.append((operands, operator))
        elif operator in _TEXT_STATE:
            text_state.append((operands, operator))  # lasts beyond ET, as in PDF
        elif operator == b"Tm":
            current = Run(list(operands))
            result.append(current)
        elif operator in _SHOW:
            if current is None:
                raise CannotStamp("text shown before its matrix")
            if not current.shows:
                current.transform, current.state = list(transform), list(state)
                current.text_state = list(text_state)
            current.shows.append((operands, operator))
        elif operator == b"BT":
            current = None  # a run ends with its text object
        elif operator in (b"Td", b"TD", b"T*"):
            raise CannotStamp(f"a text position set by {operator!r}")
    return result


def _numbering(total: int) -> tuple[int, int]:
    """The number of the first calibration page (the three are numbered as the last pages of a
    document of `total` pages, so that the sheet holds their rows), and the sheet's rows."""
    return max(1, total - 2), max(total, 3)


def numbers_html(total: int) -> str:
    """The calibration pages and the sheet's rows, numbered 1 onwards, of a document of `total`
    pages."""
    first, rows = _numbering(total)
    size = page_numbers.SIZES
    pages = page_numbers.empty_pages([size[False], size[True], size[False]], dark={2})
    footer = page_numbers.footer_content(page="counter(number-row)", total=total)
    style = (
        page_numbers.only_numbers_style()
        + page_numbers.counting_from(first)
        + page_numbers.on_dark_style()
        + _SHEET_STYLE.replace("FOOTER", footer)
    )
    rows_html = '<div class="number-row"></div>' * rows
    return render_to_string(
        "pdf/pack_numbers.html",
        {
            "pages_total": total,
            "numbers_style": mark_safe(style),  # noqa: S308 - our own CSS
            "empty_pages": mark_safe(f'{pages}<section class="number-sheet">{rows_html}</section>'),  # noqa: S308
        },
    )


@dataclass
class Stamps:
    """The laid-out numbers: a footer run for each kind of page, a row for each number."""

    reader: PdfReader
    first: int  # the number of the first calibration page
    kinds: dict  # (landscape, dark) → (its page, its footer run)
    rows: list[Run]  # row n - 1 holds number n

    @classmethod
    def read(cls, data: bytes, total: int) -> "Stamps":
        """The sheet of `numbers_html(total)`, printed."""
        first, rows = _numbering(total)
        reader = PdfReader(io.BytesIO(data))
        kinds = {}
        for index, kind in enumerate(_KINDS):
            found = runs(reader.pages[index])
            if len(found) != 1:
                raise CannotStamp(f"{len(found)} text runs on a numbered page")
            kinds[kind] = (reader.pages[index], found[0])
        sheet_rows = [run for page in reader.pages[len(_KINDS) :] for run in runs(page)]
        if len(sheet_rows) != rows:
            raise CannotStamp(f"{len(sheet_rows)} rows for {rows} numbers")
        return cls(reader, first, kinds, sheet_rows)

    def size(self, kind) -> tuple[float, float]:
        page = self.kinds[kind][0]
        return float(page.mediabox.width), float(page.mediabox.height)

    def overlay(self, number: int, kind) -> PageObject:
        """An empty page of `kind` that shows only `number`, where its footer shows it."""
        page, footer = self.kinds[kind]
        row, same = self.rows[number - 1], self.rows[self.first + _KINDS.index(kind) - 1]
        if row.text_state != footer.text_state or row.matrix[:4] != footer.matrix[:4]:
            raise CannotStamp("the sheet's font or size is not the footer's")
        # Right-aligned as the footer: a row starts as far left of the footer's start as it
        # starts left of the row of the footer's own number.
        x = footer.matrix[4] + (row.matrix[4] - same.matrix[4])
        content = ContentStream(None, None)
        content.operations = [
            ([], b"q"),
            *footer.transform,
            *footer.state,
            ([], b"BT"),
            *row.text_state,
            ([*footer.matrix[:4], FloatObject(x), footer.matrix[5]], b"Tm"),
            *row.shows,
            ([], b"ET"),
            ([], b"Q"),
        ]
        width, height = self.size(kind)
        stamp = PageObject.create_blank_page(width=width, height=height)
        stamp[_RESOURCES] = page[_RESOURCES]
        stamp.replace_contents(content)
        return stamp
