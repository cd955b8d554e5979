"""Spreadsheet layouts of the month grids and their .xlsx/.csv export; imports of the same
layouts are `planning.spreadsheets.imports`' concern, reading files safely
`planning.spreadsheets.workbooks`'.

Layouts (one sheet, named after the kind; the CSV has the same columns; an export's headings
are in the interface's language, and on import either language, or both as "客户 Customer", is
accepted):

- targets: 客户 Customer, 产品代码 Product code, 一月 Jan … 十二月 Dec (quantities)
- collections / actual_collections: 客户 Customer, 产品代码 Product code, 一月 Jan … 十二月 Dec
  (amounts)
- opening_balances: 客户 Customer, 未分龄 Not aged, 去年一月 Last year Jan … 去年十二月 Last
  year Dec, 上年一月 … accepted too (amounts: what each customer owes as the year begins, by
  the month it was invoiced in)
- expenses / actual_expenses: 支出项代码 Line code, 一月 Jan … 十二月 Dec (amounts)
- actual_sales: 客户 Customer, 产品代码 Product code, 一月数量 Jan quantity … 十二月数量 Dec
  quantity, then 一月金额 Jan amount … 十二月金额 Dec amount

Every kind also imports the long layout, one row per cell: the key columns, 月份 Month (1-12;
0 is an opening balance's "not aged") and one column per measure (数量 Quantity / 金额 Amount). A
blank cell is zero; rows and columns missing from the file leave their cells as they are.
"""

import csv
import io
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

import openpyxl
from django.utils.translation import get_language, gettext_lazy
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from customers.models import Product
from planning.models import ExpenseLine, Plan
from planning.numbers import actual_grids, grids
from salesplan.exports import FORMULA_PREFIXES, neutralise

MONEY_FORMAT = "#,##0.00"
QUANTITY_FORMAT = "#,##0.##"

MONTH_NAMES = {
    month: (zh, en)
    for month, zh, en in zip(
        range(1, 13),
        ("一月", "二月", "三月", "四月", "五月", "六月")
        + ("七月", "八月", "九月", "十月", "十一月", "十二月"),
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
        strict=True,
    )
}
# The opening balances' columns: not aged, then the month of last year it was invoiced in.
OPENING_MONTH_NAMES = {
    0: ("未分龄", "Not aged"),
    **{month: (f"去年{zh}", f"Last year {en}") for month, (zh, en) in MONTH_NAMES.items()},
}
MEASURE_NAMES = {"quantity": ("数量", "Quantity"), "amount": ("金额", "Amount")}


def fold(text: str) -> str:
    """A heading or a code as compared on import: no case, width or space differences."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def cell_text(value) -> str:
    """A key or heading cell as text: stripped, without our neutralising apostrophe."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if text.startswith("'") and text[1:2] in FORMULA_PREFIXES:
        text = text[1:]  # our own neutralising apostrophe, on its way back
    return text


# Layouts


@dataclass(frozen=True)
class Column:
    zh: str
    en: str
    key: str  # "customer", "product", "line", "month", or the measure of a value column
    month: int | None = None
    aliases: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """The heading an export writes, in the interface's language."""
        return in_language(self.zh, self.en)

    def names(self) -> set[str]:
        both = f"{self.zh} {self.en}"
        return {fold(name) for name in (both, self.zh, self.en, *self.aliases)}


def in_language(zh: str, en: str) -> str:
    """The Chinese or the English of a heading, as the interface speaks."""
    return zh if (get_language() or "").startswith("zh") else en


KEY_COLUMNS = {
    "customer": Column("客户", "Customer", "customer"),
    "product": Column("产品代码", "Product code", "product", aliases=("产品", "Product")),
    "line": Column("支出项代码", "Line code", "line", aliases=("支出项", "Line")),
}
MONTH_COLUMN = Column("月份", "Month", "month")


def _make_targets(plan, product, measure):
    return grids.TargetsByProduct(plan, product)


def _make_actual_sales(plan, product, measure):
    return actual_grids.ActualSalesGrid(plan, product, measure)


def _make_collections(plan, product, measure):
    return grids.CollectionsGrid(plan, product)


def _make_actual_collections(plan, product, measure):
    return actual_grids.ActualCollectionsGrid(plan, product)


