"""Packs of printed plans for the half-year review: one job, one part per region; and a single
plan's print that runs in the background (a large plan, or one with the annex)."""

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
    # What each plan of the pack holds (planning/printing/options.py PrintOptions.as_data);
    # empty for a pack ordered before the options: its language and comments, every chapter.
    options = models.JSONField(_("print options"), default=dict, blank=True)
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


class PrintJob(models.Model):
    """One plan's PDF printed by a background worker (planning/printing/plan_jobs.py): only
    the person who asked reads it."""

    class Stage(models.TextChoices):
        QUEUED = "queued", _("Waiting for a printer")
        READING = "reading", _("Reading the plan's figures")
        LAYING_OUT = "laying_out", _("Laying out the pages")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    plan = models.ForeignKey("planning.Plan", on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    options = models.JSONField(_("print options"), default=dict)
    stage = models.CharField(max_length=12, choices=Stage.choices, default=Stage.QUEUED)
    file = models.CharField(max_length=300, blank=True)
    pages = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("plan print")
        verbose_name_plural = _("plan prints")

    def __str__(self):
        return f"{self.plan} · {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def finished(self) -> bool:
        return self.stage in (self.Stage.DONE, self.Stage.FAILED)


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
