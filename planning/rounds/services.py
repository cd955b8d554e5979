"""The planning rounds: a draft plan for every region of a period, and the half-year revisions."""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from customers.models import Period, Region
from planning.access import require_reviewer
from planning.models import (
    ActionDirection,
    Activity,
    ChapterText,
    ControlCommitment,
    OrganisationEntry,
    Plan,
    Position,
    SwotItem,
)
from planning.notifications.services import notify_round_opened
from planning.review.services import can_step
from planning.versions.revision import copy_content, plan_revise

# What a new period takes over from last year's plan: the written chapters, not the figures
# (targets, collections, budgets) nor last year's performance notes, which explain last year.
CARRIED_OVER = (
    ChapterText,
    SwotItem,
    ActionDirection,
    Activity,
    Position,
    OrganisationEntry,
    ControlCommitment,
)


@dataclass
class RoundOpened:
    created: list[Plan] = field(default_factory=list)
    copied: list[Plan] = field(default_factory=list)  # the created plans that start from last year
    already_open: list[Region] = field(default_factory=list)


@dataclass
class RevisionRound:
    revised: list[Plan] = field(default_factory=list)  # the new drafts
    skipped: list[tuple[Region, str]] = field(default_factory=list)  # with the reason


def planned_regions() -> list[Region]:
    """The regions that write plans: those without children (a group's figures are summed)."""
    return list(Region.objects.filter(children__isnull=True).order_by("code"))


def latest_plans(period: Period) -> dict[int, Plan]:
    """Region id → the latest version of its plan for `period`."""
    latest: dict[int, Plan] = {}
    for plan in Plan.objects.filter(period=period).select_related("region", "period"):
        if plan.region_id not in latest or plan.version > latest[plan.region_id].version:
            latest[plan.region_id] = plan
    return latest


@transaction.atomic
def round_open(*, period: Period, user, submission_due: date, copy_last_year: bool) -> RoundOpened:
    """Set the period's due date and give every region without a plan for it a version-1 draft,
    optionally starting from the texts of its plan of the previous period. Existing plans are
    left as they are, so a second call creates nothing."""
    require_reviewer(user)
    period = Period.objects.select_for_update().get(pk=period.pk)
    due_changed = period.submission_due != submission_due
    period.submission_due = submission_due
    period.full_clean()
    period.save(update_fields=["submission_due"])
    previous = period.previous() if copy_last_year else None
    opened = latest_plans(period)
    last_year = latest_plans(previous) if previous else {}
    result = RoundOpened()
    for region in planned_regions():
        if region.pk in opened:
            result.already_open.append(region)
            continue
        plan = Plan(region=region, period=period, version=1, state=Plan.State.DRAFT)
        plan.full_clean()
        plan._history_user = user
        plan._change_reason = "planning round"
        plan.save()
        result.created.append(plan)
        source = last_year.get(region.pk)
        if source is not None:
            copy_content(source, plan, user=user, only=CARRIED_OVER)
            # Last year's competitive strategies belong to last year's worksheet.
            Activity.objects.filter(plan=plan).exclude(competitive_strategy__period=period).update(
                competitive_strategy=None
            )
            result.copied.append(plan)
    # The regions' managers are told of their new drafts, and of a due date set anew.
    told = result.created + (
        [opened[region.pk] for region in result.already_open] if due_changed else []
    )
    notify_round_opened(told, by=user, period=period)
    return result


def revision_candidates(period: Period) -> tuple[list[Plan], list[tuple[Region, str]]]:
    """The latest plans that the revision round revises (approved ones), and the regions it
    skips, each with the reason."""
    latest = latest_plans(period)
    ready, skipped = [], []
    for region in planned_regions():
        plan = latest.get(region.pk)
        if plan is None:
            skipped.append((region, _("No plan for this period.")))
        elif can_step(plan, "revise"):
            ready.append(plan)
        else:
            reason = _("Version %(version)s is %(state)s; only an approved plan is revised.") % {
                "version": plan.version,
                "state": plan.get_state_display().lower(),
            }
            skipped.append((region, reason))
    return ready, skipped


@transaction.atomic
def round_revise(*, period: Period, user) -> RevisionRound:
    """Start the half-year revision of every approved plan of `period`, as `plan_revise` does
    for one: the approved version stays as it was, the baseline of the new draft."""
    require_reviewer(user)
    # Serialises two reviewers starting the round at once (each revision locks its plan too).
    Period.objects.select_for_update().get(pk=period.pk)
    ready, skipped = revision_candidates(period)
    return RevisionRound(
        revised=[plan_revise(plan=plan, user=user) for plan in ready], skipped=skipped
    )
