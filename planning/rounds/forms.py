"""The confirmations of the planning rounds."""

from django import forms
from django.utils.translation import gettext_lazy as _

from customers.models import Period


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class OpenRoundForm(forms.Form):
    submission_due = forms.DateField(
        label=_("Plans due (计划提交截止)"),
        widget=DateInput,
        error_messages={"required": _("Say when the plans are due.")},
    )
    copy_last_year = forms.BooleanField(
        label=_("Start from last year's text"),
        required=False,
        help_text=_(
            "Each new plan takes over the written chapters, SWOT, organisation and activities of "
            "its region's plan of the previous period; never its figures."
        ),
    )


class ConfirmRoundForm(forms.Form):
    """The period the confirmation page showed: a round starts for that period only."""

    period = forms.CharField(widget=forms.HiddenInput, max_length=4)

    def __init__(self, *args, period: Period, **kwargs):
        super().__init__(*args, **kwargs)
        self.period = period
        self.fields["period"].initial = str(period.year)

    def clean_period(self):
        if self.cleaned_data["period"] != str(self.period.year):
            raise forms.ValidationError(
                _("This confirmation is for another period; open the page again."), code="invalid"
            )
        return self.period.year
