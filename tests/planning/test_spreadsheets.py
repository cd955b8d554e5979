"""Excel and CSV: export every grid, download templates, import with a preview, apply all or
nothing, and refuse unsafe or wrong files without changing anything."""

import csv
import io
import shutil
import tempfile
import time
import warnings
import zipfile
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import SimpleTestCase, override_settings
from django.urls import reverse
from django.utils import translation
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from customers.models import Customer, Product
from planning.models import (
    ActualSale,
    CollectionPlan,
    ExpenseLine,
    Plan,
    Target,
)
from planning.numbers import actual_grids, grids, saving
from planning.spreadsheets import imports as spreadsheet_imports
from planning.spreadsheets import layouts as spreadsheets
from planning.spreadsheets import workbooks
from salesplan import exports
from tests.base import PersonasTestCase

L = "login"  # a redirect to the login page


def xlsx_bytes(rows, sheet="targets", *, extra_sheets=()) -> bytes:
    workbook = openpyxl.Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    for row in rows:
        worksheet.append(row)
    for name in extra_sheets:
        workbook.create_sheet(name)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_bytes(rows, encoding="utf-8-sig") -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode(encoding)


def read_xlsx(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content))


MONTHS = ["一月 Jan", "二月 Feb", "三月 Mar", "四月 Apr", "五月 May", "六月 Jun"] + [
    "七月 Jul",
    "八月 Aug",
    "九月 Sep",
    "十月 Oct",
    "十一月 Nov",
    "十二月 Dec",
]
TARGET_HEADER = ["客户 Customer", "产品代码 Product code", *MONTHS]
# An export's headings are in the interface's language (the tests ask for English).
EXPORTED_HEADER = ["Customer", "Product code", *(month.split()[1] for month in MONTHS)]


