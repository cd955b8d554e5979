"""Each language whole: no Chinese in the English interface, no stray English in the Chinese one.

The demo organisation is built once for the module. A manager and a reviewer open every page
that renders HTML (the table below names each URL; a URL missing from it fails the test), the
printed plan's text layer and the exports, in English and in Chinese. What people typed (the
demo's Chinese customer names, chapter texts, comments) is data, not interface: every text the
database holds is taken out of what is checked, except a name that has an English one.
"""

import csv
import io
import re
import tempfile
from datetime import date
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import models
from django.template import Context, Template
from django.test import SimpleTestCase, TestCase
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from competition.models import ChosenStrategy, Competitor, CompetitorMove
from customers import scoring
from customers.models import CommittedAction, Customer, CustomerPrice, Product, Region, User
from planning.models import ActionDirection, Activity, CalendarEvent, Comment, Plan, TodoItem
from planning.printing import furniture
from planning.spreadsheets.layouts import LAYOUTS
from planning.versions.content import row_labels
from salesplan.templatetags.salesplan import compact_amount
from salesplan.wording import join_list
from tests.base import PersonasTestCase
from tests.planning.test_access_matrix import served_url_names
from tests.test_i18n import CATALOGUE, parse_po

CJK = re.compile("[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+")
URL = re.compile(r"https?://\S+")
WORD = re.compile(r"[A-Za-z][A-Za-z_'’-]*")
# Names, codes and units that stay as they are in the Chinese interface.
ALLOWED_WORDS = {
    # the products' and regions' codes, the priorities and classes, the SWOT letters
    *"ABCDEPSWOT",
    *("HD", "SH", "JS", "HN", "HB", "SO", "WO", "ST", "WT", "KA"),
    *("P1", "P2", "P3", "P4"),
    *("PDF", "Excel", "xlsx", "XLSX", "CSV", "csv", "SWOT", "ICS", "ics", "iCalendar", "P", "S"),
    *("kg", "km", "h", "v", "vs", "No", "ID", "GB", "MB", "KB"),
    # the app's own name and the languages by their own names
    *("English", "salesplan"),
    # keys people press
    *("Ctrl", "Y", "Z", "Enter", "Tab", "Esc", "Shift"),
    # the sheet names a spreadsheet import asks for (planning/spreadsheets/layouts.py)
    *LAYOUTS,
    "prices",
}

