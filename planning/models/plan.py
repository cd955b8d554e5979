"""The plan document, its review comments and its state transitions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from customers.models import Period, Region
from planning.chapters.catalogue import ChapterSlug

SUMMARY_TEXT_LIMIT = 500


class Plan(models.Model):
    """One region's marketing plan for one period; a half-year revision is a new version."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned for changes")

    EDITABLE_STATES = (State.DRAFT, State.RETURNED)

    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="plans"
    )
    period = models.ForeignKey(
        Period, verbose_name=_("period"), on_delete=models.PROTECT, related_name="plans"
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.DRAFT)
    # Bumped by every content save; a save that read an older revision is refused (no lost update).
    revision = models.PositiveIntegerField(_("revision"), default=1)
    strategy_changes = models.TextField(
        _("major marketing-strategy changes"), max_length=SUMMARY_TEXT_LIMIT, blank=True
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    return_reason = models.TextField(_("reason for return"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-period__year", "region__code", "-version"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "period", "version"], name="one_plan_version_per_region_period"
            ),
            models.CheckConstraint(
                condition=Q(state__in=["draft", "submitted", "approved", "returned"]),
                name="plan_state_known",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="plan_version_positive"),
        ]

    def __str__(self):
        return f"{self.region.display_name} {self.period.year} v{self.version}"

    def get_absolute_url(self):
        return reverse("plan_detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.state in self.EDITABLE_STATES

    @property
    def is_latest_version(self) -> bool:
        return not Plan.objects.filter(
            region_id=self.region_id, period_id=self.period_id, version__gt=self.version
        ).exists()

    @property
    def was_resubmitted(self) -> bool:
        return self.snapshots.count() >= 2

    @property
    def has_something_to_compare(self) -> bool:
        return self.version > 1 or self.snapshots.exists()

    @property
    def approval(self) -> "PlanTransition | None":
        """The step that approved the plan as it stands, with the reviewer's note; None unless
        the plan is approved."""
        if self.state != self.State.APPROVED:
            return None
        return self.transitions.filter(to_state=self.State.APPROVED).select_related("by").last()

    @property
    def was_reopened(self) -> bool:
        """Whether headquarters last sent the plan back after approving it (a reopen, not a
        return)."""
        last = self.transitions.filter(to_state=self.State.RETURNED).last()
        return last is not None and last.from_state == self.State.APPROVED

    def open_threads(self):
        """The review comments still open: the first comment of each unresolved thread."""
        return (
            self.comments.filter(parent=None, resolved=False)
            .select_related("author")
            .order_by("created_at", "pk")
        )

    @property
    def state_badge(self) -> str:
        return {
            self.State.DRAFT: "secondary",
            self.State.SUBMITTED: "primary",
            self.State.APPROVED: "success",
            self.State.RETURNED: "warning",
        }[self.state]


class PlanTransition(models.Model):
    """One step of the lifecycle: who moved the plan from which state to which, and why."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(_("from"), max_length=16, choices=Plan.State.choices)
    to_state = models.CharField(_("to"), max_length=16, choices=Plan.State.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("plan transition")
        verbose_name_plural = _("plan transitions")

    def __str__(self):
        return f"{self.plan}: {self.from_state} → {self.to_state}"


class Comment(models.Model):
    """A reviewer's comment on a chapter, or a reply in its thread."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="comments")
    chapter = models.CharField(_("chapter"), max_length=20, choices=ChapterSlug.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="plan_comments",
    )
    body = models.TextField(_("comment"), max_length=4000)
    resolved = models.BooleanField(_("resolved"), default=False)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self):
        return f"{self.get_chapter_display()}: {self.body[:40]}"

    def get_absolute_url(self):
        return f"{self.plan.get_absolute_url()}#comment-{self.pk}"
