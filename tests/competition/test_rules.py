"""The pure rules: enterprise capability, share validation and the derivation of market roles."""

import random
from decimal import Decimal

from django.test import SimpleTestCase
from hypothesis import given
from hypothesis import strategies as st

from competition.rules import (
    Company,
    Role,
    SharesExceedLimit,
    capability,
    check_shares,
    derive_roles,
)

D = Decimal


class CapabilityTests(SimpleTestCase):
    def test_equal_weights_give_the_plain_mean_to_two_places(self):
        weights = {1: D(1), 2: D(1), 3: D(1)}

        self.assertEqual(capability({1: 4, 2: 4, 3: 5}, weights), D("4.33"))

    def test_weights_count_in_exact_decimals(self):
        weights = {1: D("2"), 2: D("1")}

        self.assertEqual(capability({1: 5, 2: 2}, weights), D("4.00"))

    def test_a_factor_without_weight_or_score_does_not_count(self):
        weights = {1: D(1), 2: D(0), 3: D(1)}

        self.assertEqual(capability({1: 3, 2: 1, 4: 1}, weights), D("3.00"))

    def test_nothing_scored_gives_no_capability(self):
        self.assertIsNone(capability({}, {1: D(1)}))

    def test_a_score_outside_one_to_five_is_refused(self):
        with self.assertRaises(ValueError):
            capability({1: 6}, {1: D(1)})


class ShareValidationTests(SimpleTestCase):
    def test_shares_up_to_one_hundred_percent_are_accepted(self):
        self.assertEqual(check_shares([D("60"), D("39.5"), D("0.5")]), D("100.0"))

    def test_shares_may_leave_room_for_other_suppliers(self):
        self.assertEqual(check_shares([D("30"), D("20")]), D("50"))

    def test_shares_above_one_hundred_percent_are_refused_with_the_total(self):
        with self.assertRaises(SharesExceedLimit) as caught:
            check_shares([D("60"), D("40.01")])

        self.assertEqual(caught.exception.total, D("100.01"))

    def test_a_negative_share_is_refused(self):
        with self.assertRaises(ValueError):
            check_shares([D("-1")])


def roles(*companies):
    return derive_roles(
        [Company(key, D(share), D(cap) if cap else None) for key, share, cap in companies]
    )


class RoleDerivationTests(SimpleTestCase):
    def test_the_largest_share_leads_a_capable_runner_up_challenges_the_rest_follow_or_niche(self):
        result = roles(
            ("us", "32", "4.0"), ("a", "28", "4.2"), ("b", "15", "3.2"), ("c", "6", "2.6")
        )

        self.assertEqual(
            result,
            {"us": Role.LEADER, "a": Role.CHALLENGER, "b": Role.FOLLOWER, "c": Role.NICHER},
        )

    def test_a_runner_up_exactly_half_a_point_below_the_leader_still_challenges(self):
        result = roles(("lead", "40", "4.0"), ("close", "20", "3.5"), ("far", "20", "3.49"))

        self.assertEqual(result["close"], Role.CHALLENGER)
        self.assertEqual(result["far"], Role.FOLLOWER)

    def test_a_share_tie_is_broken_by_capability(self):
        result = roles(("us", "30", "4.0"), ("rival", "30", "4.4"))

        self.assertEqual(result, {"rival": Role.LEADER, "us": Role.CHALLENGER})

    def test_companies_equal_on_share_and_capability_lead_together(self):
        result = roles(("us", "30", "4.0"), ("rival", "30", "4.0"), ("small", "5", "3.0"))

        self.assertEqual(result, {"us": Role.LEADER, "rival": Role.LEADER, "small": Role.NICHER})

    def test_a_small_share_is_a_nicher_even_with_high_capability(self):
        result = roles(("lead", "50", "3.0"), ("niche", "9.99", "5.0"), ("edge", "10", "3.0"))

        self.assertEqual(result["niche"], Role.NICHER)
        self.assertEqual(result["edge"], Role.CHALLENGER)

    def test_nobody_leads_a_line_where_every_share_is_zero(self):
        result = roles(("us", "0", "4.0"), ("rival", "0", "3.0"))

        self.assertEqual(result, {"us": Role.NICHER, "rival": Role.NICHER})

    def test_an_unscored_company_ranks_below_a_scored_one_of_equal_share_and_never_challenges(self):
        result = roles(("us", "30", None), ("rival", "30", "2.0"), ("third", "20", None))

        self.assertEqual(
            result, {"rival": Role.LEADER, "us": Role.FOLLOWER, "third": Role.FOLLOWER}
        )

    def test_no_companies_no_roles(self):
        self.assertEqual(derive_roles([]), {})

    @given(
        st.lists(
            st.tuples(
                st.integers(min_value=0, max_value=40), st.integers(min_value=10, max_value=50)
            ),
            min_size=1,
            max_size=6,
        ),
        st.randoms(use_true_random=False),
    )
    def test_the_roles_do_not_depend_on_the_order_of_the_companies(self, rows, shuffler):
        companies = [
            Company(index, D(share), D(cap) / 10) for index, (share, cap) in enumerate(rows)
        ]
        shuffled = list(companies)
        shuffler.shuffle(shuffled)

        self.assertEqual(derive_roles(companies), derive_roles(shuffled))

    def test_exactly_one_role_each_and_at_least_one_leader_when_someone_sells(self):
        rng = random.Random(7)
        for _ in range(200):
            companies = [
                Company(i, D(rng.randint(0, 30)), D(rng.randint(10, 50)) / 10) for i in range(4)
            ]
            result = derive_roles(companies)
            self.assertEqual(set(result), {c.key for c in companies})
            if any(c.share > 0 for c in companies):
                self.assertIn(Role.LEADER, result.values())
