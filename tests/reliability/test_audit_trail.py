"""The audit trail: random runs of edits and transitions leave exactly one history row per
change — who, when in UTC, what, old → new — and the history cannot be edited or deleted
through the app or the admin (issue 9, item 4)."""

from datetime import UTC
from decimal import Decimal

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from customers.models import Customer
from planning.models import Comment, Plan, PlanTransition, Target
from planning.numbers import grids, saving
from planning.review import services
from planning.review.history import plan_history_entries
from planning.spreadsheets import imports as spreadsheet_imports
from planning.spreadsheets import layouts as spreadsheets
from tests.base import PersonasMixin, PersonasTestCase

MONTHS = st.integers(min_value=1, max_value=3)
QUANTITIES = st.integers(min_value=0, max_value=4)
CELLS = st.lists(st.tuples(st.integers(0, 1), MONTHS, QUANTITIES), min_size=1, max_size=4)
OPERATIONS = st.one_of(
    st.tuples(st.just("cell"), st.integers(0, 1), MONTHS, QUANTITIES),
    st.tuples(st.just("import"), CELLS),
    st.tuples(st.just("summary"), st.sampled_from(["", "守住份额", "扩大华东"])),
    st.tuples(st.just("step"), st.sampled_from(["submit", "approve", "return", "edit"])),
    # The pre-submit checks want a complete plan: the run puts the plan up for review directly
    # (scaffolding, not an app path) so that approvals and returns happen too.
    st.tuples(
        st.just("to_review"),
    ),
)
REFUSED = (PermissionDenied, services.TransitionRefused, services.ChecksFailed)


