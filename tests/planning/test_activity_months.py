"""An activity that runs in months that do not follow each other (a spring and an autumn round
of seminars, April–May and September–October), as the deck's activity table marks them: the
chapter on the page and in the PDF, the manager's calendar and its .ics, the P&L's
market-activities line, the edit form, the plan's history and the comparison of versions."""

import io
import re
from decimal import Decimal

from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from planning.models import Activity, ExpenseLine, Plan
from planning.numbers import reports
from planning.printing import pdf
from planning.versions import content
from planning.versions.revision import copy_content
from tests.base import PersonasTestCase

SPRING_AND_AUTUMN = (4, 5, 9, 10)
BUDGET = Decimal("100.01")  # 10,001 cents over four months: one month gets the odd cent


class ActivityMonthsTestCase(PersonasTestCase):
    def setUp(self):
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        self.login(self.alice)
        self.activity = Activity.objects.create(
            plan=self.plan,
            work="行业标准升级巡回研讨会",
            owner="王磊",
            budget=BUDGET,
            months=SPRING_AND_AUTUMN,
        )

    def marked_months(self, page: str) -> list[int]:
        """The months whose cell of the activity's row carries the mark ●."""
        row = page[page.index(f'<tr id="activity-{self.activity.pk}">') :]
        row = row[: row.index("</tr>")]
        cells = re.findall(r'<td class="month-mark( month-on)?">', row)
        self.assertEqual(len(cells), 12)
        return [month for month, on in enumerate(cells, start=1) if on]


class ChapterTests(ActivityMonthsTestCase):
    def test_the_page_marks_only_the_months_it_runs_in(self):
        page = self.client.get(self.plan.get_absolute_url()).content.decode()

        self.assertEqual(self.marked_months(page), [4, 5, 9, 10])
        table = page[page.index("activities-table") : page.index("</thead>")]
        self.assertEqual(
            re.findall(r'<th class="month-col" scope="col">(\w+)</th>', table),
            ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
        )
        self.assertEqual(page.count('class="gantt-bar"'), 2)  # one bar per run of months

    def test_the_action_plans_edit_list_names_the_runs(self):
        page = self.client.get(reverse("plan_actions_edit", args=[self.plan.pk]))

        self.assertContains(page, '<td class="activity-months">Apr–May, Sep–Oct</td>')

    def test_the_pdf_marks_the_same_months(self):
        self.assertEqual(self.marked_months(pdf.plan_html(self.plan)), [4, 5, 9, 10])

        response = self.client.get(f"/plans/{self.plan.pk}/pdf/?lang=zh-hans")

        self.assertEqual(response.status_code, 200)
        text = "\n".join(
            page.extract_text() or "" for page in PdfReader(io.BytesIO(response.content)).pages
        )
        self.assertIn("一月 二月 三月 四月 五月 六月 七月 八月 九月 十月 十一月 十二月", text)
        (row,) = [line for line in text.splitlines() if line.startswith("王磊")]
        self.assertTrue(row.endswith("● ● ● ●"), row)  # four months marked, on its own row
        self.assertEqual(text.count("●"), 4)


class CalendarTests(ActivityMonthsTestCase):
    def month(self, month: int):
        return self.client.get(reverse("calendar_month", args=[2027, month]))

    def test_the_calendar_shows_it_in_its_months_only(self):
        for month in range(1, 13):
            with self.subTest(month=month):
                if month in SPRING_AND_AUTUMN:
                    self.assertContains(self.month(month), "行业标准升级巡回研讨会")
                    self.assertContains(self.month(month), "Apr–May, Sep–Oct")
                else:
                    self.assertNotContains(self.month(month), "行业标准升级巡回研讨会")

    def test_the_ics_has_one_event_for_the_run_of_the_month(self):
        def ics(month: int) -> str:
            return self.client.get(reverse("calendar_ics", args=[2027, month])).content.decode()

        spring, autumn = ics(5), ics(9)

        self.assertEqual(spring.count("SUMMARY:行业标准升级巡回研讨会"), 1)
        self.assertIn("DTSTART;VALUE=DATE:20270401\r\nDTEND;VALUE=DATE:20270601", spring)
        self.assertEqual(autumn.count("SUMMARY:行业标准升级巡回研讨会"), 1)
        self.assertIn("DTSTART;VALUE=DATE:20270901\r\nDTEND;VALUE=DATE:20271101", autumn)
        # Two events a phone keeps apart, the same event in April's and May's exports.
        uid = re.compile(r"UID:(activity-\S+)\r\n")
        self.assertNotEqual(uid.findall(spring), uid.findall(autumn))
        self.assertEqual(uid.findall(ics(4)), uid.findall(spring))
        self.assertNotIn("行业标准升级巡回研讨会", ics(7))


