"""A customer's page: step 1 (value), step 2 (energy), step 3 (actions), and who may do what."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.urls import reverse

from customers.access import committed_actions_for_user
from customers.models import (
    Action,
    Assessment,
    AssessmentFactor,
    AssessmentScore,
    CommittedAction,
    EnergyRating,
    StrategySettings,
)
from tests.base import PersonasTestCase

ATTRACTIVENESS = AssessmentFactor.Axis.ATTRACTIVENESS
ADVANTAGE = AssessmentFactor.Axis.ADVANTAGE


class StrategyTestCase(PersonasTestCase):
    def setUp(self):
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        self.login(self.alice)
        self.detail = reverse("customer_detail", args=[self.langtong.pk]) + "?period=2027"

    def factors(self, axis=None):
        factors = AssessmentFactor.objects.filter(active=True)
        return list(factors.filter(axis=axis) if axis else factors)

    def scores(self, attractiveness=4, advantage=4, revision=0, **overrides) -> dict:
        data = {"period": "2027", "revision": str(revision)}
        for factor in self.factors():
            value = attractiveness if factor.axis == ATTRACTIVENESS else advantage
            data[f"factor_{factor.pk}"] = str(value)
        data.update(overrides)
        return data

    def assess(self, **kwargs):
        return self.client.post(
            reverse("customer_assess", args=[self.langtong.pk]), self.scores(**kwargs)
        )

    def rate(self, order, likelihood, revision=0):
        return self.client.post(
            reverse("customer_energy", args=[self.langtong.pk]),
            {
                "period": "2027",
                "revision": str(revision),
                "order_level": str(order),
                "likelihood_level": str(likelihood),
            },
        )


class ValueAssessmentTests(StrategyTestCase):
    def test_the_deck_factors_are_seeded_with_equal_weights(self):
        self.assertEqual(len(self.factors(ATTRACTIVENESS)), 10)
        self.assertEqual(len(self.factors(ADVANTAGE)), 9)
        self.assertEqual({f.weight for f in self.factors()}, {Decimal("1.00")})

    def test_manager_scores_every_factor_and_sees_the_tier(self):
        response = self.assess(attractiveness=4, advantage=2)

        self.assertRedirects(response, self.detail + "#step-1", fetch_redirect_response=False)
        assessment = Assessment.objects.get(customer=self.langtong, period=self.period)
        self.assertEqual(assessment.attractiveness, Decimal("4.00"))
        self.assertEqual(assessment.advantage, Decimal("2.00"))
        self.assertEqual(assessment.scores.count(), 19)
        self.assertEqual(assessment.history.first().history_user, self.alice)
        page = self.client.get(self.detail)
        self.assertContains(page, "The value assessment was saved.")
        self.assertContains(page, '<span class="badge tier-badge tier-2">Tier 2</span>', html=True)
        self.assertContains(page, "Future value, must invest")

    def test_tier_four_gives_the_decks_whole_reasoning(self):
        self.assess(attractiveness=1, advantage=1)

        page = self.client.get(self.detail)

        self.assertContains(page, '<span class="badge tier-badge tier-4">Tier 4</span>', html=True)
        # DOMAIN.md's tier 4: little profit, coverage does not pay, easily swayed, unlikely to
        # re-buy, consider withdrawing — the last two reasons had been left out.
        self.assertContains(page, "their buying is easily swayed and unlikely to be repeated")
        self.assertNotContains(page, "其采购活动易受诱导")  # the English page is English only

    def test_the_axis_is_the_weighted_mean_cut_to_two_places(self):
        first, *others = self.factors(ATTRACTIVENESS)
        AssessmentFactor.objects.filter(pk=first.pk).update(weight=Decimal("2.00"))
        # (2 × 5 + 9 × 2) / 11 = 2.5454… → 2.54
        self.assess(attractiveness=2, advantage=3, **{f"factor_{first.pk}": "5"})

        assessment = Assessment.objects.get(customer=self.langtong, period=self.period)
        self.assertEqual(assessment.attractiveness, Decimal("2.54"))
        self.assertEqual(assessment.tier(Decimal("3")), 3)

    def test_an_old_assessment_keeps_the_weights_it_was_made_with(self):
        first = self.factors(ATTRACTIVENESS)[0]
        self.assess(attractiveness=3, advantage=3, **{f"factor_{first.pk}": "5"})
        AssessmentFactor.objects.filter(pk=first.pk).update(weight=Decimal("10.00"))

        assessment = Assessment.objects.get(customer=self.langtong, period=self.period)
        self.assertEqual(assessment.attractiveness, Decimal("3.20"))
        row = AssessmentScore.objects.get(assessment=assessment, factor=first)
        self.assertEqual(row.weight, Decimal("1.00"))
        page = self.client.get(self.detail)
        self.assertContains(page, "it keeps the weights it was made with")

        self.assess(attractiveness=3, advantage=3, revision=1, **{f"factor_{first.pk}": "5"})

        assessment.refresh_from_db()
        self.assertEqual(assessment.attractiveness, Decimal("4.05"))  # (50 + 27) / 19
        row.refresh_from_db()
        self.assertEqual(row.weight, Decimal("10.00"))

    def test_a_missing_factor_is_refused_at_the_factor_and_nothing_is_saved(self):
        missing = self.factors(ADVANTAGE)[2]
        data = self.scores(attractiveness=5, advantage=4)
        del data[f"factor_{missing.pk}"]

        response = self.client.post(reverse("customer_assess", args=[self.langtong.pk]), data)

        self.assertContains(response, "Score this factor from 1 to 5.", status_code=422)
        self.assertFalse(Assessment.objects.exists())
        kept = self.factors(ATTRACTIVENESS)[0]
        self.assertContains(
            response, f'id="id_factor_{kept.pk}_4" value="5" checked', status_code=422
        )

    def test_a_score_out_of_range_is_refused_and_nothing_is_saved(self):
        factor = self.factors(ATTRACTIVENESS)[1]

        response = self.assess(**{f"factor_{factor.pk}": "7"})

        self.assertContains(
            response, "Scores run from 1 to 5; 7 is not one of them.", status_code=422
        )
        self.assertFalse(Assessment.objects.exists())
        self.assertFalse(AssessmentScore.objects.exists())

    def test_a_weight_of_zero_on_every_factor_of_an_axis_is_refused_with_a_clear_message(self):
        AssessmentFactor.objects.filter(axis=ADVANTAGE).update(weight=Decimal("0"))

        response = self.assess()

        self.assertContains(response, "weighs zero, so it cannot be scored", status_code=422)
        self.assertContains(response, "Nothing was saved.", status_code=422)
        self.assertFalse(Assessment.objects.exists())

    def test_the_administrator_cannot_zero_the_last_weighted_factor_of_an_axis(self):
        factors = self.factors(ADVANTAGE)
        AssessmentFactor.objects.filter(pk__in=[f.pk for f in factors[1:]]).update(weight=0)
        last = AssessmentFactor.objects.get(pk=factors[0].pk)
        last.weight = Decimal("0")

        with self.assertRaises(ValidationError) as raised:
            last.full_clean()

        self.assertIn("weight", raised.exception.message_dict)

    def test_the_second_of_two_saves_from_the_same_revision_gets_a_conflict(self):
        self.assertEqual(self.assess(attractiveness=5, advantage=5).status_code, 302)

        response = self.assess(attractiveness=1, advantage=1, revision=0)

        self.assertContains(response, "saved this assessment", status_code=409)
        self.assertContains(response, "attractiveness 5.00, advantage 5.00", status_code=409)
        factor = self.factors(ATTRACTIVENESS)[0]
        self.assertContains(
            response, f'id="id_factor_{factor.pk}_0" value="1" checked', status_code=409
        )
        self.assertContains(response, 'name="revision" value="1"', status_code=409)
        assessment = Assessment.objects.get()
        self.assertEqual(assessment.attractiveness, Decimal("5.00"))

    def test_a_new_period_starts_from_the_last_assessment(self):
        self.assess(attractiveness=2, advantage=5)
        later = type(self.period).objects.create(year=2028)

        response = self.client.get(
            reverse("customer_detail", args=[self.langtong.pk]) + "?period=2028"
        )

        self.assertContains(response, "The form starts from the 2027 assessment.")
        factor = self.factors(ADVANTAGE)[0]
        self.assertContains(response, f'id="id_factor_{factor.pk}_4" value="5" checked')
        self.assertFalse(Assessment.objects.filter(period=later).exists())

    def test_reviewers_read_the_scores_but_get_no_form_and_cannot_post(self):
        self.assess(attractiveness=4, advantage=4)
        self.login(self.rita)

        page = self.client.get(self.detail)
        refused = self.assess(attractiveness=1, advantage=1, revision=1)

        self.assertContains(page, "Tier 1")
        self.assertNotContains(page, 'class="assessment-form"')
        self.assertEqual(refused.status_code, 403)
        self.assertEqual(Assessment.objects.get().attractiveness, Decimal("4.00"))

    def test_another_regions_manager_gets_not_found(self):
        self.login(self.bob)

        self.assertEqual(self.client.get(self.detail).status_code, 404)
        self.assertEqual(self.assess().status_code, 404)


class EnergyTests(StrategyTestCase):
    def test_order_size_and_likelihood_give_score_and_class(self):
        response = self.rate(1, 3)  # 5.1 + 2.9 = 8.0: B, not A

        self.assertRedirects(response, self.detail + "#step-2", fetch_redirect_response=False)
        page = self.client.get(self.detail)
        self.assertContains(page, '<div class="fs-4 energy-score">8.00</div>', html=True)
        self.assertContains(
            page, '<span class="badge class-badge class-b">Class B</span>', html=True
        )
        self.assertEqual(EnergyRating.objects.get().order_level, 1)

    def test_the_class_follows_the_administrators_scores(self):
        self.rate(1, 3)
        strategy = StrategySettings.load()
        strategy.order_score_1 = Decimal("5.20")
        strategy.full_clean()
        strategy.save()

        page = self.client.get(self.detail)

        self.assertContains(page, '<div class="fs-4 energy-score">8.10</div>', html=True)
        self.assertContains(
            page, '<span class="badge class-badge class-a">Class A</span>', html=True
        )

    def test_a_level_outside_the_four_is_refused(self):
        response = self.rate(5, 1)

        self.assertContains(response, "Choose one of the four order sizes.", status_code=422)
        self.assertFalse(EnergyRating.objects.exists())

    def test_a_stale_energy_save_is_a_conflict(self):
        self.rate(1, 1)

        response = self.rate(4, 4, revision=0)

        self.assertContains(response, "saved this rating", status_code=409)
        self.assertEqual(EnergyRating.objects.get().order_level, 1)

    def test_administrators_settings_refuse_edges_or_scores_out_of_order(self):
        strategy = StrategySettings.load()
        strategy.class_b_above = Decimal("9")
        strategy.likelihood_score_4 = Decimal("3.00")

        with self.assertRaises(ValidationError) as raised:
            strategy.full_clean()

        self.assertIn("class_a_above", raised.exception.message_dict)
        self.assertIn("likelihood_score_1", raised.exception.message_dict)


class PriorityAndActionsTests(StrategyTestCase):
    def commit(self, **overrides):
        data = {
            "period": "2027",
            "action": str(Action.objects.get(number=4).pk),
            "owner": str(self.alice.pk),
            "due_date": "2027-01-15",
            "note": "准备方案",
        }
        data.update(overrides)
        return self.client.post(reverse("customer_action_commit", args=[self.langtong.pk]), data)

    def test_tier_one_class_a_is_priority_one(self):
        self.assess(attractiveness=4, advantage=4)
        self.rate(1, 1)

        page = self.client.get(self.detail)

        self.assertContains(page, "P1")
        self.assertContains(page, "from Tier 1 × Class A")

    def test_the_page_suggests_the_library_actions_of_the_tier(self):
        self.assess(attractiveness=4, advantage=4)

        page = self.client.get(self.detail)

        suggested = page.content.decode().split('class="list-group list-group-flush suggested')[1]
        suggested = suggested.split("</ol>")[0]
        self.assertIn("Foresee the customer&#x27;s needs", suggested)  # 4: tier 1
        self.assertIn("Senior management stays in close touch", suggested)  # 15: tiers 1, 2
        self.assertNotIn("Mail brochures", suggested)  # 11: tier 4

    def test_the_library_holds_the_decks_sixteen_actions(self):
        self.assertEqual(Action.objects.count(), 16)
        self.assertEqual(Action.objects.get(number=5).tiers, [3, 4])
        self.assertEqual(Action.objects.get(number=3).tiers, [1, 2])

    def test_manager_commits_to_an_action_with_an_owner_and_a_due_date(self):
        response = self.commit()

        self.assertRedirects(response, self.detail + "#step-3", fetch_redirect_response=False)
        committed = CommittedAction.objects.get()
        self.assertEqual(
            (committed.owner, committed.due_date, committed.status),
            (self.alice, date(2027, 1, 15), "open"),
        )
        page = self.client.get(self.detail)
        self.assertContains(page, "15 Jan 2027")
        self.assertContains(page, "准备方案")

    def test_committed_actions_are_listed_for_their_owner_by_due_date(self):
        self.commit(due_date="2027-02-01")
        self.commit(due_date="2027-01-10")

        mine = committed_actions_for_user(self.alice)

        self.assertEqual([a.due_date.day for a in mine], [10, 1])
        self.assertEqual(committed_actions_for_user(self.bob).count(), 0)
        self.assertEqual(committed_actions_for_user(self.rita).count(), 0)
        window = committed_actions_for_user(
            self.alice, due_from=date(2027, 1, 20), due_to=date(2027, 2, 28)
        )
        self.assertEqual([a.due_date for a in window], [date(2027, 2, 1)])

    def test_the_owner_must_be_one_of_the_regions_managers(self):
        response = self.commit(owner=str(self.bob.pk))

        self.assertContains(
            response, "The owner must be one of the region&#x27;s managers.", status_code=422
        )
        self.assertFalse(CommittedAction.objects.exists())

    def test_a_commitment_without_a_due_date_is_refused_and_the_note_is_kept(self):
        response = self.commit(due_date="")

        self.assertContains(response, "Give a due date.", status_code=422)
        self.assertContains(response, 'value="准备方案"', status_code=422)
        self.assertFalse(CommittedAction.objects.exists())

    def test_a_done_action_leaves_the_to_do_list(self):
        self.commit()
        committed = CommittedAction.objects.get()

        response = self.client.post(
            reverse("committed_action_update", args=[committed.pk]), {"status": "done"}
        )

        self.assertEqual(response.status_code, 302)
        committed.refresh_from_db()
        self.assertEqual(committed.status, "done")
        self.assertIsNotNone(committed.completed_at)
        self.assertEqual(committed_actions_for_user(self.alice).count(), 0)
        self.assertEqual(committed_actions_for_user(self.alice, include_closed=True).count(), 1)

    def test_a_status_post_without_a_status_changes_nothing(self):
        self.commit()
        committed = CommittedAction.objects.get()

        response = self.client.post(reverse("committed_action_update", args=[committed.pk]))

        self.assertEqual(response.status_code, 400)
        committed.refresh_from_db()
        self.assertEqual(committed.status, "open")

    def test_reviewers_cannot_commit_or_close_actions(self):
        self.commit()
        committed = CommittedAction.objects.get()
        self.login(self.rita)

        self.assertEqual(self.commit().status_code, 403)
        response = self.client.post(
            reverse("committed_action_update", args=[committed.pk]), {"status": "done"}
        )

        self.assertEqual(response.status_code, 403)
        self.assertEqual(CommittedAction.objects.get().status, "open")


class ClassTableTests(StrategyTestCase):
    def test_the_table_shows_the_sixteen_pairs_and_the_class_counts(self):
        response = self.client.get(reverse("energy_class_table"))

        self.assertContains(response, "A 3")
        self.assertContains(response, "B 7")
        self.assertContains(response, "C 5")
        self.assertContains(response, "D 1")
        self.assertEqual(response.content.decode().count('class="class-cell '), 16)

    def test_the_table_follows_edited_scores(self):
        strategy = StrategySettings.load()
        strategy.order_score_4 = Decimal("1.00")  # small: 5.9, 4.9, 3.9, 2.9
        strategy.save()

        response = self.client.get(reverse("energy_class_table"))

        self.assertContains(response, "A 3")
        self.assertContains(response, "B 6")
        self.assertContains(response, "C 5")
        self.assertContains(response, "D 2")
