"""What the plan reads from the competition worksheets: competitor moves and the strategy summary.

The planning app includes `templates/competition/_moves.html` (context: `moves`, `print`) in the
market-situation chapter and `templates/competition/_strategy_summary.html` (context: `summary`,
the dict below, and `print`) in the strategy chapter. Neither needs anything from planning.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from competition import charts
from competition.models import (
    KIND_IN_SENTENCE,
    CapabilityFactor,
    ChosenStrategy,
    CompetitionWorksheet,
    Competitor,
    CompetitorMove,
    Dimension,
    PositioningAssessment,
    ProductPosition,
    StrategyKind,
    role_thresholds,
)
from competition.rules import (
    ROLE_IN_SENTENCE,
    Company,
    LineRole,
    Role,
    RoleThresholdValues,
    capability,
    derive_roles,
    strategy_misfits,
)
from customers.models import Period, Product, Region

US = "us"


def competitor_moves(region: Region, *, since: datetime.date | None = None) -> list[CompetitorMove]:
    """The region's dated competitor moves (竞争者动向), newest first; `since` is inclusive."""
    moves = CompetitorMove.objects.filter(competitor__region=region).select_related("competitor")
    if since is not None:
        moves = moves.filter(date__gte=since)
    return list(moves.order_by("-date", "-pk"))


def rival_colours(region: Region) -> dict[int, str]:
    """One colour per competitor of the region, the same on every chart."""
    pks = (
        Competitor.objects.filter(region=region).order_by("name", "pk").values_list("pk", flat=True)
    )
    return {pk: charts.rival_colour(index) for index, pk in enumerate(pks)}


def row_key(competitor: Competitor | None) -> str:
    return US if competitor is None else f"c{competitor.pk}"


@dataclass
class PositionRow:
    key: str
    name: str
    competitor: Competitor | None
    share: Decimal
    capability: Decimal | None
    scores: dict[int, int]
    derived_role: str
    role_override: str
    override_reason: str
    colour: str

    @property
    def is_us(self) -> bool:
        return self.competitor is None

    @property
    def role(self) -> str:
        return self.role_override or self.derived_role

    @property
    def role_label(self) -> str:
        return Role(self.role).label if self.role else ""

    @property
    def derived_role_label(self) -> str:
        return Role(self.derived_role).label if self.derived_role else ""


@dataclass
class ProductPositionSummary:
    product: Product
    position: ProductPosition | None
    rows: list[PositionRow]
    total_share: Decimal
    chart: charts.PositionMap | None
    unplaced: list[PositionRow] = field(default_factory=list)

    @property
    def our_row(self) -> PositionRow | None:
        return next((row for row in self.rows if row.is_us), None)

    @property
    def our_role(self) -> str:
        row = self.our_row
        return row.role if row else ""


