"""Writes to a plan: content edits with a version check, lifecycle transitions, review comments."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from customers.models import StandingSnapshot
from customers.services import snapshot_region
from planning.access import can_take_part_in_review, check_plan_writable, require_reviewer
from planning.models import Comment, Plan, PlanTransition, Target
from planning.notifications import services as notifications
from planning.review.checks import CheckFailure, blocking, run_checks
from planning.versions import content
from salesplan.conflicts import check_revision
from salesplan.exact_sums import ExactSum


class TransitionRefused(Exception):
    """The plan's state does not allow this step; nothing changed."""


class ChecksFailed(Exception):
    def __init__(self, failures: list[CheckFailure]):
        super().__init__(f"{len(failures)} pre-submit checks failed")
        self.failures = failures


@dataclass(frozen=True)
class Step:
    sources: tuple[str, ...]
    target: str


# The lifecycle, in one place: each step, the states it may start from and the state it leads to.
# Content is written in the editable states only (`Plan.EDITABLE_STATES`); a returned plan becomes a
# draft at its manager's first edit, and headquarters may reopen an approved plan, which sends it
# back like a return. "revise" leads to a new version, a draft copy of the approved one.
LIFECYCLE = {
    "edit": Step(sources=(Plan.State.RETURNED,), target=Plan.State.DRAFT),
    "submit": Step(sources=(Plan.State.DRAFT, Plan.State.RETURNED), target=Plan.State.SUBMITTED),
    "approve": Step(sources=(Plan.State.SUBMITTED,), target=Plan.State.APPROVED),
    "return": Step(sources=(Plan.State.SUBMITTED,), target=Plan.State.RETURNED),
    "reopen": Step(sources=(Plan.State.APPROVED,), target=Plan.State.RETURNED),
    "revise": Step(sources=(Plan.State.APPROVED,), target=Plan.State.DRAFT),
}


def can_step(plan: Plan, step: str) -> bool:
    return plan.state in LIFECYCLE[step].sources


def _lock(plan: Plan) -> Plan:
    # On PostgreSQL this locks the row; on SQLite the IMMEDIATE transaction already serialises
    # writers, so the read below sees the latest committed state either way.
    return Plan.objects.select_for_update().select_related("region", "period").get(pk=plan.pk)


def _move(plan: Plan, *, user, step: str, reason: str = "") -> None:
    if not can_step(plan, step):
        raise TransitionRefused(
            _("This step is not open to a plan that is %(state)s.")
            % {"state": plan.get_state_display()}
        )
    to_state = LIFECYCLE[step].target
    PlanTransition.objects.create(
        plan=plan, from_state=plan.state, to_state=to_state, by=user, reason=reason
    )
    plan.state = to_state


def _save(plan: Plan, user, reason: str) -> None:
    plan._history_user = user
    plan._change_reason = reason
    plan.save()


@transaction.atomic
def plan_begin_edit(*, plan: Plan, user) -> Plan:
    """Check that `user` may write to the plan now; a returned plan becomes a draft again.

    Content editors in every app call this inside their own transaction before they write.
    """
    locked = _lock(plan)
    check_plan_writable(user, locked)
    if can_step(locked, "edit"):
        _move(locked, user=user, step="edit", reason=_("Reopened for editing"))
        _save(locked, user, "reopen")
    return locked


@transaction.atomic
def plan_update_summary(*, plan: Plan, user, strategy_changes: str, revision: int) -> Plan:
    locked = plan_begin_edit(plan=plan, user=user)
    check_revision(locked, revision)
    locked.strategy_changes = strategy_changes
    locked.revision += 1
    _save(locked, user, "summary")
    return locked


@transaction.atomic
def plan_submit(*, plan: Plan, user) -> Plan:
    locked = _lock(plan)
    if locked.state == Plan.State.SUBMITTED:
        raise TransitionRefused(_("This plan has already been submitted."))
    if locked.state == Plan.State.APPROVED:
        raise TransitionRefused(_("This plan has already been approved."))
    check_plan_writable(user, locked)
    failures = blocking(run_checks(locked))
    if failures:
        raise ChecksFailed(failures)
    # The customer strategy records where each customer stands as the plan goes to headquarters,
    # with the plan's amounts to size the value matrix's bubbles.
    snapshot_region(
        locked.region,
        period=locked.period,
        month=timezone.localdate(),
        reason=StandingSnapshot.Reason.SUBMIT,
        planned_amounts=dict(
            Target.objects.filter(plan=locked)
            .values("customer")
            .annotate(total=ExactSum("amount"))
            .values_list("customer", "total")
        ),
    )
    # What the plan says now, so that after a return the reviewer sees what changed since.
    content.snapshot(locked)
    _move(locked, user=user, step="submit")
    locked.submitted_at = timezone.now()
    locked.submitted_by = user
    _save(locked, user, "submit")
    notifications.notify_submitted(locked, by=user)
    return locked


