"""What a grid page shows: each row's formatted cells and totals, and the footer."""

from dataclasses import dataclass
from decimal import Decimal

from planning.numbers.grids import Grid, Row
from planning.numbers.rollups import GridTotals


def format_figure(value: Decimal | None, *, money: bool) -> str:
    """1,234.50 for money; 1,234 or 1,234.5 for quantities. Both languages group alike."""
    if value is None:
        return ""
    if not money and value == value.to_integral_value():
        return f"{value:,.0f}"
    return f"{value:,.2f}"


def format_percent(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:,.1f}%"


@dataclass
class GridCell:
    month: int
    text: str
    revision: int
    error: str = ""


@dataclass
class GridLine:
    row: Row
    cells: list[GridCell]
    total: str
    extra: list[str]


def grid_lines(grid: Grid, *, money: bool, extras=None, rows=None):
    """The grid's rows with formatted cells and totals; `extras(rows)` adds computed columns.

    After a save only the touched `rows` are rebuilt, with the totals summed by the database.
    """
    extra_columns, extra_footer = extras(rows) if extras else (None, [])
    stored = grid.cells(rows)
    if rows is None:
        # A row's total adds up the grid's `total_months`; another column (an opening balance
        # beside the year) has its footer total only. Stored values are whole cents: exact.
        zero = Decimal("0.00")
        row_totals: dict[int, Decimal] = {}
        month_totals = dict.fromkeys(grid.months, zero)
        for (row, month), (value, _revision) in stored.items():
            month_totals[month] = month_totals.get(month, zero) + value
            if month in grid.total_months:
                row_totals[row] = row_totals.get(row, zero) + value
        totals = GridTotals(
            row_totals=row_totals,
            month_totals=month_totals,
            grand_total=sum((month_totals[m] for m in grid.total_months), zero),
        )
    else:
        totals = grid.totals(rows)
        month_totals = totals.month_totals
    lines = []
    for row in grid.rows():
        if rows is not None and row.id not in rows:
            continue
        cells = []
        for month in grid.months:
            value, revision = stored.get((row.id, month), (None, 0))
            cells.append(
                GridCell(month, format_figure(value, money=money) if value else "", revision)
            )
        total = totals.row_totals.get(row.id, Decimal(0))
        extra = extra_columns(row.id, total) if extra_columns else []
        lines.append(GridLine(row, cells, format_figure(total, money=money), extra))
    # Rows of different units (a customer's products: 台, 套, 件) are never added up.
    mixed = getattr(grid, "mixed_units", False)
    footer = {
        "months": [
            "" if mixed else format_figure(month_totals.get(m, Decimal(0)), money=money)
            for m in grid.months
        ],
        "grand": "" if mixed else format_figure(totals.grand_total, money=money),
        "extra": extra_footer(totals.grand_total) if extras else [],
    }
    return lines, footer
