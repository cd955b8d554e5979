"""Spreadsheet imports: an uploaded file read into a plan of changes (cells added, changed,
unchanged, and errors by row and column), previewed, then applied all or nothing through
`saving.save_grids`. The preview's changes wait under MEDIA_ROOT/imports/<token>.json.
"""

import json
import re
import secrets
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from customers.models import Product
from planning.models import Plan
from planning.numbers import grids, saving
from planning.spreadsheets.cells import (
    CellRefused,
    Header,
    column_name,
    figure_from_cell,
    month_from_cell,
)
from planning.spreadsheets.layouts import Layout, PlanSheet, cell_text
from planning.spreadsheets.workbooks import MAX_ROWS, UploadRefused, read_rows, refuse

MAX_ERRORS_KEPT = 200
PENDING_MAX_AGE = 24 * 60 * 60  # seconds a previewed import waits for "Apply"
PENDING_DIR = "imports"

ADDED, CHANGED, UNCHANGED = "added", "changed", "unchanged"
CLEARED = "cleared"  # changed to 0: counted among the changed, and shown apart
# Past this many figures going to 0, applying takes a second, explicit confirmation.
CLEAR_CONFIRM_AFTER = 10

MESSAGES = {
    **grids.ERROR_MESSAGES,
    "formula": gettext_lazy("Formulas are not read: type or paste the value itself."),
}


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
        counts = {ADDED: 0, CHANGED: 0, UNCHANGED: 0, CLEARED: 0}
        for cell in self.cells:
            counts[cell.status] += 1
            if cell.status == CHANGED and not cell.new:
                counts[CLEARED] += 1
        return counts

    def changes(self) -> list[PlannedCell]:
        return [cell for cell in self.cells if cell.status != UNCHANGED]

    def preview(self, limit: int) -> list[dict]:
        """The first `limit` cells that would change, described for the preview page."""
        rows = []
        for cell in self.cells:
            if cell.status == UNCHANGED:
                continue
            if len(rows) == limit:
                break
            rows.append(
                {
                    "sheet_row": cell.sheet_row,
                    "what": cell.what,
                    "column": self.layout.column_label(cell.measure, cell.month),
                    "money": cell.measure == "amount",
                    "old": cell.old,
                    "new": cell.new,
                    "status": cell.status,
                    "cleared": cell.status == CHANGED and not cell.new,
                }
            )
        return rows

    def add_error(self, row: int, column: str, message) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append(SheetError(row, column, str(message)))


def read_import(
    layout: Layout, plan: Plan, *, name: str, data: bytes, blank_clears: bool = False
) -> ImportPlan:
    """Read an upload into a plan of changes against the current figures; writes nothing.

    A blank cell leaves its figure as it is (a template filled in for one customer changes that
    customer only); 0 clears a figure. With `blank_clears`, a blank cell clears it too.

    Raises UploadRefused for a file refused as a whole (size, zip bomb, macros, sheets,
    damage); cell problems are collected in the plan's errors, by row and column.
    """
    sheet_name, rows = read_rows(name=name, data=data, sheet=layout.sheet)
    try:  # closing the rows closes the workbook, however far they were read
        sheet = PlanSheet(layout, plan)
        result = ImportPlan(layout, sheet_name)
        first = next(rows, None)
        if first is None or first[0] != 1 or not any(cell_text(v) for v in first[1]):
            result.add_error(1, "", _("The first row must hold the column headings."))
            return result
        header = Header(layout, first[1], result.add_error)
        result.long = header.long
        if result.error_count:
            return result
        wanted = _read_cells(layout, sheet, header, rows, result, blank_clears=blank_clears)
    finally:
        rows.close()
    stored = sheet.stored()  # the counts are shown with the errors too, for what did read
    for key, cell in wanted.items():
        old, revision = stored.get(key, (None, 0))
        cell.old, cell.revision = old, revision
        if old is None:
            cell.status = ADDED if cell.new else UNCHANGED
        else:
            cell.status = UNCHANGED if old == cell.new else CHANGED
    result.cells = list(wanted.values())
    return result


def _read_cells(
    layout, sheet: PlanSheet, header: Header, rows, result: ImportPlan, *, blank_clears: bool
) -> dict:
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
        stray = [i for i in header.gaps if cell_text(values[i])]
        if any(values[header.width :]):
            tail = enumerate(values[header.width :], header.width)
            stray += [i for i, value in tail if cell_text(value)]
        for index in stray:
            result.add_error(number, column_name(index, ""), _("This column has no heading."))
        row_id, product_id, texts = _row_keys(sheet, header, values, number, result)
        if row_id is None:
            continue
        what = " · ".join(texts)
        if header.long:
            month = month_from_cell(values[header.month_index])
            if month is None or month not in layout.months:
                result.add_error(
                    number,
                    column_name(header.month_index, headings[header.month_index]),
                    _("Not a month of this grid."),
                )
                continue
            cells = [(i, column.key, month) for i, column in header.figures]
        else:
            cells = [(i, column.key, column.month) for i, column in header.figures]
        for index, measure, month in cells:
            if not blank_clears and not cell_text(values[index]):
                continue  # blank: the figure stays as it is
            try:
                value = figure_from_cell(values[index], allow_negative=negative[measure])
            except CellRefused as exc:
                result.add_error(number, column_name(index, headings[index]), MESSAGES[exc.code])
                continue
            key = (product_id, measure, row_id, month)
            if key in wanted:
                result.add_error(
                    number,
                    column_name(index, headings[index]),
                    _("The same cell is already given in row %(row)s.")
                    % {"row": wanted[key].sheet_row},
                )
                continue
            wanted[key] = PlannedCell(product_id, measure, row_id, month, value, number, what)
    return wanted


def _row_keys(sheet: PlanSheet, header: Header, values, number: int, result: ImportPlan):
    """(row id, product id, key texts) of a sheet row; row id None when a key is refused."""
    row_id, product_id, texts, refused = None, 0, [], False
    for index, column in header.keys:
        text = cell_text(values[index])
        texts.append(text)
        where = column_name(index, header.headings[index])
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
    return saving.save_grids(
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
        "counts": result.counts,
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
