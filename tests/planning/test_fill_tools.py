"""Filling the targets fast: exact allocation, spreading, copying last year, splitting a total."""

import re
from datetime import date
from decimal import Decimal

from django.test import SimpleTestCase
from django.urls import reverse

from customers.models import Customer, Period
from planning.models import ActualSale, MonthlyProfile, Plan, Target
from planning.numbers import allocation, fill
from tests.base import PersonasTestCase

D = Decimal
MONTHS = range(1, 13)


class AllocateTests(SimpleTestCase):
    """Largest remainder in cents: floor every exact share, then hand the cents left over to the
    largest remainders, the earlier key first on a tie."""

    def test_100_over_twelve_even_months(self):
        # 10,000 cents / 12 = 833.33…: twelve floors of 833 = 9,996, 4 cents left, all
        # remainders equal → January to April get one more: 8.34 × 4 + 8.33 × 8 = 100.00
        parts = allocation.spread_over_months(D("100"))

        self.assertEqual(list(parts), list(MONTHS))
        self.assertEqual(list(parts.values()), [D("8.34")] * 4 + [D("8.33")] * 8)
        self.assertEqual(sum(parts.values()), D("100.00"))

    def test_one_yuan_over_twelve_months(self):
        # 100 cents / 12 = 8.33…: floors 8 × 12 = 96, 4 left → 0.09 × 4 + 0.08 × 8 = 1.00
        parts = allocation.spread_over_months(D("1"))

        self.assertEqual(list(parts.values()), [D("0.09")] * 4 + [D("0.08")] * 8)

    def test_a_third_each(self):
        # 100 cents / 3 = 33.33…: floors 99, 1 left → the first key: 0.34 + 0.33 + 0.33 = 1.00
        parts = allocation.allocate(D("1.00"), {"a": 1, "b": 1, "c": 1})

        self.assertEqual(parts, {"a": D("0.34"), "b": D("0.33"), "c": D("0.33")})

    def test_the_largest_remainder_gets_the_cent(self):
        # 1,000 cents in 1 : 2 → exact 333.33 and 666.67, floors 333 + 666 = 999; the
        # remainders .33 and .67 → b gets the last cent: 3.33 + 6.67 = 10.00
        parts = allocation.allocate(D("10"), {"a": D(1), "b": D(2)})

        self.assertEqual(parts, {"a": D("3.33"), "b": D("6.67")})

    def test_seasonality_weights(self):
        # Weights 8, 4, 8 × 9, 16 (sum 100) on 1,000.01 = 100,001 cents: exact 8,000.08,
        # 4,000.04, 8,000.08 × 9, 16,000.16; floors 100,000, 1 cent left → December (.16).
        weights = [D(8), D(4)] + [D(8)] * 9 + [D(16)]

        parts = allocation.spread_over_months(D("1000.01"), weights)

        self.assertEqual(
            list(parts.values()), [D("80.00"), D("40.00")] + [D("80.00")] * 9 + [D("160.01")]
        )

    def test_whole_units(self):
        # 7 / 3 = 2.33…: floors 6, 1 left → the first key
        parts = allocation.allocate(D(7), {"x": 1, "y": 1, "z": 1}, unit=D(1))

        self.assertEqual(parts, {"x": D(3), "y": D(2), "z": D(2)})

    def test_all_zero_weights_split_evenly(self):
        self.assertEqual(allocation.allocate(D("0.05"), {1: 0, 2: 0}), {1: D("0.03"), 2: D("0.02")})

    def test_a_negative_weight_counts_as_zero(self):
        # A month of net returns (a credit note) last year: it gets no share; 110 over the
        # other eleven months is 10.00 each.
        weights = [D(-5)] + [D(10)] * 11

        parts = allocation.spread_over_months(D("110"), weights)

        self.assertEqual(list(parts.values()), [D("0.00")] + [D("10.00")] * 11)

    def test_a_negative_total_still_adds_up(self):
        # -100 cents / 3 = -33.33…: floors (toward minus infinity) -34 × 3 = -102, 2 cents
        # left → the first two: -0.33 - 0.33 - 0.34 = -1.00
        parts = allocation.allocate(D("-1.00"), {"a": 1, "b": 1, "c": 1})

        self.assertEqual(parts, {"a": D("-0.33"), "b": D("-0.33"), "c": D("-0.34")})

    def test_parts_always_add_up_to_the_whole(self):
        cases = [
            (D("0.01"), {1: 1, 2: 1, 3: 1}),
            (D("999999999.99"), {1: 3, 2: 7, 3: 11}),
            (D("12345.67"), dict(zip(MONTHS, [7, 5, 8, 8, 8, 9, 8, 8, 9, 9, 10, 11], strict=True))),
            (D("100"), {1: D("0.1"), 2: D("0.2"), 3: D("0.7")}),
        ]
        for total, weights in cases:
            with self.subTest(total=total):
                self.assertEqual(sum(allocation.allocate(total, weights).values()), total)

    def test_growth_rounds_half_up_to_the_cent(self):
        self.assertEqual(allocation.grow(D("10"), D("8")), D("10.80"))
        self.assertEqual(allocation.grow(D("33.33"), D("10")), D("36.66"))  # 36.663
        self.assertEqual(allocation.grow(D("0.25"), D("-50")), D("0.13"))  # 0.125, half up


