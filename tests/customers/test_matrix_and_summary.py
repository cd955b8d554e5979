"""The value matrix page and the customer strategy summary that the plan's chapter prints."""

from datetime import date
from decimal import Decimal

from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from customers import services
from customers.models import Action, CommittedAction, Customer, StandingSnapshot
from customers.summaries import customer_strategy_summary
from tests.base import PersonasTestCase
from tests.customers.test_customer_list import assess, rate


class MatrixTests(PersonasTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.taiyue = Customer.objects.create(region=cls.shanghai, name="泰岳")
        cls.wanxing = Customer.objects.create(region=cls.shanghai, name="万星")
        assess(cls.langtong, cls.period, cls.alice, 4, 4)  # 一级
        rate(cls.langtong, cls.period, cls.alice, 1, 1)  # A: P1
        assess(cls.taiyue, cls.period, cls.alice, 4, 2)  # 二级
        rate(cls.taiyue, cls.period, cls.alice, 2, 2)  # B: P2

    def setUp(self):
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        self.login(self.alice)
        self.url = reverse("customer_matrix", args=[self.shanghai.pk])

    def test_the_matrix_places_each_assessed_customer_and_lists_the_others(self):
        response = self.client.get(self.url)

        self.assertContains(response, '<svg class="matrix-chart"')
        self.assertContains(response, "朗通: 4.00 / 4.00 · Class A")
        self.assertContains(response, "泰岳: 4.00 / 2.00 · Class B")
        self.assertContains(response, ">Tier 1</text>")
        unassessed = response.content.decode().split(
            'class="list-group list-group-flush unassessed'
        )[1]
        self.assertIn("万星", unassessed)
        chart = response.context["matrix"]["chart"]
        self.assertEqual(len(chart.bubbles), 2)
        self.assertEqual(
            response.context["matrix"]["tier_counts"], [(1, 1), (2, 1), (3, 0), (4, 0)]
        )

    def test_bubbles_are_sized_by_the_planned_amount_of_the_last_snapshot(self):
        services.snapshot_region(
            self.shanghai,
            period=self.period,
            month=date(2026, 11, 1),
            reason="submit",
            planned_amounts={
                self.langtong.pk: Decimal("400000.00"),
                self.taiyue.pk: Decimal("100"),
            },
        )

        response = self.client.get(self.url)

        radius = {b.name: b.r for b in response.context["matrix"]["chart"].bubbles}
        self.assertGreater(radius["朗通"], radius["泰岳"])
        self.assertContains(response, "Bubble size: planned amount.")

    def test_without_amounts_all_bubbles_are_the_same_size_and_the_page_says_so(self):
        response = self.client.get(self.url)

        radius = {b.r for b in response.context["matrix"]["chart"].bubbles}
        self.assertEqual(len(radius), 1)
        self.assertContains(response, "until then all bubbles are the same size")

    def test_the_region_pages_query_count_does_not_grow_with_the_customers(self):
        urls = [self.url, reverse("customer_funnel", args=[self.shanghai.pk])]

        def counts():
            result = []
            for url in urls:
                with CaptureQueriesContext(connection) as queries:
                    self.assertEqual(self.client.get(url).status_code, 200)
                result.append(len(queries))
            return result

        services.snapshot_region(
            self.shanghai, period=self.period, month=date(2026, 11, 1), reason="month_end"
        )
        before = counts()
        for number in range(10):
            customer = Customer.objects.create(region=self.shanghai, name=f"新客户{number}")
            assess(customer, self.period, self.alice, 3, 3)
            rate(customer, self.period, self.alice, 3, 3)
        services.snapshot_region(
            self.shanghai, period=self.period, month=date(2026, 11, 1), reason="month_end"
        )

        self.assertEqual(counts(), before)


class SummaryTests(PersonasTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.taiyue = Customer.objects.create(region=cls.shanghai, name="泰岳")
        cls.wanxing = Customer.objects.create(region=cls.shanghai, name="万星")
        assess(cls.langtong, cls.period, cls.alice, 4, 4)
        rate(cls.langtong, cls.period, cls.alice, 2, 2)  # 一级 B: P1
        assess(cls.taiyue, cls.period, cls.alice, 2, 4)
        rate(cls.taiyue, cls.period, cls.alice, 1, 1)  # 三级 A: P3
        assess(cls.wanxing, cls.period, cls.alice, 4, 2)
        rate(cls.wanxing, cls.period, cls.alice, 2, 1)  # 二级 A: P1
        actions = {a.number: a for a in Action.objects.all()}
        for number, status in ((4, "open"), (15, "dropped"), (9, "done")):
            committed = services.action_commit(
                customer=cls.langtong,
                period=cls.period,
                user=cls.alice,
                action=actions[number],
                owner=cls.alice,
                due_date=date(2027, 1, number),
            )
            services.committed_action_set_status(committed=committed, user=cls.alice, status=status)
        services.snapshot_region(
            cls.shanghai, period=cls.period, month=date(2026, 11, 1), reason="month_end"
        )

    def test_the_summary_holds_matrix_funnel_priorities_and_committed_actions(self):
        summary = customer_strategy_summary(self.shanghai, self.period)

        self.assertEqual(
            [(s.customer.name, s.priority) for s in summary["priorities"]],
            [("朗通", 1), ("万星", 1), ("泰岳", 3)],
        )
        self.assertEqual(summary["matrix"]["assessed"], 3)
        self.assertEqual(summary["funnel"]["verdict"].grade, "差")  # three customers: sparse
        self.assertEqual(
            [(c.action.number, c.status) for c in summary["committed_actions"]],
            [(4, "open"), (9, "done")],
        )
        self.assertEqual(CommittedAction.objects.count(), 3)

    def test_the_planning_app_can_pass_the_plans_amounts(self):
        summary = customer_strategy_summary(
            self.shanghai, self.period, planned_amounts={self.taiyue.pk: Decimal("5000.00")}
        )

        radius = {b.name: b.r for b in summary["matrix"]["chart"].bubbles}
        self.assertGreater(radius["泰岳"], radius["朗通"])

    def test_the_printed_summary_has_no_links_or_forms(self):
        summary = customer_strategy_summary(self.shanghai, self.period)

        printed = render_to_string(
            "customers/_strategy_summary.html", {"customer_strategy": summary, "print": True}
        )
        on_page = render_to_string(
            "customers/_strategy_summary.html", {"customer_strategy": summary, "print": False}
        )

        self.assertIn('<svg class="matrix-chart"', printed)
        self.assertIn('<svg class="funnel-chart"', printed)
        self.assertIn("朗通", printed)
        self.assertNotIn("<a ", printed)
        self.assertNotIn("<form", printed)
        self.assertNotIn("style=", printed)
        self.assertIn("<a ", on_page)

    def test_snapshots_are_kept_per_customer_and_month(self):
        self.assertEqual(StandingSnapshot.objects.filter(month=date(2026, 11, 1)).count(), 3)
