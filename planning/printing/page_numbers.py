"""Page numbers across a plan printed in parts: empty numbered pages laid over the parts'."""

from collections.abc import Callable

# The parts print without the page number (the template's @bottom-right): each would count
# from 1. The cover and contents print followed by an empty page for each page of the parts,
# of the same size and orientation, which shows only the number: counter(page) and
# counter(pages) then count as in the plan printed whole, with the template's own rule.
WITHOUT_NUMBERS = (
    "<style>@page { @bottom-right { content: none; } }"
    " @page landscape { @bottom-right { content: none; } }</style>"
)
# The empty pages' running header, title and background (a draft's watermark,
# furniture.py): the parts' pages under them have their own, drawn behind their content.
_ONLY_NUMBERS = (
    "<style>@page{page}:nth(n+{first}) {{ background: none; @top-left {{ content: none; }}"
    " @top-right {{ content: none; }} @bottom-left {{ content: none; }} }}</style>"
)
# print.css's page rules, chosen by orientation: the landscape page has margins of its own.
_EMPTY_PAGE = {
    False: '<div style="break-before: page"></div>',
    True: '<div class="landscape"></div>',
}


class PagesDoNotMatch(Exception):
    """The front did not take the pages counted on, or the parts have a page of a size that
    print.css's page rules do not give."""


def front_with_numbers(
    html: str, front: int, sizes: list[tuple[float, float]], render: Callable, fetcher
):
    """The laid-out document of `html` (the cover and contents, `front` pages), followed by a
    page for each of the parts' pages, whose sizes (CSS px) are `sizes`, that shows only its
    number."""
    empty = "".join(_EMPTY_PAGE[width > height] for width, height in sizes)
    style = "".join(_ONLY_NUMBERS.format(page=page, first=front + 1) for page in ("", " landscape"))
    html = html.replace("</head>", f"{style}</head>", 1)
    end = html.rindex("</body>")
    document = render(html[:end] + empty + html[end:], fetcher)
    if [(page.width, page.height) for page in document.pages[front:]] != sizes:
        raise PagesDoNotMatch
    return document


def lay_over(pages, numbers) -> None:
    """Each page of `numbers` (a PdfReader's) drawn over the page of `pages` (a PdfWriter's)
    in its place."""
    for page, number in zip(pages, numbers, strict=True):
        page.merge_page(number)
        page.compress_content_streams()  # merge_page leaves them uncompressed: 2.5 × the file
