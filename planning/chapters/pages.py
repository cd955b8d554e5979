"""How every chapter edit page answers: the page with its status, the redirect after a save, a
removal checked against the chapter's revision."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy

from planning.chapters.catalogue import CHAPTERS_BY_SLUG, ChapterSlug
from planning.chapters.content import chapter_content
from planning.chapters.forms import RevisionForm
from planning.models import Plan
from salesplan.conflicts import form_status, save_form

SAVED = {
    ChapterSlug.PERFORMANCE: gettext_lazy("The performance analysis was saved."),
    ChapterSlug.MARKET: gettext_lazy("The customer-market situation was saved."),
    ChapterSlug.SWOT: gettext_lazy("The SWOT analysis was saved."),
    ChapterSlug.STRATEGIES: gettext_lazy("The strategies were saved."),
    ChapterSlug.ACTIONS: gettext_lazy("The action plan was saved."),
    ChapterSlug.ORGANISATION: gettext_lazy("The organisation was saved."),
    ChapterSlug.CONTROL: gettext_lazy("The means of control were saved."),
}


def back_to_chapter(request, plan: Plan, chapter: str, message: str = ""):
    """To the chapter on the plan's page, with the message of what was done."""
    messages.success(request, message or str(SAVED[chapter]))
    return redirect(f"{plan.get_absolute_url()}#{CHAPTERS_BY_SLUG[chapter].anchor}")


def _has_errors(form) -> bool:
    if not form.is_bound:
        return False
    if hasattr(form, "total_error_count"):  # a formset's `errors` is a list, one per row
        return form.total_error_count() > 0
    return bool(form.errors)


def chapter_page(
    request, plan: Plan, chapter: str, template: str, context: dict, *, conflict=None, forms=()
):
    """Render an edit page: 409 with the other person's saved chapter after a conflict, 422 when
    a bound form or formset was refused, else 200."""
    forms = [*forms, *(value for value in context.values() if hasattr(value, "is_bound"))]
    if conflict is None and any(_has_errors(form) for form in forms):
        status = 422
    else:
        status = form_status(None, conflict)
    context = {
        "plan": plan,
        "chapter": CHAPTERS_BY_SLUG[chapter],
        "conflict": conflict,
        "can_edit": True,
        **context,
    }
    if conflict is not None:
        context["their_content"] = chapter_content(plan, chapter)
    return render(request, template, context, status=status)


def remove_in_chapter(request, plan: Plan, chapter: str, remove, done: str):
    """Remove one entry of a chapter; the posted form names the revision the person saw."""
    result = save_form(request, RevisionForm, lambda form: remove(form.cleaned_data["revision"]))
    if result.done:
        return back_to_chapter(request, plan, chapter, done)
    return chapter_page(
        request,
        plan,
        chapter,
        "planning/chapter_forms/refused.html",
        {"form": result.form},
        conflict=result.conflict,
    )
