"""What the plan reads: the strategy summary and its charts, the same on the page and in the PDF."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

from django.template.loader import render_to_string
from django.test import SimpleTestCase
from django.utils import translation

from competition import charts, services
from competition.models import CompetitorMove
from competition.summaries import competitive_strategy_summary, competitor_moves
from tests.competition.base import CompetitionTestCase


class ChartGeometryTests(SimpleTestCase):
    def point(self, name, share, capability):
        return charts.MapPoint(
            name=name,
            detail="",
            share=Decimal(share),
            capability=None if capability is None else Decimal(capability),
            colour="#000",
        )

    def test_capability_runs_across_and_share_up(self):
        chart = charts.position_map(
            [self.point("弱", "10", "1"), self.point("强", "40", "5"), self.point("无", "5", None)]
        )

        by_name = {bubble.name: bubble for bubble in chart.bubbles}
        self.assertEqual(set(by_name), {"弱", "强"})  # an unscored company is not placed
        self.assertEqual(by_name["弱"].x, chart.left)
        self.assertEqual(by_name["强"].x, chart.right)
        self.assertLess(by_name["强"].y, by_name["弱"].y)
        self.assertGreater(by_name["强"].radius, by_name["弱"].radius)
        self.assertEqual(by_name["强"].label_anchor, "end")  # labels stay inside the map

    def test_a_label_blocked_on_its_side_goes_beside_its_bubble_on_the_other(self):
        points = [
            self.point("北辰设备", "36", "4.2"),  # the share axis up to 50%, as North China's
            self.point("京北科技", "12", "3.0"),
            self.point("我方", "9", "3.4"),
        ]
        points = [replace(p, detail="Follower · 12.0%") for p in points]
        chart = charts.position_map(points)

        by_name = {bubble.name: bubble for bubble in chart.bubbles}
        # Right of it lies our bubble: left of it, at its height, not pushed down under ours.
        self.assertEqual(by_name["京北科技"].label_anchor, "end")
        self.assertEqual(by_name["京北科技"].label_y, by_name["京北科技"].y)
        self.assertEqual(by_name["我方"].label_anchor, "start")

    def test_the_share_axis_ends_above_the_largest_share_and_at_most_at_100(self):
        small = charts.position_map([self.point("a", "12", "3")])
        full = charts.position_map([self.point("a", "95", "3")])

        self.assertEqual(small.y_ticks[-1].label, "20%")
        self.assertEqual(full.y_ticks[-1].label, "100%")

    def test_comparison_bars_point_right_when_we_are_ahead_and_left_when_behind(self):
        chart = charts.comparison_chart(
            ["渠道运作", "价格水平"], [charts.RivalScores("宏达", "#000", [2, -1])]
        )

        ahead, behind = chart.groups[0].bars[0], chart.groups[1].bars[0]
        self.assertEqual(ahead.x, chart.centre)
        self.assertEqual(behind.x + behind.width, chart.centre)
        self.assertEqual(ahead.width, 2 * behind.width)


class StrategySummaryTests(CompetitionTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        scores = {factor.pk: 4 for factor in cls.factors}
        services.position_save(
            region=cls.shanghai,
            period=cls.period,
            product=cls.product_a,
            user=cls.alice,
            revision=0,
            rows=[
                services.PositionInput(None, Decimal("32"), scores),
                services.PositionInput(cls.hongda, Decimal("28"), scores),
            ],
        )
        services.positioning_save(
            competitor=cls.hongda,
            period=cls.period,
            user=cls.alice,
            revision=0,
            values={"channel_score": -1, "price_score": 2, "price_comment": "我们更便宜"},
        )
        services.strategy_create(
            region=cls.shanghai,
            period=cls.period,
            user=cls.alice,
            kind="leader",
            values={"title": "守住份额", "defences": ["position"]},
        )
        CompetitorMove.objects.create(
            competitor=cls.hongda, date=date(2026, 9, 12), description="以旧换新，折让12%"
        )

    def render_summary(self, *, print_: bool) -> str:
        summary = competitive_strategy_summary(self.shanghai, self.period)
        return render_to_string(
            "competition/_strategy_summary.html",
            {"summary": summary, "print": print_, "competition_edit": not print_},
        )

    def test_the_summary_holds_positions_positioning_and_strategies(self):
        summary = competitive_strategy_summary(self.shanghai, self.period)

        [position] = summary["positions"]
        self.assertEqual(position.our_role, "leader")
        self.assertEqual(summary["positioning"].totals, [1])
        self.assertEqual([s.title for s in summary["leader_strategies"]], ["守住份额"])
        self.assertEqual(summary["challenger_strategies"], [])

    def test_a_chart_with_chinese_labels_renders(self):
        with translation.override("zh-hans"):
            html = self.render_summary(print_=True)

        self.assertIn('<svg class="chart-svg position-map"', html)
        self.assertIn('<svg class="chart-svg positioning-chart"', html)
        for label in (
            "企业能力",
            "市场占有",
            "宏达科技",
            "我方",
            "渠道运作",
            "价格水平",
            "产品特性",
        ):
            self.assertIn(label, html)
        self.assertNotIn("style=", html)  # presentation attributes only, for the CSP and the PDF

    def test_the_printed_summary_has_no_buttons_forms_or_edit_links_but_the_same_charts(self):
        printed = self.render_summary(print_=True)
        on_page = self.render_summary(print_=False)

        self.assertNotIn("<form", printed)
        self.assertNotIn("btn", printed)
        self.assertNotIn("/competition/", printed)
        self.assertIn("/competition/", on_page)
        start, end = printed.index("<svg"), printed.index("</svg>")
        self.assertIn(printed[start:end], on_page)

    def test_the_moves_partial_lists_the_moves_for_the_market_chapter(self):
        html = render_to_string(
            "competition/_moves.html",
            {"moves": competitor_moves(self.shanghai), "print": True},
        )

        self.assertIn("12 Sep 2026", html)
        self.assertIn("以旧换新，折让12%", html)
        self.assertIn("宏达科技", html)
        self.assertNotIn("<a ", html)
