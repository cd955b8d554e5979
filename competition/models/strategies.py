"""The competitive strategies a region chose, one template per market role: the leader's defence,
the challenger's attack, the follower's way of following and the nicher's specialisation."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from competition.models.rivals import Competitor
from customers.models import Period, Product, Region
from salesplan.money import MONEY_DIGITS, MONEY_PLACES
from salesplan.wording import join_list


class StrategyKind(models.TextChoices):
    """The strategy templates; each is written for the market role (rules.Role) of its value."""

    LEADER = "leader", _("Leader's strategy (领导者的竞争策略)")
    CHALLENGER = "challenger", _("Challenger's strategy (挑战者的竞争策略)")
    FOLLOWER = "follower", _("Follower's strategy (跟随者的竞争策略)")
    NICHER = "nicher", _("Nicher's strategy (补缺者的竞争策略)")


# A kind in a sentence: "This is <a challenger's strategy>; …".
KIND_IN_SENTENCE = {
    StrategyKind.LEADER: _("a leader's strategy"),
    StrategyKind.CHALLENGER: _("a challenger's strategy"),
    StrategyKind.FOLLOWER: _("a follower's strategy"),
    StrategyKind.NICHER: _("a nicher's strategy"),
}


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


# The deck stops at the challenger; the follower's and nicher's templates follow Kotler's
# marketing textbook (market follower: cloner, imitator, adapter; market nicher: specialise).
class FollowStyle(models.TextChoices):
    CLONER = "cloner", _("Cloner: follow closely (紧密跟随)")
    IMITATOR = "imitator", _("Imitator: follow at a distance (距离跟随)")
    ADAPTER = "adapter", _("Adapter: follow selectively and improve (选择跟随)")


class FollowerTask(models.TextChoices):
    KEEP_CUSTOMERS = "keep_customers", _("Hold current customers (稳住现有客户)")
    NEW_CUSTOMERS = "new_customers", _("Win a fair share of new customers (争取新客户的合理份额)")
    LOW_COST = "low_cost", _("Keep costs low (保持低成本)")
    QUALITY_SERVICE = "quality_service", _("Keep quality and service high (保持质量与服务)")


class Specialisation(models.TextChoices):
    CUSTOMER = "customer", _("By customer: end use, size or key accounts (客户专业化)")
    PRODUCT = "product", _("By product or product feature (产品专业化)")
    GEOGRAPHY = "geography", _("By geography (地理区域专业化)")
    SERVICE = "service", _("By service (服务专业化)")
    QUALITY_PRICE = "quality_price", _("By quality and price level (质量—价格专业化)")
    CHANNEL = "channel", _("By channel (渠道专业化)")


class NicheTask(models.TextChoices):
    CREATE = "create", _("Create niches (创造补缺市场)")
    EXPAND = "expand", _("Expand the niche (扩大补缺市场)")
    PROTECT = "protect", _("Protect the niche (保护补缺市场)")


CHOICE_LISTS = {
    "defences": Defence,
    "growth_moves": GrowthMove,
    "attack_types": AttackType,
    "means": AttackMeans,
    "follow_styles": FollowStyle,
    "follower_tasks": FollowerTask,
    "specialisations": Specialisation,
    "niche_tasks": NicheTask,
}
LEADER_FIELDS = ("defences", "growth_moves")
CHALLENGER_FIELDS = ("aim", "target", "expected_result", "attack_types", "means")
FOLLOWER_FIELDS = ("target", "follow_styles", "follower_tasks", "expected_result")
NICHER_FIELDS = ("niche", "specialisations", "niche_tasks", "expected_result")
# Each template's own fields; a strategy keeps only its kind's (services clear the others).
KIND_FIELDS = {
    StrategyKind.LEADER: LEADER_FIELDS,
    StrategyKind.CHALLENGER: CHALLENGER_FIELDS,
    StrategyKind.FOLLOWER: FOLLOWER_FIELDS,
    StrategyKind.NICHER: NICHER_FIELDS,
}
TEMPLATE_FIELDS = tuple(dict.fromkeys(name for fields in KIND_FIELDS.values() for name in fields))


@dataclass(frozen=True)
class StrategyDescription:
    """What the action plan needs to turn a chosen strategy into an activity."""

    title: str
    aim: str
    means: str
    expected_result: str
    budget: Decimal | None


class ChosenStrategy(models.Model):
    """A competitive strategy the region chose for a period, from one role's template.

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
    follow_styles = models.JSONField(_("way of following (跟随方式)"), default=list, blank=True)
    follower_tasks = models.JSONField(
        _("what the follower keeps (跟随者的要务)"), default=list, blank=True
    )
    niche = models.TextField(
        _("the niche (补缺市场)"),
        max_length=1000,
        blank=True,
        help_text=_("Which customers, products or area the niche is."),
    )
    specialisations = models.JSONField(_("specialisation (专业化)"), default=list, blank=True)
    niche_tasks = models.JSONField(_("niche tasks (补缺任务)"), default=list, blank=True)
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
                condition=Q(kind__in=["leader", "challenger", "follower", "nicher"]),
                name="strategy_kind_known",
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
        elif self.kind == StrategyKind.FOLLOWER:
            if "follow_styles" not in errors and not self.follow_styles:
                errors["follow_styles"] = _("Choose at least one way of following.")
        elif self.kind == StrategyKind.NICHER:
            if not self.niche.strip():
                errors["niche"] = _("Describe the niche: which customers, products or area.")
            if "specialisations" not in errors and not self.specialisations:
                errors["specialisations"] = _("Choose at least one specialisation.")
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

    @property
    def follow_style_labels(self) -> list[str]:
        return self.labels("follow_styles")

    @property
    def follower_task_labels(self) -> list[str]:
        return self.labels("follower_tasks")

    @property
    def specialisation_labels(self) -> list[str]:
        return self.labels("specialisations")

    @property
    def niche_task_labels(self) -> list[str]:
        return self.labels("niche_tasks")

    def describe(self) -> StrategyDescription:
        """Title, aim and means in the current language, for an action-plan activity."""
        if self.kind == StrategyKind.LEADER:
            aim = _("Defend the lead and grow the market")
            means = self.labels("defences") + self.labels("growth_moves")
        elif self.kind == StrategyKind.FOLLOWER:
            aim = _("Follow %(rival)s") % {"rival": self.target} if self.target_id else ""
            aim = aim or _("Follow the market leader")
            means = self.labels("follow_styles") + self.labels("follower_tasks")
        elif self.kind == StrategyKind.NICHER:
            aim = self.niche
            means = self.labels("specialisations") + self.labels("niche_tasks")
        else:
            aim = self.aim
            if self.target_id:
                aim = f"{aim} ({self.target})"
            means = self.labels("attack_types") + self.labels("means")
        return StrategyDescription(
            title=self.title,
            aim=str(aim),
            means=join_list(means),
            expected_result=self.expected_result,
            budget=self.budget,
        )
