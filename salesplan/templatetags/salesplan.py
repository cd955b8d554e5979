"""Formatting filters shared by every template: money, quantities, percentages."""

from decimal import Decimal

from django import template
from django.conf import settings
from django.utils.formats import number_format

register = template.Library()


@register.filter
def money(value, symbol=True):
    """¥1,234.50 — two places, grouped; blank for None."""
    if value is None or value == "":
        return ""
    text = number_format(Decimal(value), 2, use_l10n=True, force_grouping=True)
    if not symbol:
        return text
    if text.startswith("-"):
        return f"-{settings.CURRENCY_SYMBOL}{text[1:]}"
    return f"{settings.CURRENCY_SYMBOL}{text}"


@register.filter
def amount(value):
    """1,234.50 without the currency symbol, for dense tables."""
    return money(value, symbol=False)


@register.filter
def quantity(value):
    if value is None or value == "":
        return ""
    value = Decimal(value)
    places = 0 if value == value.to_integral_value() else 2
    return number_format(value, places, use_l10n=True, force_grouping=True)


@register.filter
def percent(value):
    """12.3% — one place; a dash when there is nothing to compare with."""
    if value is None or value == "":
        return "—"
    return f"{number_format(Decimal(value), 1, use_l10n=True, force_grouping=True)}%"
