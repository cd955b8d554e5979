"""Reading uploaded .xlsx and .csv files safely: size, zip-bomb and macro checks, then the rows.

A workbook's parts are read by `planning.spreadsheets.xlsx` (zipfile and expat, any DTD or entity
refused); openpyxl parses no XML here, so defusedxml is not needed for uploads.
"""

import csv
import io
import zipfile
from collections.abc import Iterator
from pathlib import PurePath

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from planning.spreadsheets import xlsx
from planning.spreadsheets.layouts import INSTRUCTIONS_SHEET_NAMES

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# A real workbook of 43,200 rows is ~0.9 MB zipped and ~8.5 MB unzipped (a ratio of ~10).
MAX_ZIP_ENTRIES = 100
MAX_UNCOMPRESSED_BYTES = 64 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
MAX_ROWS = 100_000  # data rows, below the heading row
MAX_COLUMNS = 60  # cells right of this column are not read: a far-right cell cannot widen rows
MACRO_SUFFIXES = (".xlsm", ".xltm", ".xlam")

MESSAGES = {
    "too_big": gettext_lazy("The file is larger than %(limit)s MB."),
    "corrupt": gettext_lazy(
        "The file cannot be read: it is damaged, or not an .xlsx workbook. Save it again as "
        ".xlsx (Excel workbook) or .csv and upload that."
    ),
    "bomb": gettext_lazy(
        "The workbook unpacks to far more data than a plan holds; it was not opened."
    ),
    "macro": gettext_lazy(
        "Workbooks with macros (.xlsm) are not accepted: save the sheet as a plain .xlsx workbook."
    ),
    "file_type": gettext_lazy("Upload an .xlsx workbook or a .csv file."),
    "encoding": gettext_lazy("The CSV file is neither UTF-8 nor GB18030 text."),
    "too_many_rows": gettext_lazy("The file has more than %(limit)s rows."),
}


class UploadRefused(Exception):
    """The file as a whole is refused before any cell is considered; nothing was changed."""


def refuse(code: str, **params) -> UploadRefused:
    message = MESSAGES[code]
    return UploadRefused(str(message) % params if params else str(message))


def upload_limit_mb() -> int:
    return MAX_UPLOAD_BYTES // (1024 * 1024)


def check_archive(data: bytes) -> None:
    """Refuse zip bombs and macro workbooks before any part is parsed.

    zipfile trusts the sizes of the central directory and stops inflating an entry at its
    stated size (a lying entry then fails its CRC), so checking the stated sizes bounds the work.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise refuse("corrupt") from None
    if len(entries) > MAX_ZIP_ENTRIES:
        raise refuse("bomb")
    if sum(entry.file_size for entry in entries) > MAX_UNCOMPRESSED_BYTES:
        raise refuse("bomb")
    for entry in entries:
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > 1024 * 1024 and ratio > MAX_COMPRESSION_RATIO:
            raise refuse("bomb")
    if any("vbaproject" in entry.filename.lower() for entry in entries):
        raise refuse("macro")
    try:
        content_types = archive.read("[Content_Types].xml").lower()
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise refuse("corrupt") from None
    if b"macroenabled" in content_types or b"vbaproject" in content_types:
        raise refuse("macro")


def read_rows(*, name: str, data: bytes, sheet: str) -> tuple[str, Iterator[tuple[int, tuple]]]:
    """(sheet name, numbered rows) of an uploaded file, after the checks that come first.

    A workbook must hold exactly one sheet, named `sheet` (any case); rows come with their
    sheet row numbers (1 = the heading row) and at most MAX_COLUMNS values: a workbook's rows
    are padded with None to that width, and its empty rows are included.
    """
    if len(data) > MAX_UPLOAD_BYTES:
        raise refuse("too_big", limit=upload_limit_mb())
    suffix = PurePath(name).suffix.lower()
    if suffix in MACRO_SUFFIXES:
        raise refuse("macro")
    if suffix == ".csv":
        return "CSV", _csv_rows(data)
    if suffix != ".xlsx":
        raise refuse("file_type")
    if not data.startswith(b"PK"):
        raise refuse("corrupt")
    return _xlsx_rows(data, sheet)


def _xlsx_rows(data: bytes, wanted: str) -> tuple[str, Iterator[tuple[int, tuple]]]:
    check_archive(data)
    try:
        workbook = xlsx.Workbook(zipfile.ZipFile(io.BytesIO(data)))
    except Exception:  # a damaged file fails anywhere in zipfile, expat or the parts' contents
        raise refuse("corrupt") from None
    names = workbook.sheet_names
    matching = [name for name in names if name.strip().casefold() == wanted.casefold()]
    if not matching:
        workbook.close()
        raise UploadRefused(
            _(
                "The workbook has no sheet named “%(sheet)s” (it has: %(found)s). Choose the "
                "kind that matches the file, or start from a downloaded template."
            )
            % {"sheet": wanted, "found": ", ".join(names)}
        )
    others = [
        name
        for name in names
        if name not in matching and name.strip().casefold() not in INSTRUCTIONS_SHEET_NAMES
    ]
    if others:
        workbook.close()
        raise UploadRefused(
            _(
                "The workbook has sheets this import does not know: %(others)s. Keep only the "
                "sheet “%(sheet)s”."
            )
            % {"others": ", ".join(others), "sheet": wanted}
        )
    return matching[0], _sheet_rows(workbook, matching[0])


def _sheet_rows(workbook: xlsx.Workbook, name: str) -> Iterator[tuple[int, tuple]]:
    # The rows' own cells decide the size, whatever <dimension> the sheet states; every row has
    # MAX_COLUMNS values (a far-right cell cannot widen it) and rows missing from the part come
    # as empty ones. Formulas come as "=…" for the import to refuse: a cached result would pass
    # for a typed figure.
    rows = None
    try:
        rows = workbook.rows(name, max_columns=MAX_COLUMNS)
        for number, values in rows:
            if number > MAX_ROWS + 1:
                raise refuse("too_many_rows", limit=f"{MAX_ROWS:,}")
            yield number, values
    except UploadRefused:
        raise
    except Exception:  # a damaged sheet fails anywhere in zipfile, expat or a cell's value
        raise refuse("corrupt") from None
    finally:
        if rows is not None:
            rows.close()
        workbook.close()


def _csv_rows(data: bytes) -> Iterator[tuple[int, list[str]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")  # what Excel saves as "CSV" on Chinese Windows
        except UnicodeDecodeError:
            raise refuse("encoding") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for values in reader:
            if reader.line_num > MAX_ROWS + 1:
                raise refuse("too_many_rows", limit=f"{MAX_ROWS:,}")
            yield reader.line_num, values[:MAX_COLUMNS]
    except csv.Error:
        raise refuse("corrupt") from None
