"""The empty choice of the app's selects: "— choose —" in the person's language, never Django's
"---------" (the admin keeps its own)."""

from django import forms
from django.db.models.fields import BLANK_CHOICE_DASH
from django.utils.translation import gettext_lazy as _

DJANGO_EMPTY_LABEL = BLANK_CHOICE_DASH[0][1]
EMPTY_LABEL = _("— choose —")


def _has_dashes(choices) -> bool:
    return isinstance(choices, list) and any(label == DJANGO_EMPTY_LABEL for _v, label in choices)


def label_empty_choices(fields) -> None:
    """Give every select's blank choice that still reads "---------" a label that says what to
    do; a label a form chose itself stays."""
    for field in fields.values():
        if isinstance(field, forms.ModelChoiceField):
            if field.empty_label == DJANGO_EMPTY_LABEL:
                field.empty_label = EMPTY_LABEL
        elif isinstance(field, forms.ChoiceField) and _has_dashes(field.choices):
            field.choices = [
                (value, EMPTY_LABEL if label == DJANGO_EMPTY_LABEL else label)
                for value, label in field.choices
            ]


class EmptyLabelMixin:
    """For a form: its selects' blank choices read "— choose —" (first among the bases). A
    queryset set later keeps the label; choices a form sets itself carry their own."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        label_empty_choices(self.fields)