# Every URL name the project serves, sorted into: an HTML page opened by GET (with the persona
# that opens it: "manager", "reviewer" or both), a download checked below, or not a GET page.
BOTH, MANAGER, REVIEWER = ("manager", "reviewer"), ("manager",), ("reviewer",)
PAGES = {
    "login": (),  # checked signed out
    "home": BOTH,
    "plan_detail": BOTH,
    "plan_summary_edit": MANAGER,
    "plan_submit": MANAGER,
    "plan_approve": REVIEWER,
    "plan_return": REVIEWER,
    "plan_reopen": REVIEWER,
    "plan_history": BOTH,
    "plan_compare": BOTH,
    "pack_new": REVIEWER,
    "targets_by_product": BOTH,
    "targets_by_customer": BOTH,
    "collections_plan": BOTH,
    "opening_balances": BOTH,
    "collections_report": BOTH,
    "profit_and_loss": BOTH,
    "expense_budget": BOTH,
    "actual_sales": BOTH,
    "actual_collections": BOTH,
    "actual_expenses": BOTH,
    "rollup": BOTH,
    "rollup_region": BOTH,
    "rollup_customer": BOTH,
    "rollup_revision": BOTH,
    "notification_list": BOTH,
    "notification_settings": BOTH,
    "plan_print": BOTH,
    "deadline_board": BOTH,
    "open_comments": BOTH,
    "round_open": REVIEWER,
    "round_revise": REVIEWER,
    "plan_performance_edit": MANAGER,
    "plan_market_edit": MANAGER,
    "plan_swot_edit": MANAGER,
    "swot_direction_create": MANAGER,
    "swot_direction_edit": MANAGER,
    "plan_strategies_edit": MANAGER,
    "plan_actions_edit": MANAGER,
    "activity_create": MANAGER,
    "activity_edit": MANAGER,
    "plan_organisation_edit": MANAGER,
    "plan_control_edit": MANAGER,
    "calendar_month": MANAGER,
    "event_create": MANAGER,
    "event_edit": MANAGER,
    "todo_list": MANAGER,
    "todo_edit": MANAGER,
    "weekly_check": BOTH,
    "customer_home": BOTH,
    "energy_class_table": BOTH,
    "customer_list": BOTH,
    "customer_matrix": BOTH,
    "customer_funnel": BOTH,
    "customer_create": MANAGER,
    "customer_detail": BOTH,
    "customer_edit": MANAGER,
    "customer_price_create": MANAGER,
    "customer_price_edit": MANAGER,
    "competition_home": BOTH,
    "competition_overview": BOTH,
    "competitor_create": MANAGER,
    "competitor_edit": MANAGER,
    "competitor_move_create": MANAGER,
    "competitor_move_edit": MANAGER,
    "competitor_move_delete": MANAGER,
    "position_edit": MANAGER,
    "positioning_edit": MANAGER,
    "positioning_notes_edit": MANAGER,
    "strategy_create": MANAGER,
    "strategy_edit": MANAGER,
    "strategy_delete": MANAGER,
    "numbers_import": MANAGER,
    "price_import": MANAGER,
    "password_change": BOTH,
    "password_change_done": BOTH,
}
# Files: the printed plan and the exports are read below; the others print or export the same.
DOWNLOADS = {"plan_pdf", "weekly_check_pdf", "pack_download", "numbers_export", "numbers_template"}
DOWNLOADS |= {"calendar_ics", "print_job_download"}
NOT_PAGES = {
    # redirects to a page above
    "rollup_latest",
    "targets_home",
    "actuals_home",
    "calendar_today",
    "notification_open",
    # POST only
    *("logout", "set_language", "plan_revise", "comment_create", "comment_reply"),
    *("comment_resolve", "targets_fill", "figures_undo", "figures_redo", "swot_direction_delete"),
    *("activity_delete", "calendar_month_notes", "event_delete", "todo_create", "todo_toggle"),
    *("todo_delete", "customer_assess", "customer_energy", "customer_action_commit"),
    *("committed_action_update", "numbers_import_apply", "targets_reprice"),
    "notification_mark_all_read",
    # the administrators' (Django's admin and the repricing preview, staff only)
    *("admin:index", "targets_reprice_preview"),
    # a pack's and a print's page exist once one was asked for (tests/planning/test_packs.py)
    "pack_detail",
    "print_job_detail",
}
# Exports (URL name, query) read as text: their header blocks, headings and row labels.
EXPORTS = [
    ("rollup", {"format": "xlsx"}),
    ("rollup_region", {"format": "xlsx"}),
    ("profit_and_loss", {"format": "xlsx"}),
    ("collections_report", {"format": "xlsx"}),
    ("open_comments", {"format": "xlsx"}),
    ("open_comments", {"format": "csv"}),
    ("numbers_export", {"format": "xlsx"}),
    ("numbers_export", {"format": "csv"}),
    ("customer_list", {"_export": "xlsx"}),
    ("customer_list", {"_export": "csv"}),
]

LANGUAGE_NAMES = {name for _code, name in settings.LANGUAGES}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
VOID |= {"track", "wbr"}
HIDDEN = {"script", "style", "noscript"}
SHOWN_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")


