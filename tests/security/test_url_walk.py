"""Every URL the project serves, walked with hostile values in each path integer, query
parameter and POST field: an attacker who edits a URL or a form gets a page or a 4xx answer,
never a server error, and nothing in the database changes (issue 19).

A new view is walked with no edit here: the URLs come from the URL map, the query parameters
from the source, the POST fields from the forms the pages show.
"""

import json
import logging
import re
import time
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlencode, urljoin, urlsplit

from django.apps import apps
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.http import QueryDict
from django.urls import NoReverseMatch, Resolver404, resolve, reverse

from tests.planning.test_access_matrix import served_url_names
from tests.security.objects import MatrixObjectsTestCase

DEEP_JSON = "[" * 5000 + "]" * 5000
# What an attacker puts where the app expects an id: past 64 bits, not a number, digits that
# are not ASCII, negative.
PATH_VALUES = [str(10**30), "9" * 25, "Infinity", "1e400", "²", "①", "𝟗𝟗", "-1"]
# The same, wrong types, JSON nested too deep for a parser, nothing, and far too much.
VALUES = [str(10**30), "Infinity", "1e400", "NaN", "²", "①", "𝟗𝟗", "-1"]
VALUES += ["[]", '{"a":1}', DEEP_JSON, "", "9" * 10_000]
# A page slower than this (the printed plan: a PDF) gets three of the values in its query.
SLOW = 0.5
SLOW_VALUES = [str(10**30), "①", DEEP_JSON]
# Fields that are the browser's or the session's, not the page's data; and a formset's count
# of forms: 10**30 there builds Django's 1,000 forms at up to 10 s a request, too slow to walk.
UNTOUCHED = re.compile(r"^(csrfmiddlewaretoken|next|language)$|-TOTAL_FORMS$")
# Fields whose value the user picks rather than types; the typed ones keep their legit text.
CHOICE_TYPES = {"hidden", "number", "checkbox", "radio", "range", "date", "month", "time"}
CHOICE_TYPES |= {"select", "submit"}
NOT_SENT = {"file", "image", "reset", "button"}
CHOICE_NAME = re.compile(r"revision|_id$|^payload$")
# Every place the product reads a query parameter by name: Python, then templates.
READS = re.compile(r"""\bGET(?:\.get|\.getlist|\.pop)?\s*[(\[]\s*["']([\w.-]+)["']""")
TEMPLATE_READS = re.compile(r"request\.GET\.(\w+)")
SOURCE = ("planning", "customers", "competition", "salesplan")
# The database compared: every table of the apps (their history too) and the task queue.
STATE_APPS = ("customers", "competition", "planning", "django_tasks_database")
MARKER = 918273  # reversed into an integer parameter, then swapped for each hostile value
EVERYTHING = "*"  # a request that listed all of its data rather than asking for names
ASKING = ("get", "getlist", "__getitem__", "__contains__", "pop")


def query_names() -> set[str]:
    """The query parameters the source reads by name (views, helpers and templates)."""
    root = Path(settings.BASE_DIR)
    names = set()
    for app in SOURCE:
        for path in (root / app).rglob("*.py"):
            if "migrations" not in path.parts:
                names.update(READS.findall(path.read_text(encoding="utf-8")))
    for path in (root / "templates").rglob("*.html"):
        names.update(TEMPLATE_READS.findall(path.read_text(encoding="utf-8")))
    return names


def grid_payloads(row: int) -> dict[str, str]:
    """A grid's save request (`payload`, a JSON list of cells) with one hostile part each."""
    cell = {"row": row, "month": 1, "raw": "1", "revision": 0}
    parts = [("row", "1e30"), ("month", "1e30"), ("row", str(10**30)), ("month", "3.99")]
    parts += [("row", "true"), ("revision", "Infinity"), ("revision", "1e400")]
    payloads = {
        f"{key} {text[:8]}": json.dumps([{**cell, key: "@"}]).replace('"@"', text)
        for key, text in parts
    }
    return payloads | {
        "no raw": json.dumps([{key: cell[key] for key in ("row", "month", "revision")}]),
        "deep JSON": DEEP_JSON,
        "an object": json.dumps(cell),
        "20,001 cells": json.dumps([cell] * 20_001),
    }


