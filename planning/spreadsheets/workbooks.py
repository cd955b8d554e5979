"""Reading uploaded .xlsx and .csv files safely: size, zip-bomb and macro checks, then the rows.

openpyxl (read-only, XML through defusedxml) opens the workbook: its sheets, shared strings and
date styles. The cells of the one sheet are then streamed by `SheetCells`, an expat parser that
refuses any DTD (so no entity tricks) and builds plain values: openpyxl's per-cell objects made
a 43,200-row sheet take 1.3 s to read, this ~0.5 s.
"""

import csv
import io
import zipfile
from collections.abc import Iterator
from pathlib import PurePath
from xml.parsers import expat

import openpyxl
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.utils.datetime import from_excel

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
    """Refuse zip bombs and macro workbooks before openpyxl opens anything.

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
    sheet row numbers (1 = the heading row) and at most MAX_COLUMNS values.
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
    if not openpyxl.DEFUSEDXML:
        raise ImproperlyConfigured("Install defusedxml: openpyxl must not parse XML unguarded.")
    check_archive(data)
    try:
        workbook = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=False, keep_links=False, keep_vba=False
        )
        names = workbook.sheetnames
    except Exception:  # a damaged file fails anywhere in zipfile, the XML parser or openpyxl
        raise refuse("corrupt") from None
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
    others = [name for name in names if name not in matching]
    if others:
        workbook.close()
        raise UploadRefused(
            _(
                "The workbook has sheets this import does not know: %(others)s. Keep only the "
                "sheet “%(sheet)s”."
            )
            % {"others": ", ".join(others), "sheet": wanted}
        )
    try:
        worksheet = workbook[matching[0]]
    except Exception:
        workbook.close()
        raise refuse("corrupt") from None
    return matching[0], _sheet_rows(workbook, worksheet)


def _sheet_rows(workbook, worksheet) -> Iterator[tuple[int, tuple]]:
    try:
        source = workbook._archive.open(worksheet._worksheet_path)
        cells = SheetCells(
            worksheet._shared_strings,
            date_styles=set(workbook._date_formats),
            epoch=workbook.epoch,
        )
    except AttributeError:  # openpyxl moved its internals: read through its own (slower) API
        worksheet.reset_dimensions()  # a stated A1:XFD1048576 must not pad every row
        source, cells = None, None
    try:
        if cells is None:
            rows = enumerate(worksheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), 1)
        else:
            rows = cells.rows(source)
        for number, values in rows:
            if number > MAX_ROWS + 1:
                raise refuse("too_many_rows", limit=f"{MAX_ROWS:,}")
            yield number, values
    except UploadRefused:
        raise
    except Exception:
        raise refuse("corrupt") from None
    finally:
        if source is not None:
            source.close()
        workbook.close()


class DTDForbidden(ValueError):
    pass


def _forbid(*_args):
    raise DTDForbidden("DTDs and entities are not accepted in a workbook")


MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
ROW, CELL, VALUE, TEXT, INLINE, FORMULA, PHONETIC = (
    f"{MAIN}|{tag}" for tag in ("row", "c", "v", "t", "is", "f", "rPh")
)


class SheetCells:
    """Stream a worksheet part's rows as (row number, values) with openpyxl's value types:
    int or float for numbers, str for text, "=…" for formulas, bool, datetime for date cells.
    Rows that hold no cell are left out; values stop at the row's last cell."""

    def __init__(self, shared_strings, *, date_styles=frozenset(), epoch=None):
        self.shared_strings = shared_strings
        self.date_styles = {str(style) for style in date_styles}
        self.epoch = epoch

    def rows(self, source, chunk_size: int = 1 << 16) -> Iterator[tuple[int, tuple]]:
        parser = expat.ParserCreate(namespace_separator="|")
        parser.buffer_text = True
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartDoctypeDeclHandler = _forbid
        parser.EntityDeclHandler = _forbid
        parser.ExternalEntityRefHandler = _forbid
        done: list[tuple[int, tuple]] = []
        text: list[str] = []
        collect = text.append
        cells: dict[int, object] = {}
        value_of = self._value
        # The state of the cell being read: closures over locals are the fastest handlers.
        row_number, column, kind, style, formula, phonetic = 0, -1, "n", "", None, 0

        def start(name, attrs):
            nonlocal row_number, column, kind, style, formula, phonetic
            if name == CELL:
                ref = attrs.get("r")
                column = _column_index(ref) if ref else column + 1
                kind = attrs.get("t", "n")
                style = attrs.get("s", "")
                formula = None
                text.clear()
            elif name == VALUE or (name == TEXT and not phonetic):
                parser.CharacterDataHandler = collect
            elif name == ROW:
                ref = attrs.get("r")
                row_number = int(ref) if ref else row_number + 1
                column = -1
                cells.clear()
            elif name == FORMULA:
                formula = []
                parser.CharacterDataHandler = formula.append
            elif name == PHONETIC:
                phonetic += 1

        def end(name):
            nonlocal phonetic
            if name in (VALUE, TEXT, FORMULA):
                parser.CharacterDataHandler = None
            elif name == CELL:
                if column < MAX_COLUMNS:
                    if formula is not None:
                        cells[column] = "=" + "".join(formula)
                    else:
                        cells[column] = value_of(kind, style, "".join(text))
            elif name == ROW:
                if cells:
                    values = [None] * (max(cells) + 1)
                    for index, value in cells.items():
                        values[index] = value
                    done.append((row_number, tuple(values)))
            elif name == PHONETIC:
                phonetic -= 1

        parser.StartElementHandler = start
        parser.EndElementHandler = end
        while True:
            chunk = source.read(chunk_size)
            parser.Parse(chunk, not chunk)
            yield from done
            done.clear()
            if not chunk:
                return

    def _value(self, kind: str, style: str, text: str):
        if kind == "n":
            if not text:
                return None
            number = float(text) if ("." in text or "e" in text or "E" in text) else int(text)
            if style in self.date_styles:
                try:
                    return from_excel(number, self.epoch)
                except (OverflowError, ValueError):
                    return "#VALUE!"
            return number
        if kind == "s":
            return self.shared_strings[int(text)] if text else None
        if kind == "b":
            return text.strip() in ("1", "true")
        return text or None  # inlineStr, str (a formula's text result), e (#DIV/0!), d (ISO date)


_COLUMNS = {}  # "A" → 0 … for the columns read
for _index in range(MAX_COLUMNS):
    _letters, _n = "", _index + 1
    while _n:
        _n, _rest = divmod(_n - 1, 26)
        _letters = chr(65 + _rest) + _letters
    _COLUMNS[_letters] = _index


def _column_index(ref: str) -> int:
    """0 for "A1", 25 for "Z7", 26 for "AA3"; MAX_COLUMNS or more for columns not read."""
    letters = ref.rstrip("0123456789").upper()
    return _COLUMNS.get(letters, MAX_COLUMNS) if len(letters) < 3 else MAX_COLUMNS


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
