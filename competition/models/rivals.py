"""A region's competitors and their dated moves."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from customers.models import Product, Region


class Competitor(models.Model):
    """A rival in one region, and the product lines it competes in."""

    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="competitors"
    )
    name = models.CharField(_("name"), max_length=100)
    products = models.ManyToManyField(
        Product,
        verbose_name=_("competes in"),
        blank=True,
        related_name="competitors",
    )
    notes = models.TextField(_("notes"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    revision = models.PositiveIntegerField(_("revision"), default=1)
    history = HistoricalRecords(m2m_fields=[products])

    class Meta:
        ordering = ["region", "name"]
        verbose_name = _("competitor")
        verbose_name_plural = _("competitors")
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="unique_competitor_per_region")
        ]

    def __str__(self):
        return self.name


class CompetitorMove(models.Model):
    """A dated competitor move (竞争者动向), listed by the plan's market-situation chapter."""

    competitor = models.ForeignKey(
        Competitor, verbose_name=_("competitor"), on_delete=models.CASCADE, related_name="moves"
    )
    date = models.DateField(_("date"))
    description = models.TextField(_("what they did"), max_length=2000)
    response = models.TextField(_("impact on us and our response"), max_length=2000, blank=True)
    revision = models.PositiveIntegerField(_("revision"), default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("competitor move (竞争者动向)")
        verbose_name_plural = _("competitor moves (竞争者动向)")

    def __str__(self):
        return f"{self.date} {self.competitor}: {self.description[:40]}"

    @property
    def region(self) -> Region:
        return self.competitor.region
