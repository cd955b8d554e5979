"""Reading one sheet of an .xlsx package by the standard library: zipfile and expat.

An .xlsx file is a zip of XML parts. `[Content_Types].xml` names the workbook part; the workbook
lists its sheets in order with relationship ids, which its `_rels` part maps to the sheets' parts;
the shared strings hold the text of "s" cells, and the styles tell which style indexes show
numbers as dates. Every part is parsed by expat with any DTD or entity declaration refused, so no
entity expands or fetches anything. openpyxl lends public module-level helpers only (dates,
number formats, column letters): its own read-only reader parses in pure Python and took ~5×
longer on a 43,200-row sheet.

Values are openpyxl's: int or float for numbers, str for text, "=…" for a formula, bool,
datetime (timedelta) for numbers in a date (duration) style, None for an empty cell. Any damage
raises an exception (zipfile, expat, KeyError, ValueError…) for the caller to refuse the file.
"""

import posixpath
import zipfile
from collections.abc import Iterator
from xml.parsers import expat

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.cell import column_index_from_string
from openpyxl.utils.datetime import (
    CALENDAR_MAC_1904,
    CALENDAR_WINDOWS_1900,
    from_excel,
    from_ISO8601,
)

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WORKBOOK_TYPES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
}
SHARED_STRINGS_TYPE = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
)
INVALID_TITLE = set("\\*?:/[]")  # openpyxl refuses these in a sheet's name
ROW, CELL, VALUE, TEXT, INLINE, FORMULA, PHONETIC = (
    f"{MAIN}|{tag}" for tag in ("row", "c", "v", "t", "is", "f", "rPh")
)


class DTDForbidden(ValueError):
    pass


def _forbid(*_args):
    raise DTDForbidden("DTDs and entities are not accepted in a workbook")


def _parser(start, end=None) -> expat.XMLParserType:
    parser = expat.ParserCreate(namespace_separator="|")
    parser.buffer_text = True
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _forbid
    parser.EntityDeclHandler = _forbid
    parser.UnparsedEntityDeclHandler = _forbid
    parser.ExternalEntityRefHandler = _forbid
    parser.StartElementHandler = start
    if end is not None:
        parser.EndElementHandler = end
    return parser


def _parse(parser, source, chunk_size: int = 1 << 16) -> Iterator[None]:
    """Feed a part to the parser chunk by chunk, pausing after each chunk."""
    while True:
        chunk = source.read(chunk_size)
        parser.Parse(chunk, not chunk)
        yield
        if not chunk:
            return


def _parse_part(archive: zipfile.ZipFile, path: str, start, end=None) -> expat.XMLParserType:
    parser = _parser(start, end)
    with archive.open(path) as source:
        for _chunk in _parse(parser, source):
            pass
    return parser


