"""Step 3 of a customer's strategy: the action library and the actions committed to."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from customers import scoring
from customers.models.market import Customer
from customers.models.names import LocalizedNameMixin
from customers.models.organisation import Period


class Action(LocalizedNameMixin, models.Model):
    """An entry of the action library: the deck's 16 customer actions (客户动作) by tier."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    tier_1 = models.BooleanField(_("suits tier 1 (一级)"), default=False)
    tier_2 = models.BooleanField(_("suits tier 2 (二级)"), default=False)
    tier_3 = models.BooleanField(_("suits tier 3 (三级)"), default=False)
    tier_4 = models.BooleanField(_("suits tier 4 (四级)"), default=False)
    active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]
        verbose_name = _("library action")
        verbose_name_plural = _("action library")

    def __str__(self):
        return f"{self.number}. {self.display_name}"

    @property
    def tiers(self) -> list[int]:
        return [tier for tier in scoring.TIERS if getattr(self, f"tier_{tier}")]

    def suits(self, tier: int | None) -> bool:
        return tier is not None and tier in self.tiers


class CommittedAction(models.Model):
    """An action a manager commits to for a customer, with an owner and a due date."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open (待办)")
        DONE = "done", _("Done (完成)")
        DROPPED = "dropped", _("Dropped (取消)")

    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="committed_actions"
    )
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="+")
    action = models.ForeignKey(
        Action, verbose_name=_("action"), on_delete=models.PROTECT, related_name="commitments"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner (负责人)"),
        on_delete=models.PROTECT,
        related_name="committed_actions",
    )
    due_date = models.DateField(_("due date"))
    note = models.CharField(_("note (备注)"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("committed"), auto_now_add=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("committed action")
        verbose_name_plural = _("committed actions")
        indexes = [models.Index(fields=["owner", "status", "due_date"])]

    def __str__(self):
        return f"{self.customer} · {self.action.display_name} · {self.due_date}"

    def get_absolute_url(self):
        from django.urls import reverse

        return f"{reverse('customer_detail', args=[self.customer_id])}?period={self.period.year}"
