"""Path converters: every integer in a URL is bounded, so a 25-digit id answers 404.

Django's `int` converter matches any run of digits; a value past 64 bits then fails in the
database driver (an OverflowError on SQLite, a DataError on PostgreSQL) and answered 500.
`<id:pk>` matches at most 18 ASCII digits, below every integer column's limit, so an
over-long id does not match the URL at all: 404, like any missing object.
"""

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
