"""The projected P&L (预期损益表) as a statement: its lines in the deck's order, each with its
plan and actual by month and for the year. The page, the printed plan and the workbook all lay
out these lines; none of them adds a figure of its own."""

from dataclasses import dataclass
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from planning.numbers.grid_lines import format_figure
from planning.numbers.pnl import PlanActual, PnLRow, PnLTable
from salesplan.months import MONTHS
from salesplan.templatetags.salesplan import amount, figure

ITEM, SUBTOTAL, TOTAL = "item", "subtotal", "total"


@dataclass(frozen=True)
class StatementLine:
    label: str
    kind: str  # ITEM, SUBTOTAL or TOTAL
    months: dict[int, PlanActual]
    total: PlanActual


def _line(table: PnLTable, label: str, kind: str, pick) -> StatementLine:
    return StatementLine(
        label=label,
        kind=kind,
        months={row.month: pick(row) for row in table.rows},
        total=pick(table.total),
    )


def pnl_statement(table: PnLTable, products: dict, lines: dict) -> list[StatementLine]:
    """Income per product, income, cost of goods, gross profit, each expense line (the
    activities' budgets among them), expenses, and the expected profit or loss."""

    def income(product):
        return lambda row: row.income[product]

    def expense(line):
        return lambda row: row.expenses[line]

    def of(name: str):
        def pick(row: PnLRow) -> PlanActual:
            return getattr(row, name)

        return pick

    statement = [
        _line(table, products[product].display_name, ITEM, income(product))
        for product in table.products
    ]
    statement += [
        _line(table, _("Income (收入项)"), SUBTOTAL, of("income_total")),
        _line(table, _("Cost of goods (销货成本)"), ITEM, of("cogs")),
        _line(table, _("Gross profit (毛利)"), SUBTOTAL, of("gross_profit")),
    ]
    statement += [
        _line(table, lines[line].display_name, ITEM, expense(line)) for line in table.lines
    ]
    statement += [
        _line(table, _("Expenses (支出项)"), SUBTOTAL, of("expense_total")),
        _line(table, _("Expected profit or loss (预期盈亏)"), TOTAL, of("profit")),
    ]
    return statement


def summary_lines(statement: list[StatementLine], table: PnLTable) -> list[StatementLine]:
    """The statement's short form: income, cost of goods, gross profit, expenses, profit."""
    income_at = len(table.products)
    return [*statement[income_at : income_at + 3], *statement[-2:]]


@dataclass(frozen=True)
class CollectionLine:
    """A customer's (or the total's) rows of the collections plan, formatted once for the page
    and the print (a 300-customer plan shows 7,000 figures: no template filter per cell)."""

    label: str
    total: bool
    opening: str
    planned: str  # the months' cells, as HTML
    planned_total: str
    year_end_plan: str
    collected: str
    collected_total: str
    outstanding_now: str
    outstanding_plan: str | None = None  # the total's months, plan and actual
    outstanding_actual: str | None = None
    products: tuple["ProductLine", ...] = ()  # a customer's rows by product
    products_html: str = ""  # their table rows, built once

    @property
    def height(self) -> int:
        """Its rows in the table: plan and actual, for the customer and each product."""
        return 2 * (1 + len(self.products))


@dataclass(frozen=True)
class ProductLine:
    """A product's rows under its customer: the year's target quantity in the product's unit,
    each month's plan (计划) and actual (实收), formatted."""

    label: str
    quantity: str
    planned: str
    planned_total: str
    collected: str
    collected_total: str


@dataclass(frozen=True)
class AgeingLine:
    label: str
    cells: str  # not aged … credit, outstanding: formatted cells, as HTML
    over_90: bool


def cells_html(values) -> str:
    """Figure cells (already formatted: digits, commas, a dash) as table cells, escaped."""
    return mark_safe(  # noqa: S308 - every value is escaped here
        "".join(f'<td class="num">{escape(value)}</td>' for value in values)
    )


