"""Path converters and query-string parsers: every integer in a URL is bounded, so a 25-digit
id answers 404, and a query parameter that cannot be read answers 400.

Django's `int` converter matches any run of digits; a value past 64 bits then fails in the
database driver (an OverflowError on SQLite, a DataError on PostgreSQL) and answered 500.
`<id:pk>` matches at most 18 ASCII digits, below every integer column's limit, so an
over-long id does not match the URL at all: 404, like any missing object.
"""

from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.exceptions import BadRequest
from django.urls import register_converter

MAX_DIGITS = 18
MAX_ID = 10**MAX_DIGITS - 1  # the largest integer an id or a revision may be


class NumberConverter:
    regex = f"[0-9]{{1,{MAX_DIGITS}}}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(int(value))


register_converter(NumberConverter, "id")


def parse_id(value) -> int | None:
    """An id from a query string or a form field's name: 1 to 18 ASCII digits, or None.

    `str.isdigit()` accepts "²" and "①", which `int()` then refuses (a 500 before this)."""
    text = str(value or "")
    if 0 < len(text) <= MAX_DIGITS and text.isascii() and text.isdigit():
        return int(text)
    return None


# -- query strings -------------------------------------------------------------------------
# A query parameter is read through `query_value` with one of the parsers below: absent or
# blank means the default; a value the parser refuses (text, a huge or negative number, digits
# that are not ASCII such as "２０２７" or "٢٠٢٧") answers 400, never 500 and never a silent
# fallback. An unknown but well-formed object is the view's 404.
MIN_YEAR, MAX_YEAR = 2000, 2999  # a period's year (the database refuses years before 2000)
CODE_LENGTH = 20  # Region.code


def parse_count(value) -> int | None:
    """A whole number from 1 (a page, a number of rows): an id's digits, not 0, or None."""
    number = parse_id(value)
    return number or None


def parse_year(value) -> int | None:
    """A year: four ASCII digits from MIN_YEAR to MAX_YEAR, or None."""
    text = str(value or "")
    if len(text) == 4 and text.isascii() and text.isdigit() and MIN_YEAR <= int(text) <= MAX_YEAR:
        return int(text)
    return None


def parse_code(value) -> str | None:
    """A code such as a region's: 1 to 20 ASCII letters, digits, "-" or "_", or None."""
    text = str(value or "")
    if (
        0 < len(text) <= CODE_LENGTH
        and text.isascii()
        and text.replace("-", "").replace("_", "").isalnum()
    ):
        return text
    return None


def parse_date(value) -> date | None:
    """An ISO date (YYYY-MM-DD, ASCII digits) in the years above, or None."""
    text = str(value or "")
    if len(text) != 10 or not text.isascii() or parse_year(text[:4]) is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def one_of(*choices: str) -> Callable[[str], str | None]:
    """A parser that accepts exactly one of `choices`."""
    allowed = frozenset(str(choice) for choice in choices)
    return lambda value: value if value in allowed else None


def parse_flag(value) -> bool | None:
    """A switch: "1" on, "0" off, or None."""
    return {"1": True, "0": False}.get(str(value))


def query_value(request, name: str, parse: Callable[[str], Any], default=None, *, data=None):
    """The query parameter `name` read by `parse`: `default` when absent or blank, 400 when the
    parser refuses it. `data`: a form's data to read instead of the query string."""
    raw = (request.GET if data is None else data).get(name, "")
    if raw == "":
        return default
    value = parse(raw)
    if value is None:
        raise BadRequest(f"The query parameter {name!r} cannot be read.")
    return value
