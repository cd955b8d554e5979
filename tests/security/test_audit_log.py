"""The security log: one record per login, failed login and refused request for another
region's object, with user, object and UTC time, never a password, session key or amount
(issue 9, item 15)."""

import json
import re

from django.conf import settings
from django.urls import reverse

from tests.base import PASSWORD
from tests.security.objects import MatrixObjectsTestCase

LOGGER = "salesplan.audit"
UTC_TIME = re.compile(r" at=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ ")


class AuditLogTests(MatrixObjectsTestCase):
    def records(self, action) -> list[str]:
        with self.assertLogs(LOGGER, level="INFO") as captured:
            action()
        return [record.getMessage() for record in captured.records]

    def no_records(self, action) -> None:
        with self.assertNoLogs(LOGGER, level="INFO"):
            action()

    def assert_clean(self, message: str, *secrets: str) -> None:
        self.assertRegex(message, UTC_TIME)
        for secret in secrets:
            self.assertNotIn(secret, message)
        self.assertNotIn("password", message.lower())

    def test_a_login_writes_one_record_with_the_user_and_the_utc_time(self):
        records = self.records(
            lambda: self.client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
        )

        self.assertEqual(len(records), 1)
        self.assertIn("event=login ", records[0])
        self.assertIn(f"user=alice#{self.alice.pk}", records[0])
        session_key = self.client.cookies[settings.SESSION_COOKIE_NAME].value
        self.assert_clean(records[0], PASSWORD, session_key)

    def test_a_failed_login_writes_one_record_without_the_password(self):
        typed = "Secret-Typed-Password-9"

        records = self.records(
            lambda: self.client.post(reverse("login"), {"username": "alice", "password": typed})
        )

        self.assertEqual(len(records), 1)
        self.assertIn("event=login_failed user=alice ", records[0])
        self.assert_clean(records[0], typed)

    def test_a_password_typed_as_the_user_name_is_not_written_whole(self):
        records = self.records(
            lambda: self.client.post(
                reverse("login"), {"username": "alice Secret-Password-1!", "password": "x"}
            )
        )

        self.assert_clean(records[0], "Secret-Password-1!")

    def test_each_refused_request_for_another_regions_object_writes_one_record(self):
        self.login(self.bob)
        plan, comment, customer, region = self.plan, self.comment, self.langtong, self.shanghai
        cases = [
            (reverse("plan_detail", args=[plan.pk]), f"planning.plan:{plan.pk}"),
            (reverse("plan_pdf", args=[plan.pk]), f"planning.plan:{plan.pk}"),
            (reverse("comment_reply", args=[comment.pk]), f"planning.comment:{comment.pk}"),
            (reverse("customer_detail", args=[customer.pk]), f"customers.customer:{customer.pk}"),
            (reverse("customer_list", args=[region.pk]), f"customers.region:{region.pk}"),
            (reverse("competition_overview", args=[region.code, 2027]), "customers.region:"),
            (reverse("rollup_region", args=[2027, region.code]), "customers.region:"),
        ]
        for url, label in cases:
            with self.subTest(url=url):
                method = self.client.post if "reply" in url else self.client.get
                records = self.records(lambda url=url, method=method: method(url))
                self.assertEqual(len(records), 1, records)
                self.assertIn("event=refused ", records[0])
                self.assertIn(f"user=bob#{self.bob.pk}", records[0])
                self.assertIn(f"object={label}", records[0])
                self.assert_clean(records[0], self.client.cookies["sessionid"].value)

    def test_a_refused_grid_save_records_no_amount(self):
        self.login(self.bob)
        url = reverse("targets_by_product", args=[self.plan.pk, self.product_a.pk])
        payload = json.dumps(
            [{"row": self.langtong.pk, "month": 1, "raw": "987654.32", "revision": 0}]
        )

        records = self.records(lambda: self.client.post(url, {"payload": payload}))

        self.assertEqual(len(records), 1)
        self.assert_clean(records[0], "987654", "987,654")

    def test_a_missing_object_or_ones_own_writes_nothing(self):
        self.login(self.alice)
        self.no_records(lambda: self.client.get(reverse("plan_detail", args=[self.plan.pk])))
        self.no_records(lambda: self.client.get(reverse("plan_detail", args=[987654])))

    def test_the_records_go_to_stderr_through_their_own_handler(self):
        handler = settings.LOGGING["handlers"][settings.LOGGING["loggers"][LOGGER]["handlers"][0]]
        self.assertEqual(handler["class"], "logging.StreamHandler")
        self.assertNotIn("stream", handler)  # a StreamHandler writes to stderr by default
        self.assertFalse(settings.LOGGING["loggers"][LOGGER]["propagate"])
