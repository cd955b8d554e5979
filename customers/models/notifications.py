"""What a person was told: in-app notifications, and the reminders already sent."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """One event told to one person: kept whether or not it was also sent by email."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Plan submitted")
        APPROVED = "approved", _("Plan approved")
        RETURNED = "returned", _("Plan returned")
        REOPENED = "reopened", _("Plan reopened")
        COMMENT = "comment", _("Review comment")
        ROUND_OPENED = "round_opened", _("Planning round opened")
        DUE_SOON = "due_soon", _("Plan due soon")
        LATE = "late", _("Plan late")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    subject = models.CharField(_("subject"), max_length=200)
    text = models.TextField(_("text"), blank=True)
    # A path within the app (`/plans/12/`); the email makes it absolute with SITE_URL.
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            # The header's unread count, on every page.
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
        ]

    def __str__(self):
        return self.subject

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class SentReminder(models.Model):
    """A reminder about a plan sent on a day: the daily run sends each kind once per plan per
    day at most. The plan is named by its id (customers cannot name planning's models)."""

    plan_id = models.PositiveBigIntegerField(_("plan"))
    kind = models.CharField(_("kind"), max_length=20, choices=Notification.Kind.choices)
    day = models.DateField(_("day"))

    class Meta:
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["plan_id", "kind", "day"], name="one_reminder_per_plan_kind_day"
            )
        ]

    def __str__(self):
        return f"{self.kind} {self.plan_id} {self.day}"
