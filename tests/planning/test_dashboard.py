"""The headquarters roll-up: figures per region, parents summing children, drill-down, export."""

import io
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from customers.models import Customer, Period
from planning.hq import dashboard
from planning.models import (
    ActualCollection,
    ActualExpense,
    ActualSale,
    ExpenseBudget,
    ExpenseLine,
    OpeningBalance,
    Target,
)
from tests.base import PersonasTestCase

D = Decimal


class RollupTests(PersonasTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.previous = Period.objects.create(year=2026)
        cls.taiyue = Customer.objects.create(region=cls.jiangsu, name="=泰岳")  # formula-like
        line = ExpenseLine.objects.get(code="advertising")
        # Shanghai: targets 1,000 in Jan and 2,000 in Feb; actual 900 in Jan; last year 2,500.
        for month, amount in ((1, "1000.00"), (2, "2000.00")):
            Target.objects.create(
                plan=cls.plan,
                customer=cls.langtong,
                product=cls.product_a,
                month=month,
                quantity=1,
                amount=amount,
            )
        ActualSale.objects.create(
            region=cls.shanghai,
            period=cls.period,
            customer=cls.langtong,
            product=cls.product_a,
            month=1,
            quantity=1,
            amount="900.00",
        )
        ActualSale.objects.create(
            region=cls.shanghai,
            period=cls.previous,
            customer=cls.langtong,
            product=cls.product_a,
            month=5,
            quantity=1,
            amount="2500.00",
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
        ExpenseBudget.objects.create(plan=cls.plan, line=line, month=1, amount="400.00")
        ActualExpense.objects.create(
            region=cls.shanghai, period=cls.period, line=line, month=1, amount="350.00"
        )
        # Jiangsu: a target of 500 in Jan, nothing else.
        Target.objects.create(
            plan=cls.other_plan,
            customer=cls.taiyue,
            product=cls.product_a,
            month=1,
            quantity=1,
            amount="500.00",
        )

    def lines_for(self, user):
        lines, company, month = dashboard.region_rollup(user, self.period)
        return {line.code: line for line in lines}, company, month

    def test_each_region_shows_its_figures_computed_from_the_detail(self):
        lines, company, month = self.lines_for(self.rita)
        shanghai = lines["SH"]
        self.assertEqual(month, 1)
        self.assertEqual(shanghai.target, D("3000.00"))
        self.assertEqual(shanghai.last_year, D("2500.00"))
        self.assertEqual(shanghai.growth, D("20.0"))  # 3,000 / 2,500 − 1
        self.assertEqual(shanghai.target_to_date, D("1000.00"))  # January only
        self.assertEqual(shanghai.actual_to_date, D("900.00"))
        self.assertEqual(shanghai.achievement, D("90.0"))
        self.assertEqual(shanghai.outstanding, D("1000.00"))  # 300 + 900 − 200
        self.assertEqual(shanghai.profit_plan, D("2600.00"))  # 3,000 − 400
        self.assertEqual(shanghai.profit_actual_to_date, D("550.00"))  # 900 − 350
        self.assertEqual(shanghai.ageing.outstanding, D("1000.00"))

    def test_a_parent_region_sums_its_children_and_the_company_total_counts_each_once(self):
        lines, company, _month = self.lines_for(self.rita)
        self.assertEqual(lines["HD"].target, D("3500.00"))
        self.assertEqual([line.code for line in lines.values()], ["HD", "JS", "SH"])
        self.assertEqual(company.target, D("3500.00"))

    def test_a_manager_sees_only_their_own_regions(self):
        lines, company, _month = self.lines_for(self.alice)
        self.assertEqual(list(lines), ["SH"])
        self.assertEqual(company.target, D("3000.00"))

    def test_the_page_shows_the_figures_and_drills_down_to_customers_and_products(self):
        self.login(self.rita)
        page = self.client.get("/hq/2027/").content.decode()
        self.assertIn("3,500.00", page)
        self.assertIn("20.0%", page)
        region = self.client.get("/hq/2027/SH/").content.decode()
        self.assertIn("朗通", region)
        self.assertIn("90.0%", region)
        customer = self.client.get(f"/hq/2027/SH/customers/{self.langtong.pk}/")
        self.assertContains(customer, "产品A")

    def test_another_regions_manager_cannot_drill_into_shanghai(self):
        self.login(self.bob)
        self.assertEqual(self.client.get("/hq/2027/SH/").status_code, 404)
        self.assertEqual(
            self.client.get(f"/hq/2027/JS/customers/{self.langtong.pk}/").status_code, 404
        )

    def test_the_export_is_a_workbook_with_money_formats_and_neutralised_text(self):
        self.login(self.rita)
        response = self.client.get("/hq/2027/?format=xlsx")
        sheet = load_workbook(io.BytesIO(response.content)).active
        # The header block names the plans read (the baseline rule) above the heading row.
        with translation.override("zh-hans"):
            expected = [gettext("Plans read"), gettext("Latest approved")]
        self.assertEqual([sheet["A2"].value, sheet["B2"].value], expected)
        self.assertEqual(sheet.freeze_panes, "B10")
        rows = {row[1].value: row for row in sheet.iter_rows(min_row=10)}
        self.assertEqual(rows["SH"][6].value, 3000)
        self.assertEqual(rows["SH"][6].number_format, "#,##0.00")
        self.assertTrue(
            all(
                not str(cell.value).startswith("=")
                for row in sheet.iter_rows()
                for cell in row
                if cell.value
            )
        )


class HeadquartersAgeingTests(PersonasTestCase):
    """The HQ roll-up ages each customer's debt as the region's collections report does, and
    adds them up: one customer's advance payment does not hide another's overdue debt."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.tianma = Customer.objects.create(region=cls.shanghai, name="天马")
        # 朗通 paid ¥150 in January for ¥50 it bought in April: ¥100 in advance.
        ActualCollection.objects.create(
            region=cls.shanghai,
            period=cls.period,
            customer=cls.langtong,
            product=cls.product_a,
            month=1,
            amount="150",
        )
        # 天马 bought ¥100 in January and has paid nothing: over 90 days old at the end of April.
        for customer, month, amount in ((cls.langtong, 4, "50"), (cls.tianma, 1, "100")):
            ActualSale.objects.create(
                region=cls.shanghai,
                period=cls.period,
                customer=customer,
                product=cls.product_a,
                month=month,
                quantity=1,
                amount=amount,
            )

    def test_the_hq_ageing_is_the_sum_of_the_customers_ageing_in_the_regions_report(self):
        self.login(self.rita)
        report = self.client.get(f"/plans/{self.plan.pk}/collections/report/").context["ageing"]
        page = self.client.get("/hq/2027/")
        shanghai = next(line for line in page.context["lines"] if line.code == "SH").ageing

        buckets = ("days_0_30", "days_31_60", "days_61_90", "over_90", "credit", "outstanding")
        customers_sum = {
            name: sum((getattr(row, name) for row in report.rows), D("0.00")) for name in buckets
        }
        self.assertEqual(report.as_of, 4)
        self.assertEqual(customers_sum["over_90"], D("100.00"))  # 天马's January purchase
        self.assertEqual(customers_sum["credit"], D("-100.00"))  # 朗通's advance
        self.assertEqual({name: getattr(shanghai, name) for name in buckets}, customers_sum)
        # Over 90 days, in red.
        self.assertContains(page, '<td class="num negative" data-value="100.00">100.00</td>')
