"""The administrator's settings of planning: the roll-up's red / amber / green thresholds."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from planning.hq.signals import (
    ACHIEVEMENT_AMBER,
    ACHIEVEMENT_GREEN,
    GROWTH_AMBER,
    GROWTH_GREEN,
    Band,
)
from salesplan.singleton import SingletonModel


class RollupThresholds(SingletonModel):
    """One row (pk 1) an administrator edits; without it the roll-up uses the defaults."""

    achievement_green = models.DecimalField(
        _("achievement green from (%)"),
        max_digits=6,
        decimal_places=2,
        default=ACHIEVEMENT_GREEN,
        help_text=_("Achievement at or above this is green. Default 100."),
    )
    achievement_amber = models.DecimalField(
        _("achievement amber from (%)"),
        max_digits=6,
        decimal_places=2,
        default=ACHIEVEMENT_AMBER,
        help_text=_("Achievement at or above this (and below green) is amber. Default 90."),
    )
    growth_green = models.DecimalField(
        _("growth green from (%)"),
        max_digits=6,
        decimal_places=2,
        default=GROWTH_GREEN,
        help_text=_("Growth at or above this is green. Default 10."),
    )
    growth_amber = models.DecimalField(
        _("growth amber from (%)"),
        max_digits=6,
        decimal_places=2,
        default=GROWTH_AMBER,
        help_text=_("Growth at or above this (and below green) is amber. Default 0."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("roll-up thresholds")
        verbose_name_plural = _("roll-up thresholds")
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="rollup_thresholds_single_row"),
            models.CheckConstraint(
                condition=Q(achievement_amber__lte=F("achievement_green")),
                name="rollup_thresholds_achievement_amber_not_above_green",
            ),
            models.CheckConstraint(
                condition=Q(growth_amber__lte=F("growth_green")),
                name="rollup_thresholds_growth_amber_not_above_green",
            ),
        ]

    def __str__(self):
        return str(_("Roll-up thresholds"))

    def clean(self):
        errors = {}
        pairs = (
            ("achievement", self.achievement_amber, self.achievement_green),
            ("growth", self.growth_amber, self.growth_green),
        )
        for name, amber, green in pairs:
            if amber is not None and green is not None and amber > green:
                errors[f"{name}_amber"] = ValidationError(
                    _("Amber must not be above green (%(green)s %%).") % {"green": green},
                    code="amber_above_green",
                )
        if errors:
            raise ValidationError(errors)

    @property
    def bands(self) -> dict[str, Band]:
        """The bands by figure name, as the roll-up's templates read them."""
        return {
            "achievement": Band(green=self.achievement_green, amber=self.achievement_amber),
            "growth": Band(green=self.growth_green, amber=self.growth_amber),
        }
