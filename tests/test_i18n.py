"""The bilingual interface: the Chinese catalogue, the language switch, number formats."""

import ast
import re
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.template import Context, Template
from django.test import Client, SimpleTestCase
from django.urls import reverse
from django.utils import translation

from customers.models import User
from tests.base import PASSWORD, PersonasTestCase

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def parse_po(text: str) -> list[dict]:
    """A tiny reader of makemessages' output: one entry per blank-line separated block.

    Each entry is {"flags": set, "msgid": str, "msgid_plural": str?, "msgstr": str or
    "msgstr[0]": str, …}; obsolete blocks (all #~ comments) have no msgid and are skipped.
    """
    entries = []
    for block in re.split(r"\n\s*\n", text):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        entry: dict = {"flags": set()}
        key = None
        for line in lines:
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#"):
                continue  # translator, reference and obsolete (#~) comments
            elif line.startswith('"'):
                entry[key] += ast.literal_eval(line)
            else:
                key, _space, literal = line.partition(" ")
                entry[key] = ast.literal_eval(literal)
        if "msgid" in entry:
            entries.append(entry)
    return entries


class CatalogueTests(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.entries = parse_po(CATALOGUE.read_text(encoding="utf-8"))
        # The header (msgid "") is metadata, which makemessages always marks fuzzy.
        cls.messages = [entry for entry in cls.entries if entry["msgid"]]

    def test_the_parser_reads_the_catalogue(self):
        self.assertGreater(len(self.messages), 100)
        by_id = {entry["msgid"]: entry for entry in self.messages}
        self.assertEqual(by_id["Sales planning"]["msgstr"], "销售规划")
        self.assertEqual(by_id["Welcome, %(name)s"]["msgstr"], "您好，%(name)s")

    def test_every_message_has_a_chinese_translation(self):
        untranslated = [
            entry["msgid"]
            for entry in self.messages
            if not all(value for key, value in entry.items() if key.startswith("msgstr"))
            or not any(key.startswith("msgstr") for key in entry)
        ]
        self.assertEqual(untranslated, [])

    def test_no_translation_is_fuzzy(self):
        fuzzy = [entry["msgid"] for entry in self.messages if "fuzzy" in entry["flags"]]
        self.assertEqual(fuzzy, [])

    def test_translations_keep_the_placeholders(self):
        broken = []
        for entry in self.messages:
            wanted = set(PLACEHOLDER.findall(entry["msgid"]))
            for key, value in entry.items():
                if key.startswith("msgstr") and set(PLACEHOLDER.findall(value)) != wanted:
                    broken.append(entry["msgid"])
        self.assertEqual(broken, [])


class InterfaceLanguageTests(PersonasTestCase):
    def set_language(self, user: User, language: str) -> None:
        User.objects.filter(pk=user.pk).update(language=language)

    def test_a_user_who_chose_chinese_gets_chinese_pages_whatever_the_browser_says(self):
        self.set_language(self.alice, "zh-hans")
        self.login(self.alice)

        response = self.client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en")

        self.assertContains(response, '<html lang="zh-hans">')
        self.assertContains(response, "我的计划")
        self.assertContains(response, "销售规划")
        self.assertNotContains(response, "My plans")

    def test_a_user_who_chose_english_gets_english_pages_whatever_the_browser_says(self):
        self.set_language(self.rita, "en")
        self.login(self.rita)

        response = self.client.get(self.plan.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="zh-hans")

        self.assertContains(response, '<html lang="en">')
        self.assertContains(response, "Plan summary")
        self.assertContains(response, "Shanghai")
        self.assertNotContains(response, "计划摘要")

    def test_without_a_choice_the_interface_is_chinese(self):
        self.login(self.alice)

        response = self.client.get(reverse("home"))

        self.assertContains(response, "我的计划")

    def test_the_language_switch_stores_the_choice_on_the_user(self):
        self.login(self.alice)
        plan_url = self.plan.get_absolute_url()

        response = self.client.post(reverse("set_language"), {"language": "en", "next": plan_url})

        self.assertRedirects(response, plan_url, fetch_redirect_response=False)
        self.alice.refresh_from_db()
        self.assertEqual(self.alice.language, "en")
        self.assertContains(self.client.get(plan_url), "Plan summary")

    def test_the_choice_is_remembered_across_logins_on_another_browser(self):
        self.login(self.alice)
        self.client.post(reverse("set_language"), {"language": "en"})
        self.client.post(reverse("logout"))

        browser = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
        response = browser.post(
            reverse("login"), {"username": "alice", "password": PASSWORD}, follow=True
        )

        self.assertContains(response, "My plans")
        self.assertContains(response, '<html lang="en">')

    def test_an_anonymous_visitor_can_switch_the_login_page_to_english(self):
        response = self.client.post(reverse("set_language"), {"language": "en", "next": "/login/"})

        self.assertRedirects(response, "/login/", fetch_redirect_response=False)
        self.assertContains(self.client.get("/login/"), "Sales planning")

    def test_an_unknown_language_is_rejected(self):
        self.set_language(self.alice, "zh-hans")
        self.login(self.alice)

        response = self.client.post(reverse("set_language"), {"language": "fr", "next": "/"})

        self.assertRedirects(response, "/", fetch_redirect_response=False)
        self.assertNotIn(settings.LANGUAGE_COOKIE_NAME, response.cookies)
        self.alice.refresh_from_db()
        self.assertEqual(self.alice.language, "zh-hans")

    def test_an_off_site_next_is_replaced_by_the_home_page(self):
        self.login(self.alice)

        for next_url in ("https://evil.example/", "//evil.example/path", "javascript:alert(1)"):
            with self.subTest(next_url=next_url):
                response = self.client.post(
                    reverse("set_language"), {"language": "en", "next": next_url}
                )
                self.assertRedirects(response, "/", fetch_redirect_response=False)

    def test_the_language_switch_only_accepts_post(self):
        self.login(self.alice)

        response = self.client.get(reverse("set_language"), {"language": "en"})

        self.assertEqual(response.status_code, 405)
        self.alice.refresh_from_db()
        self.assertEqual(self.alice.language, "")


class MoneyFilterTests(SimpleTestCase):
    def render(self, template: str, **context) -> str:
        return Template(template).render(Context(context))

    def test_money_is_shown_with_the_yuan_sign_grouping_and_two_places_in_both_languages(self):
        for language in ("zh-hans", "en"):
            with self.subTest(language=language), translation.override(language):
                self.assertEqual(
                    self.render("{{ value|money }}", value=Decimal("1234.5")), "¥1,234.50"
                )
                self.assertEqual(
                    self.render("{{ value|money }}", value=Decimal("-1234567.891")),
                    "-¥1,234,567.89",
                )
                self.assertEqual(
                    self.render("{{ value|amount }}", value=Decimal("1234.5")), "1,234.50"
                )

    def test_money_rounds_half_up_to_the_cent(self):
        self.assertEqual(self.render("{{ value|money }}", value=Decimal("0.005")), "¥0.01")
        self.assertEqual(self.render("{{ value|money }}", value=Decimal("2.675")), "¥2.68")

    def test_nothing_is_shown_for_no_amount(self):
        self.assertEqual(self.render("[{{ value|money }}]", value=None), "[]")
        self.assertEqual(self.render("{{ value|money }}", value=Decimal("0")), "¥0.00")

    def test_quantities_and_percentages(self):
        with translation.override("zh-hans"):
            self.assertEqual(self.render("{{ value|quantity }}", value=Decimal("12345")), "12,345")
            self.assertEqual(self.render("{{ value|quantity }}", value=Decimal("2.5")), "2.50")
            self.assertEqual(self.render("{{ value|percent }}", value=Decimal("12.35")), "12.4%")
            self.assertEqual(self.render("{{ value|percent }}", value=None), "—")
