"""The manager's working tools: the monthly calendar (行事月历) with its iCalendar export, and the
daily to-do list (日工作待办单). Each person sees only their own; reviewers have none."""

from datetime import date, timedelta

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from customers.access import committed_actions_for_user
from planning.access import get_event_for_user, get_todo_for_user, require_manager, todos_for_user
from planning.tools import agenda
from planning.tools import services as services_tools
from planning.tools.forms import EventForm, MonthNoteForm, RemoveForm, TodoForm
from planning.tools.icalendar import calendar_file
from salesplan.conflicts import form_status, save_form
from salesplan.converters import parse_date, query_value
from salesplan.exports import download


def _month(year: int, month: int) -> None:
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        raise Http404(_("There is no such month."))


def _day(request) -> date:
    """The day named by ?date=YYYY-MM-DD (400 if it cannot be read), else today."""
    return query_value(request, "date", parse_date) or timezone.localdate()


def _month_url(day: date) -> str:
    return reverse("calendar_month", args=[day.year, day.month])


def _todo_url(day: date) -> str:
    return f"{reverse('todo_list')}?date={day.isoformat()}"


@require_GET
def calendar_today(request):
    require_manager(request.user)
    return redirect(_month_url(timezone.localdate()))


def _calendar_page(request, year: int, month: int, *, form=None, conflict=None, status=200):
    month_agenda = agenda.month_agenda(request.user, year, month)
    if form is None:
        note = month_agenda.note
        form = MonthNoteForm(
            initial={
                "major_events": note.major_events if note else "",
                "notes": note.notes if note else "",
                "revision": note.revision if note else 0,
            }
        )
    context = {"agenda": month_agenda, "note_form": form, "conflict": conflict}
    return render(request, "planning/tools/calendar.html", context, status=status)


@require_GET
def calendar_month(request, year, month):
    require_manager(request.user)
    _month(year, month)
    return _calendar_page(request, year, month)


@require_POST
def calendar_month_notes(request, year, month):
    require_manager(request.user)
    _month(year, month)
    result = save_form(
        request,
        MonthNoteForm,
        lambda form: services_tools.month_note_save(
            user=request.user,
            year=year,
            month=month,
            major_events=form.cleaned_data["major_events"],
            notes=form.cleaned_data["notes"],
            revision=form.cleaned_data["revision"] or 0,
        ),
    )
    if not result.done:
        return _calendar_page(
            request, year, month, form=result.form, conflict=result.conflict, status=result.status
        )
    messages.success(request, _("The month's notes were saved."))
    return redirect(_month_url(date(year, month, 1)))


@require_GET
def calendar_ics(request, year, month):
    require_manager(request.user)
    _month(year, month)
    body = calendar_file(
        agenda.ics_events(request.user, year, month),
        name=_("%(name)s's calendar, %(month)s")
        % {
            "name": request.user,
            "month": formats.date_format(date(year, month, 1), "YEAR_MONTH_FORMAT"),
        },
        stamp=timezone.now(),
    )
    return download(
        body,
        filename=f"salesplan-{year}-{month:02d}.ics",
        content_type="text/calendar; charset=utf-8",
    )


def _entry_page(request, *, form_class, entry, save, template: str, back: str):
    """Create or edit one event or to-do: the form, the save with its revision check, the page."""
    conflict = None
    if request.method == "POST":
        result = save_form(request, form_class, save)
        if result.done:
            return redirect(back(result.saved.date))
        form, conflict = result.form, result.conflict
    elif entry is not None:
        form = form_class(initial={name: getattr(entry, name) for name in form_class.base_fields})
    else:
        form = form_class(initial={"date": _day(request), "revision": 0})
    context = {"form": form, "entry": entry, "conflict": conflict}
    return render(request, template, context, status=form_status(form, conflict))


@require_http_methods(["GET", "POST"])
def event_create(request):
    require_manager(request.user)
    return _entry_page(
        request,
        form_class=EventForm,
        entry=None,
        save=lambda form: services_tools.event_save(
            user=request.user, event=None, values=form.values()
        ),
        template="planning/tools/event_form.html",
        back=_month_url,
    )


