"""The review pack's front: cover, dashboard, contents, page numbers across the pack, bookmarks
and properties, read back from the printed PDF's text as a reader sees it."""

import itertools
import re
import tempfile
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.test import override_settings
from django.utils import translation
from pypdf import PdfReader

from customers.models import Customer, Period, Region
from planning.hq import dashboard
from planning.models import ActualSale, Plan, Target
from planning.printing import front, pack_dashboard, packs
from salesplan.templatetags.salesplan import amount_in, money
from tests.base import PersonasTestCase


def outline(reader, items=None, depth=0):
    """(depth, title, page index) of every bookmark, in order."""
    result = []
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            result += outline(reader, item, depth + 1)
        else:
            result.append((depth, item.title, reader.get_destination_page_number(item)))
    return result


class PackFrontTests(PersonasTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.south = Region.objects.create(code="HN", name="华南", name_en="South China")
        cls.south_plan = Plan.objects.create(region=cls.south, period=cls.period)
        previous = Period.objects.create(year=2026, review_meeting=date(2026, 7, 10))
        # Targets (a single month each), actuals of January and last year's actuals.
        figures = {
            cls.shanghai: (cls.plan, 12345, 10000, 11000),
            cls.jiangsu: (cls.other_plan, 5678, 6000, 5600),
            cls.south: (cls.south_plan, 3210, None, 3300),
        }
        for region, (plan, target, actual, last_year) in figures.items():
            customer = Customer.objects.create(region=region, name=f"{region.name}客户")
            price = cls.product_a.list_price
            Target.objects.create(
                plan=plan,
                customer=customer,
                product=cls.product_a,
                month=1,
                quantity=target,
                amount=target * price,
            )
            sales = [(previous, last_year)] + ([(cls.period, actual)] if actual else [])
            for period, quantity in sales:
                ActualSale.objects.create(
                    region=region,
                    period=period,
                    customer=customer,
                    product=cls.product_a,
                    month=1,
                    quantity=quantity,
                    amount=quantity * price,
                )

    def setUp(self):
        self.media = tempfile.TemporaryDirectory()
        self.addCleanup(self.media.cleanup)
        override = override_settings(MEDIA_ROOT=self.media.name)
        override.enable()
        self.addCleanup(override.disable)

    def pack(self, language="zh-hans", regions=None):
        job = packs.pack_create(
            user=self.rita,
            period=self.period,
            regions=regions or [self.shanghai, self.jiangsu, self.south],
            states=[],
            language=language,
            comments=False,
        )
        job = packs.render_pack_now(job)
        self.assertEqual(job.status, job.Status.DONE, job.error)
        return PdfReader(job.file)

    def lines(self, language="zh-hans"):
        # Labels and states in the pack's language, whatever an earlier test left active.
        with translation.override(language):
            lines, _company, _month = dashboard.region_rollup(self.rita, self.period)
        return {line.code: line for line in lines}

    def test_the_zh_pack_numbers_its_pages_lists_them_and_agrees_with_the_measures(self):
        reader = self.pack()
        texts = [page.extract_text() for page in reader.pages]
        total = len(texts)
        marks = outline(reader)

        # 第 N 页 / 共 M 页 on every page, from the cover to the end, across the regions.
        for number, text in enumerate(texts, start=1):
            self.assertIn(f"第 {number} 页 / 共 {total} 页", text)

        # Bookmarks: the dashboard, the contents, each region with its chapters under it.
        top = [(title, page) for depth, title, page in marks if depth == 0]
        self.assertEqual([title for title, _page in top], ["总览", "目录", "华南", "江苏", "上海"])
        starts = dict(top)
        self.assertEqual(starts["华南"], 3)  # the cover, the dashboard, one page of contents
        summaries, region = {}, None
        for depth, title, page in marks:
            region = title if depth == 0 else region
            if depth == 1 and title == "1. 计划摘要":
                summaries[region] = page
        self.assertEqual(list(summaries), ["华南", "江苏", "上海"])  # a chapter under each region
        self.assertTrue(starts["华南"] < summaries["华南"] < starts["江苏"] < summaries["江苏"])

        # The contents list each region and each chapter at its bookmark's page, two regions
        # side by side; the regions' own contents are not printed.
        contents = texts[starts["目录"]]
        listed, current = [], []
        for depth, title, page in marks[2:]:
            if depth == 0:
                current = [(title, page + 1)]
                listed.append(current)
            elif depth == 1:
                current.append((title, page + 1))
        rows = set(contents.split("\n"))
        for left, right in itertools.zip_longest(listed[0::2], listed[1::2], fillvalue=[]):
            for pair in itertools.zip_longest(left, right):
                self.assertIn(
                    " ".join(f"{title} {page}" for title, page in filter(None, pair)), rows
                )
        self.assertEqual(sum(text.count("目录") for text in texts), 2)  # its heading and header
        # Each entry links to its page.
        annotations = reader.pages[starts["目录"]]["/Annots"]
        targets = [a.get_object()["/Dest"][0].get_object() for a in annotations]
        self.assertEqual(
            sorted(reader.get_page_number(page) + 1 for page in targets),
            sorted(page for region in listed for _title, page in region),
        )

        # The dashboard: each region's figures as the measures give them, in 万元; the group
        # and the pack's total add the regions' figures.
        board = texts[starts["总览"]]
        lines = self.lines()
        regions = [lines[code] for code in ("SH", "JS", "HN")]
        for line in regions:
            self.assertRegex(
                board,
                rf"{line.label}\s*\S+\s*{re.escape(amount_in(line.target, 'wan'))}\s*"
                rf"{re.escape(amount_in(line.last_year, 'wan'))}",
            )
        rows, pack_total = pack_dashboard.rows_of(
            list(lines.values()), {line.key for line in regions}
        )
        self.assertEqual(
            [(row.kind, row.line.code) for row in rows],
            [("group", "HD"), ("region", "JS"), ("region", "SH"), ("region", "HN"), ("total", "")],
        )
        for name in ("target", "last_year", "actual_to_date", "profit_plan", "outstanding"):
            self.assertEqual(
                getattr(pack_total, name), sum(getattr(line, name) for line in regions), name
            )
            self.assertEqual(
                getattr(rows[0].line, name),
                getattr(lines["SH"], name) + getattr(lines["JS"], name),
                name,
            )
        self.assertEqual(pack_total.target, Decimal("2123300.00"))  # (12,345 + 5,678 + 3,210) × 100
        self.assertRegex(board, r"合计\s*212\.3\s")
        self.assertRegex(board, r"华东\s*小计\s*180\.2\s")  # Shanghai + Jiangsu
        # Red / amber / green as the roll-up decides, with its symbol and word.
        self.assertRegex(board, r"12\.2%\s*▲\s*达标")  # Shanghai's growth: 12,345 on 11,000
        self.assertRegex(board, r"81\.0%\s*▼\s*未达标")  # its achievement: 10,000 of 12,345
        self.assertRegex(board, r"105\.7%\s*▲\s*达标")  # Jiangsu's: 6,000 of 5,678
        self.assertRegex(board, r"-2\.7%\s*▼")  # South China's growth: 3,210 on 3,300

        # Each region's summary page prints the same figures (in yuan) as its dashboard row.
        for title, code in (("华南", "HN"), ("江苏", "JS"), ("上海", "SH")):
            summary = texts[summaries[title]]
            self.assertIn(money(lines[code].target), summary)
            self.assertIn(money(lines[code].profit_plan), summary)

        # The properties.
        info = reader.metadata
        self.assertIn(settings.COMPANY_NAME, info.title)
        self.assertIn("半年调整会", info.title)
        self.assertEqual(info.author, settings.COMPANY_NAME)
        self.assertIn("上海", info.subject)
        self.assertIsNotNone(info.creation_date)

        # The cover.
        cover = texts[0]
        for text in (settings.COMPANY_NAME, "半年调整会", "2027", "内部资料 · 注意保密"):
            self.assertIn(text, cover)
        self.assertIn("华南、江苏、上海", cover)
        self.assertIn("2027年7月9日", cover)  # the meeting's date

    def test_the_english_pack_has_its_cover_dashboard_and_page_numbers(self):
        with translation.override("en"):
            reader = self.pack("en", regions=[self.south])
        texts = [page.extract_text() for page in reader.pages]
        cover, board = texts[0], texts[1]
        for text in ("Half-year review meeting", "Confidential", "South China", "2027"):
            self.assertIn(text, cover)
        self.assertIn("Dashboard", board)
        self.assertIn("10,000 yuan", board)
        self.assertRegex(board, r"South China\s*Draft\s*32\.1\s*33\.0")
        for number, text in enumerate(texts, start=1):
            self.assertIn(f"Page {number} of {len(texts)}", text)
        self.assertIn("half-year review meeting", reader.metadata.title)

    def test_before_any_actuals_the_dashboard_shows_no_figures_to_date(self):
        ActualSale.objects.filter(period=self.period).delete()
        job = packs.pack_create(
            user=self.rita,
            period=self.period,
            regions=[self.shanghai],
            states=[],
            language="en",
            comments=False,
        )
        with translation.override("en"):
            html = front.front_html(job, list(job.parts.all()), left_out=[])
        row = html.split('data-code="SH"')[1].split("</tr>")[0]
        cells = re.findall(r'<td class="num[^"]*">([^<]*)', row)
        # Target, last year, growth, then target to date and actual to date: "—", not 0.0.
        self.assertEqual(cells[3:5], ["—", "—"])
        self.assertIn("No actuals entered yet for this period.", html)
