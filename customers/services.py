"""Writes of the customers app: customers, value assessments, energy, committed actions, snapshots.

Each write checks that the user manages the customer's region, validates, and runs in one
transaction; edits carry the revision they loaded and are refused when someone saved since.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from customers import scoring
from customers.access import can_edit_region
from customers.models import (
    Action,
    Assessment,
    AssessmentFactor,
    AssessmentScore,
    CommittedAction,
    Customer,
    EnergyRating,
    Period,
    Region,
    StandingSnapshot,
    StrategySettings,
    User,
)
from customers.standings import month_start, region_standings
from salesplan.conflicts import EditConflict, check_revision
from salesplan.wording import join_list

CUSTOMER_FIELDS = ("name", "industry", "contact", "payment_terms", "notes", "active")


def _require_manager(user: User, region: Region) -> None:
    if not can_edit_region(user, region):
        raise PermissionDenied(_("Only the region's manager can change its customers."))


def _save(instance, user: User) -> None:
    instance._history_user = user
    instance.full_clean()
    instance.save()


# Customers


@transaction.atomic
def customer_create(*, region: Region, user: User, **fields) -> Customer:
    _require_manager(user, region)
    customer = Customer(region=region, **{name: fields[name] for name in CUSTOMER_FIELDS})
    _save(customer, user)
    return customer


@transaction.atomic
def customer_update(*, customer: Customer, user: User, revision: int, **fields) -> Customer:
    _require_manager(user, customer.region)
    locked = Customer.objects.select_for_update().get(pk=customer.pk)
    check_revision(locked, revision)
    for name in CUSTOMER_FIELDS:
        setattr(locked, name, fields[name])
    locked.revision += 1
    _save(locked, user)
    return locked


# Step 1 — value assessment


def active_factors() -> list[AssessmentFactor]:
    return list(AssessmentFactor.objects.filter(active=True))


@transaction.atomic
def assessment_save(
    *,
    customer: Customer,
    period: Period,
    user: User,
    scores: dict[int, int],
    revision: int,
) -> Assessment:
    """Score every active factor 1–5; the current weights are copied onto the assessment.

    `revision` is 0 for a new assessment. Raises ValidationError (nothing saved) for a missing
    factor, a score out of range, or an axis whose factors all weigh zero.
    """
    _require_manager(user, customer.region)
    factors = active_factors()
    missing = [factor.display_name for factor in factors if scores.get(factor.pk) is None]
    if missing:
        raise ValidationError(
            _("Score every factor; missing: %(factors)s.") % {"factors": join_list(missing)},
            code="missing_factors",
        )
    axes = {}
    for axis in AssessmentFactor.Axis:
        pairs = [(scores[f.pk], f.weight) for f in factors if f.axis == axis]
        try:
            axes[axis] = scoring.weighted_mean(pairs)
        except scoring.ScoringError as error:
            raise ValidationError(_scoring_message(error, axis), code=error.code) from None
    assessment = (
        Assessment.objects.select_for_update().filter(customer=customer, period=period).first()
    )
    if assessment is None:
        assessment = Assessment(customer=customer, period=period, revision=0)
    check_revision(assessment, revision)
    assessment.attractiveness = axes[AssessmentFactor.Axis.ATTRACTIVENESS]
    assessment.advantage = axes[AssessmentFactor.Axis.ADVANTAGE]
    assessment.revision += 1
    assessment.assessed_by = user
    try:
        with transaction.atomic():
            _save(assessment, user)
    except IntegrityError:
        # Somebody created the same assessment between our read and our write.
        raise EditConflict(Assessment.objects.get(customer=customer, period=period)) from None
    existing = {row.factor_id: row for row in assessment.scores.all()}
    for factor in factors:
        row = existing.pop(factor.pk, None) or AssessmentScore(assessment=assessment, factor=factor)
        if row.pk and row.score == scores[factor.pk] and row.weight == factor.weight:
            continue
        row.score = scores[factor.pk]
        row.weight = factor.weight
        _save(row, user)
    for row in existing.values():  # factors the administrator has since retired
        row._history_user = user
        row.delete()
    return assessment


def _scoring_message(error: scoring.ScoringError, axis) -> str:
    label = AssessmentFactor.Axis(axis).label
    if error.code == "all_weights_zero":
        return _(
            "Every factor of %(axis)s weighs zero, so it cannot be scored: ask an administrator "
            "to give at least one factor a weight. Nothing was saved."
        ) % {"axis": label}
    if error.code == "no_factors":
        return _("%(axis)s has no active factors: ask an administrator. Nothing was saved.") % {
            "axis": label
        }
    if error.code == "score_out_of_range":
        return _("Scores run from 1 to 5; %(value)s is not one of them.") % {"value": error.detail}
    return _("%(axis)s cannot be scored. Nothing was saved.") % {"axis": label}


# Step 2 — energy


@transaction.atomic
def energy_save(
    *,
    customer: Customer,
    period: Period,
    user: User,
    order_level: int,
    likelihood_level: int,
    revision: int,
) -> EnergyRating:
    _require_manager(user, customer.region)
    rating = (
        EnergyRating.objects.select_for_update().filter(customer=customer, period=period).first()
    )
    if rating is None:
        rating = EnergyRating(customer=customer, period=period, revision=0)
    check_revision(rating, revision)
    rating.order_level = order_level
    rating.likelihood_level = likelihood_level
    rating.revision += 1
    rating.rated_by = user
    try:
        with transaction.atomic():
            _save(rating, user)
    except IntegrityError:
        raise EditConflict(EnergyRating.objects.get(customer=customer, period=period)) from None
    return rating


# Step 3 — committed actions


def region_owners(region: Region):
    """Who may own a committed action: the region's active managers."""
    return User.objects.filter(
        memberships__region=region, is_active=True, role=User.Role.MANAGER
    ).order_by("full_name", "username")


