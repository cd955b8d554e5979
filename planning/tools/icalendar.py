"""A tiny iCalendar (RFC 5545) writer: VEVENTs for phones to import, no package needed.

Text is escaped (backslash, semicolon, comma, newline) and loses its control characters
(other line breaks become newlines), lines end with CRLF and are folded at 75
octets without splitting a UTF-8 character; timed events are written in UTC.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

PRODID = "-//salesplan//Regional manager calendar//ZH"


@dataclass(frozen=True)
class IcsEvent:
    uid: str
    summary: str
    start: date | datetime  # a date: an all-day event; a datetime must be timezone-aware
    end: date | datetime | None = None  # exclusive; None: one day, or the start time
    description: str = ""
    categories: str = ""


# Characters Unicode treats as line breaks besides CR and LF: VT, FF, NEL, LINE SEPARATOR and
# PARAGRAPH SEPARATOR. They become the escaped newline, as CR and LF do.
LINE_BREAKS = str.maketrans(dict.fromkeys("\x0b\x0c\x85\u2028\u2029", "\n"))
# RFC 5545 allows no control character in TEXT but the tab.
CONTROLS = dict.fromkeys(
    [c for c in [*range(0x20), *range(0x7F, 0xA0)] if chr(c) not in "\t\n\r"], None
)


def escape_text(value: str) -> str:
    value = value.replace("\r\n", "\n").replace("\r", "\n").translate(LINE_BREAKS)
    return (
        value.translate(CONTROLS)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Split a content line into pieces of at most 75 octets, continued with CRLF + space."""
    pieces, current, size = [], [], 0
    limit = 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append("".join(current))
            current, size, limit = [], 0, 74  # the continuation's leading space is an octet
        current.append(char)
        size += width
    pieces.append("".join(current))
    return "\r\n ".join(pieces)


def _when(name: str, value: date | datetime) -> str:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("timed events need an aware datetime")
        return f"{name}:{value.astimezone(UTC):%Y%m%dT%H%M%SZ}"
    return f"{name};VALUE=DATE:{value:%Y%m%d}"


def _event_lines(event: IcsEvent, stamp: datetime) -> list[str]:
    end = event.end
    if end is None:
        end = event.start if isinstance(event.start, datetime) else event.start + timedelta(days=1)
    lines = [
        "BEGIN:VEVENT",
        f"UID:{escape_text(event.uid)}",
        f"DTSTAMP:{stamp.astimezone(UTC):%Y%m%dT%H%M%SZ}",
        _when("DTSTART", event.start),
        _when("DTEND", end),
        f"SUMMARY:{escape_text(event.summary)}",
    ]
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    if event.categories:
        lines.append(f"CATEGORIES:{escape_text(event.categories)}")
    lines.append("END:VEVENT")
    return lines


def calendar_file(events: Iterable[IcsEvent], *, name: str, stamp: datetime) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines += _event_lines(event, stamp)
    lines.append("END:VCALENDAR")
    return "".join(f"{fold(line)}\r\n" for line in lines)