def collection_lines(
    table, names: dict, products: dict | None = None
) -> tuple[list[CollectionLine], CollectionLine]:
    """The collections table's customers (by name) with their products' rows, and its total,
    formatted; `products`: id → (label, unit) for the product rows."""
    products = products or {}

    # 300 customers' products are 3,600 rows of 26 figures, mostly the same few (0.00, "—"):
    # each figure's cell is made once.
    @lru_cache(maxsize=8192)
    def cell(value) -> str:
        return f'<td class="num">{escape(figure(value))}</td>'

    plan_label, actual_label = escape(_("Plan")), escape(_("Collected"))

    def product_line(detail) -> ProductLine:
        label, unit = products.get(detail.product, (str(detail.product), ""))
        return ProductLine(
            label=label,
            quantity=f"{format_figure(detail.quantity, money=False)} {unit}".strip(),
            planned="".join(cell(detail.planned[m]) for m in MONTHS),
            planned_total=figure(detail.planned_total),
            collected="".join(cell(detail.collected[m]) for m in MONTHS),
            collected_total=figure(detail.collected_total),
        )

    def product_rows(lines) -> str:
        """A customer's product rows (plan above actual) as the table's markup."""
        return mark_safe(  # noqa: S308 - every text is escaped, the cells by `cell`
            "".join(
                '<tr class="plan-row product-row">'
                f'<th scope="row" class="row-head product-name" rowspan="2">{escape(p.label)}</th>'
                f'<td class="num" rowspan="2">{escape(p.quantity)}</td>'
                f'<td class="small text-muted muted">{plan_label}</td>'
                f'<td class="num" rowspan="2"></td>{p.planned}'
                f'<td class="num">{escape(p.planned_total)}</td><td class="num" rowspan="2"></td>'
                '</tr>\n<tr class="actual-row product-row">'
                f'<td class="small text-muted muted">{actual_label}</td>{p.collected}'
                f'<td class="num">{escape(p.collected_total)}</td></tr>\n'
                for p in lines
            )
        )

    def line(row, label: str, total: bool) -> CollectionLine:
        details = () if total else table.details.get(row.customer, ())
        lines = tuple(product_line(detail) for detail in details)
        return CollectionLine(
            label=label,
            total=total,
            opening=amount(row.opening),
            planned=cells_html(amount(row.planned[m]) for m in MONTHS),
            planned_total=amount(row.planned_total),
            year_end_plan=amount(row.year_end_plan),
            collected=cells_html(figure(row.collected[m]) for m in MONTHS),
            collected_total=figure(row.collected_total),
            outstanding_now=amount(row.outstanding_now),
            outstanding_plan=(
                cells_html(amount(row.outstanding_plan[m]) for m in MONTHS) if total else None
            ),
            outstanding_actual=(
                cells_html(figure(row.outstanding_actual[m]) for m in MONTHS) if total else None
            ),
            products=lines,
            products_html=product_rows(lines),
        )

    rows = [line(row, str(names.get(row.customer, row.customer)), False) for row in table.rows]
    return rows, line(table.total, _("Total (合计)"), True)


AGEING_COLUMNS = ("not_aged", "days_0_30", "days_31_60", "days_61_90", "over_90", "credit")


def ageing_lines(ageing, names: dict) -> tuple[list[AgeingLine], AgeingLine]:
    """The ageing's customers and total, formatted once (the page and the print)."""

    def line(row, label: str) -> AgeingLine:
        values = [amount(getattr(row, name)) for name in AGEING_COLUMNS]
        cells = "".join(
            f'<td class="num{" negative" if name == "over_90" and row.over_90 else ""}">'
            f"{escape(value)}</td>"
            for name, value in zip(AGEING_COLUMNS, values, strict=True)
        )
        cells += f'<td class="num sub">{escape(amount(row.outstanding))}</td>'
        return AgeingLine(label=label, cells=mark_safe(cells), over_90=bool(row.over_90))  # noqa: S308

    rows = [line(row, str(names.get(row.customer, row.customer))) for row in ageing.rows]
    return rows, line(ageing.total, _("Total (合计)"))
