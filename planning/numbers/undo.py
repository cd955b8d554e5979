"""Undo and redo of a person's figure changes in a plan: typed cells, pastes, fills, imports.

A save writes all its history rows at one moment (`saving.save_grids`), so the history holds
each save whole. Undoing a save writes every cell of it back to the value it had just before,
through the one write path, all or nothing, and against the revision the save left: a cell
someone else changed since refuses the whole undo, with the reason. An undo is itself a change,
with its history rows (reason "undo"); a redo undoes an undo (reason "redo").

The person's stacks are read back from the history in order: a save pushes onto the undo stack;
an undo pops it and pushes itself onto the redo stack; a redo pops that and pushes itself onto
the undo stack (undoing it again takes the redo back); a new save empties the redo stack — as
in a spreadsheet. What is undone is always the group of history rows that last wrote the cells,
so its revisions are the ones to check. The stacks hold across pages and sessions.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count
from django.utils.translation import gettext as _

from customers.models import Product
from planning.models import Plan
from planning.numbers import actual_grids, grids
from planning.numbers.history import (
    FIGURE_SOURCES,
    FigureSource,
    latest_per_cell,
    values_before,
)
from planning.numbers.saving import REDO, UNDO, save_grids

ZERO = Decimal(0)


class NothingToUndo(Exception):
    pass


@dataclass(frozen=True)
class Save:
    source: FigureSource
    when: object
    reason: str
    cells: int

    @property
    def label(self) -> str:
        return _("%(count)s cells of %(grid)s") % {"count": self.cells, "grid": self.source.title}


def stacks(plan: Plan, user) -> tuple[list[Save], list[Save]]:
    """The person's undo and redo stacks for the plan, most recent last."""
    saves = []
    for source in FIGURE_SOURCES:
        records = source.model.history.filter(history_user=user, **source.scope(plan))
        groups = records.values("history_date", "history_change_reason").annotate(
            cells=Count("history_id")
        )
        for row in groups:
            saves.append(
                Save(source, row["history_date"], row["history_change_reason"], row["cells"])
            )
    saves.sort(key=lambda save: save.when)
    done: list[Save] = []
    undone: list[Save] = []
    for save in saves:
        if save.reason == UNDO and done:
            done.pop()
            undone.append(save)
        elif save.reason == REDO and undone:
            undone.pop()
            done.append(save)
        elif save.reason not in (UNDO, REDO):
            done.append(save)
            undone.clear()
    return done, undone


def undo(plan: Plan, user) -> grids.SaveResult:
    done, _undone = stacks(plan, user)
    if not done:
        raise NothingToUndo(_("There is nothing of yours to undo in this plan."))
    return _revert(plan, user, done[-1], UNDO)


def redo(plan: Plan, user) -> grids.SaveResult:
    _done, undone = stacks(plan, user)
    if not undone:
        raise NothingToUndo(_("There is nothing to redo."))
    return _revert(plan, user, undone[-1], REDO)  # the undo, taken back


def _revert(plan: Plan, user, save: Save, reason: str) -> grids.SaveResult:
    """Write every cell of `save` back to its value just before it, all or nothing."""
    source = save.source
    records = list(
        source.model.history.filter(history_user=user, history_date=save.when, **source.scope(plan))
    )
    before = values_before(source, records, save.when)
    # The revision each cell should have now: the one this person's latest change of it left
    # (this save, or an undo or redo of a later one). Someone else's change since moves it on,
    # and the write path refuses the undo.
    mine_since = source.model.history.filter(
        id__in={r.id for r in records}, history_user=user, history_date__gte=save.when
    )
    expected = {pk: record.revision for pk, record in latest_per_cell(mine_since).items()}
    batches: dict[tuple, list[grids.CellChange]] = {}
    for record in records:
        previous = before.get(record.id)
        for value_field in source.values:
            value = getattr(previous, value_field) if previous is not None else ZERO
            grid_key = _grid_key(source, record, value_field)
            row = getattr(record, f"{grid_key[1]}_id")
            batches.setdefault(grid_key, []).append(
                grids.CellChange(row, record.month, str(value), expected[record.id])
            )
    return save_grids(
        user=user,
        batches=[(_grid(plan, key), changes) for key, changes in batches.items()],
        reason=reason,
    )


def _grid_key(source: FigureSource, record, value_field: str) -> tuple:
    """Which grid writes this record's value: (kind, row field, product id, measure)."""
    if source.key == "targets":
        return ("targets", "customer", record.product_id, "quantity")
    if source.key == "actual_sales":
        return ("actual_sales", "customer", record.product_id, value_field)
    if source.key in ("collections", "actual_collections"):
        return (source.key, "customer", record.product_id, value_field)
    return (source.key, source.rows[0], None, value_field)


def _grid(plan: Plan, key: tuple) -> grids.Grid:
    kind, _row, product_id, measure = key
    product = Product.objects.get(pk=product_id) if product_id else None
    return {
        "targets": lambda: grids.TargetsByProduct(plan, product),
        "collections": lambda: grids.CollectionsGrid(plan, product),
        "opening_balances": lambda: grids.OpeningBalanceGrid(plan),
        "expenses": lambda: grids.ExpenseBudgetGrid(plan),
        "actual_sales": lambda: actual_grids.ActualSalesGrid(plan, product, measure),
        "actual_collections": lambda: actual_grids.ActualCollectionsGrid(plan, product),
        "actual_expenses": lambda: actual_grids.ActualExpensesGrid(plan),
    }[kind]()