class SpreadsheetTestCase(PersonasTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.taiyue = Customer.objects.create(region=cls.shanghai, name="泰岳")
        cls.wanxing = Customer.objects.create(region=cls.jiangsu, name="万星")
        cls.product_b = Product.objects.create(
            code="B", name="产品B", name_en="Product B", list_price=Decimal("50.00")
        )

    def setUp(self):
        self.media = Path(tempfile.mkdtemp(prefix="salesplan-imports-"))
        self.addCleanup(shutil.rmtree, self.media, ignore_errors=True)
        self.enterContext(override_settings(MEDIA_ROOT=self.media))
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        self.login(self.alice)

    def save(self, grid, *cells, user=None):
        """Figures typed the ordinary way, through the grids' one save path."""
        changes = []
        stored = grid.cells()
        for row, month, raw in cells:
            changes.append(grids.CellChange(row, month, raw, stored.get((row, month), (0, 0))[1]))
        result = saving.save_cells(grid, user=user or self.alice, changes=changes)
        self.assertTrue(result.ok, result.errors + result.conflicts)

    def export(self, sheet, file_format="xlsx", *, template=False, user=None):
        name = "numbers_template" if template else "numbers_export"
        if user:
            self.login(user)
        response = self.client.get(
            reverse(name, args=[self.plan.pk]), {"sheet": sheet, "format": file_format}
        )
        self.assertEqual(response.status_code, 200)
        return response.content

    def upload(self, content: bytes, sheet="targets", name=None, plan=None):
        name = name or f"{sheet}.xlsx"
        return self.client.post(
            reverse("numbers_import", args=[(plan or self.plan).pk]),
            {"sheet": sheet, "file": SimpleUploadedFile(name, content)},
        )

    def apply(self, response, plan=None):
        token = response.context["token"]
        self.assertTrue(token)
        return self.client.post(
            reverse("numbers_import_apply", args=[(plan or self.plan).pk]), {"token": token}
        )

    def targets(self):
        return {
            (t.customer.name, t.product.code, t.month): t.quantity
            for t in Target.objects.filter(plan=self.plan).select_related("customer", "product")
        }

    def assert_refused(self, response, message_part: str):
        self.assertEqual(response.status_code, 422)
        errors = response.context["form"].errors.get("file", [])
        self.assertTrue(any(message_part in error for error in errors), errors)


class ExportTests(SpreadsheetTestCase):
    def test_targets_export_has_headers_in_the_language_frozen_panes_and_number_formats(self):
        self.save(grids.TargetsByProduct(self.plan, self.product_a), (self.langtong.pk, 1, "12.5"))

        sheet = read_xlsx(self.export("targets"))["targets"]

        self.assertEqual([c.value for c in sheet[1]], EXPORTED_HEADER)
        self.assertEqual(sheet.freeze_panes, "C2")
        rows = {(r[0].value, r[1].value): r for r in sheet.iter_rows(min_row=2)}
        self.assertEqual(set(rows), {(c, p) for c in ("朗通", "泰岳") for p in ("A", "B")})
        january = rows[("朗通", "A")][2]
        self.assertEqual(january.value, 12.5)
        self.assertEqual(january.number_format, spreadsheets.QUANTITY_FORMAT)
        self.assertIsNone(rows[("泰岳", "B")][2].value)

    def test_money_grids_use_the_money_format_and_opening_balances_start_not_aged(self):
        self.save(
            grids.CollectionsGrid(self.plan, self.product_a), (self.langtong.pk, 1, "1,000.10")
        )
        self.save(grids.OpeningBalanceGrid(self.plan), (self.langtong.pk, 12, "70.00"))

        sheet = read_xlsx(self.export("collections"))["collections"]

        # Collections are planned per customer × product, as the targets are.
        self.assertEqual(
            [sheet["A1"].value, sheet["B1"].value, sheet["C1"].value],
            ["Customer", "Product code", "Jan"],
        )
        self.assertEqual(sheet.freeze_panes, "C2")
        rows = {(row[0].value, row[1].value): row for row in sheet.iter_rows(min_row=2)}
        january = rows[("朗通", self.product_a.code)][2]
        self.assertEqual(january.value, 1000.1)
        self.assertEqual(january.number_format, "#,##0.00")

        sheet = read_xlsx(self.export("opening_balances"))["opening_balances"]
        self.assertEqual(sheet["B1"].value, "Not aged")
        self.assertEqual(sheet["M1"].value, "Last year Nov")
        self.assertEqual(sheet["N1"].value, "Last year Dec")
        self.assertEqual(sheet["N2"].value, 70)

    def test_a_chinese_export_has_chinese_headings_and_old_headings_still_import(self):
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"

        sheet = read_xlsx(self.export("opening_balances"))["opening_balances"]

        headings = [sheet["A1"].value, sheet["B1"].value, sheet["N1"].value]
        self.assertEqual(headings, ["客户", "未分龄", "去年十二月"])
        december = spreadsheets.LAYOUTS["opening_balances"].value_columns()[-1]
        for heading in ("去年十二月 Last year Dec", "上年十二月", "Last year Dec"):
            self.assertIn(spreadsheets.fold(heading), december.names())

    def test_actual_sales_hold_quantity_then_amount_columns_in_one_sheet(self):
        header = [c.value for c in read_xlsx(self.export("actual_sales"))["actual_sales"][1]]

        self.assertEqual(len(header), 2 + 24)
        self.assertEqual(header[2], "Jan quantity")
        self.assertEqual(header[14], "Jan amount")

    def test_expense_rows_are_named_by_line_code(self):
        sheet = read_xlsx(self.export("expenses"))["expenses"]

        codes = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
        self.assertEqual(sheet["A1"].value, "Line code")
        lines = ExpenseLine.objects.in_bulk(
            [row.id for row in grids.ExpenseBudgetGrid(self.plan).rows()]
        )
        self.assertEqual(codes, [line.code for line in lines.values()])
        self.assertNotIn(ExpenseLine.MARKET_ACTIVITIES, codes)  # planned in the action plan

    def test_csv_has_a_byte_order_mark_and_the_same_layout(self):
        self.save(grids.TargetsByProduct(self.plan, self.product_a), (self.langtong.pk, 2, "3"))

        content = self.export("targets", "csv")

        self.assertTrue(content.startswith("\ufeff".encode()))
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
        self.assertEqual(rows[0], EXPORTED_HEADER)
        self.assertIn(["朗通", "A", "", "3", *[""] * 10], rows)

    def test_the_template_lists_customers_and_products_with_empty_months(self):
        self.save(grids.TargetsByProduct(self.plan, self.product_a), (self.langtong.pk, 1, "9"))

        sheet = read_xlsx(self.export("targets", template=True))["targets"]

        rows = list(sheet.iter_rows(min_row=2, values_only=True))
        self.assertEqual(len(rows), 4)
        self.assertTrue(all(value is None for row in rows for value in row[2:]))

    def test_any_reader_of_the_plan_may_export_but_an_outsider_may_not(self):
        self.export("targets", user=self.rita)
        self.login(self.bob)

        response = self.client.get(reverse("numbers_export", args=[self.plan.pk]))

        self.assertEqual(response.status_code, 404)

    def test_every_grid_page_links_its_exports_and_the_import(self):
        pages = {
            "targets": reverse("targets_by_product", args=[self.plan.pk, self.product_a.pk]),
            "collections": reverse("collections_plan", args=[self.plan.pk]),
            "expenses": reverse("expense_budget", args=[self.plan.pk]),
            "actual_sales": reverse("actual_sales", args=[self.plan.pk, self.product_a.pk]),
            "actual_collections": reverse("actual_collections", args=[self.plan.pk]),
            "actual_expenses": reverse("actual_expenses", args=[self.plan.pk]),
        }
        export = reverse("numbers_export", args=[self.plan.pk])
        for sheet, url in pages.items():
            with self.subTest(sheet=sheet):
                page = self.client.get(url)
                for file_format in ("xlsx", "csv"):
                    self.assertContains(page, f"{export}?sheet={sheet}&amp;format={file_format}")
                self.assertContains(
                    page, f"{reverse('numbers_import', args=[self.plan.pk])}?sheet={sheet}"
                )

    def test_an_unknown_sheet_or_format_is_a_bad_request(self):
        url = reverse("numbers_export", args=[self.plan.pk])

        self.assertEqual(self.client.get(url, {"sheet": "nonsense"}).status_code, 400)
        self.assertEqual(self.client.get(url, {"format": "xls"}).status_code, 400)


class RoundTripTests(SpreadsheetTestCase):
    def test_export_edit_import_preview_and_apply(self):
        by_product = grids.TargetsByProduct(self.plan, self.product_a)
        self.save(by_product, (self.langtong.pk, 1, "10"), (self.langtong.pk, 2, "4"))
        workbook = read_xlsx(self.export("targets"))
        sheet = workbook["targets"]
        rows = {(r[0].value, r[1].value): r for r in sheet.iter_rows(min_row=2)}
        rows[("朗通", "A")][2].value = 12  # changed
        rows[("朗通", "A")][4].value = 5  # added
        rows[("泰岳", "B")][4].value = 7.5  # added
        out = io.BytesIO()
        workbook.save(out)

        preview = self.upload(out.getvalue())

        self.assertEqual(preview.status_code, 200)
        # The blank cells of the export leave their figures alone: only the two stored (one of
        # them changed) and the two added are compared.
        self.assertEqual(
            preview.context["counts"], {"added": 2, "changed": 1, "unchanged": 1, "cleared": 0}
        )
        self.assertEqual(self.targets()[("朗通", "A", 1)], Decimal("10.00"))  # not yet
        self.assertEqual(len(list(self.media.glob("imports/*.json"))), 1)
        response = self.apply(preview)
        self.assertRedirects(response, reverse("targets_home", args=[self.plan.pk]), 302, 302)
        self.assertFalse(list(self.media.glob("imports/*")))
        self.assertEqual(
            self.targets(),
            {
                ("朗通", "A", 1): Decimal("12.00"),
                ("朗通", "A", 2): Decimal("4.00"),
                ("朗通", "A", 3): Decimal("5.00"),
                ("泰岳", "B", 3): Decimal("7.50"),
            },
        )
        changed = Target.objects.get(plan=self.plan, customer=self.langtong, month=1)
        self.assertEqual((changed.revision, changed.amount), (2, Decimal("1200.00")))
        added = Target.objects.get(plan=self.plan, customer=self.taiyue, product=self.product_b)
        self.assertEqual((added.revision, added.amount), (1, Decimal("375.00")))

    def test_every_written_cell_has_its_history_by_the_importer(self):
        self.save(grids.TargetsByProduct(self.plan, self.product_a), (self.langtong.pk, 1, "10"))
        content = xlsx_bytes([TARGET_HEADER, ["朗通", "A", 11, 1], ["泰岳", "B", None, None, 3]])

        self.apply(self.upload(content))

        records = Target.history.filter(history_user=self.alice).order_by("history_id")
        self.assertEqual(
            [(r.history_type, r.customer_id, r.month, r.quantity, r.revision) for r in records],
            [
                ("+", self.langtong.pk, 1, Decimal("10.00"), 1),  # typed before
                ("+", self.langtong.pk, 2, Decimal("1.00"), 1),
                ("~", self.langtong.pk, 1, Decimal("11.00"), 2),
                ("+", self.taiyue.pk, 3, Decimal("3.00"), 1),
            ],
        )

    def test_money_values_round_trip_exactly_through_xlsx_and_csv(self):
        values = [
            "999,999,999,999.99",
            "0.01",
            "0.29",
            "1234567.89",
            "100.10",
            "98765432109.87",
            "12345678901.23",
            "0.07",
            "7.99",
            "1000000000",
            "333333333333.33",
            "45.45",
        ]
        grid = grids.OpeningBalanceGrid(self.plan)
        self.save(grid, *[(self.langtong.pk, month, raw) for month, raw in enumerate(values)])
        before = grid.cells()

        for file_format in ("xlsx", "csv"):
            with self.subTest(file_format=file_format):
                content = self.export("opening_balances", file_format)
                preview = self.upload(content, "opening_balances", f"c.{file_format}")
                self.assertEqual(preview.status_code, 200)
                self.assertEqual(preview.context["counts"]["changed"], 0)
                self.assertEqual(preview.context["counts"]["added"], 0)
        sheet = read_xlsx(self.export("opening_balances"))["opening_balances"]
        self.assertEqual(sheet["B2"].value, 999999999999.99)
        self.assertEqual(grid.cells(), before)

    def test_the_long_layout_imports_targets_one_row_per_cell(self):
        content = xlsx_bytes(
            [
                ["customer", "product", "month", "quantity"],
                ["朗通", "A", 1, 10],
                ["朗通", "a", "2", "1,000.5"],
                ["泰岳", "B", "十二月", 2],
            ]
        )

        preview = self.upload(content)

        self.assertTrue(preview.context["result"].long)
        self.assertEqual(
            preview.context["counts"], {"added": 3, "changed": 0, "unchanged": 0, "cleared": 0}
        )
        self.apply(preview)
        self.assertEqual(
            self.targets(),
            {
                ("朗通", "A", 1): Decimal("10.00"),
                ("朗通", "A", 2): Decimal("1000.50"),
                ("泰岳", "B", 12): Decimal("2.00"),
            },
        )

    def test_csv_imports_in_utf8_and_in_gb18030(self):
        for encoding, month in (("utf-8-sig", 1), ("gb18030", 2)):
            with self.subTest(encoding=encoding):
                content = csv_bytes(
                    [["客户", "产品代码", "月份", "数量"], ["朗通", "A", month, "3"]], encoding
                )
                self.apply(self.upload(content, name="t.csv"))
        self.assertEqual(
            self.targets(), {("朗通", "A", 1): Decimal("3.00"), ("朗通", "A", 2): Decimal("3.00")}
        )

    def test_actual_sales_quantity_and_amount_of_one_cell_apply_together(self):
        self.plan.state = Plan.State.SUBMITTED
        self.plan.save()
        header = [c.value for c in read_xlsx(self.export("actual_sales"))["actual_sales"][1]]
        row = ["朗通", "A", 4, *[None] * 11, 400, *[None] * 11]

        preview = self.upload(xlsx_bytes([header, row], "actual_sales"), "actual_sales")

        self.assertEqual(preview.context["counts"]["added"], 2)
        self.apply(preview)
        sale = ActualSale.objects.get(customer=self.langtong, product=self.product_a, month=1)
        self.assertEqual((sale.quantity, sale.amount), (Decimal("4.00"), Decimal("400.00")))
        self.assertEqual(sale.revision, 2)

    def test_a_file_that_matches_the_figures_offers_nothing_to_apply(self):
        preview = self.upload(self.export("targets", template=True))

        # An empty template's blank cells leave every figure as it is: not one cell to compare.
        self.assertEqual(preview.context["counts"]["unchanged"], 0)
        self.assertEqual(preview.context["token"], "")
        self.assertContains(preview, "nothing to import")


class FormulaInjectionTests(SpreadsheetTestCase):
    def test_text_that_starts_like_a_formula_is_neutralised_and_numbers_stay_numbers(self):
        names = ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)"]
        for name in names:
            Customer.objects.create(region=self.shanghai, name=name)
        self.plan.state = Plan.State.SUBMITTED
        self.plan.save()
        advertising = ExpenseLine.objects.get(code="advertising")
        self.save(actual_grids.ActualExpensesGrid(self.plan), (advertising.pk, 1, "-5"))

        workbook = read_xlsx(self.export("actual_collections"))
        cells = {row[0].value: row[0] for row in workbook["actual_collections"].iter_rows(2)}
        for name in names:
            self.assertEqual(cells["'" + name].data_type, "s")
        expense = read_xlsx(self.export("actual_expenses"))["actual_expenses"]["B2"]
        self.assertEqual((expense.value, expense.data_type), (-5, "n"))
        text = self.export("actual_collections", "csv").decode("utf-8-sig")
        self.assertIn("'=HYPERLINK", text)
        self.assertNotIn("\n=", text)
        self.assertIn("advertising,-5.00,", self.export("actual_expenses", "csv").decode())

    def test_tabs_and_carriage_returns_are_neutralised_too(self):
        for text in ("=1", "+1", "-1", "@A", "\tx", "\rx"):
            self.assertEqual(exports.neutralise(text), "'" + text)
        self.assertEqual(exports.neutralise("朗通"), "朗通")
        self.assertEqual(exports.neutralise(Decimal("-5")), Decimal("-5"))

    def test_neutralised_names_come_back_as_themselves(self):
        Customer.objects.create(region=self.shanghai, name="=evil")

        preview = self.upload(self.export("collections"), "collections")

        self.assertEqual(preview.status_code, 200, preview.context["result"].errors)
        self.assertEqual(preview.context["counts"]["unchanged"], 0)  # its blanks: left alone
        self.assertFalse(preview.context["result"].errors)

    def test_a_formula_in_a_figure_cell_is_refused(self):
        preview = self.upload(xlsx_bytes([TARGET_HEADER, ["朗通", "A", "=1+1"]]))

        self.assertEqual(preview.status_code, 422)
        self.assertIn("Formulas are not read", preview.context["result"].errors[0].message)


