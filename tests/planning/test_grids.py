"""Typing figures into the month grids: parsing, prices, revisions, refusals, access and history."""

import json
from decimal import Decimal
from html.parser import HTMLParser

from django.urls import reverse

from customers.models import Customer, CustomerPrice, User
from planning.models import (
    ActualCollection,
    ActualExpense,
    ActualSale,
    CollectionPlan,
    ExpenseBudget,
    ExpenseLine,
    OpeningBalance,
    Plan,
    Target,
)
from tests.base import PersonasTestCase, make_user

VOID_ELEMENTS = {"input", "br", "hr", "img", "meta", "link"}


class ElementsById(HTMLParser):
    """The text and the first <input> of every element that has an id, from a page or fragment."""

    def __init__(self, html: str):
        super().__init__()
        self.elements: dict[str, dict] = {}
        self._open: list[str | None] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("td", "th", "div"):
            for element_id in filter(None, self._open):
                self.elements[element_id]["text"] += " "  # cells read as separate words
        if tag == "input":
            for element_id in filter(None, self._open):
                self.elements[element_id].setdefault("input", attrs)
        if tag in VOID_ELEMENTS:
            return
        element_id = attrs.get("id")
        if element_id:
            self.elements[element_id] = {"attrs": attrs, "text": ""}
        self._open.append(element_id)

    def handle_endtag(self, tag):
        if tag not in VOID_ELEMENTS and self._open:
            self._open.pop()

    def handle_data(self, data):
        for element_id in filter(None, self._open):
            self.elements[element_id]["text"] += data


def cell(row: int, month: int, raw: str, revision: int = 0) -> dict:
    return {"row": row, "month": month, "raw": raw, "revision": revision}


