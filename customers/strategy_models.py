"""The customer strategy's records: settings, assessments, energy, the action library, snapshots.

Imported at the end of customers/models.py, so that they belong to the customers app.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from customers import scoring
from customers.models import Customer, LocalizedNameMixin, Period
from salesplan.money import MONEY_DIGITS, MONEY_PLACES

SCORE_VALIDATORS = [MinValueValidator(scoring.SCORE_MIN), MaxValueValidator(scoring.SCORE_MAX)]
LEVEL_VALIDATORS = [MinValueValidator(1), MaxValueValidator(4)]


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


class StrategySettings(models.Model):
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

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

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

    @classmethod
    def load(cls) -> "StrategySettings":
        found = cls.objects.filter(pk=1).first()
        return found if found is not None else cls(pk=1)

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
