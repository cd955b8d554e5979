"""Pages of the plan: home, chapters, summary editor, lifecycle steps, comments, history."""

from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from customers.access import can_edit_region
from customers.models import Period
from planning.access import (
    PlanReadOnly,
    can_take_part_in_review,
    get_comment_for_user,
    get_plan_for_user,
    is_reviewer,
    plans_for_user,
)
from planning.chapters.catalogue import CHAPTERS, CHAPTERS_BY_SLUG, ChapterSlug
from planning.chapters.content import chapter_content
from planning.models import Comment, Plan
from planning.review import services
from planning.review.checks import blocking, run_checks, warnings
from planning.review.forms import (
    ApproveForm,
    CommentForm,
    PlanFilterForm,
    ReopenForm,
    ReplyForm,
    ReturnForm,
    SummaryForm,
)
from planning.review.history import plan_history_entries
from planning.review.history_filters import HistoryFilterForm
from salesplan.conflicts import form_status, save_form
from salesplan.converters import one_of, parse_code, parse_year, query_value


@require_GET
def home(request):
    if request.user.is_manager:
        return _manager_home(request)
    return _reviewer_home(request)


def _manager_home(request):
    plans = list(
        plans_for_user(request.user)
        .annotate(
            open_comments=Count(
                "comments", filter=Q(comments__parent=None, comments__resolved=False)
            )
        )
        .order_by("-period__year", "region__code", "-version")
    )
    open_comments = (
        Comment.objects.filter(plan__in=plans_for_user(request.user), parent=None, resolved=False)
        .select_related("plan__region", "plan__period", "author")
        .order_by("-created_at")[:20]
    )
    due = sorted(
        (plan for plan in plans if plan.is_editable),
        key=lambda plan: (plan.period.submission_due is None, plan.period.submission_due),
    )
    returned = [plan for plan in plans if plan.is_editable and plan.return_reason]
    return render(
        request,
        "planning/home_manager.html",
        {
            "plans": plans,
            "open_comments": open_comments,
            "due": due,
            "returned": returned,
            "today": timezone.localdate(),
        },
    )


def _reviewer_home(request):
    # A filter that cannot be read answers 400; a period or group that does not exist, 404 (no
    # page, so no link to a pack of a period that is not there).
    year = query_value(request, "period", parse_year)
    period = get_object_or_404(Period, year=year) if year else Period.objects.first()
    code = query_value(request, "group", parse_code)
    form = PlanFilterForm()
    group = get_object_or_404(form.fields["group"].queryset, code=code) if code else None
    state = query_value(request, "state", one_of(*Plan.State.values), default="")
    form = PlanFilterForm(initial={"period": period, "group": group, "state": state})
    plans = (
        plans_for_user(request.user)
        .select_related("region__parent")
        .prefetch_related("region__memberships__user")
    )
    if period is not None:
        plans = plans.filter(period=period)
    if group is not None:
        plans = plans.filter(region__in=group.descendants_and_self())
    counts = {row["state"]: row["n"] for row in plans.values("state").annotate(n=Count("pk"))}
    if state:
        plans = plans.filter(state=state)
    plans = plans.annotate(
        open_comments=Count("comments", filter=Q(comments__parent=None, comments__resolved=False))
    ).order_by("region__code", "-version")
    state_counts = [(value, label, counts.get(value, 0)) for value, label in Plan.State.choices]
    return render(
        request,
        "planning/home_reviewer.html",
        {
            "form": form,
            "period": period,
            "plans": plans,
            "state_counts": state_counts,
            "total": sum(counts.values()),
        },
    )


def _comment_threads(plan: Plan) -> dict[str, list[Comment]]:
    threads: dict[str, list[Comment]] = defaultdict(list)
    comments = plan.comments.select_related("author", "resolved_by").order_by("created_at", "pk")
    replies: dict[int, list[Comment]] = defaultdict(list)
    for comment in comments:
        if comment.parent_id:
            replies[comment.parent_id].append(comment)
        else:
            threads[comment.chapter].append(comment)
    for thread in threads.values():
        for comment in thread:
            comment.thread_replies = replies[comment.pk]
    return threads


