"""Demo data of the customer strategy: assessments, energy, committed actions and a few months of
snapshots that show movement in the funnel. Called by `manage.py seed_demo`; safe to run again."""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from customers import scoring, services
from customers.models import (
    Action,
    Assessment,
    AssessmentFactor,
    CommittedAction,
    Customer,
    EnergyRating,
    Period,
    Region,
    StandingSnapshot,
    StrategySettings,
    User,
)

# Shanghai is drawn by hand so that its funnel is a virtuous cycle (优): every class stocked and
# customers moving toward A. name: (attractiveness, advantage, [(order, likelihood) Jun … Nov]).
SHANGHAI = {
    "朗通": ("4.2", "3.8", [(2, 3), (2, 2), (2, 2), (2, 1), (2, 1), (2, 1)]),
    "泰岳": ("3.9", "2.6", [(3, 3), (3, 3), (3, 2), (3, 2), (3, 2), (2, 2)]),
    "万星": ("2.5", "3.6", [(3, 2), (3, 2), (3, 2), (3, 2), (3, 2), (3, 2)]),
    "华信电子": ("3.4", "3.2", [(4, 4), (4, 4), (4, 4), (4, 3), (3, 3), (3, 3)]),
    "申达机械": ("2.2", "2.4", [(3, 3), (4, 3), (4, 4), (4, 4), (4, 4), (4, 4)]),
}
SHANGHAI_ACTIONS = {
    # customer: [(library action number, days from today, status)]
    "朗通": [(4, 12, "open"), (15, 26, "open"), (9, -20, "done")],
    "泰岳": [(8, 8, "open"), (6, 33, "open")],
    "华信电子": [(3, 5, "open")],
    "万星": [(2, 40, "open")],
    "申达机械": [(13, 18, "open")],
}
SNAPSHOT_MONTHS = 6  # Jun … Nov of the running year


