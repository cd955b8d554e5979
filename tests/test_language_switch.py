"""The header's language switch (#20): a language changes only on an explicit click or Enter on
its button, never on an arrow key in a select; each language is named in its own language."""

import re

from django.urls import reverse

from tests.base import PersonasTestCase

LANGUAGE_FORM = re.compile(r"<form[^>]*language-switch[^>]*>.*?</form>", re.S)


class LanguageSwitchTests(PersonasTestCase):
    def language_form(self, accept_language: str) -> str:
        self.login(self.alice)
        response = self.client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE=accept_language)
        return LANGUAGE_FORM.search(response.content.decode()).group(0)

    def test_the_language_form_does_not_submit_on_change(self):
        form = self.language_form("en")

        self.assertNotIn("<select", form)
        self.assertNotIn("onchange", form.lower())
        self.assertNotIn("data-autosubmit", form)
        self.assertIn('<button type="submit" name="language" value="zh-hans"', form)

    def test_each_language_is_named_in_its_own_language(self):
        for accept_language in ("en", "zh-hans"):
            with self.subTest(interface=accept_language):
                form = self.language_form(accept_language)
                self.assertIn(">English</button>", form)
                self.assertIn(">简体中文</button>", form)
                self.assertNotIn("英文", form)

    def test_the_current_language_is_marked_and_not_offered_again(self):
        form = self.language_form("zh-hans")

        self.assertRegex(form, r'value="zh-hans"[^>]*aria-pressed="true" disabled>简体中文')
        self.assertNotRegex(form, r'value="en"[^>]*disabled')
