"""The edit form of an activity of the action plan, with its money and month fields."""

import re

from crispy_forms.layout import Column, Field, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from competition.models import ChosenStrategy
from planning.chapters.forms import TOO_LONG, ChapterForm, counter
from planning.models import ActionDirection, Activity, Plan
from planning.models.chapters import LINE_LIMIT
from salesplan.money import AmountError, parse_amount

MONTH_INPUT = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")


class AmountField(forms.CharField):
    """Money typed by a person: "12,000", "１２０００" or "12000.5"; never negative."""

    default_error_messages = {
        "invalid": _("Type an amount, e.g. 12,000.00."),
        "negative": _("The budget cannot be negative."),
        "max_decimal_places": _("At most two decimal places."),
        "too_large": _("This amount is too large."),
    }

    def to_python(self, value):
        value = super().to_python(value)
        try:
            return parse_amount(value)
        except AmountError as exc:
            raise forms.ValidationError(self.error_messages[exc.code], code=exc.code) from None


class MonthField(forms.CharField):
    """A month of the plan's period, typed or picked as YYYY-MM; cleans to the month 1–12."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "2027-03"})
    default_error_messages = {
        "invalid": _("Pick a month, e.g. 2027-03."),
        "outside": _("Pick a month of the plan's period %(year)s."),
    }

    def __init__(self, *, year: int | None = None, **kwargs):
        super().__init__(**kwargs)
        self.year = year

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        match = MONTH_INPUT.match(value)
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        year, month = int(match.group(1)), int(match.group(2))
        if self.year is not None and year != self.year:
            raise forms.ValidationError(
                self.error_messages["outside"], code="outside", params={"year": self.year}
            )
        return month


class ActivityForm(ChapterForm):
    work = forms.CharField(
        label=_("Work (工作内容)"),
        max_length=LINE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2, "data-counter": LINE_LIMIT}),
        error_messages={"max_length": TOO_LONG, "required": _("Say what the work is.")},
    )
    owner = forms.CharField(
        label=_("Owner (负责人)"),
        max_length=60,
        error_messages={"max_length": TOO_LONG, "required": _("Name the owner.")},
    )
    support = forms.CharField(
        label=_("Support requested from HQ (提请支持)"),
        max_length=LINE_LIMIT,
        required=False,
        error_messages={"max_length": TOO_LONG},
    )
    budget = AmountField(
        label=_("Budget (费用预算), ¥"),
        required=False,
    )
    expected_result = forms.CharField(
        label=_("Expected result (达成效果)"),
        max_length=LINE_LIMIT,
        required=False,
        error_messages={"max_length": TOO_LONG},
    )
    start = MonthField(
        label=_("Start month (开始月份)"), error_messages={"required": _("Pick the start month.")}
    )
    end = MonthField(
        label=_("End month (结束月份)"), error_messages={"required": _("Pick the end month.")}
    )
    direction = forms.ModelChoiceField(
        label=_("From the action direction (具体行动趋向)"),
        queryset=ActionDirection.objects.none(),
        required=False,
        empty_label=_("— none —"),
    )
    competitive_strategy = forms.ModelChoiceField(
        label=_("Carries out the competitive strategy (竞争策略)"),
        queryset=ChosenStrategy.objects.none(),
        required=False,
        empty_label=_("— none —"),
    )

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start"].year = self.fields["end"].year = plan.period.year
        self.fields["direction"].queryset = plan.action_directions.all()
        self.fields["competitive_strategy"].queryset = ChosenStrategy.objects.filter(
            region=plan.region, period=plan.period
        )
        self.helper.layout = Layout(
            Field("work"),
            counter(self["work"]),
            Row(
                Column(Field("owner"), css_class="col-md-6"),
                Column(Field("budget", inputmode="decimal"), css_class="col-md-6"),
            ),
            Field("support"),
            Field("expected_result"),
            Row(
                Column(Field("start"), css_class="col-md-6"),
                Column(Field("end"), css_class="col-md-6"),
            ),
            Row(
                Column(Field("direction"), css_class="col-md-6"),
                Column(Field("competitive_strategy"), css_class="col-md-6"),
            ),
            Field("revision"),
        )

    @staticmethod
    def initial_for(activity: Activity, year: int) -> dict:
        return {
            "work": activity.work,
            "owner": activity.owner,
            "support": activity.support,
            "budget": f"{activity.budget:.2f}",
            "expected_result": activity.expected_result,
            "start": f"{year}-{activity.start_month:02d}",
            "end": f"{year}-{activity.end_month:02d}",
            "direction": activity.direction_id,
            "competitive_strategy": activity.competitive_strategy_id,
        }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error(
                "end",
                forms.ValidationError(_("The activity ends before it starts."), code="order"),
            )
        return cleaned

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "work": data["work"],
            "owner": data["owner"],
            "support": data["support"],
            "budget": data["budget"],
            "expected_result": data["expected_result"],
            "start_month": data["start"],
            "end_month": data["end"],
            "direction": data["direction"],
            "competitive_strategy": data["competitive_strategy"],
        }
