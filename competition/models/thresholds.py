"""The administrator's thresholds of the role rule (the nicher's share, the challenger's gap)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from competition.rules import (
    CHALLENGER_GAP,
    NICHE_SHARE,
    SCORE_MAX,
    SCORE_MIN,
    SHARE_LIMIT,
    RoleThresholdValues,
)
from salesplan.singleton import SingletonModel

# The widest gap that still means something: the whole capability scale.
GAP_LIMIT = Decimal(SCORE_MAX - SCORE_MIN)


class RoleThresholds(SingletonModel):
    """One row (pk 1) an administrator edits; without it the rule uses the defaults in rules.py."""

    niche_share = models.DecimalField(
        _("nicher below (% market share)"),
        max_digits=5,
        decimal_places=2,
        default=NICHE_SHARE,
        help_text=_(
            "A company that does not lead, with less than this market share, is a nicher "
            "(补缺者). Between 0 and 100, both excluded. Default 10."
        ),
    )
    challenger_gap = models.DecimalField(
        _("challenger within (capability points)"),
        max_digits=3,
        decimal_places=2,
        default=CHALLENGER_GAP,
        help_text=_(
            "A company whose enterprise capability is at most this far below the leader's is a "
            "challenger (挑战者); the others are followers (跟随者). From 0 to 4. Default 0.5."
        ),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("role thresholds")
        verbose_name_plural = _("role thresholds")
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="role_thresholds_single_row"),
            models.CheckConstraint(
                condition=Q(niche_share__gt=0, niche_share__lt=SHARE_LIMIT),
                name="role_thresholds_niche_share_in_range",
            ),
            models.CheckConstraint(
                condition=Q(challenger_gap__gte=0, challenger_gap__lte=GAP_LIMIT),
                name="role_thresholds_challenger_gap_in_range",
            ),
        ]

    def __str__(self):
        return str(_("Role thresholds"))

    def clean(self):
        errors = {}
        if self.niche_share is not None and not 0 < self.niche_share < SHARE_LIMIT:
            errors["niche_share"] = ValidationError(
                _("The nicher's share must be above 0 % and below 100 %."), code="out_of_range"
            )
        if self.challenger_gap is not None and not 0 <= self.challenger_gap <= GAP_LIMIT:
            errors["challenger_gap"] = ValidationError(
                _("The challenger's gap must be from 0 to 4 capability points."),
                code="out_of_range",
            )
        if errors:
            raise ValidationError(errors)

    @property
    def values(self) -> RoleThresholdValues:
        return RoleThresholdValues(niche_share=self.niche_share, challenger_gap=self.challenger_gap)


def role_thresholds() -> RoleThresholdValues:
    """The thresholds in force: the administrator's, else the defaults. Read once per page."""
    return RoleThresholds.load().values