class RandomRunTests(PersonasMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.customers = [cls.langtong, Customer.objects.create(region=cls.shanghai, name="泰岳")]

    def stored(self) -> dict:
        return {
            (c, m): q
            for c, m, q in Target.objects.filter(plan=self.plan).values_list(
                "customer", "month", "quantity"
            )
        }

    def run_operation(self, operation) -> tuple[object, int, int, int]:
        """Carry out one operation; (user, cell rows, plan rows, transitions) it should record.
        An edit of a returned plan first reopens it: one transition and one plan row more."""
        kind = operation[0]
        plan = Plan.objects.get(pk=self.plan.pk)
        reopens = int(plan.state == Plan.State.RETURNED)
        grid = grids.TargetsByProduct(plan, self.product_a)
        if kind in ("cell", "import"):
            wanted = [operation[1:]] if kind == "cell" else operation[1]
            before = self.stored()
            cells = grid.cells()
            changes = {}
            for index, month, quantity in wanted:
                row = self.customers[index].pk
                changes[(row, month)] = grids.CellChange(
                    row, month, str(quantity), cells.get((row, month), (0, 0))[1]
                )
            if kind == "cell":
                result = saving.save_cells(grid, user=self.alice, changes=list(changes.values()))
            else:
                result = spreadsheet_imports.import_apply(
                    layout=spreadsheets.LAYOUTS["targets"],
                    plan=plan,
                    user=self.alice,
                    cells=[
                        (self.product_a.pk, "quantity", c.row, c.month, c.raw, c.revision)
                        for c in changes.values()
                    ],
                )
            self.assertTrue(result.ok)
            after = self.stored()
            changed = sum(
                1
                for key in changes
                if before.get(key, Decimal(0)) != after.get(key, Decimal(0))
                and (key in before or after.get(key))
            )
            return self.alice, changed, reopens, reopens
        if kind == "to_review":
            Plan.objects.filter(pk=plan.pk).update(state=Plan.State.SUBMITTED)
            return None, 0, 0, 0
        if kind == "summary":
            services.plan_update_summary(
                plan=plan, user=self.alice, strategy_changes=operation[1], revision=plan.revision
            )
            return self.alice, 0, 1 + reopens, reopens
        user = self.rita if operation[1] in ("approve", "return") else self.alice
        if operation[1] == "submit":
            services.plan_submit(plan=plan, user=user)
        elif operation[1] == "approve":
            services.plan_approve(plan=plan, user=user)
        elif operation[1] == "return":
            services.plan_return(plan=plan, user=user, reason="请补充。")
        else:
            moved = plan.state == Plan.State.RETURNED
            services.plan_begin_edit(plan=plan, user=user)
            return user, 0, int(moved), int(moved)
        return user, 0, 1, 1

    @settings(
        max_examples=20,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(operations=st.lists(OPERATIONS, min_size=1, max_size=10))
    def test_every_change_leaves_exactly_one_history_row_with_who_and_when(self, operations):
        for operation in operations:
            cells_before = Target.history.filter(plan_id=self.plan.pk).count()
            plan_before = Plan.history.filter(id=self.plan.pk).count()
            transitions_before = PlanTransition.objects.count()
            started = timezone.now()
            try:
                user, cell_changes, plan_changes, transitions = self.run_operation(operation)
            except REFUSED:
                user, cell_changes, plan_changes, transitions = None, 0, 0, 0
            new_cells = Target.history.filter(plan_id=self.plan.pk).order_by("history_id")[
                cells_before:
            ]
            new_plans = Plan.history.filter(id=self.plan.pk).order_by("history_id")[plan_before:]
            self.assertEqual(len(new_cells), cell_changes, operation)
            self.assertEqual(len(new_plans), plan_changes, operation)
            self.assertEqual(
                PlanTransition.objects.count() - transitions_before, transitions, operation
            )
            for record in [*new_cells, *new_plans]:
                self.assertEqual(record.history_user_id, user.pk)
                self.assertEqual(record.history_date.utcoffset(), UTC.utcoffset(None))
                self.assertGreaterEqual(record.history_date, started)
            for record in new_cells:
                previous = record.prev_record
                if previous is not None:
                    self.assertNotEqual(previous.quantity, record.quantity)


class HistoryShowsWhoWhenWhatTests(PersonasTestCase):
    def test_the_history_page_shows_who_when_what_and_old_to_new(self):
        services.plan_update_summary(
            plan=self.plan, user=self.alice, strategy_changes="守住份额", revision=1
        )
        plan = Plan.objects.get(pk=self.plan.pk)
        services.plan_update_summary(
            plan=plan, user=self.alice, strategy_changes="扩大华东", revision=plan.revision
        )

        entry = plan_history_entries(self.plan)[0]
        change = next(c for c in entry.changes if c.new == "扩大华东")

        self.assertEqual(entry.user, self.alice)
        self.assertEqual(change.old, "守住份额")
        self.login(self.rita)
        response = self.client.get(reverse("plan_history", args=[self.plan.pk]))
        self.assertContains(response, "扩大华东")
        self.assertContains(response, "守住份额")
        self.assertContains(response, "alice")


class HistoryIsReadOnlyTests(PersonasTestCase):
    def test_no_history_model_is_in_the_admin(self):
        registered = [model._meta.object_name for model in admin.site._registry]
        self.assertEqual([name for name in registered if name.startswith("Historical")], [])

    def test_the_history_page_only_reads(self):
        self.login(self.alice)

        response = self.client.post(reverse("plan_history", args=[self.plan.pk]))

        self.assertEqual(response.status_code, 405)

    def test_the_admin_history_of_a_comment_cannot_be_posted_back(self):
        comment = services.comment_add(
            plan=self.plan, user=self.rita, chapter="summary", body="请补充增长依据。"
        )
        record = comment.history.first()
        rows = Comment.history.count()
        self.login(self.adam)

        response = self.client.post(
            reverse("admin:planning_comment_simple_history", args=[comment.pk, record.history_id]),
            {"body": "改写的意见"},
        )

        self.assertEqual(response.status_code, 403)
        self.assertEqual(Comment.history.count(), rows)
        comment.refresh_from_db()
        self.assertEqual(comment.body, "请补充增长依据。")

    def test_no_url_of_the_app_names_a_history_row(self):
        from tests.planning.test_access_matrix import served_url_names

        for name, pattern in served_url_names().items():
            with self.subTest(url=name):
                self.assertNotIn("history_id", str(pattern.pattern))
