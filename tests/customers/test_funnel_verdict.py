"""The funnel's health verdict (优 / 良 / 中 / 差) from constructed histories of snapshots."""

from datetime import date
from decimal import Decimal

from django.test import SimpleTestCase

from customers import scoring
from customers.scoring import FunnelRule, SnapshotPoint

MONTHS = [date(2026, month, 1) for month in range(6, 12)]  # Jun … Nov


def history(**paths: str) -> list[SnapshotPoint]:
    """One customer per keyword, its class in each month from June on ("." for no class);
    a path shorter than six months ends in November."""
    points = []
    for number, path in enumerate(paths.values(), start=1):
        for month, energy in zip(MONTHS[-len(path) :], path, strict=True):
            points.append(SnapshotPoint(number, month, "" if energy == "." else energy))
    return points


class FunnelVerdictTests(SimpleTestCase):
    rule = FunnelRule()

    def verdict(self, points, rule=None):
        return scoring.funnel_verdict(points, rule or self.rule)

    def test_customers_moving_toward_a_with_every_class_stocked_is_excellent(self):
        verdict = self.verdict(
            history(a="BBBBAA", b="BBBBBB", c="CCCCCB", d="CCCCCC", e="DDDDDD", f="DDDDDC")
        )

        self.assertEqual((verdict.grade, verdict.rule), ("优", "virtuous"))
        self.assertEqual(verdict.counts, {"A": 1, "B": 2, "C": 2, "D": 1})
        self.assertEqual(verdict.recent_up_moves, 3)
        self.assertEqual(verdict.month, date(2026, 11, 1))

    def test_many_c_and_d_that_stay_put_for_a_long_time_is_good_but_stalled(self):
        verdict = self.verdict(
            history(a="AAAAAA", b="BBBBBB", c="CCCCCC", d="CCCCCC", e="DDDDDD", f="DDDDDD")
        )

        self.assertEqual((verdict.grade, verdict.rule), ("良", "stalled"))
        self.assertEqual(verdict.pipeline, 4)
        self.assertEqual(verdict.pipeline_share, Decimal("66.7"))
        self.assertEqual(verdict.recent_up_moves, 0)

    def test_a_move_toward_a_before_the_window_does_not_count(self):
        # D→C in July; the window of three months is Sep, Oct, Nov.
        verdict = self.verdict(
            history(a="AAAAAA", b="BBBBBB", c="DCCCCC", d="CCCCCC", e="DDDDDD", f="DDDDDD")
        )

        self.assertEqual(verdict.rule, "stalled")
        self.assertEqual(verdict.window_start, date(2026, 9, 1))

    def test_a_move_down_is_no_move_toward_a(self):
        verdict = self.verdict(
            history(a="AAAAAA", b="BBBBBB", c="CCCCCC", d="BBBBBC", e="DDDDDD", f="DDDDDD")
        )

        self.assertEqual(verdict.rule, "stalled")

    def test_no_c_or_d_customers_is_fair(self):
        verdict = self.verdict(
            history(a="AAAAAA", b="AAAAAA", c="BBBBBB", d="BBBBBB", e="CCCCBB", f="BBBBBA")
        )

        self.assertEqual((verdict.grade, verdict.rule), ("中", "no_pipeline"))
        self.assertEqual(verdict.pipeline, 0)

    def test_a_few_scattered_customers_is_poor(self):
        verdict = self.verdict(history(a="CCCCCB", b="DDDDDD", c="AAAAAA", d="BBBBBB"))

        self.assertEqual((verdict.grade, verdict.rule), ("差", "sparse"))
        self.assertEqual(verdict.total, 4)

    def test_sparse_wins_over_every_other_rule(self):
        verdict = self.verdict(history(a="AAAAAA", b="BBBBBB"))

        self.assertEqual(verdict.grade, "差")

    def test_customers_without_a_class_do_not_fill_the_funnel(self):
        verdict = self.verdict(
            history(a="AAAAAA", b="BBBBBB", c="CCCCCC", d="DDDDDD", e="......", f="......")
        )

        self.assertEqual((verdict.grade, verdict.total), ("差", 4))

    def test_a_pipeline_with_an_empty_class_is_good_but_not_a_virtuous_cycle(self):
        verdict = self.verdict(
            history(a="BBBBBB", b="CCCCCB", c="CCCCCC", d="DDDDDD", e="DDDDDD", f="BBBBBB")
        )

        self.assertEqual((verdict.grade, verdict.rule), ("良", "not_virtuous"))
        self.assertEqual(verdict.empty_classes, ("A",))

    def test_few_c_and_d_without_moves_is_good_but_not_virtuous(self):
        # C and D are 2 of 6 (33%): not "many", so not stalled either.
        verdict = self.verdict(
            history(a="AAAAAA", b="AAAAAA", c="BBBBBB", d="BBBBBB", e="CCCCCC", f="DDDDDD")
        )

        self.assertEqual((verdict.grade, verdict.rule), ("良", "not_virtuous"))

    def test_the_thresholds_are_the_administrators(self):
        points = history(a="BBBBAA", b="BBBBBB", c="CCCCCB", d="CCCCCC", e="DDDDDD", f="DDDDDC")

        self.assertEqual(self.verdict(points, FunnelRule(sparse_below=7)).grade, "差")
        self.assertEqual(self.verdict(points, FunnelRule(pipeline_min=4)).grade, "中")
        self.assertEqual(self.verdict(points, FunnelRule(stocked_min=2)).rule, "not_virtuous")

    def test_a_shorter_long_time_drops_older_moves(self):
        # Every move toward A happened in October.
        points = history(a="BBBBAA", b="BBBBBB", c="CCCCBB", d="CCCCCC", e="DDDDDD", f="DDDDCC")

        self.assertEqual(self.verdict(points).rule, "virtuous")
        self.assertEqual(self.verdict(points, FunnelRule(window_months=1)).rule, "stalled")

    def test_many_is_measured_exactly_at_the_threshold(self):
        # C and D are exactly 3 of 6: 50% is "many" at the default threshold.
        points = history(a="AAAAAA", b="AAAAAA", c="BBBBBB", d="CCCCCC", e="CCCCCC", f="DDDDDD")

        self.assertEqual(self.verdict(points).rule, "stalled")
        self.assertEqual(
            self.verdict(points, FunnelRule(many_share=Decimal("50.01"))).rule, "not_virtuous"
        )

    def test_no_snapshots_no_verdict(self):
        verdict = self.verdict([])

        self.assertEqual((verdict.grade, verdict.rule), ("", "none"))


class FunnelCountsAndMovesTests(SimpleTestCase):
    def test_counts_per_class_per_month(self):
        counts = scoring.class_counts(history(a="DC", b="CC", c=".B"))

        self.assertEqual(counts[date(2026, 10, 1)], {"A": 0, "B": 0, "C": 1, "D": 1, "": 1})
        self.assertEqual(counts[date(2026, 11, 1)], {"A": 0, "B": 1, "C": 2, "D": 0, "": 0})

    def test_moves_between_consecutive_classed_snapshots(self):
        moves = scoring.class_moves(history(a="DCCB", b="BBCC", c="A..A"))

        self.assertEqual(
            [(m.customer_id, m.month.month, m.from_class, m.to_class, m.upward) for m in moves],
            [(1, 9, "D", "C", True), (2, 10, "B", "C", False), (1, 11, "C", "B", True)],
        )
