"""The plan's reports as report-ready workbooks: the projected P&L and the collections plan with
its ageing. Each lays out the same lines as its page (`statements.pnl_statement`,
`receivables.collections`, `receivables.ageing`): amounts, units, bold totals, a frozen header."""

from datetime import date

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from planning.models import Plan
from planning.numbers import reports
from planning.numbers.grid_lines import format_figure
from salesplan.months import MONTHS, month_label
from salesplan.report_sheets import MONEY, PERCENT, Row, workbook_bytes, write_table


def _facts(plan: Plan, as_of: int, rule=None) -> list[tuple[str, str]]:
    actuals = (
        formats.date_format(date(plan.period.year, as_of, 1), "YEAR_MONTH_FORMAT")
        if as_of
        else _("No actuals entered yet for this period.")
    )
    facts = [
        (_("Region"), f"{plan.region.display_name} ({plan.region.code})"),
        (_("Period"), str(plan.period.year)),
        (_("Version"), str(plan.version)),
        (_("State"), str(plan.get_state_display())),
        (_("Actuals to"), actuals),
        (_("Exported"), formats.date_format(timezone.localdate())),
        (_("Currency unit"), _("CNY (元); achievement in percent")),
    ]
    if rule is not None:
        facts.insert(5, (_("Last year"), str(rule.label)))
    return facts


def _months() -> list[str]:
    return [str(month_label(month)) for month in MONTHS]


def pnl_workbook(plan: Plan, statement, *, as_of: int) -> bytes:
    """Each P&L line's plan row and actual row, months across, the year, variance, achievement."""
    plan_label, actual_label = _("Plan (计划)"), _("Actual (实际)")
    rows = []
    for line in statement:
        bold = line.kind != "item"
        plan_cells = [line.months[m].plan for m in MONTHS] + [line.total.plan]
        actual_cells = [line.months[m].actual for m in MONTHS] + [line.total.actual]
        rows.append(
            Row(
                [line.label, plan_label],
                [*plan_cells, line.total.variance, line.total.achievement],
                summary=bold,
            )
        )
        rows.append(Row([line.label, actual_label], [*actual_cells, None, None], summary=bold))
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("P&L")[:31]
    place = f"{plan.region.display_name} · {plan.period.year}"
    write_table(
        sheet,
        title=f"{_('Projected P&L (预期损益表)')} · {place}",
        facts=_facts(plan, as_of),
        lead=[_("Item"), ""],
        headings=[*_months(), _("Total (合计)"), _("Variance"), _("Achievement %")],
        formats=[MONEY] * 14 + [PERCENT],
        rows=rows,
    )
    return workbook_bytes(workbook)


def collections_workbook(plan: Plan, table, ageing, customers: dict, *, as_of: int) -> bytes:
    """The deck's collections plan (帐款回收规划表): each customer (bold, the sum of its products)
    above its products' rows (outlined) with their quantity, plan above actual; on a second
    sheet, the ageing."""
    plan_label, actual_label = _("Plan (计划)"), _("Actual (实收)")
    products = reports.product_labels()

    def rows_of(row, lead: list, summary: bool) -> list[Row]:
        return [
            Row(
                [*lead, plan_label],
                [
                    row.opening,
                    *(row.planned[m] for m in MONTHS),
                    row.planned_total,
                    row.year_end_plan,
                ],
                summary=summary,
            ),
            Row(
                [*lead, actual_label],
                [
                    row.opening,
                    *(row.collected[m] for m in MONTHS),
                    row.collected_total,
                    row.outstanding_now,
                ],
                summary=summary,
            ),
        ]

    def product_rows(detail, customer: str) -> list[Row]:
        label, unit = products.get(detail.product, (str(detail.product), ""))
        lead = [customer, label, f"{format_figure(detail.quantity, money=False)} {unit}".strip()]
        return [
            Row(
                [*lead, plan_label],
                [None, *(detail.planned[m] for m in MONTHS), detail.planned_total, None],
                outline=1,
            ),
            Row(
                [*lead, actual_label],
                [None, *(detail.collected[m] for m in MONTHS), detail.collected_total, None],
                outline=1,
            ),
        ]

    rows = []
    for row in table.rows:
        name = customers[row.customer].name
        rows += rows_of(row, [name, _("All products"), ""], True)
        for detail in table.details.get(row.customer, ()):
            rows += product_rows(detail, name)
    rows += rows_of(table.total, [_("Total (合计)"), "", ""], True)
    rows.append(
        Row(
            [_("Total (合计)"), "", "", _("Outstanding, plan")],
            [table.total.opening, *(table.total.outstanding_plan[m] for m in MONTHS), None, None],
            summary=True,
        )
    )
    rows.append(
        Row(
            [_("Total (合计)"), "", "", _("Outstanding, actual")],
            [
                table.total.opening,
                *(table.total.outstanding_actual[m] for m in MONTHS),
                None,
                None,
            ],
            summary=True,
        )
    )
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Collections")[:31]
    place = f"{plan.region.display_name} · {plan.period.year}"
    write_table(
        sheet,
        title=f"{_('Collections plan (帐款回收规划表)')} · {place}",
        facts=_facts(plan, as_of),
        lead=[_("Customer"), _("Product"), _("Quantity (数量)"), ""],
        headings=[
            _("Opening (期初)"),
            *_months(),
            _("Total (合计)"),
            _("Outstanding (总欠款)"),
        ],
        formats=[MONEY] * 15,
        rows=rows,
    )
    buckets = ("not_aged", "days_0_30", "days_31_60", "days_61_90", "over_90", "credit")
    aged_rows = [
        Row(
            [customers[row.customer].name],
            [*(getattr(row, name) for name in buckets), row.outstanding],
        )
        for row in ageing.rows
    ]
    total = ageing.total
    aged_rows.append(
        Row(
            [_("Total (合计)")],
            [*(getattr(total, name) for name in buckets), total.outstanding],
            summary=True,
        )
    )
    write_table(
        workbook.create_sheet(_("Ageing")[:31]),
        title=f"{_('Ageing')} · {place}",
        facts=_facts(plan, as_of),
        lead=[_("Customer")],
        headings=[
            _("Not aged (未分龄)"),
            _("0–30 days"),
            _("31–60 days"),
            _("61–90 days"),
            _("Over 90 days"),
            _("Credit"),
            _("Outstanding (总欠款)"),
        ],
        formats=[MONEY] * 7,
        rows=aged_rows,
    )
    return workbook_bytes(workbook)
