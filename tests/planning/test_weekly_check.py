"""The weekly check of product, market and P&L indicators (按周检查产品、市场和盈亏指标): a week's
month and the year to date against plan, read from the measures; "—" before actuals; the week
in the query string; the calendar's links; the PDF."""

from datetime import date
from decimal import Decimal

from django.test import SimpleTestCase
from django.urls import reverse
from django.utils import translation

from customers.models import Customer, Product
from planning.models import (
    ActualCollection,
    ActualExpense,
    ActualSale,
    ExpenseBudget,
    ExpenseLine,
    OpeningBalance,
    Target,
)
from planning.numbers import measure_reads, reports, statements
from planning.tools.weekly import Week, judge, parse_week
from salesplan.templatetags.salesplan import amount, percent
from tests.base import PersonasTestCase
from tests.planning.test_pdf import embedded_fonts, pdf_text

D = Decimal
MARCH_WEEK = "2027-W10"  # Mon 8 – Sun 14 March 2027


class WeekTests(SimpleTestCase):
    def test_a_week_is_read_as_input_type_week_writes_it(self):
        week = parse_week("2027-W10")

        self.assertEqual((week.monday, week.sunday), (date(2027, 3, 8), date(2027, 3, 14)))
        self.assertEqual(week.code, "2027-W10")
        self.assertEqual((week.previous.code, week.next.code), ("2027-W09", "2027-W11"))

    def test_a_week_falls_in_the_month_of_its_thursday(self):
        self.assertEqual(parse_week("2026-W40").month, 10)  # Mon 28 Sep – Sun 4 Oct 2026
        self.assertEqual(parse_week("2027-W13").month, 4)  # Mon 29 Mar – Sun 4 Apr 2027
        self.assertEqual(Week.of(date(2027, 1, 2)).code, "2026-W53")

    def test_what_is_not_a_week_of_its_year_is_refused(self):
        for value in ("2027-W53", "2027-W00", "2027-W1", "2027-10", "２０２７-W10", "1999-W10", ""):
            with self.subTest(value=value):
                self.assertIsNone(parse_week(value))
        self.assertEqual(parse_week("2026-W53").monday, date(2026, 12, 28))

    def test_the_status_reads_green_amber_red_with_words(self):
        self.assertEqual(judge(D(100), D(100)).key, "green")
        self.assertEqual(judge(D(100), D(90)).key, "amber")
        self.assertEqual(judge(D(100), D("89.9")).key, "red")
        self.assertEqual(judge(D(100), D(110), less_is_better=True).key, "amber")
        self.assertEqual(judge(D(100), D(111), less_is_better=True).key, "red")
        self.assertEqual(judge(D(-50), D(-40)).key, "green")  # a smaller loss than planned
        self.assertIsNone(judge(D(100), None))
        self.assertTrue(judge(D(100), D(50)).label)


