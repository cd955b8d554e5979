"""Where each customer of a region stands in a period: tier, class and priority, in a few queries.

Every page of the customer strategy (list, matrix, funnel, the plan's chapter) starts here, so
that the rules are applied in one place and the query count does not grow with the customers.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from customers import scoring
from customers.models import (
    Assessment,
    CommittedAction,
    Customer,
    EnergyRating,
    Period,
    Region,
    StandingSnapshot,
    StrategySettings,
)


@dataclass
class Standing:
    customer: Customer
    assessment: Assessment | None
    energy: EnergyRating | None
    tier: int | None
    energy_score: Decimal | None
    energy_class: str
    priority: int | None
    open_actions: int = 0

    # Sort keys for the list: customers not yet rated sort after every rated one.
    @property
    def tier_rank(self) -> int:
        return self.tier or 9

    @property
    def class_rank(self) -> str:
        return self.energy_class or "Z"

    @property
    def priority_rank(self) -> int:
        return self.priority or 9

    @property
    def attractiveness(self) -> Decimal | None:
        return self.assessment.attractiveness if self.assessment else None

    @property
    def advantage(self) -> Decimal | None:
        return self.assessment.advantage if self.assessment else None


def standing_of(
    customer: Customer,
    assessment: Assessment | None,
    energy: EnergyRating | None,
    strategy: StrategySettings,
    open_actions: int = 0,
) -> Standing:
    tier = assessment.tier(strategy.high_threshold) if assessment else None
    score = energy_class = None
    if energy:
        rule = strategy.energy_rule
        score = scoring.energy_score(energy.order_level, energy.likelihood_level, rule)
        energy_class = scoring.energy_class(score, rule)
    return Standing(
        customer=customer,
        assessment=assessment,
        energy=energy,
        tier=tier,
        energy_score=score,
        energy_class=energy_class or "",
        priority=scoring.priority_for(tier, energy_class),
        open_actions=open_actions,
    )


def region_standings(
    customers: QuerySet[Customer],
    period: Period | None,
    strategy: StrategySettings | None = None,
) -> list[Standing]:
    """The standing of each of `customers` in `period`, in the customers' order. Four queries."""
    strategy = strategy or StrategySettings.load()
    customers = list(customers.annotate(open_actions=_open_actions(period)))
    if period is None:
        return [standing_of(c, None, None, strategy) for c in customers]
    ids = [customer.pk for customer in customers]
    assessments = {
        a.customer_id: a for a in Assessment.objects.filter(period=period, customer_id__in=ids)
    }
    energies = {
        e.customer_id: e for e in EnergyRating.objects.filter(period=period, customer_id__in=ids)
    }
    return [
        standing_of(
            customer,
            assessments.get(customer.pk),
            energies.get(customer.pk),
            strategy,
            customer.open_actions,
        )
        for customer in customers
    ]


def _open_actions(period: Period | None) -> Count:
    condition = Q(committed_actions__status=CommittedAction.Status.OPEN)
    if period is not None:
        condition &= Q(committed_actions__period=period)
    return Count("committed_actions", filter=condition)


def default_period(periods: list[Period] | None = None) -> Period | None:
    """The period of the running year; else the nearest one ahead; else the latest."""
    periods = sorted(periods if periods is not None else Period.objects.all(), key=lambda p: p.year)
    if not periods:
        return None
    year = timezone.localdate().year
    for period in periods:
        if period.year >= year:
            return period
    return periods[-1]


def month_start(day: date) -> date:
    return day.replace(day=1)


def region_snapshots(region: Region, period: Period) -> list[StandingSnapshot]:
    return list(
        StandingSnapshot.objects.filter(customer__region=region, period=period)
        .select_related("customer")
        .order_by("month", "customer__name")
    )


def snapshot_points(snapshots: list[StandingSnapshot]) -> list[scoring.SnapshotPoint]:
    return [
        scoring.SnapshotPoint(snap.customer_id, snap.month, snap.energy_class) for snap in snapshots
    ]
