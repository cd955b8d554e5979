"""Review packs: ordered from the reviewer's home, printed by background workers."""

from pathlib import Path

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from customers.access import regions_for_user
from customers.models import Period
from planning import tasks
from planning.access import require_reviewer
from planning.models import PackJob, Plan
from planning.printing import packs
from planning.printing.forms import PackForm
from planning.versions import baseline
from salesplan.exports import download


def _pack_regions(user, period):
    plans = baseline.plans(period, regions_for_user(user))
    return regions_for_user(user).filter(pk__in=list(plans)).order_by("code")


@require_http_methods(["GET", "POST"])
def pack_new(request, year):
    require_reviewer(request.user)
    period = get_object_or_404(Period, year=year)
    regions = _pack_regions(request.user, period)
    form = PackForm(
        request.POST if request.method == "POST" else None,
        regions=regions,
        initial={
            "regions": list(regions),
            "language": get_language(),
            "states": [Plan.State.SUBMITTED, Plan.State.APPROVED],
        },
    )
    if request.method == "POST" and form.is_valid() and not _chosen(request, period, form):
        form.add_error(
            None,
            _(
                "No plan matches these regions and states, so nothing was printed. Tick more "
                "regions or states."
            ),
        )
    elif request.method == "POST" and form.is_valid():
        job = packs.pack_create(
            user=request.user,
            period=period,
            regions=list(form.cleaned_data["regions"]),
            states=form.cleaned_data["states"],
            options=form.options(),
        )
        for part in job.parts.all():
            tasks.render_pack_part.enqueue(part.pk)
        return redirect("pack_detail", pk=job.pk)
    recent = PackJob.objects.filter(period=period).select_related("requested_by")[:10]
    return render(
        request,
        "planning/packs/new.html",
        {"form": form, "period": period, "recent": recent},
        status=422 if form.is_bound else 200,
    )


def _chosen(request, period, form) -> list[Plan]:
    return packs.chosen_plans(
        user=request.user,
        period=period,
        regions=list(form.cleaned_data["regions"]),
        states=form.cleaned_data["states"],
    )


def _job_for(request, pk) -> PackJob:
    require_reviewer(request.user)
    return get_object_or_404(PackJob.objects.select_related("period"), pk=pk)


@require_GET
def pack_detail(request, pk):
    job = _job_for(request, pk)
    parts = list(job.parts.select_related("region"))
    done = sum(part.status in (PackJob.Status.DONE, PackJob.Status.FAILED) for part in parts)
    context = {
        "job": job,
        "parts": parts,
        "done": done,
        "total": len(parts),
        "finished": job.status in (PackJob.Status.DONE, PackJob.Status.FAILED),
    }
    if request.htmx:
        return render(request, "planning/packs/_progress.html", context)
    context["left_out"] = packs.left_out(job, parts)
    context["options"] = packs.pack_options(job)
    return render(request, "planning/packs/detail.html", context)


@require_GET
def pack_download(request, pk):
    job = _job_for(request, pk)
    if job.status != PackJob.Status.DONE or not job.file or not Path(job.file).exists():
        raise Http404
    return download(
        open(job.file, "rb"),  # noqa: SIM115 - closed by the response once sent
        filename=Path(job.file).name,
        content_type="application/pdf",
    )