class VisibleText(HTMLParser):
    """The text a reader sees or hears: text nodes and labelling attributes, without scripts,
    styles and elements in another language than the page's (the language switch)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.page_language = ""
        self.stack: list[tuple[str, bool]] = []
        self.texts: list[str] = []

    @property
    def hidden(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "html":
            self.page_language = attributes.get("lang", "")
        language = attributes.get("lang")
        hidden = (
            self.hidden
            or tag in HIDDEN
            or (language is not None and tag != "html" and language != self.page_language)
        )
        if not hidden:
            self.texts.extend(attributes[name] for name in SHOWN_ATTRIBUTES if attributes.get(name))
            if tag == "input" and attributes.get("type") in ("submit", "button"):
                self.texts.append(attributes.get("value") or "")
        if tag not in VOID:
            self.stack.append((tag, hidden))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.texts.append(data.strip())


def visible_texts(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    parser.close()
    return parser.texts


def stored_texts(language: str) -> list[str]:
    """Every text the database holds that a person typed or the demo wrote, longest first.

    A name that has an English one is left out in the other language's check: the English
    interface shows `name_en`, the Chinese one `name`; showing the other is a fault."""
    texts: set[str] = set()
    for model in apps.get_models():
        if model._meta.app_label not in ("customers", "competition", "planning"):
            continue
        if model.__name__.startswith("Historical"):
            continue
        names = {field.name for field in model._meta.concrete_fields}
        fields = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField | models.JSONField)
            and not field.choices
            and field.name not in ("password", "role", "language")
            and not (language == "en" and f"{field.name}_en" in names)
            and not (language != "en" and field.name.endswith("_en"))
        ]
        for row in model.objects.values_list(*fields) if fields else ():
            for value in row:
                texts.update(_strings(value))
    pieces = {piece.strip() for text in texts for piece in text.splitlines()} | texts
    # A product's unit ("台") is data too; a one-letter code is allowed below, not taken out.
    kept = (piece for piece in pieces if len(piece) > 1 or CJK.search(piece))
    return sorted(kept, key=len, reverse=True)


def data_pattern(texts: list[str]) -> re.Pattern:
    """Any of the texts; one without Chinese only as a whole word (a code in "A · Product A")."""
    parts = [
        re.escape(text) if CJK.search(text) else rf"(?<![A-Za-z]){re.escape(text)}(?![A-Za-z])"
        for text in texts
    ]
    return re.compile("|".join(parts))


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


class LanguageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("seed_demo", stdout=io.StringIO())
        cls.manager = User.objects.get(username="zhang.wei")
        cls.reviewer = User.objects.get(username="zhao.min")
        texts = {language: stored_texts(language) for language in ("en", "zh-hans")}
        cls.data = {language: data_pattern(texts[language]) for language in texts}
        # A PDF's text layer breaks a table cell's text where the line wraps: a piece of what
        # people typed is data there too.
        cls.typed = {language: "\n".join(texts[language]) for language in texts}
        cls.shanghai = Region.objects.get(code="SH")
        cls.plan = Plan.objects.get(region=cls.shanghai, period__year=2027)
        cls.submitted = Plan.objects.get(region__code="JS", period__year=2027)
        cls.approved = Plan.objects.get(region__code="HN", period__year=2027)
        cls.customer = Customer.objects.filter(region=cls.shanghai).order_by("pk").first()
        cls.product = Product.objects.filter(active=True).order_by("code").first()
        # The manager's own objects; what the demo does not have is added here.
        cls.direction = ActionDirection.objects.filter(plan=cls.plan).first()
        cls.activity = Activity.objects.filter(plan=cls.plan).first()
        cls.event = CalendarEvent.objects.filter(owner=cls.manager).first()
        cls.todo = TodoItem.objects.filter(owner=cls.manager).first()
        cls.price = CustomerPrice.objects.filter(customer__region=cls.shanghai).first()
        cls.competitor = Competitor.objects.filter(region=cls.shanghai).first()
        cls.move = CompetitorMove.objects.filter(competitor=cls.competitor).first()
        cls.strategy = ChosenStrategy.objects.filter(region=cls.shanghai).first()
        cls.comment = Comment.objects.filter(plan__region=cls.shanghai).first()
        cls.committed = CommittedAction.objects.filter(customer__region=cls.shanghai).first()

    # -- where each page is --

    def kwargs(self, name: str, persona: str) -> dict:
        plan = {
            "plan_approve": self.submitted,
            "plan_return": self.submitted,
            "plan_reopen": self.approved,
        }.get(name, self.plan)
        by_pk = {
            "plan": plan.pk,
            "region": self.shanghai.pk,
            "customer": self.customer.pk,
            "customer_price": self.price.pk,
            "competitor": self.competitor.pk,
            "move": self.move.pk,
            "strategy": self.strategy.pk,
            "event": self.event.pk,
            "todo": self.todo.pk,
        }
        pk_names = {
            "customer_price_edit": "customer_price",
            "competitor_edit": "competitor",
            "positioning_edit": "competitor",
            "competitor_move_edit": "move",
            "competitor_move_delete": "move",
            "strategy_edit": "strategy",
            "strategy_delete": "strategy",
            "event_edit": "event",
            "todo_edit": "todo",
            "price_import": "region",
        }
        for region_page in ("customer_list", "customer_matrix", "customer_funnel"):
            pk_names[region_page] = "region"
        pk_names["customer_create"] = "region"
        for customer_page in ("customer_detail", "customer_edit", "customer_price_create"):
            pk_names[customer_page] = "customer"
        pattern = served_url_names()[name].pattern
        keys = set(re.findall(r"<(?:\w+:)?(\w+)>", str(pattern)))
        values = {
            "pk": by_pk[pk_names.get(name, "plan")],
            "year": self.plan.period.year,
            "code": self.shanghai.code,
            "region_code": self.shanghai.code,
            "customer_id": self.customer.pk,
            "product_id": self.product.pk,
            "direction_id": self.direction.pk,
            "activity_id": self.activity.pk,
            "month": 3,
        }
        return {key: values[key] for key in keys}

    def url(self, name: str, persona: str = "manager") -> str:
        return reverse(name, kwargs=self.kwargs(name, persona))

    def sign_in(self, persona: str, language: str) -> None:
        user = getattr(self, persona)
        User.objects.filter(pk=user.pk).update(language=language)
        self.client.force_login(user)

    # -- what counts as a fault --

    def without_data(self, text: str, language: str) -> str:
        return self.data[language].sub(" ", text)

    def chinese_in(self, texts, *, wrapped=False) -> list[str]:
        faults = []
        for text in texts:
            if text in LANGUAGE_NAMES or text == furniture.WATERMARK_TEXT:
                continue  # each language by its own name; the draft's bilingual watermark
            rest = self.without_data(text, "en")
            runs = CJK.findall(rest)
            if wrapped:
                runs = [run for run in runs if run not in self.typed["en"]]
            if runs:
                faults.append(text)
        return faults

    def english_in(self, texts, *, wrapped=False) -> list[str]:
        faults = []
        for text in texts:
            if text == furniture.WATERMARK_TEXT:
                continue
            rest = URL.sub(" ", self.without_data(text, "zh-hans"))
            words = WORD.findall(rest)
            if wrapped:
                words = [word for word in words if word not in self.typed["zh-hans"]]
            stray = [word for word in words if word not in ALLOWED_WORDS]
            if stray:
                faults.append(text)
        return faults

    def page_faults(self, language: str) -> dict[str, list[str]]:
        check = self.chinese_in if language == "en" else self.english_in
        faults = {}
        for persona in ("manager", "reviewer"):
            self.sign_in(persona, language)
            for name, personas in PAGES.items():
                if persona not in personas:
                    continue
                response = self.client.get(self.url(name), HTTP_ACCEPT_LANGUAGE=language)
                if response.status_code != 200:
                    faults[f"{persona} {name}"] = [f"status {response.status_code}"]
                    continue
                found = check(visible_texts(response.content.decode()))
                if found:
                    faults[f"{persona} {name}"] = sorted(set(found))
        self.client.logout()
        response = self.client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE=language)
        found = check(visible_texts(response.content.decode()))
        if found:
            faults["login"] = sorted(set(found))
        return faults

    def assertNoFaults(self, faults: dict) -> None:
        faults = {where: texts for where, texts in faults.items() if texts}
        if faults:
            lines = [f"{where}: {' | '.join(texts)}" for where, texts in faults.items()]
            self.fail("\n".join(lines))

    # -- the tests --

    def test_every_url_is_sorted_into_pages_downloads_or_not_pages(self):
        served = set(served_url_names())
        sorted_names = set(PAGES) | DOWNLOADS | NOT_PAGES
        self.assertEqual(served - sorted_names, set(), "sort the new URL into a table above")
        self.assertEqual(sorted_names - served, set(), "a URL in a table above is not served")

    def test_the_english_pages_show_no_chinese(self):
        self.assertNoFaults(self.page_faults("en"))

    def test_the_chinese_pages_show_no_english_words(self):
        self.assertNoFaults(self.page_faults("zh-hans"))

    def pdf_texts(self, language: str) -> list[str]:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "plan.pdf"
            call_command(
                "render_plan", "SH", "2027", "-o", str(path), "--language", language,
                stdout=io.StringIO(),
            )  # fmt: skip
            reader = PdfReader(path)
            return [
                line.strip()
                for page in reader.pages
                for line in page.extract_text().splitlines()
                if line.strip()
            ]

    def test_the_english_pdf_shows_no_chinese(self):
        self.assertNoFaults({"pdf": self.chinese_in(self.pdf_texts("en"), wrapped=True)})

    def test_the_chinese_pdf_shows_no_english_words(self):
        self.assertNoFaults({"pdf": self.english_in(self.pdf_texts("zh-hans"), wrapped=True)})

    def export_texts(self, response) -> list[str]:
        if response["Content-Type"].startswith("text/csv"):
            rows = csv.reader(io.StringIO(response.content.decode("utf-8-sig")))
        else:
            workbook = load_workbook(io.BytesIO(response.content), read_only=True)
            rows = (row for sheet in workbook for row in sheet.iter_rows(values_only=True))
            rows = [*rows, *([sheet.title] for sheet in workbook)]
        return [str(cell) for row in rows for cell in row if isinstance(cell, str) and cell]

    def export_faults(self, language: str) -> dict[str, list[str]]:
        check = self.chinese_in if language == "en" else self.english_in
        faults = {}
        self.sign_in("reviewer", language)
        for name, query in EXPORTS:
            response = self.client.get(self.url(name), query, HTTP_ACCEPT_LANGUAGE=language)
            self.assertEqual(response.status_code, 200, f"{name} {query}")
            found = check(self.export_texts(response))
            if found:
                faults[f"{name} {query}"] = sorted(set(found))
        return faults

    def test_the_english_exports_show_no_chinese(self):
        self.assertNoFaults(self.export_faults("en"))

    def test_the_chinese_exports_show_no_english_words(self):
        self.assertNoFaults(self.export_faults("zh-hans"))


class WordsOfEachLanguageTests(SimpleTestCase):
    """Dates, chart units, tier and class names and lists, each in the language's own form."""

    def render(self, template: str, language: str, **context) -> str:
        with translation.override(language):
            return Template(template).render(Context(context))

    def test_dates_read_the_way_each_language_writes_them(self):
        day = date(2026, 12, 15)
        self.assertEqual(self.render("{{ day|date }}", "en", day=day), "15 Dec 2026")
        self.assertEqual(self.render("{{ day|date }}", "zh-hans", day=day), "2026年12月15日")
        table = '{{ day|date:"SHORT_DATE_FORMAT" }}'
        self.assertEqual(self.render(table, "en", day=day), "15 Dec 2026")
        self.assertEqual(self.render(table, "zh-hans", day=day), "2026-12-15")
        month = '{{ day|date:"YEAR_MONTH_FORMAT" }}'
        self.assertEqual(self.render(month, "en", day=day), "Dec 2026")
        self.assertEqual(self.render(month, "zh-hans", day=day), "2026年12月")

    def test_chart_axes_shorten_amounts_in_each_languages_units(self):
        values = [Decimal(v) for v in ("0", "750", "25000", "500000", "1250000", "100000000")]
        with translation.override("en"):
            english = [compact_amount(value) for value in values]
        with translation.override("zh-hans"):
            chinese = [compact_amount(value) for value in values]
        self.assertEqual(english, ["0", "750", "25k", "500k", "1.25M", "100M"])
        self.assertEqual(chinese, ["0", "750", "2.5万", "50万", "125万", "1亿"])

    def test_tiers_classes_and_grades_are_named_in_the_language(self):
        with translation.override("en"):
            self.assertEqual(scoring.tier_label(2), "Tier 2")
            self.assertEqual(scoring.class_label("B"), "Class B")
            self.assertEqual(scoring.grade_label("优"), "Excellent")
            self.assertEqual(join_list(["Jan", "Feb"]), "Jan, Feb")
        with translation.override("zh-hans"):
            self.assertEqual(scoring.tier_label(2), "二级")
            self.assertEqual(scoring.class_label("B"), "B类")
            self.assertEqual(scoring.grade_label("优"), "优")
            self.assertEqual(join_list(["一月", "二月"]), "一月、二月")


