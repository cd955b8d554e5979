"""The market a region works: products, customers and their agreed prices."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from customers.models.names import LocalizedNameMixin
from customers.models.organisation import Region
from salesplan.money import MONEY_DIGITS, MONEY_PLACES


class Product(LocalizedNameMixin, models.Model):
    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    unit = models.CharField(_("unit"), max_length=20, default="件")
    whole_units = models.BooleanField(
        _("counted in whole units"),
        default=True,
        help_text=_("Machines, sets, pieces: yes. Tonnes or metres: no (two decimal places)."),
    )
    list_price = models.DecimalField(
        _("list price"),
        max_digits=MONEY_DIGITS,
        decimal_places=MONEY_PLACES,
        validators=[MinValueValidator(Decimal("0"))],
    )
    # What one unit costs us, for the gross profit of the customer contribution analysis.
    standard_cost = models.DecimalField(
        _("standard unit cost"),
        max_digits=MONEY_DIGITS,
        decimal_places=MONEY_PLACES,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("product")
        verbose_name_plural = _("products")
        constraints = [
            models.CheckConstraint(
                condition=Q(list_price__gte=0), name="product_price_not_negative"
            )
        ]

    def __str__(self):
        return self.display_name


class Customer(models.Model):
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="customers"
    )
    name = models.CharField(_("name"), max_length=100)
    industry = models.CharField(_("industry"), max_length=100, blank=True)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    payment_terms = models.CharField(_("payment terms (帐期)"), max_length=100, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    # Counts the saves of the customer form: a save that read an older revision is refused.
    revision = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["region", "name"]
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="unique_customer_per_region")
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("customer_detail", args=[self.pk])


class CustomerPrice(models.Model):
    """A customer's agreed price for a product, overriding the list price."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="prices")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="customer_prices")
    price = models.DecimalField(
        _("agreed price"),
        max_digits=MONEY_DIGITS,
        decimal_places=MONEY_PLACES,
        validators=[MinValueValidator(Decimal("0"))],
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("customer price")
        verbose_name_plural = _("customer prices")
        constraints = [
            models.UniqueConstraint(fields=["customer", "product"], name="one_price_per_pair"),
            models.CheckConstraint(condition=Q(price__gte=0), name="customer_price_not_negative"),
        ]

    def __str__(self):
        return f"{self.customer} · {self.product}: {self.price}"
