"""Report-ready worksheets: a header block (what, which period, actuals to when, the unit), one
table with a bold, filtered, frozen heading row, bold subtotal and total rows, and outline levels
for grouped rows. Headquarters' workbooks and the plan's report exports are written with it."""

import io
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from salesplan.exports import neutralise

MONEY = "#,##0.00"
PERCENT = '0.0"%"'
HEADING_FILL = PatternFill("solid", fgColor="E8EDF3")
SUBTOTAL_FILL = PatternFill("solid", fgColor="F3F5F8")
BOLD = Font(bold=True)


@dataclass
class Row:
    """One table row: its describing text cells, its figures, and how it is marked."""

    lead: list
    figures: list
    summary: bool = False
    outline: int = 0


def write_table(
    sheet,
    *,
    title: str,
    facts,
    lead: Sequence[str],
    headings: Sequence[str],
    formats,
    rows: list[Row],
) -> None:
    """The header block, the heading row (frozen, filtered) and the rows beneath: `lead` names
    the describing columns, `headings` and `formats` the figure columns."""
    sheet.append([neutralise(title)])
    sheet.cell(row=1, column=1).font = Font(bold=True, size=13)
    for label, value in facts:
        sheet.append([neutralise(label), neutralise(value)])
        sheet.cell(row=sheet.max_row, column=1).font = BOLD
    heading_row = sheet.max_row + 2  # a blank row between the block and the table
    headings = (*lead, *headings)
    for number, text in enumerate(headings, start=1):
        cell = sheet.cell(row=heading_row, column=number, value=neutralise(text))
        cell.font = BOLD
        cell.fill = HEADING_FILL
    formats = [None] * len(lead) + list(formats)
    for row in rows:
        sheet.append([neutralise(value) for value in (*row.lead, *row.figures)])
        number = sheet.max_row
        for cell, number_format in zip(sheet[number], formats, strict=True):
            if number_format:
                cell.number_format = number_format
            if row.summary:
                cell.font = BOLD
                cell.fill = SUBTOTAL_FILL
        if row.outline:
            sheet.row_dimensions[number].outline_level = row.outline
    sheet.sheet_properties.outlinePr.summaryBelow = False
    last_column = get_column_letter(len(formats))
    sheet.auto_filter.ref = f"A{heading_row}:{last_column}{sheet.max_row}"
    sheet.freeze_panes = f"B{heading_row + 1}"
    sheet.column_dimensions["A"].width = 24
    for index in range(2, len(formats) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 15


def workbook_bytes(workbook: Workbook) -> bytes:
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
