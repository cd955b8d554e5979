"""What every export shares: formula neutralising and the download response.

Every file the app hands out (xlsx, CSV, .ics, PDF, review packs) goes through `download`, so
each one is named the same way and none is kept by a browser's or a proxy's cache: a plan's
figures on a shared computer or in a company proxy would outlive the session that fetched them.
"""

from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
NO_STORE = "private, no-store"
# A cell that starts with one of these is run as a formula by spreadsheets (STACK.md).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Text a spreadsheet would run as a formula gets a leading apostrophe; numbers stay."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def download(
    content, *, filename: str, content_type: str, inline: bool = False
) -> HttpResponse | FileResponse:
    """A file to download (or, `inline`, to show in the browser), never cached.

    `content` is bytes or text, or an open binary file, streamed and closed by Django."""
    if hasattr(content, "read"):
        response = FileResponse(content, content_type=content_type)
    else:
        response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    response["Cache-Control"] = NO_STORE
    return response


def xlsx_response(data: bytes, filename: str) -> HttpResponse:
    """An .xlsx download named `filename` (without the extension)."""
    return download(data, filename=f"{filename}.xlsx", content_type=XLSX_CONTENT_TYPE)


def csv_response(text: str, filename: str) -> HttpResponse:
    """A CSV download named `filename` (without the extension)."""
    return download(text, filename=f"{filename}.csv", content_type=CSV_CONTENT_TYPE)
