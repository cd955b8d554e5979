"""4P1S positioning against each rival, and the region's notes on positioning."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from competition.models.rivals import Competitor
from customers.models import Period, Region


class Dimension(models.TextChoices):
    """The 4P1S of market positioning (定位市场, 4P1S的组合), in the deck's order."""

    CHANNEL = "channel", _("Channel operation (渠道运作)")
    SALES_MODEL = "sales_model", _("Sales model (销售模式)")
    SERVICE = "service", _("Service (服务状态)")
    PRICE = "price", _("Price level (价格水平)")
    PRODUCT = "product", _("Product features (产品特性)")


POSITIONING_SCORES = [(value, f"{value:+d}" if value else "0") for value in range(2, -3, -1)]


def _positioning_score(label):
    return models.SmallIntegerField(
        label,
        choices=POSITIONING_SCORES,
        default=0,
        validators=[MinValueValidator(-2), MaxValueValidator(2)],
    )


class PositioningAssessment(models.Model):
    """Us against one rival on the 4P1S for a period: −2 (they are far ahead) … +2 (we are)."""

    competitor = models.ForeignKey(
        Competitor,
        verbose_name=_("competitor"),
        on_delete=models.CASCADE,
        related_name="positioning",
    )
    period = models.ForeignKey(
        Period, verbose_name=_("period"), on_delete=models.PROTECT, related_name="+"
    )
    channel_score = _positioning_score(Dimension.CHANNEL.label)
    channel_comment = models.CharField(_("comment"), max_length=500, blank=True)
    sales_model_score = _positioning_score(Dimension.SALES_MODEL.label)
    sales_model_comment = models.CharField(_("comment"), max_length=500, blank=True)
    service_score = _positioning_score(Dimension.SERVICE.label)
    service_comment = models.CharField(_("comment"), max_length=500, blank=True)
    price_score = _positioning_score(Dimension.PRICE.label)
    price_comment = models.CharField(_("comment"), max_length=500, blank=True)
    product_score = _positioning_score(Dimension.PRODUCT.label)
    product_comment = models.CharField(_("comment"), max_length=500, blank=True)
    revision = models.PositiveIntegerField(_("revision"), default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["competitor__name"]
        verbose_name = _("4P1S positioning")
        verbose_name_plural = _("4P1S positionings")
        constraints = [
            models.UniqueConstraint(
                fields=["competitor", "period"], name="one_positioning_per_rival_period"
            ),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{dim}_score__gte": -2, f"{dim}_score__lte": 2}),
                    name=f"positioning_{dim}_in_range",
                )
                for dim in Dimension.values
            ),
        ]

    def __str__(self):
        return f"{self.competitor} {self.period}"

    def score(self, dimension: str) -> int:
        return getattr(self, f"{dimension}_score")

    def comment(self, dimension: str) -> str:
        return getattr(self, f"{dimension}_comment")


class CompetitionWorksheet(models.Model):
    """A region's free-text notes of its competitive analysis for a period."""

    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    period = models.ForeignKey(
        Period, verbose_name=_("period"), on_delete=models.PROTECT, related_name="+"
    )
    positioning_notes = models.TextField(
        _("points to watch in positioning (定位中应注意问题)"), max_length=4000, blank=True
    )
    revision = models.PositiveIntegerField(_("revision"), default=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("competition worksheet")
        verbose_name_plural = _("competition worksheets")
        constraints = [
            models.UniqueConstraint(fields=["region", "period"], name="one_worksheet_per_period")
        ]

    def __str__(self):
        return f"{self.region.display_name} {self.period}"