def number_text(value: Decimal) -> str:
    """A threshold as typed: 10, 7.5, 0.5 (no trailing zeros)."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def position_summary(
    position: ProductPosition,
    factors: list[CapabilityFactor],
    colours: dict[int, str],
    thresholds: RoleThresholdValues,
) -> ProductPositionSummary:
    weights = {factor.pk: factor.weight for factor in factors}
    rows = []
    for entry in position.entries.all():
        scores = {score.factor_id: score.score for score in entry.scores.all()}
        active_scores = {pk: value for pk, value in scores.items() if pk in weights}
        competitor = entry.competitor
        rows.append(
            PositionRow(
                key=row_key(competitor),
                name=_("Us (我方)") if competitor is None else competitor.name,
                competitor=competitor,
                share=entry.share,
                capability=capability(active_scores, weights),
                scores=scores,
                derived_role="",
                role_override=entry.role_override,
                override_reason=entry.override_reason,
                colour=charts.US_COLOUR if competitor is None else colours.get(competitor.pk, ""),
            )
        )
    roles = derive_roles(
        [Company(row.key, row.share, row.capability) for row in rows],
        niche_share=thresholds.niche_share,
        challenger_gap=thresholds.challenger_gap,
    )
    for row in rows:
        row.derived_role = roles[row.key]
    rows.sort(
        key=lambda row: (
            -row.share,
            -(row.capability if row.capability is not None else -1),
            not row.is_us,
            row.name,
        )
    )
    chart = charts.position_map(
        [
            charts.MapPoint(
                name=row.name,
                detail=f"{row.role_label} · {row.share:.1f}%",
                share=row.share,
                capability=row.capability,
                colour=row.colour,
                is_us=row.is_us,
            )
            for row in rows
        ],
        niche_share=thresholds.niche_share,
        niche_label=_("Niche line (补缺线) %(share)s%%")
        % {"share": number_text(thresholds.niche_share)},
    )
    return ProductPositionSummary(
        product=position.product,
        position=position,
        rows=rows,
        total_share=sum((row.share for row in rows), Decimal(0)),
        chart=chart if rows else None,
        unplaced=[row for row in rows if row.capability is None],
    )


def active_factors() -> list[CapabilityFactor]:
    return list(CapabilityFactor.objects.filter(active=True, weight__gt=0))


def position_summaries(
    region: Region, period: Period, *, thresholds: RoleThresholdValues | None = None
) -> list[ProductPositionSummary]:
    """Every assessed product line of the region and period, in product order.

    `thresholds` of the role rule: those in force unless given."""
    thresholds = thresholds or role_thresholds()
    positions = (
        ProductPosition.objects.filter(region=region, period=period)
        .select_related("product")
        .prefetch_related("entries__scores", "entries__competitor")
        .order_by("product__code")
    )
    factors = active_factors()
    colours = rival_colours(region)
    return [position_summary(position, factors, colours, thresholds) for position in positions]


@dataclass
class ComparisonRow:
    dimension: str
    label: str
    cells: list[tuple[int, str]]  # per rival: our score against it, the comment


@dataclass
class PositioningComparison:
    assessments: list[PositioningAssessment]
    rows: list[ComparisonRow]
    totals: list[int]
    chart: charts.ComparisonChart | None


def positioning_comparison(region: Region, period: Period) -> PositioningComparison:
    """Us against each rival on the 4P1S: a table and a chart."""
    assessments = list(
        PositioningAssessment.objects.filter(competitor__region=region, period=period)
        .select_related("competitor")
        .order_by("competitor__name", "competitor__pk")
    )
    rows = [
        ComparisonRow(
            dimension=dimension.value,
            label=dimension.label,
            cells=[(a.score(dimension.value), a.comment(dimension.value)) for a in assessments],
        )
        for dimension in Dimension
    ]
    totals = [sum(a.score(d) for d in Dimension.values) for a in assessments]
    colours = rival_colours(region)
    chart = None
    if assessments:
        chart = charts.comparison_chart(
            [str(dimension.label) for dimension in Dimension],
            [
                charts.RivalScores(
                    name=a.competitor.name,
                    colour=colours.get(a.competitor_id, charts.rival_colour(0)),
                    scores=[a.score(d) for d in Dimension.values],
                )
                for a in assessments
            ],
            left_caption=_("← the rival is ahead (对手占优)"),
            right_caption=_("we are ahead (我方占优) →"),
        )
    return PositioningComparison(assessments=assessments, rows=rows, totals=totals, chart=chart)


def strategies(region: Region, period: Period) -> list[ChosenStrategy]:
    return list(
        ChosenStrategy.objects.filter(region=region, period=period)
        .select_related("product", "target", "region", "period")
        .order_by("kind", "product__code", "pk")
    )


def our_line_roles(positions: list[ProductPositionSummary]) -> dict[int, LineRole]:
    """Our role in force (an override wins over the rule) and share, per assessed product line."""
    return {
        item.product.pk: LineRole(
            line=item.product.pk, role=item.our_role, share=item.our_row.share
        )
        for item in positions
        if item.our_row
    }


def fit_warnings(
    kind: str, product_id: int | None, positions: list[ProductPositionSummary]
) -> list[str]:
    """In the current language, why a strategy of `kind` does not fit our role (rules decides)."""
    names = {item.product.pk: item.product.display_name for item in positions}
    return [
        _("This is %(strategy)s; on %(line)s we are %(role)s (share %(share)s %%).")
        % {
            "strategy": KIND_IN_SENTENCE[kind],
            "line": names[misfit.line],
            "role": ROLE_IN_SENTENCE[misfit.role],
            "share": f"{misfit.share:.1f}",
        }
        for misfit in strategy_misfits(kind, product_id, our_line_roles(positions))
    ]


GROUP_HEADINGS = {
    StrategyKind.LEADER: gettext_lazy("Leader's strategies (领导者的竞争策略)"),
    StrategyKind.CHALLENGER: gettext_lazy("Challenger's strategies (挑战者的竞争策略)"),
    StrategyKind.FOLLOWER: gettext_lazy("Follower's strategies (跟随者的竞争策略)"),
    StrategyKind.NICHER: gettext_lazy("Nicher's strategies (补缺者的竞争策略)"),
}
CHOOSE_LABELS = {
    StrategyKind.LEADER: gettext_lazy("Choose a leader's strategy"),
    StrategyKind.CHALLENGER: gettext_lazy("Choose a challenger's strategy"),
    StrategyKind.FOLLOWER: gettext_lazy("Choose a follower's strategy"),
    StrategyKind.NICHER: gettext_lazy("Choose a nicher's strategy"),
}


@dataclass
class StrategyCard:
    strategy: ChosenStrategy
    warnings: list[str]  # where the strategy does not fit our role; empty when it fits


@dataclass
class StrategyGroup:
    kind: str
    heading: str
    choose_label: str
    cards: list[StrategyCard]


def strategy_groups(
    chosen: list[ChosenStrategy], positions: list[ProductPositionSummary]
) -> list[StrategyGroup]:
    """The chosen strategies by template, in the roles' order, each with its fit warnings."""
    return [
        StrategyGroup(
            kind=kind.value,
            heading=GROUP_HEADINGS[kind],
            choose_label=CHOOSE_LABELS[kind],
            cards=[
                StrategyCard(s, fit_warnings(s.kind, s.product_id, positions))
                for s in chosen
                if s.kind == kind
            ],
        )
        for kind in StrategyKind
    ]