@transaction.atomic
def action_commit(
    *,
    customer: Customer,
    period: Period,
    user: User,
    action: Action,
    owner: User,
    due_date: date,
    note: str = "",
) -> CommittedAction:
    _require_manager(user, customer.region)
    if not region_owners(customer.region).filter(pk=owner.pk).exists():
        raise ValidationError(
            {"owner": _("The owner must be one of the region's managers.")}, code="owner"
        )
    committed = CommittedAction(
        customer=customer,
        period=period,
        action=action,
        owner=owner,
        due_date=due_date,
        note=note.strip(),
        created_by=user,
    )
    _save(committed, user)
    return committed


@transaction.atomic
def committed_action_set_status(
    *, committed: CommittedAction, user: User, status: str
) -> CommittedAction:
    _require_manager(user, committed.customer.region)
    locked = CommittedAction.objects.select_for_update().get(pk=committed.pk)
    if locked.status == status:
        return locked
    locked.status = status
    locked.completed_at = timezone.now() if status == CommittedAction.Status.DONE else None
    _save(locked, user)
    return locked


# Monthly snapshots


@dataclass(frozen=True)
class SnapshotResult:
    created: int
    updated: int


@transaction.atomic
def snapshot_region(
    region: Region,
    *,
    period: Period,
    month: date,
    reason: str,
    planned_amounts: dict[int, Decimal] | None = None,
) -> SnapshotResult:
    """Record where each customer of `region` stands in `period`, as of calendar `month`.

    Idempotent per customer and month: a second call in the same month brings the month's row up
    to date instead of adding one. Customers with neither an assessment nor an energy rating in
    the period are left out. `planned_amounts` (customer id → the plan's amount, passed by the
    planning app on submit) sizes the matrix's bubbles; without it the last known amount is kept.
    """
    month = month_start(month)
    strategy = StrategySettings.load()
    standings = [
        standing
        for standing in region_standings(region.customers.all(), period, strategy)
        if standing.assessment or standing.energy
    ]
    existing = {
        snap.customer_id: snap
        for snap in StandingSnapshot.objects.select_for_update().filter(
            customer__region=region, period=period, month=month
        )
    }
    last_amounts = {}
    if planned_amounts is None:
        for customer_id, amount in (
            StandingSnapshot.objects.filter(
                customer__region=region, period=period, planned_amount__isnull=False
            )
            .order_by("month")
            .values_list("customer_id", "planned_amount")
        ):
            last_amounts[customer_id] = amount
    created, updated = [], []
    for standing in standings:
        customer_id = standing.customer.pk
        snap = existing.get(customer_id) or StandingSnapshot(
            customer=standing.customer, period=period, month=month
        )
        snap.tier = standing.tier
        snap.energy_class = standing.energy_class
        snap.priority = standing.priority
        snap.reason = reason
        if planned_amounts is not None:
            snap.planned_amount = planned_amounts.get(customer_id, Decimal("0.00"))
        elif snap.planned_amount is None:
            snap.planned_amount = last_amounts.get(customer_id)
        snap.taken_at = timezone.now()
        (updated if snap.pk else created).append(snap)
    StandingSnapshot.objects.bulk_create(created)
    StandingSnapshot.objects.bulk_update(
        updated, ["tier", "energy_class", "priority", "planned_amount", "reason", "taken_at"]
    )
    return SnapshotResult(created=len(created), updated=len(updated))


def periods_to_snapshot(today: date) -> list[Period]:
    """The running year's period and, in planning season, next year's."""
    return list(Period.objects.filter(year__in=[today.year, today.year + 1]))
