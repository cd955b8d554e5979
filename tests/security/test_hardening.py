"""What an outside probe found and what now holds: the sign-in lockout behind a proxy, the
requests that answered 500, the lenient parsers, and exports kept in caches."""

import json
import tempfile
from decimal import Decimal
from pathlib import Path

from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from planning.models import PackJob, Target
from planning.tools.icalendar import IcsEvent, calendar_file
from salesplan.money import AmountError, parse_amount
from tests.base import PASSWORD
from tests.security.objects import MatrixObjectsTestCase

PROXY = "10.0.0.1"
OFFICE = "203.0.113.7"  # the office's address, as the proxy reports it


@override_settings(TRUSTED_PROXY_COUNT=1, LOGIN_SLOW_AFTER=15, LOGIN_SLOW_SECONDS=0)
class LockoutBehindAProxyTests(MatrixObjectsTestCase):
    """Every colleague of an office reaches the app through the same proxy."""

    def sign_in(self, username: str, password: str, *, client: str = OFFICE, forged: str = ""):
        header = f"{forged}, {client}" if forged else client
        return self.client.post(
            reverse("login"),
            {"username": username, "password": password},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=header,
            HTTP_ACCEPT_LANGUAGE="en",
        )

    def test_failures_for_invented_names_do_not_stop_a_colleague_at_the_same_address(self):
        for number in range(10):
            response = self.sign_in(f"nobody{number}", "guess")
            self.assertEqual(response.status_code, 200)

        response = self.sign_in("alice", PASSWORD)

        self.assertEqual(response.status_code, 302)
        self.assertIn("_auth_user_id", self.client.session)

    def test_ten_failures_for_one_name_lock_out_that_name_at_that_address_only(self):
        for _attempt in range(10):
            self.sign_in("alice", "wrong")

        self.assertEqual(self.sign_in("alice", PASSWORD).status_code, 429)
        # alice from home (another address) and bob from the office still get in.
        self.assertEqual(self.sign_in("alice", PASSWORD, client="198.51.100.4").status_code, 302)
        self.client.logout()
        self.assertEqual(self.sign_in("bob", PASSWORD).status_code, 302)

    def test_an_address_that_keeps_failing_is_slowed_but_a_right_password_gets_in(self):
        for number in range(15):
            self.assertEqual(self.sign_in(f"spray{number}", "guess").status_code, 200)

        response = self.sign_in("spray-next", "guess")

        self.assertEqual(response.status_code, 429)
        self.assertEqual(response["Retry-After"], "1")
        self.assertContains(response, "Too many failed sign-ins from your network", status_code=429)
        self.assertEqual(self.sign_in("alice", PASSWORD).status_code, 302)

    def test_a_forged_forwarded_header_is_not_believed(self):
        for _attempt in range(10):
            self.sign_in("alice", "wrong", client="192.0.2.50", forged=OFFICE)

        # The forger's failures were counted at the proxy's address, not at the office's.
        self.assertEqual(self.sign_in("alice", PASSWORD).status_code, 302)

    @override_settings(TRUSTED_PROXY_COUNT=0)
    def test_without_a_trusted_proxy_the_header_is_ignored(self):
        for _attempt in range(10):
            self.sign_in("alice", "wrong", client="192.0.2.50")

        response = self.sign_in("alice", PASSWORD, client="198.51.100.4")

        self.assertEqual(response.status_code, 429)  # the same connection's address: locked out


class RequestsThatAnswered500Tests(MatrixObjectsTestCase):
    """Each request the probe found answering 500 is now refused as a bad or missing one."""

    def setUp(self):
        self.login(self.alice)

    def post_grid(self, name: str, cells) -> int:
        url = reverse(name, args=[self.plan.pk, self.product_a.pk])
        return self.client.post(url, {"payload": cells}).status_code

    def test_grid_payloads_out_of_range_or_nested_deep_are_bad_requests(self):
        cell = '[{"row": %s, "month": 1, "raw": "1", "revision": %s}]'
        payloads = {
            "row of 10^30": cell % (10**30, 0),
            "JSON 5,000 deep": "[" * 5000 + "]" * 5000,
            "revision Infinity": cell % (self.langtong.pk, "Infinity"),
            "revision 1e400": cell % (self.langtong.pk, "1e400"),
        }
        for grid in ("targets_by_product", "actual_sales"):
            for what, payload in payloads.items():
                with self.subTest(grid=grid, payload=what):
                    self.assertEqual(self.post_grid(grid, payload), 400)

    def test_a_25_digit_id_in_a_url_is_not_found(self):
        url = reverse("competitor_edit", args=["SH", 2027, self.competitor.pk])
        url = url.replace(f"/{self.competitor.pk}/", "/" + "9" * 25 + "/")

        self.assertEqual(self.client.get(url).status_code, 404)

    def test_a_25_digit_region_in_the_pack_form_is_refused_next_to_the_field(self):
        self.login(self.rita)
        response = self.client.post(
            reverse("pack_new", args=[2027]),
            {"regions": ["9" * 25], "language": "en"},
            HTTP_ACCEPT_LANGUAGE="en",
        )

        self.assertContains(response, "is not a valid value", status_code=422)
        self.assertEqual(PackJob.objects.count(), 1)  # the matrix's own, nothing ordered

    def test_non_ascii_digits_in_a_query_string_are_ignored(self):
        compare = self.client.get(reverse("plan_compare", args=[self.plan.pk]) + "?against=²")
        action = self.client.get(reverse("activity_create", args=[self.plan.pk]) + "?direction=①")

        self.assertEqual(compare.status_code, 404)  # no such version
        self.assertEqual(action.status_code, 200)  # a new activity, with no direction chosen


