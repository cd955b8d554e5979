"""The planning app's models: the plan document, its figures and the region's actuals."""

from planning.models.actuals import ActualCollection, ActualExpense, ActualSale
from planning.models.figures import (
    CollectionPlan,
    ExpenseBudget,
    ExpenseLine,
    MonthlyProfile,
    Target,
)
from planning.models.plan import SUMMARY_TEXT_LIMIT, Comment, Plan, PlanTransition

__all__ = [
    "SUMMARY_TEXT_LIMIT",
    "ActualCollection",
    "ActualExpense",
    "ActualSale",
    "CollectionPlan",
    "Comment",
    "ExpenseBudget",
    "ExpenseLine",
    "MonthlyProfile",
    "Plan",
    "PlanTransition",
    "Target",
]
