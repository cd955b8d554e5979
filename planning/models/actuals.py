"""The region's actuals per month: facts, entered at any plan state, shared by plan versions."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from customers.models import Customer, Period, Product, Region
from planning.models.figures import Cell, ExpenseLine, money_field


class ActualSale(Cell):
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="+")
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="actual_sales")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="+")
    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=2, default=0)
    amount = money_field(_("amount"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("actual sale")
        verbose_name_plural = _("actual sales")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "customer", "product", "month"], name="one_actual_sale_per_cell"
            ),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="sale_month"),
        ]
        # Covers the roll-up's GROUP BY region, month within a period, and last year's
        # quantities beside a product's targets grid (by customer, and its total): without it a
        # cell save read the region's whole year of sales for that total.
        indexes = [
            models.Index(
                fields=["period", "region", "month", "amount"], name="sale_period_region_month"
            ),
            # … and the cost of goods: quantities by product and month, from the index alone.
            models.Index(
                fields=["period", "region", "product", "month", "customer", "quantity"],
                name="sale_region_product_month",
            ),
            # Headquarters ages each customer's debt (a region's ageing is the sum of its
            # customers'), so the roll-up sums sales by customer and month from the index alone.
            models.Index(
                fields=["period", "region", "customer", "month", "amount"],
                name="sale_period_region_customer",
            ),
        ]

    def __str__(self):
        return f"{self.customer} · {self.product} · {self.period}/{self.month}: {self.amount}"


class ActualCollection(Cell):
    """Collected (实收) from one customer for one product in one month."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="+")
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="+")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="+")
    amount = money_field(_("amount"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("actual collection")
        verbose_name_plural = _("actual collections")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "customer", "product", "month"],
                name="one_actual_collection_per_cell",
            ),
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12), name="actual_collection_month"
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="actual_collection_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.customer} · {self.product} · {self.period}/{self.month}: {self.amount}"


class ActualExpense(Cell):
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="+")
    line = models.ForeignKey(ExpenseLine, on_delete=models.PROTECT, related_name="+")
    amount = money_field(_("amount"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("actual expense")
        verbose_name_plural = _("actual expenses")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "period", "line", "month"], name="one_actual_expense_per_cell"
            ),
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12), name="actual_expense_month"
            ),
        ]

    def __str__(self):
        return f"{self.line} · {self.period}/{self.month}: {self.amount}"