def competitive_strategy_summary(region: Region, period: Period) -> dict:
    """Everything the plan's competitive-strategy section shows, for the page and the PDF.

    Keys: region, period, competitors (active), factors (of capability, with weights),
    positions (ProductPositionSummary per assessed product line: rows with capability, share
    and role, the total share, the position map), role_rule (the thresholds in force),
    positioning (PositioningComparison: the 4P1S table and chart), positioning_notes, worksheet,
    strategies, strategy_groups (StrategyGroup per template: cards of a ChosenStrategy and its
    fit warnings), and leader_/challenger_/follower_/nicher_strategies (ChosenStrategy;
    `describe()` each).
    """
    worksheet = CompetitionWorksheet.objects.filter(region=region, period=period).first()
    chosen = strategies(region, period)
    thresholds = role_thresholds()
    positions = position_summaries(region, period, thresholds=thresholds)
    return {
        "region": region,
        "period": period,
        "competitors": list(Competitor.objects.filter(region=region, active=True)),
        "factors": active_factors(),
        "positions": positions,
        "role_rule": {
            "niche_share": thresholds.niche_share,
            "challenger_gap": thresholds.challenger_gap,
            "niche_text": number_text(thresholds.niche_share),
            "gap_text": number_text(thresholds.challenger_gap),
        },
        "positioning": positioning_comparison(region, period),
        "positioning_notes": worksheet.positioning_notes if worksheet else "",
        "worksheet": worksheet,
        "strategies": chosen,
        "strategy_groups": strategy_groups(chosen, positions),
        **{
            f"{kind.value}_strategies": [s for s in chosen if s.kind == kind]
            for kind in StrategyKind
        },
    }
