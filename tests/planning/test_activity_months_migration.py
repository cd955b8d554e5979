"""Migration 0018: an activity's start and end month become the set of months it runs in, its
history alike, and back (a set of months going back becomes its first to its last month)."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase
from django.utils import timezone

from salesplan.month_sets import month_bits
from tests.base import PersonasMixin

BEFORE = ("planning", "0017_default_rollup_thresholds")
AFTER = ("planning", "0018_activity_months")


class ActivityMonthsMigrationTests(PersonasMixin, TransactionTestCase):
    def setUp(self):
        self.setUpTestData()

    def tearDown(self):
        # Whatever happened, leave the schema as every other test expects it.
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
        super().tearDown()

    def migrate(self, target):
        """Migrate planning to `target`; the models as they were there."""
        executor = MigrationExecutor(connection)
        executor.migrate([target])
        executor.loader.build_graph()
        return executor.loader.project_state(target).apps

    def test_start_and_end_become_the_months_between_and_back(self):
        old = self.migrate(BEFORE)
        Activity = old.get_model("planning", "Activity")
        History = old.get_model("planning", "HistoricalActivity")
        spring = Activity.objects.create(
            plan_id=self.plan.pk, work="推介会", owner="张伟", start_month=3, end_month=5
        )
        single = Activity.objects.create(
            plan_id=self.plan.pk, work="答谢会", owner="张伟", start_month=12, end_month=12
        )
        History.objects.create(
            id=spring.pk,
            plan_id=self.plan.pk,
            work="推介会",
            owner="张伟",
            budget="0.00",
            start_month=3,
            end_month=4,
            history_date=timezone.now(),
            history_type="+",
        )

        new = self.migrate(AFTER)

        Activity = new.get_model("planning", "Activity")
        History = new.get_model("planning", "HistoricalActivity")
        self.assertEqual(Activity.objects.get(pk=spring.pk).month_bits, month_bits([3, 4, 5]))
        self.assertEqual(Activity.objects.get(pk=single.pk).month_bits, month_bits([12]))
        self.assertEqual(History.objects.get(id=spring.pk).month_bits, month_bits([3, 4]))

        # A spring and an autumn round cannot go back as such: its first to its last month.
        Activity.objects.filter(pk=spring.pk).update(month_bits=month_bits([4, 5, 9, 10]))
        old = self.migrate(BEFORE)

        Activity = old.get_model("planning", "Activity")
        History = old.get_model("planning", "HistoricalActivity")
        back = {a.pk: (a.start_month, a.end_month) for a in Activity.objects.all()}
        self.assertEqual(back, {spring.pk: (4, 10), single.pk: (12, 12)})
        self.assertEqual(
            (History.objects.get(id=spring.pk).start_month, History.objects.get().end_month),
            (3, 4),
        )
