"""The manager's own working tools: the monthly calendar (行事月历) and the daily to-do list
(日工作待办单). They belong to one person, not to a plan: nobody else reads them."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

TOOL_TEXT_LIMIT = 200
TOOL_NOTE_LIMIT = 500
MONTH_NOTE_LIMIT = 1000


class CalendarEvent(models.Model):
    """A dated event of the manager's calendar."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_events"
    )
    date = models.DateField(_("date"))
    start = models.TimeField(_("start (开始)"), null=True, blank=True)
    end = models.TimeField(_("end (结束)"), null=True, blank=True)
    title = models.CharField(_("event"), max_length=TOOL_TEXT_LIMIT)
    notes = models.TextField(_("notes (备注)"), max_length=TOOL_NOTE_LIMIT, blank=True)
    revision = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "start", "pk"]
        verbose_name = _("calendar event")
        verbose_name_plural = _("calendar events")
        constraints = [
            models.CheckConstraint(
                condition=Q(start__isnull=True) | Q(end__isnull=True) | Q(end__gte=F("start")),
                name="event_ends_after_it_starts",
            )
        ]

    def __str__(self):
        return f"{self.date} {self.title}"


class MonthNote(models.Model):
    """The month's major events (本月大事) and notes (备注) of the manager's calendar."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="month_notes"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    major_events = models.TextField(
        _("this month's major events (本月大事)"), max_length=MONTH_NOTE_LIMIT, blank=True
    )
    notes = models.TextField(_("notes (备注)"), max_length=MONTH_NOTE_LIMIT, blank=True)
    revision = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("month note")
        verbose_name_plural = _("month notes")
        constraints = [
            models.UniqueConstraint(fields=["owner", "year", "month"], name="one_note_per_month"),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="note_month"),
        ]

    def __str__(self):
        return f"{self.owner} {self.year}-{self.month:02d}"


class TodoItem(models.Model):
    """A line of the daily to-do list (地区经理日工作待办单)."""

    class Category(models.TextChoices):
        VISIT = "visit", _("Customer visit (客户拜访)")
        CALL = "call", _("Call (电话沟通)")
        MEETING = "meeting", _("Meeting (会议)")
        REPORT = "report", _("Report and forms (报表)")
        COACHING = "coaching", _("Coaching and training (辅导培训)")
        FOLLOW_UP = "follow_up", _("Follow-up (跟进)")
        OTHER = "other", _("Other (其他)")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="todo_items"
    )
    date = models.DateField(_("date"))
    category = models.CharField(
        _("category (类别)"), max_length=12, choices=Category.choices, default=Category.OTHER
    )
    start = models.TimeField(_("start (开始)"), null=True, blank=True)
    end = models.TimeField(_("end (结束)"), null=True, blank=True)
    work = models.CharField(_("work (工作内容)"), max_length=TOOL_TEXT_LIMIT)
    related = models.CharField(_("related (相关)"), max_length=100, blank=True)
    notes = models.CharField(_("notes (备注)"), max_length=TOOL_NOTE_LIMIT, blank=True)
    done = models.BooleanField(_("done (完成情况)"), default=False)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    revision = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "start", "pk"]
        verbose_name = _("to-do")
        verbose_name_plural = _("to-dos")
        constraints = [
            models.CheckConstraint(
                condition=Q(start__isnull=True) | Q(end__isnull=True) | Q(end__gte=F("start")),
                name="todo_ends_after_it_starts",
            )
        ]

    def __str__(self):
        return f"{self.date} {self.work}"