@dataclass(frozen=True)
class Layout:
    kind: str
    title: str
    grid_class: type[grids.Grid]
    dims: tuple[str, ...]
    measures: tuple[str, ...] = ("amount",)
    make: Callable[..., grids.Grid] | None = None  # (plan, product, measure) → its grid
    month_names: dict[int, tuple[str, str]] = field(default_factory=lambda: MONTH_NAMES)

    @property
    def sheet(self) -> str:
        return self.kind

    @property
    def months(self) -> tuple[int, ...]:
        return self.grid_class.months

    @property
    def plan_content(self) -> bool:
        return self.grid_class.is_plan_content

    def grid(self, plan: Plan, product: Product | None, measure: str) -> grids.Grid:
        if self.make is not None:
            return self.make(plan, product, measure)
        return self.grid_class(plan)

    def key_columns(self) -> list[Column]:
        return [KEY_COLUMNS[dim] for dim in self.dims]

    def column_label(self, measure: str, month: int) -> str:
        zh, en = self.month_names[month]
        if len(self.measures) == 1:
            return in_language(zh, en)
        zh_measure, en_measure = MEASURE_NAMES[measure]
        return in_language(f"{zh}{zh_measure}", f"{en} {en_measure.lower()}")

    def value_columns(self) -> list[Column]:
        """The wide layout's figure columns: each measure's months, left to right."""
        columns = []
        for measure in self.measures:
            zh_measure, en_measure = MEASURE_NAMES[measure]
            for month in self.months:
                zh, en = self.month_names[month]
                if len(self.measures) == 1:
                    # "上年一月 …": the opening balances' headings before they said 去年
                    aliases = (str(month), zh.replace("去年", "上年", 1))
                    columns.append(Column(zh, en, measure, month, aliases))
                else:
                    columns.append(
                        Column(f"{zh}{zh_measure}", f"{en} {en_measure.lower()}", measure, month)
                    )
        return columns

    def long_columns(self) -> list[Column]:
        return [MONTH_COLUMN] + [Column(*MEASURE_NAMES[m], m) for m in self.measures]

    @staticmethod
    def number_format(measure: str) -> str:
        return QUANTITY_FORMAT if measure == "quantity" else MONEY_FORMAT


LAYOUTS = {
    layout.kind: layout
    for layout in (
        Layout(
            "targets",
            gettext_lazy("Targets (销售预测与分解)"),
            grids.TargetsByProduct,
            ("customer", "product"),
            ("quantity",),
            _make_targets,
        ),
        Layout(
            "collections",
            gettext_lazy("Collections plan (帐款回收规划表)"),
            grids.CollectionsGrid,
            ("customer", "product"),
            make=_make_collections,
        ),
        Layout(
            "opening_balances",
            gettext_lazy("Opening balances by age (期初欠款)"),
            grids.OpeningBalanceGrid,
            ("customer",),
            month_names=OPENING_MONTH_NAMES,
        ),
        Layout("expenses", gettext_lazy("Expense budget"), grids.ExpenseBudgetGrid, ("line",)),
        Layout(
            "actual_sales",
            gettext_lazy("Actual sales"),
            actual_grids.ActualSalesGrid,
            ("customer", "product"),
            ("quantity", "amount"),
            _make_actual_sales,
        ),
        Layout(
            "actual_collections",
            gettext_lazy("Collected (实收)"),
            actual_grids.ActualCollectionsGrid,
            ("customer", "product"),
            make=_make_actual_collections,
        ),
        Layout(
            "actual_expenses",
            gettext_lazy("Actual expenses"),
            actual_grids.ActualExpensesGrid,
            ("line",),
        ),
    )
}


class PlanSheet:
    """One layout over one plan: its grids, and the names that identify their rows."""

    def __init__(self, layout: Layout, plan: Plan):
        self.layout, self.plan = layout, plan
        if "product" in layout.dims:
            products = Product.objects.all()
            if layout.plan_content:
                products = products.filter(active=True)
            self.products: list[Product | None] = list(products)
        else:
            self.products = [None]
        self.grids = {
            (product.pk if product else 0, measure): layout.grid(plan, product, measure)
            for product in self.products
            for measure in layout.measures
        }
        rows = next(iter(self.grids.values())).rows() if self.grids else []
        if layout.dims[0] == "line":
            lines = ExpenseLine.objects.filter(pk__in=[row.id for row in rows])
            codes = dict(lines.values_list("pk", "code"))
            self.rows = [(row.id, codes[row.id]) for row in rows]
        else:
            self.rows = [(row.id, row.label) for row in rows]
        self._row_ids = {text.strip(): row_id for row_id, text in self.rows}
        self._row_ids_folded = {fold(text): row_id for row_id, text in self.rows}
        self._product_ids = {fold(p.code): p.pk for p in self.products if p is not None}
        self._seen: dict[tuple[str, str], int | None] = {}

    def find(self, key: str, text: str) -> int | None:
        """The id of the product (by code) or row (customer name, line code) that `text` names."""
        if (key, text) not in self._seen:
            if key == "product":
                found = self._product_ids.get(fold(text))
            else:
                found = self._row_ids.get(text) or self._row_ids_folded.get(fold(text))
            self._seen[(key, text)] = found
        return self._seen[(key, text)]

    def stored(self) -> dict[tuple, tuple[Decimal, int]]:
        """(product id or 0, measure, row, month) → (value, revision) of the stored cells."""
        return {
            (product_id, measure, row, month): value_revision
            for (product_id, measure), grid in self.grids.items()
            for (row, month), value_revision in grid.cells().items()
        }

    def lines(self, *, empty: bool = False) -> Iterator[tuple[list[str], list[Decimal | None]]]:
        """The wide layout's rows: key texts and figures (None where nothing is stored)."""
        stored = {} if empty else self.stored()
        for row_id, text in self.rows:
            for product in self.products:
                product_id = product.pk if product else 0
                keys = [text, product.code] if product else [text]
                values = [
                    stored.get((product_id, measure, row_id, month), (None, 0))[0]
                    for measure in self.layout.measures
                    for month in self.layout.months
                ]
                yield keys, values


