"""The chapter catalogue is the one place for every chapter fact: every surface numbers the SWOT
the same way, the edit links come from it, and the chapters' history reaches every process."""

import json
import re
import subprocess
import sys

from django.conf import settings
from django.test import TransactionTestCase
from django.urls import reverse

from planning.chapters import services as services_chapters
from planning.chapters.catalogue import CHAPTERS, ChapterSlug
from planning.models import SwotItem
from planning.printing.pdf import plan_html
from planning.review.checks import run_checks
from planning.versions import content
from tests.base import PersonasMixin, PersonasTestCase
from tests.reliability.harness import RealDatabase

# (kind, order, text) in the order they were typed in; `order` has gaps, as after removals.
ITEMS = (
    ("S", 5, "品牌知名度高"),
    ("T", 7, "对手降价抢单"),
    ("O", 0, "新区扩建工厂"),
    ("S", 2, "渠道覆盖广泛"),
    ("W", 3, "服务响应太慢"),
)
NUMBERED = [
    ("S1", "渠道覆盖广泛"),
    ("S2", "品牌知名度高"),
    ("W1", "服务响应太慢"),
    ("O1", "新区扩建工厂"),
    ("T1", "对手降价抢单"),
]


def numbering(html: str) -> list[tuple[str, str]]:
    """Each SWOT item's text with the number printed just before it, in the page's order."""
    found = []
    for _label, text in NUMBERED:
        start = html.find(text)
        if start < 0:
            continue
        labels = re.findall(r"\b([SWOT]\d+)\b", html[max(0, start - 80) : start])
        found.append((start, labels[-1] if labels else "?", text))
    return [(label, text) for _start, label, text in sorted(found)]


class SwotNumberingTests(PersonasTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for kind, order, text in ITEMS:
            SwotItem.objects.create(plan=cls.plan, kind=kind, order=order, text=text)

    def setUp(self):
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        self.login(self.alice)

    def test_the_chapter_page_numbers_each_list_in_swot_order(self):
        page = self.client.get(self.plan.get_absolute_url()).content.decode()

        self.assertEqual(numbering(page), NUMBERED)

    def test_the_direction_form_offers_the_items_with_the_chapters_numbers(self):
        page = self.client.get(reverse("swot_direction_create", args=[self.plan.pk]))

        self.assertEqual(numbering(page.content.decode()), NUMBERED)

    def test_the_printed_plan_numbers_the_items_as_the_page_does(self):
        html = plan_html(self.plan, language="en")

        self.assertEqual(numbering(html), NUMBERED)

    def test_the_version_comparison_names_the_items_by_the_same_numbers(self):
        content.snapshot(self.plan)

        page = self.client.get(reverse("plan_compare", args=[self.plan.pk]) + "?against=submitted")

        self.assertEqual(page.status_code, 200)
        self.assertEqual(numbering(page.content.decode()), NUMBERED)


class EditLinkTests(PersonasTestCase):
    def setUp(self):
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        self.login(self.alice)

    def test_the_plan_page_links_each_chapter_to_the_edit_page_the_catalogue_names(self):
        page = self.client.get(self.plan.get_absolute_url()).content.decode()

        links = re.findall(r'class="[^"]*chapter-edit" href="([^"]+)"', page)
        expected = [
            reverse(chapter.edit_url_name, args=[self.plan.pk])
            for chapter in CHAPTERS
            if chapter.edit_url_name
        ]
        self.assertEqual(links, expected)
        self.assertEqual(len(links), 8)

    def test_an_empty_written_chapter_is_refused_with_the_catalogues_edit_link(self):
        fixes = [f.fix_url for f in run_checks(self.plan) if f.check == "no_empty_chapter"]

        written = [chapter for chapter in CHAPTERS if chapter.written]
        self.assertEqual(
            [chapter.slug for chapter in written],
            ["market", "swot", "strategies", "actions", "organisation", "control"],
        )
        self.assertEqual(
            fixes, [reverse(chapter.edit_url_name, args=[self.plan.pk]) for chapter in written]
        )


class ChapterHistoryInAFreshProcessTests(PersonasMixin, TransactionTestCase):
    """A process that never loads the chapter views (a worker, a management command) still shows
    the chapters' changes in the plan's history."""

    def setUp(self):
        self.setUpTestData()

    def test_the_plans_history_includes_a_chapter_text_change(self):
        services_chapters.chapter_save_texts(
            plan=self.plan,
            user=self.alice,
            chapter=ChapterSlug.MARKET,
            revision=0,
            texts={"contribution_notes": "朗通贡献最大"},
        )
        database = RealDatabase()
        self.addCleanup(database.close)
        script = (
            "import json, sys\n"
            "from django.utils import translation\n"
            "from planning.models import Plan\n"
            "from planning.review.history import plan_history_entries\n"
            "translation.activate('en')\n"
            f"entries = plan_history_entries(Plan.objects.get(pk={self.plan.pk}))\n"
            "print(json.dumps({'kinds': [str(e.kind) for e in entries],"
            " 'views_loaded': 'planning.chapters.views' in sys.modules}))\n"
        )

        result = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", script],
            cwd=settings.BASE_DIR,
            env=database.environment(),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

        self.assertEqual(result.returncode, 0, result.stderr[-2000:])
        seen = json.loads(result.stdout.strip().splitlines()[-1])
        self.assertFalse(seen["views_loaded"])
        self.assertIn("Chapter text", seen["kinds"])
