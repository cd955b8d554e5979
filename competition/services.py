"""Writes to competitors and worksheets: one place that checks the writer, validates and records.

Every write runs in a transaction, calls full_clean(), and refuses a save whose `revision` is
older than the stored one (salesplan.conflicts.EditConflict), so two people never overwrite each
other silently.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from competition.access import check_region_writable
from competition.models import (
    CHOICE_LISTS,
    KIND_FIELDS,
    TEMPLATE_FIELDS,
    CapabilityFactor,
    CapabilityScore,
    ChosenStrategy,
    CompetitionWorksheet,
    Competitor,
    CompetitorMove,
    Dimension,
    PositionEntry,
    PositioningAssessment,
    ProductPosition,
)
from competition.rules import SharesExceedLimit, check_shares
from customers.models import Period, Product, Region
from salesplan.conflicts import EditConflict, check_revision


def _lock(model: type[models.Model], pk: int) -> models.Model:
    return model.objects.select_for_update().get(pk=pk)


def _save(instance: models.Model, user) -> None:
    instance._history_user = user
    instance.full_clean()
    instance.save()


# Competitors and their moves -------------------------------------------------------------------


@transaction.atomic
def competitor_create(
    *, region: Region, user, name: str, products, notes: str = "", active: bool = True
) -> Competitor:
    check_region_writable(user, region)
    competitor = Competitor(region=region, name=name.strip(), notes=notes, active=active)
    _save(competitor, user)
    competitor.products.set(products)
    return competitor


@transaction.atomic
def competitor_update(
    *, competitor: Competitor, user, revision: int, name: str, products, notes: str, active: bool
) -> Competitor:
    check_region_writable(user, competitor.region)
    current = _lock(Competitor, competitor.pk)
    check_revision(current, revision)
    current.name, current.notes, current.active = name.strip(), notes, active
    current.revision += 1
    _save(current, user)
    current.products.set(products)
    return current


def _check_move_competitor(competitor: Competitor, region: Region) -> None:
    if competitor.region_id != region.pk:
        raise ValidationError({"competitor": _("Choose a competitor of this region.")})


@transaction.atomic
def move_create(
    *,
    region: Region,
    user,
    competitor: Competitor,
    date: datetime.date,
    description: str,
    response: str,
) -> CompetitorMove:
    check_region_writable(user, region)
    _check_move_competitor(competitor, region)
    move = CompetitorMove(
        competitor=competitor, date=date, description=description, response=response
    )
    _save(move, user)
    return move


@transaction.atomic
def move_update(
    *,
    move: CompetitorMove,
    user,
    revision: int,
    competitor: Competitor,
    date: datetime.date,
    description: str,
    response: str,
) -> CompetitorMove:
    region = move.competitor.region
    check_region_writable(user, region)
    _check_move_competitor(competitor, region)
    current = _lock(CompetitorMove, move.pk)
    check_revision(current, revision)
    current.competitor, current.date = competitor, date
    current.description, current.response = description, response
    current.revision += 1
    _save(current, user)
    return current


@transaction.atomic
def move_delete(*, move: CompetitorMove, user, revision: int) -> None:
    check_region_writable(user, move.competitor.region)
    current = _lock(CompetitorMove, move.pk)
    check_revision(current, revision)
    current._history_user = user
    current.delete()


# Product-oriented position ---------------------------------------------------------------------


@dataclass
class PositionInput:
    """One company's typed row of a product line: competitor None is us."""

    competitor: Competitor | None
    share: Decimal
    scores: dict[int, int] = field(default_factory=dict)  # factor id → 1–5
    role_override: str = ""
    override_reason: str = ""


