"""Forms of the manager's calendar and to-do list."""

from datetime import date

from crispy_forms.layout import Column, Field, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from planning.chapters.forms import TOO_LONG, counter
from planning.models import TodoItem
from planning.models.tools import MONTH_NOTE_LIMIT, TOOL_NOTE_LIMIT, TOOL_TEXT_LIMIT
from salesplan.conflicts import MAX_REVISION, RevisionForm


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


# The calendar shows the years 2000–2100 (views_tools._month): a day outside them could be
# saved but never shown again.
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2100, 12, 31)


def within_calendar(value: date) -> None:
    if not FIRST_DAY <= value <= LAST_DAY:
        raise forms.ValidationError(_("Pick a day between 2000 and 2100."), code="out_of_calendar")


def _times_in_order(form: forms.Form, message) -> None:
    start, end = form.cleaned_data.get("start"), form.cleaned_data.get("end")
    if start and end and end < start:
        form.add_error("end", forms.ValidationError(message, code="order"))


class ToolForm(RevisionForm):
    """A calendar note's or a to-do's form; a new one has no revision yet."""

    revision = forms.IntegerField(
        widget=forms.HiddenInput, min_value=0, max_value=MAX_REVISION, required=False
    )

    def values(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "revision"}


class TodoForm(ToolForm):
    date = forms.DateField(
        label=_("Date"),
        widget=DateInput,
        validators=[within_calendar],
        error_messages={"required": _("Pick the day.")},
    )
    category = forms.ChoiceField(label=_("Category (类别)"), choices=TodoItem.Category.choices)
    start = forms.TimeField(label=_("Start (开始)"), required=False, widget=TimeInput)
    end = forms.TimeField(label=_("End (结束)"), required=False, widget=TimeInput)
    work = forms.CharField(
        label=_("Work (工作内容)"),
        max_length=TOOL_TEXT_LIMIT,
        error_messages={"max_length": TOO_LONG, "required": _("Say what the work is.")},
        widget=forms.TextInput(attrs={"data-counter": TOOL_TEXT_LIMIT}),
    )
    related = forms.CharField(
        label=_("Related customer or person (相关)"),
        max_length=100,
        required=False,
        error_messages={"max_length": TOO_LONG},
    )
    notes = forms.CharField(
        label=_("Notes (备注)"),
        max_length=TOOL_NOTE_LIMIT,
        required=False,
        error_messages={"max_length": TOO_LONG},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Row(
                Column(Field("date"), css_class="col-sm-4"),
                Column(Field("category"), css_class="col-sm-4"),
                Column(Field("start"), css_class="col-sm-2"),
                Column(Field("end"), css_class="col-sm-2"),
            ),
            Field("work"),
            counter(self["work"]),
            Row(
                Column(Field("related"), css_class="col-sm-6"),
                Column(Field("notes"), css_class="col-sm-6"),
            ),
            Field("revision"),
        )

    def clean(self):
        cleaned = super().clean()
        _times_in_order(self, _("The to-do ends before it starts."))
        return cleaned


class EventForm(ToolForm):
    date = forms.DateField(
        label=_("Date"),
        widget=DateInput,
        validators=[within_calendar],
        error_messages={"required": _("Pick the day.")},
    )
    start = forms.TimeField(label=_("Start (开始)"), required=False, widget=TimeInput)
    end = forms.TimeField(label=_("End (结束)"), required=False, widget=TimeInput)
    title = forms.CharField(
        label=_("Event"),
        max_length=TOOL_TEXT_LIMIT,
        error_messages={"max_length": TOO_LONG, "required": _("Name the event.")},
        widget=forms.TextInput(attrs={"data-counter": TOOL_TEXT_LIMIT}),
    )
    notes = forms.CharField(
        label=_("Notes (备注)"),
        max_length=TOOL_NOTE_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "data-counter": TOOL_NOTE_LIMIT}),
        error_messages={"max_length": TOO_LONG},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Row(
                Column(Field("date"), css_class="col-sm-6"),
                Column(Field("start"), css_class="col-sm-3"),
                Column(Field("end"), css_class="col-sm-3"),
            ),
            Field("title"),
            counter(self["title"]),
            Field("notes"),
            counter(self["notes"]),
            Field("revision"),
        )

    def clean(self):
        cleaned = super().clean()
        _times_in_order(self, _("The event ends before it starts."))
        return cleaned


class RemoveForm(ToolForm):
    """Removing an entry names the revision it saw: an empty request removes nothing."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class MonthNoteForm(ToolForm):
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    major_events = forms.CharField(
        label=_("This month's major events (本月大事)"),
        max_length=MONTH_NOTE_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "data-counter": MONTH_NOTE_LIMIT}),
        error_messages={"max_length": TOO_LONG},
    )
    notes = forms.CharField(
        label=_("Notes (备注)"),
        max_length=MONTH_NOTE_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "data-counter": MONTH_NOTE_LIMIT}),
        error_messages={"max_length": TOO_LONG},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field("major_events"),
            counter(self["major_events"]),
            Field("notes"),
            counter(self["notes"]),
            Field("revision"),
        )
