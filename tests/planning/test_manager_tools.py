"""The manager's own calendar (行事月历) and to-do list (日工作待办单): the month grid, what shows
on it, ticking a to-do off, the iCalendar export, bad input and privacy."""

from datetime import date, time

from django.urls import reverse

from customers.models import Action, CommittedAction
from planning.models import Activity, CalendarEvent, MonthNote, TodoItem
from tests.base import PersonasTestCase


class ToolsTestCase(PersonasTestCase):
    def setUp(self):
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        self.login(self.alice)

    def month(self, year=2027, month=4):
        return self.client.get(reverse("calendar_month", args=[year, month]))


class CalendarTests(ToolsTestCase):
    def test_the_month_grid_starts_on_monday(self):
        response = self.month(2027, 4)  # 1 April 2027 is a Thursday

        page = response.content.decode()
        self.assertIn("Mon", page)
        first_cell = page.index('data-date="')
        self.assertEqual(page[first_cell + 11 : first_cell + 21], "2027-03-29")
        self.assertIn('data-date="2027-05-02"', page)  # the last Sunday of the grid
        self.assertEqual(page.count('data-date="'), 35)

    def test_the_managers_events_todos_activities_and_due_customer_actions_show(self):
        CalendarEvent.objects.create(owner=self.alice, date=date(2027, 4, 6), title="区域周例会")
        TodoItem.objects.create(owner=self.alice, date=date(2027, 4, 7), work="拜访万星财务")
        Activity.objects.create(plan=self.plan, work="行业研讨会", owner="王磊", months=[3, 4, 5])
        CommittedAction.objects.create(
            customer=self.langtong,
            period=self.period,
            action=Action.objects.get(number=4),
            owner=self.alice,
            due_date=date(2027, 4, 9),
        )

        response = self.month(2027, 4)

        self.assertContains(response, "区域周例会")
        self.assertContains(response, "拜访万星财务")
        self.assertContains(response, "行业研讨会")
        self.assertContains(response, 'class="cal-entry cal-action"')
        self.assertContains(response, "朗通 · ")

    def test_activities_show_only_in_the_months_they_run(self):
        Activity.objects.create(plan=self.plan, work="年度答谢会", owner="张伟", months=[11, 12])

        self.assertNotContains(self.month(2027, 4), "年度答谢会")
        self.assertContains(self.month(2027, 12), "年度答谢会")

    def test_another_managers_entries_never_show(self):
        CalendarEvent.objects.create(owner=self.bob, date=date(2027, 4, 6), title="鲍勃的会")
        TodoItem.objects.create(owner=self.bob, date=date(2027, 4, 6), work="鲍勃的待办")
        Activity.objects.create(plan=self.other_plan, work="江苏的活动", owner="bob", months=[4])

        response = self.month(2027, 4)

        self.assertNotContains(response, "鲍勃的会")
        self.assertNotContains(response, "鲍勃的待办")
        self.assertNotContains(response, "江苏的活动")

    def test_reviewers_have_no_calendar_of_a_manager(self):
        self.login(self.rita)

        self.assertEqual(self.month().status_code, 403)
        self.assertEqual(self.client.get(reverse("todo_list")).status_code, 403)
        self.assertNotContains(
            self.client.get(reverse("home")), f'href="{reverse("calendar_today")}"'
        )

    def test_a_manager_finds_the_calendar_in_the_navigation(self):
        response = self.client.get(reverse("home"))

        self.assertContains(response, f'href="{reverse("calendar_today")}"')
        self.assertContains(response, f'href="{reverse("todo_list")}"')

    def test_the_months_major_events_and_notes_are_saved(self):
        response = self.client.post(
            reverse("calendar_month_notes", args=[2027, 4]),
            {"major_events": "华信技术交流会", "notes": "万星逾期款", "revision": 0},
        )

        self.assertRedirects(response, reverse("calendar_month", args=[2027, 4]))
        note = MonthNote.objects.get(owner=self.alice, year=2027, month=4)
        self.assertEqual((note.major_events, note.notes), ("华信技术交流会", "万星逾期款"))
        self.assertContains(self.month(), "华信技术交流会</textarea>")

    def test_notes_saved_elsewhere_meanwhile_are_shown_not_overwritten(self):
        MonthNote.objects.create(
            owner=self.alice, year=2027, month=4, major_events="另一处写的", revision=2
        )

        response = self.client.post(
            reverse("calendar_month_notes", args=[2027, 4]),
            {"major_events": "我写的", "notes": "", "revision": 0},
        )

        self.assertEqual(response.status_code, 409)
        self.assertContains(response, "另一处写的", status_code=409)
        self.assertContains(response, "我写的</textarea>", status_code=409)
        self.assertEqual(MonthNote.objects.get().major_events, "另一处写的")

    def test_an_impossible_month_is_not_found(self):
        self.assertEqual(self.month(2027, 13).status_code, 404)


