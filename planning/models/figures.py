"""The plan's figures: targets, the collections plan, expense budgets and monthly profiles."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from customers.models import Customer, LocalizedNameMixin, Product, Region
from planning.models.plan import Plan
from salesplan.money import MONEY_DIGITS, MONEY_PLACES

MONTH_VALIDATORS = [MinValueValidator(1), MaxValueValidator(12)]


def money_field(verbose_name, **kwargs):
    return models.DecimalField(
        verbose_name,
        max_digits=MONEY_DIGITS,
        decimal_places=MONEY_PLACES,
        default=Decimal("0.00"),
        **kwargs,
    )


class Cell(models.Model):
    """One editable figure of a grid. `revision` counts its saves: a save that read an older
    revision is refused, so two people never overwrite each other silently."""

    month = models.PositiveSmallIntegerField(_("month"), validators=MONTH_VALIDATORS)
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True


class Target(Cell):
    """Planned sales (销售预测与分解) of one product to one customer in one month."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="targets")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="targets")
    quantity = models.DecimalField(
        _("quantity"), max_digits=MONEY_DIGITS, decimal_places=2, default=Decimal("0.00")
    )
    # quantity × the customer's price, computed on every save: never typed.
    amount = money_field(_("amount"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        # Covers the roll-up's GROUP BY plan, product, month (amounts by month, and quantities
        # by product for the cost of goods): SQLite answers it from the index alone.
        indexes = [
            models.Index(
                fields=["plan", "product", "month", "quantity", "amount"],
                name="target_plan_product_month",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "customer", "product", "month"], name="one_target_per_cell"
            ),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="target_month"),
            models.CheckConstraint(
                condition=Q(quantity__gte=0, amount__gte=0), name="target_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.customer} · {self.product} · {self.month}: {self.quantity}"


class CollectionPlan(Cell):
    """Planned collection (帐款回收, 计划) from one customer for one product in one month (the
    deck's rows are customer × product). The opening balance it collects is `OpeningBalance`."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="collections")
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="+")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="+")
    amount = money_field(_("amount"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("planned collection")
        verbose_name_plural = _("planned collections")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "customer", "product", "month"], name="one_collection_per_cell"
            ),
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12), name="collection_month"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="collection_not_negative"),
        ]

    def __str__(self):
        return f"{self.customer} · {self.product} · {self.month}: {self.amount}"


class OpeningBalance(Cell):
    """What a customer owes as the plan's year begins (期初欠款), with its age: `month` is the
    month of the previous year it was invoiced in, or 0 when that is not known (未分龄, never
    counted as over 90 days). A customer's opening balance is the sum of its cells."""

    NOT_AGED = 0

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="opening_balances")
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="+")
    month = models.PositiveSmallIntegerField(
        _("invoiced in (month of the previous year)"),
        validators=[MinValueValidator(0), MaxValueValidator(12)],
    )
    amount = money_field(_("amount"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("opening balance")
        verbose_name_plural = _("opening balances")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "customer", "month"], name="one_opening_balance_per_cell"
            ),
            models.CheckConstraint(
                condition=Q(month__gte=0, month__lte=12), name="opening_balance_month"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="opening_balance_not_negative"),
        ]

    def __str__(self):
        return f"{self.customer} · {self.month}: {self.amount}"


class ExpenseLine(LocalizedNameMixin, models.Model):
    """An expense item of the projected P&L (支出项); administrators add lines."""

    # The line whose plan is the action plan's activity budgets: computed, never typed.
    MARKET_ACTIVITIES = "market-activities"

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("expense line")
        verbose_name_plural = _("expense lines")

    def __str__(self):
        return self.display_name


class ExpenseBudget(Cell):
    """The planned amount of one expense line in one month."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="expense_budgets")
    line = models.ForeignKey(ExpenseLine, on_delete=models.PROTECT, related_name="+")
    amount = money_field(_("amount"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("expense budget")
        verbose_name_plural = _("expense budgets")
        constraints = [
            models.UniqueConstraint(fields=["plan", "line", "month"], name="one_budget_per_cell"),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="budget_month"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="budget_not_negative"),
        ]

    def __str__(self):
        return f"{self.line} · {self.month}: {self.amount}"


class MonthlyProfile(models.Model):
    """A saved seasonality: twelve weights used to spread an annual figure over the months."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="profiles")
    name = models.CharField(_("name"), max_length=60)
    weights = models.JSONField(_("monthly weights"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("monthly profile")
        verbose_name_plural = _("monthly profiles")
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="unique_profile_name")
        ]

    def __str__(self):
        return self.name
