"""Who may see which region: every region-scoped list starts here."""

from django.db.models import QuerySet

from customers.models import Customer, Region, User


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
