"""Who may see and keep which region's competitors and worksheets.

A manager reaches only their own regions: another region answers 404 like a missing one.
Reviewers and administrators read every region and write none (403).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from competition.models import ChosenStrategy, Competitor, CompetitorMove
from customers.access import can_edit_region, regions_for_user
from customers.models import Period, Region
from salesplan.audit import get_in_reach_or_404


def competitors_for_user(user) -> QuerySet[Competitor]:
    return Competitor.objects.filter(region__in=regions_for_user(user))


def moves_for_user(user) -> QuerySet[CompetitorMove]:
    return CompetitorMove.objects.filter(competitor__region__in=regions_for_user(user))


def strategies_for_user(user) -> QuerySet[ChosenStrategy]:
    return ChosenStrategy.objects.filter(region__in=regions_for_user(user))


def check_region_writable(user, region: Region) -> None:
    if not can_edit_region(user, region):
        raise PermissionDenied(
            _("Only the region's manager can change its competition worksheets.")
        )


def get_region_for_user(request, code: str, *, write: bool = False) -> Region:
    region = get_in_reach_or_404(request, regions_for_user(request.user), code=code)
    if write:
        check_region_writable(request.user, region)
    return region


def get_worksheet_for_user(request, code: str, year: int, *, write: bool = False):
    """The region and period a worksheet page is about."""
    region = get_region_for_user(request, code, write=write)
    return region, get_object_or_404(Period, year=year)


def get_competitor_for_user(request, region: Region, pk: int) -> Competitor:
    reachable = competitors_for_user(request.user).filter(region=region)
    return get_in_reach_or_404(request, reachable, pk=pk)


def get_move_for_user(request, region: Region, pk: int) -> CompetitorMove:
    reachable = moves_for_user(request.user).select_related("competitor")
    return get_in_reach_or_404(request, reachable.filter(competitor__region=region), pk=pk)


def get_strategy_for_user(request, region: Region, period: Period, pk: int) -> ChosenStrategy:
    reachable = strategies_for_user(request.user).filter(region=region, period=period)
    return get_in_reach_or_404(request, reachable, pk=pk)