class RefusalTests(SpreadsheetTestCase):
    def setUp(self):
        super().setUp()
        self.save(grids.TargetsByProduct(self.plan, self.product_a), (self.langtong.pk, 1, "10"))
        self.before = self.targets()

    def assert_refused(self, response, message_part: str):
        super().assert_refused(response, message_part)
        self.assertEqual(self.targets(), self.before)
        self.assertFalse(list(self.media.glob("imports/*")))  # no preview waits

    def assert_row_error(self, response, row: int, column: str, message: str):
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.context["token"], "")
        errors = [(e.row, e.column, e.message) for e in response.context["result"].errors]
        self.assertIn((row, column, message), errors)
        self.assertContains(response, message, status_code=422)
        self.assertEqual(self.targets(), self.before)

    def test_an_unknown_customer_is_named_with_its_row_and_column(self):
        response = self.upload(xlsx_bytes([TARGET_HEADER, ["朗通", "A", 1], ["无名", "A", 2]]))

        self.assert_row_error(
            response, 3, "A · 客户 Customer", "“无名” is not a customer of this region."
        )

    def test_another_regions_customer_is_refused_like_an_unknown_one(self):
        response = self.upload(xlsx_bytes([TARGET_HEADER, ["万星", "A", 2]]))

        self.assert_row_error(
            response, 2, "A · 客户 Customer", "“万星” is not a customer of this region."
        )

    def test_an_unknown_product_is_refused(self):
        response = self.upload(xlsx_bytes([TARGET_HEADER, ["朗通", "Z9", 2]]))

        self.assert_row_error(
            response, 2, "B · 产品代码 Product code", "Unknown product code “Z9”."
        )

    def test_one_bad_cell_among_good_ones_changes_nothing(self):
        rows = [TARGET_HEADER, ["朗通", "A", 20, 30, 40], ["泰岳", "B", 1, "abc", 3]]

        response = self.upload(xlsx_bytes(rows))

        self.assert_row_error(response, 3, "D · 二月 Feb", "Type a number, such as 1,234.50.")
        apply = reverse("numbers_import_apply", args=[self.plan.pk])
        self.assertNotContains(response, apply, status_code=422)
        self.assertEqual(response.context["counts"]["added"], 4)  # what the good cells would do

    def test_bounds_follow_the_typed_input_rules(self):
        rows = [TARGET_HEADER, ["朗通", "A", -1, 1.234, 10**12, True, datetime(2027, 1, 1)]]

        response = self.upload(xlsx_bytes(rows))

        messages = [e.message for e in response.context["result"].errors]
        self.assertEqual(
            messages,
            [
                "This figure cannot be negative.",
                "At most two decimal places.",
                "Too large: the limit is 999,999,999,999.99.",
                "Type a number, such as 1,234.50.",
                "Type a number, such as 1,234.50.",
            ],
        )

    def test_a_repeated_cell_and_an_unknown_heading_are_errors(self):
        response = self.upload(xlsx_bytes([TARGET_HEADER, ["朗通", "A", 1], ["朗通", "A", 2]]))
        self.assert_row_error(
            response, 3, "C · 一月 Jan", "The same cell is already given in row 2."
        )

        response = self.upload(xlsx_bytes([[*TARGET_HEADER, "备注"], ["朗通", "A", 1]]))
        self.assert_row_error(response, 1, "O · 备注", "Unknown column heading.")

    def test_a_wrong_sheet_is_refused(self):
        collections = self.export("collections")

        self.assert_refused(self.upload(collections, "targets"), "no sheet named “targets”")
        self.assert_refused(
            self.upload(xlsx_bytes([TARGET_HEADER], extra_sheets=["Notes"])),
            "sheets this import does not know: Notes",
        )
        self.assertEqual(self.targets(), self.before)

    def test_a_corrupt_file_is_refused(self):
        for content in (b"PK\x03\x04" + b"\x00" * 200, b"not a workbook at all"):
            with self.subTest(content=content[:10]):
                self.assert_refused(self.upload(content), "cannot be read")
        damaged = xlsx_bytes([TARGET_HEADER, ["朗通", "A", 99]])
        self.assert_refused(self.upload(damaged[: len(damaged) // 2]), "cannot be read")
        self.assertEqual(self.targets(), self.before)

    def test_a_file_over_the_size_limit_is_refused_before_reading(self):
        content = b"x" * (workbooks.MAX_UPLOAD_BYTES + 1)

        self.assert_refused(self.upload(content), "larger than 5 MB")
        with (
            translation.override("en"),
            self.assertRaisesMessage(workbooks.UploadRefused, "larger than 5 MB"),
        ):
            workbooks.read_rows(name="t.csv", data=content, sheet="targets")

    def test_a_zip_bomb_is_refused_before_openpyxl_opens_it(self):
        inflating = io.BytesIO()
        with zipfile.ZipFile(inflating, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (20 * 1024 * 1024))
        many = io.BytesIO()
        with zipfile.ZipFile(many, "w") as archive:
            for index in range(workbooks.MAX_ZIP_ENTRIES + 1):
                archive.writestr(f"x{index}.xml", "<x/>")

        for content in (inflating.getvalue(), many.getvalue()):
            self.assertLess(len(content), 100_000)
            self.assert_refused(self.upload(content), "far more data than a plan holds")
        self.assertEqual(self.targets(), self.before)

    def test_a_zip_entry_that_lies_about_its_size_inflates_no_further(self):
        content = bytearray(xlsx_bytes([TARGET_HEADER, ["朗通", "A", 99]]))
        # The central directory's record of the sheet says 10 bytes: zipfile stops inflating
        # there, and the entry then fails its CRC.
        name = b"xl/worksheets/sheet1.xml"
        record = content.find(b"PK\x01\x02")
        while content[record + 46 : record + 46 + len(name)] != name:
            record = content.find(b"PK\x01\x02", record + 4)
        content[record + 24 : record + 28] = (10).to_bytes(4, "little")

        self.assert_refused(self.upload(bytes(content)), "cannot be read")

    def test_macro_workbooks_are_refused(self):
        self.assert_refused(self.upload(xlsx_bytes([TARGET_HEADER]), name="t.xlsm"), "macros")
        with_vba = io.BytesIO(xlsx_bytes([TARGET_HEADER]))
        with zipfile.ZipFile(with_vba, "a") as archive:
            archive.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0")

        self.assert_refused(self.upload(with_vba.getvalue()), "macros")

    def test_a_workbook_with_a_dtd_is_refused(self):
        self.assertTrue(openpyxl.DEFUSEDXML)
        source = io.BytesIO(xlsx_bytes([TARGET_HEADER, ["朗通", "A", 1]]))
        out = io.BytesIO()
        with zipfile.ZipFile(source) as old, zipfile.ZipFile(out, "w") as new:
            for item in old.infolist():
                data = old.read(item.filename)
                if item.filename == "xl/worksheets/sheet1.xml":
                    data = data.replace(
                        b"<worksheet",
                        b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">]><worksheet',
                        1,
                    ).replace(b"<t>A</t>", b"<t>&a;</t>")
                new.writestr(item, data)

        self.assert_refused(self.upload(out.getvalue()), "cannot be read")

    def test_other_file_types_are_refused(self):
        self.assert_refused(self.upload(b"a,b", name="t.txt"), "Upload an .xlsx workbook")


class AccessTests(SpreadsheetTestCase):
    def test_an_import_into_a_submitted_plan_is_refused(self):
        self.plan.state = Plan.State.SUBMITTED
        self.plan.save()

        response = self.upload(xlsx_bytes([TARGET_HEADER, ["朗通", "A", 5]]))

        self.assertEqual(response.status_code, 403)
        self.assertContains(response, "read-only", status_code=403)
        self.assertEqual(self.targets(), {})

    def test_actuals_import_into_a_submitted_plan(self):
        self.plan.state = Plan.State.SUBMITTED
        self.plan.save()
        rows = [
            ["客户 Customer", "产品代码 Product code", *MONTHS],
            ["朗通", self.product_a.code, 100],
        ]

        preview = self.upload(xlsx_bytes(rows, "actual_collections"), "actual_collections")

        self.assertEqual(preview.status_code, 200)
        self.apply(preview)
        cells = actual_grids.ActualCollectionsGrid(self.plan, self.product_a).cells()
        self.assertEqual(cells, {(self.langtong.pk, 1): (Decimal("100.00"), 1)})

    def test_a_reviewer_cannot_import(self):
        self.login(self.rita)
        url = reverse("numbers_import", args=[self.plan.pk])

        self.assertEqual(self.client.get(url).status_code, 403)
        response = self.upload(xlsx_bytes([TARGET_HEADER, ["朗通", "A", 5]]))
        self.assertEqual(response.status_code, 403)
        apply = reverse("numbers_import_apply", args=[self.plan.pk])
        self.assertEqual(self.client.post(apply, {"token": "x" * 32}).status_code, 403)
        self.assertEqual(self.targets(), {})

    def test_another_regions_manager_gets_not_found(self):
        self.login(self.bob)

        response = self.client.get(reverse("numbers_import", args=[self.plan.pk]))

        self.assertEqual(response.status_code, 404)

    def test_the_import_form_states_the_size_limit_and_offers_templates(self):
        response = self.client.get(reverse("numbers_import", args=[self.plan.pk]))

        self.assertContains(response, "at most 5 MB")
        self.assertContains(response, reverse("numbers_template", args=[self.plan.pk]))

    def test_the_import_speaks_chinese_by_default(self):
        self.client.defaults.pop("HTTP_ACCEPT_LANGUAGE")

        page = self.client.get(reverse("numbers_import", args=[self.plan.pk]))
        preview = self.upload(xlsx_bytes([TARGET_HEADER, ["无名", "A", 1]]))

        self.assertContains(page, "从 Excel 或 CSV 导入数据")
        self.assertContains(preview, "“无名”不是本区域的客户。", status_code=422)

    def test_a_preview_is_used_once_and_only_by_its_session(self):
        preview = self.upload(xlsx_bytes([TARGET_HEADER, ["朗通", "A", 5]]))
        token = preview.context["token"]
        apply = reverse("numbers_import_apply", args=[self.plan.pk])

        self.assertEqual(self.client.post(apply, {"token": token}).status_code, 302)
        response = self.client.post(apply, {"token": token}, follow=True)

        self.assertContains(response, "no longer available")
        self.assertEqual(self.targets(), {("朗通", "A", 1): Decimal("5.00")})


class AccessTableTests(SpreadsheetTestCase):
    # (GET, POST) with no data, for: anonymous, alice, bob, rita, adam, dave (inactive). The
    # same rows belong in tests/planning/test_access_matrix.py's EXPECTED.
    EXPECTED = {
        "numbers_export": ((L, L), (200, 405), (404, 405), (200, 405), (200, 405), (L, L)),
        "numbers_template": ((L, L), (200, 405), (404, 405), (200, 405), (200, 405), (L, L)),
        "numbers_import": ((L, L), (200, 422), (404, 404), (403, 403), (403, 403), (L, L)),
        "numbers_import_apply": ((L, L), (405, 302), (405, 404), (405, 403), (405, 403), (L, L)),
    }

    def test_each_persona_gets_the_expected_status(self):
        mismatches = []
        personas = ("anonymous", "alice", "bob", "rita", "adam", "dave")
        for name, expected_rows in self.EXPECTED.items():
            url = reverse(name, args=[self.plan.pk])
            for persona, expected_pair in zip(personas, expected_rows, strict=True):
                self.client.logout()
                if persona != "anonymous":
                    self.client.force_login(getattr(self, persona))
                for method, expected in zip(("get", "post"), expected_pair, strict=True):
                    response = getattr(self.client, method)(url)
                    got = response.status_code
                    if got == 302 and response["Location"].startswith(reverse("login")):
                        got = L
                    if got != expected:
                        mismatches.append(f"{method} {name} as {persona}: {got}, not {expected}")
        self.assertEqual(mismatches, [])
        self.assertEqual(self.targets(), {})


class PendingPreviewTests(SpreadsheetTestCase):
    def test_a_preview_never_applied_is_deleted_after_a_day(self):
        preview = self.upload(xlsx_bytes([TARGET_HEADER, ["朗通", "A", 5]]))
        stored = self.media / "imports" / f"{preview.context['token']}.json"
        self.assertTrue(stored.exists())

        spreadsheet_imports.sweep_pending(now=time.time() + 23 * 3600)
        self.assertTrue(stored.exists())
        spreadsheet_imports.sweep_pending(now=time.time() + 25 * 3600)

        self.assertFalse(stored.exists())
        response = self.client.post(
            reverse("numbers_import_apply", args=[self.plan.pk]),
            {"token": preview.context["token"]},
            follow=True,
        )
        self.assertContains(response, "no longer available")
        self.assertEqual(self.targets(), {})


class AllOrNothingTests(SpreadsheetTestCase):
    def test_a_cell_changed_after_the_preview_stops_the_whole_import(self):
        grid = grids.TargetsByProduct(self.plan, self.product_a)
        self.save(grid, (self.langtong.pk, 1, "10"))
        rows = [TARGET_HEADER, ["朗通", "A", 11, 22], ["泰岳", "B", 33]]
        preview = self.upload(xlsx_bytes(rows))
        self.save(grid, (self.langtong.pk, 1, "15"))  # someone else, meanwhile

        response = self.apply(preview)

        self.assertRedirects(
            response,
            reverse("numbers_import", args=[self.plan.pk]) + "?sheet=targets",
            fetch_redirect_response=False,
        )
        self.assertEqual(self.targets(), {("朗通", "A", 1): Decimal("15.00")})
        page = self.client.get(response["Location"])
        self.assertContains(page, "Nothing was imported")

    def test_the_bulk_save_refuses_every_grid_when_one_value_is_wrong(self):
        good = grids.TargetsByProduct(self.plan, self.product_a)
        bad = grids.TargetsByProduct(self.plan, self.product_b)

        result = saving.save_grids(
            user=self.alice,
            batches=[
                (good, [grids.CellChange(self.langtong.pk, 1, "5", 0)]),
                (bad, [grids.CellChange(self.langtong.pk, 1, "-5", 0)]),
            ],
        )

        self.assertFalse(result.ok)
        self.assertEqual(len(result.errors), 2)
        self.assertEqual(self.targets(), {})

    def test_the_bulk_save_checks_the_right_to_write(self):
        self.plan.state = Plan.State.APPROVED
        self.plan.save()
        grid = grids.CollectionsGrid(self.plan, self.product_a)

        with self.assertRaises(grids.PermissionDenied):
            saving.save_grids(
                user=self.alice, batches=[(grid, [grids.CellChange(self.langtong.pk, 1, "5", 0)])]
            )
        self.assertFalse(CollectionPlan.objects.exists())


class SheetReaderTests(SimpleTestCase):
    def read(self, data: bytes) -> dict[int, tuple]:
        _name, rows = workbooks.read_rows(name="t.xlsx", data=data, sheet="targets")
        return dict(rows)

    def test_cells_come_back_as_the_values_the_import_checks(self):
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.title = "targets"
        sheet.append(["text", 12, 1.5, -3.25, True, None, "=SUM(B1:C1)", "'=quoted"])
        sheet.append([None, None, "中文", 1e-5])
        sheet["C4"] = datetime(2027, 3, 1)
        sheet["Z4"] = 999999999999.99
        sheet["BZ5"] = "beyond the columns read"
        out = io.BytesIO()
        workbook.save(out)

        rows = self.read(out.getvalue())

        first = ("text", 12, 1.5, -3.25, True, None, "=SUM(B1:C1)", "'=quoted")
        self.assertEqual(rows[1][:8], first)
        self.assertEqual([type(value) for value in rows[1][1:3]], [int, float])
        self.assertEqual(rows[2][:4], (None, None, "中文", 1e-5))
        self.assertEqual((rows[4][2], rows[4][25]), (datetime(2027, 3, 1), 999999999999.99))
        empty = (None,) * workbooks.MAX_COLUMNS
        self.assertEqual((rows[3], rows[5]), (empty, empty))
        self.assertEqual(list(rows), [1, 2, 3, 4, 5])
        self.assertEqual({len(values) for values in rows.values()}, {workbooks.MAX_COLUMNS})

    def test_rows_beyond_the_sheets_stated_size_are_read(self):
        rows = [TARGET_HEADER, ["朗通", "A", 1], ["泰岳", "A", 2]]
        source = zipfile.ZipFile(io.BytesIO(xlsx_bytes(rows)))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for name in source.namelist():
                data = source.read(name)
                if name == "xl/worksheets/sheet1.xml":
                    self.assertIn(b'<dimension ref="A1:N3"', data)
                    data = data.replace(b'ref="A1:N3"', b'ref="A1:C1"')  # a writer's mistake
                target.writestr(name, data)

        rows = self.read(out.getvalue())

        self.assertEqual(list(rows), [1, 2, 3])
        self.assertEqual(rows[3][:3], ("泰岳", "A", 2))
        self.assertEqual(rows[1][13], "十二月 Dec")


SPREADSHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def package(
    cells: str,
    *,
    shared: str | None = None,
    styles: str | None = None,
    workbook_pr: str = "",
    sheet_path: str = "xl/worksheets/sheet1.xml",
    target: str | None = None,
    sheets: str = '<sheet name="targets" sheetId="1" r:id="rId1"/>',
) -> bytes:
    """An .xlsx package written by hand, as Excel lays one out: shared strings and styles of
    our choosing, the sheet's part wherever the workbook's relationships say."""
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            f'<Override PartName="/{sheet_path}" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            + (
                '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                if shared is not None
                else ""
            )
            + "</Types>"
        ),
        "_rels/.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{RELATIONSHIP}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{SPREADSHEET_NS}" xmlns:r="{RELATIONSHIP}">{workbook_pr}'
            f"<sheets>{sheets}</sheets></workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{RELATIONSHIP}/worksheet" '
            f'Target="{target or sheet_path.removeprefix("xl/")}"/>'
            f'<Relationship Id="rId2" Type="{RELATIONSHIP}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rId3" Type="{RELATIONSHIP}/sharedStrings" '
            'Target="sharedStrings.xml"/></Relationships>'
        ),
        sheet_path: (
            f'<worksheet xmlns="{SPREADSHEET_NS}"><sheetData>{cells}</sheetData></worksheet>'
        ),
        "xl/styles.xml": f'<styleSheet xmlns="{SPREADSHEET_NS}">{styles or ""}</styleSheet>',
    }
    if shared is not None:
        parts["xl/sharedStrings.xml"] = f'<sst xmlns="{SPREADSHEET_NS}">{shared}</sst>'
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, '<?xml version="1.0" encoding="UTF-8"?>' + text)
    return out.getvalue()