class ProfitAndLossTests(ActivityMonthsTestCase):
    def test_the_budget_is_split_exactly_over_its_months_only(self):
        table, _products, _lines = reports.profit_and_loss(self.plan)

        line = ExpenseLine.objects.get(code=ExpenseLine.MARKET_ACTIVITIES)
        by_month = {row.month: row.expenses[line.pk].plan for row in table.rows}
        self.assertEqual(
            {month: amount for month, amount in by_month.items() if amount},
            {4: Decimal("25.01"), 5: Decimal("25.00"), 9: Decimal("25.00"), 10: Decimal("25.00")},
        )
        self.assertEqual(table.total.expenses[line.pk].plan, BUDGET)

    def test_the_years_total_is_unchanged_when_the_months_move(self):
        before = reports.profit_and_loss(self.plan)[0].total.expense_total.plan
        self.activity.months = (1, 12)
        self.activity.save()

        after = reports.profit_and_loss(self.plan)[0]

        self.assertEqual(after.total.expense_total.plan, before)
        line = ExpenseLine.objects.get(code=ExpenseLine.MARKET_ACTIVITIES)
        by_month = {row.month: row.expenses[line.pk].plan for row in after.rows}
        self.assertEqual(
            (by_month[1], by_month[12], by_month[4]),
            (Decimal("50.01"), Decimal("50.00"), Decimal("0.00")),
        )


class FormTests(ActivityMonthsTestCase):
    def edit(self, months):
        return self.client.post(
            reverse("activity_edit", args=[self.plan.pk, self.activity.pk]),
            {
                "revision": 0,
                "work": "行业标准升级巡回研讨会",
                "owner": "王磊",
                "budget": "100.01",
                "months": months,
            },
        )

    def test_the_form_offers_twelve_month_boxes_with_its_months_ticked(self):
        page = self.client.get(
            reverse("activity_edit", args=[self.plan.pk, self.activity.pk])
        ).content.decode()

        boxes = re.findall(r'<input type="checkbox"[^>]*name="months"[^>]*>', page)
        self.assertEqual(len(boxes), 12)
        ticked = [
            int(re.search(r'value="(\d+)"', box).group(1)) for box in boxes if "checked" in box
        ]
        self.assertEqual(ticked, [4, 5, 9, 10])
        self.assertIn('<label class="form-check-label" for="id_months_3">Apr</label>', page)
        self.assertIn("<legend", page)

    def test_months_that_do_not_follow_each_other_are_saved(self):
        response = self.edit(["3", "6", "9", "12"])

        self.assertEqual(response.status_code, 302)
        self.activity.refresh_from_db()
        self.assertEqual(self.activity.months, (3, 6, 9, 12))

    def test_no_month_ticked_is_refused_with_a_message_by_the_months(self):
        response = self.edit([])

        self.assertEqual(response.status_code, 422)
        self.assertContains(
            response,
            '<div class="invalid-feedback d-block" id="id_months_error"><strong>'
            "Tick at least one month the activity runs in.</strong></div>",
            status_code=422,
        )
        self.activity.refresh_from_db()
        self.assertEqual(self.activity.months, SPRING_AND_AUTUMN)

    def test_the_history_shows_the_months_before_and_after(self):
        self.edit(["3", "6", "9", "12"])

        page = self.client.get(reverse("plan_history", args=[self.plan.pk]))

        self.assertContains(page, "Apr–May, Sep–Oct")
        self.assertContains(page, "Mar, Jun, Sep, Dec")


class VersionTests(ActivityMonthsTestCase):
    def test_a_revision_copies_the_months(self):
        new = Plan.objects.create(region=self.shanghai, period=self.period, version=2)

        copy_content(self.plan, new, user=self.alice)

        self.assertEqual(new.activities.get().months, SPRING_AND_AUTUMN)

    def test_the_content_names_the_months(self):
        texts = content.content_of(self.plan)["texts"]

        self.assertIn("四月–五月", texts["actions"])
        self.assertIn("九月–十月", texts["actions"])

    def test_a_snapshot_with_a_start_and_an_end_month_still_compares(self):
        self.activity.months = (3, 4, 5)
        self.activity.save()
        current = content.content_of(self.plan)
        with translation.override("zh-hans"):
            label = Activity._meta.get_field("month_bits").verbose_name
            new_words = f"{label}: 三月–五月"
        self.assertIn(new_words, current["texts"]["actions"])
        # As a snapshot taken before 0018 wrote the activity (the site's language, Chinese).
        old_text = current["texts"]["actions"].replace(new_words, "开始月份: 3 · 结束月份: 5")
        old = {**current, "texts": {**current["texts"], "actions": old_text}}

        same = content.compare(old, current)
        self.activity.months = SPRING_AND_AUTUMN
        self.activity.save()
        moved = content.compare(old, content.content_of(self.plan))

        self.assertFalse(same.changed)
        (actions,) = [diff for diff in moved.chapters if diff.chapter.slug == "actions"]
        self.assertTrue(actions.changed)
        removed = "".join(piece.text for piece in actions.pieces if piece.kind == "removed")
        self.assertIn("三", removed)


class AdminTests(ActivityMonthsTestCase):
    def test_the_admin_reads_the_months_as_words_not_bits(self):
        self.login(self.adam)

        listing = self.client.get(reverse("admin:planning_activity_changelist"))
        page = self.client.get(reverse("admin:planning_activity_change", args=[self.activity.pk]))

        self.assertContains(listing, "Apr–May, Sep–Oct")
        self.assertContains(page, "Apr–May, Sep–Oct")
        self.assertNotContains(page, "month_bits")
