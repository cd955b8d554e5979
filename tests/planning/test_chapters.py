"""The written chapters: what the plan page shows, the edit forms, bad input and two people
saving the same chapter."""

from decimal import Decimal

from django.urls import reverse

from competition.models import ChosenStrategy
from customers.models import Customer, Period, Product, User
from planning.models import (
    ActionDirection,
    Activity,
    ActualSale,
    ChapterSheet,
    ChapterText,
    Citation,
    ControlCommitment,
    ControlMeans,
    ExpenseLine,
    GapExplanation,
    OrganisationEntry,
    Plan,
    Position,
    SwotItem,
    Target,
)
from planning.numbers import reports
from tests.base import PersonasTestCase, make_user


class ChapterTestCase(PersonasTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # A second manager of Shanghai, to save the same chapter as alice.
        cls.carol = make_user("carol", User.Role.MANAGER, regions=[cls.shanghai])

    def setUp(self):
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        self.login(self.alice)

    def url(self, name: str, *args) -> str:
        return reverse(name, args=[self.plan.pk, *args])

    def revision(self, chapter: str) -> int:
        sheet = ChapterSheet.objects.filter(plan=self.plan, chapter=chapter).first()
        return sheet.revision if sheet else 0


class LastYearMixin:
    """The 2026 plan of Shanghai (approved) with targets, and 2026 actuals up to October."""

    @classmethod
    def add_last_year(cls):
        cls.period_2026 = Period.objects.create(year=2026)
        cls.plan_2026 = Plan.objects.create(
            region=cls.shanghai, period=cls.period_2026, state=Plan.State.APPROVED
        )
        cls.taiyue = Customer.objects.create(region=cls.shanghai, name="泰岳")
        Product.objects.filter(pk=cls.product_a.pk).update(standard_cost=Decimal("60.00"))
        for month in (1, 2):
            Target.objects.create(
                plan=cls.plan_2026,
                customer=cls.langtong,
                product=cls.product_a,
                month=month,
                quantity=Decimal("10"),
                amount=Decimal("1000.00"),
            )
            Target.objects.create(
                plan=cls.plan_2026,
                customer=cls.taiyue,
                product=cls.product_a,
                month=month,
                quantity=Decimal("5"),
                amount=Decimal("500.00"),
            )
        for customer, quantity, amount in (
            (cls.langtong, 16, "1600.00"),
            (cls.taiyue, 4, "400.00"),
        ):
            ActualSale.objects.create(
                region=cls.shanghai,
                period=cls.period_2026,
                customer=customer,
                product=cls.product_a,
                month=1,
                quantity=Decimal(quantity),
                amount=Decimal(amount),
            )


class PerformanceTests(LastYearMixin, ChapterTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.add_last_year()

    def test_the_chapter_compares_last_years_targets_with_its_actuals_over_the_months_entered(self):
        response = self.client.get(self.plan.get_absolute_url())

        chapter = response.content.decode()
        self.assertContains(response, "performance-by-product")
        # January only (the month with actuals): targets 1,500, actuals 2,000.
        self.assertIn("1,500.00", chapter)
        self.assertIn("2,000.00", chapter)
        self.assertIn("133.3%", chapter)
        analysis = reports.performance_analysis(self.plan)
        self.assertEqual(analysis.months, (1,))
        by_customer = {row.key: row for row in analysis.by_customer.rows}
        self.assertEqual(by_customer[self.taiyue.pk].gap, Decimal("-100.00"))
        self.assertEqual(by_customer[self.taiyue.pk].achievement, Decimal("80.0"))

    def test_the_manager_explains_the_gaps_they_choose(self):
        response = self.client.post(
            self.url("plan_performance_edit"),
            {
                "revision": 0,
                f"customer_{self.taiyue.pk}": "  泰岳预算推迟到二季度。 ",
                f"customer_{self.langtong.pk}": "",
            },
        )

        self.assertRedirects(
            response,
            f"{self.plan.get_absolute_url()}#chapter-performance",
            fetch_redirect_response=False,
        )
        explanation = GapExplanation.objects.get(plan=self.plan)
        self.assertEqual(explanation.customer, self.taiyue)
        self.assertEqual(explanation.text, "泰岳预算推迟到二季度。")
        self.assertEqual(explanation.history.first().history_user, self.alice)
        page = self.client.get(self.plan.get_absolute_url())
        self.assertContains(page, "泰岳预算推迟到二季度。")
        self.assertContains(page, "The performance analysis was saved.")

    def test_an_over_long_explanation_is_refused_at_its_field_and_the_rest_is_kept(self):
        response = self.client.post(
            self.url("plan_performance_edit"),
            {
                "revision": 0,
                f"customer_{self.taiyue.pk}": "长" * 601,
                f"customer_{self.langtong.pk}": "朗通超额完成。",
            },
        )

        self.assertEqual(response.status_code, 422)
        self.assertContains(
            response, "At most 600 characters, please; this text has 601.", status_code=422
        )
        self.assertContains(response, "朗通超额完成。</textarea>", status_code=422)
        self.assertFalse(GapExplanation.objects.exists())


class NoPreviousPeriodTests(ChapterTestCase):
    def test_without_a_previous_period_the_performance_chapter_says_so(self):
        response = self.client.get(self.plan.get_absolute_url())

        self.assertContains(response, "There is no previous period to compare with.")
        self.assertNotContains(response, "performance-by-product")


class MarketTests(LastYearMixin, ChapterTestCase):
    def test_without_last_years_actuals_there_are_no_made_up_figures(self):
        response = self.client.get(self.plan.get_absolute_url())

        self.assertContains(response, "There is no previous period to analyse.")
        self.assertNotContains(response, "pareto-chart")

    def test_the_contribution_table_and_its_pareto_chart(self):
        self.add_last_year()

        response = self.client.get(self.plan.get_absolute_url())

        self.assertContains(response, "contribution-table")
        self.assertContains(response, '<svg class="chart-svg pareto-chart"')
        self.assertContains(response, "<polyline")
        # 朗通 80 % of sales (1,600 of 2,000), gross profit 1,600 − 16 × 60 = 640 of 800.
        _period, rows = reports.customer_contribution(self.plan)
        self.assertEqual([row.customer for row in rows], [self.langtong.pk, self.taiyue.pk])
        self.assertEqual(rows[0].sales_share, Decimal("80.0"))
        self.assertEqual(rows[0].profit, Decimal("640.00"))
        self.assertEqual(rows[0].profit_share, Decimal("80.0"))
        self.assertContains(response, "640.00")

    def test_the_manager_writes_the_reading_of_the_market(self):
        response = self.client.post(
            self.url("plan_market_edit"),
            {"revision": 0, "contribution_notes": "两家客户占八成。", "comparison_notes": ""},
        )

        self.assertEqual(response.status_code, 302)
        self.assertEqual(
            ChapterText.objects.get(plan=self.plan, part="contribution_notes").text,
            "两家客户占八成。",
        )
        self.assertFalse(ChapterText.objects.filter(part="comparison_notes").exists())


class SwotTests(ChapterTestCase):
    def swot_data(self, revision=0, **lists):
        """Formset data: each list is [(id or "", text, delete)] for S, W, O and T."""
        data = {"revision": revision}
        for kind in "SWOT":
            rows = lists.get(kind, [])
            data.update(
                {
                    f"{kind}-TOTAL_FORMS": len(rows),
                    f"{kind}-INITIAL_FORMS": sum(1 for row in rows if row[0]),
                    f"{kind}-MIN_NUM_FORMS": 0,
                    f"{kind}-MAX_NUM_FORMS": 1000,
                }
            )
            for index, (item_id, text, delete) in enumerate(rows):
                data[f"{kind}-{index}-id"] = item_id
                data[f"{kind}-{index}-text"] = text
                if delete:
                    data[f"{kind}-{index}-DELETE"] = "on"
        return data

    def test_the_manager_writes_the_four_lists(self):
        response = self.client.post(
            self.url("plan_swot_edit"),
            self.swot_data(
                S=[("", "产品A口碑好", False), ("", "", False)],
                W=[("", "渠道薄弱", False)],
                O=[("", "华信扩产", False)],
                T=[("", "低价竞争", False)],
            ),
        )

        self.assertEqual(response.status_code, 302)
        self.assertEqual(
            list(self.plan.swot_items.order_by("kind").values_list("kind", "text")),
            [("O", "华信扩产"), ("S", "产品A口碑好"), ("T", "低价竞争"), ("W", "渠道薄弱")],
        )
        page = self.client.get(self.plan.get_absolute_url())
        self.assertContains(page, '<span class="swot-label">S1</span> 产品A口碑好')

    def test_two_people_saving_the_lists_the_later_is_shown_the_others_items(self):
        self.client.force_login(self.carol)
        self.client.post(
            self.url("plan_swot_edit"), self.swot_data(S=[("", "卡罗尔的优势", False)])
        )
        self.client.force_login(self.alice)

        response = self.client.post(
            self.url("plan_swot_edit"), self.swot_data(S=[("", "爱丽丝的优势", False)])
        )

        self.assertEqual(response.status_code, 409)
        self.assertContains(response, "卡罗尔的优势", status_code=409)
        self.assertContains(response, 'value="爱丽丝的优势"', status_code=409)
        self.assertEqual(list(SwotItem.objects.values_list("text", flat=True)), ["卡罗尔的优势"])

    def test_an_emptied_item_is_refused_at_its_field_and_nothing_is_saved(self):
        item = SwotItem.objects.create(plan=self.plan, kind="S", text="产品A口碑好")

        response = self.client.post(
            self.url("plan_swot_edit"),
            self.swot_data(S=[(item.pk, "   ", False)], W=[("", "渠道薄弱", False)]),
        )

        self.assertEqual(response.status_code, 422)
        self.assertContains(response, "An item cannot be empty.", status_code=422)
        self.assertContains(response, 'value="渠道薄弱"', status_code=422)
        item.refresh_from_db()
        self.assertEqual(item.text, "产品A口碑好")
        self.assertEqual(self.plan.swot_items.count(), 1)

    def test_a_direction_cites_the_items_it_answers_and_shows_in_its_matrix_cell(self):
        strength = SwotItem.objects.create(plan=self.plan, kind="S", text="产品A口碑好")
        opportunity = SwotItem.objects.create(plan=self.plan, kind="O", text="华信扩产")

        response = self.client.post(
            self.url("swot_direction_create"),
            {
                "revision": 0,
                "pairing": "SO",
                "text": "以产品A切入华信新产线",
                "items": [strength.pk, opportunity.pk],
            },
        )

        self.assertEqual(response.status_code, 302)
        direction = ActionDirection.objects.get(plan=self.plan)
        self.assertEqual(set(direction.items.all()), {strength, opportunity})
        self.assertEqual(Citation.history.count(), 2)
        page = self.client.get(self.plan.get_absolute_url()).content.decode()
        cell = page[page.index('data-pairing="SO"') : page.index('data-pairing="ST"')]
        self.assertIn("以产品A切入华信新产线", cell)
        self.assertIn(">S1</span>", cell)
        self.assertIn(">O1</span>", cell)

    def test_a_direction_citing_items_outside_its_pairing_is_refused(self):
        weakness = SwotItem.objects.create(plan=self.plan, kind="W", text="渠道薄弱")
        opportunity = SwotItem.objects.create(plan=self.plan, kind="O", text="华信扩产")

        response = self.client.post(
            self.url("swot_direction_create"),
            {
                "revision": 0,
                "pairing": "SO",
                "text": "切入",
                "items": [weakness.pk, opportunity.pk],
            },
        )

        self.assertEqual(response.status_code, 422)
        self.assertContains(
            response, "A SO direction answers at least one S item and one O item", status_code=422
        )
        self.assertContains(response, "切入</textarea>", status_code=422)
        self.assertFalse(ActionDirection.objects.exists())

    def test_an_item_cited_by_a_direction_cannot_be_removed(self):
        strength = SwotItem.objects.create(plan=self.plan, kind="S", text="产品A口碑好")
        direction = ActionDirection.objects.create(plan=self.plan, pairing="SO", text="切入")
        Citation.objects.create(direction=direction, item=strength)

        response = self.client.post(
            self.url("plan_swot_edit"), self.swot_data(S=[(strength.pk, "产品A口碑好", True)])
        )

        self.assertEqual(response.status_code, 422)
        self.assertContains(response, "An action direction cites this item", status_code=422)
        self.assertTrue(SwotItem.objects.filter(pk=strength.pk).exists())

    def test_a_direction_becomes_an_activity_linked_both_ways(self):
        direction = ActionDirection.objects.create(plan=self.plan, pairing="SO", text="切入新产线")
        for kind in "SO":
            item = SwotItem.objects.create(plan=self.plan, kind=kind, text=f"{kind} 条目")
            Citation.objects.create(direction=direction, item=item)

        form = self.client.get(self.url("activity_create") + f"?direction={direction.pk}")
        self.assertContains(form, "切入新产线</textarea>")
        self.assertContains(form, f'<option value="{direction.pk}" selected>')
        response = self.client.post(
            self.url("activity_create"),
            {
                "revision": 0,
                "work": "新产线推介会",
                "owner": "张伟",
                "budget": "36,000",
                "months": ["3", "4"],
                "direction": direction.pk,
            },
        )

        self.assertEqual(response.status_code, 302)
        activity = Activity.objects.get(plan=self.plan)
        self.assertEqual(activity.direction, direction)
        page = self.client.get(self.plan.get_absolute_url())
        self.assertContains(page, f'<a href="#activity-{activity.pk}">新产线推介会</a>')
        self.assertContains(page, f'<a href="#direction-{direction.pk}">SO</a>')


class ActivityTests(ChapterTestCase):
    def post(self, revision=0, **changes):
        data = {
            "revision": revision,
            "work": "华信电子推介会",
            "owner": "张伟",
            "support": "总部产品经理",
            "budget": "30,000.00",
            "expected_result": "签约",
            "months": ["3", "4", "5"],
            "direction": "",
        }
        data.update(changes)
        return self.client.post(self.url("activity_create"), data)

    def assert_refused(self, response, message):
        self.assertEqual(response.status_code, 422)
        self.assertContains(response, message, status_code=422)
        self.assertContains(response, "华信电子推介会</textarea>", status_code=422)  # kept
        self.assertFalse(Activity.objects.exists())

    def test_an_activity_is_saved_and_drawn_on_the_months_chart(self):
        response = self.post()

        self.assertEqual(response.status_code, 302)
        activity = Activity.objects.get()
        self.assertEqual(activity.months, (3, 4, 5))
        self.assertEqual(activity.budget, Decimal("30000.00"))
        page = self.client.get(self.plan.get_absolute_url())
        self.assertContains(page, '<svg class="chart-svg gantt-chart"')
        self.assertContains(page, 'class="gantt-bar"')

    def test_its_budget_reaches_the_pnl_as_the_market_activities_line_by_month(self):
        self.post(budget="100.00", months=["3", "4", "5"])

        table, _products, lines = reports.profit_and_loss(self.plan)

        line = ExpenseLine.objects.get(code=ExpenseLine.MARKET_ACTIVITIES)
        months = {row.month: row.expenses[line.pk].plan for row in table.rows}
        self.assertEqual(months[3] + months[4] + months[5], Decimal("100.00"))
        self.assertEqual(months[2], Decimal("0.00"))
        self.assertEqual(table.total.expenses[line.pk].plan, Decimal("100.00"))
        self.assertEqual(table.total.expense_total.plan, Decimal("100.00"))
        page = self.client.get(reverse("profit_and_loss", args=[self.plan.pk]))
        self.assertContains(page, "Market activities")

    def test_the_market_activities_line_is_not_typed_in_the_expense_budget(self):
        line = ExpenseLine.objects.get(code=ExpenseLine.MARKET_ACTIVITIES)

        page = self.client.get(reverse("expense_budget", args=[self.plan.pk]))

        self.assertNotContains(page, "Market activities")
        self.assertNotContains(page, f'data-row="{line.pk}"')

    def test_an_activity_in_no_month_is_refused_beside_the_months(self):
        response = self.post(months=[])

        self.assert_refused(response, "Tick at least one month the activity runs in.")
        page = response.content.decode()
        fieldset = page[page.index('id="div_id_months"') :]
        fieldset = fieldset[: fieldset.index("</fieldset>")]
        self.assertIn("Tick at least one month the activity runs in.", fieldset)
        self.assertEqual(fieldset.count('type="checkbox"'), 12)
        self.assertIn('aria-invalid="true"', fieldset)

    def test_a_month_outside_the_year_is_refused(self):
        self.assert_refused(
            self.post(months=["3", "13"]), "Tick months of the year, January to December."
        )

    def test_a_negative_budget_is_refused(self):
        self.assert_refused(self.post(budget="-500"), "The budget cannot be negative.")

    def test_over_long_work_is_refused(self):
        response = self.post(work="活" * 301)

        self.assertEqual(response.status_code, 422)
        self.assertContains(
            response, "At most 300 characters, please; this text has 301.", status_code=422
        )
        self.assertContains(response, 'value="总部产品经理"', status_code=422)
        self.assertFalse(Activity.objects.exists())

    def test_the_later_of_two_saves_is_told_and_shown_the_others_activity(self):
        self.client.force_login(self.carol)
        self.post(work="卡罗尔的推介会")
        self.client.force_login(self.alice)

        response = self.post(revision=0, work="爱丽丝的研讨会")

        self.assertEqual(response.status_code, 409)
        self.assertContains(response, "carol saved this chapter at", status_code=409)
        self.assertContains(response, "卡罗尔的推介会", status_code=409)  # their saved text
        self.assertContains(response, "爱丽丝的研讨会</textarea>", status_code=409)  # hers, kept
        self.assertContains(response, 'name="revision" value="1"', status_code=409)
        self.assertEqual(list(Activity.objects.values_list("work", flat=True)), ["卡罗尔的推介会"])

    def test_an_activity_links_to_a_competitive_strategy_of_its_region_and_period(self):
        ours = ChosenStrategy.objects.create(
            region=self.shanghai, period=self.period, kind="leader", title="守住产品A份额"
        )
        theirs = ChosenStrategy.objects.create(
            region=self.jiangsu, period=self.period, kind="leader", title="江苏的策略"
        )

        refused = self.post(competitive_strategy=theirs.pk)
        saved = self.post(competitive_strategy=ours.pk)

        self.assertEqual(refused.status_code, 422)
        self.assertEqual(saved.status_code, 302)
        self.assertEqual(Activity.objects.get().competitive_strategy, ours)
        page = self.client.get(self.plan.get_absolute_url())
        self.assertContains(page, "守住产品A份额")

    def test_removing_an_activity_needs_the_current_revision(self):
        self.post()
        activity = Activity.objects.get()

        stale = self.client.post(self.url("activity_delete", activity.pk), {"revision": 0})
        removed = self.client.post(self.url("activity_delete", activity.pk), {"revision": 1})

        self.assertEqual(stale.status_code, 409)
        self.assertEqual(removed.status_code, 302)
        self.assertFalse(Activity.objects.exists())
        self.assertEqual(Activity.history.filter(history_type="-").get().history_user, self.alice)


class StrategiesTests(ChapterTestCase):
    def test_push_and_pull_are_saved(self):
        response = self.client.post(
            self.url("plan_strategies_edit"),
            {"revision": 0, "market_push": "代理季度返利", "market_pull": "行业研讨会"},
        )

        self.assertEqual(response.status_code, 302)
        page = self.client.get(self.plan.get_absolute_url())
        self.assertContains(page, '<dd class="col-sm-9 market-push">代理季度返利</dd>')
        self.assertContains(page, "Customer strategy")
        self.assertContains(page, "Competitive strategy")

    def test_over_long_text_is_refused_and_the_other_text_kept(self):
        response = self.client.post(
            self.url("plan_strategies_edit"),
            {"revision": 0, "market_push": "推" * 1001, "market_pull": "行业研讨会"},
        )

        self.assertEqual(response.status_code, 422)
        self.assertContains(
            response, "At most 1000 characters, please; this text has 1001.", status_code=422
        )
        self.assertContains(response, "行业研讨会</textarea>", status_code=422)
        self.assertFalse(ChapterText.objects.exists())

    def test_two_people_saving_the_chapter_the_later_is_shown_the_others_text(self):
        self.client.force_login(self.carol)
        self.client.post(
            self.url("plan_strategies_edit"),
            {"revision": 0, "market_push": "卡罗尔的推", "market_pull": ""},
        )
        self.client.force_login(self.alice)

        response = self.client.post(
            self.url("plan_strategies_edit"),
            {"revision": 0, "market_push": "爱丽丝的推", "market_pull": "爱丽丝的拉"},
        )

        self.assertEqual(response.status_code, 409)
        self.assertContains(response, "卡罗尔的推", status_code=409)
        self.assertContains(response, "爱丽丝的拉</textarea>", status_code=409)
        self.assertEqual(
            ChapterText.objects.get(plan=self.plan, part="market_push").text, "卡罗尔的推"
        )

    def test_the_edit_pages_text_areas_carry_a_live_counter(self):
        response = self.client.get(self.url("plan_strategies_edit"))

        self.assertContains(response, 'data-counter="1000"')
        self.assertContains(response, 'data-counter-for="id_market_push"')


class OrganisationTests(ChapterTestCase):
    def data(self, **extra):
        data = {
            "revision": 0,
            "department_value": "为客户提供方案",
            "functions": "客户开发",
            "positions-TOTAL_FORMS": 2,
            "positions-INITIAL_FORMS": 0,
            "positions-MIN_NUM_FORMS": 0,
            "positions-MAX_NUM_FORMS": 1000,
            "positions-0-title": "客户经理",
            "positions-0-headcount": "3",
            "positions-0-duties": "销售与回款",
            "entries-TOTAL_FORMS": 2,
            "entries-INITIAL_FORMS": 0,
            "entries-MIN_NUM_FORMS": 0,
            "entries-MAX_NUM_FORMS": 1000,
            "entries-0-kind": "rule",
            "entries-0-name": "帐期管理规范",
        }
        data.update(extra)
        return data

    def test_the_seven_steps_are_saved_as_structured_entries(self):
        response = self.client.post(self.url("plan_organisation_edit"), self.data())

        self.assertEqual(response.status_code, 302)
        self.assertEqual(
            list(Position.objects.values_list("title", "headcount")), [("客户经理", 3)]
        )
        self.assertEqual(
            list(OrganisationEntry.objects.values_list("kind", "name")), [("rule", "帐期管理规范")]
        )
        page = self.client.get(self.plan.get_absolute_url())
        self.assertContains(page, "Positions and headcount")
        self.assertContains(page, "帐期管理规范")

    def test_rows_are_changed_and_removed_in_place(self):
        position = Position.objects.create(plan=self.plan, title="客户经理", headcount=2)
        entry = OrganisationEntry.objects.create(plan=self.plan, kind="form", name="旧表单")

        response = self.client.post(
            self.url("plan_organisation_edit"),
            self.data(
                **{
                    "positions-INITIAL_FORMS": 1,
                    "positions-0-id": position.pk,
                    "entries-INITIAL_FORMS": 1,
                    "entries-0-id": entry.pk,
                    "entries-0-kind": "form",
                    "entries-0-name": "旧表单",
                    "entries-0-DELETE": "on",
                }
            ),
        )

        self.assertEqual(response.status_code, 302)
        position.refresh_from_db()
        self.assertEqual((position.title, position.headcount), ("客户经理", 3))
        self.assertFalse(OrganisationEntry.objects.exists())
        self.assertEqual(Position.history.filter(history_type="~").count(), 1)

    def test_a_position_without_a_title_is_refused(self):
        response = self.client.post(
            self.url("plan_organisation_edit"),
            self.data(**{"positions-1-headcount": "2", "positions-1-duties": "支持"}),
        )

        self.assertEqual(response.status_code, 422)
        self.assertContains(response, "Name the position.", status_code=422)
        self.assertContains(response, 'value="客户经理"', status_code=422)
        self.assertFalse(Position.objects.exists())


class ControlTests(ChapterTestCase):
    def data(self, rows):
        catalogue = list(ControlMeans.objects.filter(active=True))
        data = {
            "revision": 0,
            "control-TOTAL_FORMS": len(catalogue),
            "control-INITIAL_FORMS": len(catalogue),
            "control-MIN_NUM_FORMS": 0,
            "control-MAX_NUM_FORMS": 1000,
        }
        for index, means in enumerate(catalogue):
            cadence, owner, status = rows.get(means.code, ("", "", "planned"))
            data.update(
                {
                    f"control-{index}-means": means.pk,
                    f"control-{index}-cadence": cadence,
                    f"control-{index}-owner": owner,
                    f"control-{index}-status": status,
                }
            )
        return data

    def test_the_catalogue_is_the_decks_list(self):
        names = list(ControlMeans.objects.values_list("name", flat=True))

        self.assertEqual(names[0], "每日待办单")
        self.assertIn("半年调整会", names)
        self.assertIn("应急措施", names)
        self.assertEqual(len(names), 13)

    def test_commitments_are_saved_with_cadence_owner_and_status(self):
        response = self.client.post(
            self.url("plan_control_edit"),
            self.data(
                {
                    "daily-todo": ("daily", "全体", "running"),
                    "half-year-meeting": ("half_yearly", "张伟", "planned"),
                }
            ),
        )

        self.assertEqual(response.status_code, 302)
        self.assertEqual(
            sorted(
                ControlCommitment.objects.values_list("means__code", "cadence", "owner", "status")
            ),
            [
                ("daily-todo", "daily", "全体", "running"),
                ("half-year-meeting", "half_yearly", "张伟", "planned"),
            ],
        )
        page = self.client.get(self.plan.get_absolute_url())
        self.assertContains(page, "2 of the 13 means of control committed.")

    def test_an_owner_without_a_cadence_is_refused(self):
        response = self.client.post(
            self.url("plan_control_edit"),
            self.data(
                {"daily-todo": ("daily", "全体", "running"), "audits": ("", "张伟", "planned")}
            ),
        )

        self.assertEqual(response.status_code, 422)
        self.assertContains(response, "Choose a cadence, or clear the owner.", status_code=422)
        self.assertFalse(ControlCommitment.objects.exists())


class ReadOnlyTests(ChapterTestCase):
    def test_a_submitted_plan_refuses_chapter_edits(self):
        Plan.objects.filter(pk=self.plan.pk).update(state=Plan.State.SUBMITTED)

        for name in ("plan_swot_edit", "plan_actions_edit", "activity_create", "plan_control_edit"):
            with self.subTest(name=name):
                self.assertEqual(self.client.get(self.url(name)).status_code, 403)

    def test_a_reviewer_reads_every_chapter_without_edit_buttons(self):
        SwotItem.objects.create(plan=self.plan, kind="S", text="产品A口碑好")
        self.login(self.rita)

        response = self.client.get(self.plan.get_absolute_url())

        self.assertContains(response, "产品A口碑好")
        self.assertNotContains(response, "chapter-edit")
        self.assertNotContains(response, "Make it an activity")
        self.assertEqual(self.client.get(self.url("plan_swot_edit")).status_code, 403)

    def test_a_returned_plan_becomes_a_draft_when_a_chapter_is_saved(self):
        Plan.objects.filter(pk=self.plan.pk).update(state=Plan.State.RETURNED)

        self.client.post(
            self.url("plan_market_edit"),
            {"revision": 0, "contribution_notes": "说明", "comparison_notes": ""},
        )

        self.plan.refresh_from_db()
        self.assertEqual(self.plan.state, Plan.State.DRAFT)

    def test_chapter_changes_appear_on_the_plans_history(self):
        self.client.post(
            self.url("plan_market_edit"),
            {"revision": 0, "contribution_notes": "两家客户占八成。", "comparison_notes": ""},
        )

        response = self.client.get(reverse("plan_history", args=[self.plan.pk]))

        self.assertContains(response, "Chapter text")
        self.assertContains(response, "Reading of the contribution analysis")


class SummaryCounterTests(ChapterTestCase):
    def test_the_summary_editor_counts_characters_live_and_shows_computed_figures(self):
        response = self.client.get(reverse("plan_summary_edit", args=[self.plan.pk]))

        self.assertContains(response, 'data-counter="500"')
        self.assertContains(response, 'data-counter-for="id_strategy_changes"')
        figures = reports.summary_figures(self.plan)
        self.assertEqual(figures.target, Decimal("0.00"))