def _plan_context(request, plan: Plan) -> dict:
    threads = _comment_threads(plan)
    chapters = [
        {"chapter": chapter, "comments": threads.get(chapter.slug, [])} for chapter in CHAPTERS
    ]
    return {
        "plan": plan,
        "chapters": chapters,
        "can_edit": can_edit_region(request.user, plan.region) and plan.is_editable,
        "is_manager_of_plan": can_edit_region(request.user, plan.region),
        "can_review": is_reviewer(request.user),
        "can_discuss": can_take_part_in_review(request.user, plan),
        "comment_form": CommentForm(),
        "reply_form": ReplyForm(),
    }


@require_GET
def plan_detail(request, pk):
    plan = get_plan_for_user(request, pk)
    context = _plan_context(request, plan)
    # The manager sees what blocks submission; the reviewer sees the same list on a plan under
    # review (e.g. one submitted before a check was added).
    show_checks = context["can_edit"] or (
        context["can_review"] and plan.state == plan.State.SUBMITTED
    )
    findings = run_checks(plan) if show_checks else []
    context["failures"] = blocking(findings)
    context["warnings"] = warnings(findings)
    for item in context["chapters"]:
        if item["chapter"].built:
            item["content"] = chapter_content(plan, item["chapter"].slug)
    return render(request, "planning/plan_detail.html", context)


@require_http_methods(["GET", "POST"])
def plan_summary_edit(request, pk):
    plan = get_plan_for_user(request, pk, write=True)
    conflict = None
    if request.method == "POST":
        result = save_form(
            request,
            SummaryForm,
            lambda form: services.plan_update_summary(
                plan=plan,
                user=request.user,
                strategy_changes=form.cleaned_data["strategy_changes"],
                revision=form.cleaned_data["revision"],
            ),
        )
        if result.done:
            messages.success(request, _("The summary was saved."))
            return redirect(f"{plan.get_absolute_url()}#{CHAPTERS_BY_SLUG['summary'].anchor}")
        form, conflict = result.form, result.conflict
    else:
        form = SummaryForm(
            initial={"strategy_changes": plan.strategy_changes, "revision": plan.revision}
        )
    return render(
        request,
        "planning/summary_edit.html",
        {"plan": plan, "form": form, "conflict": conflict},
        status=form_status(form, conflict),
    )


@require_http_methods(["GET", "POST"])
def plan_submit(request, pk):
    plan = get_plan_for_user(request, pk)
    if not can_edit_region(request.user, plan.region):
        raise PermissionDenied(_("Only the region's manager can submit this plan."))
    findings = run_checks(plan)
    failures, notes = blocking(findings), warnings(findings)
    # Every content write turns a returned plan into a draft (`plan_begin_edit`): one still
    # returned is unchanged since headquarters sent it back. Its open comments are a warning.
    unchanged = plan.state == Plan.State.RETURNED
    open_threads = list(plan.open_threads()) if unchanged else []
    if request.method == "POST":
        try:
            services.plan_submit(plan=plan, user=request.user)
        except services.TransitionRefused as exc:
            # A submitted or approved plan is read-only for its manager: refused like every write.
            raise PlanReadOnly(str(exc)) from exc
        except services.ChecksFailed as exc:
            failures = exc.failures
        else:
            messages.success(request, _("The plan was submitted to headquarters."))
            return redirect(plan)
    return render(
        request,
        "planning/submit_confirm.html",
        {"plan": plan, "failures": failures, "warnings": notes, "open_threads": open_threads},
        status=422 if request.method == "POST" else 200,
    )


def _decision_context(plan: Plan, form, step: str) -> dict:
    """A reviewer's decision page: the form, whether the plan's state allows the step, and the
    comments still open (a warning, with links to them)."""
    return {
        "plan": plan,
        "form": form,
        "allowed": services.can_step(plan, step),
        "open_threads": list(plan.open_threads()),
    }


