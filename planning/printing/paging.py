"""Long tables printed a page's worth of rows at a time."""


def print_pages(rows, size: int, *, first: int | None = None) -> list[list]:
    """`rows` in runs of `size` (the first of `first`): a page each; one empty run when there
    are no rows."""
    rows = list(rows)
    head = size if first is None else first
    pages = [rows[:head]] if rows else [[]]
    return pages + [rows[start : start + size] for start in range(head, len(rows), size)]


def pages_by_height(lines, size: int) -> list[list]:
    """`lines` (each `height` rows tall) in pages of at most `size` rows; a line taller than a
    page has a page of its own. One empty page when there are none."""
    pages: list[list] = [[]]
    used = 0
    for line in lines:
        if pages[-1] and used + line.height > size:
            pages.append([])
            used = 0
        pages[-1].append(line)
        used += line.height
    return pages
