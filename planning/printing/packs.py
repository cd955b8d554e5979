"""Review packs: a front (cover, dashboard, contents: front.py), then each selected region's plan.

A pack is one job with one part per region. Each part renders in its own background task so that
several workers print side by side; the part that completes the set merges the pack. A region that
fails is named on the pack's cover and on the progress page, never silently left out.
"""

import io
import resource
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from pypdf import PdfReader

from customers.access import regions_for_user
from planning.models import Plan
from planning.models.printing import PackJob, PackPart
from planning.printing import front
from planning.printing.options import PrintOptions
from planning.versions import baseline

PACK_DIR = "packs"


def pack_dir(job: PackJob) -> Path:
    path = Path(settings.MEDIA_ROOT) / PACK_DIR / str(job.pk)
    path.mkdir(parents=True, exist_ok=True)
    return path


@dataclass(frozen=True)
class LeftOut:
    """A region the pack does not print, and why."""

    region: str
    reason: str


def chosen_plans(*, user, period, regions, states: list[str]) -> list[Plan]:
    """The current plans of the readable `regions` in one of `states` (none: every state)."""
    readable = regions_for_user(user).filter(pk__in=[r.pk for r in regions])
    plans = baseline.plans(period, readable)
    return sorted(
        (plan for plan in plans.values() if not states or plan.state in states),
        key=lambda plan: plan.region.code,
    )


def left_out(job: PackJob, parts: list[PackPart]) -> list[LeftOut]:
    """The requester's regions (not the groups) that the pack does not print, and why: a plan
    outside the chosen states, a region not ticked, no plan. Read as the plans are now."""
    printed = {part.region_id for part in parts}
    regions = regions_for_user(job.requested_by).filter(children__isnull=True).order_by("code")
    plans = baseline.plans(job.period, regions)
    result = []
    for region in regions:
        if region.pk in printed:
            continue
        plan = plans.get(region.pk)
        if plan is None:
            reason = _("no plan for the period")
        elif job.states and plan.state not in job.states:
            reason = _state_reason(plan)
        else:
            reason = _("not chosen for this pack")
        result.append(LeftOut(region=region.display_name, reason=reason))
    return result


def _state_reason(plan: Plan) -> str:
    if plan.state == Plan.State.DRAFT:
        return _("draft, not submitted")
    if plan.state == Plan.State.RETURNED:
        return _("returned for changes, not resubmitted")
    return _("%(state)s, not among the chosen states") % {"state": plan.get_state_display()}


@transaction.atomic
def pack_create(
    *,
    user,
    period,
    regions,
    states: list[str],
    language: str = "",
    comments: bool = False,
    options: PrintOptions | None = None,
) -> PackJob:
    """A job with one part per readable region whose current plan is in one of `states`, each
    printed with `options` (else in `language`, with the `comments`, every chapter, in yuan)."""
    options = options or PrintOptions.of(language=language, comments=comments)
    chosen = chosen_plans(user=user, period=period, regions=regions, states=states)
    job = PackJob.objects.create(
        period=period,
        requested_by=user,
        language=options.language,
        comments=options.comments,
        options=options.as_data(),
        states=list(states),
    )
    PackPart.objects.bulk_create(
        [
            PackPart(job=job, region=plan.region, plan=plan, order=index)
            for index, plan in enumerate(chosen)
        ]
    )
    return job


def pack_options(job: PackJob) -> PrintOptions:
    """What each plan of the pack holds; a pack ordered before the options had only these two."""
    return PrintOptions.from_data(
        job.options or {"language": job.language, "comments": job.comments}
    )


def render_part(part_id: int) -> None:
    """Print one region's plan into the job's folder; record failure by name."""
    part = PackPart.objects.select_related("job", "plan__region", "plan__period").get(pk=part_id)
    if part.status == PackJob.Status.DONE:
        return
    PackPart.objects.filter(pk=part.pk).update(status=PackJob.Status.RUNNING)
    PackJob.objects.filter(pk=part.job_id, status=PackJob.Status.QUEUED).update(
        status=PackJob.Status.RUNNING
    )
    start = time.perf_counter()
    try:
        # One region per job, the jobs side by side: each plan prints in one piece, without
        # its own contents and page numbers (the pack's front numbers the whole pack).
        data = front.part_pdf(part.plan, language=part.job.language, options=pack_options(part.job))
    except Exception as exc:  # noqa: BLE001 - any failure is reported against the region
        PackPart.objects.filter(pk=part.pk).update(
            status=PackJob.Status.FAILED,
            error=f"{type(exc).__name__}: {exc}"[:2000],
            seconds=time.perf_counter() - start,
        )
    else:
        target = pack_dir(part.job) / f"{part.order:03d}-{part.region.code}.pdf"
        target.write_bytes(data)
        PackPart.objects.filter(pk=part.pk).update(
            status=PackJob.Status.DONE,
            file=str(target),
            pages=len(PdfReader(io.BytesIO(data)).pages),
            seconds=time.perf_counter() - start,
            peak_memory_kb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        )
    merge_when_complete(part.job_id)


def merge_when_complete(job_id: int) -> bool:
    """Merge the pack if every part has finished and nobody merged it yet."""
    with transaction.atomic():
        job = PackJob.objects.select_for_update().get(pk=job_id)
        if job.status in (PackJob.Status.DONE, PackJob.Status.FAILED):
            return False
        if job.parts.exclude(status__in=[PackJob.Status.DONE, PackJob.Status.FAILED]).exists():
            return False
        try:
            job.file = str(merge(job))
            job.status = PackJob.Status.DONE
        except Exception as exc:  # noqa: BLE001 - the page shows the reason
            job.status = PackJob.Status.FAILED
            job.error = f"{type(exc).__name__}: {exc}"[:2000]
        job.finished_at = timezone.now()
        job.save(update_fields=["file", "status", "error", "finished_at"])
        return True


def merge(job: PackJob) -> Path:
    """The pack's file: its front (cover, dashboard, contents), then each printed region."""
    parts = list(job.parts.select_related("region", "plan"))
    target = pack_dir(job) / f"pack-{job.period.year}-{job.language}.pdf"
    with translation.override(job.language):
        front.merge(job, parts, target, left_out=left_out(job, parts))
    return target


def render_pack_now(job: PackJob) -> PackJob:
    """Render every part in this process (the command line), then merge."""
    for part in job.parts.all():
        render_part(part.pk)
    job.refresh_from_db()
    return job
