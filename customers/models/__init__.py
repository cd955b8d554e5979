"""The customers app's models: the organisation, the market, and the customer strategy."""

from customers.models.actions import Action, CommittedAction
from customers.models.assessments import Assessment, AssessmentFactor, AssessmentScore, EnergyRating
from customers.models.market import (
    FROM_THE_START,
    Customer,
    CustomerPrice,
    ListPrice,
    Product,
)
from customers.models.names import LocalizedNameMixin
from customers.models.notifications import Notification, SentReminder
from customers.models.organisation import Period, Region, RegionMembership, User
from customers.models.snapshots import StandingSnapshot
from customers.models.strategy import (
    EnergyClass,
    Likelihood,
    OrderSize,
    Priority,
    StrategySettings,
    Tier,
)

__all__ = [
    "FROM_THE_START",
    "Action",
    "Assessment",
    "AssessmentFactor",
    "AssessmentScore",
    "CommittedAction",
    "Customer",
    "CustomerPrice",
    "EnergyClass",
    "EnergyRating",
    "Likelihood",
    "ListPrice",
    "LocalizedNameMixin",
    "Notification",
    "OrderSize",
    "Period",
    "Priority",
    "Product",
    "Region",
    "RegionMembership",
    "SentReminder",
    "StandingSnapshot",
    "StrategySettings",
    "Tier",
    "User",
]
