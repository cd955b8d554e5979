"""The customer strategy's rules (customers/scoring.py): tiers, energy classes, priorities."""

from collections import Counter
from dataclasses import replace
from decimal import Decimal

from django.test import SimpleTestCase
from hypothesis import given
from hypothesis import strategies as st

from customers import scoring
from customers.scoring import DEFAULT_ENERGY_RULE as RULE

D = Decimal

# DOMAIN.md's table, order size (rows: exceptional … small) × likelihood (columns: this month …
# intent only), with the default scores 5.1/4.1/3.1/2.1 and 4.9/3.9/2.9/1.9.
EXPECTED_CLASSES = [
    ["A", "A", "B", "B"],  # 10.0, 9.0, 8.0, 7.0
    ["A", "B", "B", "C"],  # 9.0, 8.0, 7.0, 6.0
    ["B", "B", "C", "C"],  # 8.0, 7.0, 6.0, 5.0
    ["B", "C", "C", "D"],  # 7.0, 6.0, 5.0, 4.0
]


class WeightedMeanTests(SimpleTestCase):
    def test_equal_weights_give_the_plain_mean(self):
        self.assertEqual(scoring.weighted_mean([(3, D(1)), (4, D(1)), (5, D(1))]), D("4.00"))

    def test_weights_pull_the_mean_toward_the_heavier_factor(self):
        self.assertEqual(scoring.weighted_mean([(5, D(3)), (1, D(1))]), D("4.00"))

    def test_the_mean_is_cut_not_rounded_so_that_it_never_reaches_a_mark_it_missed(self):
        # (3 + 3 + 2.99…): 2.9966… is cut to 2.99, not rounded to 3.00.
        pairs = [(3, D(1)), (3, D(1)), (3, D(1)), (2, D("0.01"))]
        self.assertEqual(scoring.weighted_mean(pairs), D("2.99"))

    def test_a_factor_of_weight_zero_does_not_count(self):
        self.assertEqual(scoring.weighted_mean([(4, D(1)), (1, D(0))]), D("4.00"))

    def test_a_weight_of_zero_on_every_factor_is_refused(self):
        with self.assertRaises(scoring.ScoringError) as raised:
            scoring.weighted_mean([(4, D(0)), (2, D(0))])
        self.assertEqual(raised.exception.code, "all_weights_zero")

    def test_scores_out_of_range_are_refused(self):
        for score in (0, 6, -1):
            with self.subTest(score=score), self.assertRaises(scoring.ScoringError) as raised:
                scoring.weighted_mean([(score, D(1)), (3, D(1))])
            self.assertEqual(raised.exception.code, "score_out_of_range")

    def test_no_factors_at_all_is_refused(self):
        with self.assertRaises(scoring.ScoringError) as raised:
            scoring.weighted_mean([])
        self.assertEqual(raised.exception.code, "no_factors")

    def test_a_negative_weight_is_refused(self):
        with self.assertRaises(scoring.ScoringError):
            scoring.weighted_mean([(3, D(-1)), (3, D(2))])


class TierTests(SimpleTestCase):
    threshold = D("3")

    def test_the_four_quadrants(self):
        self.assertEqual(scoring.tier_for(D("4"), D("4"), self.threshold), 1)
        self.assertEqual(scoring.tier_for(D("4"), D("2"), self.threshold), 2)
        self.assertEqual(scoring.tier_for(D("2"), D("4"), self.threshold), 3)
        self.assertEqual(scoring.tier_for(D("2"), D("2"), self.threshold), 4)

    def test_exactly_the_threshold_is_high(self):
        self.assertEqual(scoring.tier_for(D("3.00"), D("3.00"), self.threshold), 1)

    def test_just_below_the_threshold_is_low(self):
        self.assertEqual(scoring.tier_for(D("2.99"), D("3.00"), self.threshold), 3)
        self.assertEqual(scoring.tier_for(D("3.00"), D("2.99"), self.threshold), 2)
        self.assertEqual(scoring.tier_for(D("2.99"), D("2.99"), self.threshold), 4)

    def test_just_above_the_threshold_is_high(self):
        self.assertEqual(scoring.tier_for(D("3.01"), D("3.01"), self.threshold), 1)

    def test_a_mean_a_hair_under_the_threshold_stays_low_after_cutting(self):
        mean = scoring.weighted_mean([(3, D(1)), (3, D(1)), (2, D("0.01"))])
        self.assertEqual(scoring.tier_for(mean, D("4"), self.threshold), 3)

    def test_another_threshold_moves_the_edge(self):
        self.assertEqual(scoring.tier_for(D("3.40"), D("3.60"), D("3.5")), 3)


