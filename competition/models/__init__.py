"""Competitors, their moves, and a region's competitive-strategy worksheets for a period."""

# The worksheets belong to the region, not to a plan: they stay editable whatever the plan's
# state, and the plan's strategy chapter reads them (competition.summaries).
from competition.models.position import (
    CapabilityFactor,
    CapabilityScore,
    PositionEntry,
    ProductPosition,
)
from competition.models.positioning import (
    POSITIONING_SCORES,
    CompetitionWorksheet,
    Dimension,
    PositioningAssessment,
)
from competition.models.rivals import Competitor, CompetitorMove
from competition.models.strategies import (
    CHALLENGER_FIELDS,
    CHOICE_LISTS,
    LEADER_FIELDS,
    AttackMeans,
    AttackType,
    ChosenStrategy,
    Defence,
    GrowthMove,
    StrategyDescription,
    StrategyKind,
)

__all__ = [
    "CHALLENGER_FIELDS",
    "CHOICE_LISTS",
    "LEADER_FIELDS",
    "POSITIONING_SCORES",
    "AttackMeans",
    "AttackType",
    "CapabilityFactor",
    "CapabilityScore",
    "ChosenStrategy",
    "CompetitionWorksheet",
    "Competitor",
    "CompetitorMove",
    "Defence",
    "Dimension",
    "GrowthMove",
    "PositionEntry",
    "PositioningAssessment",
    "ProductPosition",
    "StrategyDescription",
    "StrategyKind",
]
