"""The half-year revision: a new version of an approved plan, starting as a copy of it."""

from collections import defaultdict
from collections.abc import Collection

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from customers.access import can_edit_region
from planning.access import is_reviewer
from planning.models import Plan, PlanTransition
from planning.review.services import LIFECYCLE, TransitionRefused, can_step
from planning.versions.content import content_models


@transaction.atomic
def plan_revise(*, plan: Plan, user) -> Plan:
    """Start the next version of an approved plan as a draft copy of it. The region's manager
    starts it, or headquarters on the region's behalf (at the half-year meeting): a change of the
    plan's state, not of its content, which stays the manager's to write."""
    if not (can_edit_region(user, plan.region) or is_reviewer(user)):
        raise PermissionDenied(
            _("Only the region's manager or a headquarters reviewer can revise this plan.")
        )
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    latest = Plan.objects.filter(region=plan.region, period=plan.period).aggregate(
        v=Max("version")
    )["v"]
    if not can_step(locked, "revise") or locked.version != latest:
        raise TransitionRefused(_("Only the latest approved version of a plan can be revised."))
    new = Plan(
        region=plan.region,
        period=plan.period,
        version=latest + 1,
        state=LIFECYCLE["revise"].target,
        strategy_changes=locked.strategy_changes,
    )
    new._history_user = user
    new._change_reason = f"revision of v{locked.version}"
    new.save()
    copy_content(locked, new, user=user)
    PlanTransition.objects.create(
        plan=new,
        from_state=locked.state,
        to_state=LIFECYCLE["revise"].target,
        by=user,
        reason=_("Revised from version %(v)s") % {"v": locked.version},
    )
    return new


def copy_content(old: Plan, new: Plan, *, user, only: Collection[type] | None = None) -> None:
    """Copy `old`'s content rows into `new`, links between copied rows following the copies.

    `only` limits the copy to these content models (e.g. a new period starts from last year's
    texts but not its figures); a row pointing to a model left out keeps pointing where it did.
    """
    id_maps: dict[type, dict[int, int]] = defaultdict(dict)
    models_ = [model for model in content_models() if only is None or model in only]
    for model in models_:
        rows = list(model.objects.filter(plan=old).order_by("pk"))
        if not rows:
            continue
        old_ids = [row.pk for row in rows]
        for row in rows:
            row.pk = None
            row.plan = new
            for field in model._meta.fields:
                if field.is_relation and field.related_model in id_maps:
                    old_id = getattr(row, field.attname)
                    if old_id is not None:
                        setattr(row, field.attname, id_maps[field.related_model][old_id])
        if hasattr(model, "history"):
            created = bulk_create_with_history(rows, model, batch_size=2000, default_user=user)
        else:
            created = model.objects.bulk_create(rows, batch_size=2000)
        id_maps[model].update(zip(old_ids, (row.pk for row in created), strict=True))
    # Many-to-many links between copied rows (e.g. which SWOT items a direction cites).
    for model in models_:
        for m2m in model._meta.many_to_many:
            through = m2m.remote_field.through
            source = m2m.m2m_field_name()
            target = m2m.m2m_reverse_field_name()
            links = through.objects.filter(**{f"{source}__in": list(id_maps[model])})
            copies = []
            for link in links:
                link.pk = None
                setattr(link, f"{source}_id", id_maps[model][getattr(link, f"{source}_id")])
                target_id = getattr(link, f"{target}_id")
                setattr(
                    link,
                    f"{target}_id",
                    id_maps.get(m2m.related_model, {}).get(target_id, target_id),
                )
                copies.append(link)
            through.objects.bulk_create(copies)
