"""The load mix of `make loadtest` (run by scripts/loadtest.py, which starts gunicorn first).

Each simulated user logs in as the demo manager of 上海 and then, with a think time of 1–3 s:
70 % opens a targets grid page, 20 % saves one cell of it (with the revision the page showed),
5 % prints the plan's PDF, 5 % exports the targets as .xlsx. The app runs as in production
(DEBUG=0) behind a TLS proxy, which these requests imitate with X-Forwarded-Proto: https.
"""

import os
import random
import re

from locust import HttpUser, between, task

USERNAME = os.environ.get("LOADTEST_USER", "zhang.wei")
PASSWORD = os.environ.get("LOADTEST_PASSWORD", "salesplan-demo")
PLAN = int(os.environ["LOADTEST_PLAN"])
PRODUCTS = [int(pk) for pk in os.environ["LOADTEST_PRODUCTS"].split(",")]
CELL = re.compile(r'data-row="(\d+)" data-month="(\d+)" data-rev="(\d+)"')
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Manager(HttpUser):
    wait_time = between(1, 3)

    def on_start(self):
        origin = self.host.replace("http://", "https://")
        # Behind the TLS proxy: the app sees https, sends Secure cookies, and checks the Origin.
        self.client.headers.update({"X-Forwarded-Proto": "https", "Origin": origin})
        self.cookies: dict[str, str] = {}
        page = self._get("/login/", name="login page")
        token = TOKEN.search(page.text).group(1)
        response = self._post(
            "/login/",
            {"username": USERNAME, "password": PASSWORD, "csrfmiddlewaretoken": token},
            name="login",
            referer="/login/",
        )
        self._remember(response)
        if "sessionid" not in self.cookies:
            raise RuntimeError(f"login as {USERNAME} failed: status {response.status_code}")
        self.cells: dict[int, list[tuple[int, int, int]]] = {}

    # requests' cookie jar keeps Secure cookies away from http://: carry them by hand.
    def _remember(self, response):
        for cookie in response.cookies:
            self.cookies[cookie.name] = cookie.value
        return response

    def _headers(self, referer: str | None = None) -> dict:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if referer:
            headers["Referer"] = self.host.replace("http://", "https://") + referer
        return headers

    def _get(self, url, *, name):
        """GET that must answer 200; the page's cookies are kept."""
        with self.client.get(
            url, headers=self._headers(), name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
            return self._remember(response)

    def _post(self, url, data, *, name, referer, catch_response=False):
        return self.client.post(
            url,
            data=data,
            headers=self._headers(referer),
            name=name,
            allow_redirects=False,
            catch_response=catch_response,
        )

    def _grid_url(self, product: int) -> str:
        return f"/plans/{PLAN}/targets/product/{product}/"

    @task(70)
    def grid_page(self):
        product = random.choice(PRODUCTS)
        response = self._get(self._grid_url(product), name="grid page")
        self.cells[product] = [tuple(map(int, m)) for m in CELL.findall(response.text)]

    @task(20)
    def cell_save(self):
        product = random.choice(PRODUCTS)
        if not self.cells.get(product):
            self.grid_page()
            return
        row, month, revision = random.choice(self.cells[product])
        payload = f'[{{"row": {row}, "month": {month}, "raw": "{random.randint(1, 500)}", '
        payload += f'"revision": {revision}}}]'
        url = self._grid_url(product)
        with self._post(
            url,
            {"payload": payload, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")},
            name="cell save",
            referer=url,
            catch_response=True,
        ) as response:
            if response.status_code == 200:
                response.success()
            elif response.status_code in (409, 422):
                # Another user saved the cell since this one loaded it: refused and reported,
                # as it should be; reload the grid as the user would.
                response.success()
                self.environment.events.request.fire(
                    request_type="POST",
                    name="cell save (conflict refused)",
                    response_time=response.elapsed.total_seconds() * 1000,
                    response_length=0,
                    exception=None,
                    context={},
                )
                self.cells.pop(product, None)
            else:
                response.failure(f"status {response.status_code}")
                return
            for row_, month_, revision_ in CELL.findall(response.text):
                cells = self.cells.get(product, [])
                key = (int(row_), int(month_))
                self.cells[product] = [c for c in cells if (c[0], c[1]) != key] + [
                    (*key, int(revision_))
                ]

    @task(5)
    def pdf(self):
        self._get(f"/plans/{PLAN}/pdf/", name="pdf")

    @task(5)
    def export(self):
        self._get(f"/plans/{PLAN}/export/?sheet=targets&format=xlsx", name="export")
