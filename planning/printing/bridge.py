"""Geometry of the region summary's bridge (a waterfall): last year → each product's change →
the target. Figures in (the measures' lines), coordinates out, so that the template only draws
(the way planning/chapters/charts.py draws the chapters' charts)."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from planning.numbers.measures import Line

# More steps than this would be slivers with labels on top of each other: the largest changes
# keep a step each and the rest share one "others" step.
MAX_STEPS = 10


@dataclass(frozen=True)
class Step:
    x: float
    y: float  # the top of the bar
    width: float
    height: float
    label: str
    value: Decimal  # the bar's amount: the total of an end bar, the change of a step
    kind: str  # "total", "up" or "down"
    label_x: float
    value_y: float
    connector_y: float  # where the next bar starts: the running total after this bar
    connector_x1: float  # from this bar's right edge …
    connector_x2: float  # … to the next bar's left edge


@dataclass(frozen=True)
class BridgeChart:
    width: int
    height: int
    left: int
    right: int
    axis_y: float
    label_y: float
    steps: tuple[Step, ...]
    rotate_labels: bool
    floor: Decimal | None  # where the axis starts, when not at 0

    @property
    def plot_right(self) -> int:
        return self.width - self.right


def _changes(products: Sequence[Line]) -> list[tuple[str, Decimal]]:
    """Each product's change (target − last year), largest first by size; past MAX_STEPS the
    smallest share an "others" step. Products without a change are left out."""
    changes = [
        (line.label, line.growth_amount)
        for line in products
        if line.growth_amount is not None and line.growth_amount != 0
    ]
    changes.sort(key=lambda item: -abs(item[1]))
    if len(changes) <= MAX_STEPS:
        return changes
    kept, rest = changes[: MAX_STEPS - 1], changes[MAX_STEPS - 1 :]
    others = ngettext("%(count)d other", "%(count)d others", len(rest)) % {"count": len(rest)}
    return [*kept, (others, sum((change for _label, change in rest), Decimal(0)))]


def bridge_chart(total: Line, products: Sequence[Line]) -> BridgeChart | None:
    """Last year's bar, a step per product's change, the target's bar, on one axis from 0 (or
    from the lowest running total, were it negative). None without a previous period or
    without figures."""
    if total.growth_amount is None or (total.last_year == 0 and total.target == 0):
        return None
    changes = _changes(products)
    bars: list[tuple[str, Decimal, Decimal, Decimal, str]] = []  # label, value, low, high, kind
    running = total.last_year
    bars.append((_("Last year"), running, min(0, running), max(0, running), "total"))
    for label, change in changes:
        after = running + change
        bars.append((label, change, min(running, after), max(running, after), _kind(change)))
        running = after
    bars.append((_("Target"), total.target, min(0, total.target), max(0, total.target), "total"))
    # The axis starts below the lowest running total rather than at 0 (a change of 5 % would
    # be a sliver under two full bars): the floor, named under the chart.
    running_totals = [high if kind == "up" else low for _l, _v, low, high, kind in bars[1:-1]]
    ends = [total.last_year, total.target, *running_totals]
    lowest, highest = min(ends), max(high for _l, _v, _low, high, _k in bars)
    floor = max(Decimal(0), lowest - (highest - lowest) * Decimal("0.4")) if lowest > 0 else None
    if floor is not None:
        floor = _round_down(floor)
        lowest = floor
    else:
        lowest = min(low for _l, _v, low, _h, _k in bars)
    span = (highest - lowest) or Decimal(1)
    width, left, right, top = 640, 16, 16, 24
    rotate = len(bars) > 7
    bottom = 78 if rotate else 34
    height = 240
    plot_height = height - top - bottom
    step = (width - left - right) / len(bars)

    def y_of(value: Decimal) -> float:
        return round(top + plot_height * float((highest - value) / span), 1)

    steps = []
    for index, (label, value, low, high, kind) in enumerate(bars):
        x = left + index * step
        y_top, y_bottom = y_of(high), y_of(low)
        end = high if kind == "up" else low if kind == "down" else value
        if kind == "total" and floor:
            y_bottom = y_of(floor)  # an end bar stands on the axis
        steps.append(
            Step(
                x=round(x + step * 0.15, 1),
                y=y_top,
                width=round(step * 0.7, 1),
                height=max(round(y_bottom - y_top, 1), 0.5),
                label=label,
                value=value,
                kind=kind,
                label_x=round(x + step / 2, 1),
                value_y=round(y_top - 4, 1),
                connector_y=y_of(end),
                connector_x1=round(x + step * 0.85, 1),
                connector_x2=round(x + step * 1.15, 1),
            )
        )
    return BridgeChart(
        width=width,
        height=height,
        left=left,
        right=right,
        axis_y=y_of(Decimal(0)) if lowest <= 0 <= highest else top + plot_height,
        floor=floor or None,
        label_y=top + plot_height + (14 if rotate else 16),
        steps=tuple(steps),
        rotate_labels=rotate,
    )


def _round_down(value: Decimal) -> Decimal:
    """A round number at or below `value`: its two leading digits."""
    if value <= 0:
        return Decimal(0)
    size = Decimal(10) ** (len(str(int(value))) - 2) if value >= 100 else Decimal(1)
    return (value // size) * size


def _kind(change: Decimal) -> str:
    return "up" if change > 0 else "down"
