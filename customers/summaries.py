"""Read models of the customer strategy: the matrix, the funnel and the plan chapter's summary.

`customer_strategy_summary(region, period)` is what the plan's strategy chapter (planning) renders
with templates/customers/_strategy_summary.html, on the page and in the PDF.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from customers import charts, scoring
from customers.models import (
    CommittedAction,
    Period,
    Region,
    StandingSnapshot,
    StrategySettings,
)
from customers.standings import (
    Standing,
    region_snapshots,
    region_standings,
    snapshot_points,
)


def matrix_context(
    standings: list[Standing],
    strategy: StrategySettings,
    *,
    amounts: dict[int, Decimal] | None,
) -> dict:
    """The value matrix of the assessed customers; bubbles sized by `amounts` (customer id →
    planned amount) when given."""
    amounts = amounts or {}
    points = [
        charts.MatrixPoint(
            customer_id=s.customer.pk,
            name=s.customer.name,
            attractiveness=s.attractiveness,
            advantage=s.advantage,
            energy_class=s.energy_class,
            amount=amounts.get(s.customer.pk),
        )
        for s in standings
        if s.assessment is not None
    ]
    tiers = Counter(s.tier for s in standings if s.tier is not None)
    return {
        "chart": charts.matrix_chart(points, strategy.high_threshold),
        "tier_counts": [(tier, tiers.get(tier, 0)) for tier in scoring.TIERS],
        "assessed": len(points),
        "unassessed": [s.customer for s in standings if s.assessment is None],
        "sized": any(point.amount for point in points),
    }


def last_planned_amounts(region: Region, period: Period) -> dict[int, Decimal]:
    """The planned amount of each customer as the latest snapshot that recorded one saw it."""
    amounts = {}
    for customer_id, amount in (
        StandingSnapshot.objects.filter(
            customer__region=region, period=period, planned_amount__isnull=False
        )
        .order_by("month")
        .values_list("customer_id", "planned_amount")
    ):
        amounts[customer_id] = amount
    return amounts


@dataclass
class MoveRow:
    month: date
    customer_id: int
    customer_name: str
    from_class: str
    to_class: str
    upward: bool


@dataclass
class MonthCounts:
    month: date
    counts: list[int]  # A, B, C, D
    unclassed: int
    total: int


def funnel_context(region: Region, period: Period, strategy: StrategySettings) -> dict:
    snapshots = region_snapshots(region, period)
    points = snapshot_points(snapshots)
    names = {snap.customer_id: snap.customer.name for snap in snapshots}
    by_month = scoring.class_counts(points)
    rule = strategy.funnel_rule
    verdict = scoring.funnel_verdict(points, rule)
    moves = [
        MoveRow(m.month, m.customer_id, names[m.customer_id], m.from_class, m.to_class, m.upward)
        for m in reversed(scoring.class_moves(points))
    ]
    months = [
        MonthCounts(
            month,
            [counts[c] for c in scoring.CLASSES],
            counts[""],
            sum(counts[c] for c in scoring.CLASSES),
        )
        for month, counts in by_month.items()
    ]
    return {
        "months": months,
        "moves": moves,
        "up_moves": sum(1 for m in moves if m.upward),
        "down_moves": sum(1 for m in moves if not m.upward),
        "verdict": verdict,
        "rule": rule,
        "chart": charts.funnel_chart(by_month),
        "classes": scoring.CLASSES,
    }


def priority_list(standings: list[Standing]) -> list[Standing]:
    """Customers with a priority, P1 first; within a priority, tier then class then name."""
    ranked = [s for s in standings if s.priority is not None]
    ranked.sort(key=lambda s: (s.priority, s.tier, s.energy_class, s.customer.name))
    return ranked


def customer_strategy_summary(
    region: Region,
    period: Period,
    *,
    planned_amounts: dict[int, Decimal] | None = None,
) -> dict:
    """Everything the plan's customer strategy shows: the matrix, the funnel, the priority list
    and the committed actions. `planned_amounts` (customer id → the plan's amount) sizes the
    matrix's bubbles; without it, the amounts of the latest snapshot are used."""
    strategy = StrategySettings.load()
    standings = region_standings(region.customers.filter(active=True), period, strategy)
    if planned_amounts is None:
        planned_amounts = last_planned_amounts(region, period)
    actions = list(
        CommittedAction.objects.filter(customer__region=region, period=period)
        .exclude(status=CommittedAction.Status.DROPPED)
        .select_related("customer", "action", "owner")
        .order_by("due_date", "pk")
    )
    actions_by_customer: dict[int, list[CommittedAction]] = {}
    for item in actions:
        actions_by_customer.setdefault(item.customer_id, []).append(item)
    priorities = priority_list(standings)
    listed = {standing.customer.pk for standing in priorities}
    return {
        "region": region,
        "period": period,
        "strategy": strategy,
        "matrix": matrix_context(standings, strategy, amounts=planned_amounts),
        "funnel": funnel_context(region, period, strategy),
        "priorities": priorities,
        "unrated": [s for s in standings if s.priority is None],
        "committed_actions": actions,
        # The printed plan lists each customer's actions beside its priority, in one table.
        "actions_by_customer": actions_by_customer,
        "actions_not_listed": [item for item in actions if item.customer_id not in listed],
    }
