"""The person's notification settings."""

from django import forms
from django.utils.translation import gettext_lazy as _

CHOICES = [("on", _("Yes, email me the notifications")), ("off", _("No, only list them here"))]


class NotificationSettingsForm(forms.Form):
    # A choice rather than a checkbox: an empty form is refused instead of turning mail off.
    email = forms.ChoiceField(
        label=_("Email notifications"),
        choices=CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether to receive the notifications by email.")},
    )

    def wants_email(self) -> bool:
        return self.cleaned_data["email"] == "on"
