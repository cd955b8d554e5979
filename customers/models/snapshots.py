"""Monthly snapshots of each customer's standing: the funnel's history."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from customers.models.market import Customer
from customers.models.organisation import Period
from customers.models.strategy import EnergyClass, Priority, Tier
from salesplan.money import MONEY_DIGITS, MONEY_PLACES


class StandingSnapshot(models.Model):
    """A customer's tier, class and priority as they stood in one month: the funnel's history."""

    class Reason(models.TextChoices):
        MONTH_END = "month_end", _("Month end")
        SUBMIT = "submit", _("Plan submitted")
        DEMO = "demo", _("Demo data")

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="snapshots")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("month"))  # the first day of the calendar month
    tier = models.PositiveSmallIntegerField(_("tier"), choices=Tier.choices, null=True)
    energy_class = models.CharField(
        _("class"), max_length=1, choices=EnergyClass.choices, blank=True
    )
    priority = models.PositiveSmallIntegerField(_("priority"), choices=Priority.choices, null=True)
    planned_amount = models.DecimalField(
        _("planned amount"), max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES, null=True
    )
    reason = models.CharField(_("reason"), max_length=10, choices=Reason.choices)
    taken_at = models.DateTimeField(_("taken"), auto_now=True)

    class Meta:
        ordering = ["month", "customer"]
        verbose_name = _("monthly snapshot")
        verbose_name_plural = _("monthly snapshots")
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "period", "month"], name="one_snapshot_per_customer_month"
            )
        ]
        indexes = [models.Index(fields=["period", "month"])]

    def __str__(self):
        return f"{self.customer} · {self.month:%Y-%m}: {self.energy_class or '—'}"