class CompareLabelsTests(PersonasTestCase):
    def test_a_compared_row_names_the_product_and_the_figure_in_full(self):
        rows = ["朗通|A|quantity", "朗通|A|amount"]
        with translation.override("en"):
            labels = row_labels("targets", rows)
        self.assertEqual(labels["朗通|A|quantity"], "朗通 · Product A · Quantity")
        self.assertEqual(labels["朗通|A|amount"], "朗通 · Product A · Amount")
        with translation.override("zh-hans"):
            self.assertEqual(row_labels("targets", rows)["朗通|A|amount"], "朗通 · 产品A · 金额")


# docs/GLOSSARY.md: one term per concept; the words on the left are the ones not used.
NOT_THE_GLOSSARYS = {
    "地区经理": "区域经理",
    "账龄": "帐龄",
    "账款": "帐款",
    "账期": "帐期",
    "上年": "去年",
    "上一年": "去年",
    "分配方式": "分摊方式",
    "销售指标": "销售目标",
}
ASCII_PUNCTUATION = re.compile(
    "[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]\\s*[,;:!?()]|[,;:!?()]\\s*[\u4e00-\u9fff]"
)


class ChineseCatalogueWordingTests(SimpleTestCase):
    """The Chinese catalogue keeps the glossary's terms and full-width punctuation."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        entries = parse_po(CATALOGUE.read_text(encoding="utf-8"))
        cls.translations = [
            value
            for entry in entries
            if entry["msgid"]
            for key, value in entry.items()
            if key.startswith("msgstr")
        ]

    def test_one_term_per_concept(self):
        for word, term in NOT_THE_GLOSSARYS.items():
            with self.subTest(word=word):
                self.assertEqual([t for t in self.translations if word in t], [], term)

    def test_chinese_sentences_take_full_width_punctuation(self):
        placeholder = re.compile(r"%\(\w+\)\d*[sd]")
        wrong = [t for t in self.translations if ASCII_PUNCTUATION.search(placeholder.sub("", t))]
        self.assertEqual(wrong, [])
