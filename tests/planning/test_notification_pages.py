"""The notifications in the app (issue 17): the list, opening one, marking all read, the bell's
unread count in the header, and each person's email setting."""

from datetime import timedelta

from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from customers.models import Notification
from planning.notifications.context_processors import unread_notifications
from tests.base import PersonasTestCase


class NotificationPageTestCase(PersonasTestCase):
    def setUp(self):
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    def notify(self, user, subject: str, *, minutes_ago: int = 0, url: str = "", read=False):
        now = timezone.now()
        return Notification.objects.create(
            recipient=user,
            kind=Notification.Kind.COMMENT,
            subject=subject,
            text=f"Text of {subject}",
            url=url or self.plan.get_absolute_url(),
            created_at=now - timedelta(minutes=minutes_ago),
            read_at=now if read else None,
        )


class NotificationListTests(NotificationPageTestCase):
    def test_the_list_shows_the_persons_own_notifications_newest_first(self):
        self.notify(self.alice, "Older one", minutes_ago=10)
        self.notify(self.alice, "Newer one", minutes_ago=1)
        self.notify(self.bob, "Bob's own")
        self.login(self.alice)

        response = self.client.get(reverse("notification_list"))

        content = response.content.decode()
        self.assertContains(response, "2 unread")
        self.assertLess(content.index("Newer one"), content.index("Older one"))
        self.assertNotContains(response, "Bob&#x27;s own")
        self.assertContains(response, "Mark all read")

    def test_the_list_is_paginated(self):
        for minutes in range(30):
            self.notify(self.alice, f"Notice {minutes:02d}", minutes_ago=minutes)
        self.login(self.alice)

        first = self.client.get(reverse("notification_list"))
        second = self.client.get(reverse("notification_list"), {"page": 2})

        self.assertContains(first, "Notice 00")
        self.assertContains(first, "Notice 24")
        self.assertNotContains(first, "Notice 25")
        self.assertContains(first, "Page 1 of 2")
        self.assertContains(second, "Notice 29")
        self.assertNotContains(second, "Notice 24")

    def test_an_unreadable_page_number_is_a_bad_request(self):
        self.login(self.alice)

        response = self.client.get(reverse("notification_list"), {"page": "２"})

        self.assertEqual(response.status_code, 400)

    def test_the_header_shows_the_unread_count_and_marking_all_read_clears_it(self):
        self.notify(self.alice, "One", minutes_ago=2)
        self.notify(self.alice, "Two", minutes_ago=1)
        self.notify(self.alice, "Seen", read=True)
        self.login(self.alice)

        home = self.client.get(reverse("home"))
        self.assertContains(
            home,
            '<span class="badge rounded-pill text-bg-danger unread-count">2'
            '<span class="visually-hidden"> unread</span></span>',
            html=False,
        )

        page = self.client.get(reverse("notification_list"))
        newest = Notification.objects.filter(recipient=self.alice).order_by("-pk").first()
        self.assertContains(page, f'name="up_to" value="{newest.pk}"')
        # One arriving after the page was shown stays unread.
        later = self.notify(self.alice, "Three")
        self.assertEqual(self.client.post(reverse("notification_mark_all_read")).status_code, 400)

        response = self.client.post(reverse("notification_mark_all_read"), {"up_to": newest.pk})

        self.assertRedirects(response, reverse("notification_list"))
        unread = Notification.objects.filter(read_at__isnull=True)
        self.assertEqual(list(unread), [later])
        self.assertContains(self.client.get(reverse("home")), "unread-count")

    def test_the_unread_count_costs_one_query_and_only_when_shown(self):
        self.notify(self.alice, "One")
        request = RequestFactory().get("/")
        request.user = self.alice

        with self.assertNumQueries(0):
            context = unread_notifications(request)
        with self.assertNumQueries(1):
            self.assertEqual(f"{context['unread_notifications']}", "1")
            self.assertTrue(context["unread_notifications"])


class OpenNotificationTests(NotificationPageTestCase):
    def test_opening_a_notification_marks_it_read_and_follows_its_link(self):
        notification = self.notify(self.alice, "New comment", url="/plans/1/#comment-2")
        self.login(self.alice)

        # Following a link to it (a GET) changes nothing; the list's button (a POST) opens it.
        self.assertEqual(
            self.client.get(reverse("notification_open", args=[notification.pk])).status_code, 405
        )
        notification.refresh_from_db()
        self.assertIsNone(notification.read_at)
        page = self.client.get(reverse("notification_list"))
        self.assertContains(
            page, f'action="{reverse("notification_open", args=[notification.pk])}"'
        )

        response = self.client.post(
            reverse("notification_open", args=[notification.pk]), {"open": "1"}
        )

        self.assertRedirects(response, "/plans/1/#comment-2", fetch_redirect_response=False)
        notification.refresh_from_db()
        self.assertIsNotNone(notification.read_at)

    def test_a_link_outside_the_app_is_not_followed(self):
        for url in ("https://evil.example/", "//evil.example/plans/", "javascript:alert(1)"):
            with self.subTest(url=url):
                notification = self.notify(self.alice, "Odd", url=url)
                self.login(self.alice)

                response = self.client.post(
                    reverse("notification_open", args=[notification.pk]), {"open": "1"}
                )

                self.assertRedirects(response, reverse("notification_list"))

    def test_another_persons_notification_answers_not_found_and_stays_unread(self):
        notification = self.notify(self.bob, "Bob's")
        self.login(self.alice)

        response = self.client.post(
            reverse("notification_open", args=[notification.pk]), {"open": "1"}
        )

        self.assertEqual(response.status_code, 404)
        notification.refresh_from_db()
        self.assertIsNone(notification.read_at)

    def test_marking_all_read_leaves_other_peoples_notifications(self):
        theirs = self.notify(self.bob, "Bob's")
        self.login(self.alice)

        self.client.post(reverse("notification_mark_all_read"), {"up_to": theirs.pk})

        theirs.refresh_from_db()
        self.assertIsNone(theirs.read_at)


class NotificationSettingsTests(NotificationPageTestCase):
    def test_a_person_turns_email_off_and_on_again(self):
        self.login(self.alice)
        url = reverse("notification_settings")

        self.assertContains(self.client.get(url), "Email notifications")
        response = self.client.post(url, {"email": "off"}, follow=True)

        self.assertContains(response, "Your notification settings were saved.")
        self.alice.refresh_from_db()
        self.assertFalse(self.alice.email_notifications)
        self.client.post(url, {"email": "on"})
        self.alice.refresh_from_db()
        self.assertTrue(self.alice.email_notifications)

    def test_an_empty_form_is_refused_and_changes_nothing(self):
        self.login(self.alice)

        response = self.client.post(reverse("notification_settings"), {})

        self.assertEqual(response.status_code, 422)
        self.assertContains(
            response, "Choose whether to receive the notifications by email.", status_code=422
        )
        self.alice.refresh_from_db()
        self.assertTrue(self.alice.email_notifications)
