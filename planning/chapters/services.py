"""Writes to the plan's written chapters, each checked against the chapter's revision.

Every save runs in one transaction that first calls `plan_begin_edit` (the plan must be editable
by this user) and then locks the chapter's `ChapterSheet`: a save that read an older revision is
refused with `EditConflict` (its `current` the sheet: who saved, when, and the revision to send
with the next save), whatever part of the chapter it touches, so that nothing anybody
saved in between is overwritten silently.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from planning.chapters.catalogue import CHAPTER_OF_TEXT, ChapterSlug
from planning.models import (
    ActionDirection,
    Activity,
    ChapterSheet,
    ChapterText,
    Citation,
    ControlCommitment,
    GapExplanation,
    OrganisationEntry,
    Plan,
    Position,
    SwotItem,
)
from planning.review.services import plan_begin_edit
from salesplan.conflicts import check_revision


@dataclass
class RowChange:
    """One row of an edited list: `id` None for a new row; `delete` removes an existing one."""

    id: int | None
    values: dict = field(default_factory=dict)
    delete: bool = False


def chapter_revision(plan: Plan, chapter: str) -> int:
    sheet = ChapterSheet.objects.filter(plan=plan, chapter=chapter).first()
    return sheet.revision if sheet else 0


def chapter_sheet(plan: Plan, chapter: str) -> ChapterSheet:
    """The chapter's sheet, unsaved and at revision 0 when nobody has saved the chapter yet."""
    return ChapterSheet.objects.filter(plan=plan, chapter=chapter).select_related(
        "updated_by"
    ).first() or ChapterSheet(plan=plan, chapter=chapter)


def _begin_chapter_edit(*, plan: Plan, user, chapter: str, revision: int) -> Plan:
    locked = plan_begin_edit(plan=plan, user=user)
    sheet, _created = ChapterSheet.objects.select_for_update().get_or_create(
        plan=locked, chapter=chapter
    )
    check_revision(sheet, revision)
    sheet.revision += 1
    sheet.updated_by = user
    sheet.save()
    return locked


def _save(obj: models.Model, user) -> None:
    obj._history_user = user
    obj.full_clean()
    obj.save()


def _delete(obj: models.Model, user) -> None:
    obj._history_user = user
    obj.delete()


def _save_texts(plan: Plan, user, texts: dict[str, str]) -> None:
    for part, text in texts.items():
        current = ChapterText.objects.filter(plan=plan, part=part).first()
        if current is None:
            if text:
                _save(ChapterText(plan=plan, part=part, text=text), user)
        elif current.text != text:
            current.text = text
            _save(current, user)


def _sync_rows(queryset, model, plan: Plan, user, rows: Iterable[RowChange]) -> None:
    """Create, change and delete the rows of one of the plan's lists."""
    existing = {obj.pk: obj for obj in queryset}
    for row in rows:
        if row.id is None:
            if not row.delete:
                _save(model(plan=plan, **row.values), user)
            continue
        obj = existing.get(row.id)
        if obj is None:
            raise ValidationError(_("This entry was removed meanwhile; reload the page."))
        if row.delete:
            _delete(obj, user)
            continue
        if any(getattr(obj, name) != value for name, value in row.values.items()):
            for name, value in row.values.items():
                setattr(obj, name, value)
            _save(obj, user)


@transaction.atomic
def chapter_save_texts(
    *, plan: Plan, user, chapter: str, revision: int, texts: dict[str, str]
) -> None:
    """Save the free texts of a chapter (market, strategies)."""
    for part in texts:
        if CHAPTER_OF_TEXT.get(part) != chapter:
            raise ValueError(f"{part} is not a text of the {chapter} chapter")
    locked = _begin_chapter_edit(plan=plan, user=user, chapter=chapter, revision=revision)
    _save_texts(locked, user, texts)


@transaction.atomic
def performance_save_explanations(
    *, plan: Plan, user, revision: int, products: dict[int, str], customers: dict[int, str]
) -> None:
    """The manager's explanations of last period's gaps; an emptied text removes one."""
    locked = _begin_chapter_edit(
        plan=plan, user=user, chapter=ChapterSlug.PERFORMANCE, revision=revision
    )
    for key, explanations in (("product_id", products), ("customer_id", customers)):
        for target_id, text in explanations.items():
            current = GapExplanation.objects.filter(plan=locked, **{key: target_id}).first()
            if current is None and text:
                _save(GapExplanation(plan=locked, text=text, **{key: target_id}), user)
            elif current is not None and not text:
                _delete(current, user)
            elif current is not None and current.text != text:
                current.text = text
                _save(current, user)


@transaction.atomic
def swot_save_items(*, plan: Plan, user, revision: int, rows: dict[str, list[RowChange]]) -> None:
    """The four SWOT lists, each in the order given; an item still cited by an action
    direction cannot be removed."""
    locked = _begin_chapter_edit(plan=plan, user=user, chapter=ChapterSlug.SWOT, revision=revision)
    cited = set(Citation.objects.filter(item__plan=locked).values_list("item_id", flat=True))
    for kind, changes in rows.items():
        kept = [row for row in changes if not row.delete]
        for order, row in enumerate(kept):
            row.values = {**row.values, "kind": kind, "order": order}
        if any(row.delete and row.id in cited for row in changes):
            raise ValidationError(
                _("An action direction cites this item: change the direction first.")
            )
        _sync_rows(locked.swot_items.filter(kind=kind), SwotItem, locked, user, changes)


