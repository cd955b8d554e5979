"""The written chapters of a plan: performance notes, market texts, SWOT, activities,
organisation and control commitments, each chapter with one revision counter."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from customers.models import Customer, LocalizedNameMixin, Product
from planning.chapters.catalogue import ChapterSlug, TextPart
from planning.models.plan import Plan
from salesplan import month_sets
from salesplan.money import MONEY_DIGITS, MONEY_PLACES
from salesplan.month_sets import ALL_MONTHS, MonthsField

NOTE_LIMIT = 1000  # a chapter's free text
ITEM_LIMIT = 200  # one SWOT item, one position title, one entry name
LINE_LIMIT = 300  # one field of an activity or a direction


class ChapterSheet(models.Model):
    """The revision of one chapter of one plan: every save in the chapter bumps it, and a save
    that read an older revision is refused, so that two people never overwrite each other."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="chapter_sheets")
    chapter = models.CharField(_("chapter"), max_length=20, choices=ChapterSlug.choices)
    revision = models.PositiveIntegerField(_("revision"), default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("chapter revision")
        verbose_name_plural = _("chapter revisions")
        constraints = [
            models.UniqueConstraint(fields=["plan", "chapter"], name="one_sheet_per_chapter")
        ]

    def __str__(self):
        return f"{self.plan} · {self.get_chapter_display()} r{self.revision}"


class ChapterText(models.Model):
    """A named free text of a chapter (e.g. market push, the department's value)."""

    Part = TextPart  # the catalogue says which chapter each part belongs to

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="chapter_texts")
    part = models.CharField(_("part"), max_length=30, choices=Part.choices)
    text = models.TextField(_("text"), max_length=NOTE_LIMIT, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chapter text")
        verbose_name_plural = _("chapter texts")
        constraints = [models.UniqueConstraint(fields=["plan", "part"], name="one_text_per_part")]

    def __str__(self):
        return f"{self.get_part_display()}: {self.text[:40]}"


class GapExplanation(models.Model):
    """The manager's explanation of one gap of last period: a product's or a customer's."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="gap_explanations")
    product = models.ForeignKey(
        Product, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    customer = models.ForeignKey(
        Customer, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    text = models.TextField(_("explanation"), max_length=LINE_LIMIT * 2)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("gap explanation")
        verbose_name_plural = _("gap explanations")
        constraints = [
            models.CheckConstraint(
                condition=Q(product__isnull=False, customer__isnull=True)
                | Q(product__isnull=True, customer__isnull=False),
                name="gap_explains_a_product_or_a_customer",
            ),
            models.UniqueConstraint(
                fields=["plan", "product"],
                condition=Q(product__isnull=False),
                name="one_explanation_per_product",
            ),
            models.UniqueConstraint(
                fields=["plan", "customer"],
                condition=Q(customer__isnull=False),
                name="one_explanation_per_customer",
            ),
        ]

    def __str__(self):
        return f"{self.product or self.customer}: {self.text[:40]}"


class SwotItem(models.Model):
    class Kind(models.TextChoices):
        STRENGTH = "S", _("Strengths (优势)")
        WEAKNESS = "W", _("Weaknesses (劣势)")
        OPPORTUNITY = "O", _("Opportunities (机会)")
        THREAT = "T", _("Threats (威胁)")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="swot_items")
    kind = models.CharField(_("kind"), max_length=1, choices=Kind.choices)
    text = models.CharField(_("item"), max_length=ITEM_LIMIT)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "order", "pk"]
        verbose_name = _("SWOT item")
        verbose_name_plural = _("SWOT items")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=["S", "W", "O", "T"]), name="swot_kind"),
            models.CheckConstraint(condition=~Q(text=""), name="swot_item_not_empty"),
        ]

    def __str__(self):
        return f"{self.kind}{self.number}: {self.text}"

    @property
    def number(self) -> int:
        """S1, S2, …: the position within its list, as the matrix cites it."""
        return getattr(self, "_number", self.order + 1)

    @property
    def label(self) -> str:
        return f"{self.kind}{self.number}"


class ActionDirection(models.Model):
    """A concrete action direction (具体行动趋向) answering S/W/O/T items of one pairing."""

    class Pairing(models.TextChoices):
        SO = "SO", _("SO: use strengths to take opportunities")
        WO = "WO", _("WO: overcome weaknesses by taking opportunities")
        ST = "ST", _("ST: use strengths to meet threats")
        WT = "WT", _("WT: reduce weaknesses and avoid threats")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="action_directions")
    pairing = models.CharField(_("pairing"), max_length=2, choices=Pairing.choices)
    text = models.CharField(_("action direction"), max_length=LINE_LIMIT)
    items = models.ManyToManyField(
        SwotItem, through="Citation", related_name="directions", verbose_name=_("answers")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["pairing", "pk"]
        verbose_name = _("action direction")
        verbose_name_plural = _("action directions")
        constraints = [
            models.CheckConstraint(
                condition=Q(pairing__in=["SO", "WO", "ST", "WT"]), name="direction_pairing"
            )
        ]

    def __str__(self):
        return f"{self.pairing}: {self.text[:60]}"


class Citation(models.Model):
    """An action direction names a SWOT item it answers."""

    direction = models.ForeignKey(ActionDirection, on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(SwotItem, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        constraints = [
            models.UniqueConstraint(fields=["direction", "item"], name="cite_an_item_once")
        ]

    def __str__(self):
        return f"{self.direction_id} → {self.item_id}"


class Activity(models.Model):
    """A line of the regional market activity coordination plan (区域市场活动协调计划表)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="activities")
    work = models.CharField(_("work (工作内容)"), max_length=LINE_LIMIT)
    owner = models.CharField(_("owner (负责人)"), max_length=60)
    support = models.CharField(
        _("support requested from HQ (提请支持)"), max_length=LINE_LIMIT, blank=True
    )
    budget = models.DecimalField(
        _("budget (费用预算)"),
        max_digits=MONEY_DIGITS,
        decimal_places=MONEY_PLACES,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    expected_result = models.CharField(
        _("expected result (达成效果)"), max_length=LINE_LIMIT, blank=True
    )
    # The months it runs in (the deck's table marks each month): twelve bits, January the lowest.
    month_bits = MonthsField(_("months"))
    direction = models.ForeignKey(
        ActionDirection,
        verbose_name=_("action direction"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    # The competitive strategy (竞争策略) the activity carries out, from the competition worksheet.
    competitive_strategy = models.ForeignKey(
        "competition.ChosenStrategy",
        verbose_name=_("competitive strategy"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )

    history = HistoricalRecords()

    class Meta:
        # By its first month (the lowest bit set: bits AND their negative), then its later ones.
        ordering = [F("month_bits").bitand(-F("month_bits")).asc(), "month_bits", "pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(month_bits__gte=1, month_bits__lte=ALL_MONTHS),
                name="activity_runs_in_some_month",
            ),
            models.CheckConstraint(condition=Q(budget__gte=0), name="activity_budget_not_negative"),
        ]

    def __str__(self):
        return self.work

    @property
    def months(self) -> tuple[int, ...]:
        """The months it runs in, January first (e.g. (3, 4, 9, 10): spring and autumn)."""
        return month_sets.months_of(self.month_bits or 0)

    @months.setter
    def months(self, months) -> None:
        self.month_bits = month_sets.month_bits(months)

    @property
    def month_runs(self) -> list[tuple[int, int]]:
        """Its contiguous runs of months as (first, last): one calendar event each."""
        return month_sets.month_runs(self.months)

    @property
    def months_label(self) -> str:
        return month_sets.describe_months(self.months)


class Position(models.Model):
    """A position of the regional organisation (岗位设置) with its headcount (人员数量)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="positions")
    title = models.CharField(_("position (岗位)"), max_length=ITEM_LIMIT)
    headcount = models.PositiveSmallIntegerField(_("headcount (人员数量)"), default=1)
    duties = models.TextField(_("duties (职责)"), max_length=LINE_LIMIT * 2, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")

    def __str__(self):
        return f"{self.title} × {self.headcount}"


class OrganisationEntry(models.Model):
    """A management process (管理流程), operating rule (操作规范) or management form (管理表单)."""

    class Kind(models.TextChoices):
        PROCESS = "process", _("Management processes (管理流程)")
        RULE = "rule", _("Operating rules (操作规范)")
        FORM = "form", _("Management forms (管理表单)")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="organisation_entries")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=ITEM_LIMIT)
    description = models.TextField(_("description"), max_length=LINE_LIMIT * 2, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "order", "pk"]
        verbose_name = _("organisation entry")
        verbose_name_plural = _("organisation entries")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.name}"


class Cadence(models.TextChoices):
    DAILY = "daily", _("Daily (每日)")
    WEEKLY = "weekly", _("Weekly (每周)")
    MONTHLY = "monthly", _("Monthly (每月)")
    HALF_YEARLY = "half_yearly", _("Half-yearly (每半年)")


class ControlMeans(LocalizedNameMixin, models.Model):
    """A means of effective control (有效控制的手段) of the catalogue; administrators edit it."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=150, blank=True)
    default_cadence = models.CharField(
        _("usual cadence"), max_length=12, choices=Cadence.choices, default=Cadence.MONTHLY
    )
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("means of control")
        verbose_name_plural = _("means of control")

    def __str__(self):
        return self.display_name


class ControlCommitment(models.Model):
    """The plan commits to a means of control with a cadence, an owner and a status."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned (计划中)")
        RUNNING = "running", _("Running (执行中)")
        LAPSED = "lapsed", _("Lapsed (未执行)")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="control_commitments")
    means = models.ForeignKey(
        ControlMeans,
        verbose_name=_("means of control"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    cadence = models.CharField(_("cadence"), max_length=12, choices=Cadence.choices)
    owner = models.CharField(_("owner (负责人)"), max_length=60)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["means__order", "pk"]
        verbose_name = _("control commitment")
        verbose_name_plural = _("control commitments")
        constraints = [
            models.UniqueConstraint(fields=["plan", "means"], name="one_commitment_per_means")
        ]

    def __str__(self):
        return f"{self.means}: {self.get_cadence_display()}"
