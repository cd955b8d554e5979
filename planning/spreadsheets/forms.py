"""The upload forms of spreadsheet imports: which grid the file holds and the file; a region's
prices."""

from pathlib import PurePath

from django import forms
from django.utils.translation import gettext_lazy as _

from planning.spreadsheets import workbooks
from planning.spreadsheets.layouts import LAYOUTS, Layout


class SpreadsheetImportForm(forms.Form):
    sheet = forms.ChoiceField(label=_("What the file holds"))
    file = forms.FileField(label=_("File"))
    blank_clears = forms.BooleanField(
        label=_("Blank cells clear their figure"),
        required=False,
        help_text=_(
            "Unticked, a blank cell leaves its figure as it is, and 0 clears it: a template "
            "filled in for one customer changes that customer only."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sheet"].choices = [(kind, layout.title) for kind, layout in LAYOUTS.items()]

    def clean_sheet(self) -> Layout:
        return LAYOUTS[self.cleaned_data["sheet"]]

    def clean_file(self):
        return checked_upload(self.cleaned_data["file"])


def checked_upload(upload):
    """An upload refused before a byte is read; read_rows checks again what it is given."""
    if upload.size > workbooks.MAX_UPLOAD_BYTES:
        raise forms.ValidationError(
            str(workbooks.MESSAGES["too_big"]) % {"limit": workbooks.upload_limit_mb()},
            code="too_big",
        )
    suffix = PurePath(upload.name).suffix.lower()
    if suffix in workbooks.MACRO_SUFFIXES:
        raise forms.ValidationError(workbooks.MESSAGES["macro"], code="macro")
    if suffix not in (".xlsx", ".csv"):
        raise forms.ValidationError(workbooks.MESSAGES["file_type"], code="file_type")
    return upload


class PriceImportForm(forms.Form):
    """The upload of a region's agreed prices."""

    file = forms.FileField(label=_("File"))

    def clean_file(self):
        return checked_upload(self.cleaned_data["file"])