class FillRuleTests(SimpleTestCase):
    """A month without last year's figure follows the customer's average month, never 0."""

    def test_a_missing_month_weighs_as_the_average_recorded_month(self):
        weights, missing = fill.profile({1: {1: D(10), 2: D(20)}}, 1)

        self.assertEqual(missing, list(range(3, 13)))
        self.assertEqual(weights, [D(10), D(20)] + [D(15)] * 10)

    def test_a_customer_without_figures_is_spread_evenly(self):
        weights, missing = fill.profile({}, 1)

        self.assertEqual(missing, list(range(1, 13)))
        self.assertEqual(set(weights), {D(1)})

    def test_whole_units_by_the_largest_remainder(self):
        cells = fill.spread(1, D(100), None, unit=D(1))

        self.assertEqual([cells[(1, m)] for m in range(1, 13)], [D(9)] * 4 + [D(8)] * 8)


class FillToolTestCase(PersonasTestCase):
    """Last year (2026) Shanghai sold product A to 朗通 8, 4, 8 × 9, 16 (100 units), to 泰岳 25 a
    month (300 units), to 万星 one return of 5 then 10 a month, and to a customer since lost."""

    LANGTONG_2026 = [D(8), D(4)] + [D(8)] * 9 + [D(16)]

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # Counted in decimals (tonnes, say), so that the cents of the spreads show; whole units
        # are WholeUnitTests' own.
        cls.product_a.whole_units = False
        cls.product_a.save()
        cls.last_year = Period.objects.create(year=2026, submission_due=date(2025, 12, 15))
        cls.taiyue = Customer.objects.create(region=cls.shanghai, name="泰岳")
        cls.wanxing = Customer.objects.create(region=cls.shanghai, name="万星")
        cls.lost = Customer.objects.create(region=cls.shanghai, name="旧客户", active=False)
        sales = {
            cls.langtong: cls.LANGTONG_2026,
            cls.taiyue: [D(25)] * 12,
            cls.wanxing: [D(-5)] + [D(10)] * 11,
            cls.lost: [D(50)] + [D(0)] * 11,
        }
        ActualSale.objects.bulk_create(
            ActualSale(
                region=cls.shanghai,
                period=cls.last_year,
                customer=customer,
                product=cls.product_a,
                month=month,
                quantity=quantity,
                amount=quantity * 100,
            )
            for customer, quantities in sales.items()
            for month, quantity in zip(MONTHS, quantities, strict=True)
            if quantity
        )

    def setUp(self):
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        self.login(self.alice)

    def preview(self, tool: str, data: dict, plan: Plan | None = None, **kwargs):
        url = reverse("targets_fill", args=[(plan or self.plan).pk, self.product_a.pk, tool])
        return self.client.post(
            url, {f"{tool}-{key}": value for key, value in data.items()}, **kwargs
        )

    def fill(self, tool: str, data: dict, plan: Plan | None = None, **kwargs):
        """The tool's preview, then its confirmation, as the manager clicks them."""
        response = self.preview(tool, data, plan)
        if response.status_code != 200 or "payload" not in (response.context or {}):
            return self.preview(tool, data, plan, **kwargs) if kwargs else response
        url = reverse("targets_fill", args=[(plan or self.plan).pk, self.product_a.pk, tool])
        return self.client.post(
            url, {"confirm": "1", "payload": response.context["payload"]}, **kwargs
        )

    def quantities(self, customer: Customer) -> list[Decimal]:
        stored = dict(
            Target.objects.filter(
                plan=self.plan, customer=customer, product=self.product_a
            ).values_list("month", "quantity")
        )
        return [stored.get(month, D(0)) for month in MONTHS]

    def snapshot(self) -> dict:
        return {
            "targets": sorted(Target.objects.values_list()),
            "history": Target.history.count(),
            "profiles": sorted(MonthlyProfile.objects.values_list()),
        }

    def assert_filled(self, response, count: int):
        self.assertRedirects(
            response, reverse("targets_by_product", args=[self.plan.pk, self.product_a.pk])
        )
        self.assertContains(response, f"Filled {count} cells.")

    def assert_refused_at(self, response, form: str, field: str, message: str):
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.context[form].errors[field], [message])
        # crispy renders the message under the field it belongs to, which points to it
        field_id = f"id_{response.context[form].prefix}-{field}"
        self.assertContains(
            response,
            f'<p id="error_1_{field_id}"><strong>{message}</strong></p>',
            status_code=422,
            html=True,
        )
        field_tag = re.search(
            rf'<(?:input|select) [^>]*id="{field_id}"[^>]*>', response.content.decode()
        )
        self.assertIn("is-invalid", field_tag.group())
        self.assertIn(f"{field_id}_error", field_tag.group())  # aria-describedby


