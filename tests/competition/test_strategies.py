"""Chosen strategies: the leader's defences and growth moves, the challenger's attack."""

from decimal import Decimal

from competition.models import ChosenStrategy
from tests.competition.base import CompetitionTestCase


class StrategyTests(CompetitionTestCase):
    def setUp(self):
        super().setUp()
        self.login(self.alice)

    def create(self, kind: str, data: dict):
        return self.client.post(self.url("strategy_create") + f"?kind={kind}", data)

    def challenger_data(self, **changes) -> dict:
        return {
            "product": self.product_a.pk,
            "title": "产品A重点进攻宏达",
            "aim": "夺取泰岳的产品A订单",
            "target": self.hongda.pk,
            "expected_result": "份额提升5个百分点",
            "attack_types": ["focused", "local"],
            "means": ["price", "pr"],
            "budget": "80,000",
            **changes,
        }

    def test_a_leaders_strategy_is_saved_and_shown(self):
        response = self.create(
            "leader",
            {
                "product": self.product_a.pk,
                "title": "守住大客户份额",
                "defences": ["counter", "position"],
                "growth_moves": ["new_uses"],
                "budget": "60000",
            },
        )

        strategy = ChosenStrategy.objects.get()
        self.assertRedirects(
            response,
            self.url("competition_overview") + f"#strategy-{strategy.pk}",
            fetch_redirect_response=False,
        )
        self.assertEqual(strategy.kind, "leader")
        self.assertEqual(strategy.defences, ["position", "counter"])  # the deck's order
        self.assertEqual(strategy.growth_moves, ["new_uses"])
        self.assertEqual(strategy.budget, Decimal("60000.00"))
        page = self.client.get(self.url("competition_overview"))
        self.assertContains(page, "守住大客户份额")
        self.assertContains(page, "Position defence (阵地防御)、Counter-attack (防守反击)")
        self.assertContains(page, "New uses (增加新用途)")
        self.assertContains(page, "¥60,000.00")

    def test_a_leaders_strategy_needs_a_defence_or_a_growth_move(self):
        response = self.create("leader", {"title": "空的"})

        self.assertContains(
            response,
            "Choose at least one defence or one way to grow the market.",
            status_code=422,
        )
        self.assertFalse(ChosenStrategy.objects.exists())

    def test_a_challengers_strategy_is_saved_and_shown(self):
        response = self.create("challenger", self.challenger_data())

        self.assertEqual(response.status_code, 302)
        strategy = ChosenStrategy.objects.get()
        self.assertEqual(strategy.target, self.hongda)
        self.assertEqual(strategy.attack_types, ["focused", "local"])
        self.assertEqual(strategy.means, ["price", "pr"])
        self.assertEqual(strategy.defences, [])
        page = self.client.get(self.url("competition_overview"))
        self.assertContains(page, "夺取泰岳的产品A订单")
        self.assertContains(page, "份额提升5个百分点")
        self.assertContains(page, "Focused attack (重点进攻)、Local attack (局部进攻)")
        self.assertContains(page, "Price (价格)、Public relations (公关)")

    def test_a_challenger_must_state_aim_rival_result_attack_and_means(self):
        response = self.create(
            "challenger",
            self.challenger_data(aim="", target="", expected_result="", attack_types=[], means=[]),
        )

        for message in (
            "State the aim of the attack or defence.",
            "Name the rival you attack or defend against.",
            "State the result you expect.",
            "Choose at least one type of attack.",
            "Choose at least one means.",
        ):
            self.assertContains(response, message, status_code=422)
        self.assertContains(response, 'value="产品A重点进攻宏达"', status_code=422)
        self.assertFalse(ChosenStrategy.objects.exists())

    def test_a_challenger_cannot_aim_at_another_regions_competitor(self):
        response = self.create("challenger", self.challenger_data(target=self.suan.pk))

        self.assertEqual(response.status_code, 422)
        self.assertFalse(ChosenStrategy.objects.exists())

    def test_an_unreadable_budget_is_refused_at_the_field(self):
        response = self.create("challenger", self.challenger_data(budget="八万"))

        self.assertContains(response, "Type a number, e.g. 12.5.", status_code=422)

    def test_describe_gives_the_action_plan_a_title_aim_and_means(self):
        self.create("challenger", self.challenger_data())
        strategy = ChosenStrategy.objects.get()

        described = strategy.describe()

        self.assertEqual(described.title, "产品A重点进攻宏达")
        self.assertEqual(described.aim, "夺取泰岳的产品A订单 (宏达科技)")
        self.assertIn("Focused attack (重点进攻)", described.means)
        self.assertIn("Price (价格)", described.means)
        self.assertEqual(described.budget, Decimal("80000.00"))

    def test_edit_keeps_the_identity_and_a_stale_edit_is_refused(self):
        self.create("challenger", self.challenger_data())
        strategy = ChosenStrategy.objects.get()
        url = self.url("strategy_edit", strategy.pk)

        saved = self.client.post(url, self.challenger_data(title="改后的标题", revision=1))
        stale = self.client.post(url, self.challenger_data(title="过时的标题", revision=1))

        self.assertEqual(saved.status_code, 302)
        self.assertContains(stale, "改后的标题", status_code=409)
        self.assertContains(stale, 'value="过时的标题"', status_code=409)
        strategy.refresh_from_db()
        self.assertEqual(
            (strategy.pk, strategy.title, strategy.revision), (strategy.pk, "改后的标题", 2)
        )

    def test_manager_deletes_a_strategy(self):
        self.create("challenger", self.challenger_data())
        strategy = ChosenStrategy.objects.get()

        response = self.client.post(self.url("strategy_delete", strategy.pk), {"revision": 1})

        self.assertEqual(response.status_code, 302)
        self.assertFalse(ChosenStrategy.objects.exists())

    def test_an_unknown_kind_is_not_found(self):
        self.assertEqual(
            self.client.get(self.url("strategy_create") + "?kind=nicher").status_code, 404
        )

    def test_the_reviewer_cannot_choose_a_strategy(self):
        self.login(self.rita)

        response = self.create("challenger", self.challenger_data())

        self.assertEqual(response.status_code, 403)
        self.assertFalse(ChosenStrategy.objects.exists())
