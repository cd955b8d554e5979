"""Geometry of the chapters' SVG charts (Pareto, activity months): plain numbers in,
coordinates out, so that the templates only draw and the PDF draws the same."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import ngettext

from salesplan.months import MONTHS


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: Decimal | None
    label_x: float
    value_y: float


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class ParetoChart:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    bars: tuple[Bar, ...]
    line_points: str  # "x,y x,y …" of the cumulative share
    points: tuple[tuple[float, float, Decimal], ...]
    ticks: tuple[Tick, ...]
    reference_y: float  # the 80 % line
    rotate_labels: bool
    axis_y: float
    label_y: float
    plot_right: int

    @property
    def tick_x(self) -> int:
        return self.left - 6


def _scale(value: Decimal | None, top: float, plot_height: float) -> float:
    share = max(Decimal(0), min(Decimal(100), value or Decimal(0)))
    return round(top + plot_height * float((100 - share) / 100), 1)


# More bars than this would be slivers with labels on top of each other (a region of 300
# customers drew 900 overlapping labels): the largest customers keep a bar each and the rest
# share one "others" bar, where the cumulative line reaches 100 %. The table lists everyone.
MAX_PARETO_BARS = 20


@dataclass(frozen=True)
class _Share:
    label: str
    share: Decimal | None
    cumulative: Decimal | None


def _pareto_shares(rows: Sequence, labels: dict[int, str]) -> list[_Share]:
    shares = [
        _Share(
            labels.get(row.customer, str(row.customer)),
            row.sales_share,
            row.cumulative_sales_share,
        )
        for row in rows[: MAX_PARETO_BARS - 1 if len(rows) > MAX_PARETO_BARS else None]
    ]
    rest = rows[len(shares) :]
    if rest:
        before = shares[-1].cumulative or Decimal(0)
        last = rest[-1].cumulative_sales_share
        shares.append(
            _Share(
                ngettext("%(count)d other", "%(count)d others", len(rest)) % {"count": len(rest)},
                None if last is None else last - before,
                last,
            )
        )
    return shares


def pareto_chart(rows: Sequence, labels: dict[int, str]) -> ParetoChart | None:
    """Bars of each customer's share of sales, largest first, and the cumulative share line,
    on one 0–100 % axis; past MAX_PARETO_BARS customers the smallest share one bar. None when
    there are no sales to draw."""
    if not rows:
        return None
    shares = _pareto_shares(rows, labels)
    width, height, left, right, top = 640, 316, 48, 16, 32
    rotate = len(shares) > 6
    bottom = 86 if rotate else 40
    plot_width, plot_height = width - left - right, height - top - bottom
    step = plot_width / len(shares)
    bars, points = [], []
    for index, item in enumerate(shares):
        x = left + index * step
        y = _scale(item.share, top, plot_height)
        bars.append(
            Bar(
                x=round(x + step * 0.15, 1),
                y=y,
                width=round(step * 0.7, 1),
                height=round(top + plot_height - y, 1),
                label=item.label,
                value=item.share,
                label_x=round(x + step / 2, 1),
                value_y=round(y - 4, 1),
            )
        )
        points.append(
            (round(x + step / 2, 1), _scale(item.cumulative, top, plot_height), item.cumulative)
        )
    ticks = tuple(
        Tick(y=_scale(Decimal(share), top, plot_height), label=f"{share}%")
        for share in (0, 20, 40, 60, 80, 100)
    )
    return ParetoChart(
        width=width,
        height=height,
        left=left,
        right=right,
        top=top,
        bottom=bottom,
        bars=tuple(bars),
        line_points=" ".join(f"{x},{y}" for x, y, _share in points),
        points=tuple(points),
        ticks=ticks,
        reference_y=_scale(Decimal(80), top, plot_height),
        rotate_labels=rotate,
        axis_y=top + plot_height,
        label_y=top + plot_height + (14 if rotate else 16),
        plot_right=width - right,
    )


@dataclass(frozen=True)
class MonthColumn:
    month: int
    x: float
    center: float


@dataclass(frozen=True)
class GanttBar:
    """One contiguous run of an activity's months."""

    x: float
    width: float


@dataclass(frozen=True)
class GanttRow:
    y: float
    text_y: float
    label: str
    bars: tuple[GanttBar, ...]  # a bar per run: a spring and an autumn campaign are two
    caption: str


@dataclass(frozen=True)
class GanttChart:
    width: int
    height: int
    label_width: int
    header: int
    row_height: int
    column_width: float
    columns: tuple[MonthColumn, ...]
    rows: tuple[GanttRow, ...]


def gantt_chart(
    activities: Sequence[tuple[str, Sequence[tuple[int, int]], str]],
) -> GanttChart | None:
    """One row per activity (label, its runs of months as (first, last), caption) across the
    twelve months, a bar per run."""
    if not activities:
        return None
    width, label_width, header, row_height = 760, 200, 28, 26
    column_width = (width - label_width) / 12
    columns = tuple(
        MonthColumn(
            month=month,
            x=round(label_width + (month - 1) * column_width, 1),
            center=round(label_width + (month - 0.5) * column_width, 1),
        )
        for month in MONTHS
    )
    rows = []
    for index, (label, runs, caption) in enumerate(activities):
        y = header + index * row_height
        bars = tuple(
            GanttBar(
                x=round(label_width + (first - 1) * column_width + 2, 1),
                width=round((last - first + 1) * column_width - 4, 1),
            )
            for first, last in runs
        )
        rows.append(
            GanttRow(
                y=y + 5, text_y=y + row_height / 2 + 4, label=label, bars=bars, caption=caption
            )
        )
    return GanttChart(
        width=width,
        height=header + len(rows) * row_height + 6,
        label_width=label_width,
        header=header,
        row_height=row_height,
        column_width=round(column_width, 1),
        columns=columns,
        rows=tuple(rows),
    )
