"""Edit pages of the action plan: the list of activities, and one activity at a time."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from planning.access import get_plan_for_user
from planning.chapters import services as services_chapters
from planning.chapters.action_forms import ActivityForm
from planning.chapters.catalogue import ChapterSlug
from planning.chapters.content import chapter_content
from planning.chapters.pages import back_to_chapter, chapter_page, remove_in_chapter
from planning.chapters.services import chapter_revision
from planning.models import Plan
from salesplan.conflicts import save_form
from salesplan.converters import parse_id


@require_GET
def plan_actions_edit(request, pk):
    plan = get_plan_for_user(request, pk, write=True)
    chapter = ChapterSlug.ACTIONS
    context = {
        "content": chapter_content(plan, chapter),
        "revision": chapter_revision(plan, chapter),
    }
    return chapter_page(request, plan, chapter, "planning/chapter_forms/actions.html", context)


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
        result = save_form(
            request,
            lambda data: ActivityForm(data, plan=plan),
            lambda form: services_chapters.activity_save(
                plan=plan,
                user=request.user,
                revision=form.cleaned_data["revision"],
                activity=activity,
                values=form.values(),
            ),
        )
        if result.done:
            return back_to_chapter(request, plan, chapter)
        form, conflict = result.form, result.conflict
    else:
        form = ActivityForm(initial=_activity_initial(request, plan, activity), plan=plan)
    context = {"form": form, "activity": activity}
    template = "planning/chapter_forms/activity.html"
    return chapter_page(request, plan, chapter, template, context, conflict=conflict)


def _activity_initial(request, plan: Plan, activity) -> dict:
    initial = {"revision": chapter_revision(plan, ChapterSlug.ACTIONS)}
    if activity is not None:
        return {**ActivityForm.initial_for(activity), **initial}
    direction_id = parse_id(request.GET.get("direction"))
    direction = (
        plan.action_directions.filter(pk=direction_id).first() if direction_id is not None else None
    )
    if direction is not None:
        initial.update(direction=direction.pk, work=direction.text)
    return initial


@require_POST
def activity_delete(request, pk, activity_id):
    plan = get_plan_for_user(request, pk, write=True)
    activity = get_object_or_404(plan.activities, pk=activity_id)
    return remove_in_chapter(
        request,
        plan,
        ChapterSlug.ACTIONS,
        lambda revision: services_chapters.activity_delete(
            plan=plan, user=request.user, revision=revision, activity=activity
        ),
        _("The activity was removed."),
    )
