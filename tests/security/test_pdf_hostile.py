"""The printed plan fetches nothing, attaches nothing, and a hostile layout ends within the
time limit with a clear message (issue 9, item 8)."""

import io
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from unittest import mock

from django.test import SimpleTestCase, override_settings
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from planning.printing import pdf
from tests.security.objects import MatrixObjectsTestCase
from tests.security.payloads import PDF, fill_every_text_field

REDIRECT = "/redirect"


class Canary(BaseHTTPRequestHandler):
    """A server on loopback that records every request that reaches it."""

    hits: list[str] = []

    def do_GET(self):  # noqa: N802 - the http.server API
        Canary.hits.append(self.path)
        if self.path == REDIRECT:
            self.send_response(302)
            self.send_header("Location", "http://127.0.0.1:1/after-redirect")
        else:
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args):
        pass


class CanaryMixin:
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = HTTPServer(("127.0.0.1", 0), Canary)
        cls.port = cls.server.server_address[1]
        threading.Thread(target=cls.server.serve_forever, daemon=True).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()
        cls.server.server_close()
        super().tearDownClass()

    def setUp(self):
        super().setUp()
        Canary.hits.clear()

    def payloads(self) -> list[str]:
        return [p.replace("{port}", str(self.port)).replace("{redirect}", REDIRECT) for p in PDF]


def attachments(data: bytes) -> dict:
    return dict(PdfReader(io.BytesIO(data)).attachments)


def slow_layout() -> str:
    # ~60,000 table cells: WeasyPrint needs far longer than the test's limit of 2 seconds.
    rows = "".join(f"<tr><td>{i}</td><td>朗通</td><td>{i * 7}</td></tr>" for i in range(20_000))
    return f"<html><body><table>{rows}</table></body></html>"


class RawHostileHtmlTests(CanaryMixin, SimpleTestCase):
    """Hostile markup given to the printer directly: the fetcher is the last line."""

    def test_the_corpus_has_at_least_fifteen_payloads(self):
        self.assertGreaterEqual(len(PDF), 15)

    def test_no_payload_reaches_the_canary_or_attaches_a_file(self):
        fetcher = pdf.AppOnlyFetcher()
        quick = [p for p in self.payloads() if "<table>" not in p and "<div><div>" not in p]
        html = "<html><body>" + "".join(quick) + "</body></html>"

        data = pdf.render_pdf(html, fetcher=fetcher)

        self.assertEqual(Canary.hits, [])
        self.assertEqual(attachments(data), {})
        self.assertNotIn(b"root:x:0:0", data)
        refused = " ".join(fetcher.refused)
        for url in ("file:///etc/passwd", "169.254.169.254", "/dev/urandom", REDIRECT, "[::1]"):
            self.assertIn(url, refused)

    def test_the_hashed_static_files_of_production_are_served_and_nothing_beside_them(self):
        with tempfile.TemporaryDirectory() as root:
            Path(root, "css").mkdir()
            Path(root, "css", "print.c71ce9caa63a.css").write_text("body { color: black }")
            with override_settings(STATIC_ROOT=root):
                fetcher = pdf.AppOnlyFetcher()
                served = fetcher.fetch(pdf.APP_BASE_URL + "static/css/print.c71ce9caa63a.css")
                self.assertIn(b"color: black", served.read())
                for path in ("static/css/../../etc/passwd", "static/%2e%2e/%2e%2e/etc/passwd"):
                    with self.subTest(path=path), self.assertRaises(ValueError):
                        fetcher.fetch(pdf.APP_BASE_URL + path)

    def test_a_slow_layout_is_stopped_at_the_limit_with_a_clear_message(self):
        start = time.monotonic()

        with (
            translation.override("en"),
            self.assertRaisesMessage(pdf.PrintError, "took longer than 2 seconds to print"),
        ):
            pdf.render_pdf(slow_layout(), timeout=2)

        self.assertLess(time.monotonic() - start, 6)

    def test_deeply_nested_markup_ends_with_a_clear_message(self):
        nested = "<div>" * 1000 + "x" + "</div>" * 1000

        with (
            translation.override("en"),
            self.assertRaisesMessage(pdf.PrintError, "nested too deeply"),
        ):
            pdf.render_pdf(f"<html><body>{nested}</body></html>")


class HostileFreeTextTests(CanaryMixin, MatrixObjectsTestCase):
    """Every payload in every free-text field of the plan, its chapters, its region, its
    customers and competitors, and its review comments."""

    def test_printing_the_plan_fetches_nothing_attaches_nothing_and_shows_the_text(self):
        filled = fill_every_text_field(self.payloads())
        self.assertIn("planning.Plan.strategy_changes", filled)
        self.login(self.alice)
        start = time.monotonic()

        response = self.client.get(
            reverse("plan_pdf", args=[self.plan.pk]), {"comments": "1", "detail": "1"}
        )

        self.assertEqual(response.status_code, 200)
        self.assertLess(time.monotonic() - start, 20)
        self.assertEqual(Canary.hits, [])
        self.assertEqual(attachments(response.content), {})
        self.assertNotIn(b"root:x:0:0", response.content)

    @override_settings(PDF_RENDER_SECONDS=2)
    def test_a_plan_that_takes_too_long_answers_with_a_message_not_a_hung_worker(self):
        self.alice.language = "en"
        self.alice.save()
        self.login(self.alice)
        start = time.monotonic()

        with mock.patch.object(pdf, "plan_html", return_value=slow_layout()):
            response = self.client.get(reverse("plan_pdf", args=[self.plan.pk]))

        self.assertLess(time.monotonic() - start, 6)
        self.assertContains(response, "took longer than 2 seconds to print", status_code=422)
        self.assertContains(response, "Nothing was changed", status_code=422)
