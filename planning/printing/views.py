"""The printed plan: the print dialog, a PDF on request, and a large plan's print in the
background with its progress page (planning/printing/plan_jobs.py)."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from planning import tasks
from planning.access import get_plan_for_user, get_print_job_for_user
from planning.models import PrintJob
from planning.printing import pdf, plan_jobs
from planning.printing.forms import PrintOptionsForm
from planning.printing.options import CHAPTER_SLUGS, UNITS, YUAN, PrintOptions
from salesplan.converters import one_of, parse_flag, query_value
from salesplan.exports import download

KNOWN_LANGUAGES = {code for code, _name in settings.LANGUAGES}
plan_filename = plan_jobs.plan_filename


def pdf_response(data: bytes, filename: str) -> HttpResponse:
    return download(data, filename=filename, content_type="application/pdf", inline=True)


def options_from_query(request) -> PrintOptions:
    """The print options of a PDF link's query string (PrintOptions.query); 400 for a value
    that cannot be read."""
    chapters = request.GET.getlist("chapter")
    if any(slug not in CHAPTER_SLUGS for slug in chapters):
        raise BadRequest("The query parameter 'chapter' cannot be read.")
    return PrintOptions.of(
        language=query_value(
            request, "lang", one_of(*KNOWN_LANGUAGES), default=request.LANGUAGE_CODE
        ),
        comments=query_value(request, "comments", parse_flag, default=False),
        annex=query_value(request, "detail", parse_flag, default=False),
        chapters=chapters,
        unit=query_value(request, "unit", one_of(*dict(UNITS)), default=YUAN),
    )


@require_GET
def plan_pdf(request, pk):
    plan = get_plan_for_user(request, pk)
    options = options_from_query(request)
    if plan_jobs.in_background(plan, options):
        # Too large to print while the browser waits: the dialog, these options ticked, sends
        # it to the background.
        return redirect(f"{reverse('plan_print', args=[plan.pk])}?{options.query()}")
    try:
        data = pdf.plan_pdf(plan, options=options)
    except pdf.PrintError as exc:
        # A plan that cannot be printed (too deeply nested, too slow) says so; the worker is
        # free again at once.
        return render(
            request, "planning/print_failed.html", {"plan": plan, "reason": str(exc)}, status=422
        )
    return pdf_response(data, plan_filename(plan, options.language))


def _initial(options: PrintOptions) -> dict:
    data = options.as_data()
    if options.all_chapters:
        data["chapters"] = []
    return data


@require_http_methods(["GET", "POST"])
def plan_print(request, pk):
    """The print dialog: the options, then the PDF at once, or for a large plan a background
    job and its progress page."""
    plan = get_plan_for_user(request, pk)
    if request.method == "POST":
        form = PrintOptionsForm(request.POST)
        if form.is_valid():
            options = form.options()
            if not plan_jobs.in_background(plan, options):
                return redirect(f"{reverse('plan_pdf', args=[plan.pk])}?{options.query()}")
            job = plan_jobs.print_job_create(user=request.user, plan=plan, options=options)
            tasks.render_plan_print.enqueue(job.pk)
            return redirect("print_job_detail", pk=job.pk)
    else:
        form = PrintOptionsForm(initial=_initial(options_from_query(request)))
    background = plan_jobs.plan_size(plan) > plan_jobs.threshold()  # even without the annex
    recent = PrintJob.objects.filter(plan=plan, requested_by=request.user)[:5]
    return render(
        request,
        "planning/printing/plan_print.html",
        {"plan": plan, "form": form, "background": background, "recent": recent},
        status=422 if form.is_bound else 200,
    )


@require_GET
def print_job_detail(request, pk):
    job = get_print_job_for_user(request, pk)
    options = PrintOptions.from_data(job.options)
    context = {
        "job": job,
        "plan": job.plan,
        "options": options,
        "step": list(PrintJob.Stage.values).index(job.stage) if not job.finished else 3,
        "again": f"{reverse('plan_print', args=[job.plan_id])}?{options.query()}",
    }
    if request.htmx:
        return render(request, "planning/printing/_print_job_progress.html", context)
    return render(request, "planning/printing/print_job.html", context)


@require_GET
def print_job_download(request, pk):
    job = get_print_job_for_user(request, pk)
    if job.stage != PrintJob.Stage.DONE or not job.file or not Path(job.file).exists():
        raise Http404
    return download(
        open(job.file, "rb"),  # noqa: SIM115 - closed by the response once sent
        filename=Path(job.file).name,
        content_type="application/pdf",
    )
