"""Monthly snapshots (month end and plan submission) and the funnel page built on them."""

from datetime import date, datetime
from decimal import Decimal
from unittest import mock

from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from customers import services, tasks
from customers.models import Customer, StandingSnapshot, StrategySettings
from planning.models import Target
from planning.review import services as planning_services
from tests.base import PersonasTestCase
from tests.customers.test_customer_list import assess, rate

NOVEMBER = date(2026, 11, 1)


class SnapshotTests(PersonasTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.taiyue = Customer.objects.create(region=cls.shanghai, name="泰岳")
        cls.unrated = Customer.objects.create(region=cls.shanghai, name="未评估")
        assess(cls.langtong, cls.period, cls.alice, 4, 4)
        rate(cls.langtong, cls.period, cls.alice, 1, 1)
        rate(cls.taiyue, cls.period, cls.alice, 3, 3)

    def snapshot(self, month=NOVEMBER, **kwargs):
        return services.snapshot_region(
            self.shanghai, period=self.period, month=month, reason="month_end", **kwargs
        )

    def test_a_snapshot_records_tier_class_and_priority_of_each_rated_customer(self):
        result = self.snapshot(month=date(2026, 11, 30))

        self.assertEqual(result.created, 2)
        rows = {
            s.customer.name: (s.month, s.tier, s.energy_class, s.priority)
            for s in StandingSnapshot.objects.all()
        }
        self.assertEqual(rows, {"朗通": (NOVEMBER, 1, "A", 1), "泰岳": (NOVEMBER, None, "C", None)})

    def test_a_second_snapshot_in_the_same_month_updates_instead_of_adding(self):
        self.snapshot()
        rate_again = services.energy_save(
            customer=self.taiyue,
            period=self.period,
            user=self.alice,
            order_level=1,
            likelihood_level=1,
            revision=1,
        )

        result = self.snapshot(month=date(2026, 11, 15))

        self.assertEqual((result.created, result.updated), (0, 2))
        self.assertEqual(StandingSnapshot.objects.count(), 2)
        self.assertEqual(StandingSnapshot.objects.get(customer=self.taiyue).energy_class, "A")
        self.assertEqual(rate_again.revision, 2)

    def test_the_planned_amount_is_kept_until_a_snapshot_brings_a_new_one(self):
        self.snapshot(planned_amounts={self.langtong.pk: Decimal("120000.00")})

        self.snapshot(month=date(2026, 12, 1))

        december = StandingSnapshot.objects.get(customer=self.langtong, month=date(2026, 12, 1))
        self.assertEqual(december.planned_amount, Decimal("120000.00"))

    def test_the_month_end_task_snapshots_and_queues_next_month(self):
        rows = tasks.snapshot_month_end.call("2026-11-01")

        self.assertEqual(rows, 2)
        queued = DBTaskResult.objects.get()
        self.assertEqual(queued.args_kwargs["args"], ["2026-12-01"])
        self.assertEqual(
            timezone.localtime(queued.run_after).replace(tzinfo=None),
            datetime(2026, 12, 31, 23, 30),
        )

    def test_scheduling_twice_queues_once(self):
        tasks.schedule_month_end(date(2026, 11, 5))
        tasks.schedule_month_end(date(2026, 11, 20))

        self.assertEqual(DBTaskResult.objects.count(), 1)

    def test_submitting_the_plan_takes_a_snapshot_with_the_planned_amounts(self):
        Target.objects.create(
            plan=self.plan,
            customer=self.langtong,
            product=self.product_a,
            month=3,
            quantity=Decimal("10"),
            amount=Decimal("1000.00"),
        )
        Target.objects.create(
            plan=self.plan,
            customer=self.langtong,
            product=self.product_a,
            month=4,
            quantity=Decimal("5"),
            amount=Decimal("500.00"),
        )

        with mock.patch("planning.review.services.run_checks", return_value=[]):
            planning_services.plan_submit(plan=self.plan, user=self.alice)

        snap = StandingSnapshot.objects.get(customer=self.langtong)
        self.assertEqual(snap.reason, "submit")
        self.assertEqual(snap.month, timezone.localdate().replace(day=1))
        self.assertEqual(snap.planned_amount, Decimal("1500.00"))
        self.assertEqual(StandingSnapshot.objects.get(customer=self.taiyue).planned_amount, 0)


class FunnelPageTests(PersonasTestCase):
    """Shanghai's history: six customers, one moving toward A each month since September."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        paths = {
            "朗通": "BBA",
            "泰岳": "BBB",
            "万星": "DCB",
            "华信": "CCC",
            "申达": "DDD",
            "新达": "DDC",
        }
        for name, path in paths.items():
            customer = (
                cls.langtong
                if name == "朗通"
                else Customer.objects.create(region=cls.shanghai, name=name)
            )
            for month, energy in zip((9, 10, 11), path, strict=True):
                StandingSnapshot.objects.create(
                    customer=customer,
                    period=cls.period,
                    month=date(2026, month, 1),
                    energy_class=energy,
                    reason="month_end",
                )

    def setUp(self):
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        self.login(self.rita)
        self.url = reverse("customer_funnel", args=[self.shanghai.pk])

    def test_the_funnel_shows_counts_moves_and_the_verdict_with_its_rule(self):
        response = self.client.get(self.url)

        self.assertContains(response, '<span class="verdict-grade">Excellent</span>', html=True)
        # The verdict's name beside its grade, without the grade again.
        self.assertContains(
            response, '<div class="fw-semibold verdict-name">A virtuous cycle</div>', html=True
        )
        self.assertContains(
            response, "every class holds at least 1 customer(s), and there were 4 moves toward A"
        )
        self.assertContains(response, "Judged on Nov 2026: 6 customers with a class.")
        self.assertContains(response, "Moves between snapshots: 4 up, 0 down")
        self.assertContains(response, '<svg class="funnel-chart"')
        # The months under the bars in the reader's language, as in the other charts.
        for month in ("Sep", "Oct", "Nov"):
            self.assertContains(response, f">{month}</text>")
        self.assertNotContains(response, "月</text>")
        funnel = response.context["funnel"]
        self.assertEqual([m.counts for m in funnel["months"]][-1], [1, 2, 2, 1])

    def test_the_verdict_follows_the_administrators_thresholds(self):
        strategy = StrategySettings.load()
        strategy.funnel_sparse_below = 10
        strategy.save()

        response = self.client.get(self.url)

        self.assertContains(response, '<span class="verdict-grade">Poor</span>', html=True)
        self.assertContains(response, "only 6 customers have a class, fewer than 10")

    def test_a_region_without_snapshots_says_so(self):
        response = self.client.get(reverse("customer_funnel", args=[self.jiangsu.pk]))

        self.assertContains(response, "No monthly snapshot yet")
