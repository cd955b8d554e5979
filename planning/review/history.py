"""The plan's history page: simple-history records of the plan and everything in it, merged."""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from planning.models import Comment, Plan

# Content models of later features register here so that their history joins the plan's.
HISTORY_SOURCES: list = []


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


def _display(record, field_name: str, value) -> str:
    if value in (None, ""):
        return "—"
    try:
        model_field = record.instance_type._meta.get_field(field_name)
    except Exception:  # noqa: BLE001 - a field removed since the record was written
        return str(value)
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation:
        related = model_field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related else str(value)
    return str(value)


def _entries(records, kind: str, subject) -> list[HistoryEntry]:
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


def plan_history_entries(plan: Plan) -> list[HistoryEntry]:
    entries = _entries(
        plan.history.select_related("history_user").order_by("history_date", "history_id"),
        _("Plan"),
        lambda record: str(plan),
    )
    entries += _entries(
        Comment.history.filter(plan_id=plan.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id"),
        _("Comment"),
        lambda record: f"{record.get_chapter_display()}: {record.body[:60]}",
    )
    for source in HISTORY_SOURCES:
        entries += source(plan)
    entries.sort(key=lambda entry: entry.at, reverse=True)
    return entries
