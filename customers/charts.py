"""Geometry of the server-rendered SVG charts: the value matrix and the funnel.

Pixel positions are drawing instructions, not figures, so they are plain floats rounded to one
place; the amounts and scores they stand for stay Decimal in the tables beside the charts.
"""

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from customers import scoring

CLASS_COLOURS = {"A": "#2a9d8f", "B": "#2a6f97", "C": "#e9c46a", "D": "#e76f51", "": "#adb5bd"}
TIER_FILLS = {1: "#e3f2ec", 2: "#fdf3dc", 3: "#e6eef6", 4: "#f3f4f6"}
LABELS_UP_TO = 40  # more bubbles than this: names only in the hover titles


@dataclass(frozen=True)
class MatrixPoint:
    """One customer on the matrix; `amount` sizes the bubble (None: the smallest size)."""

    customer_id: int
    name: str
    attractiveness: Decimal
    advantage: Decimal
    energy_class: str
    amount: Decimal | None


@dataclass
class Bubble:
    x: float
    y: float
    r: float
    fill: str
    name: str
    title: str
    label_x: float
    label_y: float
    customer_id: int


@dataclass
class Rect:
    x: float
    y: float
    width: float
    height: float
    fill: str
    label: str = ""
    label_x: float = 0
    label_y: float = 0


@dataclass
class Tick:
    position: float
    label: str


@dataclass
class MatrixChart:
    width: int
    height: int
    left: float
    top: float
    right: float
    bottom: float
    quadrants: list[Rect]
    threshold_x: float
    threshold_y: float
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    bubbles: list[Bubble]
    show_labels: bool
    threshold: Decimal
    legend: list[tuple[str, str]] = field(default_factory=list)

    @property
    def centre_x(self) -> float:
        return round((self.left + self.right) / 2, 1)

    @property
    def centre_y(self) -> float:
        return round((self.top + self.bottom) / 2, 1)


def _round(value: float) -> float:
    return round(value, 1)


def matrix_chart(
    points: list[MatrixPoint],
    threshold: Decimal,
    *,
    width: int = 640,
    height: int = 480,
    min_radius: float = 5,
    max_radius: float = 24,
) -> MatrixChart:
    """Attractiveness across (客户吸引力), our advantage up (我们的优势), both from 1 to 5."""
    left, top, right, bottom = 56.0, 16.0, width - 16.0, height - 48.0
    low, high = scoring.SCORE_MIN, scoring.SCORE_MAX

    def x_of(value) -> float:
        return left + (float(value) - low) / (high - low) * (right - left)

    def y_of(value) -> float:
        return bottom - (float(value) - low) / (high - low) * (bottom - top)

    tx, ty = x_of(threshold), y_of(threshold)
    tier = {number: scoring.tier_label(number) for number in scoring.TIERS}
    quadrants = [
        Rect(tx, top, right - tx, ty - top, TIER_FILLS[1], tier[1], right - 8, top + 18),
        Rect(tx, ty, right - tx, bottom - ty, TIER_FILLS[2], tier[2], right - 8, bottom - 8),
        Rect(left, top, tx - left, ty - top, TIER_FILLS[3], tier[3], tx - 8, top + 18),
        Rect(left, ty, tx - left, bottom - ty, TIER_FILLS[4], tier[4], tx - 8, bottom - 8),
    ]
    amounts = [p.amount for p in points if p.amount is not None and p.amount > 0]
    largest = max(amounts) if amounts else None

    def radius(amount: Decimal | None) -> float:
        if largest is None or amount is None or amount <= 0:
            return min_radius
        share = float((amount / largest).sqrt())
        return min_radius + (max_radius - min_radius) * share

    # Customers with the same two scores would hide each other: spread them on a small ring.
    crowds: dict[tuple, list[MatrixPoint]] = defaultdict(list)
    for point in points:
        crowds[(point.attractiveness, point.advantage)].append(point)
    bubbles = []
    show_labels = len(points) <= LABELS_UP_TO
    for (attractiveness, advantage), crowd in crowds.items():
        cx, cy = x_of(attractiveness), y_of(advantage)
        for index, point in enumerate(sorted(crowd, key=lambda p: -(p.amount or 0))):
            if len(crowd) > 1:
                angle = 2 * math.pi * index / len(crowd)
                spread = 6 + 2 * min(len(crowd), 8)
                x, y = cx + spread * math.cos(angle), cy + spread * math.sin(angle)
            else:
                x, y = cx, cy
            r = radius(point.amount)
            title = f"{point.name}: {attractiveness} / {advantage}"
            if point.energy_class:
                title += f" · {scoring.class_label(point.energy_class)}"
            bubbles.append(
                Bubble(
                    x=_round(x),
                    y=_round(y),
                    r=_round(r),
                    fill=CLASS_COLOURS.get(point.energy_class, CLASS_COLOURS[""]),
                    name=point.name,
                    title=title,
                    label_x=_round(x + r + 3),
                    label_y=_round(y + 4),
                    customer_id=point.customer_id,
                )
            )
    bubbles.sort(key=lambda bubble: -bubble.r)  # small bubbles on top of large ones
    ticks = range(low, high + 1)
    return MatrixChart(
        width=width,
        height=height,
        left=left,
        top=top,
        right=right,
        bottom=bottom,
        quadrants=[
            Rect(
                _round(q.x),
                _round(q.y),
                _round(q.width),
                _round(q.height),
                q.fill,
                q.label,
                _round(q.label_x),
                _round(q.label_y),
            )
            for q in quadrants
        ],
        threshold_x=_round(tx),
        threshold_y=_round(ty),
        x_ticks=[Tick(_round(x_of(t)), str(t)) for t in ticks],
        y_ticks=[Tick(_round(y_of(t)), str(t)) for t in ticks],
        bubbles=bubbles,
        show_labels=show_labels,
        threshold=threshold,
        legend=[(scoring.class_label(energy), CLASS_COLOURS[energy]) for energy in scoring.CLASSES],
    )


