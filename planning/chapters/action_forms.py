"""The edit form of an activity of the action plan, with its money field and its months."""

from crispy_forms.layout import Column, Field, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from competition.models import ChosenStrategy
from planning.chapters.forms import TOO_LONG, ChapterForm, counter
from planning.models import ActionDirection, Activity, Plan
from planning.models.chapters import LINE_LIMIT
from salesplan.money import AmountError, parse_amount
from salesplan.months import MONTHS, month_label


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


def months_field() -> forms.TypedMultipleChoiceField:
    """The months an activity runs in: a checkbox per month, 一月 … 十二月, any of them."""
    return forms.TypedMultipleChoiceField(
        label=_("Months it runs in (月份)"),
        choices=[(month, month_label(month)) for month in MONTHS],
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick every month it runs in; they need not follow each other."),
        error_messages={
            "required": _("Tick at least one month the activity runs in."),
            "invalid_choice": _("Tick months of the year, January to December."),
        },
    )


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
    months = months_field()
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
            Field("months", template="planning/chapter_forms/_months_field.html"),
            Row(
                Column(Field("direction"), css_class="col-md-6"),
                Column(Field("competitive_strategy"), css_class="col-md-6"),
            ),
            Field("revision"),
        )

    @staticmethod
    def initial_for(activity: Activity) -> dict:
        return {
            "work": activity.work,
            "owner": activity.owner,
            "support": activity.support,
            "budget": f"{activity.budget:.2f}",
            "expected_result": activity.expected_result,
            "months": list(activity.months),
            "direction": activity.direction_id,
            "competitive_strategy": activity.competitive_strategy_id,
        }

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "work": data["work"],
            "owner": data["owner"],
            "support": data["support"],
            "budget": data["budget"],
            "expected_result": data["expected_result"],
            "months": sorted(set(data["months"])),
            "direction": data["direction"],
            "competitive_strategy": data["competitive_strategy"],
        }
