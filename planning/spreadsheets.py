"""Spreadsheet layouts of the month grids: .xlsx/.csv export, and imports read into a plan of
changes that is previewed first, then applied all or nothing (`grids.save_cells_in_bulk`).

Layouts (one sheet, named after the kind; the CSV has the same columns; headings are bilingual
and either half alone is accepted on import):

- targets: 客户 Customer, 产品代码 Product code, 一月 Jan … 十二月 Dec (quantities)
- collections: 客户 Customer, 期初欠款 Opening balance, 一月 Jan … 十二月 Dec (amounts)
- expenses / actual_expenses: 支出项代码 Line code, 一月 Jan … 十二月 Dec (amounts)
- actual_sales: 客户 Customer, 产品代码 Product code, 一月数量 Jan quantity … 十二月数量 Dec
  quantity, then 一月金额 Jan amount … 十二月金额 Dec amount
- actual_collections: 客户 Customer, 一月 Jan … 十二月 Dec (amounts)

Every kind also imports the long layout, one row per cell: the key columns, 月份 Month (1-12; 0
is the opening balance) and one column per measure (数量 Quantity / 金额 Amount). A blank cell
is zero; rows and columns missing from the file leave their cells as they are. Reading the
file safely is `planning.workbooks`' concern.
"""

import csv
import io
import json
import math
import re
import secrets
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

import openpyxl
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from customers.models import Product
from planning import grids
from planning.models import ExpenseLine, Plan
from planning.workbooks import MAX_ROWS, UploadRefused, read_rows, refuse
from salesplan.money import AmountError, parse_amount

MAX_ERRORS_KEPT = 200
PENDING_MAX_AGE = 24 * 60 * 60  # seconds a previewed import waits for "Apply"
PENDING_DIR = "imports"

MONEY_FORMAT = "#,##0.00"
QUANTITY_FORMAT = "#,##0.##"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

ADDED, CHANGED, UNCHANGED = "added", "changed", "unchanged"

MONTH_NAMES = {
    0: ("期初欠款", "Opening balance"),
    **{
        month: (zh, en)
        for month, zh, en in zip(
            range(1, 13),
            ("一月", "二月", "三月", "四月", "五月", "六月")
            + ("七月", "八月", "九月", "十月", "十一月", "十二月"),
            ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
            strict=True,
        )
    },
}
MEASURE_NAMES = {"quantity": ("数量", "Quantity"), "amount": ("金额", "Amount")}

MESSAGES = {
    **grids.ERROR_MESSAGES,
    "formula": gettext_lazy("Formulas are not read: type or paste the value itself."),
}


def neutralise(value):
    """Text that a spreadsheet would run as a formula is prefixed with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _fold(text: str) -> str:
    """A heading or a code as compared on import: no case, width or space differences."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def _text(value) -> str:
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
        return f"{self.zh} {self.en}"

    def names(self) -> set[str]:
        return {_fold(name) for name in (self.label, self.zh, self.en, *self.aliases)}


KEY_COLUMNS = {
    "customer": Column("客户", "Customer", "customer"),
    "product": Column("产品代码", "Product code", "product", aliases=("产品", "Product")),
    "line": Column("支出项代码", "Line code", "line", aliases=("支出项", "Line")),
}
MONTH_COLUMN = Column("月份", "Month", "month")


def _make_targets(plan, product, measure):
    return grids.TargetsByProduct(plan, product)


def _make_actual_sales(plan, product, measure):
    return grids.ActualSalesGrid(plan, product, measure)


