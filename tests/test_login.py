"""Logging in and out, and the throttle on repeated failures (django-axes)."""

from django.conf import settings
from django.urls import reverse

from tests.base import PASSWORD, PersonasTestCase

LOCKED_OUT = "Logging in with this user name from this address is paused after repeated failures."


class LoginTests(PersonasTestCase):
    def setUp(self):
        self.url = reverse("login")

    def log_in(self, username: str, password: str, **data):
        return self.client.post(
            self.url,
            {"username": username, "password": password, **data},
            HTTP_ACCEPT_LANGUAGE="en",
        )

    def test_login_page_renders_in_the_apps_look(self):
        response = self.client.get(self.url)

        self.assertEqual(response.status_code, 200)
        self.assertTemplateUsed(response, "registration/login.html")
        self.assertTemplateUsed(response, "base.html")
        self.assertContains(response, "销售规划")
        self.assertContains(response, 'class="navbar-brand"')
        self.assertContains(response, 'name="username"')

    def test_login_page_renders_in_english_for_an_english_browser(self):
        response = self.client.get(self.url, HTTP_ACCEPT_LANGUAGE="en")

        self.assertContains(response, "Sales planning")
        self.assertContains(response, "Log in")

    def test_a_good_login_goes_to_the_home_page(self):
        response = self.log_in("alice", PASSWORD)

        self.assertRedirects(response, reverse("home"))
        self.assertEqual(int(self.client.session["_auth_user_id"]), self.alice.pk)

    def test_a_good_login_follows_next_but_not_off_site(self):
        plan_url = self.plan.get_absolute_url()
        self.assertRedirects(self.log_in("alice", PASSWORD, next=plan_url), plan_url)

        self.client.logout()
        response = self.log_in("alice", PASSWORD, next="https://evil.example/")
        self.assertRedirects(response, reverse("home"))

    def test_a_wrong_password_is_refused_with_a_message(self):
        response = self.log_in("alice", "wrong")

        self.assertContains(response, "Please enter a correct username and password.")
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_a_deactivated_user_cannot_log_in(self):
        response = self.log_in("dave", PASSWORD)

        self.assertEqual(response.status_code, 200)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_ten_failed_logins_from_one_address_are_throttled_with_a_clear_message(self):
        self.assertEqual(settings.AXES_FAILURE_LIMIT, 10)
        for attempt in range(1, 10):
            response = self.log_in("alice", f"wrong-{attempt}")
            self.assertEqual(response.status_code, 200, f"attempt {attempt}")
            self.assertNotContains(response, LOCKED_OUT)

        response = self.log_in("alice", "wrong-10")

        self.assertEqual(response.status_code, settings.AXES_HTTP_RESPONSE_CODE)
        self.assertEqual(response.status_code, 429)
        self.assertTemplateUsed(response, "registration/locked_out.html")
        self.assertContains(response, "Too many failed log-ins", status_code=429)
        self.assertContains(response, LOCKED_OUT, status_code=429)

        # The right password does not get alice through from this address while she is locked out.
        response = self.log_in("alice", PASSWORD)
        self.assertContains(response, LOCKED_OUT, status_code=429)
        self.assertNotIn("_auth_user_id", self.client.session)

        # In the default language the same page says it in Chinese.
        response = self.client.post(self.url, {"username": "alice", "password": PASSWORD})
        self.assertContains(
            response, "由于多次登录失败，此用户名在此地址的登录已暂停。", status_code=429
        )

        # bob, at the same address (one office behind one proxy), is not stopped.
        response = self.log_in("bob", PASSWORD)
        self.assertEqual(response.status_code, 302)
        self.assertIn("_auth_user_id", self.client.session)

    def test_a_good_login_resets_the_failure_count(self):
        for attempt in range(9):
            self.log_in("alice", f"wrong-{attempt}")
        self.assertRedirects(self.log_in("alice", PASSWORD), reverse("home"))
        self.client.logout()

        response = self.log_in("alice", "wrong-again")

        self.assertEqual(response.status_code, 200)

    def test_logout_is_a_post_and_ends_the_session(self):
        self.login(self.alice)

        self.assertEqual(self.client.get(reverse("logout")).status_code, 405)
        self.assertEqual(self.client.get(reverse("home")).status_code, 200)

        response = self.client.post(reverse("logout"))

        self.assertRedirects(response, self.url)
        response = self.client.get(reverse("home"))
        self.assertRedirects(response, f"{self.url}?next=/")
