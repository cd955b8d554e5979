"""The one write path of every figure: bounds, the right to write, revisions, history.

The grid page, the fill tools, spreadsheet imports, undo, repricing and the demo data all save
through `save_grids` (`save_cells` for one grid). A cell whose revision moved on since the user
read it is a conflict, reported with what is stored now; nothing is ever overwritten unseen.
"""

from collections.abc import Iterable
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from planning.numbers.grids import ERROR_MESSAGES, CellChange, CellOutcome, Grid, SaveResult
from salesplan.money import AmountError, parse_amount

# Through what a figure changed, recorded as each history row's change reason.
TYPED, FILLED, IMPORTED, DEMO, UNDO, REDO = "grid", "fill", "import", "demo", "undo", "redo"
REPRICED = "reprice"  # an amount derived again at the price now in force, the quantity as it was


def save_cells(grid: Grid, *, user, changes: list[CellChange], reason: str = TYPED) -> SaveResult:
    """Save typed cells of one grid (the grid page). A cell in conflict is refused and reported
    with the current value; every other cell is saved."""
    return save_grids(user=user, batches=[(grid, changes)], all_or_nothing=False, reason=reason)


def save_grids(
    *,
    user,
    batches: Iterable[tuple[Grid, list[CellChange]]],
    all_or_nothing: bool = True,
    reason: str = IMPORTED,
    rederive: bool = False,
) -> SaveResult:
    """Save cells of several grids in one transaction (a spreadsheet import).

    A refused value anywhere refuses every cell. With `all_or_nothing`, a conflict anywhere
    leaves every grid as it was too. A grid may write a row that an earlier grid of the same
    call wrote (actual sales: quantity, then amount): that row is compared with the revision
    it had before the call.

    With `rederive` (repricing), each cell is sent with the value it holds and its revision; its
    computed fields (`Grid.derive`) are set again, and the cells they changed are written, with
    a raised revision and a history row each. A cell that is empty or holds another value now is
    a conflict. The right to write is then `Grid.check_rederivable`.
    """
    result = SaveResult()
    parsed = []
    for grid, changes in batches:
        checked = parse_changes(grid, changes)
        result.errors.extend(checked.errors)
        parsed.append((grid, checked.saved))
    if result.errors:
        for _grid, outcomes in parsed:
            for outcome in outcomes:
                outcome.error = _("Not saved: another cell of this block is wrong.")
                outcome.blocked = True
            result.errors.extend(outcomes)
        return result
    # One moment for every history row of the call: they are one change.
    when = timezone.now()
    # request.user is a lazy proxy: simple-history hands it to every history row's user field,
    # whose checks then go through the proxy tens of thousands of times in an import.
    user = get_user_model().objects.get(pk=user.pk) if user is not None else None
    with transaction.atomic():
        before: dict[tuple[type, int], int] = {}
        for grid, outcomes in parsed:
            if rederive:
                grid.check_rederivable(user)
            else:
                grid.check_writable(user)
            _write_cells(
                grid,
                outcomes,
                user=user,
                when=when,
                before=before,
                result=result,
                reason=reason,
                rederive=rederive,
            )
        if all_or_nothing and result.conflicts:
            transaction.set_rollback(True)
            result.saved = []
    return result


def parse_changes(grid: Grid, changes: Iterable[CellChange]) -> SaveResult:
    """Check every typed value against the grid's rows, months and bounds."""
    allowed_rows = {row.id for row in grid.rows()}
    result = SaveResult()
    for change in changes:
        outcome = CellOutcome(change.row, change.month, change.raw, revision=change.revision)
        if change.row not in allowed_rows or change.month not in grid.months:
            outcome.error = str(ERROR_MESSAGES["unknown_cell"])
            result.errors.append(outcome)
            continue
        try:
            outcome.value = parse_amount(change.raw, allow_negative=grid.allow_negative)
            grid.check_value(change.row, change.month, outcome.value)
        except AmountError as exc:
            outcome.error = str(ERROR_MESSAGES[exc.code])
            result.errors.append(outcome)
            continue
        result.saved.append(outcome)
    return result