@transaction.atomic
def position_save(
    *,
    region: Region,
    period: Period,
    product: Product,
    user,
    revision: int,
    rows: list[PositionInput],
) -> ProductPosition:
    """Save a product line's position sheet; revision 0 means the sheet did not exist yet."""
    check_region_writable(user, region)
    for row in rows:
        if row.competitor is not None and row.competitor.region_id != region.pk:
            raise ValidationError(_("Choose competitors of this region."))
    try:
        check_shares(row.share for row in rows)
    except SharesExceedLimit as exc:
        message = _("The shares add up to %(total)s %%; at most 100 %% is possible.")
        raise ValidationError(
            {"share": ValidationError(message, code="shares_exceed", params={"total": exc.total})}
        ) from exc
    position = (
        ProductPosition.objects.select_for_update()
        .filter(region=region, period=period, product=product)
        .first()
    )
    if position is None:
        # Revision 0: the sheet this person loaded did not exist yet.
        check_revision(
            ProductPosition(region=region, period=period, product=product, revision=0), revision
        )
        position = ProductPosition(region=region, period=period, product=product, revision=1)
        try:
            with transaction.atomic():
                _save(position, user)
        except IntegrityError:  # created meanwhile by somebody else
            raise EditConflict(
                ProductPosition.objects.get(region=region, period=period, product=product)
            ) from None
    else:
        check_revision(position, revision)
        position.revision += 1
        _save(position, user)
    factors = {f.pk: f for f in CapabilityFactor.objects.all()}
    for row in rows:
        entry = PositionEntry.objects.filter(position=position, competitor=row.competitor).first()
        entry = entry or PositionEntry(position=position, competitor=row.competitor)
        entry.share = row.share
        entry.role_override = row.role_override
        entry.override_reason = row.override_reason.strip() if row.role_override else ""
        if entry.role_override and not entry.override_reason:
            raise ValidationError(
                {"override_reason": _("Say why the derived role does not fit.")}, code="required"
            )
        _save(entry, user)
        for factor_id, score in row.scores.items():
            stored = CapabilityScore.objects.filter(entry=entry, factor_id=factor_id).first()
            stored = stored or CapabilityScore(entry=entry, factor=factors[factor_id])
            if stored.pk and stored.score == score:
                continue
            stored.score = score
            _save(stored, user)
    return position


# 4P1S positioning and the points to watch -----------------------------------------------------


@transaction.atomic
def positioning_save(
    *, competitor: Competitor, period: Period, user, revision: int, values: dict
) -> PositioningAssessment:
    """`values` holds `<dimension>_score` and `<dimension>_comment` for the 4P1S dimensions."""
    check_region_writable(user, competitor.region)
    allowed = {f"{d}_{part}" for d in Dimension.values for part in ("score", "comment")}
    if set(values) - allowed:
        raise ValueError(f"unknown positioning fields: {sorted(set(values) - allowed)}")
    current = (
        PositioningAssessment.objects.select_for_update()
        .filter(competitor=competitor, period=period)
        .first()
    )
    if current is None:
        current = PositioningAssessment(competitor=competitor, period=period, revision=0)
    check_revision(current, revision)
    for name, value in values.items():
        setattr(current, name, value.strip() if isinstance(value, str) else value)
    current.revision += 1
    _save(current, user)
    return current


@transaction.atomic
def worksheet_save_notes(
    *, region: Region, period: Period, user, revision: int, positioning_notes: str
) -> CompetitionWorksheet:
    check_region_writable(user, region)
    current = (
        CompetitionWorksheet.objects.select_for_update()
        .filter(region=region, period=period)
        .first()
    )
    if current is None:
        current = CompetitionWorksheet(region=region, period=period, revision=0)
    check_revision(current, revision)
    current.positioning_notes = positioning_notes.strip()
    current.revision += 1
    _save(current, user)
    return current


# Chosen strategies -----------------------------------------------------------------------------

STRATEGY_FIELDS = ("product", "title", *TEMPLATE_FIELDS, "notes", "budget")


def _apply_strategy_fields(strategy: ChosenStrategy, values: dict) -> None:
    unknown = set(values) - set(STRATEGY_FIELDS)
    if unknown:
        raise ValueError(f"unknown strategy fields: {sorted(unknown)}")
    for name, value in values.items():
        setattr(strategy, name, value.strip() if isinstance(value, str) else value)
    # A strategy keeps only its own template's fields: a leader's carries no attack, and so on.
    own = KIND_FIELDS.get(strategy.kind, ())
    for name in TEMPLATE_FIELDS:
        if name in own:
            continue
        if name == "target":
            strategy.target = None
        elif name in CHOICE_LISTS:
            setattr(strategy, name, [])
        else:
            setattr(strategy, name, "")


@transaction.atomic
def strategy_create(
    *, region: Region, period: Period, user, kind: str, values: dict
) -> ChosenStrategy:
    check_region_writable(user, region)
    strategy = ChosenStrategy(region=region, period=period, kind=kind)
    _apply_strategy_fields(strategy, values)
    _save(strategy, user)
    return strategy


@transaction.atomic
def strategy_update(
    *, strategy: ChosenStrategy, user, revision: int, values: dict
) -> ChosenStrategy:
    check_region_writable(user, strategy.region)
    current = _lock(ChosenStrategy, strategy.pk)
    check_revision(current, revision)
    _apply_strategy_fields(current, values)
    current.revision += 1
    _save(current, user)
    return current


@transaction.atomic
def strategy_delete(*, strategy: ChosenStrategy, user, revision: int) -> None:
    check_region_writable(user, strategy.region)
    current = _lock(ChosenStrategy, strategy.pk)
    check_revision(current, revision)
    current._history_user = user
    current.delete()
