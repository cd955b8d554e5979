"""Who may see which region: every region-scoped list starts here."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from customers.models import CommittedAction, Customer, CustomerPrice, Region, User
from salesplan.audit import get_in_reach_or_404


def regions_for_user(user: User) -> QuerySet[Region]:
    if not user.is_authenticated or not user.is_active:
        return Region.objects.none()
    if user.sees_all_regions:
        return Region.objects.all()
    return Region.objects.filter(memberships__user=user)


def can_edit_region(user: User, region: Region) -> bool:
    """Only a region's own managers write its content; reviewers and administrators read."""
    return (
        user.is_authenticated
        and user.is_active
        and user.is_manager
        and region.memberships.filter(user=user).exists()
    )


def customers_for_user(user: User) -> QuerySet[Customer]:
    return Customer.objects.filter(region__in=regions_for_user(user))


# The customer strategy: regions, customers and committed actions reached through a request.


def _check_writer(user: User, region: Region) -> None:
    if not can_edit_region(user, region):
        raise PermissionDenied(_("Only the region's manager can change its customers."))


def get_region_for_user(request, pk: int, *, write: bool = False) -> Region:
    region = get_in_reach_or_404(request, regions_for_user(request.user), pk=pk)
    if write:
        _check_writer(request.user, region)
    return region


def get_customer_for_user(request, pk: int, *, write: bool = False) -> Customer:
    reachable = customers_for_user(request.user).select_related("region")
    customer = get_in_reach_or_404(request, reachable, pk=pk)
    if write:
        _check_writer(request.user, customer.region)
    return customer


def committed_actions_in_reach(user: User) -> QuerySet[CommittedAction]:
    return CommittedAction.objects.filter(customer__in=customers_for_user(user)).select_related(
        "customer__region", "action", "owner", "period"
    )


def get_committed_action_for_user(request, pk: int, *, write: bool = False) -> CommittedAction:
    committed = get_in_reach_or_404(request, committed_actions_in_reach(request.user), pk=pk)
    if write:
        _check_writer(request.user, committed.customer.region)
    return committed


def committed_actions_for_user(
    user: User,
    *,
    due_from: date | None = None,
    due_to: date | None = None,
    include_closed: bool = False,
) -> QuerySet[CommittedAction]:
    """The actions `user` owns, in regions they may see, by due date: their to-do list and
    calendar (planning lists them). Open ones only unless `include_closed`."""
    actions = committed_actions_in_reach(user).filter(owner=user)
    if not include_closed:
        actions = actions.filter(status=CommittedAction.Status.OPEN)
    if due_from is not None:
        actions = actions.filter(due_date__gte=due_from)
    if due_to is not None:
        actions = actions.filter(due_date__lte=due_to)
    return actions.order_by("due_date", "pk")


def get_customer_price_for_user(request, pk: int, *, write: bool = False) -> CustomerPrice:
    reachable = CustomerPrice.objects.filter(
        customer__in=customers_for_user(request.user)
    ).select_related("customer__region", "product")
    price = get_in_reach_or_404(request, reachable, pk=pk)
    if write:
        _check_writer(request.user, price.customer.region)
    return price
