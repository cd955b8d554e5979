"""Forms of the competition worksheets: typed input in, domain values out, errors at the field."""

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from competition.models import (
    Competitor,
    CompetitorMove,
    Dimension,
    PositioningAssessment,
)
from customers.models import Product, Region
from salesplan.conflicts import RevisionForm
from salesplan.fields import IdsChoiceField

AMOUNT_ERRORS = {
    "invalid": _("Type a number, e.g. 12.5."),
    "max_decimal_places": _("At most two decimal places."),
    "negative": _("It cannot be negative."),
    "too_large": _("That is too large."),
}


def form_helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    return helper


class CompetitorForm(forms.ModelForm):
    products = IdsChoiceField(
        label=_("Product lines it competes in"),
        queryset=Product.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Competitor
        fields = ["name", "products", "notes", "active"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"name": {"required": _("Name the competitor.")}}

    def __init__(self, *args, region: Region, **kwargs):
        super().__init__(*args, **kwargs)
        self.region = region
        chosen = self.instance.products.all() if self.instance.pk else Product.objects.none()
        self.fields["products"].queryset = (Product.objects.filter(active=True) | chosen).distinct()
        self.helper = form_helper()

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise ValidationError(_("Name the competitor."), code="required")
        taken = Competitor.objects.filter(region=self.region, name=name).exclude(
            pk=self.instance.pk
        )
        if taken.exists():
            raise ValidationError(
                _("This region already has a competitor of that name."), code="unique"
            )
        return name


class CompetitorEditForm(CompetitorForm):
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    class Meta(CompetitorForm.Meta):
        fields = [*CompetitorForm.Meta.fields, "revision"]


class MoveForm(forms.ModelForm):
    class Meta:
        model = CompetitorMove
        fields = ["competitor", "date", "description", "response"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
            "response": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            "competitor": {"required": _("Choose the competitor.")},
            "date": {
                "required": _("Give the date."),
                "invalid": _("Give a date, e.g. 2027-03-15."),
            },
            "description": {"required": _("Say what they did.")},
        }

    def __init__(self, *args, region: Region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competitor"].queryset = Competitor.objects.filter(region=region)
        self.fields["competitor"].empty_label = None if self.instance.pk else "—"
        self.helper = form_helper()


class MoveEditForm(MoveForm):
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    class Meta(MoveForm.Meta):
        fields = [*MoveForm.Meta.fields, "revision"]


class PositioningForm(forms.ModelForm):
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    class Meta:
        model = PositioningAssessment
        fields = [f"{d}_{part}" for d in Dimension.values for part in ("score", "comment")]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for dimension in Dimension:
            score = self.fields[f"{dimension.value}_score"]
            score.widget.attrs["class"] = "form-select form-select-sm"
            comment = self.fields[f"{dimension.value}_comment"]
            comment.widget.attrs.update({"class": "form-control form-control-sm"})
            comment.label = format_lazy("{} · {}", dimension.label, _("Comment"))

    def dimension_rows(self):
        return [
            (dimension.label, self[f"{dimension.value}_score"], self[f"{dimension.value}_comment"])
            for dimension in Dimension
        ]


class NotesForm(forms.Form):
    positioning_notes = forms.CharField(
        label=_("Points to watch in positioning (定位中应注意问题)"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper()


class DeleteForm(RevisionForm):
    pass