class SpreadTests(FillToolTestCase):
    def test_spreading_evenly_fills_the_twelve_months_to_the_cent(self):
        response = self.fill(
            "spread", {"customer": self.langtong.pk, "annual": "100", "basis": "even"}, follow=True
        )

        self.assert_filled(response, 12)
        # 8.34 × 4 + 8.33 × 8 = 100.00 (see AllocateTests)
        self.assertEqual(self.quantities(self.langtong), [D("8.34")] * 4 + [D("8.33")] * 8)
        self.assertEqual(
            Target.objects.get(customer=self.langtong, month=1).amount, D("834.00")
        )  # 8.34 × 100.00

    def test_spreading_by_last_years_seasonality(self):
        # 朗通's weights 8, 4, 8 × 9, 16 on 1,000.01: 80, 40, 80 × 9, 160.01 (see AllocateTests)
        response = self.fill(
            "spread",
            {"customer": self.langtong.pk, "annual": "1,000.01", "basis": "seasonal"},
            follow=True,
        )

        self.assert_filled(response, 12)
        self.assertEqual(
            self.quantities(self.langtong), [D(80), D(40)] + [D(80)] * 9 + [D("160.01")]
        )

    def test_a_month_of_net_returns_gets_no_share_of_the_seasonal_spread(self):
        # 万星 returned 5 in January and bought 10 a month after: 110 → 0 + 10 × 11
        response = self.fill(
            "spread",
            {"customer": self.wanxing.pk, "annual": "110", "basis": "seasonal"},
            follow=True,
        )

        self.assert_filled(response, 11)  # January stays empty: nothing changes there
        self.assertEqual(self.quantities(self.wanxing), [D(0)] + [D(10)] * 11)

    def test_spreading_by_a_saved_profile(self):
        saved = self.fill(
            "profile", {"name": "year-end peak", "weights_text": "1, 1, 1, 1 1 1 1 1 1 1 1 2"}
        )
        self.assertEqual(saved.status_code, 302)
        profile = MonthlyProfile.objects.get(region=self.shanghai)
        self.assertEqual(profile.weights, ["1.00"] * 11 + ["2.00"])

        response = self.fill(
            "spread",
            {
                "customer": self.taiyue.pk,
                "annual": "100",
                "basis": "profile",
                "profile": profile.pk,
            },
            follow=True,
        )

        self.assert_filled(response, 12)
        # 10,000 cents in 1 × 11 : 2 (sum 13): exact 769.23 × 11 and 1,538.46; floors 8,459 +
        # 1,538 = 9,997, 3 cents left: December (.46), then January and February (.23, first)
        # → 7.70, 7.70, 7.69 × 9, 15.39 = 100.00
        self.assertEqual(
            self.quantities(self.taiyue), [D("7.70")] * 2 + [D("7.69")] * 9 + [D("15.39")]
        )

    def test_spreading_replaces_the_customers_months_and_leaves_the_others(self):
        self.fill("spread", {"customer": self.langtong.pk, "annual": "12", "basis": "even"})
        self.fill("spread", {"customer": self.taiyue.pk, "annual": "24", "basis": "even"})

        self.fill("spread", {"customer": self.langtong.pk, "annual": "36", "basis": "even"})

        self.assertEqual(self.quantities(self.langtong), [D(3)] * 12)
        self.assertEqual(self.quantities(self.taiyue), [D(2)] * 12)
        self.assertEqual(
            set(Target.objects.filter(customer=self.langtong).values_list("revision", flat=True)),
            {2},
        )
        self.assertEqual(Target.history.filter(history_user=self.alice).count(), 36)