class StrictInputTests(MatrixObjectsTestCase):
    def setUp(self):
        self.login(self.alice)
        self.url = reverse("targets_by_product", args=[self.plan.pk, self.product_a.pk])

    def test_parse_amount_reads_ascii_and_full_width_digits_only(self):
        self.assertEqual(parse_amount("１２３４"), Decimal("1234.00"))
        self.assertEqual(parse_amount("1,234.50"), Decimal("1234.50"))
        for typed in ("10²", "①", "𝟗𝟗", "٣", "½", "੧"):
            with self.subTest(typed=typed), self.assertRaises(AmountError):
                parse_amount(typed)

    def test_a_loose_grid_payload_is_a_bad_request_and_changes_nothing(self):
        Target.objects.create(
            plan=self.plan,
            customer=self.langtong,
            product=self.product_a,
            month=1,
            quantity=Decimal(5),
            amount=Decimal(500),
        )
        row = self.langtong.pk
        loose = {
            "no raw (cleared the cell)": {"row": row, "month": 1, "revision": 1},
            "row 3.99 (cut to 3)": {"row": row + 0.99, "month": 1, "raw": "7", "revision": 1},
            "month 1.5": {"row": row, "month": 1.5, "raw": "7", "revision": 1},
            "row true (read as 1)": {"row": True, "month": 1, "raw": "7", "revision": 1},
            "an unknown key": {"row": row, "month": 1, "raw": "7", "revision": 1, "x": 1},
            "raw as a number": {"row": row, "month": 1, "raw": 7, "revision": 1},
            "row as '²'": {"row": "²", "month": 1, "raw": "7", "revision": 1},
        }
        for what, cell in loose.items():
            with self.subTest(what):
                response = self.client.post(self.url, {"payload": json.dumps([cell])})
                self.assertEqual(response.status_code, 400)
                self.assertEqual(Target.objects.get().quantity, Decimal(5))
        too_many = [{"row": row, "month": 1, "raw": "7", "revision": 1}] * 20_001
        response = self.client.post(self.url, {"payload": json.dumps(too_many)})
        self.assertEqual(response.status_code, 400)

    def test_a_well_formed_payload_still_saves_with_ids_as_text_as_the_grid_sends_them(self):
        cell = {"row": str(self.langtong.pk), "month": "2", "raw": "3", "revision": "0"}

        response = self.client.post(self.url, {"payload": json.dumps([cell])})

        self.assertEqual(response.status_code, 200)
        self.assertEqual(Target.objects.get(month=2).quantity, Decimal(3))

    def test_calendar_text_loses_control_characters_and_keeps_line_breaks_escaped(self):
        title = "周会\x0b议程\x0c一\x85二\u2028三\u2029四\x00\x1b\x7f完"
        body = calendar_file(
            [IcsEvent(uid="1@x", summary=title, start=self.period.submission_due)],
            name="日历",
            stamp=timezone.now(),
        )
        summary = next(line for line in body.split("\r\n") if line.startswith("SUMMARY:"))

        self.assertEqual(summary, "SUMMARY:周会\\n议程\\n一\\n二\\n三\\n四完")
        for character in "\x0b\x0c\x85\u2028\u2029\x00\x1b\x7f":
            self.assertNotIn(character, body)


class ExportsAreNeverCachedTests(MatrixObjectsTestCase):
    def test_every_export_says_private_no_store(self):
        plan, year = self.plan.pk, self.period.year
        pack_file = Path(tempfile.mkdtemp()) / "pack.pdf"
        pack_file.write_bytes(b"%PDF-1.4\n%%EOF\n")
        PackJob.objects.filter(pk=self.pack.pk).update(
            status=PackJob.Status.DONE, file=str(pack_file)
        )
        exports = {
            "alice": [
                reverse("numbers_export", args=[plan]) + "?sheet=targets&format=xlsx",
                reverse("numbers_export", args=[plan]) + "?sheet=targets&format=csv",
                reverse("numbers_template", args=[plan]) + "?sheet=targets&format=xlsx",
                reverse("customer_list", args=[self.shanghai.pk]) + "?_export=csv",
                reverse("customer_list", args=[self.shanghai.pk]) + "?_export=xlsx",
                reverse("calendar_ics", args=[2027, 3]),
                reverse("plan_pdf", args=[plan]),
            ],
            "rita": [
                reverse("rollup", args=[year]) + "?format=xlsx",
                reverse("rollup_revision", args=[year]) + "?format=xlsx",
                reverse("pack_download", args=[self.pack.pk]),
            ],
        }
        for persona, urls in exports.items():
            self.login(getattr(self, persona))
            for url in urls:
                with self.subTest(url=url):
                    response = self.client.get(url)
                    self.assertEqual(response.status_code, 200)
                    self.assertIn("filename", response["Content-Disposition"])
                    self.assertEqual(response["Cache-Control"], "private, no-store")
                    if hasattr(response, "streaming_content"):
                        b"".join(response.streaming_content)
                        response.close()
