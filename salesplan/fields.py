"""Form fields shared by the apps."""

from django import forms
from django.core.exceptions import ValidationError

from salesplan.converters import parse_id


class IdChoiceField(forms.ModelChoiceField):
    """One object by an id a URL could carry: "٣" or "２" is refused, not read as 3 or 2."""

    def to_python(self, value):
        if value not in self.empty_values and parse_id(value) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class IdsChoiceField(forms.ModelMultipleChoiceField):
    """A multiple choice of objects whose values must be ids a URL could carry.

    Django's field looks every value up with one `pk__in` query; a 25-digit id there overflowed
    the database driver and answered 500. Such a value is now refused like any unknown one."""

    def clean(self, value):
        values = value if isinstance(value, (list, tuple)) else [value] if value else []
        for item in values:
            if item not in self.empty_values and parse_id(item) is None:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": str(item)[:30]},
                )
        return super().clean(value)
