"""Open review comments across regions: the list, its filters and its CSV and Excel exports."""

import csv
import io
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext, gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font

from planning.access import plans_for_user
from planning.models import Comment
from salesplan.exports import neutralise
from salesplan.report_sheets import workbook_bytes

# "Older than" choices of the age filter, in days.
AGES = ("7", "14", "30", "90")
# The exports' headings, in the reader's language.
HEADINGS = (
    gettext_lazy("Region"),
    gettext_lazy("Period"),
    gettext_lazy("Version"),
    gettext_lazy("Section"),
    gettext_lazy("Author"),
    gettext_lazy("Date"),
    gettext_lazy("Comment"),
    gettext_lazy("Replies"),
    gettext_lazy("Link"),
)


def headings() -> list[str]:
    return [str(heading) for heading in HEADINGS]


@dataclass(frozen=True)
class Filters:
    region_id: int | None = None
    chapter: str = ""
    author_id: int | None = None
    older_than: int | None = None  # days


def open_comments(user, filters: Filters | None = None) -> QuerySet[Comment]:
    """The unresolved opening comments of the plans `user` may read, oldest first, each with
    its number of replies."""
    filters = filters or Filters()
    comments = Comment.objects.filter(
        plan__in=plans_for_user(user), parent=None, resolved=False
    ).select_related("plan__region", "plan__period", "author")
    if filters.region_id is not None:
        comments = comments.filter(plan__region_id=filters.region_id)
    if filters.chapter:
        comments = comments.filter(chapter=filters.chapter)
    if filters.author_id is not None:
        comments = comments.filter(author_id=filters.author_id)
    if filters.older_than is not None:
        comments = comments.filter(
            created_at__lte=timezone.now() - timedelta(days=filters.older_than)
        )
    return comments.annotate(replies_count=Count("replies")).order_by("created_at", "pk")


def comment_link(comment: Comment) -> str:
    """The comment in its place on the plan's page."""
    return f"{reverse('plan_detail', args=[comment.plan_id])}#comment-{comment.pk}"


def _rows(comments, base_url: str):
    for comment in comments:
        yield [
            comment.plan.region.display_name,
            comment.plan.period.year,
            comment.plan.version,
            str(comment.get_chapter_display()),
            str(comment.author),
            formats.date_format(timezone.localtime(comment.created_at), "SHORT_DATETIME_FORMAT"),
            comment.body,
            comment.replies_count,
            base_url + comment_link(comment),
        ]


def comments_csv(comments, base_url: str) -> str:
    buffer = io.StringIO()
    buffer.write("\ufeff")  # Excel reads UTF-8 Chinese only with the byte-order mark
    writer = csv.writer(buffer)
    writer.writerow(headings())
    for row in _rows(comments, base_url):
        writer.writerow([neutralise(value) for value in row])
    return buffer.getvalue()


def comments_workbook(comments, base_url: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = gettext("Comments")
    sheet.append(headings())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in _rows(comments, base_url):
        sheet.append([neutralise(value) for value in row])
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for letter, width in zip("ABCDEFGHI", (14, 8, 8, 16, 14, 17, 60, 8, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    return workbook_bytes(workbook)
