"""The product-oriented position: capability and share per company, the role rule, overrides."""

from decimal import Decimal

from django.urls import reverse

from competition import services
from competition.models import PositionEntry, ProductPosition
from competition.rules import Role
from competition.summaries import position_summaries
from tests.competition.base import CompetitionTestCase


class PositionTests(CompetitionTestCase):
    def setUp(self):
        super().setUp()
        self.login(self.alice)
        self.edit_url = self.url("position_edit", self.product_a.pk)

    def row(self, key: str, share: str, score: int, role: str = "", reason: str = "") -> dict:
        data = {f"share_{key}": share, f"role_{key}": role, f"reason_{key}": reason}
        for factor in self.factors:
            data[f"score_{key}_{factor.pk}"] = score
        return data

    def sheet(self, us=("32", 4), hongda=("28", 4), yuanjing=("6", 3), revision=0, **extra):
        return {
            "revision": revision,
            **self.row("us", *us),
            **self.row(f"c{self.hongda.pk}", *hongda),
            **self.row(f"c{self.yuanjing.pk}", *yuanjing),
            **extra,
        }

    def test_the_form_lists_us_and_the_rivals_of_the_product_line(self):
        response = self.client.get(self.edit_url)

        self.assertContains(response, "Us")
        self.assertContains(response, "宏达科技")
        self.assertContains(response, "远景电子")
        self.assertNotContains(response, "苏安设备")  # Jiangsu's rival
        self.assertContains(response, 'name="revision" value="0"')

    def test_manager_saves_the_position_and_the_page_shows_roles_and_the_map(self):
        response = self.client.post(self.edit_url, self.sheet())

        self.assertRedirects(
            response,
            self.url("competition_overview") + "#position-A",
            fetch_redirect_response=False,
        )
        position = ProductPosition.objects.get(region=self.shanghai, product=self.product_a)
        self.assertEqual(position.entries.count(), 3)
        self.assertEqual(position.entries.get(competitor=None).share, Decimal("32.00"))
        page = self.client.get(self.url("competition_overview"))
        self.assertContains(page, "Role rule: companies are ranked by market share")
        self.assertContains(page, "Our role: Leader")
        self.assertContains(page, "Challenger")
        self.assertContains(page, "Nicher")
        self.assertContains(page, 'class="chart-svg position-map"')

    def test_shares_over_one_hundred_percent_are_refused_and_nothing_is_saved(self):
        response = self.client.post(
            self.edit_url, self.sheet(us=("60", 4), hongda=("35.5", 4), yuanjing=("5", 3))
        )

        self.assertContains(
            response,
            "The shares add up to 100.5 %; at most 100 % is possible. Lower some.",
            status_code=422,
        )
        self.assertContains(response, 'value="35.5"', status_code=422)  # typed values kept
        self.assertContains(response, "is-invalid", status_code=422)
        self.assertFalse(ProductPosition.objects.exists())

    def test_exactly_one_hundred_percent_is_accepted(self):
        response = self.client.post(
            self.edit_url, self.sheet(us=("60", 4), hongda=("35.5", 4), yuanjing=("4.5", 3))
        )

        self.assertEqual(response.status_code, 302)

    def test_a_share_that_is_not_a_number_is_refused_at_the_field(self):
        response = self.client.post(self.edit_url, self.sheet(us=("三十", 4)))

        self.assertContains(response, "Type a number, e.g. 12.5.", status_code=422)
        self.assertFalse(ProductPosition.objects.exists())

    def test_a_factor_left_unscored_is_refused(self):
        data = self.sheet()
        data[f"score_us_{self.factors[0].pk}"] = ""

        response = self.client.post(self.edit_url, data)

        self.assertContains(response, "Score 1–5.", status_code=422)

    def test_an_override_needs_a_reason_and_then_wins_over_the_rule(self):
        key = f"c{self.yuanjing.pk}"
        refused = self.client.post(self.edit_url, self.sheet(**{f"role_{key}": "follower"}))
        self.assertContains(refused, "Say why the derived role does not fit.", status_code=422)

        saved = self.client.post(
            self.edit_url,
            self.sheet(**{f"role_{key}": "follower", f"reason_{key}": "全国第二，只是本地份额小"}),
        )

        self.assertEqual(saved.status_code, 302)
        [summary] = position_summaries(self.shanghai, self.period)
        row = next(row for row in summary.rows if row.competitor == self.yuanjing)
        self.assertEqual((row.derived_role, row.role), (Role.NICHER, Role.FOLLOWER))
        page = self.client.get(self.url("competition_overview"))
        self.assertContains(page, "overridden; the rule gives Nicher")
        self.assertContains(page, "全国第二，只是本地份额小")

    def test_a_tie_on_share_is_shown_as_the_rule_breaks_it(self):
        self.client.post(self.edit_url, self.sheet(us=("30", 4), hongda=("30", 5)))

        [summary] = position_summaries(self.shanghai, self.period)

        roles = {row.name: row.derived_role for row in summary.rows}
        self.assertEqual(roles["宏达科技"], Role.LEADER)
        self.assertEqual(summary.our_role, Role.FOLLOWER)  # a full point below the leader

    def test_the_second_of_two_saves_from_the_same_revision_gets_a_conflict(self):
        self.assertEqual(self.client.post(self.edit_url, self.sheet()).status_code, 302)

        response = self.client.post(self.edit_url, self.sheet(us=("40", 5)))

        self.assertContains(response, "Your changes were not saved.", status_code=409)
        self.assertContains(response, "32.0%", status_code=409)  # their share, shown
        self.assertContains(response, 'value="40"', status_code=409)  # ours, kept
        self.assertEqual(PositionEntry.objects.get(competitor=None).share, Decimal("32.00"))

    def test_the_worksheet_stays_editable_when_the_plan_is_submitted(self):
        self.plan.state = "submitted"
        self.plan.save()

        response = self.client.post(self.edit_url, self.sheet())

        self.assertEqual(response.status_code, 302)

    def test_another_regions_manager_cannot_see_the_position(self):
        self.client.post(self.edit_url, self.sheet())
        self.login(self.bob)

        self.assertEqual(self.client.get(self.edit_url).status_code, 404)
        self.assertEqual(self.client.get(self.url("competition_overview")).status_code, 404)


class CapabilityWeightTests(CompetitionTestCase):
    def test_the_administrators_weights_change_the_capability(self):
        first, *others = self.factors
        scores = {factor.pk: 2 for factor in others} | {first.pk: 5}
        services.position_save(
            region=self.shanghai,
            period=self.period,
            product=self.product_a,
            user=self.alice,
            revision=0,
            rows=[services.PositionInput(None, Decimal("30"), scores)],
        )
        self.login(self.adam)

        admin_page = self.client.get(reverse("admin:competition_capabilityfactor_changelist"))
        first.weight = Decimal(len(others))
        first.save()

        self.assertContains(admin_page, first.name)
        [summary] = position_summaries(self.shanghai, self.period)
        self.assertEqual(summary.our_row.capability, Decimal("3.50"))  # (5×4 + 2×4) / 8
