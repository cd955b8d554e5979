"""Edit pages of the plan's written chapters: performance, market, SWOT, strategies, action plan,
organisation and control. Each save carries the chapter's revision (409 when it is stale)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from planning.access import get_plan_for_user
from planning.chapters import history as history_chapters  # noqa: F401  (registers chapter history)
from planning.chapters import services as services_chapters
from planning.chapters.catalogue import CHAPTERS_BY_SLUG, ChapterSlug
from planning.chapters.content import chapter_content, numbered_swot
from planning.chapters.forms import (
    ActivityForm,
    DirectionForm,
    MarketForm,
    OrganisationForm,
    PerformanceForm,
    RevisionForm,
    StrategiesForm,
    control_formset,
    organisation_formsets,
    swot_formsets,
    table_helper,
)
from planning.chapters.services import ChapterConflict, chapter_revision
from planning.models import ControlMeans, Plan, SwotItem
from planning.numbers import reports

SAVED = {
    ChapterSlug.PERFORMANCE: gettext_lazy("The performance analysis was saved."),
    ChapterSlug.MARKET: gettext_lazy("The customer-market situation was saved."),
    ChapterSlug.SWOT: gettext_lazy("The SWOT analysis was saved."),
    ChapterSlug.STRATEGIES: gettext_lazy("The strategies were saved."),
    ChapterSlug.ACTIONS: gettext_lazy("The action plan was saved."),
    ChapterSlug.ORGANISATION: gettext_lazy("The organisation was saved."),
    ChapterSlug.CONTROL: gettext_lazy("The means of control were saved."),
}


def _saved(request, plan: Plan, chapter: str):
    messages.success(request, str(SAVED[chapter]))
    return redirect(f"{plan.get_absolute_url()}#chapter-{chapter}")


def _with_revision(request, revision: int):
    """The posted data with the revision now current: the typed values stay, and the next save
    (after the person has merged) goes through."""
    data = request.POST.copy()
    data["revision"] = str(revision)
    return data


def _has_errors(form) -> bool:
    if not form.is_bound:
        return False
    if hasattr(form, "total_error_count"):
        return form.total_error_count() > 0
    return bool(form.errors)


def _page(
    request, plan: Plan, chapter: str, template: str, context: dict, *, conflict=None, forms=()
):
    """Render an edit page: 409 with the other person's saved chapter after a conflict, 422 when
    a bound form was refused, else 200."""
    forms = [*forms, *(value for value in context.values() if hasattr(value, "is_bound"))]
    refused = request.method == "POST" and any(_has_errors(form) for form in forms)
    context = {
        "plan": plan,
        "chapter": CHAPTERS_BY_SLUG[chapter],
        "conflict": conflict,
        "can_edit": True,
        **context,
    }
    if conflict is not None:
        context["their_content"] = chapter_content(plan, chapter)
    return render(request, template, context, status=409 if conflict else (422 if refused else 200))


def _refuse(form, exc: ValidationError) -> None:
    """A service's refusal, shown at the form's fields (or at the top of it)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@require_http_methods(["GET", "POST"])
def plan_performance_edit(request, pk):
    plan = get_plan_for_user(request, pk, write=True)
    chapter = ChapterSlug.PERFORMANCE
    analysis = reports.performance_analysis(plan)
    explanations = {
        (f"product_{e.product_id}" if e.product_id else f"customer_{e.customer_id}"): e.text
        for e in plan.gap_explanations.all()
    }
    kwargs = {"analysis": analysis, "explanations": explanations}
    conflict = None
    if request.method == "POST":
        form = PerformanceForm(request.POST, **kwargs)
        if form.is_valid():
            try:
                services_chapters.performance_save_explanations(
                    plan=plan,
                    user=request.user,
                    revision=form.cleaned_data["revision"],
                    products=form.explanations("product"),
                    customers=form.explanations("customer"),
                )
            except ChapterConflict as exc:
                conflict = exc.sheet
                form = PerformanceForm(_with_revision(request, conflict.revision), **kwargs)
            else:
                return _saved(request, plan, chapter)
    else:
        form = PerformanceForm(initial={"revision": chapter_revision(plan, chapter)}, **kwargs)
    context = {"form": form, "content": chapter_content(plan, chapter)}
    return _page(
        request,
        plan,
        chapter,
        "planning/chapter_forms/performance.html",
        context,
        conflict=conflict,
    )


def _texts_edit(request, pk, *, chapter: str, form_class):
    plan = get_plan_for_user(request, pk, write=True)
    conflict = None
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            try:
                services_chapters.chapter_save_texts(
                    plan=plan,
                    user=request.user,
                    chapter=chapter,
                    revision=form.cleaned_data["revision"],
                    texts=form.texts(),
                )
            except ChapterConflict as exc:
                conflict = exc.sheet
                form = form_class(_with_revision(request, conflict.revision))
            else:
                return _saved(request, plan, chapter)
    else:
        initial = {**form_class.initial_for(plan), "revision": chapter_revision(plan, chapter)}
        form = form_class(initial=initial)
    context = {"form": form, "content": chapter_content(plan, chapter)}
    return _page(
        request,
        plan,
        chapter,
        f"planning/chapter_forms/{chapter}.html",
        context,
        conflict=conflict,
    )


