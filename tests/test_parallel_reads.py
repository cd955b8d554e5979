"""Independent queries side by side (`salesplan.parallel_reads`): the same figures either way,
on other connections only outside a transaction on PostgreSQL."""

import threading
from decimal import Decimal

from django.db import connection, transaction
from django.test import SimpleTestCase, TransactionTestCase, override_settings, skipUnlessDBFeature

from customers.models import Customer, Period, Product, Region
from planning.models import ActualSale, Plan, Target
from planning.numbers import measure_reads
from salesplan import parallel_reads


class RunTests(SimpleTestCase):
    def test_results_come_back_by_name_in_turn_when_side_by_side_is_not_allowed(self):
        with override_settings(PARALLEL_READS=False):
            results = parallel_reads.run({"a": lambda: 1, "b": lambda: threading.current_thread()})
        self.assertEqual(results["a"], 1)
        self.assertIs(results["b"], threading.current_thread())

    def test_a_failing_task_raises_in_the_caller(self):
        def fails():
            raise ValueError("no such column")

        with self.assertRaisesMessage(ValueError, "no such column"):
            parallel_reads.run({"a": lambda: 1, "b": fails})


@skipUnlessDBFeature("has_select_for_update_nowait")  # PostgreSQL (SQLite has no such feature)
class PostgresSideBySideTests(TransactionTestCase):
    """Outside a transaction the roll-up's scans run on the pool's connections and read the
    same figures as one after the other."""

    def setUp(self):
        period = Period.objects.create(year=2031)
        previous = Period.objects.create(year=2030)
        product = Product.objects.create(
            code="P", name="产品P", list_price="10.00", standard_cost="6.00"
        )
        self.plans = []
        for index in range(3):
            region = Region.objects.create(code=f"R{index}", name=f"区域{index}")
            customer = Customer.objects.create(region=region, name=f"客户{index}")
            plan = Plan.objects.create(region=region, period=period)
            self.plans.append(plan)
            for month in range(1, 13):
                Target.objects.create(
                    plan=plan,
                    customer=customer,
                    product=product,
                    month=month,
                    quantity=index + 1,
                    amount=Decimal("10.00") * (index + 1),
                )
                for year, last in ((previous, 12), (period, 4)):
                    if month <= last:
                        ActualSale.objects.create(
                            region=region,
                            period=year,
                            customer=customer,
                            product=product,
                            month=month,
                            quantity=1,
                            amount="9.50",
                        )

    def tearDown(self):
        parallel_reads.shutdown()
        super().tearDown()

    def figures(self):
        lines = measure_reads.read_lines(self.plans)
        return {
            key: (line.target, line.last_year, line.actual_to_date, line.cogs_plan, line.months)
            for key, line in lines.items()
        }

    def test_the_scans_run_on_other_threads_and_agree_with_one_after_the_other(self):
        self.assertEqual(connection.vendor, "postgresql")
        self.assertTrue(parallel_reads.side_by_side())
        names = parallel_reads.run(
            {name: (lambda: threading.current_thread().name) for name in "abc"}
        )
        self.assertEqual(names["a"], threading.current_thread().name)
        self.assertTrue(names["b"].startswith("parallel-reads"))
        side_by_side = self.figures()
        with override_settings(PARALLEL_READS=False):
            in_turn = self.figures()
        self.assertEqual(side_by_side, in_turn)
        first = side_by_side[self.plans[0].region_id]
        self.assertEqual(first[:3], (Decimal("120.00"), Decimal("114.00"), Decimal("38.00")))
        with transaction.atomic():
            self.assertFalse(parallel_reads.side_by_side())
