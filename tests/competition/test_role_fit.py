"""The warning beside a chosen strategy whose template is not our role on its product line."""

import re
from decimal import Decimal

from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.test import SimpleTestCase
from django.utils import translation

from competition import services
from competition.rules import LineRole, Role, strategy_misfits
from competition.summaries import competitive_strategy_summary
from tests.competition.base import CompetitionTestCase


def warning_text(html: str) -> str:
    """The text of the page's first fit warning, tags removed."""
    found = re.search(r"role-fit-warning[^>]*>(.*?)</div>", html, re.S)
    return re.sub(r"<[^>]+>", " ", found.group(1)) if found else ""


class StrategyMisfitRuleTests(SimpleTestCase):
    lines = {
        "A": LineRole("A", Role.FOLLOWER, Decimal("12")),
        "B": LineRole("B", Role.LEADER, Decimal("40")),
    }

    def test_a_strategy_fits_where_its_role_is_ours(self):
        self.assertEqual(strategy_misfits("follower", "A", self.lines), [])

    def test_a_strategy_for_another_role_is_a_misfit_on_its_line(self):
        self.assertEqual(strategy_misfits("challenger", "A", self.lines), [self.lines["A"]])

    def test_a_strategy_for_every_line_is_checked_against_each_assessed_line(self):
        self.assertEqual(strategy_misfits("leader", None, self.lines), [self.lines["A"]])

    def test_an_unassessed_line_raises_nothing(self):
        self.assertEqual(strategy_misfits("nicher", "C", self.lines), [])


class RoleFitPageTests(CompetitionTestCase):
    """On 产品A we hold 12 % with capability 3 against 宏达科技's 40 % and 5: a follower."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        threes = {factor.pk: 3 for factor in cls.factors}
        fives = {factor.pk: 5 for factor in cls.factors}
        services.position_save(
            region=cls.shanghai,
            period=cls.period,
            product=cls.product_a,
            user=cls.alice,
            revision=0,
            rows=[
                services.PositionInput(None, Decimal("12"), threes),
                services.PositionInput(cls.hongda, Decimal("40"), fives),
            ],
        )

    def setUp(self):
        super().setUp()
        self.login(self.alice)

    def choose(self, kind: str, product=None, **values):
        values.setdefault("title", f"{kind} 策略")
        if product is not None:
            values["product"] = product
        return services.strategy_create(
            region=self.shanghai, period=self.period, user=self.alice, kind=kind, values=values
        )

    def challenger(self, product=None):
        return self.choose(
            "challenger",
            product,
            aim="夺取订单",
            target=self.hongda,
            expected_result="份额提升",
            attack_types=["focused"],
            means=["price"],
        )

    def follower(self, product=None):
        return self.choose("follower", product, follow_styles=["adapter"])

    def test_a_challengers_strategy_on_a_line_where_we_follow_is_warned_about(self):
        self.challenger(self.product_a)

        page = self.client.get(self.url("competition_overview"))

        self.assertContains(page, "role-fit-warning")
        self.assertContains(
            page,
            "This is a challenger&#x27;s strategy; on Product A we are a follower (share 12.0 %).",
        )

    def test_a_followers_strategy_on_a_line_where_we_follow_is_not_warned_about(self):
        self.follower(self.product_a)

        page = self.client.get(self.url("competition_overview"))

        self.assertContains(page, "Follower&#x27;s strategies")
        self.assertNotContains(page, "role-fit-warning")
        self.assertNotContains(page, "This is a")

    def test_the_warning_is_in_chinese_for_a_chinese_reader(self):
        self.challenger(self.product_a)
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"

        page = self.client.get(self.url("competition_overview"))

        text = warning_text(page.content.decode())
        self.assertIn("产品A", text)
        self.assertIn("12.0", text)
        self.assertNotIn("Product A", text)

    def test_a_matching_strategy_has_no_warning_in_chinese_either(self):
        self.follower(self.product_a)

        with translation.override("zh-hans"):
            html = render_to_string(
                "competition/_strategy_summary.html",
                {"summary": competitive_strategy_summary(self.shanghai, self.period)},
            )

        self.assertIn("跟随者的竞争策略", html)
        self.assertNotIn("role-fit-warning", html)

    def test_a_strategy_for_every_line_is_warned_about_on_each_line_it_misfits(self):
        self.choose("leader", defences=["position"])

        page = self.client.get(self.url("competition_overview"))

        self.assertContains(
            page, "This is a leader&#x27;s strategy; on Product A we are a follower (share 12.0 %)."
        )

    def test_an_overridden_role_is_the_role_the_strategy_must_fit(self):
        entry = self.product_a.positions.get().entries.get(competitor=None)
        entry.role_override, entry.override_reason = Role.CHALLENGER, "全国第二"
        entry.save()
        self.challenger(self.product_a)

        page = self.client.get(self.url("competition_overview"))

        self.assertNotContains(page, "role-fit-warning")

    def test_the_printed_chapter_carries_the_warning(self):
        self.challenger(self.product_a)

        html = render_to_string(
            "competition/_strategy_summary.html",
            {"summary": competitive_strategy_summary(self.shanghai, self.period), "print": True},
        )

        self.assertIn("on Product A we are a follower (share 12.0 %)", html.replace("&#x27;", "'"))

    def test_the_edit_form_warns_beside_the_product_line(self):
        strategy = self.challenger(self.product_a)

        form = self.client.get(self.url("strategy_edit", strategy.pk))

        self.assertContains(form, 'id="role-fit"')
        self.assertContains(form, "on Product A we are a follower (share 12.0 %).")
        self.assertContains(form, "A warning only: you can still save this strategy.")
        self.assertContains(form, "(not this template's role)")

    def test_the_create_form_for_our_role_has_no_warning(self):
        url = self.url("strategy_create") + f"?kind=follower&product={self.product_a.pk}"

        form = self.client.get(url)

        self.assertContains(form, 'id="role-fit"')
        self.assertNotContains(form, "role-fit-warning")
        self.assertNotContains(form, "not this template")

    def test_choosing_a_product_line_refreshes_the_warning_alone(self):
        url = self.url("strategy_create") + f"?kind=challenger&product={self.product_a.pk}"

        refresh = self.client.get(url, headers={"HX-Request": "true"})
        every_line = self.client.get(
            self.url("strategy_create") + "?kind=follower&product=", headers={"HX-Request": "true"}
        )

        self.assertContains(refresh, "on Product A we are a follower")
        self.assertNotContains(refresh, "<form")
        self.assertNotContains(every_line, "role-fit-warning")

    def test_saving_a_misfit_is_allowed_and_warned_about(self):
        response = self.client.post(
            self.url("strategy_create") + "?kind=nicher",
            {
                "product": self.product_a.pk,
                "title": "补缺",
                "niche": "化工行业",
                "specialisations": ["customer"],
            },
        )

        self.assertEqual(response.status_code, 302)
        shown = [str(message) for message in get_messages(response.wsgi_request)]
        self.assertIn(
            "This is a nicher's strategy; on Product A we are a follower (share 12.0 %).", shown
        )

    def test_a_refused_save_keeps_the_warning_for_the_chosen_line(self):
        response = self.client.post(
            self.url("strategy_create") + "?kind=nicher",
            {"product": self.product_a.pk, "title": "补缺"},
        )

        self.assertContains(
            response, "on Product A we are a follower (share 12.0 %).", status_code=422
        )