@transaction.atomic
def plan_approve(*, plan: Plan, user, note: str = "") -> Plan:
    """Approve a submitted plan; the reviewer's optional note is kept in its history."""
    require_reviewer(user)
    locked = _lock(plan)
    if not can_step(locked, "approve"):
        raise TransitionRefused(
            _("Only a submitted plan can be approved; this one is %(state)s.")
            % {"state": locked.get_state_display()}
        )
    _move(locked, user=user, step="approve", reason=note.strip())
    locked.decided_at = timezone.now()
    locked.decided_by = user
    locked.return_reason = ""
    _save(locked, user, "approve")
    notifications.notify_approved(locked, by=user, note=note.strip())
    return locked


@transaction.atomic
def plan_return(*, plan: Plan, user, reason: str) -> Plan:
    require_reviewer(user)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the plan is returned.")}, code="required")
    locked = _lock(plan)
    if not can_step(locked, "return"):
        raise TransitionRefused(
            _("Only a submitted plan can be returned; this one is %(state)s.")
            % {"state": locked.get_state_display()}
        )
    _move(locked, user=user, step="return", reason=reason)
    locked.decided_at = timezone.now()
    locked.decided_by = user
    locked.return_reason = reason
    _save(locked, user, "return")
    notifications.notify_returned(locked, by=user, reason=reason)
    return locked


@transaction.atomic
def plan_reopen(*, plan: Plan, user, reason: str) -> Plan:
    """Send an approved plan back to its manager, e.g. when the half-year meeting asks for changes
    to this version itself rather than a new one. Its manager sees the reason as after a return."""
    require_reviewer(user)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the plan is reopened.")}, code="required")
    locked = _lock(plan)
    if not can_step(locked, "reopen"):
        raise TransitionRefused(
            _("Only an approved plan can be reopened; this one is %(state)s.")
            % {"state": locked.get_state_display()}
        )
    if not locked.is_latest_version:
        raise TransitionRefused(_("Only the latest version of a plan can be reopened."))
    _move(locked, user=user, step="reopen", reason=reason)
    locked.decided_at = timezone.now()
    locked.decided_by = user
    locked.return_reason = reason
    _save(locked, user, "reopen after approval")
    notifications.notify_reopened(locked, by=user, reason=reason)
    return locked


@transaction.atomic
def comment_add(*, plan: Plan, user, chapter: str, body: str, parent: Comment | None = None):
    if parent is None:
        require_reviewer(user)
    elif not can_take_part_in_review(user, plan):
        raise PermissionDenied(_("You can read these comments but not take part in them."))
    if parent is not None:
        if parent.plan_id != plan.pk:
            raise PermissionDenied
        # Threads are one level deep: a reply to a reply joins the same thread.
        parent = parent.parent or parent
        chapter = parent.chapter
    comment = Comment(plan=plan, chapter=chapter, parent=parent, author=user, body=body.strip())
    comment._history_user = user
    comment.full_clean()
    comment.save()
    if parent is not None and parent.resolved:
        comment_set_resolved(comment=parent, user=user, resolved=False)
    notifications.notify_comment(comment, by=user)
    return comment


@transaction.atomic
def comment_set_resolved(*, comment: Comment, user, resolved: bool) -> Comment:
    if not can_take_part_in_review(user, comment.plan):
        raise PermissionDenied
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.parent_id is not None:
        raise PermissionDenied  # threads are resolved as a whole, from their first comment
    if comment.resolved == resolved:
        return comment
    comment.resolved = resolved
    comment.resolved_by = user if resolved else None
    comment.resolved_at = timezone.now() if resolved else None
    comment._history_user = user
    comment.save()
    return comment
