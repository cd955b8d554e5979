"""The plan's history page: simple-history records of the plan and everything in it, merged."""

from django.utils.translation import gettext as _

from planning.chapters.history import chapter_history_entries
from planning.models import Comment, Plan
from planning.review.history_entries import HistoryEntry, history_entries


def plan_entries(plan: Plan) -> list[HistoryEntry]:
    return history_entries(
        plan.history.select_related("history_user").order_by("history_date", "history_id"),
        _("Plan"),
        lambda record: str(plan),
    )


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
HISTORY_SOURCES = (plan_entries, comment_entries, chapter_history_entries)


def plan_history_entries(plan: Plan) -> list[HistoryEntry]:
    entries = [entry for source in HISTORY_SOURCES for entry in source(plan)]
    entries.sort(key=lambda entry: entry.at, reverse=True)
    return entries
