"""Packs of printed plans for the half-year review: one job, one part per region."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from customers.models import Period, Region


class PackJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Printing")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="packs")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    language = models.CharField(_("language"), max_length=10)
    comments = models.BooleanField(_("with the review comments"), default=False)
    states = models.JSONField(_("plan states"), default=list)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    file = models.CharField(max_length=300, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("plan pack")
        verbose_name_plural = _("plan packs")

    def __str__(self):
        return f"{self.period} · {self.created_at:%Y-%m-%d %H:%M}"


class PackPart(models.Model):
    """One region's plan inside a pack, rendered by its own background job."""

    job = models.ForeignKey(PackJob, on_delete=models.CASCADE, related_name="parts")
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey("planning.Plan", on_delete=models.CASCADE, related_name="+")
    order = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(
        max_length=10, choices=PackJob.Status.choices, default=PackJob.Status.QUEUED
    )
    file = models.CharField(max_length=300, blank=True)
    pages = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    seconds = models.FloatField(default=0)
    peak_memory_kb = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["job", "region"], name="one_part_per_region")
        ]

    def __str__(self):
        return f"{self.job} · {self.region}"


class PlanSnapshot(models.Model):
    """What a plan said when it was submitted, to show a reviewer what changed since."""

    plan = models.ForeignKey("planning.Plan", on_delete=models.CASCADE, related_name="snapshots")
    taken_at = models.DateTimeField(auto_now_add=True)
    data = models.JSONField()

    class Meta:
        ordering = ["-taken_at", "-pk"]
        get_latest_by = "taken_at"

    def __str__(self):
        return f"{self.plan} @ {self.taken_at:%Y-%m-%d %H:%M}"
