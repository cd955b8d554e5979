"""Headquarters' workbooks: the roll-up and its drill-downs, to be summed and read.

Each sheet opens with a header block (what, which period and plan, actuals up to which month,
when exported, the unit), then one table with a frozen heading row. Subtotal and total rows are
bold and say what they are in the "Row kind" column, so a reader summing a column filters them
out; a parent region's children are grouped under it by outline levels, never indented with
spaces. Every figure column is one `Column` in the lists below: (heading, getter, format).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from operator import attrgetter

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from planning.numbers.measures import Line, total_of
from salesplan.report_sheets import MONEY, PERCENT, Row, workbook_bytes, write_table

LEVEL = "0"


@dataclass(frozen=True)
class Column:
    """One figure column: its heading, how a line gives its value, its number format."""

    heading: str
    value: Callable[[Line], object]
    number_format: str = MONEY


def _aged(bucket: str) -> Callable[[Line], object]:
    return lambda line: getattr(line.ageing, bucket) if line.ageing is not None else None


FIGURES = (
    Column(gettext_lazy("Target"), attrgetter("target")),
    Column(gettext_lazy("Last year"), attrgetter("last_year")),
    Column(gettext_lazy("Growth %"), attrgetter("growth"), PERCENT),
    Column(gettext_lazy("Target to date"), attrgetter("target_to_date")),
    Column(
        gettext_lazy("Actual to date"),
        lambda line: line.actual_to_date if line.has_actuals else None,
    ),
    Column(gettext_lazy("Achievement %"), attrgetter("achievement"), PERCENT),
)
COLLECTIONS = (
    Column(gettext_lazy("Outstanding, actual (总欠款 实际)"), attrgetter("outstanding")),
    Column(
        gettext_lazy("Outstanding, planned year-end (总欠款 计划)"), attrgetter("outstanding_plan")
    ),
)
AGEING = (
    Column(gettext_lazy("Not aged (未分龄)"), _aged("not_aged")),
    Column(gettext_lazy("0–30 days"), _aged("days_0_30")),
    Column(gettext_lazy("31–60 days"), _aged("days_31_60")),
    Column(gettext_lazy("61–90 days"), _aged("days_61_90")),
    Column(gettext_lazy("Over 90 days"), _aged("over_90")),
)
PROFIT = (
    Column(gettext_lazy("P&L plan"), attrgetter("profit_plan")),
    Column(gettext_lazy("P&L actual to date"), attrgetter("profit_actual_to_date")),
)
# What each page shows, in its order (templates/planning/hq/).
REGION_COLUMNS = (*FIGURES, *COLLECTIONS, *AGEING, *PROFIT)
CUSTOMER_COLUMNS = (*FIGURES, *COLLECTIONS)
PRODUCT_COLUMNS = FIGURES


def _heading(column: Column) -> str:
    if column.number_format == MONEY:
        return _("%(heading)s (CNY)") % {"heading": column.heading}
    return str(column.heading)


def _figures(line: Line, columns: Sequence[Column]) -> list:
    return [column.value(line) for column in columns]


def _month_text(period, month: int) -> str:
    if not month:
        return _("No actuals entered yet for this period.")
    return formats.date_format(date(period.year, month, 1), "YEAR_MONTH_FORMAT")


def _facts(period, month: int, *extra: tuple[str, str], rule=None) -> list[tuple[str, str]]:
    return [
        *extra,
        (_("Period"), str(period.year)),
        (_("Actuals to"), _month_text(period, month)),
        *([(_("Last year"), str(rule.label))] if rule is not None else []),
        (_("Exported"), formats.date_format(timezone.localdate())),
        (_("Currency unit"), _("CNY (元); growth and achievement in percent")),
    ]


# The roll-up of every region.


def _own_figures(parent, children, columns) -> list | None:
    """A parent's money figures less its children's (its own plan or sales), None when nothing
    is left: so that the regions' rows, subtotals aside, add up to the total. `parent` and
    `children` are what the columns read: the roll-up's lines, the half-year page's rows."""
    own = []
    for column in columns:
        if column.number_format != MONEY:
            own.append(None)
            continue
        value = column.value(parent)
        children_values = [column.value(child) for child in children]
        if value is None or any(each is None for each in children_values):
            own.append(None)
        else:
            own.append(value - sum(children_values))
    return own if any(own) else None


def rollup_workbook(lines, company, *, period, month: int, basis: str = "") -> bytes:
    """Every region (parents as bold subtotals above their outlined children) and the total."""
    columns = REGION_COLUMNS
    parent_of = {id(child): line for line in lines for child in line.children}
    detail, subtotal = _("Region"), _("Subtotal")
    rows = []
    for line in lines:
        group = parent_of.get(id(line), line).label
        kind = subtotal if line.children else detail
        lead = [line.label, line.code, kind, line.depth, group, line.state]
        rows.append(Row(lead, _figures(line, columns), bool(line.children), line.depth))
        own = _own_figures(line, line.children, columns) if line.children else None
        if own is not None:
            lead = [line.label, line.code, _("Own figures"), line.depth + 1, line.label, ""]
            rows.append(Row(lead, own, outline=line.depth + 1))
    total_lead = [_("Total (合计)"), "", _("Total"), None, "", ""]
    rows.append(Row(total_lead, _figures(company, columns), summary=True))
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(period.year)
    lead = [_("Region"), _("Code"), _("Row kind"), _("Level"), _("Region group"), _("State")]
    write_table(
        sheet,
        title=f"{_('Roll-up of all regions')} · {period.year}",
        facts=_facts(
            period,
            month,
            *([(_("Plans read"), str(basis))] if basis else []),
            rule=company.last_year_rule,
        ),
        lead=lead,
        headings=[_heading(column) for column in columns],
        formats=[column.number_format for column in columns],
        rows=rows,
    )
    return workbook_bytes(workbook)


# The drill-downs: one region's customers and products, one customer's products.


def _total_figures(lines, columns) -> list:
    """The total of the lines the page shows: each money column is the sum of its cells; a
    percentage is that of the summed lines (as the roll-up's total)."""
    summed = total_of(lines)
    total = []
    for column in columns:
        if column.number_format == MONEY:
            values = [value for value in map(column.value, lines) if value is not None]
            total.append(sum(values) if values else None)
        else:
            total.append(column.value(summed))
    return total


def _drill_down_sheet(sheet, *, name: str, title: str, facts, lines, columns) -> None:
    detail = _("Detail")
    rows = [Row([line.label, detail], _figures(line, columns)) for line in lines]
    total = _total_figures(lines, columns)
    rows.append(Row([_("Total (合计)"), _("Total")], total, summary=True))
    write_table(
        sheet,
        title=title,
        facts=facts,
        lead=[name, _("Row kind")],
        headings=[_heading(column) for column in columns],
        formats=[column.number_format for column in columns],
        rows=rows,
    )


def _plan_facts(plan, month: int, *extra, lines=()) -> list[tuple[str, str]]:
    region = (_("Region"), f"{plan.region.display_name} ({plan.region.code})")
    state = (_("State"), str(plan.get_state_display()))
    rule = next((line.last_year_rule for line in lines if line.last_year_rule), None)
    return _facts(plan.period, month, region, *extra, state, rule=rule)


def region_workbook(plan, *, month: int, customers, products) -> bytes:
    """One region's plan by customer and by product, one sheet each, as its page shows."""
    workbook = Workbook()
    place = f"{plan.region.display_name} · {plan.period.year}"
    for sheet, heading, name, lines, columns in (
        (workbook.active, _("By customer"), _("Customer"), customers, CUSTOMER_COLUMNS),
        (workbook.create_sheet(), _("By product"), _("Product"), products, PRODUCT_COLUMNS),
    ):
        sheet.title = heading[:31]
        _drill_down_sheet(
            sheet,
            name=name,
            title=f"{place} · {heading}",
            facts=_plan_facts(plan, month, lines=lines),
            lines=lines,
            columns=columns,
        )
    return workbook_bytes(workbook)


def customer_workbook(plan, customer, *, month: int, products) -> bytes:
    """One customer's products in a region's plan, as its page shows."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("By product")[:31]
    _drill_down_sheet(
        sheet,
        name=_("Product"),
        title=f"{customer.name} · {plan.period.year} · {_('By product')}",
        facts=_plan_facts(plan, month, (_("Customer"), customer.name), lines=products),
        lines=products,
        columns=PRODUCT_COLUMNS,
    )
    return workbook_bytes(workbook)


# The half-year meeting's sheet: each region's original plan beside its revised plan
# (dashboard.revision_rollup), the columns of templates/planning/hq/rollup_revision.html.
REVISION_COLUMNS = (
    Column(gettext_lazy("Original plan: target"), lambda row: row.original.target),
    Column(gettext_lazy("Original plan: P&L plan"), lambda row: row.original.profit_plan),
    Column(gettext_lazy("Revised plan: target"), lambda row: row.revised.target),
    Column(gettext_lazy("Revised plan: P&L plan"), lambda row: row.revised.profit_plan),
    Column(gettext_lazy("Change of target"), attrgetter("change")),
    Column(gettext_lazy("Change of target %"), attrgetter("change_percent"), PERCENT),
    Column(
        gettext_lazy("Actual to date"),
        lambda row: row.revised.actual_to_date if row.revised.has_actuals else None,
    ),
    Column(gettext_lazy("Achievement: revised %"), lambda row: row.revised.achievement, PERCENT),
    Column(gettext_lazy("Achievement: original %"), lambda row: row.original.achievement, PERCENT),
)


def _version(line: Line) -> str:
    return f"v{line.version} · {line.state}" if line.version else ""


def revision_workbook(rows, company, *, period, month: int) -> bytes:
    """Every region's original and revised plan and its actuals (parents as bold subtotals
    above their outlined children, with their own figures where they have a plan) and the
    total."""
    columns = REVISION_COLUMNS
    of_line = {id(row.original): row for row in rows}
    parent_of = {id(child): row for row in rows for child in row.original.children}
    detail, subtotal = _("Region"), _("Subtotal")
    table = []
    for row in rows:
        line, children = row.original, [of_line[id(c)] for c in row.original.children]
        group = parent_of[id(line)].original.label if id(line) in parent_of else line.label
        kind = subtotal if children else detail
        versions = [_version(row.original), _version(row.revised)]
        lead = [line.label, line.code, kind, line.depth, group, *versions]
        table.append(Row(lead, _figures(row, columns), bool(children), line.depth))
        own = _own_figures(row, children, columns) if children else None
        if own is not None:
            lead = [line.label, line.code, _("Own figures"), line.depth + 1, line.label, *versions]
            table.append(Row(lead, own, outline=line.depth + 1))
    total_lead = [_("Total (合计)"), "", _("Total"), None, "", "", ""]
    table.append(Row(total_lead, _figures(company, columns), summary=True))
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(period.year)
    lead = [_("Region"), _("Code"), _("Row kind"), _("Level"), _("Region group")]
    write_table(
        sheet,
        title=f"{_('Original plan, revised plan and actual')} · {period.year}",
        facts=_facts(period, month),
        lead=[*lead, _("Original plan: version"), _("Revised plan: version")],
        headings=[_heading(column) for column in columns],
        formats=[column.number_format for column in columns],
        rows=table,
    )
    return workbook_bytes(workbook)
