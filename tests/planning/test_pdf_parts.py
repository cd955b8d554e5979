"""A long plan printed in parts on several cores reads exactly like the plan printed whole:
the same pages, page numbers running across the parts, the contents' page numbers and links,
the bookmarks; and the print's long customer tables."""

import io
import os
import re
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from unittest import mock

from django.test import SimpleTestCase, override_settings
from pypdf import PdfReader

from customers.models import Customer, Period
from planning.chapters import content as chapter_content
from planning.models import ActualSale, Target
from planning.printing import paging, pdf
from planning.printing import parts as pdf_parts
from planning.review import services
from tests.base import PersonasTestCase
from tests.planning.test_pdf import HOSTILE

WHOLE = override_settings(PDF_PARTS=1)
IN_PARTS = override_settings(PDF_PARTS=2, PDF_PARTS_MIN_CELLS=0)


def pages_text(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def outline(data: bytes) -> list[tuple[int, str, int]]:
    """(depth, title, page number) of every bookmark, in order."""
    reader = PdfReader(io.BytesIO(data))
    found = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return found


def footers(data: bytes) -> list[list[tuple[str, float, float]]]:
    """Each page's page-number footers: (text, x, y), in points from the page's bottom left."""
    found = []
    for page in PdfReader(io.BytesIO(data)).pages:
        on_page = []

        def visit(text, cm, tm, _font, _size, on_page=on_page):
            if text.startswith("第 "):
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                on_page.append((text.strip(), round(x, 1), round(y, 1)))

        page.extract_text(visitor_text=visit)
        found.append(on_page)
    return found


class PrintedInPartsTests(PersonasTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        previous = Period.objects.create(year=2026)
        customers = [cls.langtong] + [
            Customer.objects.create(region=cls.shanghai, name=f"客户{i:02d}") for i in range(11)
        ]
        for index, customer in enumerate(customers):
            for month in (1, 6):
                Target.objects.create(
                    plan=cls.plan,
                    customer=customer,
                    product=cls.product_a,
                    month=month,
                    quantity=index + 1,
                    amount=Decimal(100 * (index + 1)),
                )
            ActualSale.objects.create(
                region=cls.shanghai,
                period=previous,
                customer=customer,
                product=cls.product_a,
                month=3,
                quantity=1,
                amount=Decimal(1000 - index),
            )
        cls.plan.refresh_from_db()

    def print_plan(self, **options) -> bytes:
        return pdf.plan_pdf(self.plan, language="zh-hans", **options)

    @mock.patch.object(pdf, "ROWS_PER_LANDSCAPE_PAGE", 5)  # the month tables run over pages
    def test_the_parts_print_the_pages_numbers_contents_and_bookmarks_of_the_whole_plan(self):
        with WHOLE:
            whole = self.print_plan()
        with IN_PARTS:
            self.assertIsNotNone(pdf._parts(pdf.plan_html(self.plan, language="zh-hans")))
            parts = self.print_plan()

        whole_pages, part_pages = pages_text(whole), pages_text(parts)
        self.assertEqual(len(part_pages), len(whole_pages))
        # The page numbers are laid over the parts' pages: each reads, and sits on its page,
        # portrait or landscape, where the plan printed whole has it.
        self.assertEqual(footers(parts), footers(whole))
        # The cover says when it was printed; every other page is the same, word for word.
        self.assertEqual(part_pages[1:], whole_pages[1:])
        total = len(part_pages)
        for number, text in enumerate(part_pages[1:], start=2):
            self.assertIn(f"第 {number} 页 / 共 {total} 页", text)

        # The contents give each chapter's page and link to it.
        contents = part_pages[1]
        for title in ("5. 营销目标及分解", "8. 预计损益", "10. 控制手段"):
            page = int(re.search(rf"{re.escape(title)}\s*(\d+)", contents).group(1))
            self.assertIn(title, part_pages[page - 1])
        reader = PdfReader(io.BytesIO(parts))
        links = [annotation.get_object() for annotation in reader.pages[1]["/Annots"]]
        targets = [reader.get_page_number(link["/Dest"][0]) + 1 for link in links]
        listed = [int(n) for n in re.findall(r"^\d+\. .*?(\d+)$", contents, re.MULTILINE)]
        self.assertEqual(len(listed), 10)
        # The region summary, unnumbered, comes first, on the page after the contents.
        self.assertEqual(targets, [3, *listed])

        # The bookmarks: chapters under the plan's title, their tables under the chapters, a
        # table continued over pages once.
        bookmarks = outline(parts)
        self.assertEqual(bookmarks, outline(whole))
        self.assertIn((1, "5. 营销目标及分解", listed[4]), bookmarks)
        self.assertEqual([d for d, t, _p in bookmarks if "按客户和月份的销售目标" in t], [2])

    @mock.patch.object(pdf, "ROWS_PER_LANDSCAPE_PAGE", 5)
    def test_the_footers_count_on_across_the_parts_and_the_contents_give_where_chapters_start(
        self,
    ):
        with IN_PARTS:
            html = pdf.plan_html(self.plan, language="zh-hans")
            self.assertEqual(len(pdf._parts(html).groups), 2)
            data = self.print_plan()

        pages = pages_text(data)
        total = len(pages)
        numbers = [[text for text, _x, _y in on_page] for on_page in footers(data)]
        # The cover has none; every other page one, counting on from the first part into the
        # second (a part numbered by itself would start again at 1, or end at its own total).
        footers_read = [[f"第 {n} 页 / 共 {total} 页"] for n in range(2, total + 1)]
        self.assertEqual(numbers, [[]] + footers_read)
        self.assertGreater(total, 10)

        contents = dict(re.findall(r"^(\d+\. .*?)\s*(\d+)$", pages[1], re.MULTILINE))
        self.assertEqual(len(contents), 10)
        starts = {title: page for _depth, title, page in outline(data) if title in contents}
        for title, page in contents.items():
            page = int(page)
            self.assertEqual(starts[title], page, title)  # its bookmark, at its heading
            self.assertIn(title, pages[page - 1])
            if page > 3:  # the page before belongs to the chapter before
                self.assertNotIn(title, pages[page - 2])

    @mock.patch.object(chapter_content, "PRINTED_CONTRIBUTION_ROWS", 8)
    def test_the_print_sums_the_smaller_contributions_and_the_annex_lists_every_customer(self):
        with IN_PARTS:
            pages = pages_text(self.print_plan(detail=True))
        title = "附件：按客户、产品、月份的销售目标"
        annex = next(i for i, text in enumerate(pages) if i > 1 and title in text)
        body, appendix = "\n".join(pages[2:annex]), "\n".join(pages[annex:])
        self.assertIn("朗通", body)
        self.assertIn("客户06", body)  # the 8th customer by sales
        self.assertIn("其余 4 个客户", body)
        # ... and in the month tables by customer, every customer with last year and growth.
        self.assertIn("客户10", body)
        self.assertIn("去年", body)
        # The annex: the targets, the collections by month, the ageing and the contribution
        # analysis, each with every customer.
        self.assertGreaterEqual(appendix.count("客户10"), 4)
        self.assertNotIn("其余 4 个客户", appendix)

    def test_the_first_customers_print_under_the_products_and_the_rest_on_full_pages(self):
        # 12 customers and 28 more: a landscape page's worth of rows after those that fit
        # under the table by product.
        for i in range(28):
            customer = Customer.objects.create(region=self.shanghai, name=f"客户{i + 20:02d}")
            Target.objects.create(
                plan=self.plan,
                customer=customer,
                product=self.product_a,
                month=3,
                quantity=1,
                amount=Decimal(50),
            )
        with WHOLE:
            pages = pages_text(self.print_plan())
        by_product = next(i for i, t in enumerate(pages) if "按产品和月份的销售目标" in t)
        # The short product table does not stand alone: the customers start under it ...
        self.assertIn("按客户和月份的销售目标", pages[by_product])
        self.assertRegex(pages[by_product], r"客户\d\d")
        # ... and none of its rows runs over onto a page of its own: the next page is the
        # table's continuation, under its heading, holding the rest and the total.
        following = pages[by_product + 1]
        self.assertRegex(following, r"按客户和月份的销售目标（金额）\s*\(续\)")
        self.assertIn("合计", following)
        self.assertNotIn("按客户和月份的销售目标", pages[by_product + 2])

    def test_hostile_text_fetches_nothing_from_the_parts_either(self):
        payload = " ".join(h.replace("{port}", "9") for h in HOSTILE)[:480]
        services.plan_update_summary(
            plan=self.plan, user=self.alice, strategy_changes=payload, revision=self.plan.revision
        )
        self.plan.refresh_from_db()
        fetcher = pdf.AppOnlyFetcher()
        with IN_PARTS:
            html = pdf.plan_html(self.plan, language="en")
            data = pdf.render_pdf(html, fetcher=fetcher)
        self.assertEqual(dict(PdfReader(io.BytesIO(data)).attachments), {})
        self.assertNotIn(b"root:x:0:0", data)
        self.assertIn("file:///etc/passwd", "".join(pages_text(data)).replace("\n", ""))

    @mock.patch.object(pdf_parts, "FRONT_PAGES", 3)
    def test_when_the_cover_and_contents_are_not_the_pages_counted_on_the_plan_prints_whole(self):
        with IN_PARTS:
            pages = pages_text(self.print_plan())
        total = len(pages)
        for number, text in enumerate(pages[1:], start=2):
            self.assertIn(f"第 {number} 页 / 共 {total} 页", text)
        self.assertIn("5. 营销目标及分解", pages[1])
        with self.assertRaises(ChildProcessError):
            os.waitpid(-1, os.WNOHANG)

    def test_a_print_over_its_time_is_stopped_and_leaves_no_process(self):
        html = pdf.plan_html(self.plan, language="zh-hans")
        with IN_PARTS, self.assertRaises(pdf.PrintError):
            pdf.render_pdf(html, timeout=0.05)
        with self.assertRaises(ChildProcessError):
            os.waitpid(-1, os.WNOHANG)


class BalancedPartsTests(SimpleTestCase):
    def unit(self, cells: int) -> str:
        return "<td>1</td>" * cells

    def test_the_parts_keep_the_order_and_the_largest_part_is_as_small_as_can_be(self):
        units = [self.unit(n) for n in (100, 5000, 4800, 2100, 1800, 700)]

        groups = pdf_parts._balanced(units, 2)

        self.assertEqual([u for g in groups for u in g], units)
        sizes = [sum(pdf_parts.cells(u) for u in g) for g in groups]
        self.assertEqual(sizes, [5100, 9400])  # any other cut leaves a larger part

    def test_a_document_is_cut_into_no_more_parts_than_it_has_chapters(self):
        units = "".join(pdf_parts.PART_MARK + self.unit(n) for n in (5, 9, 3))
        html = f"<html><head></head><body>cover{units}{pdf_parts.END_MARK}</body></html>"

        document = pdf_parts.split(html, 8)

        self.assertEqual([len(group) for group in document.groups], [1, 1, 1])
        self.assertEqual(document.front, "cover")

    def test_a_document_without_enough_chapters_is_printed_whole(self):
        html = f"<html><head></head><body>x{pdf_parts.PART_MARK}y{pdf_parts.END_MARK}</body></html>"
        self.assertIsNone(pdf_parts.split(html, 2))
        self.assertIsNone(pdf_parts.split("<html><body>no marks</body></html>", 2))

    def test_print_pages_cuts_rows_into_pages(self):
        self.assertEqual(paging.print_pages(range(7), 3), [[0, 1, 2], [3, 4, 5], [6]])
        self.assertEqual(paging.print_pages(range(7), 3, first=1), [[0], [1, 2, 3], [4, 5, 6]])
        self.assertEqual(paging.print_pages([], 3), [[]])

    def test_the_first_customers_share_the_products_page_when_enough_rows_fit(self):
        shared = paging.customer_pages(range(40), 4, 30)
        self.assertTrue(shared["customers_under_products"])
        self.assertEqual([len(p) for p in shared["customer_pages"]], [17, 23])
        alone = paging.customer_pages(range(40), 20, 30)  # too many products: a page each
        self.assertFalse(alone["customers_under_products"])
        self.assertEqual([len(p) for p in alone["customer_pages"]], [30, 10])

    def test_a_customer_with_its_products_rows_is_never_split_across_pages(self):
        lines = [SimpleNamespace(height=h) for h in (4, 6, 10, 2, 30)]
        pages = paging.pages_by_height(lines, 12)
        self.assertEqual(
            [[line.height for line in page] for page in pages], [[4, 6], [10, 2], [30]]
        )
        self.assertEqual(paging.pages_by_height([], 12), [[]])

    def test_a_short_table_after_the_lines_never_stands_alone_on_a_page(self):
        lines = [SimpleNamespace(height=h) for h in (10, 4, 3)]

        def heights(pages):
            return [[line.height for line in page] for page in pages]

        # Its row, heading and column heads (paging.TABLE_OVERHEAD) fit under the 17 rows ...
        self.assertEqual(heights(paging.pages_by_height(lines, 25, tail_rows=1)), [[10, 4, 3]])
        # ... or not: the last line goes over to its page with it.
        self.assertEqual(heights(paging.pages_by_height(lines, 20, tail_rows=1)), [[10, 4], [3]])


class PublicApiOnlyTests(SimpleTestCase):
    def test_printing_reaches_into_no_private_part_of_weasyprint(self):
        forbidden = re.compile(r"weasyprint\.layout|make_margin_boxes|page_maker")
        for module in Path(pdf.__file__).parent.glob("*.py"):
            for line in module.read_text().splitlines():
                self.assertIsNone(forbidden.search(line), f"{module.name}: {line.strip()}")