class TodoTests(ToolsTestCase):
    def add(self, **changes):
        data = {
            "date": "2027-04-07",
            "category": "visit",
            "start": "14:00",
            "end": "16:00",
            "work": "拜访万星财务",
            "related": "万星",
            "notes": "带对帐单",
        }
        data.update(changes)
        return self.client.post(reverse("todo_create"), data)

    def test_a_todo_is_added_with_the_decks_columns(self):
        response = self.add()

        self.assertRedirects(response, f"{reverse('todo_list')}?date=2027-04-07")
        todo = TodoItem.objects.get()
        self.assertEqual((todo.owner, todo.start, todo.end), (self.alice, time(14), time(16)))
        page = self.client.get(f"{reverse('todo_list')}?date=2027-04-07")
        for column in (
            "Category",
            "Start",
            "End",
            "Work",
            "Related",
            "Notes",
            "Done",
        ):
            self.assertContains(page, column)
        self.assertContains(page, "拜访万星财务")

    def test_a_todo_ending_before_it_starts_is_refused_at_the_field(self):
        response = self.add(start="16:00", end="14:00")

        self.assertEqual(response.status_code, 422)
        self.assertContains(response, "The to-do ends before it starts.", status_code=422)
        self.assertContains(response, 'value="拜访万星财务"', status_code=422)
        self.assertFalse(TodoItem.objects.exists())

    def test_over_long_work_is_refused(self):
        response = self.add(work="事" * 201)

        self.assertEqual(response.status_code, 422)
        self.assertContains(
            response, "At most 200 characters, please; this text has 201.", status_code=422
        )
        self.assertContains(response, 'value="带对帐单"', status_code=422)
        self.assertFalse(TodoItem.objects.exists())

    def test_a_todo_is_ticked_off_from_the_list_with_htmx(self):
        todo = TodoItem.objects.create(owner=self.alice, date=date(2027, 4, 7), work="拜访万星")

        response = self.client.post(
            reverse("todo_toggle", args=[todo.pk]),
            {"done": "1", "view": "list"},
            HTTP_HX_REQUEST="true",
        )

        self.assertContains(response, 'class="todo-row done"')
        self.assertNotContains(response, "<html")
        todo.refresh_from_db()
        self.assertTrue(todo.done)
        self.assertIsNotNone(todo.done_at)
        self.assertEqual(todo.history.first().history_user, self.alice)

    def test_a_todo_is_ticked_off_from_the_calendar_and_opened_again(self):
        todo = TodoItem.objects.create(owner=self.alice, date=date(2027, 4, 7), work="拜访万星")
        url = reverse("todo_toggle", args=[todo.pk])

        done = self.client.post(url, {"done": "1", "view": "calendar"}, HTTP_HX_REQUEST="true")
        self.assertContains(done, 'class="cal-entry cal-todo done"')
        again = self.client.post(url, {"done": "0", "view": "calendar"}, HTTP_HX_REQUEST="true")

        self.assertContains(again, 'aria-pressed="false"')
        todo.refresh_from_db()
        self.assertFalse(todo.done)
        self.assertIsNone(todo.done_at)

    def test_without_htmx_the_tick_returns_to_the_page_it_came_from(self):
        todo = TodoItem.objects.create(owner=self.alice, date=date(2027, 4, 7), work="拜访万星")
        back = reverse("calendar_month", args=[2027, 4])

        response = self.client.post(
            reverse("todo_toggle", args=[todo.pk]), {"done": "1", "next": back}
        )

        self.assertRedirects(response, back)

    def test_another_managers_todo_answers_like_a_missing_one(self):
        todo = TodoItem.objects.create(owner=self.bob, date=date(2027, 4, 7), work="鲍勃的")

        response = self.client.post(reverse("todo_toggle", args=[todo.pk]), {"done": "1"})

        self.assertEqual(response.status_code, 404)
        todo.refresh_from_db()
        self.assertFalse(todo.done)

    def test_an_edit_saved_elsewhere_meanwhile_is_shown_not_overwritten(self):
        todo = TodoItem.objects.create(
            owner=self.alice, date=date(2027, 4, 7), work="原来的", revision=3
        )

        response = self.client.post(
            reverse("todo_edit", args=[todo.pk]),
            {"date": "2027-04-07", "category": "call", "work": "我改的", "revision": 2},
        )

        self.assertEqual(response.status_code, 409)
        self.assertContains(response, "原来的", status_code=409)
        self.assertContains(response, 'value="我改的"', status_code=409)
        todo.refresh_from_db()
        self.assertEqual(todo.work, "原来的")


