"""The chapters' pure computations: contribution, activity budgets by month, chart geometry and
the iCalendar writer."""

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

from django.test import SimpleTestCase
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from planning.chapters import charts as chapter_charts
from planning.numbers import rollups
from planning.tools import icalendar

D = Decimal


class CustomerContributionTests(SimpleTestCase):
    def test_gross_profit_is_sales_less_quantity_times_standard_cost_in_pareto_order(self):
        costs = {1: D("60.00"), 2: D("10.00")}
        sales = [
            # customer, product, quantity, amount
            (10, 1, D("2"), D("200.00")),  # profit 80
            (11, 1, D("10"), D("1000.00")),  # profit 400
            (11, 2, D("5"), D("100.00")),  # profit 50
            (12, 2, D("1"), D("30.00")),  # profit 20
        ]

        rows = rollups.customer_contribution(sales, costs)

        self.assertEqual([row.customer for row in rows], [11, 10, 12])
        self.assertEqual([row.sales for row in rows], [D("1100.00"), D("200.00"), D("30.00")])
        self.assertEqual([row.profit for row in rows], [D("450.00"), D("80.00"), D("20.00")])
        self.assertEqual([row.sales_share for row in rows], [D("82.7"), D("15.0"), D("2.3")])
        self.assertEqual(rows[-1].cumulative_sales_share, D("100.0"))
        self.assertEqual(rows[0].profit_share, D("81.8"))

    def test_profit_is_summed_exactly_before_it_is_rounded(self):
        # 3 × 0.333 = 0.999 per sale: rounding each sale would lose a cent in three.
        sales = [(1, 1, D("3"), D("1.00"))] * 3

        rows = rollups.customer_contribution(sales, {1: D("0.333")})

        self.assertEqual(rows[0].profit, D("0.00"))  # 3.00 − 2.997 = 0.003
        self.assertEqual(rows[0].sales, D("3.00"))

    def test_no_sales_gives_no_rows(self):
        self.assertEqual(rollups.customer_contribution([], {}), [])


class ActivityBudgetTests(SimpleTestCase):
    def test_a_budget_is_spread_over_its_months_to_the_cent(self):
        by_month = rollups.activity_budgets_by_month([((3, 4, 5), D("100.00"))])

        self.assertEqual(by_month[3] + by_month[4] + by_month[5], D("100.00"))
        self.assertEqual(sorted({by_month[3], by_month[4], by_month[5]}), [D("33.33"), D("33.34")])
        self.assertEqual(by_month[1], D("0.00"))
        self.assertEqual(list(by_month), list(range(1, 13)))

    def test_overlapping_activities_add_up_per_month(self):
        by_month = rollups.activity_budgets_by_month(
            [((1, 2), D("1000.00")), ((2,), D("50.00")), ((12,), D("0.00"))]
        )

        self.assertEqual(by_month[1], D("500.00"))
        self.assertEqual(by_month[2], D("550.00"))
        self.assertEqual(by_month[12], D("0.00"))

    def test_a_budget_is_spread_over_non_contiguous_months_only(self):
        by_month = rollups.activity_budgets_by_month([((4, 5, 9, 10), D("100.01"))])

        self.assertEqual(
            {month: amount for month, amount in by_month.items() if amount},
            {4: D("25.01"), 5: D("25.00"), 9: D("25.00"), 10: D("25.00")},
        )
        self.assertEqual(sum(by_month.values()), D("100.01"))

    def test_an_activity_in_no_month_is_refused(self):
        with self.assertRaises(ValueError):
            rollups.activity_budgets_by_month([((), D("10.00"))])

    def test_a_month_outside_the_year_is_refused(self):
        with self.assertRaises(ValueError):
            rollups.activity_budgets_by_month([((12, 13), D("10.00"))])

    def test_a_float_budget_is_refused(self):
        with self.assertRaises(TypeError):
            rollups.activity_budgets_by_month([((1,), 10.5)])

    @given(
        st.lists(
            st.tuples(
                st.sets(st.integers(1, 12), min_size=1),
                st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False),
            ),
            max_size=8,
        )
    )
    def test_the_months_always_add_up_to_the_budgets(self, activities):
        by_month = rollups.activity_budgets_by_month(activities)

        self.assertEqual(sum(by_month.values()), sum((b for _m, b in activities), D(0)))
        ran = set().union(*(months for months, _b in activities))
        self.assertTrue(all(by_month[month] == 0 for month in set(range(1, 13)) - ran))