class CopyAndSplitTests(FillToolTestCase):
    def test_copying_last_year_with_growth(self):
        Target.objects.create(
            plan=self.plan,
            customer=self.langtong,
            product=self.product_a,
            month=1,
            quantity=D(1),
            amount=D(100),
        )

        response = self.fill("copy", {"growth": "10"}, follow=True)

        # 12 months each of 朗通 and 泰岳, 11 of 万星 (whose January return is copied as zero,
        # which leaves its empty cell as it is); the customer lost since is left out.
        self.assert_filled(response, 12 + 12 + 11)
        self.assertEqual(
            self.quantities(self.langtong), [D("8.80"), D("4.40")] + [D("8.80")] * 9 + [D("17.60")]
        )
        self.assertEqual(self.quantities(self.taiyue), [D("27.50")] * 12)
        self.assertEqual(self.quantities(self.wanxing), [D(0)] + [D(11)] * 11)
        self.assertFalse(Target.objects.filter(customer=self.lost).exists())
        self.assertEqual(Target.objects.get(customer=self.langtong, month=1).revision, 2)

    def test_copying_with_a_decline(self):
        self.fill("copy", {"growth": "-25"})

        self.assertEqual(self.quantities(self.taiyue), [D("18.75")] * 12)

    def test_splitting_a_regional_total_by_last_years_shares(self):
        # Shares 朗通 100, 泰岳 300, 万星 105 (-5 + 110) of 505 units last year; the lost
        # customer is not a row. 1,010 = 100 × 2 + 300 × 2 + 105 × 2: 200, 600 and 210.
        response = self.fill("split", {"total": "1,010"}, follow=True)

        self.assert_filled(response, 35)  # 万星's January stays empty
        # 朗通 200 by its own seasonality 8, 4, 8 × 9, 16 (sum 100): 16, 8, 16 × 9, 32
        self.assertEqual(self.quantities(self.langtong), [D(16), D(8)] + [D(16)] * 9 + [D(32)])
        # 泰岳 600 evenly: 50 a month
        self.assertEqual(self.quantities(self.taiyue), [D(50)] * 12)
        # 万星 210 over the eleven months it bought in: 0 in January, then 210 / 11 = 19.0909…:
        # 21,000 cents, floors 1,909 × 11 = 20,999, 1 cent left to February → 19.10, 19.09 × 10
        self.assertEqual(self.quantities(self.wanxing), [D(0), D("19.10")] + [D("19.09")] * 10)
        self.assertEqual(sum(Target.objects.values_list("quantity", flat=True)), D("1010.00"))

    def test_splitting_shares_the_cents_so_that_the_total_is_exact(self):
        # 10,001 cents over shares 100 : 300 : 105 (of 505) → exact 1,980.396…, 5,941.188…,
        # 2,079.416… cents; floors 1,980 + 5,941 + 2,079 = 10,000, 1 cent left to the largest
        # remainder (.416, 万星) → 19.80 + 59.41 + 20.80 = 100.01.
        self.fill("split", {"total": "100.01"})

        self.assertEqual(sum(self.quantities(self.langtong)), D("19.80"))
        self.assertEqual(sum(self.quantities(self.taiyue)), D("59.41"))
        self.assertEqual(sum(self.quantities(self.wanxing)), D("20.80"))
        self.assertEqual(sum(Target.objects.values_list("quantity", flat=True)), D("100.01"))


