"""The review pack's one-page dashboard: the pack's regions, their groups and their total.

Every figure is a `measures.Line`'s, as the headquarters roll-up reads it
(`planning.hq.dashboard.region_rollup`); a group's subtotal and the pack's total add the lines of
the pack's regions with `measures.total_of` (`Line.add`, the rule's one place), so that they are
the sums of the rows printed above them even when the pack leaves a region of a group out.
Colours are the roll-up's (`planning.hq.signals`, through the `signal` filter in the template).
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from planning.hq import charts, dashboard
from planning.models import PackJob, PackPart, RollupThresholds
from planning.numbers.measures import Line, total_of

REGION, GROUP, TOTAL = "region", "group", "total"


@dataclass
class Row:
    """A line of the dashboard's table: a region of the pack, a group's subtotal, the total."""

    line: Line
    kind: str
    depth: int = 0
    note: str = ""  # the mark of its last year's rule among the table's notes


@dataclass(frozen=True)
class Note:
    mark: str
    text: str


def rows_of(lines: list[Line], chosen: set[int]) -> tuple[list[Row], Line]:
    """The rows of the pack's regions (`chosen`, region ids) in the roll-up's order, each group
    of them under its subtotal (a group without a region of the pack is left out), and the
    pack's total."""

    def rows(line: Line, depth: int) -> list[Row]:
        if line.key in chosen:
            return [Row(line, REGION, depth)]
        below = [row for child in _by_code(line.children) for row in rows(child, depth + 1)]
        if not below:
            return []
        members = [row.line for row in below if row.kind == REGION]
        group = total_of(members, key=line.key, label=line.label)
        group.code = line.code
        return [Row(group, GROUP, depth), *below]

    result = [
        row for root in _by_code(line for line in lines if line.depth == 0) for row in rows(root, 0)
    ]
    total = total_of([row.line for row in result if row.kind == REGION], label=_("Total (合计)"))
    return [*result, Row(total, TOTAL)], total


def _by_code(lines) -> list[Line]:
    return sorted(lines, key=lambda line: line.code)


def _notes(rows: list[Row]) -> list[Note]:
    """Last year's rules (`measures.LastYear.label`): one note for the table when every row has
    the same; else a numbered note each, marked on the rows."""
    labels: list[str] = []
    for row in rows:
        rule = row.line.last_year_rule
        label = rule.label if rule is not None else _("no previous period")
        if label not in labels:
            labels.append(label)
        row.note = str(labels.index(label) + 1)
    if len(labels) == 1:
        for row in rows:
            row.note = ""
        return [Note("*", labels[0])]
    return [Note(str(index), label) for index, label in enumerate(labels, start=1)]


def context(job: PackJob, parts: list[PackPart]) -> dict:
    """The dashboard's template context: rows, total, notes, chart, the colours' bands."""
    lines, _company, month = dashboard.region_rollup(job.requested_by, job.period)
    rows, total = rows_of(lines, {part.region_id for part in parts})
    regions = [row.line for row in rows if row.kind == REGION]
    chart = charts.region_bars(
        [
            [line.last_year for line in regions],
            [line.target for line in regions],
            [line.actual_to_date if line.has_actuals else None for line in regions],
        ],
        [line.label for line in regions],
        width=560,
        height=150,
    )
    return {
        "rows": rows,
        "total": total,
        "month": month,
        "notes": _notes(rows),
        "chart": chart,
        "chart_legend": (_("Last year"), _("Target"), _("Actual to date")),
        "bands": RollupThresholds.load().bands,
    }
