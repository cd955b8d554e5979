"""Competitors, their moves, and a region's competitive-strategy worksheets for a period.

The worksheets belong to the region, not to a plan: they stay editable whatever the plan's state,
and the plan's strategy chapter reads them (competition.summaries).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from competition.rules import SCORE_MAX, SCORE_MIN, Role
from customers.models import LocalizedNameMixin, Period, Product, Region
from salesplan.money import MONEY_DIGITS, MONEY_PLACES


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


class StrategyKind(models.TextChoices):
    LEADER = "leader", _("Leader's strategy (领导者的竞争策略)")
    CHALLENGER = "challenger", _("Challenger's strategy (挑战者的竞争策略)")


class Defence(models.TextChoices):
    POSITION = "position", _("Position defence (阵地防御)")
    MOBILE = "mobile", _("Mobile defence (机动防御)")
    COUNTER = "counter", _("Counter-attack (防守反击)")
    PRE_EMPTIVE = "pre_emptive", _("Attack as defence (以攻为守)")


class GrowthMove(models.TextChoices):
    NEW_USERS = "new_users", _("New users (新用户)")
    MORE_USE = "more_use", _("More use per user (增加用量)")
    NEW_USES = "new_uses", _("New uses (增加新用途)")


class AttackType(models.TextChoices):
    FRONTAL = "frontal", _("Full frontal attack (全面进攻)")
    FOCUSED = "focused", _("Focused attack (重点进攻)")
    LOCAL = "local", _("Local attack (局部进攻)")
    ENCIRCLING = "encircling", _("Encircling attack (缠绕进攻)")
    GUERRILLA = "guerrilla", _("Guerrilla attack (游击进攻)")


class AttackMeans(models.TextChoices):
    PRICE = "price", _("Price (价格)")
    PROMOTION = "promotion", _("Promotion (促销)")
    PUBLIC_RELATIONS = "pr", _("Public relations (公关)")


CHOICE_LISTS = {
    "defences": Defence,
    "growth_moves": GrowthMove,
    "attack_types": AttackType,
    "means": AttackMeans,
}
LEADER_FIELDS = ("defences", "growth_moves")
CHALLENGER_FIELDS = ("aim", "target", "expected_result", "attack_types", "means")


@dataclass(frozen=True)
class StrategyDescription:
    """What the action plan needs to turn a chosen strategy into an activity."""

    title: str
    aim: str
    means: str
    expected_result: str
    budget: Decimal | None


class ChosenStrategy(models.Model):
    """A competitive strategy the region chose for a period, as leader or as challenger.

    Its primary key is its stable identity: the plan's action plan links activities to it.
    """

    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="strategies"
    )
    period = models.ForeignKey(
        Period, verbose_name=_("period"), on_delete=models.PROTECT, related_name="+"
    )
    product = models.ForeignKey(
        Product,
        verbose_name=_("product line"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: every product line."),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=StrategyKind.choices)
    title = models.CharField(_("title"), max_length=120)
    defences = models.JSONField(_("defence (防御)"), default=list, blank=True)
    growth_moves = models.JSONField(_("market growth (扩大市场)"), default=list, blank=True)
    aim = models.TextField(
        _("aim of the attack or defence (攻击或防守的目的)"), max_length=1000, blank=True
    )
    target = models.ForeignKey(
        Competitor,
        verbose_name=_("rival attacked or defended against (攻击或防守谁)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    expected_result = models.TextField(_("expected result (期望结果)"), max_length=1000, blank=True)
    attack_types = models.JSONField(_("attack (进攻方式)"), default=list, blank=True)
    means = models.JSONField(_("means (手段)"), default=list, blank=True)
    notes = models.TextField(_("notes"), max_length=2000, blank=True)
    budget = models.DecimalField(
        _("estimated budget (费用预算)"),
        max_digits=MONEY_DIGITS,
        decimal_places=MONEY_PLACES,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("A first estimate; the action plan's activities carry the budget to the P&L."),
    )
    revision = models.PositiveIntegerField(_("revision"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["region", "period", "kind", "pk"]
        verbose_name = _("chosen competitive strategy")
        verbose_name_plural = _("chosen competitive strategies")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["leader", "challenger"]), name="strategy_kind_known"
            ),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gte=0),
                name="strategy_budget_not_negative",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return (
            reverse("competition_overview", args=[self.region.code, self.period.year])
            + f"#strategy-{self.pk}"
        )

    def clean(self):
        errors = {}
        for field, choices in CHOICE_LISTS.items():
            values = getattr(self, field) or []
            if not isinstance(values, list) or any(v not in choices.values for v in values):
                errors[field] = _("Choose from the listed options.")
            else:
                # Keep the deck's order and drop repeats, whatever order the form sent.
                setattr(self, field, [v for v in choices.values if v in values])
        if self.kind == StrategyKind.LEADER:
            if not errors and not (self.defences or self.growth_moves):
                errors["defences"] = _("Choose at least one defence or one way to grow the market.")
        elif self.kind == StrategyKind.CHALLENGER:
            required = {
                "aim": (self.aim.strip(), _("State the aim of the attack or defence.")),
                "target": (self.target_id, _("Name the rival you attack or defend against.")),
                "expected_result": (
                    self.expected_result.strip(),
                    _("State the result you expect."),
                ),
                "attack_types": (self.attack_types, _("Choose at least one type of attack.")),
                "means": (self.means, _("Choose at least one means.")),
            }
            for field, (value, message) in required.items():
                if field not in errors and not value:
                    errors[field] = message
        if self.target_id and self.region_id and self.target.region_id != self.region_id:
            errors["target"] = _("Choose a competitor of this region.")
        if errors:
            raise ValidationError(errors)

    def labels(self, field: str) -> list[str]:
        choices = CHOICE_LISTS[field]
        return [str(choices(value).label) for value in getattr(self, field) or []]

    @property
    def defence_labels(self) -> list[str]:
        return self.labels("defences")

    @property
    def growth_move_labels(self) -> list[str]:
        return self.labels("growth_moves")

    @property
    def attack_type_labels(self) -> list[str]:
        return self.labels("attack_types")

    @property
    def means_labels(self) -> list[str]:
        return self.labels("means")

    def describe(self) -> StrategyDescription:
        """Title, aim and means in the current language, for an action-plan activity."""
        if self.kind == StrategyKind.LEADER:
            aim = _("Defend the lead and grow the market")
            means = self.labels("defences") + self.labels("growth_moves")
        else:
            aim = self.aim
            if self.target_id:
                aim = f"{aim} ({self.target})"
            means = self.labels("attack_types") + self.labels("means")
        return StrategyDescription(
            title=self.title,
            aim=str(aim),
            means="、".join(means),
            expected_result=self.expected_result,
            budget=self.budget,
        )