def _scores(mean: Decimal, count: int, rng: random.Random) -> list[int]:
    """`count` scores from 1 to 5 whose mean is about `mean`, spread a little."""
    total = int((mean * count).to_integral_value())
    scores = [total // count] * count
    for index in range(total % count):
        scores[index] += 1
    for _ in range(count):
        i, j = rng.randrange(count), rng.randrange(count)
        if scores[i] < scoring.SCORE_MAX and scores[j] > scoring.SCORE_MIN and i != j:
            scores[i] += 1
            scores[j] -= 1
    return scores


def _months(today: date, count: int) -> list[date]:
    months, month = [], today.replace(day=1)
    for _ in range(count):
        month = (month - timedelta(days=1)).replace(day=1)
        months.insert(0, month)
    return months


def _plan_for(customer: Customer, rng: random.Random):
    """The hand-drawn plan of a Shanghai customer, else a plausible random one."""
    if customer.name in SHANGHAI and customer.region.code == "SH":
        attractiveness, advantage, path = SHANGHAI[customer.name]
        return Decimal(attractiveness), Decimal(advantage), path
    attractiveness = Decimal(rng.choice(["2.2", "2.7", "3.1", "3.5", "4.0", "4.4"]))
    advantage = Decimal(rng.choice(["2.1", "2.6", "3.0", "3.4", "3.9", "4.3"]))
    order, likelihood = rng.randint(1, 4), rng.randint(1, 4)
    drift = rng.choice([-1, 0, 0, 1])  # earlier months one level worse (-1: better)
    path = []
    for index in range(SNAPSHOT_MONTHS):
        shift = drift if index < SNAPSHOT_MONTHS // 2 else 0
        path.append(
            (
                min(4, max(1, order + shift)),
                min(4, max(1, likelihood + (shift if index < 2 else 0))),
            )
        )
    return attractiveness, advantage, path


@transaction.atomic
def seed_customer_strategy(
    *, planned_amounts: dict[tuple[int, int], Decimal] | None = None, today: date | None = None
) -> None:
    """Give every demo customer, in the running year's and next year's periods, an assessment,
    an energy rating, committed actions and monthly snapshots. Leaves existing records alone.

    `planned_amounts` maps (customer id, period year) to the plan's amount, for the bubbles.
    """
    today = today or timezone.localdate()
    planned_amounts = planned_amounts or {}
    periods = list(Period.objects.filter(year__in=[today.year, today.year + 1]).order_by("year"))
    strategy = StrategySettings.load()
    factors = services.active_factors()
    library = {action.number: action for action in Action.objects.all()}
    months = _months(today, SNAPSHOT_MONTHS)
    for region in Region.objects.filter(customers__isnull=False).distinct():
        manager = (
            User.objects.filter(memberships__region=region, role=User.Role.MANAGER, is_active=True)
            .order_by("pk")
            .first()
        )
        if manager is None:
            continue
        customers = list(region.customers.filter(active=True).select_related("region"))
        for period in periods:
            rng = random.Random(f"salesplan-strategy-{region.code}-{period.year}")  # noqa: S311
            paths = {}
            for customer in customers:
                attractiveness, advantage, paths[customer.pk] = _plan_for(customer, rng)
                if period.year > today.year:  # next year: a little more attractive
                    attractiveness = min(Decimal(5), attractiveness + Decimal("0.2"))
                _assess(customer, period, manager, factors, attractiveness, advantage, rng)
                _rate(customer, period, manager, *paths[customer.pk][-1])
                _commit(customer, period, manager, strategy, library, today, rng)
            _snapshots(region, period, customers, paths, strategy, months, planned_amounts)


def _assess(customer, period, manager, factors, attractiveness, advantage, rng) -> None:
    if Assessment.objects.filter(customer=customer, period=period).exists():
        return
    scores = {}
    for axis, mean in (
        (AssessmentFactor.Axis.ATTRACTIVENESS, attractiveness),
        (AssessmentFactor.Axis.ADVANTAGE, advantage),
    ):
        axis_factors = [f for f in factors if f.axis == axis]
        for factor, score in zip(axis_factors, _scores(mean, len(axis_factors), rng), strict=True):
            scores[factor.pk] = score
    services.assessment_save(
        customer=customer, period=period, user=manager, scores=scores, revision=0
    )


def _rate(customer, period, manager, order_level, likelihood_level) -> None:
    if EnergyRating.objects.filter(customer=customer, period=period).exists():
        return
    services.energy_save(
        customer=customer,
        period=period,
        user=manager,
        order_level=order_level,
        likelihood_level=likelihood_level,
        revision=0,
    )


def _commit(customer, period, manager, strategy, library, today, rng) -> None:
    if CommittedAction.objects.filter(customer=customer, period=period).exists():
        return
    if customer.region.code == "SH" and customer.name in SHANGHAI_ACTIONS:
        planned = SHANGHAI_ACTIONS[customer.name]
    else:
        assessment = Assessment.objects.get(customer=customer, period=period)
        tier = assessment.tier(strategy.high_threshold)
        suited = [a.number for a in library.values() if a.suits(tier)]
        planned = [(rng.choice(suited), rng.randint(3, 45), "open")] if suited else []
    if period.year > today.year:
        planned = [(number, days + 40, "open") for number, days, _status in planned]
    for number, days, status in planned:
        committed = services.action_commit(
            customer=customer,
            period=period,
            user=manager,
            action=library[number],
            owner=manager,
            due_date=today + timedelta(days=days),
            note="",
        )
        if status != CommittedAction.Status.OPEN:
            services.committed_action_set_status(committed=committed, user=manager, status=status)


def _snapshots(region, period, customers, paths, strategy, months, planned_amounts) -> None:
    if StandingSnapshot.objects.filter(customer__region=region, period=period).exists():
        return
    rule = strategy.energy_rule
    shown = months if period.year == months[-1].year else months[-4:]
    rows = []
    for customer in customers:
        assessment = Assessment.objects.get(customer=customer, period=period)
        energy = EnergyRating.objects.get(customer=customer, period=period)
        tier = assessment.tier(strategy.high_threshold)
        # The path ends where the customer stands now (its energy rating).
        path = paths[customer.pk][:-1] + [(energy.order_level, energy.likelihood_level)]
        for month, (order, likelihood) in zip(shown, path[-len(shown) :], strict=True):
            energy_class = scoring.class_for(order, likelihood, rule)
            rows.append(
                StandingSnapshot(
                    customer=customer,
                    period=period,
                    month=month,
                    tier=tier,
                    energy_class=energy_class,
                    priority=scoring.priority_for(tier, energy_class),
                    planned_amount=planned_amounts.get((customer.pk, period.year)),
                    reason=StandingSnapshot.Reason.DEMO,
                )
            )
    StandingSnapshot.objects.bulk_create(rows)
