"""Edit pages of the SWOT chapter: the four lists, and the action directions that cite them."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from planning.access import get_plan_for_user
from planning.chapters import services as services_chapters
from planning.chapters.catalogue import ChapterSlug
from planning.chapters.content import chapter_content
from planning.chapters.forms import RevisionForm, table_helper
from planning.chapters.pages import back_to_chapter, chapter_page, remove_in_chapter
from planning.chapters.services import chapter_revision
from planning.chapters.swot_forms import DirectionForm, swot_formsets
from planning.models import SwotItem
from salesplan.conflicts import save_form


@require_http_methods(["GET", "POST"])
def plan_swot_edit(request, pk):
    plan = get_plan_for_user(request, pk, write=True)
    chapter = ChapterSlug.SWOT
    data = request.POST if request.method == "POST" else None
    form = RevisionForm(data, initial={"revision": chapter_revision(plan, chapter)})
    formsets = swot_formsets(plan, data)
    conflict = None
    if data is not None and all(formset.is_valid() for formset in formsets.values()):
        result = save_form(
            request,
            RevisionForm,
            lambda form: services_chapters.swot_save_items(
                plan=plan,
                user=request.user,
                revision=form.cleaned_data["revision"],
                rows={kind: formset.rows(("text",)) for kind, formset in formsets.items()},
            ),
        )
        if result.done:
            return back_to_chapter(request, plan, chapter)
        form, conflict = result.form, result.conflict
    context = {
        "form": form,
        "formsets": [(SwotItem.Kind(kind), formset) for kind, formset in formsets.items()],
        "helper": table_helper(),
        "content": chapter_content(plan, chapter),
        "revision": chapter_revision(plan, chapter),
    }
    return chapter_page(
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
        result = save_form(
            request,
            lambda data: DirectionForm(data, plan=plan),
            lambda form: services_chapters.direction_save(
                plan=plan,
                user=request.user,
                revision=form.cleaned_data["revision"],
                direction=direction,
                pairing=form.cleaned_data["pairing"],
                text=form.cleaned_data["text"],
                items=list(form.cleaned_data["items"]),
            ),
        )
        if result.done:
            return back_to_chapter(request, plan, chapter)
        form, conflict = result.form, result.conflict
    else:
        initial = {"revision": chapter_revision(plan, chapter)}
        if direction:
            initial.update(
                pairing=direction.pairing, text=direction.text, items=list(direction.items.all())
            )
        form = DirectionForm(initial=initial, plan=plan)
    context = {"form": form, "direction": direction}
    template = "planning/chapter_forms/direction.html"
    return chapter_page(request, plan, chapter, template, context, conflict=conflict)


@require_POST
def swot_direction_delete(request, pk, direction_id):
    plan = get_plan_for_user(request, pk, write=True)
    direction = get_object_or_404(plan.action_directions, pk=direction_id)
    return remove_in_chapter(
        request,
        plan,
        ChapterSlug.SWOT,
        lambda revision: services_chapters.direction_delete(
            plan=plan, user=request.user, revision=revision, direction=direction
        ),
        _("The action direction was removed."),
    )
