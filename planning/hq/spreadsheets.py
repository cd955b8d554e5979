"""The roll-up as an .xlsx workbook with number formats and a frozen header."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from salesplan.exports import neutralise

MONEY = "#,##0.00"
PERCENT = '0.0"%"'


def rollup_workbook(lines, company, *, period, month: int) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(period.year)
    headers = [
        _("Region"),
        _("Code"),
        _("State"),
        _("Target"),
        _("Last year"),
        _("Growth %"),
        _("Target to date"),
        _("Actual to date"),
        _("Achievement %"),
        _("Outstanding"),
        _("0–30 days"),
        _("31–60 days"),
        _("61–90 days"),
        _("Over 90 days"),
        _("P&L plan"),
        _("P&L actual to date"),
    ]
    sheet.append([neutralise(str(h)) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E8EDF3")
    rows = [*lines, company]
    for line in rows:
        ageing = line.ageing
        label = ("    " * line.depth + line.label) if line is not company else _("Total (合计)")
        sheet.append(
            [
                neutralise(label),
                neutralise(line.code),
                neutralise(line.state),
                line.target,
                line.last_year,
                line.growth,
                line.target_to_date,
                line.actual_to_date,
                line.achievement,
                line.outstanding,
                *(
                    [ageing.days_0_30, ageing.days_31_60, ageing.days_61_90, ageing.over_90]
                    if ageing
                    else [None] * 4
                ),
                line.profit_plan,
                line.profit_actual_to_date,
            ]
        )
    for row in sheet.iter_rows(min_row=2):
        for cell in row[3:]:
            cell.number_format = PERCENT if cell.column in (6, 9) else MONEY
    sheet.freeze_panes = "B2"
    sheet.column_dimensions["A"].width = 18
    for column in "DEFGHIJKLMNOP":
        sheet.column_dimensions[column].width = 15
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
