"""The customer strategy's scales (tier, class, priority, levels) and the settings behind them."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from customers import scoring
from salesplan.singleton import SingletonModel


def _score_field(verbose_name, default: str):
    return models.DecimalField(
        verbose_name,
        max_digits=4,
        decimal_places=2,
        default=Decimal(default),
        validators=[MinValueValidator(Decimal("0.01"))],
    )


class Tier(models.IntegerChoices):
    TIER_1 = 1, _("Tier 1 (一级)")
    TIER_2 = 2, _("Tier 2 (二级)")
    TIER_3 = 3, _("Tier 3 (三级)")
    TIER_4 = 4, _("Tier 4 (四级)")


class EnergyClass(models.TextChoices):
    A = "A", _("Class A (A类)")
    B = "B", _("Class B (B类)")
    C = "C", _("Class C (C类)")
    D = "D", _("Class D (D类)")


class Priority(models.IntegerChoices):
    P1 = 1, "P1"
    P2 = 2, "P2"
    P3 = 3, "P3"
    P4 = 4, "P4"


class OrderSize(models.IntegerChoices):
    EXCEPTIONAL = 1, _("Exceptional (超额)")
    MAJOR = 2, _("Major (重要)")
    PARTIAL = 3, _("Partial (部分)")
    SMALL = 4, _("Small (微小)")


class Likelihood(models.IntegerChoices):
    THIS_MONTH = 1, _("Within this month (本月内)")
    THIS_PERIOD = 2, _("Within the assessment period (考核期内)")
    LONGER = 3, _("Longer term (更长期)")
    INTENT = 4, _("Intent only (有意向)")


class StrategySettings(SingletonModel):
    """The administrator's scoring settings (one row): the high mark of the value axes, the
    energy scores and class edges, and the thresholds of the funnel's health."""

    high_threshold = models.DecimalField(
        _("an axis is high from (高)"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("3.00"),
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("5"))],
        help_text=_("An axis score at or above this is high. Default 3."),
    )
    order_score_1 = _score_field(_("order size: exceptional (超额)"), "5.10")
    order_score_2 = _score_field(_("order size: major (重要)"), "4.10")
    order_score_3 = _score_field(_("order size: partial (部分)"), "3.10")
    order_score_4 = _score_field(_("order size: small (微小)"), "2.10")
    likelihood_score_1 = _score_field(_("likelihood: within this month (本月内)"), "4.90")
    likelihood_score_2 = _score_field(
        _("likelihood: within the assessment period (考核期内)"), "3.90"
    )
    likelihood_score_3 = _score_field(_("likelihood: longer term (更长期)"), "2.90")
    likelihood_score_4 = _score_field(_("likelihood: intent only (有意向)"), "1.90")
    class_a_above = models.DecimalField(
        _("class A above"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("8.00"),
        help_text=_("A total above this is class A. Default 8."),
    )
    class_b_above = models.DecimalField(
        _("class B above"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("6.00"),
        help_text=_("A total above this (up to the A edge) is class B. Default 6."),
    )
    class_c_above = models.DecimalField(
        _("class C above"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("4.00"),
        help_text=_("A total above this (up to the B edge) is class C; the rest is D. Default 4."),
    )
    funnel_sparse_below = models.PositiveSmallIntegerField(
        _("sparse below (稀稀落落)"),
        default=5,
        help_text=_("Fewer customers with a class than this: the funnel is poor. Default 5."),
    )
    funnel_pipeline_min = models.PositiveSmallIntegerField(
        _("pipeline at least"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_("Fewer C and D customers than this: nothing behind, fair at best. Default 1."),
    )
    funnel_many_share = models.DecimalField(
        _("many C and D from (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("50.00"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text=_("C and D are 'many' at this share of the funnel. Default 50 %."),
    )
    funnel_window_months = models.PositiveSmallIntegerField(
        _("a long time (months)"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
        help_text=_("No move toward A in this many months is 'a long time'. Default 3."),
    )
    funnel_stocked_min = models.PositiveSmallIntegerField(
        _("a class is stocked from"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_("A class with at least this many customers is stocked. Default 1."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("customer strategy settings")
        verbose_name_plural = _("customer strategy settings")
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="strategy_settings_single_row"),
            models.CheckConstraint(
                condition=Q(class_a_above__gt=F("class_b_above"))
                & Q(class_b_above__gt=F("class_c_above")),
                name="strategy_class_edges_descend",
            ),
            models.CheckConstraint(
                condition=Q(order_score_1__gt=F("order_score_2"))
                & Q(order_score_2__gt=F("order_score_3"))
                & Q(order_score_3__gt=F("order_score_4")),
                name="strategy_order_scores_descend",
            ),
            models.CheckConstraint(
                condition=Q(likelihood_score_1__gt=F("likelihood_score_2"))
                & Q(likelihood_score_2__gt=F("likelihood_score_3"))
                & Q(likelihood_score_3__gt=F("likelihood_score_4")),
                name="strategy_likelihood_scores_descend",
            ),
        ]

    def __str__(self):
        return str(_("Customer strategy settings"))

    def clean(self):
        errors = {}
        if not self.class_a_above > self.class_b_above > self.class_c_above:
            errors["class_a_above"] = _("The edges must descend: A above B above C.")
        for kind in ("order_score", "likelihood_score"):
            scores = [getattr(self, f"{kind}_{level}") for level in scoring.LEVELS]
            if any(s is None for s in scores):
                continue
            if not all(a > b for a, b in zip(scores, scores[1:], strict=False)):
                errors[f"{kind}_1"] = _(
                    "Each level must score more than the level below it, or a better customer "
                    "could fall into a lower class."
                )
        if errors:
            raise ValidationError(errors)

    @property
    def energy_rule(self) -> scoring.EnergyRule:
        return scoring.EnergyRule(
            order_scores=tuple(getattr(self, f"order_score_{n}") for n in scoring.LEVELS),
            likelihood_scores=tuple(getattr(self, f"likelihood_score_{n}") for n in scoring.LEVELS),
            a_above=self.class_a_above,
            b_above=self.class_b_above,
            c_above=self.class_c_above,
        )

    @property
    def funnel_rule(self) -> scoring.FunnelRule:
        return scoring.FunnelRule(
            sparse_below=self.funnel_sparse_below,
            pipeline_min=self.funnel_pipeline_min,
            many_share=self.funnel_many_share,
            window_months=self.funnel_window_months,
            stocked_min=self.funnel_stocked_min,
        )
