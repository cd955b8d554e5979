"""The market a region works: products, customers, and their prices by the month they take effect
(the rule that picks one: `customers/pricing.py`)."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from customers.models.names import LocalizedNameMixin
from customers.models.organisation import Region
from salesplan.money import MONEY_DIGITS, MONEY_PLACES

# The month of a price entered without one: in force in every period (periods start in 2000).
FROM_THE_START = date(2000, 1, 1)
LAST_PRICE_MONTH = date(2100, 12, 1)


def validate_month_start(value: date) -> None:
    """A price takes effect on the first of a month, within the years periods may have."""
    if value.day != 1:
        raise ValidationError(_("A price takes effect from the first of a month."), code="day")
    if not FROM_THE_START <= value <= LAST_PRICE_MONTH:
        raise ValidationError(_("Choose a month between 2000 and 2100."), code="range")


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


def price_field(verbose_name):
    return models.DecimalField(
        verbose_name,
        max_digits=MONEY_DIGITS,
        decimal_places=MONEY_PLACES,
        validators=[MinValueValidator(Decimal("0"))],
    )


def valid_from_field():
    return models.DateField(
        _("valid from"),
        default=FROM_THE_START,
        validators=[validate_month_start],
        help_text=_("The first day of the month the price takes effect."),
    )


class ListPrice(models.Model):
    """A product's list price from a month on; before its first entry, `Product.list_price`."""

    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="list_prices"
    )
    price = price_field(_("list price"))
    valid_from = valid_from_field()
    history = HistoricalRecords()

    class Meta:
        ordering = ["product", "valid_from"]
        verbose_name = _("list price from a month")
        verbose_name_plural = _("list prices by month")
        constraints = [
            models.UniqueConstraint(
                fields=["product", "valid_from"], name="one_list_price_per_month"
            ),
            models.CheckConstraint(condition=Q(price__gte=0), name="list_price_not_negative"),
            models.CheckConstraint(
                condition=Q(valid_from__gte=FROM_THE_START), name="list_price_month_sane"
            ),
        ]

    def __str__(self):
        return f"{self.product} · {self.valid_from:%Y-%m}: {self.price}"


class CustomerPrice(models.Model):
    """A customer's agreed price for a product from a month on, overriding the list price."""

    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="prices"
    )
    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="customer_prices"
    )
    price = price_field(_("agreed price"))
    valid_from = valid_from_field()
    # Counts the saves of the price: a save that read an older revision is refused.
    revision = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["customer", "product", "valid_from"]
        verbose_name = _("customer price")
        verbose_name_plural = _("customer prices")
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "product", "valid_from"], name="one_price_per_pair_and_month"
            ),
            models.CheckConstraint(condition=Q(price__gte=0), name="customer_price_not_negative"),
            models.CheckConstraint(
                condition=Q(valid_from__gte=FROM_THE_START), name="customer_price_month_sane"
            ),
        ]

    def __str__(self):
        return f"{self.customer} · {self.product} · {self.valid_from:%Y-%m}: {self.price}"
