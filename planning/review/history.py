"""The plan's history page: simple-history records of the plan and everything in it, merged."""

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from planning.chapters.history import chapter_history_entries
from planning.models import Comment, Plan
from planning.numbers.history import FIGURE_SOURCES, figure_entries
from planning.review.history_entries import HistoryEntry, history_entries
from planning.review.history_filters import CHAPTER_PREFIX, CHAPTERS, COMMENTS, FIGURES, PLAN


def plan_entries(plan: Plan) -> list[HistoryEntry]:
    return history_entries(
        plan.history.select_related("history_user").order_by("history_date", "history_id"),
        _("Plan"),
        lambda record: str(plan),
    ) + transition_entries(plan)


def transition_entries(plan: Plan) -> list[HistoryEntry]:
    """The lifecycle's steps that carry words: a return's or a reopening's reason, an approval's
    note. The state change itself is the plan's own record's line."""
    return [
        HistoryEntry(
            at=step.at,
            user=step.by,
            kind=_("Lifecycle"),
            subject=f"{step.get_from_state_display()} → {step.get_to_state_display()}",
            action=str(step.get_to_state_display()),
            note=step.reason,
        )
        for step in plan.transitions.exclude(reason="").select_related("by")
    ]


def comment_entries(plan: Plan) -> list[HistoryEntry]:
    return history_entries(
        Comment.history.filter(plan_id=plan.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id"),
        _("Comment"),
        lambda record: f"{record.get_chapter_display()}: {record.body[:60]}",
    )


# Every source of the plan's history. A content model's changes show on the history page only
# through a source named here; nothing adds itself to this list when imported.
HISTORY_SOURCES = {
    PLAN: plan_entries,
    COMMENTS: comment_entries,
    CHAPTERS: chapter_history_entries,
    FIGURES: figure_entries,
}
FIGURE_KEYS = {source.key for source in FIGURE_SOURCES}


def plan_history_entries(
    plan: Plan,
    *,
    what: str = "",
    customer: int | None = None,
    product: int | None = None,
    month: int | None = None,
    who: int | None = None,
    since: date | None = None,
    until: date | None = None,
) -> list[HistoryEntry]:
    """The page's lines, newest first. A customer, product or month, or one grid, narrows the
    page to the figures."""
    figures_only = what in FIGURE_KEYS or customer or product or month
    entries = []
    for key, source in HISTORY_SOURCES.items():
        if key == FIGURES:
            if what in ("", FIGURES) or what in FIGURE_KEYS:
                grid = what if what in FIGURE_KEYS else ""
                entries += source(plan, grid=grid, customer=customer, product=product, month=month)
        elif key == CHAPTERS and what.startswith(CHAPTER_PREFIX):
            chapter = what.removeprefix(CHAPTER_PREFIX)
            entries += [entry for entry in source(plan) if entry.chapter == chapter]
        elif not figures_only and what in ("", key):
            entries += source(plan)
    if who:
        entries = [entry for entry in entries if getattr(entry.user, "pk", None) == who]
    if since:
        entries = [entry for entry in entries if timezone.localdate(entry.at) >= since]
    if until:
        entries = [entry for entry in entries if timezone.localdate(entry.at) <= until]
    entries.sort(key=lambda entry: entry.at, reverse=True)
    return entries