class GridTestCase(PersonasTestCase):
    """Shanghai has a second customer with an agreed price, Jiangsu a customer of its own."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.taiyue = Customer.objects.create(region=cls.shanghai, name="泰岳")
        CustomerPrice.objects.create(
            customer=cls.taiyue, product=cls.product_a, price=Decimal("80.00")
        )
        cls.jinling = Customer.objects.create(region=cls.jiangsu, name="金陵科技")
        cls.advertising = ExpenseLine.objects.get(code="advertising")

    def setUp(self):
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        self.login(self.alice)

    def url(self, name: str, plan: Plan | None = None, **kwargs) -> str:
        return reverse(name, kwargs={"pk": (plan or self.plan).pk, **kwargs})

    def targets_url(self, plan: Plan | None = None) -> str:
        return self.url("targets_by_product", plan, product_id=self.product_a.pk)

    def post_cells(self, url: str, *cells: dict, client=None):
        return (client or self.client).post(url, {"payload": json.dumps(list(cells))})

    def elements(self, response) -> dict[str, dict]:
        return ElementsById(response.content.decode()).elements

    def target(self, customer: Customer, month: int, quantity: str, **extra) -> Target:
        quantity = Decimal(quantity)
        price = Decimal("80.00") if customer == self.taiyue else Decimal("100.00")
        return Target.objects.create(
            plan=self.plan,
            customer=customer,
            product=self.product_a,
            month=month,
            quantity=quantity,
            amount=quantity * price,
            **extra,
        )

    def set_state(self, plan: Plan, state: str) -> None:
        Plan.objects.filter(pk=plan.pk).update(state=state)
        plan.refresh_from_db()

    def figures(self) -> dict:
        """Every figure a refused save must leave untouched, with its revision and history."""
        cells = {}
        for model in (
            Target,
            CollectionPlan,
            ExpenseBudget,
            ActualSale,
            ActualCollection,
            ActualExpense,
        ):
            cells[model.__name__] = sorted(model.objects.values_list())
            cells[f"{model.__name__} history"] = model.history.count()
        return cells


class TypingTests(GridTestCase):
    def test_typing_a_quantity_saves_it_with_the_amount_at_the_list_price(self):
        response = self.post_cells(self.targets_url(), cell(self.langtong.pk, 1, "12"))

        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Saved 1 cell.")
        target = Target.objects.get(plan=self.plan, customer=self.langtong, product=self.product_a)
        # 12 × the list price 100.00
        self.assertEqual(
            (target.month, target.quantity, target.amount, target.revision),
            (1, Decimal("12.00"), Decimal("1200.00"), 1),
        )
        saved = self.elements(response)[f"cell-{self.langtong.pk}-1"]
        self.assertEqual(saved["input"]["value"], "12")
        self.assertEqual(saved["input"]["data-rev"], "1")
        self.assertNotIn("aria-invalid", saved["input"])

    def test_a_customer_price_overrides_the_list_price(self):
        response = self.post_cells(self.targets_url(), cell(self.taiyue.pk, 3, "10"))

        self.assertEqual(response.status_code, 200)
        target = Target.objects.get(customer=self.taiyue)
        self.assertEqual(target.amount, Decimal("800.00"))  # 10 × the agreed 80.00, not 100.00
        amount_column = self.elements(response)[f"rx-{self.taiyue.pk}-1"]
        self.assertEqual(amount_column["text"], "800.00")

    def test_the_same_quantity_typed_from_the_customers_side_gets_the_same_price(self):
        url = self.url("targets_by_customer", customer_id=self.taiyue.pk)

        response = self.post_cells(url, cell(self.product_a.pk, 4, "2.5"))

        self.assertEqual(response.status_code, 200)
        self.assertEqual(Target.objects.get(customer=self.taiyue).amount, Decimal("200.00"))

    def test_saving_a_cell_again_bumps_its_revision_and_recomputes_the_amount(self):
        self.post_cells(self.targets_url(), cell(self.langtong.pk, 1, "12"))

        response = self.post_cells(self.targets_url(), cell(self.langtong.pk, 1, "15", 1))

        self.assertEqual(response.status_code, 200)
        target = Target.objects.get(customer=self.langtong)
        self.assertEqual((target.quantity, target.amount, target.revision), (15, 1500, 2))
        self.assertEqual(
            self.elements(response)[f"cell-{self.langtong.pk}-1"]["input"]["data-rev"], "2"
        )

    def test_the_response_carries_the_refreshed_row_column_and_grand_totals(self):
        self.target(self.langtong, 1, "5", revision=1)
        self.target(self.langtong, 2, "2", revision=1)
        self.target(self.taiyue, 1, "3", revision=1)

        response = self.post_cells(self.targets_url(), cell(self.langtong.pk, 1, "10", 1))

        self.assertEqual(response.status_code, 200)
        elements = self.elements(response)
        # 朗通: 10 + 2 = 12 units, 12 × 100.00 = 1,200.00
        self.assertEqual(elements[f"rt-{self.langtong.pk}"]["text"], "12")
        self.assertEqual(elements[f"rx-{self.langtong.pk}-1"]["text"], "1,200.00")
        # Jan: 10 + 3 = 13; Feb: 2; the other months 0; all: 15 units, 1,200.00 + 3 × 80.00
        footer = elements["grid-footer"]
        self.assertEqual(footer["attrs"].get("hx-swap-oob"), "true")
        self.assertEqual(
            footer["text"].split(),
            ["Total", "13", "2", *["0"] * 10, "15", "1,440.00", "0", "—"],
        )

    def test_grouped_and_full_width_figures_are_accepted(self):
        response = self.post_cells(
            self.targets_url(),
            cell(self.langtong.pk, 1, "1,234.50"),
            cell(self.langtong.pk, 2, "１２３４"),
            cell(self.taiyue.pk, 1, " ￥２,０００．２５ "),
        )

        self.assertEqual(response.status_code, 200)
        quantities = {
            (c, m): q for c, m, q in Target.objects.values_list("customer_id", "month", "quantity")
        }
        self.assertEqual(
            quantities,
            {
                (self.langtong.pk, 1): Decimal("1234.50"),
                (self.langtong.pk, 2): Decimal("1234"),
                (self.taiyue.pk, 1): Decimal("2000.25"),
            },
        )
        elements = self.elements(response)
        self.assertEqual(elements[f"cell-{self.langtong.pk}-1"]["input"]["value"], "1,234.50")
        self.assertEqual(elements[f"cell-{self.langtong.pk}-2"]["input"]["value"], "1,234")
        self.assertEqual(elements[f"rt-{self.langtong.pk}"]["text"], "2,468.50")

    def test_a_blank_cell_saves_zero(self):
        self.target(self.langtong, 1, "5", revision=1)

        response = self.post_cells(self.targets_url(), cell(self.langtong.pk, 1, "  ", 1))

        self.assertEqual(response.status_code, 200)
        target = Target.objects.get(customer=self.langtong)
        self.assertEqual((target.quantity, target.amount, target.revision), (0, 0, 2))
        elements = self.elements(response)
        self.assertEqual(elements[f"cell-{self.langtong.pk}-1"]["input"]["value"], "")
        self.assertEqual(elements[f"rt-{self.langtong.pk}"]["text"], "0")

    def test_a_blank_cell_that_was_never_filled_stores_nothing(self):
        response = self.post_cells(self.targets_url(), cell(self.langtong.pk, 1, ""))

        self.assertEqual(response.status_code, 200)
        self.assertFalse(Target.objects.exists())

    def test_the_collections_plan_takes_monthly_collections(self):
        response = self.post_cells(
            self.url("collections_plan"), cell(self.langtong.pk, 1, "1,000.50")
        )

        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            dict(CollectionPlan.objects.values_list("month", "amount")),
            {1: Decimal("1000.50")},
        )
        elements = self.elements(response)
        self.assertEqual(elements[f"rt-{self.langtong.pk}"]["text"], "1,000.50")

    def test_the_collections_plan_has_no_opening_column(self):
        # The opening balance is a debt owed at the start, not a collection: it has its own
        # grid, by age, and a cell 0 here is not part of the grid.
        response = self.post_cells(self.url("collections_plan"), cell(self.langtong.pk, 0, "5"))

        self.assertContains(response, "This cell is not part of the grid.", status_code=422)
        self.assertFalse(CollectionPlan.objects.exists())
        page = self.client.get(self.url("collections_plan"))
        self.assertNotIn(f"cell-{self.langtong.pk}-0", self.elements(page))

    def test_the_opening_balance_is_entered_by_age_and_its_total_is_the_customers_opening(self):
        response = self.post_cells(
            self.url("opening_balances"),
            cell(self.langtong.pk, 0, "20,000"),
            cell(self.langtong.pk, 11, "10,000"),
            cell(self.langtong.pk, 12, "20,000.50"),
        )

        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            dict(OpeningBalance.objects.values_list("month", "amount")),
            {0: Decimal("20000.00"), 11: Decimal("10000.00"), 12: Decimal("20000.50")},
        )
        elements = self.elements(response)
        # The row total is the customer's whole opening balance, not aged part included.
        self.assertEqual(elements[f"rt-{self.langtong.pk}"]["text"], "50,000.50")

        page = self.client.get(self.url("opening_balances"))
        self.assertContains(page, "Not aged")
        self.assertContains(page, f"Dec {self.plan.period.year - 1}")
        elements = self.elements(page)
        self.assertEqual(elements[f"cell-{self.langtong.pk}-0"]["input"]["value"], "20,000.00")
        # Footer: not aged, last year's January … December, the total.
        self.assertEqual(
            elements["grid-footer"]["text"].split()[1:],
            ["20,000.00", *["0.00"] * 10, "10,000.00", "20,000.50", "50,000.50"],
        )

    def test_the_expense_budget_saves_amounts(self):
        response = self.post_cells(
            self.url("expense_budget"), cell(self.advertising.pk, 6, "18,000")
        )

        self.assertEqual(response.status_code, 200)
        budget = ExpenseBudget.objects.get(plan=self.plan)
        self.assertEqual((budget.line, budget.month, budget.amount), (self.advertising, 6, 18000))

    def test_a_negative_actual_sale_is_accepted_as_a_credit_note(self):
        url = self.url("actual_sales", product_id=self.product_a.pk)

        response = self.post_cells(url, cell(self.langtong.pk, 2, "-1,000.00"))

        self.assertEqual(response.status_code, 200)
        sale = ActualSale.objects.get()
        self.assertEqual(
            (sale.region, sale.period, sale.customer, sale.month, sale.amount),
            (self.shanghai, self.period, self.langtong, 2, Decimal("-1000.00")),
        )
        self.assertEqual(self.elements(response)[f"rt-{self.langtong.pk}"]["text"], "-1,000.00")


class RefusedFigureTests(GridTestCase):
    REFUSED = [
        ("12abc", "Type a number, such as 1,234.50."),
        ("1e3", "Type a number, such as 1,234.50."),
        ("1,2,3", "Type a number, such as 1,234.50."),
        ("-5", "This figure cannot be negative."),
        ("1.234", "At most two decimal places."),
        ("1000000000000", "Too large: the limit is 999,999,999,999.99."),
        ("1,000,000,000,000.00", "Too large: the limit is 999,999,999,999.99."),
    ]

    def setUp(self):
        super().setUp()
        self.target(self.langtong, 1, "5", revision=3)
        self.target(self.taiyue, 1, "4", revision=1)

    def assert_refused(self, response, row: int, month: int, raw: str, message: str):
        self.assertEqual(response.status_code, 422)
        self.assertContains(response, message, status_code=422)
        refused = self.elements(response)[f"cell-{row}-{month}"]
        self.assertEqual(refused["input"]["value"], raw)  # the typed text stays to be corrected
        self.assertEqual(refused["input"]["aria-invalid"], "true")
        self.assertIn("is-invalid", refused["input"]["class"])
        self.assertEqual(refused["input"]["title"], message)

    def test_a_refused_quantity_shows_its_message_and_saves_nothing_of_its_block(self):
        for raw, message in self.REFUSED:
            with self.subTest(raw=raw):
                before = self.figures()

                response = self.post_cells(
                    self.targets_url(),
                    cell(self.langtong.pk, 1, "7", 3),  # a valid change in the same block
                    cell(self.langtong.pk, 2, "8"),  # a valid new cell in the same block
                    cell(self.taiyue.pk, 2, raw),
                )

                self.assert_refused(response, self.taiyue.pk, 2, raw, message)
                self.assertContains(response, "nothing was saved", status_code=422)
                held_back = self.elements(response)[f"cell-{self.langtong.pk}-1"]
                self.assertEqual(held_back["input"]["value"], "7")
                self.assertIn("Not saved: another cell of this block is wrong.", held_back["text"])
                self.assertEqual(self.figures(), before)

    def test_typed_markup_is_shown_back_as_text(self):
        response = self.post_cells(self.targets_url(), cell(self.taiyue.pk, 2, "<b>1</b>"))

        self.assert_refused(
            response, self.taiyue.pk, 2, "<b>1</b>", "Type a number, such as 1,234.50."
        )
        self.assertContains(response, "&lt;b&gt;1&lt;/b&gt;", status_code=422)
        self.assertNotContains(response, "<b>1</b>", status_code=422)

    def test_a_quantity_whose_amount_would_pass_the_limit_is_refused(self):
        before = self.figures()

        # 10,000,000,000 × 100.00 = 1,000,000,000,000.00: the amount would not fit.
        response = self.post_cells(self.targets_url(), cell(self.langtong.pk, 3, "10,000,000,000"))

        self.assert_refused(
            response,
            self.langtong.pk,
            3,
            "10,000,000,000",
            "Too large: the limit is 999,999,999,999.99.",
        )
        self.assertEqual(self.figures(), before)

    def test_a_negative_planned_collection_is_refused(self):
        before = self.figures()

        response = self.post_cells(
            self.url("collections_plan"),
            cell(self.langtong.pk, 1, "1,000"),
            cell(self.langtong.pk, 3, "-100"),
        )

        self.assert_refused(
            response, self.langtong.pk, 3, "-100", "This figure cannot be negative."
        )
        self.assertEqual(self.figures(), before)

    def test_a_negative_expense_budget_is_refused(self):
        before = self.figures()

        response = self.post_cells(
            self.url("expense_budget"),
            cell(self.advertising.pk, 1, "500"),
            cell(self.advertising.pk, 2, "－１"),  # a full-width minus is still a minus
        )

        self.assert_refused(
            response, self.advertising.pk, 2, "－１", "This figure cannot be negative."
        )
        self.assertEqual(self.figures(), before)

    def test_a_negative_actual_collection_is_refused(self):
        before = self.figures()

        response = self.post_cells(self.url("actual_collections"), cell(self.langtong.pk, 1, "-10"))

        self.assert_refused(response, self.langtong.pk, 1, "-10", "This figure cannot be negative.")
        self.assertEqual(self.figures(), before)

    def test_a_payload_that_is_not_a_list_of_cells_is_a_bad_request(self):
        before = self.figures()
        for payload in ("", "not json", "{}", "[]", '[{"row": 1}]', "[1, 2]"):
            with self.subTest(payload=payload):
                response = self.client.post(self.targets_url(), {"payload": payload})

                self.assertEqual(response.status_code, 400)
        self.assertEqual(self.figures(), before)


class ConflictTests(GridTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.carol = make_user("carol", User.Role.MANAGER, regions=[cls.shanghai])

    def test_a_stale_revision_is_refused_with_the_current_value_and_the_first_save_kept(self):
        carol = self.client_class()
        carol.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        carol.force_login(self.carol)
        # Both open the grid while the cell is empty (revision 0).
        for client in (self.client, carol):
            page = client.get(self.targets_url())
            self.assertEqual(
                self.elements(page)[f"cell-{self.langtong.pk}-1"]["input"]["data-rev"], "0"
            )

        first = self.post_cells(self.targets_url(), cell(self.langtong.pk, 1, "12"))
        second = self.post_cells(
            self.targets_url(),
            cell(self.langtong.pk, 1, "30"),
            cell(self.langtong.pk, 2, "4"),
            client=carol,
        )

        self.assertEqual(first.status_code, 200)
        self.assertEqual(second.status_code, 422)
        message = "Someone else changed this cell; it now holds 12.00."
        self.assertContains(second, message, status_code=422)
        refused = self.elements(second)[f"cell-{self.langtong.pk}-1"]
        self.assertEqual(refused["input"]["value"], "30")  # carol's figure, to keep or drop
        self.assertEqual(refused["input"]["data-rev"], "1")  # the revision she has now seen
        target = Target.objects.get(customer=self.langtong, month=1)
        self.assertEqual((target.quantity, target.amount, target.revision), (12, 1200, 1))
        self.assertEqual(
            list(target.history.values_list("quantity", "history_user")),
            [(Decimal("12.00"), self.alice.pk)],
        )
        # The other cell of carol's block was not in conflict and was saved.
        self.assertEqual(Target.objects.get(month=2).quantity, 4)

    def test_no_save_reported_as_successful_is_ever_lost(self):
        carol = self.client_class()
        carol.force_login(self.carol)
        seen = {self.client: 0, carol: 0}  # the revision each one's page holds
        succeeded, refused = [], 0
        for turn, client in enumerate([self.client, carol, carol, self.client, self.client, carol]):
            raw = str(turn + 1)
            response = self.post_cells(
                self.targets_url(), cell(self.langtong.pk, 1, raw, seen[client]), client=client
            )
            if response.status_code == 200:
                succeeded.append(Decimal(raw))
            else:
                refused += 1
            # Saved or refused, the cell now carries the revision its figure belongs to.
            seen[client] = int(
                self.elements(response)[f"cell-{self.langtong.pk}-1"]["input"]["data-rev"]
            )

        # alice 1 saved; carol 2 stale; carol 3 saved; alice 4 stale; alice 5 saved; carol 6 stale
        self.assertEqual((succeeded, refused), ([1, 3, 5], 3))
        target = Target.objects.get(customer=self.langtong, month=1)
        history = list(target.history.order_by("history_id").values_list("quantity", flat=True))
        self.assertEqual(history, succeeded)
        self.assertEqual((target.quantity, target.revision), (5, 3))


class AccessTests(GridTestCase):
    def grid_urls(self, plan: Plan | None = None) -> dict[str, tuple[str, int]]:
        """Each grid's URL and a row it has in alice's region."""
        return {
            "targets": (self.targets_url(plan), self.langtong.pk),
            "targets by customer": (
                self.url("targets_by_customer", plan, customer_id=self.langtong.pk),
                self.product_a.pk,
            ),
            "collections": (self.url("collections_plan", plan), self.langtong.pk),
            "budget": (self.url("expense_budget", plan), self.advertising.pk),
        }

    def actuals_urls(self) -> dict[str, tuple[str, int]]:
        return {
            "sales": (self.url("actual_sales", product_id=self.product_a.pk), self.langtong.pk),
            "collected": (self.url("actual_collections"), self.langtong.pk),
            "expenses": (self.url("actual_expenses"), self.advertising.pk),
        }

    def test_a_row_of_another_regions_customer_is_refused_and_changes_nothing(self):
        before = self.figures()
        for name in ("targets", "collections"):
            url, row = self.grid_urls()[name]
            with self.subTest(grid=name):
                response = self.post_cells(url, cell(row, 1, "5"), cell(self.jinling.pk, 1, "5"))

                self.assertContains(response, "nothing was saved", status_code=422)
        url, row = self.actuals_urls()["sales"]
        response = self.post_cells(url, cell(self.jinling.pk, 1, "5"))
        self.assertContains(response, "nothing was saved", status_code=422)
        self.assertEqual(self.figures(), before)

    def test_a_month_outside_the_grid_is_refused(self):
        response = self.post_cells(self.targets_url(), cell(self.langtong.pk, 13, "5"))

        self.assertContains(response, "nothing was saved", status_code=422)
        self.assertFalse(Target.objects.exists())

    def test_a_submitted_or_approved_plan_refuses_plan_figures(self):
        self.target(self.langtong, 1, "5", revision=1)
        for state in (Plan.State.SUBMITTED, Plan.State.APPROVED):
            self.set_state(self.plan, state)
            before = self.figures()
            for name, (url, row) in self.grid_urls().items():
                with self.subTest(state=state, grid=name):
                    response = self.post_cells(url, cell(row, 1, "9", 1), cell(row, 2, "9"))

                    self.assertContains(response, "read-only; nothing was changed", status_code=403)
                    self.assertEqual(self.figures(), before)
                    self.plan.refresh_from_db()
                    self.assertEqual(self.plan.state, state)

    def test_a_read_only_plan_answers_403_even_to_figures_it_could_not_read(self):
        self.set_state(self.plan, Plan.State.SUBMITTED)

        response = self.post_cells(self.targets_url(), cell(self.langtong.pk, 1, "abc"))

        self.assertEqual(response.status_code, 403)

    def test_a_submitted_plan_still_takes_actuals_from_its_manager(self):
        self.set_state(self.plan, Plan.State.SUBMITTED)
        for name, (url, row) in self.actuals_urls().items():
            with self.subTest(grid=name):
                response = self.post_cells(url, cell(row, 1, "1,500"))

                self.assertEqual(response.status_code, 200)
        self.assertEqual(ActualSale.objects.get().amount, Decimal("1500.00"))
        self.assertEqual(ActualCollection.objects.get().amount, Decimal("1500.00"))
        self.assertEqual(ActualExpense.objects.get().amount, Decimal("1500.00"))
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.state, Plan.State.SUBMITTED)

    def test_a_returned_plan_becomes_a_draft_again_when_its_manager_types(self):
        self.set_state(self.plan, Plan.State.RETURNED)

        response = self.post_cells(self.targets_url(), cell(self.langtong.pk, 1, "5"))

        self.assertEqual(response.status_code, 200)
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.state, Plan.State.DRAFT)
        self.assertEqual(Target.objects.get().quantity, 5)

    def test_the_reviewer_reads_the_grids_but_saving_is_forbidden(self):
        self.login(self.rita)
        before = self.figures()
        urls = {**self.grid_urls(), **self.actuals_urls()}
        for name, (url, row) in urls.items():
            with self.subTest(grid=name):
                self.assertEqual(self.client.get(url).status_code, 200)
                for raw in ("5", "abc"):
                    response = self.post_cells(url, cell(row, 1, raw))

                    self.assertEqual(response.status_code, 403)
        self.assertEqual(self.figures(), before)

    def test_another_regions_manager_gets_not_found(self):
        self.login(self.bob)
        before = self.figures()
        urls = {**self.grid_urls(), **self.actuals_urls()}
        for name, (url, row) in urls.items():
            with self.subTest(grid=name):
                self.assertEqual(self.client.get(url).status_code, 404)
                response = self.post_cells(url, cell(row, 1, "5"))

                self.assertEqual(response.status_code, 404)
        self.assertEqual(self.figures(), before)

    def test_bob_cannot_save_into_his_plan_a_row_of_alices_customer(self):
        self.login(self.bob)

        response = self.post_cells(
            self.targets_url(self.other_plan), cell(self.langtong.pk, 1, "5")
        )

        self.assertContains(response, "nothing was saved", status_code=422)
        self.assertFalse(Target.objects.exists())


class HistoryTests(GridTestCase):
    def test_every_saved_cell_has_a_history_row_with_the_user(self):
        self.post_cells(
            self.targets_url(),
            cell(self.langtong.pk, 1, "1"),
            cell(self.langtong.pk, 2, "2"),
            cell(self.taiyue.pk, 1, "3"),
        )
        self.post_cells(self.targets_url(), cell(self.langtong.pk, 1, "10", 1))
        self.post_cells(self.url("expense_budget"), cell(self.advertising.pk, 1, "100"))

        history = Target.history.order_by("history_id")
        self.assertEqual(
            list(history.values_list("customer_id", "month", "quantity", "history_type")),
            [
                (self.langtong.pk, 1, Decimal("1.00"), "+"),
                (self.langtong.pk, 2, Decimal("2.00"), "+"),
                (self.taiyue.pk, 1, Decimal("3.00"), "+"),
                (self.langtong.pk, 1, Decimal("10.00"), "~"),
            ],
        )
        self.assertEqual(set(history.values_list("history_user", flat=True)), {self.alice.pk})
        self.assertEqual(history.last().amount, Decimal("1000.00"))
        budget = ExpenseBudget.history.get()
        self.assertEqual((budget.amount, budget.history_user), (100, self.alice))

    def test_an_unchanged_figure_writes_no_history(self):
        self.post_cells(self.targets_url(), cell(self.langtong.pk, 1, "5"))

        response = self.post_cells(self.targets_url(), cell(self.langtong.pk, 1, "5.00", 1))

        self.assertEqual(response.status_code, 200)
        self.assertEqual(Target.history.count(), 1)
        self.assertEqual(Target.objects.get().revision, 1)

    def test_a_grid_save_and_an_import_record_their_history_alike(self):
        """Both go through the one write path: the same user, kind and reason on every row,
        and one time for all the rows of one save."""
        from planning.spreadsheets import imports as spreadsheet_imports
        from planning.spreadsheets import layouts as spreadsheets

        self.target(self.langtong, 3, "1")
        self.target(self.langtong, 4, "1")
        before = set(Target.history.values_list("history_id", flat=True))
        self.post_cells(
            self.targets_url(),
            cell(self.langtong.pk, 1, "1"),
            cell(self.langtong.pk, 2, "2"),
            cell(self.langtong.pk, 3, "3", 1),
        )
        grid_save = set(Target.history.values_list("history_id", flat=True)) - before
        result = spreadsheet_imports.import_apply(
            layout=spreadsheets.LAYOUTS["targets"],
            plan=self.plan,
            user=self.alice,
            cells=[
                (self.product_a.pk, "quantity", self.taiyue.pk, 1, "5", 0),
                (self.product_a.pk, "quantity", self.taiyue.pk, 2, "6", 0),
                (self.product_a.pk, "quantity", self.langtong.pk, 4, "7", 1),
            ],
        )
        self.assertTrue(result.ok)

        def recorded(rows):
            fields = ("history_type", "history_user")
            return sorted(rows.values_list(*fields))

        by_grid = Target.history.filter(history_id__in=grid_save)
        by_import = Target.history.exclude(history_id__in=grid_save | before)
        self.assertEqual(recorded(by_grid), recorded(by_import))
        self.assertEqual(
            recorded(by_grid), [("+", self.alice.pk), ("+", self.alice.pk), ("~", self.alice.pk)]
        )
        # Each row says through what the figure changed.
        self.assertEqual(set(by_grid.values_list("history_change_reason", flat=True)), {"grid"})
        self.assertEqual(set(by_import.values_list("history_change_reason", flat=True)), {"import"})
        self.assertEqual(len(set(by_grid.values_list("history_date", flat=True))), 1)
        self.assertEqual(len(set(by_import.values_list("history_date", flat=True))), 1)


class PasteTests(GridTestCase):
    ROWS = 300

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        Customer.objects.bulk_create(
            Customer(region=cls.shanghai, name=f"客户{number:03}") for number in range(cls.ROWS)
        )
        cls.pasted = list(
            Customer.objects.filter(name__startswith="客户").values_list("pk", flat=True)
        )

    def test_a_300_by_12_paste_saves_every_cell_in_one_request(self):
        cells = [
            cell(customer, month, f"{(index % 7) + 1},000")
            for index, customer in enumerate(self.pasted)
            for month in range(1, 13)
        ]

        response = self.post_cells(self.targets_url(), *cells)

        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Saved 3,600 cells.")
        self.assertEqual(Target.objects.filter(plan=self.plan).count(), 3600)
        # Each customer pastes 1,000 … 7,000 in turn: 300 = 42 × 7 + 6, so 43 customers of each
        # of 1,000 … 6,000 and 42 of 7,000, twelve months each.
        units = (43 * (1 + 2 + 3 + 4 + 5 + 6) + 42 * 7) * 1000 * 12
        self.assertEqual(sum(Target.objects.values_list("quantity", flat=True)), Decimal(units))
        self.assertEqual(self.elements(response)["grid-footer"]["text"].split()[13], f"{units:,}")
        self.assertEqual(Target.history.filter(history_user=self.alice).count(), 3600)
