"""The planning app's models: the plan document, its figures, chapters and the region's actuals,
and the manager's own working tools."""

from planning.models.actuals import ActualCollection, ActualExpense, ActualSale
from planning.models.chapters import (
    ActionDirection,
    Activity,
    Cadence,
    ChapterSheet,
    ChapterText,
    Citation,
    ControlCommitment,
    ControlMeans,
    GapExplanation,
    OrganisationEntry,
    Position,
    SwotItem,
)
from planning.models.figures import (
    CollectionPlan,
    ExpenseBudget,
    ExpenseLine,
    MonthlyProfile,
    OpeningBalance,
    Target,
)
from planning.models.plan import SUMMARY_TEXT_LIMIT, Comment, Plan, PlanTransition
from planning.models.printing import PackJob, PackPart, PlanSnapshot, PrintJob
from planning.models.settings import RollupThresholds
from planning.models.tools import CalendarEvent, MonthNote, TodoItem

__all__ = [
    "SUMMARY_TEXT_LIMIT",
    "ActionDirection",
    "Activity",
    "ActualCollection",
    "ActualExpense",
    "ActualSale",
    "Cadence",
    "CalendarEvent",
    "ChapterSheet",
    "ChapterText",
    "Citation",
    "CollectionPlan",
    "Comment",
    "ControlCommitment",
    "ControlMeans",
    "ExpenseBudget",
    "ExpenseLine",
    "GapExplanation",
    "MonthNote",
    "MonthlyProfile",
    "OpeningBalance",
    "OrganisationEntry",
    "PackJob",
    "PackPart",
    "Plan",
    "PlanSnapshot",
    "PlanTransition",
    "Position",
    "PrintJob",
    "RollupThresholds",
    "SwotItem",
    "Target",
    "TodoItem",
]