def check_citations(pairing: str, items: Iterable[SwotItem]) -> None:
    """An SO direction answers at least one strength and one opportunity, and nothing else;
    likewise WO, ST and WT."""
    kinds = {item.kind for item in items}
    if not kinds or kinds - set(pairing) or set(pairing) - kinds:
        raise ValidationError(
            {
                "items": _(
                    "A %(pairing)s direction answers at least one %(first)s item and one "
                    "%(second)s item, and no others."
                )
                % {"pairing": pairing, "first": pairing[0], "second": pairing[1]}
            },
            code="citations",
        )


@transaction.atomic
def direction_save(
    *,
    plan: Plan,
    user,
    revision: int,
    direction: ActionDirection | None,
    pairing: str,
    text: str,
    items: list[SwotItem],
) -> ActionDirection:
    locked = _begin_chapter_edit(plan=plan, user=user, chapter=ChapterSlug.SWOT, revision=revision)
    if any(item.plan_id != locked.pk for item in items):
        raise ValidationError({"items": _("Cite items of this plan's SWOT only.")})
    check_citations(pairing, items)
    direction = direction or ActionDirection(plan=locked)
    direction.pairing = pairing
    direction.text = text
    _save(direction, user)
    wanted = {item.pk for item in items}
    for citation in Citation.objects.filter(direction=direction).exclude(item_id__in=wanted):
        _delete(citation, user)
    have = set(Citation.objects.filter(direction=direction).values_list("item_id", flat=True))
    for item_id in sorted(wanted - have):
        _save(Citation(direction=direction, item_id=item_id), user)
    return direction


@transaction.atomic
def direction_delete(*, plan: Plan, user, revision: int, direction: ActionDirection) -> None:
    """Remove a direction and its citations; its activities stay, no longer linked to it."""
    _begin_chapter_edit(plan=plan, user=user, chapter=ChapterSlug.SWOT, revision=revision)
    for citation in Citation.objects.filter(direction=direction):
        _delete(citation, user)
    for activity in direction.activities.all():
        activity.direction = None
        _save(activity, user)
    _delete(direction, user)


@transaction.atomic
def activity_save(
    *, plan: Plan, user, revision: int, activity: Activity | None, values: dict
) -> Activity:
    locked = _begin_chapter_edit(
        plan=plan, user=user, chapter=ChapterSlug.ACTIONS, revision=revision
    )
    direction = values.get("direction")
    if direction is not None and direction.plan_id != locked.pk:
        raise ValidationError({"direction": _("Choose a direction of this plan's SWOT.")})
    strategy = values.get("competitive_strategy")
    if strategy is not None and (strategy.region_id, strategy.period_id) != (
        locked.region_id,
        locked.period_id,
    ):
        raise ValidationError(
            {"competitive_strategy": _("Choose a strategy of this region and period.")}
        )
    activity = activity or Activity(plan=locked)
    for name, value in values.items():
        setattr(activity, name, value)
    _save(activity, user)
    return activity


@transaction.atomic
def activity_delete(*, plan: Plan, user, revision: int, activity: Activity) -> None:
    _begin_chapter_edit(plan=plan, user=user, chapter=ChapterSlug.ACTIONS, revision=revision)
    _delete(activity, user)


@transaction.atomic
def organisation_save(
    *,
    plan: Plan,
    user,
    revision: int,
    texts: dict[str, str],
    positions: list[RowChange],
    entries: list[RowChange],
) -> None:
    """The seven steps: the department's value and functions as text, the positions with their
    headcount and duties, and the processes, rules and forms."""
    locked = _begin_chapter_edit(
        plan=plan, user=user, chapter=ChapterSlug.ORGANISATION, revision=revision
    )
    _save_texts(locked, user, texts)
    for order, row in enumerate(row for row in positions if not row.delete):
        row.values = {**row.values, "order": order}
    _sync_rows(locked.positions.all(), Position, locked, user, positions)
    for order, row in enumerate(row for row in entries if not row.delete):
        row.values = {**row.values, "order": order}
    _sync_rows(locked.organisation_entries.all(), OrganisationEntry, locked, user, entries)


@transaction.atomic
def control_save(*, plan: Plan, user, revision: int, commitments: dict[int, dict | None]) -> None:
    """Commitments per means of control (by the means' id): a dict of cadence, owner and status,
    or None for a means the plan does not commit to."""
    locked = _begin_chapter_edit(
        plan=plan, user=user, chapter=ChapterSlug.CONTROL, revision=revision
    )
    existing = {c.means_id: c for c in ControlCommitment.objects.filter(plan=locked)}
    for means_id, values in commitments.items():
        current = existing.get(means_id)
        if values is None:
            if current is not None:
                _delete(current, user)
        elif current is None:
            _save(ControlCommitment(plan=locked, means_id=means_id, **values), user)
        elif any(getattr(current, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(current, name, value)
            _save(current, user)