class FormsOnPage(HTMLParser):
    """The forms of a page with their fields, as a browser sees them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self._form = self._select = self._option = self._textarea = None

    @classmethod
    def read(cls, html: str) -> list[dict]:
        parser = cls()
        parser.feed(html)
        parser.close()
        return parser.forms

    def handle_starttag(self, tag, attrs):
        a = {key: value or "" for key, value in attrs}
        if tag == "form":
            method, action = a.get("method", "get").lower(), a.get("action", "")
            self._form = {"method": method, "action": action, "fields": []}
            self.forms.append(self._form)
        elif tag in ("input", "select", "textarea", "button") and a.get("name") and self._form:
            field = {"tag": tag, "attrs": a, "value": a.get("value", ""), "options": []}
            self._form["fields"].append(field)
            if tag == "textarea":
                field["value"], self._textarea = "", field
            if tag == "select":
                self._select = field
        elif tag == "option" and self._select is not None:
            self._option = {"value": a.get("value"), "selected": "selected" in a, "text": ""}
            self._select["options"].append(self._option)

    def handle_endtag(self, tag):
        if tag in ("form", "select", "textarea", "option"):
            setattr(self, f"_{tag}", None)

    def handle_data(self, data):
        for element, key in ((self._textarea, "value"), (self._option, "text")):
            if element is not None:
                element[key] += data


def kind(field) -> str:
    default = {"input": "text", "button": "submit"}.get(field["tag"], field["tag"])
    return field["attrs"].get("type", default).lower()


def legit_values(field) -> list[str]:
    """What a browser submits for the field as the page shows it."""
    attrs, type_ = field["attrs"], kind(field)
    if "disabled" in attrs:
        return []
    if type_ == "select":
        chosen = [o for o in field["options"] if o["selected"]] or field["options"][:1]
        return [o["text"].strip() if o["value"] is None else o["value"] for o in chosen]
    if type_ in ("checkbox", "radio"):
        return [attrs.get("value", "on")] if "checked" in attrs else []
    return [field["value"]]


def picked(field) -> bool:
    """A value the user picks or the page keeps, not text the user types."""
    attrs = field["attrs"]
    return not UNTOUCHED.search(attrs["name"]) and (
        kind(field) in CHOICE_TYPES
        or attrs.get("inputmode") in ("numeric", "decimal")
        or bool(CHOICE_NAME.search(attrs["name"]))
    )


def postable(form) -> tuple[dict[str, list[str]], list[str]]:
    """A form's legit data (its first button as if clicked) and the fields made hostile."""
    fields = [f for f in form["fields"] if kind(f) not in NOT_SENT | {"submit"}]
    fields += [f for f in form["fields"] if kind(f) == "submit"][:1]
    legit: dict[str, list[str]] = {}
    for field in fields:
        legit.setdefault(field["attrs"]["name"], []).extend(legit_values(field))
    return legit, sorted({f["attrs"]["name"] for f in fields if picked(f)})


def short(value: str) -> str:
    return repr(value) if len(value) <= 24 else f"{value[:10]!r}… ({len(value)} chars)"


def database_state() -> dict[str, list[tuple]]:
    """Every row of every table of the apps, as the database driver returns them."""
    tables = {
        model._meta.db_table
        for app in STATE_APPS
        for model in apps.get_app_config(app).get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }
    state = {}
    with connection.cursor() as cursor:
        for table in sorted(tables):
            # The names are the models' own tables, not input.
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY 1")  # noqa: S608
            state[table] = cursor.fetchall()
    return state


def state_changes(before: dict, after: dict) -> str:
    changed = []
    for table, rows in before.items():
        if after[table] != rows:
            old, new = set(map(repr, rows)), [repr(row) for row in after[table]]
            added = [row for row in new if row not in old]
            example = f" {added[0][:100]}" if added else ""
            changed.append(f"{table} +{len(added)} -{len(old - set(new))}{example}")
    return "; ".join(changed)


