"""Formatting filters shared by every template: money, quantities, percentages."""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.conf import settings

from salesplan.months import month_label

register = template.Library()


def _grouped(value, places: int) -> str:
    """Round half up to `places` and group thousands with commas, in every language.

    Django's own number_format is not used: its zh-hans format has no thousands separator (so
    ¥1,234.50 came out as ¥1234.50 in the default language), and it truncates extra places
    instead of rounding them (12.39% came out as 12.3%).
    """
    value = Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if value == 0:
        value = abs(value)  # no "-0.00"
    return format(value, f",.{places}f")


@register.filter
def money(value, symbol=True):
    """¥1,234.50 — two places, grouped; blank for None."""
    if value is None or value == "":
        return ""
    text = _grouped(value, 2)
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
def figure(value):
    """An amount, or "—" when there is none yet (an actual, variance or achievement before the
    period has actuals): an empty figure never reads as a result of 0."""
    if value is None or value == "":
        return "—"
    return money(value, symbol=False)


# Amounts shown in 万元 (tens of thousands of yuan): one place, for the roll-up's unit switch.
WAN = Decimal(10000)


@register.filter
def amount_in(value, unit="yuan"):
    """An amount in yuan (1,234.50) or, for unit "wan", in 万元 with one place (0.1)."""
    if value is None or value == "":
        return ""
    if unit == "wan":
        return _grouped(Decimal(value) / WAN, 1)
    return amount(value)


@register.filter
def figure_in(value, unit="yuan"):
    """`figure` in a unit: "—" when there is none yet."""
    if value is None or value == "":
        return "—"
    return amount_in(value, unit)


@register.filter
def raw_number(value):
    """The exact number for a data attribute (e.g. sorting): "" for none."""
    if value is None or value == "":
        return ""
    return str(value)


@register.filter
def quantity(value):
    if value is None or value == "":
        return ""
    value = Decimal(value)
    places = 0 if value == value.to_integral_value() else 2
    return _grouped(value, places)


@register.filter
def percent(value):
    """12.3% — one place; a dash when there is nothing to compare with."""
    if value is None or value == "":
        return "—"
    return f"{_grouped(value, 1)}%"


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template, for dicts keyed by ids or months."""
    return mapping.get(key) if mapping is not None else None


register.filter("month_label", month_label)
