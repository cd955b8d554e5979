"""Which version of a region's plan stands for the region: the baseline rule.

A region may hold several versions of its plan for a period (v1 approved, then the half-year
revision v2 as a draft). Headquarters' roll-up, its drill-downs and workbooks, the review packs
and last year's estimate read one version per region, chosen here:

- APPROVED, the default: the region's latest approved version, so a revision being written does
  not replace the approved plan; an approved revision is the latest approved version, and so the
  new baseline. A region with no approved version yet is read at its latest version, its state
  shown beside its figures.
- SUBMITTED: the latest version that was submitted or approved, else the latest.
- WORKING: the latest version, whatever its state (what the regions are writing now).

For the half-year meeting, `original_and_revised` pairs each region's original plan (its first
approved version) with its revision (its latest version after that one).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from customers.models import Period
from planning.models import Plan

APPROVED, SUBMITTED, WORKING = "approved", "submitted", "working"
BASES = (
    (APPROVED, _("Latest approved")),
    (SUBMITTED, _("Latest submitted")),
    (WORKING, _("Working version")),
)
_STANDING = {
    APPROVED: (Plan.State.APPROVED,),
    SUBMITTED: (Plan.State.APPROVED, Plan.State.SUBMITTED),
    WORKING: (),
}


def _versions(period: Period | None, region_ids) -> list[tuple[int, int, int, str]]:
    """(plan id, region id, version, state) of the regions' plans for the period."""
    if period is None:
        return []
    return list(
        Plan.objects.filter(period=period, region_id__in=region_ids)
        .order_by()
        .values_list("id", "region_id", "version", "state")
    )


def plan_ids(period: Period | None, region_ids, basis: str = APPROVED) -> dict[int, int]:
    """Region id → the id of the plan that stands for it on `basis`."""
    standing = _STANDING[basis]
    chosen: dict[int, tuple[bool, int, int]] = {}
    for plan_id, region_id, version, state in _versions(period, region_ids):
        rank = (state in standing, version, plan_id)
        if region_id not in chosen or rank > chosen[region_id]:
            chosen[region_id] = rank
    return {region_id: rank[2] for region_id, rank in chosen.items()}


def plans(period: Period, regions, basis: str = APPROVED) -> dict[int, Plan]:
    """Region id → the plan that stands for it on `basis` (its region loaded)."""
    region_ids = [getattr(region, "pk", region) for region in regions]
    ids = plan_ids(period, region_ids, basis)
    found = Plan.objects.filter(pk__in=ids.values()).select_related("region", "period")
    return {plan.region_id: plan for plan in found}


@dataclass(frozen=True)
class Pair:
    """A region's original plan and its revision (None: not revised after the original)."""

    original: Plan
    revised: Plan | None


def original_and_revised(period: Period, regions) -> dict[int, Pair]:
    """Region id → its original plan (its first approved version, else its first version) and
    its revision (its latest version, when later than the original)."""
    region_ids = [getattr(region, "pk", region) for region in regions]
    original: dict[int, tuple[bool, int, int]] = {}
    latest: dict[int, tuple[int, int]] = {}
    for plan_id, region_id, version, state in _versions(period, region_ids):
        rank = (state != Plan.State.APPROVED, version, plan_id)
        if region_id not in original or rank < original[region_id]:
            original[region_id] = rank
        if region_id not in latest or (version, plan_id) > latest[region_id]:
            latest[region_id] = (version, plan_id)
    wanted = {rank[2] for rank in original.values()} | {pair[1] for pair in latest.values()}
    loaded = Plan.objects.select_related("region", "period").in_bulk(wanted)
    result = {}
    for region_id, rank in original.items():
        first, last = loaded[rank[2]], loaded[latest[region_id][1]]
        result[region_id] = Pair(first, last if last.version > first.version else None)
    return result