class Workbook:
    """The sheets of a package in order, its shared strings, date styles and epoch."""

    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive
        # Every entry inflates whole and matches its CRC, the parts not read here too: a damaged
        # file is refused as openpyxl refused it, wherever the damage is.
        if archive.testzip() is not None:
            raise zipfile.BadZipFile("an entry fails its CRC")
        present = set(archive.namelist())
        book, shared_path = self._content_types()
        rels = self._relationships(book)
        self.sheets: list[tuple[str, str, str]] = []  # (name, part, relationship type)
        date1904 = self._workbook(book, rels, present)
        self.epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
        by_type = {kind.rpartition("/")[2]: target for target, kind in reversed(rels.values())}
        if shared_path is None and by_type.get("sharedStrings") in present:
            shared_path = by_type["sharedStrings"]
        self.shared_strings = self._shared_strings(shared_path) if shared_path else []
        styles = by_type.get("styles", "xl/styles.xml")
        self.date_styles = self._date_styles(styles) if styles in present else {}

    @property
    def sheet_names(self) -> list[str]:
        return [name for name, _path, _kind in self.sheets]

    def close(self) -> None:
        self.archive.close()

    def _content_types(self) -> tuple[str, str | None]:
        overrides, defaults = {}, set()

        def start(name, attrs):
            if name == f"{TYPES}|Override":
                overrides.setdefault(attrs["ContentType"], attrs["PartName"].lstrip("/"))
            elif name == f"{TYPES}|Default":
                defaults.add(attrs.get("ContentType"))

        _parse_part(self.archive, "[Content_Types].xml", start)
        book = next((overrides[kind] for kind in WORKBOOK_TYPES if kind in overrides), None)
        if book is None and defaults & WORKBOOK_TYPES:
            book = "xl/workbook.xml"
        if book is None:
            raise ValueError("no workbook part")
        return book, overrides.get(SHARED_STRINGS_TYPE)

    def _relationships(self, part: str) -> dict[str, tuple[str, str]]:
        """Relationship id → (target part, type), targets resolved as openpyxl resolves them."""
        folder, name = posixpath.split(part)
        rels: dict[str, tuple[str, str]] = {}

        def start(tag, attrs):
            if tag == f"{PACKAGE_RELS}|Relationship" and attrs.get("TargetMode") != "External":
                target = attrs["Target"]
                if target.startswith("/"):
                    target = target[1:]
                else:
                    target = posixpath.normpath(posixpath.join(folder, target))
                rels[attrs["Id"]] = (target, attrs["Type"])

        _parse_part(self.archive, posixpath.join(folder, "_rels", f"{name}.rels"), start)
        return rels

    def _workbook(self, part: str, rels: dict, present: set[str]) -> bool:
        date1904 = []

        def start(tag, attrs):
            if tag == f"{MAIN}|sheet":
                name, rel = attrs["name"], attrs.get(f"{RELS}|id")
                if INVALID_TITLE.intersection(name) or name in self.sheet_names:
                    raise ValueError("a sheet name openpyxl would not accept")
                if rel:  # openpyxl leaves out a sheet without a relationship
                    target, kind = rels[rel]
                    if target in present:  # …and one whose part is missing
                        self.sheets.append((name, target, kind))
            elif tag == f"{MAIN}|workbookPr":
                date1904.append(attrs.get("date1904", "false") not in ("false", "f", "0", ""))

        _parse_part(self.archive, part, start)
        return any(date1904)

    def _shared_strings(self, path: str) -> list[str]:
        strings: list[str] = []
        parts: list[str] = []
        phonetic = 0
        parser = None

        def start(name, _attrs):
            nonlocal phonetic
            if name == TEXT and not phonetic:
                parser.CharacterDataHandler = parts.append
            elif name == PHONETIC:
                phonetic += 1

        def end(name):
            nonlocal phonetic
            if name == TEXT:
                parser.CharacterDataHandler = None
            elif name == f"{MAIN}|si":
                text = "".join(parts)
                parts.clear()
                strings.append(text.replace("x005F_", "") if "x005F_" in text else text)
            elif name == PHONETIC:
                phonetic -= 1

        parser = _parser(start, end)
        with self.archive.open(path) as source:
            for _chunk in _parse(parser, source):
                pass
        return strings

    def _date_styles(self, path: str) -> dict[str, bool]:
        """Style index (as written in a cell's s="…") → whether it is a duration, for every
        cellXfs entry whose number format shows a date or time."""
        custom: dict[int, str] = {}
        formats: list[int] = []
        inside = []

        def start(name, attrs):
            if name in (f"{MAIN}|numFmts", f"{MAIN}|cellXfs"):
                inside.append(name)
            elif name == f"{MAIN}|numFmt" and inside == [f"{MAIN}|numFmts"]:
                custom[int(attrs["numFmtId"])] = attrs["formatCode"]
            elif name == f"{MAIN}|xf" and inside == [f"{MAIN}|cellXfs"]:
                formats.append(int(attrs.get("numFmtId", 0)))

        def end(name):
            if name in (f"{MAIN}|numFmts", f"{MAIN}|cellXfs"):
                inside.pop()

        _parse_part(self.archive, path, start, end)
        dates = {}
        for index, number_format in enumerate(formats):
            if number_format in custom:
                code = custom[number_format]
            else:
                code = BUILTIN_FORMATS.get(number_format)
            if is_date_format(code):
                dates[str(index)] = is_timedelta_format(code)
        return dates

    def rows(self, name: str, *, max_columns: int) -> Iterator[tuple[int, tuple]]:
        """The sheet's rows numbered from 1 as openpyxl's iter_rows(max_col=max_columns,
        values_only=True) gives them: rows missing from the part come as empty rows, each row
        has exactly max_columns values, and a row numbered at or before one already read is
        left out."""
        path, kind = next((path, kind) for each, path, kind in self.sheets if each == name)
        if kind.endswith("/chartsheet"):
            raise ValueError("a chart sheet holds no cells")
        return self._rows(path, max_columns)

    def _rows(self, path: str, max_columns: int) -> Iterator[tuple[int, tuple]]:
        shared, dates, epoch = self.shared_strings, self.date_styles, self.epoch
        empty = (None,) * max_columns
        done: list[tuple[int, tuple]] = []
        text: list[str] = []
        collect = text.append
        cells: dict[int, object] = {}
        columns = _COLUMNS
        # The state of the cell being read: closures over locals are the fastest handlers.
        row_number, column, kind, style, formula, phonetic, inline = 0, -1, "n", "", None, 0, 0

        def value(kind: str, text: str):
            if kind == "n":
                if not text:
                    return None
                number = float(text) if ("." in text or "e" in text or "E" in text) else int(text)
                if style in dates:
                    try:
                        return from_excel(number, epoch, timedelta=dates[style])
                    except (OverflowError, ValueError):
                        return "#VALUE!"
                return number
            if kind == "s":
                return shared[int(text)] if text else None
            if kind == "inlineStr":
                return text if inline else None
            if not text:
                return None
            if kind == "b":
                return bool(int(text))
            if kind == "d":
                return from_ISO8601(text)
            return text  # str (a formula's text result), e (#DIV/0!)

        def start(name, attrs):
            nonlocal row_number, column, kind, style, formula, phonetic, inline
            if name == CELL:
                ref = attrs.get("r")
                if ref:
                    column = columns.get(ref.rstrip("0123456789"))
                    if column is None:
                        column = _column_index(ref)
                else:
                    column += 1
                kind = attrs.get("t", "n")
                style = attrs.get("s", "")
                formula = None
                inline = 0
                text.clear()
            elif name == VALUE or (name == TEXT and not phonetic):
                parser.CharacterDataHandler = collect
            elif name == ROW:
                ref = attrs.get("r")
                row_number = _row_number(ref) if ref else row_number + 1
                column = -1
                cells.clear()
            elif name == FORMULA:
                formula = []
                parser.CharacterDataHandler = formula.append
            elif name == INLINE:
                inline = 1
            elif name == PHONETIC:
                phonetic += 1

        def end(name):
            nonlocal phonetic
            if name in (VALUE, TEXT, FORMULA):
                parser.CharacterDataHandler = None
            elif name == CELL:
                if column < max_columns:
                    if formula is not None:
                        cells[column] = "=" + "".join(formula)
                    elif kind == "s" and text:  # the common cases first, without a call
                        cells[column] = shared[int("".join(text))]
                    elif kind == "n" and text and style not in dates:
                        number = "".join(text)
                        if "." in number or "e" in number or "E" in number:
                            cells[column] = float(number)
                        else:
                            cells[column] = int(number)
                    else:
                        cells[column] = value(kind, "".join(text))
            elif name == ROW:
                if cells:
                    values = [None] * max_columns
                    for index, each in cells.items():
                        values[index] = each
                    done.append((row_number, tuple(values)))
                else:
                    done.append((row_number, empty))
            elif name == PHONETIC:
                phonetic -= 1

        parser = _parser(start, end)
        counter = 1  # the next row number to give
        with self.archive.open(path) as source:
            for _chunk in _parse(parser, source):
                for number, values in done:
                    while counter < number:
                        yield counter, empty
                        counter += 1
                    if counter == number:
                        yield number, values
                        counter += 1
                done.clear()


def _row_number(ref: str) -> int:
    try:
        return int(ref)
    except ValueError:
        number = float(ref)  # openpyxl reads r="3.0" as row 3
        if not number.is_integer():
            raise
        return int(number)


_COLUMNS = {}  # "A" → 0 … "ZZ" → 701
for _index in range(26 * 27):
    _letters, _n = "", _index + 1
    while _n:
        _n, _rest = divmod(_n - 1, 26)
        _letters = chr(65 + _rest) + _letters
    _COLUMNS[_letters] = _index


def _column_index(ref: str) -> int:
    """0 for "A1", 25 for "Z7", 26 for "AA3"; ValueError for a reference that is none."""
    letters = ref.rstrip("0123456789")
    index = _COLUMNS.get(letters)
    return index if index is not None else column_index_from_string(letters) - 1
