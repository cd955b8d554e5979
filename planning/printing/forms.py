"""The form that orders a review pack from the reviewer's home."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from customers.models import Region
from planning.models import Plan
from salesplan.fields import IdsChoiceField


class PackForm(forms.Form):
    regions = IdsChoiceField(
        label=_("Regions"),
        queryset=Region.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one region.")},
    )
    states = forms.MultipleChoiceField(
        label=_("Plans in these states"),
        choices=Plan.State.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None ticked: every state."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    comments = forms.BooleanField(label=_("With the review comments"), required=False)

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regions"].queryset = regions