def replace_part(data: bytes, name: str, change) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as old, zipfile.ZipFile(out, "w") as new:
        for item in old.infolist():
            content = old.read(item.filename)
            new.writestr(item, change(content) if item.filename == name else content)
    return out.getvalue()


def openpyxl_rows(data: bytes) -> dict[int, tuple]:
    """The rows as openpyxl's own public read-only API reads them: the reference."""
    with warnings.catch_warnings():  # a hand-made package has no default style
        warnings.simplefilter("ignore", UserWarning)
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        worksheet = workbook["targets"]
        worksheet.reset_dimensions()
        rows = worksheet.iter_rows(max_col=workbooks.MAX_COLUMNS, values_only=True)
        return dict(enumerate(rows, 1))
    finally:
        workbook.close()


SHARED = (
    "<si><t>客户 Customer</t></si>"
    '<si><t xml:space="preserve">  spaced  </t></si>'
    '<si><r><t>rich </t></r><r><rPr><b/></rPr><t>text</t></r><rPh sb="0" eb="1"><t>ルビ</t></rPh>'
    '<phoneticPr fontId="1"/></si>'
    "<si><t>北京</t><rPh sb='0' eb='2'><t>ペキン</t></rPh></si>"
    "<si><t/></si>"
)
STYLES = (
    '<numFmts count="3"><numFmt numFmtId="164" formatCode="yyyy/mm/dd"/>'
    '<numFmt numFmtId="165" formatCode="0.00"/><numFmt numFmtId="166" formatCode="[h]:mm"/>'
    "</numFmts>"
    '<cellStyleXfs><xf numFmtId="14"/></cellStyleXfs>'
    '<cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/>'
    '<xf numFmtId="165"/><xf numFmtId="166"/><xf numFmtId="4"/></cellXfs>'
    '<dxfs><dxf><numFmt numFmtId="167" formatCode="yyyy"/></dxf></dxfs>'
)
DATED = (
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
    '<c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c></row>'
    '<row r="2"><c r="A2" s="1"><v>46447</v></c><c r="B2" s="2"><v>46447.5</v></c>'
    '<c r="C2" s="3"><v>46447</v></c><c r="D2" s="4"><v>1.25</v></c><c r="E2" s="5"><v>7</v></c>'
    '<c r="F2" s="0"><v>46447</v></c><c r="G2" t="b"><v>0</v></c><c r="H2" t="e"><v>#N/A</v></c>'
    '<c r="I2" t="str"><v>text result</v></c><c r="J2"><f>A2+1</f><v>46448</v></c></row>'
    '<row r="4"><c t="inlineStr"><is><t>no reference</t></is></c><c t="s"><v>3</v></c></row>'
)


