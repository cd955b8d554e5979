"""The print options' form (the plan's print dialog) and the review pack's order form, which
orders its plans with the same options."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from customers.models import Region
from planning.chapters.catalogue import CHAPTERS
from planning.models import Plan
from planning.printing.options import UNITS, YUAN, PrintOptions
from salesplan.fields import IdsChoiceField


def chapter_choices() -> list[tuple[str, str]]:
    """Each chapter by its number and title, in the language of the page that shows them."""
    return [(str(c.slug), f"{c.number}. {c.title}") for c in CHAPTERS]


class PrintOptionsForm(forms.Form):
    """What a printed plan holds (planning/printing/options.py); a value it cannot read is a
    message at its field."""

    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    comments = forms.BooleanField(label=_("With the review comments"), required=False)
    annex = forms.BooleanField(label=_("With the customer × product × month annex"), required=False)
    chapters = forms.MultipleChoiceField(
        label=_("Chapters"),
        choices=chapter_choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None ticked: every chapter."),
    )
    unit = forms.ChoiceField(
        label=_("Amounts in"),
        choices=UNITS,
        initial=YUAN,
        widget=forms.RadioSelect,
        required=False,  # not sent: yuan
    )

    def options(self) -> PrintOptions:
        data = self.cleaned_data
        return PrintOptions.of(
            language=data["language"],
            comments=data["comments"],
            annex=data["annex"],
            chapters=data["chapters"],
            unit=data["unit"] or YUAN,
        )


class PackForm(PrintOptionsForm):
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
    field_order = ["regions", "states", "language", "comments", "annex", "chapters", "unit"]

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regions"].queryset = regions