def _decision(request, pk, *, step: str, form_class, act, done: str, template: str):
    """A reviewer's decision on a plan (approve, return, reopen): a confirmation page with the
    open comments, then the step through the lifecycle service with what the form asked.
    Not `request.POST or None`: an empty POST must be refused, not shown as a fresh form."""
    plan = get_plan_for_user(request, pk)
    services.require_reviewer(request.user)
    form = form_class(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            act(plan=plan, user=request.user, **form.cleaned_data)
        except services.TransitionRefused as exc:
            messages.warning(request, str(exc))
        else:
            messages.success(request, done)
        return redirect(plan)
    return render(
        request,
        template,
        _decision_context(plan, form, step),
        status=422 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
def plan_approve(request, pk):
    return _decision(
        request,
        pk,
        step="approve",
        form_class=ApproveForm,
        act=services.plan_approve,
        done=_("The plan was approved."),
        template="planning/approve_confirm.html",
    )


@require_http_methods(["GET", "POST"])
def plan_return(request, pk):
    return _decision(
        request,
        pk,
        step="return",
        form_class=ReturnForm,
        act=services.plan_return,
        done=_("The plan was returned to its manager."),
        template="planning/return_form.html",
    )


@require_http_methods(["GET", "POST"])
def plan_reopen(request, pk):
    return _decision(
        request,
        pk,
        step="reopen",
        form_class=ReopenForm,
        act=services.plan_reopen,
        done=_("The plan was reopened; its manager can change it again."),
        template="planning/reopen_form.html",
    )


def _render_thread_list(request, plan: Plan, chapter_slug: str, *, form=None, status=200):
    context = _plan_context(request, plan)
    chapter = next(item for item in context["chapters"] if item["chapter"].slug == chapter_slug)
    context.update({"item": chapter, "comment_form": form or CommentForm()})
    return render(request, "planning/_comments.html", context, status=status)


@require_POST
def comment_create(request, pk):
    plan = get_plan_for_user(request, pk)
    services.require_reviewer(request.user)
    form = CommentForm(request.POST)
    if form.is_valid():
        services.comment_add(
            plan=plan,
            user=request.user,
            chapter=form.cleaned_data["chapter"],
            body=form.cleaned_data["body"],
        )
        form = None
    if request.htmx:
        chapter = request.POST.get("chapter")
        if chapter not in CHAPTERS_BY_SLUG:
            chapter = ChapterSlug.SUMMARY
        return _render_thread_list(
            request, plan, chapter, form=form, status=422 if form is not None else 200
        )
    if form is not None:
        messages.error(request, _("Write a comment first."))
    return redirect(f"{plan.get_absolute_url()}#chapter-{request.POST.get('chapter', '')}")


@require_POST
def comment_reply(request, pk):
    parent = get_comment_for_user(request, pk)
    form = ReplyForm(request.POST)
    if form.is_valid():
        services.comment_add(
            plan=parent.plan,
            user=request.user,
            chapter=parent.chapter,
            body=form.cleaned_data["body"],
            parent=parent,
        )
    elif not request.htmx:
        messages.error(request, _("Write a reply first."))
    if request.htmx:
        return _render_thread_list(
            request, parent.plan, parent.chapter, status=200 if form.is_valid() else 422
        )
    return redirect(parent.get_absolute_url())


@require_POST
def comment_resolve(request, pk):
    comment = get_comment_for_user(request, pk)
    resolved = request.POST.get("resolved") == "1"
    services.comment_set_resolved(comment=comment, user=request.user, resolved=resolved)
    if request.htmx:
        return _render_thread_list(request, comment.plan, comment.chapter)
    return redirect(comment.get_absolute_url())


@require_GET
def plan_history(request, pk):
    plan = get_plan_for_user(request, pk)
    form = HistoryFilterForm(request.GET or None, plan=plan)
    return render(
        request,
        "planning/plan_history.html",
        {"plan": plan, "form": form, "entries": plan_history_entries(plan, **form.narrowed())},
        # The filters are the query string: one the form refuses is a bad request, shown.
        status=400 if form.is_bound and not form.is_valid() else 200,
    )
