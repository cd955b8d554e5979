"""No lost update: two people load, both save — the second is told which cells or which text
conflict, keeps what they typed, and nothing either saved is lost; a property test over random
interleavings of loads and saves loses none (issue 9, item 5)."""

import json
import re
from decimal import Decimal

from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from customers.models import Customer
from planning.models import Plan, Target
from planning.numbers import grids, saving
from tests.base import PersonasMixin, PersonasTestCase

CELL = re.compile(r'data-row="(\d+)" data-month="(\d+)" data-rev="(\d+)"')


class TwoSessionsTests(PersonasTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.taiyue = Customer.objects.create(region=cls.shanghai, name="泰岳")

    def setUp(self):
        self.first, self.second = Client(), Client()
        self.first.force_login(self.alice)
        self.second.force_login(self.alice)  # the same manager on a second computer
        self.url = reverse("targets_by_product", args=[self.plan.pk, self.product_a.pk])

    def load(self, client: Client) -> dict[tuple[int, int], int]:
        page = client.get(self.url).content.decode()
        return {(int(r), int(m)): int(rev) for r, m, rev in CELL.findall(page)}

    def save(self, client: Client, revisions, cells: dict[tuple[int, int], str]):
        payload = [
            {"row": row, "month": month, "raw": raw, "revision": revisions[(row, month)]}
            for (row, month), raw in cells.items()
        ]
        return client.post(self.url, {"payload": json.dumps(payload)})

    def quantity(self, customer, month) -> Decimal | None:
        return (
            Target.objects.filter(plan=self.plan, customer=customer, month=month)
            .values_list("quantity", flat=True)
            .first()
        )

    def test_the_second_save_of_a_grid_is_told_which_cells_conflict_and_loses_nothing(self):
        langtong, taiyue = self.langtong.pk, self.taiyue.pk
        first_view, second_view = self.load(self.first), self.load(self.second)

        saved = self.save(self.first, first_view, {(langtong, 1): "10", (langtong, 2): "20"})
        refused = self.save(self.second, second_view, {(langtong, 1): "15", (taiyue, 1): "30"})

        self.assertEqual(saved.status_code, 200)
        self.assertEqual(refused.status_code, 422)
        conflict = re.search(rf'id="cell-{langtong}-1".*?</td>', refused.content.decode(), re.S)
        self.assertIn('class="cell-msg"', conflict.group(0), "the cell says it conflicts")
        self.assertIn("10.00", conflict.group(0), "and what the other person saved")
        self.assertIn('value="15"', conflict.group(0), "the second person's typing is kept")
        self.assertEqual(self.quantity(self.langtong, 1), Decimal("10"))
        self.assertEqual(self.quantity(self.langtong, 2), Decimal("20"))
        self.assertEqual(self.quantity(self.taiyue, 1), Decimal("30"), "a cell without conflict")

        again = self.save(self.second, self.load(self.second), {(langtong, 1): "15"})

        self.assertEqual(again.status_code, 200)
        self.assertEqual(self.quantity(self.langtong, 1), Decimal("15"))

    def test_the_second_save_of_a_text_is_shown_the_others_text_and_keeps_its_own(self):
        url = reverse("plan_summary_edit", args=[self.plan.pk])
        revision = self.plan.revision
        self.first.post(url, {"strategy_changes": "守住上海份额", "revision": revision})

        response = self.second.post(url, {"strategy_changes": "扩大华东", "revision": revision})

        self.assertEqual(response.status_code, 409)
        self.assertContains(response, "守住上海份额", status_code=409)
        self.assertContains(response, "扩大华东", status_code=409)
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.strategy_changes, "守住上海份额")


SESSIONS = 3
CELLS = [(0, 1), (0, 2), (1, 1)]
STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("load"), st.integers(0, SESSIONS - 1)),
        st.tuples(
            st.just("save"),
            st.integers(0, SESSIONS - 1),
            st.sampled_from(CELLS),
            st.integers(min_value=1, max_value=9999),
        ),
    ),
    min_size=1,
    max_size=25,
)


class InterleavingTests(PersonasMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.rows = [cls.langtong.pk, Customer.objects.create(region=cls.shanghai, name="泰岳").pk]

    @settings(
        max_examples=100,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(steps=STEPS)
    def test_random_interleavings_of_loads_and_saves_lose_no_saved_edit(self, steps):
        grid = grids.TargetsByProduct(Plan.objects.get(pk=self.plan.pk), self.product_a)
        seen = [{} for _ in range(SESSIONS)]  # session → cell → the revision it loaded
        last_saved: dict[tuple[int, int], tuple[int, Decimal]] = {}  # cell → (revision, value)
        for step in steps:
            if step[0] == "load":
                seen[step[1]] = {key: rev for key, (_v, rev) in grid.cells().items()}
                continue
            _save, session, (row_index, month), value = step
            key = (self.rows[row_index], month)
            base = seen[session].get(key, 0)
            result = saving.save_cells(
                grid, user=self.alice, changes=[grids.CellChange(*key, str(value), base)]
            )
            current = grid.cells().get(key, (Decimal(0), 0))
            previous = last_saved.get(key, (0, None))
            if result.saved:
                # Saved only by someone who had seen the latest saved value.
                self.assertEqual(base, previous[0])
                self.assertEqual(current[0], Decimal(value))
                last_saved[key] = (current[1], current[0])
                seen[session][key] = current[1]
            else:
                (conflict,) = result.conflicts
                self.assertNotEqual(base, previous[0])
                self.assertEqual(conflict.conflict_value, previous[1] or Decimal(0))
                self.assertEqual(current[0], previous[1] or Decimal(0), "a conflict wrote")
        for key, (_revision, value) in last_saved.items():
            self.assertEqual(grid.cells()[key][0], value, "a saved edit was lost")
