"""Sessions and login: a new key at login; logout, deactivation and a password change end
access on the next request; failed logins are throttled; no POST passes without a CSRF token
(issue 9, item 14)."""

from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from tests.base import PASSWORD, PersonasTestCase
from tests.security.objects import MatrixObjectsTestCase

NEW_PASSWORD = "another-long-password-2027"


class SessionTests(PersonasTestCase):
    def log_in(self, client: Client, username: str = "alice", password: str = PASSWORD):
        response = client.post(reverse("login"), {"username": username, "password": password})
        self.assertEqual(response.status_code, 302, "the login failed")
        return response

    def home(self, client: Client) -> int | str:
        response = client.get(reverse("home"))
        if response.status_code == 302 and response["Location"].startswith(reverse("login")):
            return "login page"
        return response.status_code

    def test_logging_in_issues_a_new_session_key(self):
        session = self.client.session
        session["seen_the_login_page"] = True
        session.save()
        before = session.session_key

        self.log_in(self.client)

        after = self.client.cookies[settings.SESSION_COOKIE_NAME].value
        self.assertNotEqual(after, before)
        self.assertFalse(Session.objects.filter(session_key=before).exists())

    def test_after_logout_the_old_session_cookie_opens_nothing(self):
        self.log_in(self.client)
        old_key = self.client.cookies[settings.SESSION_COOKIE_NAME].value

        self.client.post(reverse("logout"))

        replay = Client()
        replay.cookies[settings.SESSION_COOKIE_NAME] = old_key
        self.assertEqual(self.home(replay), "login page")
        self.assertEqual(self.home(self.client), "login page")

    def test_deactivating_a_user_ends_their_session_on_the_next_request(self):
        self.log_in(self.client)
        self.assertEqual(self.home(self.client), 200)

        self.alice.is_active = False
        self.alice.save()

        self.assertEqual(self.home(self.client), "login page")

    def test_changing_the_password_ends_the_users_other_sessions_but_not_this_one(self):
        here, elsewhere, other_user = Client(), Client(), Client()
        self.log_in(here)
        self.log_in(elsewhere)
        self.log_in(other_user, "bob")

        response = here.post(
            reverse("password_change"),
            {
                "old_password": PASSWORD,
                "new_password1": NEW_PASSWORD,
                "new_password2": NEW_PASSWORD,
            },
        )

        self.assertRedirects(response, reverse("password_change_done"))
        self.assertEqual(self.home(here), 200)
        self.assertEqual(self.home(elsewhere), "login page")
        self.assertEqual(self.home(other_user), 200)
        self.log_in(Client(), password=NEW_PASSWORD)

    def test_a_refused_password_change_keeps_the_old_password_and_every_session(self):
        here, elsewhere = Client(), Client()
        self.log_in(here)
        self.log_in(elsewhere)

        response = here.post(
            reverse("password_change"),
            {"old_password": "wrong", "new_password1": "x", "new_password2": "y"},
        )

        self.assertEqual(response.status_code, 422)
        self.assertEqual(self.home(elsewhere), 200)
        self.log_in(Client())

    def test_an_administrator_resetting_a_password_ends_every_session_of_that_user(self):
        self.log_in(self.client)

        self.alice.set_password(NEW_PASSWORD)
        self.alice.save()

        self.assertEqual(self.home(self.client), "login page")

    def test_repeated_failed_logins_are_throttled(self):
        for _attempt in range(settings.AXES_FAILURE_LIMIT):
            self.client.post(reverse("login"), {"username": "alice", "password": "wrong"})

        response = self.client.post(reverse("login"), {"username": "alice", "password": PASSWORD})

        self.assertEqual(response.status_code, 429)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_the_session_cookie_is_out_of_reach_of_scripts(self):
        self.assertTrue(settings.SESSION_COOKIE_HTTPONLY)
        self.log_in(self.client)
        self.assertTrue(self.client.cookies[settings.SESSION_COOKIE_NAME]["httponly"])


class CsrfTests(MatrixObjectsTestCase):
    def test_every_post_without_a_csrf_token_is_refused_and_changes_nothing(self):
        before = self.snapshot()
        accepted = []
        for persona in ("anonymous", "alice", "rita", "adam"):
            client = Client(enforce_csrf_checks=True)
            if persona != "anonymous":
                client.force_login(getattr(self, persona))
            for name, pattern in self.tabled_urls():
                url = self.url_for(name, pattern)
                response = client.post(url, {"revision": 1, "body": "x", "reason": "x"})
                if response.status_code != 403 or b"CSRF" not in response.content:
                    accepted.append(f"POST {url} as {persona}: {response.status_code}")
        self.assertEqual(accepted, [], "\n".join(accepted))
        self.assertEqual(self.snapshot(), before)


class EndedSessionUnderHtmxTests(PersonasTestCase):
    """A part of a page that htmx fetches after the session has ended sends the whole page to
    the login page, back to that page afterwards; it never gets the login form swapped in."""

    def test_a_poll_sends_the_page_to_the_login_page_and_back(self):
        response = self.client.get(
            f"/plans/{self.plan.pk}/history/?page=2",
            HTTP_HX_REQUEST="true",
            HTTP_HX_CURRENT_URL=f"http://testserver/plans/{self.plan.pk}/history/?page=2",
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, b"")
        self.assertEqual(
            response["HX-Redirect"],
            f"/login/?next=/plans/{self.plan.pk}/history/%3Fpage%3D2",
        )

    def test_the_way_back_stays_on_this_site(self):
        response = self.client.get(
            "/hq/", HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL="https://evil.example/hq/?x=1"
        )
        self.assertEqual(response["HX-Redirect"], "/login/?next=/hq/%3Fx%3D1")

    def test_a_comment_sent_by_htmx_sends_the_page_to_the_login_page(self):
        page = f"http://testserver/plans/{self.plan.pk}/"
        response = self.client.post(
            f"/plans/{self.plan.pk}/comments/",
            {"body": "x"},
            HTTP_HX_REQUEST="true",
            HTTP_HX_CURRENT_URL=page,
        )
        self.assertEqual(response["HX-Redirect"], f"/login/?next=/plans/{self.plan.pk}/")

    def test_the_grid_and_a_whole_page_keep_the_plain_redirect(self):
        # The grid's saves send HX-Request without a page (fetch, not htmx) and read the
        # redirect to the login page as "log in again".
        response = self.client.post(f"/plans/{self.plan.pk}/summary/edit/", HTTP_HX_REQUEST="true")
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith("/login/?next="))
        self.assertNotIn("HX-Redirect", response)
        response = self.client.get("/hq/")
        self.assertEqual((response.status_code, response["Location"]), (302, "/login/?next=/hq/"))
