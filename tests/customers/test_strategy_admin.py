"""The administrator's side of the customer strategy: settings, factors and the action library."""

from decimal import Decimal

from django.urls import reverse

from customers.models import Action, AssessmentFactor, StrategySettings
from tests.base import PersonasTestCase

SETTINGS_FORM = {
    "high_threshold": "3.00",
    "order_score_1": "5.10",
    "order_score_2": "4.10",
    "order_score_3": "3.10",
    "order_score_4": "2.10",
    "likelihood_score_1": "4.90",
    "likelihood_score_2": "3.90",
    "likelihood_score_3": "2.90",
    "likelihood_score_4": "1.90",
    "class_a_above": "8.00",
    "class_b_above": "6.00",
    "class_c_above": "4.00",
    "funnel_sparse_below": "5",
    "funnel_pipeline_min": "1",
    "funnel_many_share": "50.00",
    "funnel_window_months": "3",
    "funnel_stocked_min": "1",
}


class StrategyAdminTests(PersonasTestCase):
    def setUp(self):
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        self.login(self.adam)
        self.change = reverse("admin:customers_strategysettings_change", args=[1])

    def test_the_settings_hold_the_decks_defaults(self):
        strategy = StrategySettings.load()

        self.assertEqual(strategy.high_threshold, Decimal("3.00"))
        self.assertEqual(
            strategy.energy_rule.order_scores,
            (Decimal("5.10"), Decimal("4.10"), Decimal("3.10"), Decimal("2.10")),
        )
        self.assertEqual(
            (strategy.class_a_above, strategy.class_b_above, strategy.class_c_above),
            (Decimal("8.00"), Decimal("6.00"), Decimal("4.00")),
        )

    def test_the_settings_list_opens_the_one_settings_page(self):
        response = self.client.get(reverse("admin:customers_strategysettings_changelist"))

        self.assertRedirects(response, self.change)
        self.assertEqual(self.client.get(self.change).status_code, 200)

    def test_the_administrator_changes_a_score(self):
        response = self.client.post(self.change, {**SETTINGS_FORM, "order_score_1": "5.30"})

        self.assertEqual(response.status_code, 302)
        self.assertEqual(StrategySettings.load().order_score_1, Decimal("5.30"))

    def test_edges_out_of_order_are_refused(self):
        response = self.client.post(self.change, {**SETTINGS_FORM, "class_b_above": "8.50"})

        self.assertContains(response, "The edges must descend: A above B above C.")
        self.assertEqual(StrategySettings.load().class_b_above, Decimal("6.00"))

    def test_factors_and_actions_are_administered(self):
        factor = AssessmentFactor.objects.get(code="profit_contribution")
        action = Action.objects.get(number=1)

        self.assertEqual(
            self.client.get(
                reverse("admin:customers_assessmentfactor_change", args=[factor.pk])
            ).status_code,
            200,
        )
        self.assertEqual(
            self.client.get(reverse("admin:customers_action_change", args=[action.pk])).status_code,
            200,
        )
        self.assertEqual(
            self.client.get(reverse("admin:customers_action_changelist")).status_code, 200
        )
