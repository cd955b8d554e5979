"""The grid's save request, read against a strict schema.

The grid page posts `payload`: a JSON list of cells, each `{"row", "month", "raw", "revision"}`.
Anything else answers 400 and saves nothing: a missing key, a row or month that is not a whole
number (`3.99`, `true`, `1e30`, `"²"`), a number out of range, a list too long or nested
deeper than the schema. Before this, an entry without `raw` cleared its cell, `3.99` was cut to
3 and saved, `true` was read as row 1, and a row of 10^30 or a revision of `Infinity` answered 500.
"""

import json

from planning.numbers.grids import CellChange
from salesplan.converters import MAX_ID, parse_id

MAX_CELLS = 20_000
MAX_RAW = 100  # characters of one typed value; longer is no figure anyone typed
KEYS = frozenset({"row", "month", "raw", "revision"})


class PayloadError(ValueError):
    """The payload does not follow the schema."""


def parse_payload(text: str | None) -> list[CellChange]:
    """The cells of a grid save, or PayloadError."""
    if not text or len(text) > MAX_CELLS * 200:
        raise PayloadError("empty or too large")
    try:
        data = json.loads(text, parse_float=_refuse, parse_constant=_refuse)
    except (ValueError, RecursionError) as exc:  # RecursionError: JSON nested thousands deep
        raise PayloadError("not JSON") from exc
    if not isinstance(data, list) or not 1 <= len(data) <= MAX_CELLS:
        raise PayloadError("not a list of 1 to 20,000 cells")
    return [_cell(entry) for entry in data]


def _cell(entry) -> CellChange:
    if not isinstance(entry, dict) or set(entry) != KEYS:
        raise PayloadError("a cell must have exactly row, month, raw and revision")
    raw = entry["raw"]
    if not isinstance(raw, str) or len(raw) > MAX_RAW:
        raise PayloadError("raw must be text")
    return CellChange(
        _whole(entry["row"], 1, MAX_ID),
        _whole(entry["month"], 0, MAX_ID),  # which months a grid has, the grid says (422)
        raw,
        _whole(entry["revision"], 0, MAX_ID),
    )


def _whole(value, low: int, high: int) -> int:
    """A whole number in range, given as a JSON integer or a string of ASCII digits."""
    if isinstance(value, str):
        value = parse_id(value)
    if type(value) is not int or not low <= value <= high:  # bool is an int subclass: refused
        raise PayloadError("not a whole number in range")
    return value


def _refuse(token: str):
    """Floats, NaN and Infinity have no place in a cell's address or revision."""
    raise PayloadError(f"not a whole number: {token[:20]}")