@require_http_methods(["GET", "POST"])
def event_edit(request, pk):
    event = get_event_for_user(request, pk)
    return _entry_page(
        request,
        form_class=EventForm,
        entry=event,
        save=lambda form: services_tools.event_save(
            user=request.user,
            event=event,
            values=form.values(),
            revision=form.cleaned_data["revision"] or 0,
        ),
        template="planning/tools/event_form.html",
        back=_month_url,
    )


def _remove(request, *, remove, refused, done: str, back: str):
    """Remove an event or a to-do: the form names the revision the person saw."""
    result = save_form(request, RemoveForm, lambda form: remove(form.cleaned_data["revision"]))
    if result.done:
        messages.success(request, done)
        return redirect(back)
    if result.conflict is None:
        messages.error(request, _("Nothing was removed: reload the page and try again."))
    else:
        messages.warning(
            request, _("This entry was changed elsewhere; look at it again before removing it.")
        )
    return refused(result.status)


@require_POST
def event_delete(request, pk):
    event = get_event_for_user(request, pk)
    return _remove(
        request,
        remove=lambda revision: services_tools.event_delete(
            user=request.user, event=event, revision=revision
        ),
        refused=lambda status: _calendar_page(
            request, event.date.year, event.date.month, status=status
        ),
        done=_("The event was removed."),
        back=_month_url(event.date),
    )


def _todo_page(request, day: date, *, form=None, status=200):
    form = form or TodoForm(initial={"date": day, "revision": 0})
    context = {
        "day": day,
        "previous": day - timedelta(days=1),
        "next": day + timedelta(days=1),
        "todos": todos_for_user(request.user).filter(date=day),
        "actions": committed_actions_for_user(request.user, due_from=day, due_to=day),
        "form": form,
        # Mondays remind the manager of the week's indicator check (按周检查).
        "weekly_checks": agenda.weekly_checks(request.user, [day]).get(day, [])
        if day.weekday() == 0
        else [],
    }
    return render(request, "planning/tools/todo_list.html", context, status=status)


@require_GET
def todo_list(request):
    require_manager(request.user)
    return _todo_page(request, _day(request))


@require_POST
def todo_create(request):
    require_manager(request.user)
    form = TodoForm(request.POST)
    if not form.is_valid():
        # The refused form names a bad date itself; the page then shows today's list.
        day = parse_date(request.POST.get("date")) or timezone.localdate()
        return _todo_page(request, day, form=form, status=422)
    todo = services_tools.todo_save(user=request.user, todo=None, values=form.values())
    messages.success(request, _("The to-do was added."))
    return redirect(_todo_url(todo.date))


@require_http_methods(["GET", "POST"])
def todo_edit(request, pk):
    todo = get_todo_for_user(request, pk)
    return _entry_page(
        request,
        form_class=TodoForm,
        entry=todo,
        save=lambda form: services_tools.todo_save(
            user=request.user,
            todo=todo,
            values=form.values(),
            revision=form.cleaned_data["revision"] or 0,
        ),
        template="planning/tools/todo_form.html",
        back=_todo_url,
    )


@require_POST
def todo_toggle(request, pk):
    """Tick a to-do done (done=1) or open again (anything else), from the calendar or the list."""
    todo = get_todo_for_user(request, pk)
    todo = services_tools.todo_set_done(
        user=request.user, todo=todo, done=request.POST.get("done") == "1"
    )
    if request.htmx:
        template = (
            "planning/tools/_todo_chip.html"
            if request.POST.get("view") == "calendar"
            else "planning/tools/_todo_row.html"
        )
        return render(request, template, {"todo": todo})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = _todo_url(todo.date)
    return redirect(target)


@require_POST
def todo_delete(request, pk):
    todo = get_todo_for_user(request, pk)
    return _remove(
        request,
        remove=lambda revision: services_tools.todo_delete(
            user=request.user, todo=todo, revision=revision
        ),
        refused=lambda status: _todo_page(request, todo.date, status=status),
        done=_("The to-do was removed."),
        back=_todo_url(todo.date),
    )
