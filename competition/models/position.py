"""The product-oriented position: capability factors, each company's share and scores."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from competition.models.rivals import Competitor
from competition.rules import SCORE_MAX, SCORE_MIN, Role
from customers.models import LocalizedNameMixin, Period, Product, Region


class CapabilityFactor(LocalizedNameMixin, models.Model):
    """A factor of enterprise capability (企业能力); administrators edit the list and weights."""

    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("enterprise-capability factor")
        verbose_name_plural = _("enterprise-capability factors")
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gte=0), name="capability_weight_not_negative"
            )
        ]

    def __str__(self):
        return self.display_name


class ProductPosition(models.Model):
    """The product-oriented position (以产品为导向的竞争地位) of one product line for a period."""

    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="positions"
    )
    period = models.ForeignKey(
        Period, verbose_name=_("period"), on_delete=models.PROTECT, related_name="positions"
    )
    product = models.ForeignKey(
        Product, verbose_name=_("product line"), on_delete=models.PROTECT, related_name="positions"
    )
    revision = models.PositiveIntegerField(_("revision"), default=1)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["region", "period", "product"]
        verbose_name = _("product position")
        verbose_name_plural = _("product positions")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "period", "product"], name="one_position_per_product_line"
            )
        ]

    def __str__(self):
        return f"{self.region.display_name} {self.period} {self.product}"


class PositionEntry(models.Model):
    """Our (competitor empty) or one rival's capability scores, share and role on a product line."""

    position = models.ForeignKey(ProductPosition, on_delete=models.CASCADE, related_name="entries")
    competitor = models.ForeignKey(
        Competitor,
        verbose_name=_("competitor"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="position_entries",
    )
    share = models.DecimalField(
        _("market share (市场占有) %"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    role_override = models.CharField(
        _("role (overridden)"), max_length=16, choices=Role.choices, blank=True
    )
    override_reason = models.TextField(_("reason for the override"), max_length=1000, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("position entry")
        verbose_name_plural = _("position entries")
        constraints = [
            models.UniqueConstraint(
                fields=["position", "competitor"], name="one_entry_per_competitor"
            ),
            models.UniqueConstraint(
                fields=["position"],
                condition=Q(competitor__isnull=True),
                name="one_entry_for_us",
            ),
            models.CheckConstraint(
                condition=Q(share__gte=0, share__lte=100), name="position_share_in_range"
            ),
            models.CheckConstraint(
                condition=Q(role_override="") | ~Q(override_reason=""),
                name="role_override_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.position}: {self.competitor or _('Us (我方)')}"


class CapabilityScore(models.Model):
    entry = models.ForeignKey(PositionEntry, on_delete=models.CASCADE, related_name="scores")
    factor = models.ForeignKey(CapabilityFactor, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)]
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("capability score")
        verbose_name_plural = _("capability scores")
        constraints = [
            models.UniqueConstraint(fields=["entry", "factor"], name="one_score_per_factor"),
            models.CheckConstraint(
                condition=Q(score__gte=SCORE_MIN, score__lte=SCORE_MAX),
                name="capability_score_in_range",
            ),
        ]

    def __str__(self):
        return f"{self.factor}: {self.score}"
