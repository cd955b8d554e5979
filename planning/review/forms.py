"""Forms of the plan editor and the review."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout
from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from customers.models import Period, Region
from planning.models import SUMMARY_TEXT_LIMIT, Comment, Plan


class SummaryForm(forms.Form):
    strategy_changes = forms.CharField(
        label=_("Major marketing-strategy changes (重大营销策略调整)"),
        max_length=SUMMARY_TEXT_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "data-counter": SUMMARY_TEXT_LIMIT}),
        help_text=format_lazy(
            _("A few words suffice; at most {limit} characters."), limit=SUMMARY_TEXT_LIMIT
        ),
        error_messages={
            "max_length": _(
                "At most %(limit_value)d characters, please; this text has %(show_value)d."
            )
        },
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field("strategy_changes"), Field("revision"))

    def clean_strategy_changes(self):
        # Windows line endings count twice against the limit otherwise.
        return self.cleaned_data["strategy_changes"].replace("\r\n", "\n").strip()


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for return"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Say why the plan is returned.")},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Say why the plan is returned."), code="required")
        return reason


class ApproveForm(forms.Form):
    note = forms.CharField(
        label=_("Note (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the plan's history and printed with the approval."),
    )

    def clean_note(self):
        return self.cleaned_data["note"].replace("\r\n", "\n").strip()


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for reopening"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The region's manager sees it on the plan and on their home page."),
        error_messages={"required": _("Say why the plan is reopened.")},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Say why the plan is reopened."), code="required")
        return reason


class CommentForm(forms.ModelForm):
    class Meta:
        model = Comment
        fields = ["chapter", "body"]
        widgets = {
            "chapter": forms.HiddenInput,
            "body": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {"body": {"required": _("Write a comment first.")}}

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError(_("Write a comment first."), code="required")
        return body


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Reply"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write a reply first.")},
    )


class PlanFilterForm(forms.Form):
    """The reviewer's home: which period, which states, which group of regions."""

    period = forms.ModelChoiceField(
        label=_("Period"), queryset=Period.objects.all(), to_field_name="year", required=False
    )
    state = forms.ChoiceField(
        label=_("State"), choices=[("", _("All states")), *Plan.State.choices], required=False
    )
    group = forms.ModelChoiceField(
        label=_("Region group"),
        queryset=Region.objects.filter(children__isnull=False).distinct(),
        to_field_name="code",
        required=False,
        empty_label=_("All regions"),
    )