class WeeklyCheckTestCase(PersonasTestCase):
    """上海 2027: 朗通 buys product A (100.00) and 泰岳 product B (50.00, cost 30.00) in March and
    April; actuals are entered for March only."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.product_b = Product.objects.create(
            code="B", name="产品B", unit="套", list_price=D("50.00"), standard_cost=D("30.00")
        )
        cls.taiyue = Customer.objects.create(region=cls.shanghai, name="泰岳")
        for month in (3, 4):
            Target.objects.create(
                plan=cls.plan,
                customer=cls.langtong,
                product=cls.product_a,
                month=month,
                quantity=D(10),
                amount=D("1000.00"),
            )
            Target.objects.create(
                plan=cls.plan,
                customer=cls.taiyue,
                product=cls.product_b,
                month=month,
                quantity=D(20),
                amount=D("1000.00"),
            )
        line = ExpenseLine.objects.filter(active=True).exclude(code=ExpenseLine.MARKET_ACTIVITIES)[
            0
        ]
        ExpenseBudget.objects.create(plan=cls.plan, line=line, month=3, amount=D("300.00"))
        OpeningBalance.objects.create(
            plan=cls.plan, customer=cls.langtong, month=2, amount=D("400.00")
        )

    def setUp(self):
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        self.login(self.alice)

    def enter_march(self):
        common = {"region": self.shanghai, "period": self.period, "month": 3}
        ActualSale.objects.create(
            customer=self.langtong,
            product=self.product_a,
            quantity=D(9),
            amount=D("960.00"),
            **common,
        )
        ActualSale.objects.create(
            customer=self.taiyue,
            product=self.product_b,
            quantity=D(14),
            amount=D("700.00"),
            **common,
        )
        ActualCollection.objects.create(
            customer=self.langtong, product=self.product_a, amount=D("500.00"), **common
        )
        line = ExpenseBudget.objects.get(plan=self.plan).line
        ActualExpense.objects.create(line=line, amount=D("280.00"), **common)

    def check_page(self, week=MARCH_WEEK, user=None):
        if user is not None:
            self.login(user)
        return self.client.get(reverse("weekly_check", args=[self.plan.pk]), {"week": week})


class WeeklyCheckFiguresTests(WeeklyCheckTestCase):
    def test_product_figures_are_the_measures_for_the_month_and_to_date(self):
        self.enter_march()
        with translation.override("en"):
            lines, total = reports.targets_by_product(self.plan)
        by_label = {line.label: line for line in lines}

        response = self.check_page()

        check = response.context["check"]
        self.assertEqual(check.month, 3)
        for row in check.products:
            line = by_label[row.label]
            with self.subTest(product=row.label):
                self.assertEqual(row.month.plan, line.monthly_plan[3])
                self.assertEqual(row.month.actual, line.monthly_actual[3])
                self.assertEqual(row.to_date.plan, line.target_to_date)
                self.assertEqual(row.to_date.actual, line.actual_to_date)
                self.assertEqual(row.to_date.achievement, line.achievement)
                self.assertEqual(row.to_date.variance, line.variance)
                self.assertEqual(row.year_plan, line.target)
                self.assertEqual(row.quantity, line.target_quantity)
        self.assertEqual(check.product_total.to_date.actual, total.actual_to_date)
        self.assertIsNone(check.product_total.quantity)  # units are never added up
        # Product B: 700.00 of 1,000.00 is 70.0 %, behind plan, in words beside the colour.
        self.assertEqual(by_label["Product A"].achievement, D("96.0"))
        self.assertContains(response, amount(total.actual_to_date))
        self.assertContains(response, percent(D("70.0")))
        self.assertContains(response, "Behind plan")
        self.assertContains(response, "Slightly behind")
        self.assertContains(response, "40 <span")  # B's year quantity with its unit, 套

    def test_market_figures_are_the_customer_and_region_lines(self):
        self.enter_march()
        customers, _total = reports.targets_by_customer(self.plan)
        region = measure_reads.plan_line(self.plan)

        check = self.check_page().context["check"]

        self.assertEqual(
            {row.label: row.to_date.actual for row in check.customers},
            {line.label: line.actual_to_date for line in customers},
        )
        self.assertEqual([row.label for row in check.behind], ["泰岳", "朗通"])
        receivables = check.receivables
        self.assertEqual(receivables.opening, region.opening)
        self.assertEqual(receivables.outstanding, region.outstanding)
        self.assertEqual(receivables.outstanding_plan, region.outstanding_plan_to_date)
        self.assertEqual(receivables.over_90, region.ageing.over_90)

    def test_pnl_figures_are_the_projected_pnl_summary(self):
        self.enter_march()
        table, products, lines = reports.profit_and_loss(self.plan)
        with translation.override("en"):
            statement = statements.pnl_statement(table, products, lines)
        summary = statements.summary_lines(statement, table)

        response = self.check_page()

        rows = response.context["check"].pnl
        self.assertEqual([row.label for row in rows], [line.label for line in summary])
        for row, line in zip(rows, summary, strict=True):
            with self.subTest(line=line.label):
                self.assertEqual(row.month.plan, line.months[3].plan)
                self.assertEqual(row.month.actual, line.months[3].actual)
                self.assertEqual(row.to_date.actual, line.total.actual)
                self.assertEqual(row.to_date.variance, line.total.variance)
                self.assertEqual(row.year_plan, line.total.plan)
        self.assertContains(response, amount(summary[-1].total.actual))
        # Expenses under plan are good: 280.00 of 300.00.
        self.assertEqual(rows[3].to_date.status.key, "green")

    def test_before_any_actuals_figures_and_statuses_show_a_dash(self):
        response = self.check_page()

        check = response.context["check"]
        self.assertFalse(check.has_actuals)
        for row in [*check.products, *check.customers, *check.pnl]:
            for figures in (row.month, row.to_date):
                self.assertIsNone(figures.actual)
                self.assertIsNone(figures.achievement)
                self.assertIsNone(figures.status)
        self.assertEqual(check.products[0].month.plan, D("1000.00"))
        self.assertContains(response, '<span class="rag rag-none">—</span>', html=True)
        self.assertIsNone(check.receivables.outstanding)
        self.assertIsNone(check.receivables.status)
        # The opening balance's own age is a fact before any actuals: invoiced last February.
        self.assertEqual(check.receivables.over_90, D("400.00"))
        self.assertContains(response, "no actuals entered yet")

    def test_a_later_month_without_actuals_shows_a_dash_beside_the_year_to_date(self):
        self.enter_march()

        check = self.check_page("2027-W15").context["check"]  # April

        self.assertEqual(check.month, 4)
        self.assertIsNone(check.product_total.month.actual)
        self.assertEqual(check.product_total.month.plan, D("2000.00"))
        self.assertEqual(check.product_total.to_date.actual, D("1660.00"))


class WeeklyCheckRequestTests(WeeklyCheckTestCase):
    def test_a_week_that_cannot_be_read_answers_400(self):
        for value in ("abc", "2027-W60", "2027-W53", "２０２７-W10", "2027-10-01", "-1"):
            with self.subTest(value=value):
                self.assertEqual(self.check_page(value).status_code, 400)

    def test_a_week_of_another_year_is_not_found(self):
        self.assertEqual(self.check_page("2026-W10").status_code, 404)

    def test_without_a_week_the_plans_year_opens_on_a_week_of_it(self):
        response = self.client.get(reverse("weekly_check", args=[self.plan.pk]))

        self.assertEqual(response.context["check"].week.year, 2027)

    def test_the_regions_manager_and_reviewers_read_other_managers_do_not(self):
        self.assertEqual(self.check_page().status_code, 200)
        self.assertEqual(self.check_page(user=self.rita).status_code, 200)
        self.assertEqual(self.check_page(user=self.bob).status_code, 404)

    def test_the_calendar_links_each_week_row_to_its_check(self):
        response = self.client.get(reverse("calendar_month", args=[2027, 3]))

        url = reverse("weekly_check", args=[self.plan.pk])
        for week in ("2027-W09", "2027-W10", "2027-W13"):
            self.assertContains(response, f'href="{url}?week={week}"')
        self.assertContains(response, "Weekly check")
        self.login(self.bob)
        self.assertNotContains(self.client.get(reverse("calendar_month", args=[2027, 3])), url)

    def test_mondays_to_do_list_reminds_of_the_weekly_check(self):
        url = reverse("weekly_check", args=[self.plan.pk])

        monday = self.client.get(reverse("todo_list"), {"date": "2027-03-08"})
        tuesday = self.client.get(reverse("todo_list"), {"date": "2027-03-09"})

        self.assertContains(monday, f'href="{url}?week={MARCH_WEEK}"')
        self.assertNotContains(tuesday, "weekly-reminder")

    def test_the_pdf_prints_the_week_in_chinese_with_the_cjk_font(self):
        self.enter_march()

        response = self.client.get(
            reverse("weekly_check_pdf", args=[self.plan.pk]),
            {"week": MARCH_WEEK, "lang": "zh-hans"},
        )

        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertIn("no-store", response["Cache-Control"])
        data = b"".join(response.streaming_content) if response.streaming else response.content
        text = pdf_text(data)
        self.assertIn(MARCH_WEEK, text)
        self.assertIn("泰岳", text)
        self.assertIn(amount(D("1660.00")), text)
        fonts = embedded_fonts(data)
        self.assertTrue(any("NotoSansSC" in name or "Noto-Sans-SC" in name for name in fonts))
