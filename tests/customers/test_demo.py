"""The customer strategy's demo data: complete for each demo customer, and safe to run again."""

from datetime import date
from io import StringIO

from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from customers.demo import seed_customer_strategy
from customers.models import Assessment, CommittedAction, EnergyRating, StandingSnapshot
from tests.base import PersonasTestCase

TODAY = date(2026, 11, 28)


def counts():
    return tuple(
        model.objects.count()
        for model in (Assessment, EnergyRating, CommittedAction, StandingSnapshot)
    )


class DemoTests(PersonasTestCase):
    def test_every_customer_gets_both_steps_actions_and_snapshots_once(self):
        seed_customer_strategy(today=TODAY)
        first = counts()

        seed_customer_strategy(today=TODAY)

        self.assertEqual(counts(), first)
        self.assertTrue(Assessment.objects.filter(customer=self.langtong).exists())
        self.assertTrue(EnergyRating.objects.filter(customer=self.langtong).exists())
        self.assertTrue(CommittedAction.objects.filter(customer=self.langtong).exists())
        months = set(StandingSnapshot.objects.values_list("month", flat=True))
        self.assertEqual(max(months), date(2026, 10, 1))

    def test_the_demo_uses_the_plans_amounts_for_the_bubbles(self):
        seed_customer_strategy(planned_amounts={(self.langtong.pk, 2027): 1234}, today=TODAY)

        amounts = set(
            StandingSnapshot.objects.filter(customer=self.langtong).values_list(
                "planned_amount", flat=True
            )
        )
        self.assertEqual(amounts, {1234})


class ScheduleCommandTests(PersonasTestCase):
    def test_the_command_queues_the_month_end_snapshot_once(self):
        call_command("schedule_snapshots", stdout=StringIO())
        call_command("schedule_snapshots", stdout=StringIO())

        self.assertEqual(DBTaskResult.objects.count(), 1)
