"""Formatting filters shared by every template: money, quantities, percentages."""

import contextlib
from contextvars import ContextVar
from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import get_language, gettext

from salesplan.months import month_label
from salesplan.wording import join_list as _join_list

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


# The unit a printed plan shows its amounts in (planning/printing/options.py): None on the
# pages, which show yuan; "yuan" or "wan" while a print renders, and then every amount of the
# document — the filters below and the statements formatted in Python with them — is in that
# unit, and `amount_unit_note` names it in the tables' headers.
_unit: ContextVar[str | None] = ContextVar("amount_unit", default=None)


@contextlib.contextmanager
def amounts_in(unit: str):
    """Every amount formatted meanwhile in `unit` ("yuan" or "wan"), its headers naming it."""
    token = _unit.set(unit)
    try:
        yield
    finally:
        _unit.reset(token)


@register.simple_tag
def amount_unit_note() -> str:
    """A table header's note of the unit of its amounts while a print renders ("Amount
    (10,000 yuan)", 金额（万元）); nothing on the pages."""
    unit = _unit.get()
    if unit is None:
        return ""
    note = gettext("Amount (10,000 yuan)") if unit == "wan" else gettext("Amount (yuan)")
    return format_html('<span class="unit-note">{}</span>', note)


@register.filter
def money(value, symbol=True):
    """¥1,234.50 — two places, grouped; blank for None. In a print in 万元: "1,234.5 万元"."""
    if value is None or value == "":
        return ""
    if _unit.get() == "wan":
        text = _grouped(Decimal(value) / WAN, 1)
        return gettext("%(amount)s (10,000 yuan)") % {"amount": text} if symbol else text
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


# A chart axis's short amounts: tens of thousands (万) and hundreds of millions (亿) in Chinese,
# thousands (k), millions (M) and billions (B) in English.
COMPACT_STEPS = {
    "zh": ((Decimal(10) ** 8, "亿"), (WAN, "万")),
    "en": ((Decimal(10) ** 9, "B"), (Decimal(10) ** 6, "M"), (Decimal(1000), "k")),
}


@register.filter
def compact_amount(value) -> str:
    """500k / 1.25M in English, 50万 / 2.5亿 in Chinese: an axis label, two places at most."""
    value = Decimal(value)
    language = "zh" if (get_language() or "").startswith("zh") else "en"
    for size, suffix in COMPACT_STEPS[language]:
        if abs(value) >= size:
            short = (value / size).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            text = f"{short:,.2f}".rstrip("0").rstrip(".")
            return f"{text}{suffix}"
    return f"{value:,.0f}"


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


@register.filter
def join_list(items) -> str:
    """A list joined as the interface's language joins one: 一月、二月 or "Jan, Feb"."""
    return _join_list(items)
