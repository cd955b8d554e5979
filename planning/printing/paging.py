"""Long tables printed a page's worth of rows at a time."""

from operator import attrgetter


def print_pages(rows, size: int, *, first: int | None = None) -> list[list]:
    """`rows` in runs of `size` (the first of `first`): a page each; one empty run when there
    are no rows."""
    rows = list(rows)
    head = size if first is None else first
    pages = [rows[:head]] if rows else [[]]
    return pages + [rows[start : start + size] for start in range(head, len(rows), size)]


# A short table's heading, column heads, total and the space above it, in rows.
TABLE_OVERHEAD = 5
# The annex's quantity tables: compact rows that fill a landscape page under its heading, and
# the rows a customer's name and the table's column heads take.
ANNEX_ROWS_PER_PAGE = 40
ANNEX_BLOCK_OVERHEAD = 3


def pages_by_height(lines, size: int, *, tail_rows: int = 0, height=attrgetter("height")):
    """`lines` (each `height` rows tall) in pages of at most `size` rows; a line taller than a
    page has a page of its own. One empty page when there are none. `tail_rows`: the rows of a
    short table printed under the last page's lines; when it does not fit there, the last line
    goes over with it, so that the short table never stands alone on a landscape page."""
    pages: list[list] = [[]]
    used = 0
    for line in lines:
        if pages[-1] and used + height(line) > size:
            pages.append([])
            used = 0
        pages[-1].append(line)
        used += height(line)
    if tail_rows and len(pages[-1]) > 1 and used + tail_rows + TABLE_OVERHEAD > size:
        pages.append([pages[-1].pop()])
    return pages


def annex_pages(detail, contribution_rows: int) -> list[list]:
    """The annex's customers (name, industry, products × months) a landscape page's worth at a
    time, the contribution analysis's rows under the last page's."""
    return pages_by_height(
        detail,
        ANNEX_ROWS_PER_PAGE,
        tail_rows=contribution_rows,
        height=lambda customer: len(customer[2].keys) + ANNEX_BLOCK_OVERHEAD,
    )


# A landscape page holding two month tables: their headings, column heads and the products'
# total take about this many rows' height.
TWO_TABLES_OVERHEAD = 9
# Fewer customer rows than this would fit under the products: the customers start a page.
FEWEST_ROWS_UNDER_PRODUCTS = 3


def customer_pages(customers, products: int, size: int) -> dict:
    """The month table by customer in pages of `size` rows, and whether the first page's rows
    print under the table by product (`products` rows): a short table by product alone on a
    landscape page left the page mostly white."""
    room = size - products - TWO_TABLES_OVERHEAD
    shared = room >= FEWEST_ROWS_UNDER_PRODUCTS
    return {
        "customer_pages": print_pages(customers, size, first=room if shared else None),
        "customers_under_products": shared,
    }
