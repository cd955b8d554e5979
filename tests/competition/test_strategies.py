"""Chosen strategies, one template per role: the leader's defences and growth moves, the
challenger's attack, the follower's way of following and the nicher's specialisation."""

from decimal import Decimal

from django.test import SimpleTestCase

from competition.models import (
    KIND_FIELDS,
    ChosenStrategy,
    FollowStyle,
    Specialisation,
    StrategyKind,
)
from competition.rules import Role
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
        self.assertContains(page, "Position defence, Counter-attack")
        self.assertContains(page, "New uses")
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
        self.assertContains(page, "Focused attack, Local attack")
        self.assertContains(page, "Price, Public relations")

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
        self.assertIn("Focused attack", described.means)
        self.assertIn("Price", described.means)
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

    def test_an_unknown_kind_is_refused(self):
        self.assertEqual(
            self.client.get(self.url("strategy_create") + "?kind=defender").status_code, 400
        )

    def test_the_reviewer_cannot_choose_a_strategy(self):
        self.login(self.rita)

        response = self.create("challenger", self.challenger_data())

        self.assertEqual(response.status_code, 403)
        self.assertFalse(ChosenStrategy.objects.exists())


class TemplateCatalogueTests(SimpleTestCase):
    def test_every_market_role_has_a_strategy_template_with_its_own_fields(self):
        self.assertEqual(set(StrategyKind.values), set(Role.values))
        for kind in StrategyKind:
            self.assertTrue(KIND_FIELDS[kind], kind)
            for name in KIND_FIELDS[kind]:
                self.assertTrue(hasattr(ChosenStrategy, name) or name == "target", name)

    def test_the_follower_and_nicher_templates_follow_the_textbook(self):
        self.assertEqual(FollowStyle.values, ["cloner", "imitator", "adapter"])
        self.assertEqual(
            set(Specialisation.values) & {"customer", "product", "geography", "service"},
            {"customer", "product", "geography", "service"},
        )


class FollowerAndNicherStrategyTests(CompetitionTestCase):
    def setUp(self):
        super().setUp()
        self.login(self.alice)

    def create(self, kind: str, data: dict):
        return self.client.post(self.url("strategy_create") + f"?kind={kind}", data)

    def test_the_form_of_each_template_offers_its_own_choices(self):
        follower = self.client.get(self.url("strategy_create") + "?kind=follower")
        nicher = self.client.get(self.url("strategy_create") + "?kind=nicher")

        self.assertContains(follower, "Follower&#x27;s strategy")
        self.assertContains(follower, "Adapter: follow selectively and improve")
        self.assertContains(follower, "Rival we follow")
        self.assertNotContains(follower, "Full frontal attack")
        self.assertContains(nicher, "By geography")
        self.assertContains(nicher, "Protect the niche")
        self.assertNotContains(nicher, "Position defence")

    def test_a_followers_strategy_is_saved_and_shown(self):
        response = self.create(
            "follower",
            {
                "product": self.product_a.pk,
                "title": "选择跟随宏达",
                "target": self.hongda.pk,
                "follow_styles": ["adapter", "cloner"],
                "follower_tasks": ["low_cost"],
                "expected_result": "稳住老客户",
                # another template's fields are not kept
                "attack_types": ["frontal"],
            },
        )

        self.assertEqual(response.status_code, 302)
        strategy = ChosenStrategy.objects.get()
        self.assertEqual(strategy.kind, "follower")
        self.assertEqual(strategy.follow_styles, ["cloner", "adapter"])  # the template's order
        self.assertEqual(strategy.target, self.hongda)
        self.assertEqual(strategy.attack_types, [])
        page = self.client.get(self.url("competition_overview"))
        self.assertContains(page, "Follower&#x27;s strategies")
        self.assertContains(page, "Cloner: follow closely, Adapter")
        self.assertContains(page, "Keep costs low")
        self.assertEqual(strategy.describe().aim, "Follow 宏达科技")

    def test_a_follower_must_choose_a_way_of_following(self):
        response = self.create("follower", {"title": "跟随"})

        self.assertContains(response, "Choose at least one way of following.", status_code=422)
        self.assertFalse(ChosenStrategy.objects.exists())

    def test_a_nichers_strategy_is_saved_and_shown(self):
        response = self.create(
            "nicher",
            {
                "title": "深耕化工",
                "niche": "化工行业中小客户",
                "specialisations": ["service", "customer"],
                "niche_tasks": ["protect"],
            },
        )

        self.assertEqual(response.status_code, 302)
        strategy = ChosenStrategy.objects.get()
        self.assertEqual(strategy.specialisations, ["customer", "service"])
        page = self.client.get(self.url("competition_overview"))
        self.assertContains(page, "Nicher&#x27;s strategies")
        self.assertContains(page, "化工行业中小客户")
        self.assertContains(page, "Protect the niche")
        described = strategy.describe()
        self.assertEqual(described.aim, "化工行业中小客户")
        self.assertIn("By service", described.means)

    def test_a_nicher_must_describe_the_niche_and_choose_a_specialisation(self):
        response = self.create("nicher", {"title": "补缺"})

        self.assertContains(
            response, "Describe the niche: which customers, products or area.", status_code=422
        )
        self.assertContains(response, "Choose at least one specialisation.", status_code=422)
        self.assertFalse(ChosenStrategy.objects.exists())
