"""A corpus of over a hundred bad spreadsheet files for the import (issue 9, item 10).

Each entry is (label, file name, bytes, sheet kind). Every file must be refused whole: nothing
imported, no server error, a message that names the row and column of each refused cell.
"""

import csv
import functools
import io
import zipfile
import zlib
from datetime import date

import openpyxl

MONTHS = ["一月 Jan", "二月 Feb", "三月 Mar", "四月 Apr", "五月 May", "六月 Jun"] + [
    "七月 Jul",
    "八月 Aug",
    "九月 Sep",
    "十月 Oct",
    "十一月 Nov",
    "十二月 Dec",
]
TARGETS = ["客户 Customer", "产品代码 Product code", *MONTHS]
GOOD_ROW = ["朗通", "A", *["10"] * 12]

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def csv_file(rows, encoding="utf-8-sig") -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_file(rows, sheet="targets", *, merge=None, extra_sheets=()) -> bytes:
    workbook = openpyxl.Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    for row in rows:
        worksheet.append(row)
    if merge:
        worksheet.merge_cells(merge)
    for name in extra_sheets:
        workbook.create_sheet(name)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def replace_parts(data: bytes, parts: dict[str, bytes], *, add: dict[str, bytes] = None) -> bytes:
    """The workbook `data` with some of its zip entries replaced (and some added)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, parts.get(info.filename, source.read(info.filename)))
        for name, content in (add or {}).items():
            target.writestr(name, content)
    return out.getvalue()


def sheet_xml(rows_xml: str, prolog: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet xmlns="{MAIN}">'
        f"<sheetData>{rows_xml}</sheetData></worksheet>"
    ).encode()


def inline_row(number: int, values) -> str:
    cells = "".join(
        f'<c r="{chr(65 + i)}{number}" t="inlineStr"><is><t>{v}</t></is></c>'
        for i, v in enumerate(values)
    )
    return f'<row r="{number}">{cells}</row>'


def numeric_row(number: int, key, code, raw_value: str, kind: str = "n") -> str:
    return (
        f'<row r="{number}"><c r="A{number}" t="inlineStr"><is><t>{key}</t></is></c>'
        f'<c r="B{number}" t="inlineStr"><is><t>{code}</t></is></c>'
        f'<c r="C{number}" t="{kind}"><v>{raw_value}</v></c></row>'
    )


def _with_doctype(xml: bytes, doctype: str) -> bytes:
    """`xml` with a document type declaration, after its XML declaration if it has one."""
    if xml.startswith(b"<?xml"):
        end = xml.index(b"?>") + 2
        return xml[:end] + doctype.encode() + xml[end:]
    return doctype.encode() + xml


def zip_bomb(entry_bytes: int, name="xl/worksheets/sheet1.xml") -> bytes:
    """A valid workbook whose sheet inflates to `entry_bytes` of zeros-like XML."""
    base = xlsx_file([TARGETS, GOOD_ROW])
    source = zipfile.ZipFile(io.BytesIO(base))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename == name:
                with target.open(name, "w", force_zip64=True) as handle:
                    chunk = b" " * (1 << 20)
                    for _ in range(entry_bytes >> 20):
                        handle.write(chunk)
            else:
                target.writestr(info.filename, source.read(info.filename))
    return out.getvalue()


def lying_sizes(data: bytes) -> bytes:
    """A workbook whose central directory states a tiny size for a large sheet."""
    blob = bytearray(data)
    marker = b"xl/worksheets/sheet1.xml"
    position = blob.rfind(b"PK\x01\x02")  # walk central directory entries
    while position != -1:
        name_length = int.from_bytes(blob[position + 28 : position + 30], "little")
        name = bytes(blob[position + 46 : position + 46 + name_length])
        if name == marker:
            blob[position + 24 : position + 28] = (10).to_bytes(4, "little")
        position = blob.rfind(b"PK\x01\x02", 0, position)
    return bytes(blob)


@functools.cache
def corpus() -> list[tuple[str, str, bytes, str]]:
    files: list[tuple[str, str, bytes, str]] = []

    def add(label, name, data, kind="targets"):
        files.append((label, name, data, kind))

    good_xlsx = xlsx_file([TARGETS, GOOD_ROW, ["泰岳", "A", *["5"] * 12]])
    good_csv = csv_file([TARGETS, GOOD_ROW])

    # Truncated and damaged workbooks
    for share in (0.02, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99):
        add(f"xlsx truncated at {share:.0%}", "cut.xlsx", good_xlsx[: int(len(good_xlsx) * share)])
    for offset in (0.25, 0.5, 0.75):
        damaged = bytearray(good_xlsx)
        at = int(len(damaged) * offset)
        damaged[at : at + 16] = b"\x00" * 16
        add(f"xlsx with zeroed bytes at {offset:.0%}", "damaged.xlsx", bytes(damaged))

    # Other file types, renamed
    add("PNG renamed .xlsx", "chart.xlsx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    add("PDF renamed .xlsx", "plan.xlsx", b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF")
    add("CSV renamed .xlsx", "targets.xlsx", good_csv)
    add("xlsx renamed .csv", "targets.csv", good_xlsx)
    add("old .xls (OLE2)", "targets.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    add("OLE2 renamed .xlsx", "targets.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    add("OpenDocument .ods", "targets.ods", good_xlsx)
    add("text file", "targets.txt", good_csv)
    add("JSON file", "targets.json", b'{"targets": []}')
    add("no extension", "targets", good_xlsx)
    add("Windows executable", "targets.exe", b"MZ\x90\x00" + b"\x00" * 200)
    add("HTML renamed .xlsx", "targets.xlsx", b"<html><body><table></table></body></html>")
    plain_zip = io.BytesIO()
    with zipfile.ZipFile(plain_zip, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    add("plain zip renamed .xlsx", "targets.xlsx", plain_zip.getvalue())
    add("empty .xlsx", "empty.xlsx", b"")
    add("empty .csv", "empty.csv", b"")

    # Macros
    add(".xlsm", "targets.xlsm", good_xlsx)
    add(".XLSM in capitals", "TARGETS.XLSM", good_xlsx)
    add(".xltm template", "targets.xltm", good_xlsx)
    add(".xlam add-in", "targets.xlam", good_xlsx)
    add(
        "vbaProject.bin inside an .xlsx",
        "targets.xlsx",
        replace_parts(good_xlsx, {}, add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"}),
    )
    content_types = zipfile.ZipFile(io.BytesIO(good_xlsx)).read("[Content_Types].xml")
    add(
        "macro-enabled content type in an .xlsx",
        "targets.xlsx",
        replace_parts(
            good_xlsx,
            {
                "[Content_Types].xml": content_types.replace(
                    b"sheet.main+xml", b"sheet.macroEnabled.main+xml"
                )
            },
        ),
    )

    # Zip bombs
    add("zip bomb: a 200 MB sheet", "bomb.xlsx", zip_bomb(200 << 20))
    add("zip bomb: a 70 MB sheet", "bomb.xlsx", zip_bomb(70 << 20))
    many = io.BytesIO()
    with zipfile.ZipFile(many, "w", zipfile.ZIP_DEFLATED) as archive:
        for index in range(2000):
            archive.writestr(f"xl/junk/{index}.xml", "<x/>")
    add("zip bomb: 2,000 entries", "bomb.xlsx", many.getvalue())
    add(
        "zip bomb: compressed 1000:1 shared strings",
        "bomb.xlsx",
        replace_parts(good_xlsx, {}, add={"xl/media/zeros.bin": b"\0" * (8 << 20)}),
    )
    add("lying central directory sizes", "lying.xlsx", lying_sizes(zip_bomb(8 << 20)))

    # Far too many rows
    add("CSV of 1,000,001 rows", "million.csv", b"x\n" * 1_000_001)
    add("CSV of 100,001 data rows", "many.csv", csv_file([TARGETS] + [GOOD_ROW] * 100_001))
    add(
        "xlsx with a row numbered 1,048,576",
        "far.xlsx",
        replace_parts(
            good_xlsx,
            {
                "xl/worksheets/sheet1.xml": sheet_xml(
                    inline_row(1, TARGETS) + inline_row(1_048_576, GOOD_ROW)
                )
            },
        ),
    )
    rows = "".join(inline_row(n, GOOD_ROW[:3]) for n in range(2, 100_004))
    add(
        "xlsx with 100,002 data rows",
        "many.xlsx",
        replace_parts(
            good_xlsx, {"xl/worksheets/sheet1.xml": sheet_xml(inline_row(1, TARGETS) + rows)}
        ),
    )

    # XML entity tricks
    laughs = (
        '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    )
    add(
        "billion laughs in the sheet",
        "laughs.xlsx",
        replace_parts(
            good_xlsx,
            {
                "xl/worksheets/sheet1.xml": sheet_xml(
                    inline_row(1, TARGETS) + inline_row(2, ["&lol3;", "A"]), laughs
                )
            },
        ),
    )
    xxe = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    add(
        "external entity (XXE) in the sheet",
        "xxe.xlsx",
        replace_parts(
            good_xlsx,
            {
                "xl/worksheets/sheet1.xml": sheet_xml(
                    inline_row(1, TARGETS) + inline_row(2, ["&xxe;", "A"]), xxe
                )
            },
        ),
    )
    workbook_xml = zipfile.ZipFile(io.BytesIO(good_xlsx)).read("xl/workbook.xml")
    add(
        "external entity in workbook.xml",
        "xxe.xlsx",
        replace_parts(
            good_xlsx,
            {
                "xl/workbook.xml": _with_doctype(
                    workbook_xml.replace(b'name="targets"', b'name="&xxe;"'),
                    '<!DOCTYPE w [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
                )
            },
        ),
    )
    add(
        "billion laughs in [Content_Types].xml",
        "laughs.xlsx",
        replace_parts(
            good_xlsx,
            {"[Content_Types].xml": _with_doctype(content_types, laughs)},
        ),
    )
    parameter = '<!DOCTYPE x [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/x.dtd"> %remote;]>'
    add(
        "parameter entity fetching a DTD",
        "param.xlsx",
        replace_parts(
            good_xlsx,
            {"xl/worksheets/sheet1.xml": sheet_xml(inline_row(1, TARGETS), parameter)},
        ),
    )

    # Formulas
    for formula in ("=1+1", '=HYPERLINK("http://evil.example","x")', "=cmd|' /C calc'!A0"):
        add(
            f"text formula {formula[:12]}",
            "formula.csv",
            csv_file([TARGETS, ["朗通", "A", formula]]),
        )
    for text in ("+1+1", "@SUM(1,2)", "-1+2"):
        add(f"formula-like text {text}", "formula.csv", csv_file([TARGETS, ["朗通", "A", text]]))
    formula_sheet = sheet_xml(
        inline_row(1, TARGETS)
        + '<row r="2"><c r="A2" t="inlineStr"><is><t>朗通</t></is></c>'
        + '<c r="B2" t="inlineStr"><is><t>A</t></is></c><c r="C2"><f>SUM(1,2)</f><v>3</v></c></row>'
    )
    add(
        "xlsx formula cell",
        "formula.xlsx",
        replace_parts(good_xlsx, {"xl/worksheets/sheet1.xml": formula_sheet}),
    )

    # Merged cells
    add(
        "merged customer cells",
        "merged.xlsx",
        xlsx_file([TARGETS, GOOD_ROW, [None, "B", *["1"] * 12]], merge="A2:A3"),
    )
    add(
        "merged heading cells",
        "merged.xlsx",
        xlsx_file([[TARGETS[0], None, *MONTHS], GOOD_ROW], merge="A1:B1"),
    )

    # Encodings
    for encoding in ("utf-16", "utf-16-le", "utf-16-be", "utf-32"):
        add(f"CSV in {encoding}", "targets.csv", csv_file([TARGETS, GOOD_ROW], encoding=encoding))
    add("CSV in Latin-1 with stray bytes", "targets.csv", b"\xff\xfe\xfa\xfb,\xe9\n")
    add("CSV with NUL bytes", "targets.csv", csv_file([TARGETS, ["朗\x00通", "A", "1"]]))
    add(
        "CSV with control characters in a key",
        "targets.csv",
        csv_file([TARGETS, ["朗通\x1b[31m", "A", "1"]]),
    )

    # Numbers that are not figures
    for raw in (
        "NaN",
        "nan",
        "inf",
        "-inf",
        "Infinity",
        "1e5",
        "1E-2",
        "1_000",
        "١٢٣",
        "12.345",
        "-5",
        "1000000000000",
        "1,00",
        "1.2.3",
        "0x10",
        "12%",
        "true",
        "2027-01-01",
        "一百",
        "1 000",
        "--1",
        "(5)",
        "5-",
        "¥¥5",
        "5¥5",
    ):
        add(f"figure {raw!r}", "targets.csv", csv_file([TARGETS, ["朗通", "A", raw]]))
    for raw, kind in (("NaN", "n"), ("1e400", "n"), ("1", "b"), ("#DIV/0!", "e"), ("-3", "n")):
        add(
            f"xlsx cell {raw} of type {kind}",
            "cells.xlsx",
            replace_parts(
                good_xlsx,
                {
                    "xl/worksheets/sheet1.xml": sheet_xml(
                        inline_row(1, TARGETS) + numeric_row(2, "朗通", "A", raw, kind)
                    )
                },
            ),
        )
    dated = xlsx_file([TARGETS, ["朗通", "A", date(2027, 1, 1)]])
    add("xlsx date cell", "date.xlsx", dated)

    # Keys of another region, or of nothing
    add("another region's customer", "other.csv", csv_file([TARGETS, ["金陵科技", "A", "1"]]))
    add("unknown product code", "other.csv", csv_file([TARGETS, ["朗通", "Z9", "1"]]))
    add(
        "unknown expense line",
        "other.csv",
        csv_file([["支出项代码 Line code", *MONTHS], ["NOPE", "1"]]),
        "expenses",
    )
    add(
        "another region's customer in the collections",
        "other.csv",
        csv_file([["客户 Customer", "期初欠款 Opening balance", *MONTHS], ["金陵科技", "1"]]),
        "collections",
    )

    # Duplicate keys and headings
    add("the same row twice", "dup.csv", csv_file([TARGETS, GOOD_ROW, GOOD_ROW]))
    add("a heading twice", "dup.csv", csv_file([[*TARGETS, "一月 Jan"], GOOD_ROW]))
    long_header = ["客户 Customer", "产品代码 Product code", "月份 Month", "数量 Quantity"]
    add(
        "the same cell twice in the long layout",
        "dup.csv",
        csv_file([long_header, ["朗通", "A", "1", "5"], ["朗通", "A", "一月", "6"]]),
    )

    # Structure
    add("blank first row", "shape.csv", csv_file([[], TARGETS, GOOD_ROW]))
    add("no customer column", "shape.csv", csv_file([TARGETS[1:], GOOD_ROW[1:]]))
    add("unknown heading", "shape.csv", csv_file([[*TARGETS, "备注 Note"], GOOD_ROW]))
    add(
        "month columns and a Month column",
        "shape.csv",
        csv_file([[*TARGETS, "月份 Month"], [*GOOD_ROW, "1"]]),
    )
    add("a value under no heading", "shape.csv", csv_file([TARGETS, [*GOOD_ROW, "", "7"]]))
    add("no figure column", "shape.csv", csv_file([TARGETS[:2], ["朗通", "A"]]))
    add("two sheets", "two.xlsx", xlsx_file([TARGETS, GOOD_ROW], extra_sheets=["备注"]))
    add("wrong sheet name", "named.xlsx", xlsx_file([TARGETS, GOOD_ROW], sheet="Sheet1"))
    add("a 16,384-column row", "wide.csv", csv_file([TARGETS, [*GOOD_ROW, *["9"] * 16_370]]))
    add("a 10,000-character key", "long.csv", csv_file([TARGETS, ["朗" * 10_000, "A", "1"]]))
    add("blank customer", "shape.csv", csv_file([TARGETS, ["", "A", "1"]]))
    add("whitespace customer", "shape.csv", csv_file([TARGETS, ["   ", "A", "1"]]))
    add(
        "unbalanced quotes",
        "shape.csv",
        '\ufeff客户 Customer,产品代码 Product code,一月 Jan\n"朗通,A,1\n'.encode(),
    )
    add(
        "good rows then one bad row",
        "partial.csv",
        csv_file([TARGETS] + [GOOD_ROW] + [["泰岳", "A", "x"]]),
    )
    add(
        "long layout with month 13",
        "long.csv",
        csv_file([long_header, ["朗通", "A", "13", "5"]]),
    )
    add(
        "long layout with an opening balance in targets",
        "long.csv",
        csv_file([long_header, ["朗通", "A", "0", "5"]]),
    )
    add(
        "compressed deflate stream cut short inside",
        "cut.xlsx",
        good_xlsx[:30] + zlib.compress(b"<worksheet/>")[:5],
    )
    return files
