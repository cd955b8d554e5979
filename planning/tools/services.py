"""Writes to the manager's own calendar and to-do list: only the owner writes, with a revision
check so that two open tabs never overwrite each other silently."""

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone

from planning.access import require_manager
from planning.models import CalendarEvent, MonthNote, TodoItem
from salesplan.conflicts import check_revision


def _owned(model, obj, user):
    require_manager(user)
    if obj is None:
        return None
    if obj.owner_id != user.pk:
        raise PermissionDenied
    return model.objects.select_for_update().get(pk=obj.pk)


def _save(obj: models.Model, user) -> None:
    obj._history_user = user
    obj.full_clean()
    obj.save()


def _write(model, *, user, obj, values: dict, revision: int):
    locked = _owned(model, obj, user)
    if locked is None:
        locked = model(owner=user, revision=0)
    else:
        check_revision(locked, revision)
    for name, value in values.items():
        setattr(locked, name, value)
    locked.revision += 1
    _save(locked, user)
    return locked


@transaction.atomic
def event_save(*, user, event: CalendarEvent | None, values: dict, revision: int = 0):
    return _write(CalendarEvent, user=user, obj=event, values=values, revision=revision)


def _remove(model, *, user, obj, revision: int) -> None:
    locked = _owned(model, obj, user)
    check_revision(locked, revision)
    locked._history_user = user
    locked.delete()


@transaction.atomic
def event_delete(*, user, event: CalendarEvent, revision: int) -> None:
    _remove(CalendarEvent, user=user, obj=event, revision=revision)


@transaction.atomic
def todo_save(*, user, todo: TodoItem | None, values: dict, revision: int = 0) -> TodoItem:
    return _write(TodoItem, user=user, obj=todo, values=values, revision=revision)


@transaction.atomic
def todo_set_done(*, user, todo: TodoItem, done: bool) -> TodoItem:
    """Tick a to-do off (or on again); setting the state it already has changes nothing."""
    locked = _owned(TodoItem, todo, user)
    if locked.done == done:
        return locked
    locked.done = done
    locked.done_at = timezone.now() if done else None
    locked.revision += 1
    _save(locked, user)
    return locked


@transaction.atomic
def todo_delete(*, user, todo: TodoItem, revision: int) -> None:
    _remove(TodoItem, user=user, obj=todo, revision=revision)


@transaction.atomic
def month_note_save(
    *, user, year: int, month: int, major_events: str, notes: str, revision: int
) -> MonthNote:
    """本月大事 and 备注 of one month of the user's calendar."""
    require_manager(user)
    note, _created = MonthNote.objects.select_for_update().get_or_create(
        owner=user, year=year, month=month, defaults={"revision": 0}
    )
    check_revision(note, revision)
    note.major_events = major_events
    note.notes = notes
    note.revision += 1
    _save(note, user)
    return note