class XlsxPartsTests(SimpleTestCase):
    """The streaming reader finds a package's parts itself and reads cells as openpyxl does."""

    def read(self, data: bytes) -> dict[int, tuple]:
        _name, rows = workbooks.read_rows(name="t.xlsx", data=data, sheet="targets")
        return dict(rows)

    def assert_corrupt(self, data: bytes):
        with (
            translation.override("en"),
            self.assertRaisesMessage(workbooks.UploadRefused, "cannot be read"),
        ):
            self.read(data)

    def test_shared_strings_with_rich_text_and_without_phonetic_readings(self):
        rows = self.read(package(DATED, shared=SHARED, styles=STYLES))

        self.assertEqual(rows[1][:5], ("客户 Customer", "  spaced  ", "rich text", "北京", ""))
        self.assertEqual(rows[4][:2], ("no reference", "北京"))

    def test_date_styled_numbers_become_dates_and_other_styles_stay_numbers(self):
        rows = self.read(package(DATED, shared=SHARED, styles=STYLES))

        self.assertEqual(rows[2][:3], (datetime(2027, 3, 1), datetime(2027, 3, 1, 12), 46447))
        self.assertEqual(rows[2][3], timedelta(hours=30))
        self.assertEqual(rows[2][4:10], (7, 46447, False, "#N/A", "text result", "=A2+1"))
        self.assertEqual(rows[3], (None,) * workbooks.MAX_COLUMNS)

    def test_a_1904_workbook_counts_its_dates_from_1904(self):
        cells = '<row r="1"><c r="A1" s="1"><v>44985</v></c></row>'
        styles = '<cellXfs><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs>'

        windows = self.read(package(cells, styles=styles))
        mac = self.read(package(cells, styles=styles, workbook_pr='<workbookPr date1904="1"/>'))

        self.assertEqual(windows[1][0], datetime(2023, 2, 28))
        self.assertEqual(mac[1][0], datetime(2027, 3, 1))

    def test_a_1904_workbook_saved_by_openpyxl_reads_back_its_dates(self):
        workbook = openpyxl.Workbook()
        workbook.epoch = CALENDAR_MAC_1904
        workbook.active.title = "targets"
        workbook.active.append(["when", datetime(2027, 3, 1, 8, 30), 5])
        out = io.BytesIO()
        workbook.save(out)

        rows = self.read(out.getvalue())

        self.assertEqual(rows[1][:3], ("when", datetime(2027, 3, 1, 8, 30), 5))
        self.assertEqual(rows, openpyxl_rows(out.getvalue()))

    def test_the_sheet_part_is_found_through_the_workbooks_relationships(self):
        cells = '<row r="1"><c r="A1" t="inlineStr"><is><t>found</t></is></c></row>'
        for target in ("worksheets/data.xml", "/xl/worksheets/data.xml", "./worksheets/data.xml"):
            with self.subTest(target=target):
                data = package(cells, sheet_path="xl/worksheets/data.xml", target=target)
                self.assertEqual(self.read(data)[1][0], "found")
                self.assertEqual(self.read(data), openpyxl_rows(data))

    def test_a_sheet_of_an_openpyxl_workbook_moved_to_another_part_is_still_read(self):
        data = xlsx_bytes([TARGET_HEADER, ["朗通", "A", 1]])
        moved = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(data)) as old, zipfile.ZipFile(moved, "w") as new:
            for item in old.infolist():
                content = old.read(item.filename).replace(
                    b"worksheets/sheet1.xml", b"worksheets/data.xml"
                )
                new.writestr(item.filename.replace("sheet1.xml", "data.xml"), content)

        self.assertNotIn("xl/worksheets/sheet1.xml", zipfile.ZipFile(moved).namelist())
        self.assertEqual(self.read(moved.getvalue())[2][:3], ("朗通", "A", 1))

    def test_sheets_are_listed_in_the_workbooks_order(self):
        sheets = (
            '<sheet name="Notes" sheetId="2" r:id="rId1"/>'
            '<sheet name="targets" sheetId="1" r:id="rId1"/>'
        )
        with (
            translation.override("en"),
            self.assertRaisesMessage(
                workbooks.UploadRefused, "sheets this import does not know: Notes"
            ),
        ):
            self.read(package("", sheets=sheets))
        with (
            translation.override("en"),
            self.assertRaisesMessage(workbooks.UploadRefused, "(it has: Notes, Plan)"),
        ):
            sheets = sheets.replace('"targets"', '"Plan"')
            self.read(package("", sheets=sheets))

    def test_a_dtd_in_any_part_is_refused_as_corrupt(self):
        data = package(DATED, shared=SHARED, styles=STYLES)
        doctype = b'<!DOCTYPE x [<!ENTITY e "eeeeeeeeee">]>'
        for part in (
            "[Content_Types].xml",
            "xl/workbook.xml",
            "xl/_rels/workbook.xml.rels",
            "xl/sharedStrings.xml",
            "xl/styles.xml",
            "xl/worksheets/sheet1.xml",
        ):
            with self.subTest(part=part):
                self.read(data)  # the part as it was reads
                self.assert_corrupt(
                    replace_part(data, part, lambda xml: xml.replace(b"?>", b"?>" + doctype, 1))
                )
        external = b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        self.assert_corrupt(
            replace_part(
                data,
                "xl/sharedStrings.xml",
                lambda xml: xml.replace(b"?>", b"?>" + external, 1).replace(
                    "北京".encode(), b"&e;"
                ),
            )
        )

    def test_damaged_parts_are_refused_as_corrupt(self):
        data = package(DATED, shared=SHARED, styles=STYLES)
        for part, change in (
            ("xl/sharedStrings.xml", lambda xml: xml[: len(xml) // 2]),
            ("xl/workbook.xml", lambda xml: xml.replace(b'r:id="rId1"', b'r:id="rId9"')),
            ("xl/styles.xml", lambda xml: xml.replace(b'numFmtId="14"', b'numFmtId="x"')),
            ("xl/worksheets/sheet1.xml", lambda xml: xml.replace(b"<v>3</v>", b"<v>99</v>")),
            ("xl/worksheets/sheet1.xml", lambda xml: xml.replace(b"</row>", b"", 1)),
            ("xl/worksheets/sheet1.xml", lambda xml: xml.replace(b'"A2"', b'"2A"')),
            ("[Content_Types].xml", lambda xml: xml.replace(b"sheet.main", b"other")),
        ):
            with self.subTest(part=part, change=change(b'<v>3</v></row>r:id="rId1"')):
                self.assert_corrupt(replace_part(data, part, change))

    def test_rows_are_the_same_as_openpyxls_own_reading(self):
        written = openpyxl.Workbook(write_only=True)
        sheet = written.create_sheet("targets")
        for number in range(1, 300):
            sheet.append([f"客户{number}", "A", number % 12 + 1, number * 1.5, None, number])
        out = io.BytesIO()
        written.save(out)
        saved = openpyxl.Workbook()
        sheet = saved.active
        sheet.title = "targets"
        sheet.append(["text", 12, 1.5, -3.25, True, None, "=SUM(B1:C1)", "'=quoted", " x "])
        sheet["C4"] = datetime(2027, 3, 1)
        sheet["D4"] = timedelta(hours=5)
        sheet["Z6"] = 999999999999.99
        sheet["BZ7"] = "beyond the columns read"
        sheet["A9"] = "中文\nline"
        saved_out = io.BytesIO()
        saved.save(saved_out)
        files = {
            "write-only": out.getvalue(),
            "saved": saved_out.getvalue(),
            "hand-made": package(DATED, shared=SHARED, styles=STYLES),
            "1904": package(
                DATED, shared=SHARED, styles=STYLES, workbook_pr='<workbookPr date1904="true"/>'
            ),
        }
        for label, data in files.items():
            with self.subTest(label):
                rows = self.read(data)
                self.assertEqual(rows, openpyxl_rows(data))
                self.assertEqual(
                    [[type(v) for v in row] for row in rows.values()],
                    [[type(v) for v in row] for row in openpyxl_rows(data).values()],
                )


class BlankCellTests(SpreadsheetTestCase):
    """A blank cell leaves its figure as it is; 0 clears it; clearing many asks twice."""

    def stored_targets(self):
        by_product = grids.TargetsByProduct(self.plan, self.product_a)
        self.save(by_product, *[(self.langtong.pk, month, "10") for month in range(1, 13)])
        self.save(by_product, (self.taiyue.pk, 1, "8"))

    def test_a_template_filled_for_one_customer_changes_that_customer_only(self):
        self.stored_targets()
        workbook = read_xlsx(self.export("targets", template=True))
        self.assertIn("Instructions", workbook.sheetnames)  # what a blank means
        notes = " ".join(str(c.value) for row in workbook["Instructions"].iter_rows() for c in row)
        self.assertIn("A blank cell: the import leaves that figure as it is.", notes)
        rows = {(r[0].value, r[1].value): r for r in workbook["targets"].iter_rows(min_row=2)}
        rows[("泰岳", "A")][3].value = 9  # February, for 泰岳 only
        out = io.BytesIO()
        workbook.save(out)

        preview = self.upload(out.getvalue())

        self.assertEqual(
            preview.context["counts"], {"added": 1, "changed": 0, "unchanged": 0, "cleared": 0}
        )
        self.apply(preview)
        self.assertEqual(self.targets()[("朗通", "A", 5)], Decimal("10.00"))  # untouched
        self.assertEqual(self.targets()[("泰岳", "A", 1)], Decimal("8.00"))
        self.assertEqual(self.targets()[("泰岳", "A", 2)], Decimal("9.00"))

    def test_a_zero_clears_and_is_shown_apart(self):
        self.stored_targets()
        preview = self.upload(xlsx_bytes([TARGET_HEADER, ["泰岳", "A", 0]]))

        self.assertEqual(preview.context["counts"]["cleared"], 1)
        self.assertContains(preview, "1 figure would be cleared (set to 0).")
        self.assertFalse(preview.context["confirm_clear"])  # one is no mass clearing
        self.apply(preview)
        self.assertNotIn(("泰岳", "A", 1), {k for k, v in self.targets().items() if v})

    def test_blanks_clear_only_when_asked_and_many_clearings_need_a_second_confirmation(self):
        self.stored_targets()
        blank_row = [xlsx_bytes([TARGET_HEADER, ["朗通", "A"]])]
        upload = {"sheet": "targets", "blank_clears": "on"}

        preview = self.client.post(
            reverse("numbers_import", args=[self.plan.pk]),
            {**upload, "file": SimpleUploadedFile("t.xlsx", blank_row[0])},
        )

        self.assertEqual(preview.context["counts"]["cleared"], 12)
        self.assertTrue(preview.context["confirm_clear"])
        self.assertContains(preview, 'name="confirm_clear"')
        apply_url = reverse("numbers_import_apply", args=[self.plan.pk])
        refused = self.client.post(apply_url, {"token": preview.context["token"]}, follow=True)
        self.assertContains(refused, "tick the box to confirm clearing 12 figures")
        self.assertEqual(self.targets()[("朗通", "A", 1)], Decimal("10.00"))

        preview = self.client.post(
            reverse("numbers_import", args=[self.plan.pk]),
            {**upload, "file": SimpleUploadedFile("t.xlsx", blank_row[0])},
        )
        self.client.post(apply_url, {"token": preview.context["token"], "confirm_clear": "1"})
        self.assertFalse(any(v for (name, _c, _m), v in self.targets().items() if name == "朗通"))