class RefusedInputTests(FillToolTestCase):
    def setUp(self):
        super().setUp()
        Target.objects.create(
            plan=self.plan,
            customer=self.langtong,
            product=self.product_a,
            month=1,
            quantity=D(5),
            amount=D(500),
        )
        MonthlyProfile.objects.create(region=self.shanghai, name="flat", weights=["1"] * 12)

    def test_letters_in_the_annual_figure(self):
        before = self.snapshot()

        response = self.fill(
            "spread", {"customer": self.langtong.pk, "annual": "12abc", "basis": "even"}
        )

        self.assert_refused_at(
            response, "spread_form", "annual", "Type a number, such as 1,234.50."
        )
        self.assertContains(response, 'value="12abc"', status_code=422)  # kept to correct
        self.assertEqual(self.snapshot(), before)

    def test_a_negative_or_oversized_annual_figure(self):
        before = self.snapshot()
        for annual, message in [
            ("-100", "This figure cannot be negative."),
            ("1.005", "At most two decimal places."),
            ("1000000000000", "Too large: the limit is 999,999,999,999.99."),
        ]:
            with self.subTest(annual=annual):
                response = self.fill(
                    "spread", {"customer": self.langtong.pk, "annual": annual, "basis": "even"}
                )

                self.assert_refused_at(response, "spread_form", "annual", message)
        self.assertEqual(self.snapshot(), before)

    def test_a_growth_of_minus_100_percent(self):
        before = self.snapshot()

        response = self.fill("copy", {"growth": "-100"})

        self.assert_refused_at(
            response, "copy_form", "growth", "The growth must lie between -100 % and 1,000 %."
        )
        self.assertEqual(self.snapshot(), before)

    def test_a_profile_with_eleven_weights(self):
        before = self.snapshot()

        response = self.fill("profile", {"name": "short", "weights_text": "1 " * 11})

        self.assert_refused_at(
            response, "profile_form", "weights_text", "Give exactly twelve weights; you gave 11."
        )
        self.assertEqual(self.snapshot(), before)

    def test_a_profile_name_already_used_in_the_region(self):
        before = self.snapshot()

        response = self.fill("profile", {"name": "flat", "weights_text": "2 " * 12})

        self.assert_refused_at(
            response, "profile_form", "name", "This region already has a profile of that name."
        )
        self.assertEqual(self.snapshot(), before)

    def test_spreading_by_profile_without_choosing_one(self):
        before = self.snapshot()

        response = self.fill(
            "spread", {"customer": self.langtong.pk, "annual": "100", "basis": "profile"}
        )

        self.assert_refused_at(
            response, "spread_form", "profile", "Choose a saved profile, or another way to spread."
        )
        self.assertEqual(self.snapshot(), before)

    def test_a_customer_of_another_region(self):
        jinling = Customer.objects.create(region=self.jiangsu, name="金陵科技")
        before = self.snapshot()

        response = self.fill("spread", {"customer": jinling.pk, "annual": "100", "basis": "even"})

        self.assertEqual(response.status_code, 422)
        self.assertIn("customer", response.context["spread_form"].errors)
        self.assertEqual(self.snapshot(), before)

    def test_a_spread_whose_amount_would_pass_the_limit_fills_nothing(self):
        before = self.snapshot()

        # 120,000,000,000 over 12 months is 10,000,000,000 a month: × 100.00 = 10^12
        response = self.fill(
            "spread",
            {"customer": self.langtong.pk, "annual": "120,000,000,000", "basis": "even"},
            follow=True,
        )

        self.assertContains(response, "Nothing was filled: Too large")
        self.assertEqual(self.snapshot(), before)

    def test_the_fill_tools_are_closed_on_a_submitted_plan_and_to_others(self):
        Plan.objects.filter(pk=self.plan.pk).update(state=Plan.State.SUBMITTED)
        data = {"customer": self.langtong.pk, "annual": "100", "basis": "even"}
        before = self.snapshot()

        self.assertEqual(self.fill("spread", data).status_code, 403)
        self.login(self.rita)
        self.assertEqual(self.fill("spread", data).status_code, 403)
        self.login(self.bob)
        self.assertEqual(self.fill("spread", data).status_code, 404)
        self.assertEqual(self.snapshot(), before)


