"""The one conflict flow of every form whose record carries a `revision` (no lost update).

A service refuses a save that read an older revision by raising `EditConflict` with what is saved
now. A view binds, validates and saves through `save_form`: on a conflict the person's typed
values stay in the form, its revision becomes the current one (so the next save, after they have
looked at the other person's version, goes through), and the page answers 409.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict

from salesplan.converters import MAX_ID as MAX_REVISION
from salesplan.forms import EmptyLabelMixin


class EditConflict(Exception):
    """Somebody saved the same thing since this user loaded it; `current` is what they saved
    (any object with a `revision`)."""

    def __init__(self, current: Any):
        super().__init__("edit conflict")
        self.current = current


def clean_text(value: str) -> str:
    """Typed text as stored: Windows line endings would count twice against a length limit."""
    return value.replace("\r\n", "\n").strip()


class RevisionForm(EmptyLabelMixin, forms.Form):
    """A form for a record with a revision: the revision the page loaded rides along hidden, and
    every text is stored as `clean_text` leaves it. The crispy helper leaves the <form> tag to the
    template."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=MAX_REVISION)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            if isinstance(value, str):
                cleaned[name] = clean_text(value)
        return cleaned


def check_revision(current: Any, revision: int | None) -> None:
    """Refuse a save that read an older revision than `current` has now."""
    if (revision or 0) != current.revision:
        raise EditConflict(current)


def with_revision(data: QueryDict, revision: int) -> QueryDict:
    """The posted data with the revision now current: what was typed stays."""
    data = data.copy()
    data["revision"] = str(revision)
    return data


@dataclass
class FormSave:
    """What became of a posted form: `saved` is the service's result when it went through."""

    form: Any
    conflict: Any = None
    saved: Any = None
    done: bool = False

    @property
    def status(self) -> int:
        return form_status(self.form, self.conflict)


def save_form(
    request, make_form: Callable[[QueryDict], Any], save: Callable[[Any], Any]
) -> FormSave:
    """Bind `make_form(request.POST)`, and when it is valid call `save(form)`.

    On `EditConflict` the form is bound again to the typed values with the current revision and
    validated, so the page shows both what the person typed and what the other person saved.
    A service's `ValidationError` (nothing saved) lands on the form as its errors.
    """
    form = make_form(request.POST)
    if not form.is_valid():
        return FormSave(form=form)
    try:
        saved = save(form)
    except ValidationError as exc:
        attach_errors(form, exc)
        return FormSave(form=form)
    except EditConflict as exc:
        form = make_form(with_revision(request.POST, exc.current.revision))
        form.is_valid()
        return FormSave(form=form, conflict=exc.current)
    return FormSave(form=form, saved=saved, done=True)


def attach_errors(form, error: ValidationError) -> None:
    """Show a service's refusal on the form: at the field when the form has it, else on top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def form_status(form, conflict=None) -> int:
    """409 for a conflict, 422 for a form with errors, else 200."""
    if conflict is not None:
        return 409
    if form is not None and form.is_bound and form.errors:
        return 422
    return 200