class ChartTests(SimpleTestCase):
    def test_the_pareto_chart_draws_a_bar_per_customer_and_the_cumulative_line(self):
        rows = rollups.pareto([(1, D("60"), D("6")), (2, D("30"), D("3")), (3, D("10"), D("1"))])

        chart = chapter_charts.pareto_chart(rows, {1: "朗通", 2: "泰岳", 3: "万星"})

        self.assertEqual([bar.label for bar in chart.bars], ["朗通", "泰岳", "万星"])
        self.assertGreater(chart.bars[0].height, chart.bars[1].height)
        # The last point of the cumulative line is at 100 %, the top of the plot.
        self.assertEqual(chart.points[-1][1], chart.top)
        self.assertEqual(len(chart.line_points.split()), 3)
        self.assertEqual(chart.bars[0].y + chart.bars[0].height, chart.axis_y)

    def test_past_twenty_customers_the_smallest_share_one_bar_that_ends_at_100_percent(self):
        rows = rollups.pareto([(i, D(1000 - i), D(0)) for i in range(1, 301)])
        labels = {i: f"客户{i:03d}" for i in range(1, 301)}

        with translation.override("en"):
            chart = chapter_charts.pareto_chart(rows, labels)

        self.assertEqual(len(chart.bars), chapter_charts.MAX_PARETO_BARS)
        self.assertEqual(chart.bars[0].label, "客户001")
        self.assertEqual(chart.bars[18].label, "客户019")
        self.assertEqual(chart.bars[-1].label, "281 others")
        # The others' bar is the rest of the sales: 100 % less the 19 named customers' share.
        self.assertEqual(chart.bars[-1].value, D(100) - rows[18].cumulative_sales_share)
        self.assertEqual(chart.points[-1][2], D("100.0"))
        self.assertEqual(chart.points[-1][1], chart.top)
        self.assertEqual(len(chart.line_points.split()), chapter_charts.MAX_PARETO_BARS)
        with translation.override("zh-hans"):
            chinese = chapter_charts.pareto_chart(rows, labels)
        self.assertEqual(chinese.bars[-1].label, "其余 281 个客户")

    def test_twenty_customers_keep_a_bar_each(self):
        rows = rollups.pareto([(i, D(100 - i), D(0)) for i in range(1, 21)])

        chart = chapter_charts.pareto_chart(rows, {i: f"C{i}" for i in range(1, 21)})

        self.assertEqual([bar.label for bar in chart.bars], [f"C{i}" for i in range(1, 21)])

    def test_no_sales_no_pareto_chart(self):
        self.assertIsNone(chapter_charts.pareto_chart([], {}))

    def test_the_gantt_bar_spans_the_activity_months(self):
        chart = chapter_charts.gantt_chart(
            [("推介会", [(3, 4)], "张伟"), ("答谢会", [(12, 12)], "")]
        )

        march, may = chart.columns[2], chart.columns[4]
        (first,) = chart.rows[0].bars
        self.assertEqual(first.x, round(march.x + 2, 1))
        self.assertAlmostEqual(first.x + first.width + 2, may.x, delta=0.2)
        (last,) = chart.rows[1].bars
        self.assertLessEqual(last.x + last.width, chart.width)

    def test_a_spring_and_an_autumn_campaign_are_two_bars_on_one_row(self):
        chart = chapter_charts.gantt_chart([("巡回研讨会", [(4, 5), (9, 10)], "王磊")])

        spring, autumn = chart.rows[0].bars
        april, june, september, november = (chart.columns[m - 1] for m in (4, 6, 9, 11))
        self.assertEqual((spring.x, autumn.x), (round(april.x + 2, 1), round(september.x + 2, 1)))
        self.assertAlmostEqual(spring.x + spring.width + 2, june.x, delta=0.2)
        self.assertAlmostEqual(autumn.x + autumn.width + 2, november.x, delta=0.2)


class ICalendarTests(SimpleTestCase):
    STAMP = datetime(2027, 3, 1, 8, 0, tzinfo=UTC)

    def test_an_all_day_event_and_a_timed_event(self):
        shanghai = timezone(timedelta(hours=8))
        text = icalendar.calendar_file(
            [
                icalendar.IcsEvent("a@salesplan", "月度述职", date(2027, 3, 28)),
                icalendar.IcsEvent(
                    "b@salesplan",
                    "拜访朗通",
                    datetime(2027, 3, 2, 14, 0, tzinfo=shanghai),
                    datetime(2027, 3, 2, 16, 0, tzinfo=shanghai),
                ),
            ],
            name="张伟",
            stamp=self.STAMP,
        )

        lines = text.split("\r\n")
        self.assertEqual(lines[0], "BEGIN:VCALENDAR")
        self.assertIn("VERSION:2.0", lines)
        self.assertIn("DTSTART;VALUE=DATE:20270328", lines)
        self.assertIn("DTEND;VALUE=DATE:20270329", lines)
        self.assertIn("DTSTART:20270302T060000Z", lines)
        self.assertIn("DTEND:20270302T080000Z", lines)
        self.assertIn("DTSTAMP:20270301T080000Z", lines)
        self.assertEqual(text.count("BEGIN:VEVENT"), 2)
        self.assertTrue(text.endswith("END:VCALENDAR\r\n"))
        self.assertNotIn("\n", text.replace("\r\n", ""))

    def test_text_is_escaped(self):
        self.assertEqual(icalendar.escape_text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne")

    def test_long_lines_are_folded_at_75_octets_without_splitting_a_character(self):
        line = "SUMMARY:" + "拜访朗通采购部" * 10

        folded = icalendar.fold(line)

        pieces = folded.split("\r\n")
        self.assertGreater(len(pieces), 1)
        self.assertTrue(all(len(piece.encode("utf-8")) <= 75 for piece in pieces))
        self.assertTrue(all(piece.startswith(" ") for piece in pieces[1:]))
        self.assertEqual("".join(piece[1:] if i else piece for i, piece in enumerate(pieces)), line)

    def test_a_naive_datetime_is_refused(self):
        with self.assertRaises(ValueError):
            icalendar.calendar_file(
                [icalendar.IcsEvent("x", "x", datetime(2027, 1, 1, 9, 0))],
                name="x",
                stamp=self.STAMP,
            )
