"""A single plan's PDF printed in the background, on the packs' workers (planning/tasks.py).

Whether a print goes to the background is decided by the plan's size, not by timing: its
active customers × active products, three times that with the annex (a products × months table
and the collections' rows for every customer), over settings.PDF_BACKGROUND_ABOVE. Its default,
0, sends every plan there: a print that takes more than about a second runs in the background,
and even the demo plan (20) takes about 2 s (the 300-customer plan, 3,600, about 5 s). A
deployment that prefers small plans to download at once sets a size (600: up to 200 customers
× 3 products).
The job records its stage (waiting, reading the figures, laying out, ready) for the progress
page; only the person who asked reads it (views.print_job_detail).
"""

import io
import time
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from pypdf import PdfReader

from customers.models import Customer, Product
from planning.models import Plan, PrintJob
from planning.printing import pdf
from planning.printing.options import PrintOptions

JOB_DIR = "prints"


def plan_size(plan: Plan) -> int:
    """The plan's customers × products (the active ones): what its tables grow with."""
    customers = Customer.objects.filter(region=plan.region_id, active=True).count()
    return customers * Product.objects.filter(active=True).count()


# What the annex multiplies a plan's size by.
ANNEX_WEIGHT = 3


def threshold() -> int:
    return settings.PDF_BACKGROUND_ABOVE


def in_background(plan: Plan, options: PrintOptions) -> bool:
    size = plan_size(plan) * (ANNEX_WEIGHT if options.annex else 1)
    return size > threshold()


@transaction.atomic
def print_job_create(*, user, plan: Plan, options: PrintOptions) -> PrintJob:
    return PrintJob.objects.create(plan=plan, requested_by=user, options=options.as_data())


def plan_filename(plan: Plan, language: str) -> str:
    name = slugify(f"{plan.region.code}-{plan.period.year}-v{plan.version}-{language}")
    return f"salesplan-{name}.pdf"


def _stage(job: PrintJob, stage: str, **fields) -> None:
    PrintJob.objects.filter(pk=job.pk).update(stage=stage, **fields)


def render_print_job(job_id: int) -> None:
    """Print the job's plan into its folder; a failure is recorded with its reason."""
    job = PrintJob.objects.select_related("plan__region", "plan__period").get(pk=job_id)
    if job.finished:
        return
    options = PrintOptions.from_data(job.options)
    start = time.perf_counter()
    try:
        _stage(job, PrintJob.Stage.READING)
        html = pdf.plan_html(job.plan, options=options)
        _stage(job, PrintJob.Stage.LAYING_OUT)
        with translation.override(options.language):
            data = pdf.render_pdf(html, timeout=_seconds(start))
    except Exception as exc:  # noqa: BLE001 - the progress page shows the reason
        message = str(exc) if isinstance(exc, pdf.PrintError) else f"{type(exc).__name__}: {exc}"
        _stage(job, PrintJob.Stage.FAILED, error=message[:2000], finished_at=timezone.now())
        return
    folder = Path(settings.MEDIA_ROOT) / JOB_DIR / str(job.pk)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / plan_filename(job.plan, options.language)
    target.write_bytes(data)
    _stage(
        job,
        PrintJob.Stage.DONE,
        file=str(target),
        pages=len(PdfReader(io.BytesIO(data)).pages),
        finished_at=timezone.now(),
    )


def _seconds(start: float) -> float:
    """The worker's time bound for the layout: the web's, three times over (nobody waits on a
    request), less what reading the figures took."""
    bound = getattr(settings, "PDF_RENDER_SECONDS", 20) * 3
    return max(bound - (time.perf_counter() - start), 1)