@contextmanager
def names_asked():
    """The names a request's handling asked its query or form data for (EVERYTHING when it
    listed them all): a name never asked for answers every value alike."""
    asked, originals = set(), {}

    def recording(method, name):
        def recorded(self, *args, **kwargs):
            if not self._mutable:  # a request's data once parsed, not the parser at work
                asked.add(args[0] if name in ASKING else EVERYTHING)
            return method(self, *args, **kwargs)

        return recorded

    for name in (*ASKING, "items", "lists", "values", "dict", "__iter__", "keys"):
        originals[name] = QueryDict.__dict__.get(name)
        setattr(QueryDict, name, recording(getattr(QueryDict, name), name))
    try:
        yield asked
    finally:
        for name, method in originals.items():
            if method is None:
                delattr(QueryDict, name)
            else:
                setattr(QueryDict, name, method)


class UrlWalkTests(MatrixObjectsTestCase):
    """alice, whose region's plan the world holds, walks every URL; rita, who reviews, walks
    those refused to alice (review packs, returning a plan) and posts the forms only she sees."""

    def setUp(self):
        self.client.raise_request_exception = False  # a 500 is a response, and is reported
        logging.disable(logging.CRITICAL)  # thousands of 4xx would each log a warning
        self.addCleanup(logging.disable, logging.NOTSET)
        self.failures, self.sent, self.requests, self.persona = [], [], 0, None
        self.unmatched, self.seen = set(), set()

    def act(self, persona: str) -> None:
        """Sign in as `persona` (again after a walked logout); compare to the database as it is
        once signed in."""
        user = getattr(self, persona)
        if self.persona != persona or self.client.session.get("_auth_user_id") != str(user.pk):
            self.client.logout()
            self.login(user)
            self.persona, self.baseline = persona, database_state()

    def send(self, method: str, url: str, data=None, what: str = ""):
        """One request; a 5xx is recorded with what raised. The response's `asked` holds the
        names its handling asked the query or form data for."""
        self.sent.append((method, url, data, what))
        self.requests += 1
        aborted = ""
        try:
            with names_asked() as asked, transaction.atomic():  # a failed request spoils no other
                started = time.perf_counter()
                response = getattr(self.client, method)(url, data)
                response.took = time.perf_counter() - started
        except DatabaseError as error:  # PostgreSQL: the request left its transaction aborted
            aborted = f", left the transaction aborted ({type(error).__name__})"
        response.asked = asked
        if response.status_code >= 500 or aborted:
            error = response.exc_info[1] if response.exc_info else None
            raised = f" {type(error).__name__}: {str(error)[:100]}" if error else ""
            self.failures.append(
                f"{method.upper()} {url[:80]} as {self.persona}, {what}: "
                f"{response.status_code}{raised}{aborted}"
            )
        return response

    @contextmanager
    def unchanged(self, persona: str, label: str):
        """The requests sent inside change nothing in the database; rolled back after, so that
        every URL starts from the same world."""
        self.act(persona)
        self.sent = []
        with transaction.atomic():
            yield
            changes = state_changes(self.baseline, database_state())
            transaction.set_rollback(True)
        if changes:
            self.pinpoint(persona, label, list(self.sent))

    def pinpoint(self, persona: str, label: str, sent) -> None:
        """Which requests changed the database, each sent alone from the same world."""
        culprits = 0
        for method, url, data, what in sent:
            self.act(persona)
            with transaction.atomic():
                status = self.send(method, url, data, what).status_code
                changes = state_changes(self.baseline, database_state())
                transaction.set_rollback(True)
            if changes:
                culprits += 1
                self.failures.append(
                    f"{method.upper()} {url[:80]} as {persona}, {what}: {status}, "
                    f"changed the database: {changes}"
                )
        if not culprits:
            self.failures.append(f"{label}: its requests together changed the database")

    def discover(self):
        """GET every URL with legit values: as alice, then as rita where alice is refused or
        shown a page (a reviewer's forms differ). Who walks each URL, how long it takes, and
        the forms the pages show, by who saw them, where they post and how. These GETs must
        change nothing either."""
        walkers, forms, refused, pages = {}, {}, set(), set()
        for persona in ("alice", "rita"):
            with self.unchanged(persona, f"legit GETs as {persona}"):
                for name, pattern in served_url_names().items():
                    if persona == "rita" and name not in refused | pages:
                        continue
                    url = self.url_for(name, pattern)
                    response = self.send("get", url, what="legit values")
                    html = "html" in response.get("Content-Type", "")
                    if persona == "alice" or name in refused and response.status_code < 400:
                        walkers[name] = (persona, url, pattern, response.took)
                    if persona == "alice" and response.status_code in (403, 404):
                        refused.add(name)
                    elif persona == "alice" and html:
                        pages.add(name)
                    for form in FormsOnPage.read(response.content.decode()) if html else []:
                        target = urljoin(url, form["action"])
                        if not urlsplit(target).netloc:
                            forms.setdefault((persona, target, form["method"]), []).append(form)
        return walkers, forms

    def test_hostile_values_answer_below_500_and_change_nothing(self):
        started = time.perf_counter()
        walkers, forms = self.discover()
        names = query_names()
        for (_persona, _target, method), found in forms.items():
            if method == "get":  # filters: their fields are query parameters too
                names |= {f["attrs"]["name"] for form in found for f in form["fields"]}
        names = sorted(name for name in names if not UNTOUCHED.search(name))
        by_persona = sorted(walkers.items(), key=lambda walker: (walker[1][0], walker[0]))
        for name, (persona, url, pattern, took) in by_persona:
            with self.unchanged(persona, name):
                self.walk_path(name, url, pattern)
                self.walk_query(url, names, SLOW_VALUES if took > SLOW else VALUES)
                self.walk_payload(url)
        for (persona, target, method), found in sorted(forms.items()):
            if method == "post":
                with self.unchanged(persona, target):
                    self.walk_forms(target, found)
        took = f"{self.requests} requests in {time.perf_counter() - started:.0f} s"
        print(f"\nURL walk: {took}")
        if self.failures:
            self.fail(f"{len(self.failures)} failures ({took}):\n" + "\n".join(self.failures))

    def walk_path(self, name, url, pattern):
        """Each integer of the path in turn, the others legit: GET and POST. A path that no
        URL pattern matches reaches no view: its 404 page is asked once per value."""
        legit = resolve(url).kwargs
        for param, converter in getattr(pattern.pattern, "converters", {}).items():
            if not re.fullmatch(converter.regex, "1") or re.fullmatch(converter.regex, "x"):
                continue  # not an integer
            try:
                marked, old = reverse(name, kwargs={**legit, param: MARKER}), f"/{MARKER}/"
            except NoReverseMatch:  # a converter that refuses the marker: the legit value
                marked, old = url, f"/{legit[param]}/"
            self.assertEqual(marked.count(old), 1, f"{name}: where is <{param}> in {marked}?")
            for value in PATH_VALUES:
                try:
                    resolve(marked.replace(old, f"/{value}/"))
                except Resolver404:
                    if value in self.unmatched:
                        continue
                    self.unmatched.add(value)
                hostile = marked.replace(old, f"/{quote(value, safe='')}/")
                for method in ("get", "post"):
                    self.send(method, hostile, what=f"<{param}>={short(value)}")

    def walk_query(self, url, names, values):
        """Every query parameter the app reads, all at once, set to each hostile value; the
        other values are not sent to a view that asked for none of them."""
        for value in values:
            query = urlencode(dict.fromkeys(names, value))
            response = self.send("get", f"{url}?{query}", what=f"every parameter={short(value)}")
            if not response.asked & {*names, EVERYTHING}:
                break

    def walk_payload(self, url):
        """A grid's save request with hostile JSON, to every URL; the other payloads are not
        sent to a view that did not ask for `payload` (or refused the POST)."""
        for label, payload in grid_payloads(self.langtong.pk).items():
            response = self.send("post", url, {"payload": payload}, what=f"payload: {label}")
            if not response.asked & {"payload", EVERYTHING}:
                break

    def walk_forms(self, target, found):
        """Each form posting to `target`: its legit values, and the fields the user does not
        type (hidden, numbers, choices, revisions, ids) set to each hostile value. A form with
        none such is not posted: a legit POST may change the database."""
        for form in found:
            legit, hostile = postable(form)
            if hostile and (target, *hostile) not in self.seen:  # alice's first, then rita's
                self.seen.add((target, *hostile))
                fields = ",".join(hostile)
                for value in VALUES:
                    data = {**legit, **dict.fromkeys(hostile, [value])}
                    self.send("post", target, data, f"{fields[:70]}={short(value)}")
