"""Admin bases for content whose history and revisions matter.

- History is for reading. django-simple-history's "revert" saves a POST to its history page even
  with SIMPLE_HISTORY_REVERT_DISABLED (the setting only hides the button); a revert would move a
  revision backwards, letting a form that is out of date save again, and could leave a record
  inconsistent with the rows computed from it. Every content admin refuses it.
- A record with a revision: an administrator's save raises it, like every other save path, so a
  manager's form opened before it is refused (409) instead of overwriting the administrator's
  change. The admin's own form carries the revision it loaded, and a save from an older one is
  refused with a message, keeping what the administrator typed.
"""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin


class ContentHistoryAdmin(SimpleHistoryAdmin):
    """The history pages read; "revert" refused."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class RevisionAdminForm(forms.ModelForm):
    loaded_revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["loaded_revision"].initial = self.instance.revision

    def clean(self):
        cleaned = super().clean()
        loaded = cleaned.get("loaded_revision")
        if self.instance.pk and loaded is not None and loaded != self.instance.revision:
            raise ValidationError(
                _(
                    "Someone saved this record after you opened it. Open it again to see their "
                    "change, then make yours."
                ),
                code="conflict",
            )
        return cleaned


class RevisionAdmin(ContentHistoryAdmin):
    """An administrator's change counts as a save: it raises the revision."""

    form = RevisionAdminForm
    exclude = ("revision",)

    def save_model(self, request, obj, form, change):
        if change:
            obj.revision += 1
        super().save_model(request, obj, form, change)
