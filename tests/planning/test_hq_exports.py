"""Headquarters' workbooks: subtotals marked and outlined, names without indenting spaces, the
as-of month and the unit written, drill-downs exported with a total row, and the same access as
their pages."""

import io
from decimal import Decimal

from django.utils import timezone
from openpyxl import load_workbook

from customers.models import Customer, Period, Product
from planning.models import (
    ActualCollection,
    ActualSale,
    OpeningBalance,
    Plan,
    Target,
)
from tests.base import PersonasTestCase

D = Decimal
MONEY = "#,##0.00"


class Table:
    """A sheet's header block (label → value), its headings and its rows beneath them."""

    def __init__(self, sheet):
        self.sheet = sheet
        heading_row = int(sheet.freeze_panes[1:]) - 1
        self.facts = {
            row[0].value: row[1].value
            for row in sheet.iter_rows(min_row=2, max_row=heading_row - 1)
            if row[0].value
        }
        self.headings = [cell.value for cell in sheet[heading_row]]
        self.rows = list(sheet.iter_rows(min_row=heading_row + 1))

    def column(self, heading: str) -> int:
        return self.headings.index(heading)

    def by_kind(self, kind: str) -> list:
        where = self.column("Row kind")
        return [row for row in self.rows if row[where].value == kind]

    def named(self, name: str):
        return next(row for row in self.rows if row[0].value == name)