class EnergyClassTests(SimpleTestCase):
    def test_all_sixteen_pairs_give_the_domain_classes(self):
        for order in scoring.LEVELS:
            for likelihood in scoring.LEVELS:
                with self.subTest(order=order, likelihood=likelihood):
                    self.assertEqual(
                        scoring.class_for(order, likelihood, RULE),
                        EXPECTED_CLASSES[order - 1][likelihood - 1],
                    )

    def test_the_default_table_has_three_a_seven_b_five_c_and_one_d(self):
        counts = Counter(energy for row in scoring.class_table(RULE) for _score, energy in row)
        self.assertEqual(counts, {"A": 3, "B": 7, "C": 5, "D": 1})

    def test_sums_are_exact_decimals_on_the_band_edges(self):
        self.assertEqual(scoring.energy_score(1, 3, RULE), D("8.0"))  # 5.1 + 2.9
        self.assertEqual(scoring.energy_class(D("8.0"), RULE), "B")
        self.assertEqual(scoring.energy_class(D("8.01"), RULE), "A")
        self.assertEqual(scoring.energy_class(D("6"), RULE), "C")
        self.assertEqual(scoring.energy_class(D("4"), RULE), "D")
        self.assertEqual(scoring.energy_class(D("4.01"), RULE), "C")

    def test_edited_scores_give_the_classes_of_the_new_sums(self):
        rule = replace(
            RULE,
            order_scores=(D("6"), D("5"), D("3"), D("1")),
            likelihood_scores=(D("4"), D("3"), D("2"), D("1")),
        )
        expected = [
            ["A", "A", "B", "B"],  # 10, 9, 8, 7
            ["A", "B", "B", "C"],  # 9, 8, 7, 6
            ["B", "C", "C", "D"],  # 7, 6, 5, 4
            ["C", "D", "D", "D"],  # 5, 4, 3, 2
        ]
        for order in scoring.LEVELS:
            for likelihood in scoring.LEVELS:
                with self.subTest(order=order, likelihood=likelihood):
                    self.assertEqual(
                        scoring.class_for(order, likelihood, rule),
                        expected[order - 1][likelihood - 1],
                    )

    def test_edited_edges_move_the_bands(self):
        rule = replace(RULE, a_above=D("9"), b_above=D("7"), c_above=D("5"))
        self.assertEqual(scoring.class_for(1, 2, rule), "B")  # 9.0 is no longer A
        self.assertEqual(scoring.class_for(4, 4, rule), "D")

    def test_pairs_of_a_class_are_listed(self):
        self.assertEqual(scoring.level_pairs_of_class("D", RULE), [(4, 4)])
        self.assertEqual(scoring.level_pairs_of_class("A", RULE), [(1, 1), (1, 2), (2, 1)])

    def test_a_level_out_of_range_is_refused(self):
        with self.assertRaises(scoring.ScoringError):
            scoring.energy_score(0, 1, RULE)
        with self.assertRaises(scoring.ScoringError):
            scoring.energy_score(1, 5, RULE)


scores_strategy = st.decimals(
    min_value=D("0.01"), max_value=D("20"), places=2, allow_nan=False, allow_infinity=False
)


@st.composite
def energy_rules(draw):
    """Any valid rule: each list of scores strictly descending, the edges descending."""
    orders = sorted(draw(st.sets(scores_strategy, min_size=4, max_size=4)), reverse=True)
    likelihoods = sorted(draw(st.sets(scores_strategy, min_size=4, max_size=4)), reverse=True)
    edges = sorted(draw(st.sets(scores_strategy, min_size=3, max_size=3)), reverse=True)
    return scoring.EnergyRule(tuple(orders), tuple(likelihoods), *edges)


class EnergyPropertyTests(SimpleTestCase):
    @given(rule=energy_rules(), low=scores_strategy, high=scores_strategy)
    def test_a_higher_score_never_gives_a_lower_class(self, rule, low, high):
        low, high = min(low, high), max(low, high)
        self.assertLessEqual(
            scoring.class_rank(scoring.energy_class(high, rule)),
            scoring.class_rank(scoring.energy_class(low, rule)),
        )

    @given(
        rule=energy_rules(),
        order=st.sampled_from(scoring.LEVELS),
        likelihood=st.sampled_from(scoring.LEVELS),
    )
    def test_a_better_level_never_gives_a_lower_class(self, rule, order, likelihood):
        here = scoring.class_rank(scoring.class_for(order, likelihood, rule))
        if order > 1:
            self.assertLessEqual(
                scoring.class_rank(scoring.class_for(order - 1, likelihood, rule)), here
            )
        if likelihood > 1:
            self.assertLessEqual(
                scoring.class_rank(scoring.class_for(order, likelihood - 1, rule)), here
            )


class PriorityTests(SimpleTestCase):
    # DOMAIN.md: P1 一级A、B类、二级A类; P2 二级B、C类、其他一级; P3 三级A类、其他二级;
    # P4 三级B类以下所有客户 and all of tier 4.
    EXPECTED = {
        1: {"A": 1, "B": 1, "C": 2, "D": 2},
        2: {"A": 1, "B": 2, "C": 2, "D": 3},
        3: {"A": 3, "B": 4, "C": 4, "D": 4},
        4: {"A": 4, "B": 4, "C": 4, "D": 4},
    }

    def test_every_tier_and_class_gives_the_domain_priority(self):
        for tier in scoring.TIERS:
            for energy in scoring.CLASSES:
                with self.subTest(tier=tier, energy=energy):
                    self.assertEqual(
                        scoring.priority_for(tier, energy), self.EXPECTED[tier][energy]
                    )

    def test_no_priority_until_both_steps_are_done(self):
        self.assertIsNone(scoring.priority_for(None, "A"))
        self.assertIsNone(scoring.priority_for(1, ""))

    def test_pairs_of_a_priority(self):
        self.assertEqual(sorted(scoring.pairs_of_priority(1)), [(1, "A"), (1, "B"), (2, "A")])
        self.assertEqual(len(scoring.pairs_of_priority(4)), 7)
