"""Edit pages of the chapters written on one page: performance, market, strategies, organisation
and control. Each save carries the chapter's revision (409 when it is stale)."""

from django.views.decorators.http import require_http_methods

from planning.access import get_plan_for_user
from planning.chapters import services as services_chapters
from planning.chapters.catalogue import ChapterSlug, control_catalogue, gap_explanations
from planning.chapters.content import chapter_content
from planning.chapters.forms import (
    MarketForm,
    OrganisationForm,
    PerformanceForm,
    RevisionForm,
    StrategiesForm,
    control_formset,
    organisation_formsets,
    table_helper,
)
from planning.chapters.pages import back_to_chapter, chapter_page
from planning.chapters.services import chapter_revision
from planning.numbers import reports
from salesplan.conflicts import save_form


@require_http_methods(["GET", "POST"])
def plan_performance_edit(request, pk):
    plan = get_plan_for_user(request, pk, write=True)
    chapter = ChapterSlug.PERFORMANCE
    kwargs = {
        "analysis": reports.performance_analysis(plan),
        "explanations": gap_explanations(plan),
    }
    conflict = None
    if request.method == "POST":
        result = save_form(
            request,
            lambda data: PerformanceForm(data, **kwargs),
            lambda form: services_chapters.performance_save_explanations(
                plan=plan,
                user=request.user,
                revision=form.cleaned_data["revision"],
                products=form.explanations("product"),
                customers=form.explanations("customer"),
            ),
        )
        if result.done:
            return back_to_chapter(request, plan, chapter)
        form, conflict = result.form, result.conflict
    else:
        form = PerformanceForm(initial={"revision": chapter_revision(plan, chapter)}, **kwargs)
    context = {"form": form, "content": chapter_content(plan, chapter)}
    template = "planning/chapter_forms/performance.html"
    return chapter_page(request, plan, chapter, template, context, conflict=conflict)


def _texts_edit(request, pk, *, chapter: str, form_class):
    plan = get_plan_for_user(request, pk, write=True)
    conflict = None
    if request.method == "POST":
        result = save_form(
            request,
            form_class,
            lambda form: services_chapters.chapter_save_texts(
                plan=plan,
                user=request.user,
                chapter=chapter,
                revision=form.cleaned_data["revision"],
                texts=form.texts(),
            ),
        )
        if result.done:
            return back_to_chapter(request, plan, chapter)
        form, conflict = result.form, result.conflict
    else:
        initial = {**form_class.initial_for(plan), "revision": chapter_revision(plan, chapter)}
        form = form_class(initial=initial)
    context = {"form": form, "content": chapter_content(plan, chapter)}
    template = f"planning/chapter_forms/{chapter}.html"
    return chapter_page(request, plan, chapter, template, context, conflict=conflict)


@require_http_methods(["GET", "POST"])
def plan_market_edit(request, pk):
    return _texts_edit(request, pk, chapter=ChapterSlug.MARKET, form_class=MarketForm)


@require_http_methods(["GET", "POST"])
def plan_strategies_edit(request, pk):
    return _texts_edit(request, pk, chapter=ChapterSlug.STRATEGIES, form_class=StrategiesForm)


@require_http_methods(["GET", "POST"])
def plan_organisation_edit(request, pk):
    plan = get_plan_for_user(request, pk, write=True)
    chapter = ChapterSlug.ORGANISATION
    conflict = None
    if request.method == "POST":
        positions, entries = organisation_formsets(plan, request.POST)
        form = OrganisationForm(request.POST)
        if positions.is_valid() and entries.is_valid():
            result = save_form(
                request,
                OrganisationForm,
                lambda form: services_chapters.organisation_save(
                    plan=plan,
                    user=request.user,
                    revision=form.cleaned_data["revision"],
                    texts=form.texts(),
                    positions=positions.rows(("title", "headcount", "duties")),
                    entries=entries.rows(("kind", "name", "description")),
                ),
            )
            if result.done:
                return back_to_chapter(request, plan, chapter)
            form, conflict = result.form, result.conflict
    else:
        initial = {
            **OrganisationForm.initial_for(plan),
            "revision": chapter_revision(plan, chapter),
        }
        form = OrganisationForm(initial=initial)
        positions, entries = organisation_formsets(plan)
    context = {"form": form, "positions": positions, "entries": entries, "helper": table_helper()}
    template = "planning/chapter_forms/organisation.html"
    return chapter_page(request, plan, chapter, template, context, conflict=conflict)


@require_http_methods(["GET", "POST"])
def plan_control_edit(request, pk):
    plan = get_plan_for_user(request, pk, write=True)
    chapter = ChapterSlug.CONTROL
    data = request.POST if request.method == "POST" else None
    form = RevisionForm(data, initial={"revision": chapter_revision(plan, chapter)})
    formset = control_formset(plan, control_catalogue(plan), data)
    conflict = None
    if data is not None and formset.is_valid():
        result = save_form(
            request,
            RevisionForm,
            lambda form: services_chapters.control_save(
                plan=plan,
                user=request.user,
                revision=form.cleaned_data["revision"],
                commitments=formset.commitments(),
            ),
        )
        if result.done:
            return back_to_chapter(request, plan, chapter)
        form, conflict = result.form, result.conflict
    context = {"form": form, "formset": formset}
    template = "planning/chapter_forms/control.html"
    return chapter_page(request, plan, chapter, template, context, conflict=conflict)