@require_http_methods(["GET", "POST"])
def plan_market_edit(request, pk):
    return _texts_edit(request, pk, chapter=ChapterSlug.MARKET, form_class=MarketForm)


@require_http_methods(["GET", "POST"])
def plan_strategies_edit(request, pk):
    return _texts_edit(request, pk, chapter=ChapterSlug.STRATEGIES, form_class=StrategiesForm)


@require_http_methods(["GET", "POST"])
def plan_swot_edit(request, pk):
    plan = get_plan_for_user(request, pk, write=True)
    chapter = ChapterSlug.SWOT
    conflict = None
    form = RevisionForm(
        request.POST if request.method == "POST" else None,
        initial={"revision": chapter_revision(plan, chapter)},
    )
    formsets = swot_formsets(plan, request.POST if request.method == "POST" else None)
    if (
        request.method == "POST"
        and form.is_valid()
        and all(formset.is_valid() for formset in formsets.values())
    ):
        try:
            services_chapters.swot_save_items(
                plan=plan,
                user=request.user,
                revision=form.cleaned_data["revision"],
                rows={kind: formset.rows(("text",)) for kind, formset in formsets.items()},
            )
        except ChapterConflict as exc:
            conflict = exc.sheet
            form = RevisionForm(_with_revision(request, conflict.revision))
        except ValidationError as exc:
            _refuse(form, exc)
        else:
            return _saved(request, plan, chapter)
    context = {
        "form": form,
        "formsets": [(SwotItem.Kind(kind), formset) for kind, formset in formsets.items()],
        "helper": table_helper(),
        "content": chapter_content(plan, chapter),
        "revision": chapter_revision(plan, chapter),
    }
    return _page(
        request,
        plan,
        chapter,
        "planning/chapter_forms/swot.html",
        context,
        conflict=conflict,
        forms=formsets.values(),
    )


@require_http_methods(["GET", "POST"])
def swot_direction_create(request, pk):
    return _direction_edit(request, pk, None)


@require_http_methods(["GET", "POST"])
def swot_direction_edit(request, pk, direction_id):
    return _direction_edit(request, pk, direction_id)


def _direction_edit(request, pk, direction_id):
    plan = get_plan_for_user(request, pk, write=True)
    chapter = ChapterSlug.SWOT
    direction = get_object_or_404(plan.action_directions, pk=direction_id) if direction_id else None
    conflict = None
    if request.method == "POST":
        form = DirectionForm(request.POST, plan=plan)
        if form.is_valid():
            try:
                services_chapters.direction_save(
                    plan=plan,
                    user=request.user,
                    revision=form.cleaned_data["revision"],
                    direction=direction,
                    pairing=form.cleaned_data["pairing"],
                    text=form.cleaned_data["text"],
                    items=list(form.cleaned_data["items"]),
                )
            except ChapterConflict as exc:
                conflict = exc.sheet
                form = DirectionForm(_with_revision(request, conflict.revision), plan=plan)
            except ValidationError as exc:
                _refuse(form, exc)
            else:
                return _saved(request, plan, chapter)
    else:
        initial = {"revision": chapter_revision(plan, chapter)}
        if direction:
            initial.update(
                pairing=direction.pairing, text=direction.text, items=list(direction.items.all())
            )
        form = DirectionForm(initial=initial, plan=plan)
    context = {"form": form, "direction": direction, "lists": numbered_swot(plan)}
    return _page(
        request, plan, chapter, "planning/chapter_forms/direction.html", context, conflict=conflict
    )


@require_POST
def swot_direction_delete(request, pk, direction_id):
    plan = get_plan_for_user(request, pk, write=True)
    direction = get_object_or_404(plan.action_directions, pk=direction_id)
    return _delete(
        request,
        plan,
        ChapterSlug.SWOT,
        lambda revision: services_chapters.direction_delete(
            plan=plan, user=request.user, revision=revision, direction=direction
        ),
        _("The action direction was removed."),
    )


def _delete(request, plan: Plan, chapter: str, remove, done: str):
    form = RevisionForm(request.POST)
    if not form.is_valid():
        return _page(request, plan, chapter, "planning/chapter_forms/refused.html", {"form": form})
    try:
        remove(form.cleaned_data["revision"])
    except ChapterConflict as exc:
        return _page(
            request,
            plan,
            chapter,
            "planning/chapter_forms/refused.html",
            {"form": form},
            conflict=exc.sheet,
        )
    messages.success(request, done)
    return redirect(f"{plan.get_absolute_url()}#chapter-{chapter}")


