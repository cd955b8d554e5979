"""The printed plan: a PDF of one plan on request."""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from planning.access import get_plan_for_user
from planning.printing import pdf
from salesplan.converters import one_of, parse_flag, query_value
from salesplan.exports import download

KNOWN_LANGUAGES = {code for code, _name in settings.LANGUAGES}


def pdf_response(data: bytes, filename: str) -> HttpResponse:
    return download(data, filename=filename, content_type="application/pdf", inline=True)


def plan_filename(plan, language: str) -> str:
    name = slugify(f"{plan.region.code}-{plan.period.year}-v{plan.version}-{language}")
    return f"salesplan-{name}.pdf"


@require_GET
def plan_pdf(request, pk):
    plan = get_plan_for_user(request, pk)
    language = query_value(request, "lang", one_of(*KNOWN_LANGUAGES), default=request.LANGUAGE_CODE)
    try:
        data = pdf.plan_pdf(
            plan,
            language=language,
            comments=query_value(request, "comments", parse_flag, default=False),
            detail=query_value(request, "detail", parse_flag, default=False),
        )
    except pdf.PrintError as exc:
        # A plan that cannot be printed (too deeply nested, too slow) says so; the worker is
        # free again at once.
        return render(
            request, "planning/print_failed.html", {"plan": plan, "reason": str(exc)}, status=422
        )
    return pdf_response(data, plan_filename(plan, language))
