"""Every URL pattern, GET as each persona who may read it, with every query parameter its view
reads set to a value that cannot be read: the answer is a page, a redirect, 400 or 404, never a
server error (issue 17).

The names are discovered, not listed: a request records each name its handling asks the query
string for (`names_asked`), and each name found is then sent alone with each value; a name the
source reads (`query_names`) that no view asked for fails the test, so a view the walk cannot
reach is noticed.
"""

import logging
from unittest import mock
from urllib.parse import urlencode

from django.db import transaction

from tests.planning.test_access_matrix import EXPECTED, PERSONAS, served_url_names
from tests.security.objects import MatrixObjectsTestCase
from tests.security.test_url_walk import EVERYTHING, FormsOnPage, names_asked, query_names

# Text, past 64 bits, Arabic-Indic and full-width digits, negative, blank.
VALUES = ["abc", "99999999999999999999999", "٣", "２０２７", "-1", ""]
ANSWERS = {200, 302, 400, 404}
READS = {200, 302}  # a persona whose plain GET answers one of these may read the URL


def readers(name: str) -> list[str]:
    """The signed-in personas the access table lets GET the URL."""
    return [
        persona
        for persona, (get, _post) in zip(PERSONAS, EXPECTED[name], strict=True)
        if persona not in ("anonymous", "dave") and get in READS
    ]


class QueryParameterTests(MatrixObjectsTestCase):
    def setUp(self):
        self.client.raise_request_exception = False  # a 500 is a response, and is reported
        logging.disable(logging.CRITICAL)  # hundreds of 4xx would each log a warning
        self.addCleanup(logging.disable, logging.NOTSET)
        # The parameters are read before anything prints; printing itself is tests/planning's.
        printing = mock.patch("planning.printing.pdf.plan_pdf", return_value=b"%PDF-1.7\n")
        printing.start()
        self.addCleanup(printing.stop)

    def get(self, url: str):
        """One GET in a savepoint (a failed query spoils no other); the response's `asked`
        holds the names its handling asked the query string for."""
        with names_asked() as asked, transaction.atomic():
            response = self.client.get(url)
        response.asked = asked - {EVERYTHING}
        return response

    def filter_names(self, response) -> set[str]:
        """The fields of the page's GET forms: the filters it sends back as query parameters."""
        if "html" not in response.get("Content-Type", ""):
            return set()
        forms = FormsOnPage.read(response.content.decode())
        return {
            f["attrs"]["name"] for form in forms if form["method"] == "get" for f in form["fields"]
        }

    def test_unreadable_query_values_answer_400_or_404_never_500(self):
        failures, discovered = [], set()
        for name, pattern in served_url_names().items():
            if name.startswith("admin:"):
                continue
            url = self.url_for(name, pattern)
            for persona in readers(name):
                self.client.force_login(getattr(self, persona))
                plain = self.get(url)
                pending = sorted(plain.asked | self.filter_names(plain))
                walked = set(pending)
                while pending:
                    parameter = pending.pop()
                    for value in VALUES:
                        response = self.get(f"{url}?{urlencode({parameter: value})}")
                        if response.status_code not in ANSWERS:
                            failures.append(
                                f"GET {url}?{parameter}={value!r} as {persona}: "
                                f"{response.status_code}"
                            )
                        # A value may lead the view on to read more names (a form once bound).
                        for more in sorted(response.asked - walked):
                            walked.add(more)
                            pending.append(more)
                discovered |= walked
        self.assertEqual(failures, [])
        unasked = sorted(query_names() - discovered)
        self.assertEqual(unasked, [], "the source reads these names but no walked view asked")

    def test_the_reviewers_home_refuses_a_period_it_cannot_read_and_links_no_missing_one(self):
        self.login(self.rita)
        for value in ("abc", "２０２７", "٢٠٢٧", "-1", "99999999999999999999999"):
            with self.subTest(value=value):
                self.assertEqual(self.client.get(f"/?period={value}").status_code, 400)
        self.assertEqual(self.client.get("/?period=2031").status_code, 404)
        self.assertEqual(self.client.get("/?group=NOPE").status_code, 404)
        self.assertEqual(self.client.get("/?state=lost").status_code, 400)
        page = self.client.get("/?period=2027&group=HD&state=draft")
        self.assertContains(page, 'href="/packs/2027/new/"')
        self.assertContains(page, "上海")

    def test_a_query_value_that_cannot_be_read_answers_400_with_a_page(self):
        self.login(self.alice)
        response = self.client.get("/todos/?date=２０２７-03-02")
        self.assertContains(response, 'class="alert alert-warning"', status_code=400)
        self.assertContains(response, 'href="/"', status_code=400)
