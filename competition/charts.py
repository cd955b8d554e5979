"""Geometry of the server-rendered SVG charts: the position map and the 4P1S comparison.

Pure functions that place marks; the templates only draw them, so the page and the PDF show the
same picture. Coordinates are exact decimals rounded to one place for the SVG attributes.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

US_COLOUR = "#1d6fa5"
RIVAL_COLOURS = ("#d9622b", "#7a8b99", "#4f8a3c", "#a05195", "#c9a227", "#5c4d7d")
CAPABILITY_MIN, CAPABILITY_MAX = Decimal(1), Decimal(5)
# A bubble's label, the name above its role and share, reaches this far above and below its y.
LABEL_ABOVE, LABEL_BELOW = Decimal(14), Decimal(15)


def _px(value: Decimal) -> Decimal:
    return Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def rival_colour(index: int) -> str:
    return RIVAL_COLOURS[index % len(RIVAL_COLOURS)]


@dataclass(frozen=True)
class Tick:
    position: Decimal
    label: str


@dataclass(frozen=True)
class Bubble:
    x: Decimal
    y: Decimal
    radius: Decimal
    colour: str
    name: str
    detail: str  # e.g. the role
    label_x: Decimal
    label_y: Decimal
    label_anchor: str  # "start" or "end"
    is_us: bool

    @property
    def label_moved(self) -> bool:
        """True when the label had to move away from its bubble: a thin line then joins them."""
        return abs(self.label_y - self.y) > self.radius


@dataclass(frozen=True)
class PositionMap:
    width: int
    height: int
    left: int
    top: int
    right: int  # x of the plot's right edge
    bottom: int  # y of the plot's bottom edge
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    niche_y: Decimal | None
    niche_label: str
    bubbles: list[Bubble]

    @property
    def plot_width(self) -> int:
        return self.right - self.left

    @property
    def plot_height(self) -> int:
        return self.bottom - self.top

    @property
    def x_middle(self) -> Decimal:
        return _px(Decimal(self.left + self.right) / 2)

    @property
    def y_middle(self) -> Decimal:
        return _px(Decimal(self.top + self.bottom) / 2)


@dataclass(frozen=True)
class MapPoint:
    """One company to place: capability None cannot be placed and is left off the map."""

    name: str
    detail: str
    share: Decimal
    capability: Decimal | None
    colour: str
    is_us: bool = False


def _share_ceiling(shares: Sequence[Decimal]) -> Decimal:
    top = max(shares, default=Decimal(0)) * Decimal("1.15")
    ceiling = (top / 10).to_integral_value(rounding=ROUND_CEILING) * 10
    return min(max(ceiling, Decimal(20)), Decimal(100))


def _label_box(x: Decimal, radius: Decimal, width: Decimal, on_left: bool):
    """A label beside its bubble: where its text is anchored, and the span (left, right) it
    covers."""
    label_x = x - radius - 4 if on_left else x + radius + 4
    return label_x, ((label_x - width, label_x) if on_left else (label_x, label_x + width))


def _blocking(obstacles, box, label_y: Decimal) -> list[Decimal]:
    """The bottom edges of the obstacles a label at `label_y` spanning `box` (left, right)
    would cover."""
    box_left, box_right = box
    return [
        bottom_edge
        for other_left, other_top, other_right, bottom_edge in obstacles
        if box_left < other_right
        and other_left < box_right
        and label_y - LABEL_ABOVE < bottom_edge
        and other_top < label_y + LABEL_BELOW
    ]


def position_map(
    points: Sequence[MapPoint],
    *,
    niche_share: Decimal | None = None,
    niche_label: str = "",
    width: int = 560,
    height: int = 340,
) -> PositionMap:
    """Capability (1–5) across, market share (%) up, one bubble per company sized by its share."""
    left, top, right, bottom = 64, 16, width - 24, height - 52
    placed = [p for p in points if p.capability is not None]
    ceiling = _share_ceiling([p.share for p in placed])
    step = Decimal(10) if ceiling <= 50 else Decimal(20)
    span_x = Decimal(right - left)
    span_y = Decimal(bottom - top)

    def x_of(capability: Decimal) -> Decimal:
        return left + (capability - CAPABILITY_MIN) / (CAPABILITY_MAX - CAPABILITY_MIN) * span_x

    def y_of(share: Decimal) -> Decimal:
        return bottom - min(share, ceiling) / ceiling * span_y

    x_ticks = [Tick(_px(x_of(Decimal(v))), str(v)) for v in range(1, 6)]
    y_ticks = []
    value = Decimal(0)
    while value <= ceiling:
        y_ticks.append(Tick(_px(y_of(value)), f"{value:.0f}%"))
        value += step
    circles = []
    for point in sorted(placed, key=lambda p: (-p.share, p.name)):
        x, y = x_of(point.capability), y_of(point.share)
        circles.append((point, x, y, Decimal(7) + point.share.sqrt() * Decimal("1.9")))
    # Obstacles are boxes (left, top, right, bottom): every bubble, then each label once placed.
    obstacles = [(x - r, y - r, x + r, y + r) for _point, x, y, r in circles]
    bubbles = []
    for point, x, y, radius in circles:
        text_width = Decimal(max(len(point.name) * 12, len(point.detail) * 6))
        # Labels go right of the bubble, or left of it in the right third of the map; on the
        # other side when that side is free and inside the map, rather than moved down under
        # the next company's bubble and label.
        on_left = x > left + span_x * 2 / 3
        label_x, box = _label_box(x, radius, text_width, on_left)
        other_x, other_box = _label_box(x, radius, text_width, not on_left)
        if (
            _blocking(obstacles, box, y)
            and left <= other_box[0]
            and other_box[1] <= right
            and not _blocking(obstacles, other_box, y)
        ):
            on_left, label_x, box = not on_left, other_x, other_box
        box_left, box_right = box
        # Move a label down below whatever it would cover, so that close companies stay legible.
        label_y = y
        for _attempt in range(len(obstacles) + 1):
            blocking = _blocking(obstacles, box, label_y)
            if not blocking:
                break
            label_y = max(blocking) + LABEL_ABOVE
        obstacles.append((box_left, label_y - LABEL_ABOVE, box_right, label_y + LABEL_BELOW))
        bubbles.append(
            Bubble(
                x=_px(x),
                y=_px(y),
                radius=_px(radius),
                colour=point.colour,
                name=point.name,
                detail=point.detail,
                label_x=_px(label_x),
                label_y=_px(label_y),
                label_anchor="end" if on_left else "start",
                is_us=point.is_us,
            )
        )
    # Draw the big bubbles first so that the small ones stay visible on top.
    bubbles.sort(key=lambda bubble: -bubble.radius)
    niche_y = _px(y_of(niche_share)) if niche_share is not None and niche_share < ceiling else None
    return PositionMap(
        width=width,
        height=height,
        left=left,
        top=top,
        right=right,
        bottom=bottom,
        x_ticks=x_ticks,
        y_ticks=y_ticks,
        niche_y=niche_y,
        niche_label=niche_label,
        bubbles=bubbles,
    )


@dataclass(frozen=True)
class Bar:
    x: Decimal
    y: Decimal
    width: Decimal
    height: Decimal
    colour: str
    score: int
    label_x: Decimal
    label_anchor: str


@dataclass(frozen=True)
class BarGroup:
    label: str
    label_y: Decimal
    band_y: Decimal
    band_height: Decimal
    bars: list[Bar]


@dataclass(frozen=True)
class LegendItem:
    x: Decimal
    y: Decimal
    colour: str
    name: str

    @property
    def swatch_y(self) -> Decimal:
        return self.y - 9

    @property
    def text_x(self) -> Decimal:
        return self.x + 15


@dataclass(frozen=True)
class ComparisonChart:
    width: int
    height: int
    centre: Decimal
    plot_left: Decimal
    plot_right: Decimal
    top: int
    bottom: Decimal
    x_ticks: list[Tick]
    groups: list[BarGroup]
    legend: list[LegendItem]
    left_caption: str
    right_caption: str

    @property
    def label_x(self) -> Decimal:
        return self.plot_left - 12


@dataclass(frozen=True)
class RivalScores:
    name: str
    colour: str
    scores: Sequence[int]  # one per dimension, −2 … +2


def comparison_chart(
    dimensions: Sequence[str],
    rivals: Sequence[RivalScores],
    *,
    left_caption: str = "",
    right_caption: str = "",
    width: int = 560,
) -> ComparisonChart:
    """Diverging bars: per 4P1S dimension one bar per rival, from 0 to our score against it."""
    label_width, top, bar_height, gap = 150, 28, 12, 14
    plot_left, plot_right = Decimal(label_width + 12), Decimal(width - 20)
    centre = (plot_left + plot_right) / 2
    unit = (plot_right - plot_left) / 4  # the axis runs −2 … +2
    group_height = max(len(rivals), 1) * bar_height + gap
    groups = []
    for index, label in enumerate(dimensions):
        band_y = Decimal(top + index * group_height)
        bars = []
        for offset, rival in enumerate(rivals):
            score = int(rival.scores[index])
            length = abs(score) * unit if score else Decimal(3)
            x = centre if score >= 0 else centre - length
            end = centre + length if score >= 0 else centre - length
            bars.append(
                Bar(
                    x=_px(x if score else centre - Decimal("1.5")),
                    y=_px(band_y + gap // 2 + offset * bar_height + 1),
                    width=_px(length),
                    height=Decimal(bar_height - 2),
                    colour=rival.colour,
                    score=score,
                    label_x=_px(end + 4 if score >= 0 else end - 4),
                    label_anchor="start" if score >= 0 else "end",
                )
            )
        groups.append(
            BarGroup(
                label=label,
                label_y=_px(band_y + Decimal(group_height) / 2 + 4),
                band_y=band_y,
                band_height=Decimal(group_height),
                bars=bars,
            )
        )
    bottom = Decimal(top + len(dimensions) * group_height)
    x_ticks = [
        Tick(_px(centre + value * unit), f"{value:+d}" if value else "0") for value in range(-2, 3)
    ]
    legend, legend_x = [], Decimal(label_width + 12)
    legend_y = bottom + 36
    for rival in rivals:
        item_width = 28 + 13 * Decimal(len(rival.name))
        if legend and legend_x + item_width > width:  # wrap to a new legend line
            legend_x, legend_y = Decimal(label_width + 12), legend_y + 20
        legend.append(LegendItem(x=legend_x, y=legend_y, colour=rival.colour, name=rival.name))
        legend_x += item_width
    return ComparisonChart(
        width=width,
        height=int(legend_y) + 14,
        centre=_px(centre),
        plot_left=_px(plot_left),
        plot_right=_px(plot_right),
        top=top,
        bottom=bottom,
        x_ticks=x_ticks,
        groups=groups,
        legend=legend,
        left_caption=left_caption,
        right_caption=right_caption,
    )
