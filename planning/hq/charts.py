"""Geometry of the HQ roll-up's charts: plan and actual bars per month, and the review pack's
bars per region.

(Reconstructed: the first version of this module was overwritten by mistake by the plan-chapters
work; it draws the same marks that templates/planning/charts/_monthly_bars.html expects.)
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from salesplan.months import MONTHS
from salesplan.templatetags.salesplan import compact_amount


@dataclass(frozen=True)
class MonthBar:
    x: Decimal
    y: Decimal
    width: Decimal
    height: Decimal
    series: int  # 0 plan, 1 actual
    value: Decimal


@dataclass(frozen=True)
class MonthlyBars:
    width: int
    height: int
    baseline: Decimal
    ticks: list[tuple[Decimal, str]]
    bars: list[MonthBar]
    labels: list[tuple[Decimal, str]]


def _px(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _nice_ceiling(value: Decimal) -> Decimal:
    """1, 2, 2.5 or 5 × a power of ten, at least `value` (and 1 for nothing to draw)."""
    if value <= 0:
        return Decimal(1)
    power = Decimal(10) ** (value.adjusted())
    for step in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10)):
        if step * power >= value:
            return step * power
    return 10 * power


def _tick_label(value: Decimal) -> str:
    return compact_amount(value)


def monthly_bars(
    series: Sequence[dict[int, Decimal]],
    labels: Sequence[str],
    *,
    width: int = 720,
    height: int = 240,
) -> MonthlyBars:
    """Side-by-side bars of each series per month on one axis from zero."""
    left, top, bottom_margin = 60, 12, 28
    plot_height = Decimal(height - top - bottom_margin)
    baseline = Decimal(height - bottom_margin)
    largest = max(
        (Decimal(values.get(month) or 0) for values in series for month in MONTHS),
        default=Decimal(0),
    )
    ceiling = _nice_ceiling(largest)
    ticks = [
        (_px(baseline - plot_height * step / 4), _tick_label(ceiling * step / 4))
        for step in range(5)
    ]
    slot = Decimal(width - left) / 12
    bar_width = slot * Decimal("0.8") / max(len(series), 1)
    bars = []
    for index, values in enumerate(series):
        for month in MONTHS:
            value = Decimal(values.get(month) or 0)
            bar_height = plot_height * max(value, Decimal(0)) / ceiling
            x = left + slot * (month - 1) + slot * Decimal("0.1") + bar_width * index
            bars.append(
                MonthBar(
                    x=_px(x),
                    y=_px(baseline - bar_height),
                    width=_px(bar_width),
                    height=_px(bar_height),
                    series=index,
                    value=value,
                )
            )
    label_marks = [
        (_px(left + slot * (month - Decimal("0.5"))), str(label))
        for month, label in zip(MONTHS, labels, strict=False)
    ]
    return MonthlyBars(
        width=width,
        height=height,
        baseline=_px(baseline),
        ticks=ticks,
        bars=bars,
        labels=label_marks,
    )


def region_bars(
    series: Sequence[Sequence[Decimal | None]],
    labels: Sequence[str],
    *,
    width: int = 720,
    height: int = 190,
) -> MonthlyBars:
    """Side-by-side bars of each series per region (one column each, in the order of `labels`)
    on one axis from zero, as `monthly_bars` draws months; a value of None draws no bar (an
    actual before any actuals: not a bar of 0)."""
    left, top, bottom_margin = 60, 12, 28
    plot_height = Decimal(height - top - bottom_margin)
    baseline = Decimal(height - bottom_margin)
    largest = max((Decimal(v) for values in series for v in values if v), default=Decimal(0))
    ceiling = _nice_ceiling(largest)
    ticks = [
        (_px(baseline - plot_height * step / 4), _tick_label(ceiling * step / 4))
        for step in range(5)
    ]
    slot = Decimal(width - left) / max(len(labels), 1)
    bar_width = slot * Decimal("0.7") / max(len(series), 1)
    bars = []
    for index, values in enumerate(series):
        for column, value in enumerate(values):
            if value is None:
                continue
            bar_height = plot_height * max(Decimal(value), Decimal(0)) / ceiling
            x = left + slot * column + slot * Decimal("0.15") + bar_width * index
            bars.append(
                MonthBar(
                    x=_px(x),
                    y=_px(baseline - bar_height),
                    width=_px(bar_width),
                    height=_px(bar_height),
                    series=index,
                    value=Decimal(value),
                )
            )
    marks = [
        (_px(left + slot * (column + Decimal("0.5"))), str(label))
        for column, label in enumerate(labels)
    ]
    return MonthlyBars(width, height, _px(baseline), ticks, bars, marks)