@dataclass(frozen=True)
class Layout:
    kind: str
    title: str
    grid_class: type[grids.Grid]
    dims: tuple[str, ...]
    measures: tuple[str, ...] = ("amount",)
    make: Callable[..., grids.Grid] | None = None  # (plan, product, measure) → its grid

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

    def value_columns(self) -> list[Column]:
        """The wide layout's figure columns: each measure's months, left to right."""
        columns = []
        for measure in self.measures:
            zh_measure, en_measure = MEASURE_NAMES[measure]
            for month in self.months:
                zh, en = MONTH_NAMES[month]
                if len(self.measures) == 1:
                    aliases = (str(month),) if month else ("期初", "Opening")
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
            ("customer",),
        ),
        Layout("expenses", gettext_lazy("Expense budget"), grids.ExpenseBudgetGrid, ("line",)),
        Layout(
            "actual_sales",
            gettext_lazy("Actual sales"),
            grids.ActualSalesGrid,
            ("customer", "product"),
            ("quantity", "amount"),
            _make_actual_sales,
        ),
        Layout(
            "actual_collections",
            gettext_lazy("Collected (实收)"),
            grids.ActualCollectionsGrid,
            ("customer",),
        ),
        Layout(
            "actual_expenses", gettext_lazy("Actual expenses"), grids.ActualExpensesGrid, ("line",)
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
        self._row_ids_folded = {_fold(text): row_id for row_id, text in self.rows}
        self._product_ids = {_fold(p.code): p.pk for p in self.products if p is not None}
        self._seen: dict[tuple[str, str], int | None] = {}

    def find(self, key: str, text: str) -> int | None:
        """The id of the product (by code) or row (customer name, line code) that `text` names."""
        if (key, text) not in self._seen:
            if key == "product":
                found = self._product_ids.get(_fold(text))
            else:
                found = self._row_ids.get(text) or self._row_ids_folded.get(_fold(text))
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


# The plan of changes


@dataclass(frozen=True, slots=True)
class SheetError:
    row: int
    column: str  # "C · 一月 Jan": the column's letter and heading
    message: str


@dataclass(slots=True)
class PlannedCell:
    product: int  # product id, 0 for grids without products
    measure: str
    row: int  # the grid's row id: customer or expense line
    month: int
    new: Decimal
    sheet_row: int
    what: str  # the row's key texts, "朗通 · A"
    old: Decimal | None = None
    revision: int = 0
    status: str = UNCHANGED


@dataclass
class ImportPlan:
    layout: Layout
    sheet: str
    long: bool = False
    rows_read: int = 0
    cells: list[PlannedCell] = field(default_factory=list)
    errors: list[SheetError] = field(default_factory=list)
    error_count: int = 0

    @property
    def ok(self) -> bool:
        return not self.error_count

    @property
    def counts(self) -> dict[str, int]:
        counts = {ADDED: 0, CHANGED: 0, UNCHANGED: 0}
        for cell in self.cells:
            counts[cell.status] += 1
        return counts

    def changes(self) -> list[PlannedCell]:
        return [cell for cell in self.cells if cell.status != UNCHANGED]

    def add_error(self, row: int, column: str, message) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append(SheetError(row, column, str(message)))


class _CellRefused(Exception):
    def __init__(self, code: str):
        self.code = code


def figure_from_cell(value, *, allow_negative: bool) -> Decimal:
    """A figure from a spreadsheet cell, by the rules of typed input; blank is zero.

    Excel's numbers arrive as int or float: a float becomes the Decimal of its shortest repr,
    which is the number as written for anything with two places below 10^12.
    """
    if value is None:
        text = ""
    elif isinstance(value, bool):
        raise _CellRefused("invalid")
    elif isinstance(value, int):
        text = str(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise _CellRefused("invalid")
        text = format(Decimal(repr(value)), "f")
    elif isinstance(value, str):
        text = value
        if text.lstrip().startswith("="):
            raise _CellRefused("formula")
    else:  # dates and times
        raise _CellRefused("invalid")
    try:
        return parse_amount(text, allow_negative=allow_negative)
    except AmountError as exc:
        raise _CellRefused(exc.code) from None


MONTHS_BY_NAME = {
    name: month
    for month, (zh, en) in MONTH_NAMES.items()
    for name in (str(month), f"{month:02d}", _fold(zh), _fold(en))
}


def _month_from_cell(value) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value if value in MONTH_NAMES else None
    return MONTHS_BY_NAME.get(_fold(_text(value)))


def _column_name(index: int, heading: str) -> str:
    letter = get_column_letter(index + 1)
    return f"{letter} · {heading}" if heading else letter


class _Header:
    """Which column holds what, read from the heading row."""

    def __init__(self, layout: Layout, values, result: ImportPlan):
        wide = layout.key_columns() + layout.value_columns()
        wide = {name: column for column in wide for name in column.names()}
        long = {name: column for column in layout.long_columns() for name in column.names()}
        self.headings = [_text(value) for value in values]
        self.columns: dict[int, Column] = {}
        for index, heading in enumerate(self.headings):
            if not heading:
                continue
            column = wide.get(_fold(heading)) or long.get(_fold(heading))
            if column is None:
                result.add_error(1, _column_name(index, heading), _("Unknown column heading."))
            elif column in self.columns.values():
                result.add_error(1, _column_name(index, heading), _("This column is repeated."))
            else:
                self.columns[index] = column
        found = set(self.columns.values())
        self.long = MONTH_COLUMN in found
        for column in layout.key_columns():
            if column not in found:
                result.add_error(1, column.label, _("This column is missing."))
        mode = set(layout.long_columns()) if self.long else set(layout.value_columns())
        for index, column in self.columns.items():
            if column.key not in layout.dims and column not in mode:
                result.add_error(
                    1,
                    _column_name(index, self.headings[index]),
                    _("Month columns and a “Month” column cannot be mixed: use one layout."),
                )
        if not found & (mode - {MONTH_COLUMN}):
            result.add_error(1, "", _("No column of figures was found in the first row."))
        self.keys = [(i, c) for i, c in self.columns.items() if c.key in layout.dims]
        self.month_index = next((i for i, c in self.columns.items() if c == MONTH_COLUMN), None)
        self.figures = [
            (i, c)
            for i, c in self.columns.items()
            if c.key not in layout.dims and c != MONTH_COLUMN
        ]
        self.width = max(self.columns, default=-1) + 1
        self.gaps = [i for i in range(self.width) if i not in self.columns]


def read_import(layout: Layout, plan: Plan, *, name: str, data: bytes) -> ImportPlan:
    """Read an upload into a plan of changes against the current figures; writes nothing.

    Raises UploadRefused for a file refused as a whole (size, zip bomb, macros, sheets,
    damage); cell problems are collected in the plan's errors, by row and column.
    """
    sheet_name, rows = read_rows(name=name, data=data, sheet=layout.sheet)
    sheet = PlanSheet(layout, plan)
    result = ImportPlan(layout, sheet_name)
    first = next(rows, None)
    if first is None or first[0] != 1 or not any(_text(v) for v in first[1]):
        result.add_error(1, "", _("The first row must hold the column headings."))
        return result
    header = _Header(layout, first[1], result)
    result.long = header.long
    if result.error_count:
        return result
    wanted = _read_cells(layout, sheet, header, rows, result)
    if result.error_count:
        return result
    stored = sheet.stored()
    for key, cell in wanted.items():
        old, revision = stored.get(key, (None, 0))
        cell.old, cell.revision = old, revision
        if old is None:
            cell.status = ADDED if cell.new else UNCHANGED
        else:
            cell.status = UNCHANGED if old == cell.new else CHANGED
    result.cells = list(wanted.values())
    return result


def _read_cells(layout, sheet: PlanSheet, header: _Header, rows, result: ImportPlan) -> dict:
    wanted: dict[tuple, PlannedCell] = {}
    negative = {m: layout.grid_class.allow_negative for m in layout.measures}
    negative.update({m: grid.allow_negative for (_p, m), grid in sheet.grids.items()})
    headings = header.headings
    for number, values in rows:
        # any() runs in C; only rows it finds empty-looking (None, "", 0) are looked at closely
        if not any(values) and all(v is None or v == "" for v in values):
            continue
        result.rows_read += 1
        if result.rows_read > MAX_ROWS:
            raise refuse("too_many_rows", limit=f"{MAX_ROWS:,}")
        values = tuple(values) + (None,) * (header.width - len(values))
        stray = [i for i in header.gaps if _text(values[i])]
        if any(values[header.width :]):
            tail = enumerate(values[header.width :], header.width)
            stray += [i for i, value in tail if _text(value)]
        for index in stray:
            result.add_error(number, _column_name(index, ""), _("This column has no heading."))
        row_id, product_id, texts = _row_keys(sheet, header, values, number, result)
        if row_id is None:
            continue
        what = " · ".join(texts)
        if header.long:
            month = _month_from_cell(values[header.month_index])
            if month is None or month not in layout.months:
                result.add_error(
                    number,
                    _column_name(header.month_index, headings[header.month_index]),
                    _("Not a month of this grid."),
                )
                continue
            cells = [(i, column.key, month) for i, column in header.figures]
        else:
            cells = [(i, column.key, column.month) for i, column in header.figures]
        for index, measure, month in cells:
            try:
                value = figure_from_cell(values[index], allow_negative=negative[measure])
            except _CellRefused as exc:
                result.add_error(number, _column_name(index, headings[index]), MESSAGES[exc.code])
                continue
            key = (product_id, measure, row_id, month)
            if key in wanted:
                result.add_error(
                    number,
                    _column_name(index, headings[index]),
                    _("The same cell is already given in row %(row)s.")
                    % {"row": wanted[key].sheet_row},
                )
                continue
            wanted[key] = PlannedCell(product_id, measure, row_id, month, value, number, what)
    return wanted


def _row_keys(sheet: PlanSheet, header: _Header, values, number: int, result: ImportPlan):
    """(row id, product id, key texts) of a sheet row; row id None when a key is refused."""
    row_id, product_id, texts, refused = None, 0, [], False
    for index, column in header.keys:
        text = _text(values[index])
        texts.append(text)
        where = _column_name(index, header.headings[index])
        if not text:
            result.add_error(number, where, _("This cell must not be blank."))
            refused = True
        elif column.key == "product":
            product_id = sheet.find("product", text)
            if product_id is None:
                message = _("Unknown product code “%(code)s”.") % {"code": text}
                result.add_error(number, where, message)
                refused = True
        else:
            row_id = sheet.find(column.key, text)
            if row_id is None:
                message = (
                    _("Unknown expense line “%(name)s”.")
                    if column.key == "line"
                    else _("“%(name)s” is not a customer of this region.")
                )
                result.add_error(number, where, message % {"name": text})
                refused = True
    return (None if refused else row_id), product_id, texts


# Applying


def import_apply(*, layout: Layout, plan: Plan, user, cells: Iterable) -> grids.SaveResult:
    """Write previewed cells (product, measure, row, month, value, revision), all or nothing.

    The revisions are those the preview read: a cell changed since then is a conflict, and a
    conflict, a refused value or a refused write anywhere leaves every figure as it was.
    """
    batches: dict[tuple[int, str], list[grids.CellChange]] = {}
    for product_id, measure, row, month, value, revision in cells:
        batches.setdefault((product_id, measure), []).append(
            grids.CellChange(row, month, value, revision)
        )
    products = Product.objects.in_bulk([product_id for product_id, _m in batches if product_id])
    if any(product_id and product_id not in products for product_id, _m in batches):
        raise UploadRefused(_("A product of this file no longer exists: upload it again."))
    return grids.save_cells_in_bulk(
        user=user,
        batches=[
            (layout.grid(plan, products.get(product_id), measure), changes)
            for (product_id, measure), changes in batches.items()
        ],
    )


# Previews waiting for "Apply": their changes, stored under MEDIA_ROOT/imports/<token>.json

TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def stash(result: ImportPlan, *, plan: Plan, user) -> str:
    """Store the changes of a previewed import; the token names them in the user's session."""
    sweep_pending()
    token = secrets.token_urlsafe(24)
    payload = {
        "kind": result.layout.kind,
        "plan": plan.pk,
        "user": user.pk,
        "cells": [
            [c.product, c.measure, c.row, c.month, str(c.new), c.revision] for c in result.changes()
        ],
    }
    content = ContentFile(json.dumps(payload).encode())
    default_storage.save(f"{PENDING_DIR}/{token}.json", content)
    return token


def unstash(token: str) -> dict | None:
    if not TOKEN_PATTERN.match(token or ""):
        return None
    path = f"{PENDING_DIR}/{token}.json"
    try:
        with default_storage.open(path) as handle:
            return json.loads(handle.read())
    except (OSError, ValueError):
        return None


def discard(token: str) -> None:
    if TOKEN_PATTERN.match(token or ""):
        default_storage.delete(f"{PENDING_DIR}/{token}.json")


def sweep_pending(now: float | None = None) -> None:
    """Delete previews older than a day that were never applied."""
    now = time.time() if now is None else now
    try:
        _dirs, files = default_storage.listdir(PENDING_DIR)
    except FileNotFoundError:
        return
    for name in files:
        path = f"{PENDING_DIR}/{name}"
        try:
            if now - default_storage.get_modified_time(path).timestamp() > PENDING_MAX_AGE:
                default_storage.delete(path)
        except OSError:
            continue