# Export


# The workbook's second sheet: what a blank, a 0 and each column mean, in the interface's
# language. Imports skip it by any of its names (the bilingual one of older exports too).
INSTRUCTIONS_SHEET = ("说明", "Instructions")
INSTRUCTIONS_SHEET_NAMES = {"说明", "instructions", "说明 instructions"}
INSTRUCTIONS = (
    ("如何填写", "How to fill this in"),
    (
        "空白单元格：导入时保持该数字不变。",
        "A blank cell: the import leaves that figure as it is.",
    ),
    ("0：清除该数字。", "0: clears that figure."),
    (
        "只填写要修改的单元格即可；表中未列出的客户或月份不受影响。",
        "Fill in only the cells to change; customers and months left blank are not touched.",
    ),
    (
        "数量按产品的单位填写（整数计量的产品只接受整数）；金额由数量 × 客户价格计算，不必填写。",
        "Quantities are in each product's unit (whole-unit products take whole numbers); "
        "amounts are quantity × the customer's price, computed.",
    ),
    (
        "导入前会显示将要新增、修改和清除的单元格，确认后才保存。",
        "Before anything is saved, the import shows the cells it would add, change and clear.",
    ),
)


def export_xlsx(layout: Layout, plan: Plan, *, empty: bool = False) -> bytes:
    """The grid as a one-sheet workbook; `empty` gives the template (rows, no figures)."""
    sheet = PlanSheet(layout, plan)
    workbook = openpyxl.Workbook(write_only=True)
    worksheet = workbook.create_sheet(layout.sheet)
    keys, values = layout.key_columns(), layout.value_columns()
    worksheet.freeze_panes = f"{get_column_letter(len(keys) + 1)}2"
    for index in range(1, len(keys) + 1):
        worksheet.column_dimensions[get_column_letter(index)].width = 22
    for index in range(len(keys) + 1, len(keys) + len(values) + 1):
        worksheet.column_dimensions[get_column_letter(index)].width = 14
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="E9EEF5")
    header = []
    for column in keys + values:
        cell = WriteOnlyCell(worksheet, value=neutralise(column.label))
        cell.font, cell.fill = bold, fill
        header.append(cell)
    worksheet.append(header)
    formats = [layout.number_format(column.key) for column in values]
    for texts, figures in sheet.lines(empty=empty):
        row = [WriteOnlyCell(worksheet, value=neutralise(text)) for text in texts]
        for figure, number_format in zip(figures, formats, strict=True):
            # openpyxl writes numbers as "%.16g" of the float: exact for two places below 10^12.
            cell = WriteOnlyCell(worksheet, value=figure)
            cell.number_format = number_format
            row.append(cell)
        worksheet.append(row)
    notes = workbook.create_sheet(in_language(*INSTRUCTIONS_SHEET))
    notes.column_dimensions["A"].width = 90
    for index, (chinese, english) in enumerate(INSTRUCTIONS):
        cell = WriteOnlyCell(notes, value=in_language(chinese, english))
        if index == 0:
            cell.font = bold
        notes.append([cell])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _csv_figure(value: Decimal | None, measure: str) -> str:
    if value is None:
        return ""
    text = f"{value:.2f}"
    if measure == "quantity" and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def export_csv(layout: Layout, plan: Plan, *, empty: bool = False) -> bytes:
    """The same layout as CSV, UTF-8 with a byte-order mark so that Excel reads the Chinese."""
    sheet = PlanSheet(layout, plan)
    values = layout.value_columns()
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([neutralise(column.label) for column in layout.key_columns() + values])
    measures = [column.key for column in values]
    for texts, figures in sheet.lines(empty=empty):
        writer.writerow(
            [neutralise(text) for text in texts]
            + [_csv_figure(v, m) for v, m in zip(figures, measures, strict=True)]
        )
    return out.getvalue().encode("utf-8")