class PreviewTests(FillToolTestCase):
    """A tool shows what it would change and writes nothing until the manager confirms."""

    def test_the_preview_shows_before_and_after_and_writes_nothing(self):
        Target.objects.create(
            plan=self.plan,
            customer=self.taiyue,
            product=self.product_a,
            month=1,
            quantity=D(7),
            amount=D(700),
        )
        before = self.snapshot()

        response = self.preview("copy", {"growth": "0"})

        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "35 cells of Product A (件) would change")
        self.assertContains(
            response,
            '<span class="text-muted small d-block fill-before">7 →</span><strong>25</strong>',
            html=True,
        )
        # the grand total, before → after: 朗通 100 + 泰岳 300 + 万星 110
        self.assertContains(
            response,
            '<p class="fill-preview-total fw-semibold">Total: 7 → 510</p>',
            html=True,
        )
        self.assertEqual(self.snapshot(), before)

    def test_a_cell_changed_between_preview_and_confirmation_refuses_the_whole_fill(self):
        preview = self.preview(
            "spread", {"customer": self.langtong.pk, "annual": "12", "basis": "even"}
        )
        Target.objects.create(
            plan=self.plan,
            customer=self.langtong,
            product=self.product_a,
            month=5,
            quantity=D(3),
            amount=D(300),
        )  # a colleague, meanwhile
        url = reverse("targets_fill", args=[self.plan.pk, self.product_a.pk, "spread"])

        response = self.client.post(
            url, {"confirm": "1", "payload": preview.context["payload"]}, follow=True
        )

        self.assertContains(response, "Nothing was filled: Someone else changed this cell")
        self.assertEqual(list(Target.objects.values_list("month", "quantity")), [(5, D(3))])


class WholeUnitTests(FillToolTestCase):
    """A product counted in whole units gets whole numbers that add up to the total."""

    def setUp(self):
        super().setUp()
        self.product_a.whole_units = True
        self.product_a.save()

    def test_spreading_gives_whole_units_by_the_largest_remainder(self):
        self.fill("spread", {"customer": self.langtong.pk, "annual": "100", "basis": "even"})

        self.assertEqual(self.quantities(self.langtong), [D(9)] * 4 + [D(8)] * 8)

    def test_copying_with_growth_keeps_whole_units_and_the_grown_total(self):
        self.fill("copy", {"growth": "10"})

        # 朗通 100 → 110 over 8, 4, 8 × 9, 16: 8.8, 4.4, 8.8 × 9, 17.6 → whole, adding up to 110
        quantities = self.quantities(self.langtong)
        self.assertTrue(all(q == q.to_integral_value() for q in quantities))
        self.assertEqual(sum(quantities), D(110))

    def test_a_fraction_of_a_whole_unit_is_refused(self):
        before = self.snapshot()

        response = self.fill(
            "spread", {"customer": self.langtong.pk, "annual": "6.28", "basis": "even"}, follow=True
        )

        self.assertContains(response, "Product A is counted in whole 件: type a whole number.")
        self.assertEqual(self.snapshot(), before)


class MissingMonthTests(FillToolTestCase):
    def test_months_without_last_years_figure_follow_the_average_month_with_a_note(self):
        ActualSale.objects.filter(customer=self.taiyue, month__in=[11, 12]).delete()

        preview = self.preview(
            "spread", {"customer": self.taiyue.pk, "annual": "120", "basis": "seasonal"}
        )

        self.assertContains(
            preview,
            "泰岳 had no figure last year in Nov, Dec: those months follow its average month.",
        )
        self.fill("spread", {"customer": self.taiyue.pk, "annual": "120", "basis": "seasonal"})
        self.assertEqual(self.quantities(self.taiyue), [D(10)] * 12)  # never a silent 0
