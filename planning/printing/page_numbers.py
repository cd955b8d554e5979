"""Page numbers across a document printed in pieces: empty numbered pages laid over the pieces'.

A plan printed in parts (parts.py) and a review pack (front.py) print their pieces without the
page number (the template's @bottom-right): each would count from 1. Empty pages of the same
sizes and orientations, which show only the number, are then laid over the pieces' pages.
"""

from collections.abc import Callable, Collection

from django.utils.translation import get_language

# The footer's words by language, "第 3 页 / 共 28 页" and "Page 3 of 28", written here rather
# than translated: the pages' own footers (base.html) and the sheet of numbers laid over a pack
# (number_stamps.py) read them from here.
_FOOTER = {"zh": '"第 " {page} " 页 / 共 " {total} " 页"', "en": '"Page " {page} " of " {total}'}
# An A4 page in CSS px, by orientation (landscape: True).
SIZES = {False: (793.700787, 1122.519685), True: (1122.519685, 793.700787)}

WITHOUT_NUMBERS = (
    "<style>@page { @bottom-right { content: none; } }"
    " @page landscape { @bottom-right { content: none; } }</style>"
)
# The empty pages' running header, title and background (a draft's watermark,
# furniture.py): the pieces' pages under them have their own, drawn behind their content.
_ONLY_NUMBERS = (
    "<style>@page{page}{nth} {{ background: none; @top-left {{ content: none; }}"
    " @top-right {{ content: none; }} @bottom-left {{ content: none; }} }}</style>"
)
# print.css's page rules, chosen by orientation: the landscape page has margins of its own.
_EMPTY_PAGE = {
    False: '<div style="break-before: page"></div>',
    True: '<div class="landscape"></div>',
}
# Over a dark page (a plan's cover, print.css's `.cover`) the number is drawn light.
_ON_DARK_PAGE = '<div style="page: numbers-on-dark; break-before: page"></div>'
_ON_DARK = "<style>@page numbers-on-dark {{ @bottom-right {{ color: {colour}; }} }}</style>"
ON_DARK_COLOUR = "#cfe0f5"


def footer_content(page: str = "counter(page)", total: int | None = None) -> str:
    """The footer's CSS content in the active language: `page` the page's number, `total` the
    document's pages (None: its own, counter(pages))."""
    words = _FOOTER["zh" if (get_language() or "").startswith("zh") else "en"]
    return words.format(page=page, total=f'"{total}"' if total else "counter(pages)")


def footer_style(total: int | None = None) -> str:
    """The page rules that print the footer on portrait and landscape pages."""
    content = footer_content(total=total)
    return "".join(
        f"@page{page} {{ @bottom-right {{ content: {content}; }} }}" for page in ("", " landscape")
    )


class PagesDoNotMatch(Exception):
    """The front did not take the pages counted on, or the parts have a page of a size that
    print.css's page rules do not give."""


def only_numbers_style(first: int = 1) -> str:
    """The page rules that leave only the number on pages `first` (from 1) onwards."""
    nth = f":nth(n+{first})" if first > 1 else ""
    return "".join(_ONLY_NUMBERS.format(page=page, nth=nth) for page in ("", " landscape"))


def empty_pages(sizes: list[tuple[float, float]], dark: Collection[int] = ()) -> str:
    """An empty page for each size (CSS px), of its orientation; the number light over the
    pages (from 0) in `dark`, which are portrait. Its style: `on_dark_style()`."""
    return "".join(
        _ON_DARK_PAGE if index in dark else _EMPTY_PAGE[width > height]
        for index, (width, height) in enumerate(sizes)
    )


def on_dark_style() -> str:
    return _ON_DARK.format(colour=ON_DARK_COLOUR)


def counting_from(first: int) -> str:
    """The page rule that numbers a document's first page `first`."""
    return f"<style>@page :first {{ counter-reset: page {first}; }}</style>"


def same_sizes(laid: list[tuple[float, float]], sizes: list[tuple[float, float]]) -> bool:
    """The laid-out pages' sizes are `sizes`, to a hundredth of a pixel (sizes read back from
    a PDF's points are not exactly the layout's pixels)."""
    return len(laid) == len(sizes) and all(
        abs(a - b) < 0.01
        for one, other in zip(laid, sizes, strict=True)
        for a, b in zip(one, other, strict=True)
    )


def front_with_numbers(
    html: str, front: int, sizes: list[tuple[float, float]], render: Callable, fetcher
):
    """The laid-out document of `html` (the cover and contents, `front` pages), followed by a
    page for each of the parts' pages, whose sizes (CSS px) are `sizes`, that shows only its
    number: counter(page) and counter(pages) then count as in the plan printed whole, with the
    template's own rule."""
    html = html.replace("</head>", f"{only_numbers_style(front + 1)}</head>", 1)
    end = html.rindex("</body>")
    document = render(html[:end] + empty_pages(sizes) + html[end:], fetcher)
    if not same_sizes([(page.width, page.height) for page in document.pages[front:]], sizes):
        raise PagesDoNotMatch
    return document


def lay_over(pages, numbers) -> None:
    """Each page of `numbers` (a PdfReader's) drawn over the page of `pages` (a PdfWriter's)
    in its place."""
    for page, number in zip(pages, numbers, strict=True):
        page.merge_page(number)
        page.compress_content_streams()  # merge_page leaves them uncompressed: 2.5 × the file
