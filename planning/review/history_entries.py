"""django-simple-history's records as the lines of the plan's history page."""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from salesplan.month_sets import MonthsField


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    at: datetime
    user: object
    kind: str
    subject: str
    action: str
    changes: list[Change] = field(default_factory=list)
    chapter: str = ""  # the chapter a written content's change belongs to (its slug)
    note: str = ""  # the words of a lifecycle step: a return's reason, an approval's note


def _display(record, field_name: str, value) -> str:
    if value in (None, ""):
        return "—"
    try:
        model_field = record.instance_type._meta.get_field(field_name)
    except Exception:  # noqa: BLE001 - a field removed since the record was written
        return str(value)
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(model_field, MonthsField):  # an activity's months, "三月–五月、九月"
        return model_field.describe(value)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation:
        related = model_field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related else str(value)
    return str(value)


def history_entries(records, kind: str, subject) -> list[HistoryEntry]:
    """One entry per record; a change that touched nothing but the revision is left out."""
    entries = []
    for record in records:
        entry = HistoryEntry(
            at=record.history_date,
            user=record.history_user,
            kind=kind,
            subject=subject(record),
            action={"+": _("created"), "~": _("changed"), "-": _("deleted")}[record.history_type],
        )
        previous = record.prev_record if record.history_type == "~" else None
        if previous is not None:
            delta = record.diff_against(previous)
            for change in delta.changes:
                if change.field in ("revision",):
                    continue
                model_field = record.instance_type._meta.get_field(change.field)
                entry.changes.append(
                    Change(
                        field=str(model_field.verbose_name),
                        old=_display(record, change.field, change.old),
                        new=_display(record, change.field, change.new),
                    )
                )
            if not entry.changes:
                continue
        entries.append(entry)
    return entries
