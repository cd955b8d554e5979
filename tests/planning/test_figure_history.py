"""Every figure change is on the plan's history page: one line per save (a typed cell, a pasted
block, a fill, an import), old → new, through what; the page narrows to a grid, a customer, a
product, a month, a person or days; a cell's history opens from the grid."""

import json
from decimal import Decimal

from django.urls import reverse

from customers.models import Customer
from planning.numbers import grids, saving
from planning.spreadsheets import imports, layouts
from tests.base import PersonasTestCase


def cell(row: int, month: int, raw: str, revision: int = 0) -> dict:
    return {"row": row, "month": month, "raw": raw, "revision": revision}


class FigureHistoryTests(PersonasTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.wanxing = Customer.objects.create(region=cls.shanghai, name="万星")

    def setUp(self):
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        self.login(self.alice)
        self.grid_url = reverse("targets_by_product", args=[self.plan.pk, self.product_a.pk])

    def history(self, **filters):
        return self.client.get(reverse("plan_history", args=[self.plan.pk]), filters)

    def test_a_typed_cell_a_pasted_block_and_an_import_each_make_one_line(self):
        self.client.post(self.grid_url, {"payload": json.dumps([cell(self.langtong.pk, 1, "5")])})
        block = [cell(self.langtong.pk, m, str(m)) for m in (2, 3)] + [
            cell(self.wanxing.pk, m, "7") for m in (2, 3)
        ]
        self.client.post(self.grid_url, {"payload": json.dumps(block)})
        result = imports.import_apply(
            layout=layouts.LAYOUTS["targets"],
            plan=self.plan,
            user=self.alice,
            cells=[(self.product_a.pk, "quantity", self.langtong.pk, 1, "9", 1)],
        )
        self.assertTrue(result.ok)

        page = self.history().content.decode()

        self.assertEqual(page.count("Targets · changed"), 3)
        self.assertIn("1 cell · typed in the grid", page)
        self.assertIn("4 cells · typed in the grid", page)
        self.assertIn("1 cell · an import", page)
        # old → new for the import's cell: 5 → 9, named by customer, product and month
        self.assertInHTML(
            '<div class="history-change"><span class="text-muted">朗通 · Product A · Jan:</span>'
            " <del>5</del> → <ins>9</ins></div>",
            page,
        )

    def test_the_page_narrows_to_a_customer_and_month_as_a_cells_history(self):
        self.client.post(self.grid_url, {"payload": json.dumps([cell(self.langtong.pk, 1, "5")])})
        self.client.post(self.grid_url, {"payload": json.dumps([cell(self.wanxing.pk, 2, "6")])})

        page = self.history(
            what="targets", customer=self.langtong.pk, product=self.product_a.pk, month=1
        ).content.decode()

        self.assertIn("朗通 · Product A · Jan", page)
        self.assertNotIn("万星", page.split("history-table")[1])
        by_someone_else = self.history(who=self.rita.pk).content.decode()
        self.assertIn("No changes recorded yet.", by_someone_else)

    def test_the_grid_links_to_the_history_of_its_cells(self):
        page = self.client.get(self.grid_url)

        history = reverse("plan_history", args=[self.plan.pk])
        link = f"{history}?what=targets&amp;product={self.product_a.pk}"
        self.assertContains(page, f'href="{link}" data-row-param="customer"')

    def test_a_fill_is_named_as_such(self):
        grid = grids.TargetsByProduct(self.plan, self.product_a)
        saving.save_grids(
            user=self.alice,
            batches=[(grid, [grids.CellChange(self.langtong.pk, 1, "3", 0)])],
            reason=saving.FILLED,
        )

        self.assertContains(self.history(), "1 cell · a fill tool")
        self.assertEqual(grid.cells()[(self.langtong.pk, 1)][0], Decimal("3"))


class ChapterFilterTests(PersonasTestCase):
    def test_the_page_narrows_to_one_chapter(self):
        from planning.models import ChapterText, SwotItem

        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        self.login(self.alice)
        SwotItem.objects.create(plan=self.plan, kind="S", text="渠道覆盖广")
        ChapterText.objects.create(plan=self.plan, part="market_push", text="经销商推动")
        url = reverse("plan_history", args=[self.plan.pk])

        swot = self.client.get(url, {"what": "chapter:swot"}).content.decode()
        market = self.client.get(url, {"what": "chapter:strategies"}).content.decode()

        self.assertIn("渠道覆盖广", swot)
        self.assertNotIn("Market push", swot)
        self.assertIn("Market push", market)
        self.assertNotIn("渠道覆盖广", market)
