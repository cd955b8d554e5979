"""Edit forms of the SWOT chapter: the four lists, and the action directions citing them."""

from crispy_forms.layout import Field, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from planning.chapters.catalogue import number_swot
from planning.chapters.forms import (
    TOO_LONG,
    BaseRowsFormSet,
    ChapterForm,
    clean_text,
    counter,
)
from planning.chapters.services import check_citations
from planning.models import ActionDirection, Plan, SwotItem
from planning.models.chapters import ITEM_LIMIT, LINE_LIMIT


class SwotItemForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    text = forms.CharField(
        label=_("Item"),
        max_length=ITEM_LIMIT,
        required=False,
        error_messages={"max_length": TOO_LONG},
    )

    def clean(self):
        cleaned = super().clean()
        text = clean_text(cleaned.get("text") or "")
        cleaned["text"] = text
        deleting = cleaned.get("DELETE")
        touched = cleaned.get("id") or self.has_changed()
        if not text and not deleting and touched and "text" not in self.errors:
            self.add_error(
                "text", forms.ValidationError(_("An item cannot be empty."), code="empty")
            )
        if deleting and cleaned.get("id") in getattr(self, "cited", ()):
            self.add_error(
                "DELETE",
                forms.ValidationError(
                    _("An action direction cites this item: change the direction first."),
                    code="cited",
                ),
            )
        return cleaned


SwotItemFormSet = forms.formset_factory(
    SwotItemForm,
    formset=BaseRowsFormSet,
    extra=2,
    can_delete=True,
    max_num=30,
    absolute_max=30,  # a forged TOTAL_FORMS builds no more forms than a page may hold
    validate_max=True,
)


def swot_formsets(plan: Plan, data=None) -> dict[str, BaseRowsFormSet]:
    cited = set(plan.action_directions.values_list("items", flat=True))
    formsets = {}
    for kind in SwotItem.Kind:
        initial = [{"id": item.pk, "text": item.text} for item in plan.swot_items.filter(kind=kind)]
        formsets[kind.value] = SwotItemFormSet(
            data, initial=initial, prefix=kind.value, cited=cited
        )
    return formsets


class DirectionForm(ChapterForm):
    pairing = forms.ChoiceField(
        label=_("Pairing (SO / WO / ST / WT)"),
        choices=ActionDirection.Pairing.choices,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Action direction (具体行动趋向)"),
        max_length=LINE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2, "data-counter": LINE_LIMIT}),
        error_messages={
            "max_length": TOO_LONG,
            "required": _("Describe the action direction."),
        },
    )
    items = forms.ModelMultipleChoiceField(
        label=_("The S/W/O/T items it answers"),
        queryset=SwotItem.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick the S/W/O/T items this direction answers.")},
    )

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = plan.swot_items.all()
        # The choices in the lists' order and with their numbers, as the chapter shows them.
        self.fields["items"].choices = [
            (item.pk, f"{item.label} · {item.text}") for item in number_swot(plan.swot_items.all())
        ]
        self.helper.layout = Layout(
            Field("pairing"),
            Field("text"),
            counter(self["text"]),
            Field("items"),
            Field("revision"),
        )

    def clean(self):
        cleaned = super().clean()
        pairing, items = cleaned.get("pairing"), cleaned.get("items")
        if pairing and items:
            try:
                check_citations(pairing, items)
            except forms.ValidationError as exc:
                self.add_error(None, exc)
        return cleaned