@require_GET
def plan_actions_edit(request, pk):
    plan = get_plan_for_user(request, pk, write=True)
    chapter = ChapterSlug.ACTIONS
    context = {
        "content": chapter_content(plan, chapter),
        "revision": chapter_revision(plan, chapter),
    }
    return _page(request, plan, chapter, "planning/chapter_forms/actions.html", context)


@require_http_methods(["GET", "POST"])
def activity_create(request, pk):
    return _activity_edit(request, pk, None)


@require_http_methods(["GET", "POST"])
def activity_edit(request, pk, activity_id):
    return _activity_edit(request, pk, activity_id)


def _activity_edit(request, pk, activity_id):
    plan = get_plan_for_user(request, pk, write=True)
    chapter = ChapterSlug.ACTIONS
    activity = get_object_or_404(plan.activities, pk=activity_id) if activity_id else None
    conflict = None
    if request.method == "POST":
        form = ActivityForm(request.POST, plan=plan)
        if form.is_valid():
            try:
                services_chapters.activity_save(
                    plan=plan,
                    user=request.user,
                    revision=form.cleaned_data["revision"],
                    activity=activity,
                    values=form.values(),
                )
            except ChapterConflict as exc:
                conflict = exc.sheet
                form = ActivityForm(_with_revision(request, conflict.revision), plan=plan)
            except ValidationError as exc:
                _refuse(form, exc)
            else:
                return _saved(request, plan, chapter)
    else:
        form = ActivityForm(initial=_activity_initial(request, plan, activity), plan=plan)
    return _page(
        request,
        plan,
        chapter,
        "planning/chapter_forms/activity.html",
        {"form": form, "activity": activity},
        conflict=conflict,
    )


def _activity_initial(request, plan: Plan, activity) -> dict:
    initial = {"revision": chapter_revision(plan, ChapterSlug.ACTIONS)}
    if activity is not None:
        return {**ActivityForm.initial_for(activity, plan.period.year), **initial}
    direction_id = request.GET.get("direction", "")
    direction = (
        plan.action_directions.filter(pk=direction_id).first() if direction_id.isdigit() else None
    )
    if direction is not None:
        initial.update(direction=direction.pk, work=direction.text)
    return initial


@require_POST
def activity_delete(request, pk, activity_id):
    plan = get_plan_for_user(request, pk, write=True)
    activity = get_object_or_404(plan.activities, pk=activity_id)
    return _delete(
        request,
        plan,
        ChapterSlug.ACTIONS,
        lambda revision: services_chapters.activity_delete(
            plan=plan, user=request.user, revision=revision, activity=activity
        ),
        _("The activity was removed."),
    )


@require_http_methods(["GET", "POST"])
def plan_organisation_edit(request, pk):
    plan = get_plan_for_user(request, pk, write=True)
    chapter = ChapterSlug.ORGANISATION
    conflict = None
    if request.method == "POST":
        form = OrganisationForm(request.POST)
        positions, entries = organisation_formsets(plan, request.POST)
        if form.is_valid() and positions.is_valid() and entries.is_valid():
            try:
                services_chapters.organisation_save(
                    plan=plan,
                    user=request.user,
                    revision=form.cleaned_data["revision"],
                    texts=form.texts(),
                    positions=positions.rows(("title", "headcount", "duties")),
                    entries=entries.rows(("kind", "name", "description")),
                )
            except ChapterConflict as exc:
                conflict = exc.sheet
                form = OrganisationForm(_with_revision(request, conflict.revision))
            except ValidationError as exc:
                _refuse(form, exc)
            else:
                return _saved(request, plan, chapter)
    else:
        initial = {
            **OrganisationForm.initial_for(plan),
            "revision": chapter_revision(plan, chapter),
        }
        form = OrganisationForm(initial=initial)
        positions, entries = organisation_formsets(plan)
    context = {"form": form, "positions": positions, "entries": entries, "helper": table_helper()}
    return _page(
        request,
        plan,
        chapter,
        "planning/chapter_forms/organisation.html",
        context,
        conflict=conflict,
    )


@require_http_methods(["GET", "POST"])
def plan_control_edit(request, pk):
    plan = get_plan_for_user(request, pk, write=True)
    chapter = ChapterSlug.CONTROL
    committed = plan.control_commitments.values_list("means_id", flat=True)
    catalogue = [m for m in ControlMeans.objects.all() if m.active or m.pk in set(committed)]
    conflict = None
    form = RevisionForm(
        request.POST if request.method == "POST" else None,
        initial={"revision": chapter_revision(plan, chapter)},
    )
    formset = control_formset(plan, catalogue, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            services_chapters.control_save(
                plan=plan,
                user=request.user,
                revision=form.cleaned_data["revision"],
                commitments=formset.commitments(),
            )
        except ChapterConflict as exc:
            conflict = exc.sheet
            form = RevisionForm(_with_revision(request, conflict.revision))
        else:
            return _saved(request, plan, chapter)
    context = {"form": form, "formset": formset}
    return _page(
        request, plan, chapter, "planning/chapter_forms/control.html", context, conflict=conflict
    )
