"""Steps 1 and 2 of a customer's strategy: the value assessment and the energy rating."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from customers import scoring
from customers.models.market import Customer
from customers.models.names import LocalizedNameMixin
from customers.models.organisation import Period
from customers.models.strategy import Likelihood, OrderSize

SCORE_VALIDATORS = [MinValueValidator(scoring.SCORE_MIN), MaxValueValidator(scoring.SCORE_MAX)]
LEVEL_VALIDATORS = [MinValueValidator(1), MaxValueValidator(4)]


class AssessmentFactor(LocalizedNameMixin, models.Model):
    """A factor of step 1, on one of the two axes, with the administrator's weight."""

    class Axis(models.TextChoices):
        ATTRACTIVENESS = "attractiveness", _("Customer attractiveness (客户吸引力)")
        ADVANTAGE = "advantage", _("Our advantage (我们的优势)")

    axis = models.CharField(_("axis"), max_length=20, choices=Axis.choices)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    weight = models.DecimalField(
        _("weight"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Relative weight within its axis; equal weights by default."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["axis", "position", "code"]
        verbose_name = _("assessment factor")
        verbose_name_plural = _("assessment factors")
        constraints = [
            models.CheckConstraint(condition=Q(weight__gte=0), name="assessment_factor_weight")
        ]

    def __str__(self):
        return f"{self.get_axis_display()} · {self.display_name}"

    def clean(self):
        if self.weight is None or self.weight > 0 or not self.active:
            return
        others = AssessmentFactor.objects.filter(axis=self.axis, active=True, weight__gt=0)
        if self.pk:
            others = others.exclude(pk=self.pk)
        if not others.exists():
            raise ValidationError(
                {
                    "weight": _(
                        "At least one active factor of each axis must weigh more than zero, "
                        "or no assessment can be scored."
                    )
                }
            )


class Assessment(models.Model):
    """Step 1 for one customer and period: the value of its category (客户类别的价值分析).

    The axis scores are computed from the factor scores and the weights copied onto them when the
    assessment was saved: a later change of weights does not change an old assessment.
    """

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="assessments")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="+")
    attractiveness = models.DecimalField(
        _("Customer attractiveness (客户吸引力)"),
        max_digits=3,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("5"))],
    )
    advantage = models.DecimalField(
        _("Our advantage (我们的优势)"),
        max_digits=3,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("5"))],
    )
    revision = models.PositiveIntegerField(default=1)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("value assessment")
        verbose_name_plural = _("value assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "period"], name="assessment_one_per_customer_period"
            ),
            models.CheckConstraint(
                condition=Q(attractiveness__gte=1, attractiveness__lte=5)
                & Q(advantage__gte=1, advantage__lte=5),
                name="assessment_axes_in_range",
            ),
        ]

    def __str__(self):
        return f"{self.customer} · {self.period}"

    def tier(self, threshold: Decimal) -> int:
        return scoring.tier_for(self.attractiveness, self.advantage, threshold)


class AssessmentScore(models.Model):
    """One factor's score (1–5) in an assessment, with the weight the factor had then."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    factor = models.ForeignKey(AssessmentFactor, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(_("score"), validators=SCORE_VALIDATORS)
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("factor score")
        verbose_name_plural = _("factor scores")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "factor"], name="assessment_one_score_per_factor"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5), name="assessment_score_1_to_5"
            ),
            models.CheckConstraint(condition=Q(weight__gte=0), name="assessment_score_weight"),
        ]

    def __str__(self):
        return f"{self.factor}: {self.score}"


class EnergyRating(models.Model):
    """Step 2 for one customer and period: order size × likelihood of closing soon (客户能级).

    Only the two levels are stored; the score and the class follow from the current settings.
    """

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="energy_ratings")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="+")
    order_level = models.PositiveSmallIntegerField(
        _("order size (订单量)"), choices=OrderSize.choices, validators=LEVEL_VALIDATORS
    )
    likelihood_level = models.PositiveSmallIntegerField(
        _("likelihood of closing soon (可能性)"),
        choices=Likelihood.choices,
        validators=LEVEL_VALIDATORS,
    )
    revision = models.PositiveIntegerField(default=1)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("energy rating")
        verbose_name_plural = _("energy ratings")
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "period"], name="energy_one_per_customer_period"
            ),
            models.CheckConstraint(
                condition=Q(order_level__gte=1, order_level__lte=4)
                & Q(likelihood_level__gte=1, likelihood_level__lte=4),
                name="energy_levels_1_to_4",
            ),
        ]

    def __str__(self):
        return f"{self.customer} · {self.period}"
