"""A set of months of a planning year (an activity's months: the deck's activity table marks
each month it runs in, 一月 … 十二月, not only a start and an end).

Stored as twelve bits, January the lowest (`MonthsField`): one small integer the database
checks (1 … 4095, at least one month) and filters with a bitwise AND; read as the months in
order, their contiguous runs (a spring and an autumn campaign are two runs) and a label.
"""

from collections.abc import Iterable

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from salesplan.months import MONTHS, month_label

ALL_MONTHS = (1 << len(MONTHS)) - 1  # every month ticked: 4095


def month_bits(months: Iterable[int]) -> int:
    """The bits of `months` (each 1–12; repeats count once)."""
    bits = 0
    for month in months:
        if isinstance(month, bool) or int(month) != month or not 1 <= month <= 12:
            raise ValueError(f"a month is 1–12, not {month!r}")
        bits |= 1 << (int(month) - 1)
    return bits


def month_bit(month: int) -> int:
    return month_bits([month])


def months_of(bits: int) -> tuple[int, ...]:
    """The months of `bits`, January first."""
    if isinstance(bits, bool) or not 0 <= bits <= ALL_MONTHS:
        raise ValueError(f"month bits are 0–{ALL_MONTHS}, not {bits!r}")
    return tuple(month for month in MONTHS if bits & (1 << (month - 1)))


def month_runs(months: Iterable[int]) -> list[tuple[int, int]]:
    """The contiguous runs of `months` as (first, last): 3, 4, 5, 10 → [(3, 5), (10, 10)]."""
    runs: list[tuple[int, int]] = []
    for month in sorted(set(months)):
        if runs and runs[-1][1] == month - 1:
            runs[-1] = (runs[-1][0], month)
        else:
            runs.append((month, month))
    return runs


def describe_months(months: Iterable[int]) -> str:
    """三月–五月、十月 in Chinese, "Mar–May, Oct" in English; "—" for no month."""
    parts = [
        str(month_label(first)) if first == last else f"{month_label(first)}–{month_label(last)}"
        for first, last in month_runs(months)
    ]
    return pgettext("between runs of months", ", ").join(parts) or "—"


class MonthsField(models.PositiveSmallIntegerField):
    """A set of months as twelve bits, January the lowest; at least one month."""

    description = _("A set of months")
    default_validators = [MinValueValidator(1), MaxValueValidator(ALL_MONTHS)]

    def describe(self, value) -> str:
        """The value as a reader sees it (the plan's history lines)."""
        return describe_months(months_of(int(value)))
