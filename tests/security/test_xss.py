"""No stored text becomes markup: 60 payloads in every text field, every page and the PDF
(issue 9, item 9)."""

import io

from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from pypdf import PdfReader

from tests.security.objects import MatrixObjectsTestCase
from tests.security.payloads import XSS, executable_markup, fill_every_text_field


class StoredPayloadsTests(MatrixObjectsTestCase):
    """Every page of the access matrix, as the manager and as the reviewer, with every text
    field of every object full of script payloads."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.filled = fill_every_text_field(XSS)

    def test_the_corpus_has_more_than_fifty_payloads_and_reaches_the_main_fields(self):
        self.assertGreaterEqual(len(set(XSS)), 50)
        for field in (
            "planning.Plan.strategy_changes",
            "planning.Comment.body",
            "planning.Activity.work",
            "customers.Customer.name",
            "customers.Region.name",
            "competition.Competitor.name",
        ):
            self.assertIn(field, self.filled)

    def test_no_page_holds_executable_markup_and_every_page_sends_a_csp(self):
        problems, pages = [], 0
        for name, pattern in self.tabled_urls():
            url = self.url_for(name, pattern)
            for persona in ("alice", "rita"):
                response = self.request(persona, "get", url)
                if response.status_code != 200:
                    continue
                if "text/html" not in response.get("Content-Type", ""):
                    continue
                pages += 1
                policy = response.get("Content-Security-Policy", "")
                if "script-src 'self'" not in policy or "unsafe-inline" in policy:
                    problems.append(f"{url} as {persona}: no strict Content-Security-Policy")
                found = executable_markup(response.content.decode())
                if found:
                    problems.append(f"{url} as {persona}: {found[:3]}")
        self.assertGreater(pages, 40)
        self.assertEqual(problems, [], "\n".join(problems))

    def test_the_payloads_are_shown_as_text(self):
        self.login(self.alice)

        response = self.client.get(reverse("plan_detail", args=[self.plan.pk]))

        self.assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt;")

    def test_admin_pages_hold_no_executable_markup(self):
        self.login(self.adam)
        problems = []
        for model in admin.site._registry:
            try:
                url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
            except NoReverseMatch:
                continue
            response = self.client.get(url, follow=True)
            self.assertEqual(response.status_code, 200, url)
            found = [
                item
                for item in executable_markup(response.content.decode())
                if "style" not in item  # the admin's own inline styles are Django's
            ]
            if found:
                problems.append(f"{url}: {found[:3]}")
        self.assertEqual(problems, [])

    def test_the_pdf_holds_no_script_action_or_link_out_of_the_text(self):
        self.login(self.alice)

        response = self.client.get(
            reverse("plan_pdf", args=[self.plan.pk]), {"comments": "1", "detail": "1"}
        )

        self.assertEqual(response.status_code, 200)
        data = response.content
        for marker in (b"/JavaScript", b"/JS ", b"/Launch", b"/SubmitForm", b"/EmbeddedFile"):
            self.assertNotIn(marker, data)
        reader = PdfReader(io.BytesIO(data))
        links = [
            annotation.get_object().get("/A", {}).get("/URI")
            for page in reader.pages
            for annotation in page.get("/Annots", []) or []
        ]
        self.assertEqual([link for link in links if link and "javascript" in link.lower()], [])