class EventTests(ToolsTestCase):
    def test_an_event_is_added_to_a_day(self):
        response = self.client.post(
            reverse("event_create"),
            {
                "date": "2027-04-06",
                "start": "09:00",
                "end": "10:00",
                "title": "区域周例会",
                "notes": "",
            },
        )

        self.assertRedirects(response, reverse("calendar_month", args=[2027, 4]))
        self.assertContains(self.month(), "区域周例会")

    def test_an_event_ending_before_it_starts_is_refused(self):
        response = self.client.post(
            reverse("event_create"),
            {"date": "2027-04-06", "start": "10:00", "end": "09:00", "title": "区域周例会"},
        )

        self.assertEqual(response.status_code, 422)
        self.assertContains(response, "The event ends before it starts.", status_code=422)
        self.assertFalse(CalendarEvent.objects.exists())


class ICalendarExportTests(ToolsTestCase):
    def test_the_month_exports_as_an_icalendar_file_for_phones(self):
        CalendarEvent.objects.create(
            owner=self.alice, date=date(2027, 4, 6), start=time(9), end=time(10), title="区域周例会"
        )
        TodoItem.objects.create(owner=self.alice, date=date(2027, 4, 7), work="拜访万星, 对帐")
        Activity.objects.create(plan=self.plan, work="行业研讨会", owner="王磊", months=[3, 4, 5])
        CalendarEvent.objects.create(owner=self.bob, date=date(2027, 4, 6), title="鲍勃的会")

        response = self.client.get(reverse("calendar_ics", args=[2027, 4]))

        self.assertEqual(response["Content-Type"], "text/calendar; charset=utf-8")
        self.assertIn('filename="salesplan-2027-04.ics"', response["Content-Disposition"])
        text = response.content.decode()
        self.assertTrue(text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"))
        self.assertEqual(text.count("BEGIN:VEVENT"), 3)
        self.assertIn("SUMMARY:区域周例会", text)
        self.assertIn("DTSTART:20270406T010000Z", text)  # 09:00 in Shanghai
        self.assertIn("SUMMARY:拜访万星\\, 对帐", text)
        self.assertIn("DTSTART;VALUE=DATE:20270301\r\nDTEND;VALUE=DATE:20270601", text)
        self.assertNotIn("鲍勃的会", text)