def _write_cells(
    grid: Grid,
    outcomes,
    *,
    user,
    when,
    before: dict,
    result: SaveResult,
    reason: str,
    rederive: bool = False,
) -> None:
    """One grid's part of `save_grids`: compare revisions under lock, then write and record."""
    model, value_field, row_key = grid.model, grid.value_field, grid.row_key
    # A cell sent twice in one save is written once, with the value sent last.
    outcomes = list({(o.row, o.month): o for o in outcomes}.values())
    rows = {outcome.row for outcome in outcomes}
    months = {outcome.month for outcome in outcomes}
    # Locked until the transaction ends: no one writes these rows between the check and the write.
    existing = {
        (getattr(obj, row_key), obj.month): obj
        for obj in grid.queryset()
        .select_for_update()
        .filter(**{f"{row_key}__in": rows, "month__in": months})
    }
    to_create, to_update, changed = [], [], {value_field, "revision"}
    for outcome in outcomes:
        obj = existing.get((outcome.row, outcome.month))
        current = 0 if obj is None else before.get((model, obj.pk), obj.revision)
        moved = rederive and (obj is None or getattr(obj, value_field) != outcome.value)
        if outcome.revision != current or moved:
            _refuse(outcome, obj, grid, current)
            result.conflicts.append(outcome)
            continue
        if rederive:
            derived = _derived_again(grid, obj)
            if derived:
                before.setdefault((model, obj.pk), obj.revision)
                obj.revision += 1
                to_update.append(obj)
                changed.update(derived)
            outcome.revision = obj.revision
            result.saved.append(outcome)
            continue
        if obj is None:
            if not outcome.value:
                result.saved.append(outcome)  # blank or zero on an empty cell: nothing to store
                continue
            obj = grid.new_object(outcome.row, outcome.month)
            obj.revision = 1
            to_create.append(obj)
        elif getattr(obj, value_field) == outcome.value:
            outcome.revision = obj.revision
            result.saved.append(outcome)
            continue
        else:
            before.setdefault((model, obj.pk), obj.revision)
            obj.revision += 1
            to_update.append(obj)
        setattr(obj, value_field, outcome.value)
        changed.update(grid.derive(obj))
        outcome.revision = obj.revision
        result.saved.append(outcome)
    history = {"default_user": user, "default_date": when, "default_change_reason": reason}
    if to_create:
        for obj in bulk_create_with_history(to_create, model, **history):
            before[(model, obj.pk)] = 0
    if to_update:
        _update_rows(model, to_update, sorted(changed))
        model.history.bulk_history_create(to_update, update=True, **history)


def _derived_again(grid: Grid, obj) -> list[str]:
    """Set `obj`'s computed fields again; the names of those whose value moved."""
    stored = dict(vars(obj))
    return [name for name in grid.derive(obj) if getattr(obj, name) != stored.get(name)]


def _refuse(outcome: CellOutcome, obj, grid: Grid, current: int) -> None:
    outcome.conflict_value = getattr(obj, grid.value_field) if obj else Decimal(0)
    outcome.revision = current
    outcome.error = _("Someone else changed this cell; it now holds %(value)s.") % {
        "value": outcome.conflict_value
    }


# get_db_prep_save returns these unchanged on Django's backends; calling it for each of tens of
# thousands of values took seconds.
_PLAIN_TYPES = frozenset({int, str, Decimal, type(None)})


def _update_rows(model, objs, field_names: list[str]) -> None:
    """UPDATE the changed fields of many rows by primary key in one executemany: Django's
    bulk_update builds one CASE WHEN per row and took ~1.5 s for a pasted 300 × 12 block."""
    db = connections[DEFAULT_DB_ALIAS]
    fields = [model._meta.get_field(name) for name in field_names] + [model._meta.pk]
    quote = db.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields[:-1])
    sql = f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {quote(fields[-1].column)} = %s"  # noqa: S608, E501 - names from the model
    params = [
        [
            value
            if type(value := getattr(obj, f.attname)) in _PLAIN_TYPES
            else f.get_db_prep_save(value, db)
            for f in fields
        ]
        for obj in objs
    ]
    with db.cursor() as cursor:
        cursor.executemany(sql, params)
