from tests.security.test_forms_fuzz import FormsFuzzTests
from hypothesis.extra.django import from_form
from django import forms
class FFTests(FormsFuzzTests):
    test_every_form_of_the_app_is_fuzzed = None
    test_raw_strings_in_every_field_raise_nothing_and_stay_in_bounds = None
    test_well_formed_values_from_the_forms_own_fields_stay_in_bounds = None
    def test_probe(self):
        for name,(cls,kw,b) in self.factories().items():
            if cls is None: continue
            try:
                from_form(cls, form_kwargs=kw).example(); print("ok", name)
            except Exception as e:
                print("FAIL", name, type(e).__name__, str(e)[:150])