@dataclass
class FunnelBand:
    energy_class: str
    points: str  # the trapezoid's polygon points
    fill: str
    count: int
    share: Decimal
    label_x: float
    label_y: float


@dataclass
class MonthBar:
    month: date
    x: float
    width: float
    segments: list[Rect]
    total: int
    label_x: float


@dataclass
class FunnelChart:
    width: int
    height: int
    bands: list[FunnelBand]
    bars: list[MonthBar]
    bars_left: float
    bars_bottom: float
    bars_top: float
    max_count: int


def funnel_chart(counts_by_month: dict[date, dict[str, int]], *, months_shown: int = 12):
    """The latest month as a funnel (D at the wide top, A at the mouth) and each month's classes
    as stacked bars beside it. None when there is nothing to draw."""
    if not counts_by_month:
        return None
    width, height = 640, 240
    months = sorted(counts_by_month)[-months_shown:]
    latest = counts_by_month[months[-1]]
    total = sum(latest[c] for c in scoring.CLASSES)
    bands = []
    band_height, top, centre = 46.0, 20.0, 130.0
    widths = [220.0, 170.0, 120.0, 70.0, 40.0]  # from the top edge of D to the mouth under A
    for index, energy in enumerate(reversed(scoring.CLASSES)):  # D, C, B, A
        y0, y1 = top + index * band_height, top + (index + 1) * band_height
        w0, w1 = widths[index] / 2, widths[index + 1] / 2
        polygon = (
            f"{centre - w0:.1f},{y0:.1f} {centre + w0:.1f},{y0:.1f} "
            f"{centre + w1:.1f},{y1 - 2:.1f} {centre - w1:.1f},{y1 - 2:.1f}"
        )
        count = latest[energy]
        share = (Decimal(count) * 100 / total).quantize(Decimal("0.1")) if total else Decimal(0)
        bands.append(
            FunnelBand(energy, polygon, CLASS_COLOURS[energy], count, share, centre, y0 + 27)
        )
    bars_left, bars_right, bars_top, bars_bottom = 290.0, width - 10.0, 20.0, 200.0
    slot = (bars_right - bars_left) / max(len(months), 1)
    max_count = max(sum(counts_by_month[m][c] for c in scoring.CLASSES) for m in months) or 1
    bars = []
    for index, month in enumerate(months):
        x = bars_left + index * slot + slot * 0.15
        bar_width = slot * 0.7
        y = bars_bottom
        segments = []
        for energy in reversed(scoring.CLASSES):  # D at the bottom, A on top
            count = counts_by_month[month][energy]
            h = (bars_bottom - bars_top) * count / max_count
            if count:
                segments.append(
                    Rect(
                        _round(x),
                        _round(y - h),
                        _round(bar_width),
                        _round(h),
                        CLASS_COLOURS[energy],
                        f"{scoring.class_label(energy)} {count}",
                    )
                )
            y -= h
        bars.append(
            MonthBar(
                month,
                _round(x),
                _round(bar_width),
                segments,
                sum(counts_by_month[month][c] for c in scoring.CLASSES),
                _round(x + bar_width / 2),
            )
        )
    return FunnelChart(width, height, bands, bars, bars_left, bars_bottom, bars_top, max_count)
