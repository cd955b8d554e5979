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
    FOLLOWER_FIELDS,
    KIND_FIELDS,
    KIND_IN_SENTENCE,
    LEADER_FIELDS,
    NICHER_FIELDS,
    TEMPLATE_FIELDS,
    AttackMeans,
    AttackType,
    ChosenStrategy,
    Defence,
    FollowerTask,
    FollowStyle,
    GrowthMove,
    NicheTask,
    Specialisation,
    StrategyDescription,
    StrategyKind,
)
from competition.models.thresholds import RoleThresholds, role_thresholds

__all__ = [
    "CHALLENGER_FIELDS",
    "CHOICE_LISTS",
    "FOLLOWER_FIELDS",
    "KIND_FIELDS",
    "KIND_IN_SENTENCE",
    "LEADER_FIELDS",
    "NICHER_FIELDS",
    "POSITIONING_SCORES",
    "TEMPLATE_FIELDS",
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
    "FollowStyle",
    "FollowerTask",
    "GrowthMove",
    "NicheTask",
    "PositionEntry",
    "PositioningAssessment",
    "ProductPosition",
    "RoleThresholds",
    "Specialisation",
    "StrategyDescription",
    "StrategyKind",
    "role_thresholds",
]
