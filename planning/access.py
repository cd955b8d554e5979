"""Who may read and write which plan. Outsiders get 404, read-only readers 403."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from customers.access import can_edit_region, regions_for_user
from planning.models import CalendarEvent, Comment, Plan, PrintJob, TodoItem
from salesplan.audit import get_in_reach_or_404


def plans_for_user(user) -> QuerySet[Plan]:
    return Plan.objects.filter(region__in=regions_for_user(user)).select_related("region", "period")


def working_year(user) -> int | None:
    """The year of the plan `user` is working on: the latest period with a plan of one of their
    regions not yet approved (approved closes it). The customer pages open this period."""
    return (
        plans_for_user(user)
        .exclude(state=Plan.State.APPROVED)
        .order_by("-period__year")
        .values_list("period__year", flat=True)
        .first()
    )


class PlanReadOnly(PermissionDenied):
    """A write to a plan that its state makes read-only."""


def check_plan_writable(user, plan: Plan) -> None:
    """Raise unless `user` may change the plan's content now. Every write path calls this."""
    if not can_edit_region(user, plan.region):
        raise PermissionDenied(_("Only the region's manager can change this plan."))
    if not plan.is_editable:
        raise PlanReadOnly(
            _("This plan is %(state)s and read-only; nothing was changed.")
            % {"state": plan.get_state_display()}
        )


def can_reprice(user) -> bool:
    """Administrators bring stored target amounts up to date after a price change."""
    return user.is_authenticated and user.is_active and user.is_staff


def require_repricer(user) -> None:
    if not can_reprice(user):
        raise PermissionDenied(_("Only an administrator can reprice targets."))


def check_plan_repriceable(user, plan: Plan) -> None:
    """Raise unless `user` may derive the plan's amounts again now: a submitted or approved plan
    is read-only for repricing too."""
    require_repricer(user)
    if not plan.is_editable:
        raise PlanReadOnly(
            _("This plan is %(state)s and read-only; nothing was changed.")
            % {"state": plan.get_state_display()}
        )


def get_plan_for_user(request, pk: int, *, write: bool = False) -> Plan:
    plan = get_in_reach_or_404(request, plans_for_user(request.user), pk=pk)
    if write:
        check_plan_writable(request.user, plan)
    return plan


def get_print_job_for_user(request, pk: int) -> PrintJob:
    """A plan's print in the background: read by the person who asked only, and only while
    they may read the plan; anyone else's answers like a missing one."""
    reachable = PrintJob.objects.select_related("plan").filter(
        requested_by=request.user, plan__in=plans_for_user(request.user)
    )
    return get_in_reach_or_404(request, reachable, pk=pk)


def is_reviewer(user) -> bool:
    return user.is_authenticated and user.is_active and user.is_reviewer


def require_reviewer(user) -> None:
    if not is_reviewer(user):
        raise PermissionDenied(_("Only headquarters reviewers can do this."))


def can_take_part_in_review(user, plan: Plan) -> bool:
    """Reviewers and the plan's own managers discuss comments; administrators only read."""
    return is_reviewer(user) or can_edit_region(user, plan.region)


def get_comment_for_user(request, pk: int) -> Comment:
    reachable = Comment.objects.select_related("plan__region").filter(
        plan__in=plans_for_user(request.user)
    )
    comment = get_in_reach_or_404(request, reachable, pk=pk)
    if not can_take_part_in_review(request.user, comment.plan):
        raise PermissionDenied(_("You can read these comments but not take part in them."))
    return comment


# The manager's own working tools (calendar, to-do list): each person sees only their own, and
# only regional managers keep them; reviewers have no calendar of a manager.


def require_manager(user) -> None:
    if not (user.is_authenticated and user.is_active and user.is_manager):
        raise PermissionDenied(
            _("The calendar and the to-do list are a regional manager's own working tools.")
        )


def events_for_user(user) -> QuerySet[CalendarEvent]:
    return CalendarEvent.objects.filter(owner=user)


def todos_for_user(user) -> QuerySet[TodoItem]:
    return TodoItem.objects.filter(owner=user)


def get_event_for_user(request, pk: int) -> CalendarEvent:
    require_manager(request.user)
    return get_in_reach_or_404(request, events_for_user(request.user), pk=pk)


def get_todo_for_user(request, pk: int) -> TodoItem:
    require_manager(request.user)
    return get_in_reach_or_404(request, todos_for_user(request.user), pk=pk)