class HeadquartersExportTests(PersonasTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.previous = Period.objects.create(year=2026)
        cls.product_b = Product.objects.create(
            code="B", name="产品B", name_en="Product B", list_price=D("50.00")
        )
        cls.tianma = Customer.objects.create(region=cls.shanghai, name="天马")
        cls.taiyue = Customer.objects.create(region=cls.jiangsu, name="=泰岳")  # formula-like
        targets = (
            (cls.plan, cls.langtong, cls.product_a, 1, "1000.00"),
            (cls.plan, cls.langtong, cls.product_a, 2, "2000.00"),
            (cls.plan, cls.langtong, cls.product_b, 1, "400.25"),
            (cls.plan, cls.tianma, cls.product_b, 3, "600.50"),
            (cls.other_plan, cls.taiyue, cls.product_a, 1, "500.00"),
        )
        for plan, customer, product, month, amount in targets:
            Target.objects.create(
                plan=plan,
                customer=customer,
                product=product,
                month=month,
                quantity=1,
                amount=amount,
            )
        sales = (
            (cls.period, cls.langtong, cls.product_a, 1, "900.00"),
            (cls.period, cls.tianma, cls.product_b, 1, "120.00"),
            (cls.previous, cls.langtong, cls.product_a, 5, "2500.00"),
            (cls.previous, cls.tianma, cls.product_b, 6, "300.00"),
        )
        for period, customer, product, month, amount in sales:
            ActualSale.objects.create(
                region=cls.shanghai,
                period=period,
                customer=customer,
                product=product,
                month=month,
                quantity=1,
                amount=amount,
            )
        OpeningBalance.objects.create(
            plan=cls.plan, customer=cls.langtong, month=0, amount="300.00"
        )
        ActualCollection.objects.create(
            region=cls.shanghai,
            period=cls.period,
            customer=cls.langtong,
            product=cls.product_a,
            month=1,
            amount="200.00",
        )

    def export(self, url: str, user=None, language: str = "en"):
        user = user or self.rita
        user.language = language
        user.save(update_fields=["language"])
        self.login(user)
        response = self.client.get(url, {"format": "xlsx"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Cache-Control"], "private, no-store")
        self.assertIn(".xlsx", response["Content-Disposition"])
        return load_workbook(io.BytesIO(response.content))

    def rollup(self, **kwargs) -> Table:
        return Table(self.export("/hq/2027/", **kwargs).active)

    # The roll-up of every region.

    def test_a_parent_region_is_a_bold_subtotal_above_its_outlined_children(self):
        table = self.rollup()
        kind, level = table.column("Row kind"), table.column("Level")
        east, shanghai, jiangsu = (
            table.named("East China"),
            table.named("Shanghai"),
            table.named("Jiangsu"),
        )
        self.assertEqual(east[kind].value, "Subtotal")
        self.assertTrue(all(cell.font.bold for cell in east))
        self.assertEqual(table.sheet.row_dimensions[east[0].row].outline_level, 0)
        for child in (shanghai, jiangsu):
            self.assertFalse(child[0].font.bold)
            self.assertEqual(table.sheet.row_dimensions[child[0].row].outline_level, 1)
            self.assertEqual(child[level].value, 1)
            self.assertEqual(child[table.column("Region group")].value, "East China")
        self.assertFalse(table.sheet.sheet_properties.outlinePr.summaryBelow)
        total = table.by_kind("Total")
        self.assertEqual(len(total), 1)
        self.assertTrue(total[0][0].font.bold)

    def test_no_name_is_indented_with_spaces(self):
        table = self.rollup()
        names = [row[0].value for row in table.rows]
        self.assertIn("Shanghai", names)
        self.assertFalse([name for name in names if str(name).startswith(" ")])

    def test_the_regions_rows_without_subtotals_add_up_to_the_company_total(self):
        table = self.rollup()
        column = table.column("Target (CNY)")
        regions = [
            row
            for row in table.rows
            if row[table.column("Row kind")].value not in ("Subtotal", "Total")
        ]
        (total,) = table.by_kind("Total")
        self.assertEqual(sum(row[column].value for row in regions), total[column].value)
        self.assertEqual(total[column].value, 4500.75)  # 4,000.75 in Shanghai + 500 in Jiangsu
        self.assertEqual(total[column].number_format, MONEY)

    def test_a_parent_regions_own_figures_get_a_row_of_their_own(self):
        east_plan = Plan.objects.create(region=self.east, period=self.period)
        hq_customer = Customer.objects.create(region=self.east, name="华东直营")
        Target.objects.create(
            plan=east_plan,
            customer=hq_customer,
            product=self.product_a,
            month=1,
            quantity=1,
            amount="99.00",
        )
        table = self.rollup()
        column = table.column("Target (CNY)")
        (own,) = table.by_kind("Own figures")
        self.assertEqual(own[column].value, 99)
        details = [*table.by_kind("Region"), own]
        (total,) = table.by_kind("Total")
        self.assertEqual(sum(row[column].value for row in details), total[column].value)
        self.assertEqual(total[column].value, 4599.75)

    def test_the_roll_up_says_up_to_which_month_when_exported_and_in_what_unit(self):
        table = self.rollup()
        self.assertEqual(table.facts["Actuals to"], "Jan 2027")
        self.assertEqual(table.facts["Exported"], timezone.localdate().strftime("%-d %b %Y"))
        self.assertIn("CNY", table.facts["Currency unit"])
        self.assertIn("Target (CNY)", table.headings)
        self.assertIn("Achievement %", table.headings)
        self.assertEqual(table.sheet.freeze_panes, f"B{table.rows[0][0].row}")

    def test_the_roll_up_in_chinese(self):
        sheet = self.export("/hq/2027/", language="zh-hans").active
        text = [str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value]
        for expected in ("实际截至", "2027年1月", "目标（元）", "小计", "行类型"):
            self.assertIn(expected, text)

    # The drill-downs.

    def assert_total_sums_the_rows(self, table: Table, headings: list[str]) -> None:
        (total,) = table.by_kind("Total")
        self.assertTrue(all(cell.font.bold for cell in total))
        details = table.by_kind("Detail")
        for heading in headings:
            column = table.column(heading)
            self.assertEqual(
                total[column].value, sum(row[column].value or 0 for row in details), heading
            )
            self.assertEqual(total[column].number_format, MONEY)

    def assert_matches_the_page(self, table: Table, lines) -> None:
        shown = {line.label: line for line in lines}
        details = table.by_kind("Detail")
        self.assertEqual([row[0].value for row in details], list(shown))
        for row in details:
            line = shown[row[0].value]
            for heading, figure in (
                ("Target (CNY)", line.target),
                ("Last year (CNY)", line.last_year),
                ("Actual to date (CNY)", line.actual_to_date),
                ("Achievement %", line.achievement),
            ):
                value = row[table.column(heading)].value
                self.assertEqual(None if value is None else D(str(value)), figure, heading)

    def test_the_region_drill_down_exports_customers_and_products_with_a_total(self):
        book = self.export("/hq/2027/SH/")
        page = self.client.get("/hq/2027/SH/")  # in the same language
        customers, products = (Table(sheet) for sheet in book.worksheets)
        money = ["Target (CNY)", "Last year (CNY)", "Target to date (CNY)", "Actual to date (CNY)"]
        outstanding = [
            "Outstanding, actual (CNY)",
            "Outstanding, planned year-end (CNY)",
        ]
        self.assert_total_sums_the_rows(customers, [*money, *outstanding])
        self.assert_total_sums_the_rows(products, money)
        self.assert_matches_the_page(customers, page.context["customers"])
        self.assert_matches_the_page(products, page.context["products"])
        (total,) = customers.by_kind("Total")
        self.assertEqual(total[customers.column("Target (CNY)")].value, 4000.75)
        self.assertContains(page, "3,400.25")  # 朗通's target, as the workbook shows it
        self.assertEqual(customers.facts["Region"], "Shanghai (SH)")
        self.assertEqual(customers.facts["Period"], "2027")
        self.assertEqual(customers.facts["State"], "Draft")
        self.assertEqual(customers.facts["Actuals to"], "Jan 2027")
        self.assertIn("CNY", customers.facts["Currency unit"])

    def test_the_customer_drill_down_exports_its_products_with_a_total(self):
        url = f"/hq/2027/SH/customers/{self.langtong.pk}/"
        table = Table(self.export(url).active)
        page = self.client.get(url)
        self.assert_total_sums_the_rows(
            table,
            ["Target (CNY)", "Last year (CNY)", "Target to date (CNY)", "Actual to date (CNY)"],
        )
        self.assert_matches_the_page(table, page.context["products"])
        (total,) = table.by_kind("Total")
        self.assertEqual(total[table.column("Target (CNY)")].value, 3400.25)
        self.assertEqual(total[table.column("Achievement %")].value, 64.3)  # 900 / 1,400.25
        self.assertEqual(table.facts["Customer"], "朗通")

    def test_drill_down_text_is_neutralised(self):
        table = Table(self.export("/hq/2027/JS/").worksheets[0])
        self.assertEqual([row[0].value for row in table.by_kind("Detail")], ["'=泰岳"])

    def test_the_pages_link_their_exports(self):
        self.login(self.rita)
        for url in ("/hq/2027/SH/", f"/hq/2027/SH/customers/{self.langtong.pk}/"):
            self.assertContains(self.client.get(url), 'href="?format=xlsx"')

    def test_another_regions_manager_gets_no_drill_down_export(self):
        region, customer = "/hq/2027/SH/", f"/hq/2027/SH/customers/{self.langtong.pk}/"
        self.export(region, user=self.alice)  # Shanghai's own manager does
        self.export(customer, user=self.alice)
        self.login(self.bob)
        for url in (region, customer, f"/hq/2027/JS/customers/{self.langtong.pk}/"):
            page = self.client.get(url)
            response = self.client.get(url, {"format": "xlsx"})
            self.assertEqual(response.status_code, page.status_code)
            self.assertIn(response.status_code, (403, 404))
            self.assertNotIn("spreadsheetml", response["Content-Type"])
