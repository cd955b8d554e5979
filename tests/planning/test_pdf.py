"""The printed plan: what a reader sees in the PDF, and what the PDF may never fetch."""

import gc
import glob
import io
import os
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from unittest import mock

from django.test import SimpleTestCase
from pypdf import PdfReader

from planning.models import Comment, Target
from planning.printing import pdf
from planning.review import services
from tests.base import PersonasTestCase


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def embedded_fonts(data: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for font in fonts.values():
            names.add(str(font.get_object().get("/BaseFont")))
    return names


class PlanPdfTests(PersonasTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        Target.objects.create(
            plan=cls.plan,
            customer=cls.langtong,
            product=cls.product_a,
            month=1,
            quantity=3,
            amount="300.00",
        )

    def test_the_manager_downloads_the_plan_in_chinese_with_the_shipped_font_embedded(self):
        self.login(self.alice)
        response = self.client.get(f"/plans/{self.plan.pk}/pdf/?lang=zh-hans")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        data = response.content
        self.assertTrue(
            any("NotoSansSC" in name or "Noto-Sans-SC" in name for name in embedded_fonts(data)),
            embedded_fonts(data),
        )
        text = pdf_text(data)
        for title in ("计划摘要", "营销目标及分解", "预计损益", "控制手段"):
            self.assertIn(title, text)
        self.assertIn("朗通", text)

    def test_the_english_pdf_has_english_chapter_titles(self):
        self.login(self.rita)
        response = self.client.get(f"/plans/{self.plan.pk}/pdf/?lang=en")
        text = pdf_text(response.content)
        self.assertIn("Plan summary", text)
        self.assertIn("Projected profit and loss", text)

    def test_another_regions_manager_cannot_print_the_plan(self):
        self.login(self.bob)
        self.assertEqual(self.client.get(f"/plans/{self.plan.pk}/pdf/").status_code, 404)

    def test_the_comments_appendix_is_printed_only_when_asked_for(self):
        Comment.objects.create(
            plan=self.plan, chapter="summary", author=self.rita, body="增长依据请补充"
        )
        self.login(self.rita)
        without = pdf_text(self.client.get(f"/plans/{self.plan.pk}/pdf/?lang=zh-hans").content)
        with_comments = pdf_text(
            self.client.get(f"/plans/{self.plan.pk}/pdf/?lang=zh-hans&comments=1").content
        )
        self.assertNotIn("增长依据请补充", without)
        self.assertIn("增长依据请补充", with_comments)


class CanaryHandler(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 - the http.server API
        CanaryHandler.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args):
        pass


HOSTILE = [
    '<img src="file:///etc/passwd">',
    '<link rel="attachment" href="file:///etc/passwd">',
    '<a rel="attachment" href="file:///etc/passwd">x</a>',
    "<style>@import url(file:///etc/passwd);</style>",
    "<style>@font-face{font-family:x;src:url(file:///etc/passwd)}</style>",
    '<img src="http://127.0.0.1:{port}/img.png">',
    '<svg><image href="http://127.0.0.1:{port}/svg.png"/></svg>',
    '<img src="http://169.254.169.254/latest/meta-data/">',
    '<img src="file:///dev/urandom">',
]


class FetcherTests(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = HTTPServer(("127.0.0.1", 0), CanaryHandler)
        cls.port = cls.server.server_address[1]
        threading.Thread(target=cls.server.serve_forever, daemon=True).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()
        super().tearDownClass()

    def test_raw_hostile_html_fetches_and_attaches_nothing(self):
        CanaryHandler.hits.clear()
        fetcher = pdf.AppOnlyFetcher()
        html = (
            "<html><body>"
            + "".join(h.replace("{port}", str(self.port)) for h in HOSTILE)
            + "</body></html>"
        )
        data = pdf.render_pdf(html, fetcher=fetcher)
        self.assertEqual(CanaryHandler.hits, [])
        self.assertEqual(dict(PdfReader(io.BytesIO(data)).attachments), {})
        self.assertTrue(any(url.startswith("file:///etc/passwd") for url in fetcher.refused))
        self.assertNotIn(b"root:x:0:0", data)

    def test_the_app_own_static_files_and_data_urls_are_served(self):
        fetcher = pdf.AppOnlyFetcher()
        response = fetcher.fetch(pdf.APP_BASE_URL + "static/css/print.css")
        self.assertIn(b"Noto Sans SC", response.read())
        self.assertEqual(fetcher.fetch("data:text/plain,hello").read(), b"hello")
        with self.assertRaises(ValueError):
            fetcher.fetch(pdf.APP_BASE_URL + "static/../salesplan/settings.py")


class HostileTextInThePlanTests(PersonasTestCase):
    def test_payloads_in_free_text_are_printed_as_text_and_fetch_nothing(self):
        payload = " ".join(h.replace("{port}", "9") for h in HOSTILE)[:480]
        services.plan_update_summary(
            plan=self.plan, user=self.alice, strategy_changes=payload, revision=self.plan.revision
        )
        services.comment_add(plan=self.plan, user=self.rita, chapter="summary", body=payload)
        self.plan.refresh_from_db()
        data = pdf.plan_pdf(self.plan, language="en", comments=True)
        self.assertEqual(dict(PdfReader(io.BytesIO(data)).attachments), {})
        self.assertNotIn(b"root:x:0:0", data)
        self.assertIn("file:///etc/passwd", pdf_text(data).replace("\n", ""))


CHINESE_PAGE = (
    '<html><head><link rel="stylesheet" href="/static/css/print.css"></head>'
    "<body><h2>市场营销计划</h2><p>朗通 <strong>泰岳</strong> 1,234.50</p></body></html>"
)


class PrintingProcessTests(SimpleTestCase):
    """What printing leaves behind in the process that prints: the web and pack workers run for
    weeks, and every print is a child process of theirs."""

    def font_folders(self) -> set[str]:
        return set(glob.glob(os.path.join(tempfile.gettempdir(), "weasyprint-*")))

    @mock.patch.object(pdf, "_font_config", None)  # as in a process that has not printed yet
    def test_prints_in_child_processes_leave_no_copy_of_the_fonts_behind(self):
        pdf.font_configuration()  # the process's own copy, removed when the process ends
        before = self.font_folders()
        for _ in range(2):
            data = pdf.render_pdf(CHINESE_PAGE, timeout=20, in_parts=False)
            self.assertIn("朗通", pdf_text(data))
            self.assertTrue(any("Noto-Sans-SC" in name for name in embedded_fonts(data)))
        # Each child used to copy the 14 MB of fonts into a folder of its own, never removed.
        self.assertEqual(self.font_folders() - before, set())

    def test_the_garbage_collector_runs_again_after_a_print_in_this_process(self):
        self.assertTrue(gc.isenabled())
        pdf.render_pdf(CHINESE_PAGE, timeout=0)
        self.assertTrue(gc.isenabled())
        with pdf.collector_paused():
            with pdf.collector_paused():  # another thread printing at the same time
                self.assertFalse(gc.isenabled())
            self.assertFalse(gc.isenabled())
        self.assertTrue(gc.isenabled())

    def test_a_collector_switched_off_by_someone_else_stays_off(self):
        gc.disable()
        try:
            pdf.render_pdf(CHINESE_PAGE, timeout=0)
            self.assertFalse(gc.isenabled())
        finally:
            gc.enable()

    def test_a_child_forked_while_another_thread_holds_a_printing_lock_can_take_it(self):
        # A lock held by another thread at the moment of a fork is never released in the
        # child, which would wait for it until the time bound: children get fresh ones.
        with pdf._font_config_lock, pdf._collector_lock:
            pid = os.fork()
            if pid == 0:
                took = pdf._font_config_lock.acquire(timeout=2)
                took = pdf._collector_lock.acquire(timeout=2) and took
                os._exit(0 if took else 1)
        _pid, status = os.waitpid(pid, 0)
        self.assertEqual(os.waitstatus_to_exitcode(status), 0)
