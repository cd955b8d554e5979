"""Undo and redo of figure changes: a paste, a fill, an import; each a change with history; an
undo refused, with the reason, when someone else changed a cell since."""

import json
from decimal import Decimal

from django.urls import reverse

from customers.models import Customer
from planning.models import Target
from planning.numbers import grids, undo
from tests.base import PersonasTestCase, make_user

D = Decimal


def cell(row: int, month: int, raw: str, revision: int = 0) -> dict:
    return {"row": row, "month": month, "raw": raw, "revision": revision}


class UndoTests(PersonasTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.wanxing = Customer.objects.create(region=cls.shanghai, name="万星")
        cls.chen = make_user("chen", "manager", regions=[cls.shanghai])

    def setUp(self):
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        self.login(self.alice)
        self.grid = grids.TargetsByProduct(self.plan, self.product_a)
        self.url = reverse("targets_by_product", args=[self.plan.pk, self.product_a.pk])

    def post(self, *cells):
        response = self.client.post(self.url, {"payload": json.dumps(list(cells))})
        self.assertEqual(response.status_code, 200, response.content[:300])

    def values(self) -> dict:
        return {key: value for key, (value, _rev) in self.grid.cells().items()}

    def press(self, what: str, user=None):
        if user:
            self.login(user)
        return self.client.post(
            reverse(f"figures_{what}", args=[self.plan.pk]), {"next": self.url}, follow=True
        )

    def test_undo_of_a_paste_brings_every_cell_back_and_redo_applies_it_again(self):
        self.post(cell(self.langtong.pk, 1, "5"))
        self.post(
            cell(self.langtong.pk, 1, "6", 1),
            cell(self.langtong.pk, 2, "7"),
            cell(self.wanxing.pk, 1, "8"),
        )
        pasted = self.values()

        response = self.press("undo")

        self.assertContains(response, "Undone: 3 cells are back as they were.")
        self.assertEqual(
            self.values(),
            {(self.langtong.pk, 1): D(5), (self.langtong.pk, 2): D(0), (self.wanxing.pk, 1): D(0)},
        )
        reasons = list(
            Target.history.order_by("-history_id").values_list("history_change_reason", flat=True)[
                :3
            ]
        )
        self.assertEqual(reasons, ["undo"] * 3)  # an undo is a change with its history

        self.assertContains(self.press("redo"), "Redone: 3 cells.")
        self.assertEqual(self.values(), pasted)
        # undo again takes the redo back; twice more takes the first save back too
        self.press("undo")
        self.press("undo")
        self.assertEqual(set(self.values().values()), {D(0)})
        self.assertContains(self.press("undo"), "There is nothing of yours to undo in this plan.")

    def test_a_new_save_after_an_undo_empties_the_redo_stack(self):
        self.post(cell(self.langtong.pk, 1, "5"))
        self.press("undo")
        self.post(cell(self.langtong.pk, 2, "3"))

        self.assertContains(self.press("redo"), "There is nothing to redo.")

    def test_an_undo_is_refused_when_someone_else_changed_a_cell_since(self):
        self.post(cell(self.langtong.pk, 1, "5"), cell(self.langtong.pk, 2, "6"))
        self.login(self.chen)
        self.post(cell(self.langtong.pk, 2, "9", 1))  # a colleague of the same region
        before = self.values()

        response = self.press("undo", user=self.alice)

        self.assertContains(response, "Nothing was changed: Someone else changed this cell")
        self.assertEqual(self.values(), before)
        self.assertEqual(undo.stacks(self.plan, self.chen)[0][-1].cells, 1)  # chen's own stack

    def test_undo_of_a_fill(self):
        self.post(cell(self.langtong.pk, 1, "5"))
        fill_url = reverse("targets_fill", args=[self.plan.pk, self.product_a.pk, "spread"])
        preview = self.client.post(
            fill_url,
            {"spread-customer": self.langtong.pk, "spread-annual": "12", "spread-basis": "even"},
        )
        self.client.post(fill_url, {"confirm": "1", "payload": preview.context["payload"]})
        self.assertEqual(sum(self.values().values()), D(12))

        self.press("undo")

        self.assertEqual(
            {k: v for k, v in self.values().items() if v}, {(self.langtong.pk, 1): D(5)}
        )

    def test_a_reviewer_cannot_undo_a_managers_change(self):
        self.post(cell(self.langtong.pk, 1, "5"))
        self.login(self.rita)

        response = self.client.post(reverse("figures_undo", args=[self.plan.pk]))

        self.assertIn(response.status_code, (302, 403))
        self.assertEqual(self.values(), {(self.langtong.pk, 1): D(5)})
