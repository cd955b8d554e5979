"""The written chapters' changes on the plan's history page (one of its HISTORY_SOURCES)."""

from django.utils.translation import gettext as _

from planning.chapters.catalogue import CHAPTER_OF_TEXT, CONTENT_MODELS, TextPart
from planning.models import (
    ActionDirection,
    Activity,
    ChapterText,
    Citation,
    ControlCommitment,
    GapExplanation,
    OrganisationEntry,
    Plan,
    Position,
    SwotItem,
)
from planning.review.history_entries import HistoryEntry, history_entries


def _kinds() -> dict:
    """Each entry kind of a content model → its chapter (citations are the SWOT's)."""
    labels = {
        "GapExplanation": _("Gap explanation"),
        "SwotItem": _("SWOT item"),
        "ActionDirection": _("Action direction"),
        "Activity": _("Activity"),
        "Position": _("Position"),
        "OrganisationEntry": _("Organisation entry"),
        "ControlCommitment": _("Control commitment"),
    }
    kinds = {str(labels[name]): str(slug) for name, slug in CONTENT_MODELS.items()}
    kinds[str(_("Citation"))] = str(CONTENT_MODELS["ActionDirection"])
    return kinds


def _citation_subject(record) -> str:
    item = SwotItem.objects.filter(pk=record.item_id).first()
    direction = ActionDirection.objects.filter(pk=record.direction_id).first()
    return f"{direction.text[:40] if direction else '—'} → {item.text[:40] if item else '—'}"


def chapter_history_entries(plan: Plan) -> list[HistoryEntry]:
    def records(model, **filters):
        return (
            model.history.filter(**filters)
            .select_related("history_user")
            .order_by("history_date", "history_id")
        )

    on_plan = {"plan_id": plan.pk}
    directions = ActionDirection.history.filter(plan_id=plan.pk).values("id")
    entries = []
    text_entries = history_entries(
        records(ChapterText, **on_plan), _("Chapter text"), lambda r: r.get_part_display()
    )
    entries += text_entries
    entries += history_entries(
        records(GapExplanation, **on_plan), _("Gap explanation"), lambda r: r.text[:60]
    )
    entries += history_entries(records(SwotItem, **on_plan), _("SWOT item"), lambda r: r.text[:60])
    entries += history_entries(
        records(ActionDirection, **on_plan), _("Action direction"), lambda r: r.text[:60]
    )
    entries += history_entries(
        records(Citation, direction_id__in=directions),
        _("Citation"),
        _citation_subject,
    )
    entries += history_entries(records(Activity, **on_plan), _("Activity"), lambda r: r.work[:60])
    entries += history_entries(records(Position, **on_plan), _("Position"), lambda r: r.title)
    entries += history_entries(
        records(OrganisationEntry, **on_plan), _("Organisation entry"), lambda r: r.name
    )
    entries += history_entries(
        records(ControlCommitment, **on_plan),
        _("Control commitment"),
        lambda r: str(r.means) if r.means_id else "",
    )
    # Each line's chapter, for the page's filter: a text's by its part, the rest by their model.
    kinds = _kinds()
    parts = {str(label): part for part, label in TextPart.choices}
    for entry in entries:
        entry.chapter = kinds.get(entry.kind, "")
    for entry in text_entries:
        entry.chapter = str(CHAPTER_OF_TEXT.get(parts.get(entry.subject, ""), ""))
    return entries
