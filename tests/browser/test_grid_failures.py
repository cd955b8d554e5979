"""The targets grid when saving goes wrong, in a real browser and both languages.

A figure typed while the network drops, while the server answers 500 or after the session has
expired is shown as not saved (the cell marked, a banner saying why), kept across a reload, sent
again by itself, and reaches the database once the server answers. Two managers of one region
typing into the same cell: the second one's Enter does not overwrite the first one's figure; the
second sees the conflict and chooses.
"""

import re
import time
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.db import OperationalError
from playwright.sync_api import Page, Route, expect

from planning.models import Target
from tests.browser.test_numbers_grid import Grid, build, paste
from tests.browser.walk import PASSWORD, log_in

pytestmark = pytest.mark.filterwarnings("ignore:No directory at:UserWarning")

PASTE = {
    "zh-hans": {"beyond": "有 4 个粘贴的值超出表格边缘，未粘贴。", "where": "十二月"},
    "en": {
        "beyond": "4 pasted values lay beyond the grid's edge and were not pasted.",
        "where": "Dec",
    },
}
BANNER = {
    "zh-hans": {
        "network": "尚未保存：连接失败。",
        "server": "尚未保存：服务器未正常响应。",
        "session": "尚未保存：您的登录已过期。",
        "keep": "保留我的",
        "take": "采用对方的",
    },
    "en": {
        "network": "Not saved yet: the connection failed.",
        "server": "Not saved yet: the server did not answer properly.",
        "session": "Not saved yet: your session has expired.",
        "keep": "Keep mine",
        "take": "Take theirs",
    },
}
FAILED = re.compile(r"\bcell-failed\b")
SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots" / "grid_failures"


def shot(page: Page, language: str, name: str) -> None:
    folder = SHOTS / language
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"))


def stored(plan, customer: int, month: int) -> Decimal | None:
    """The stored quantity. The live server shares the in-memory SQLite database with this
    thread: while it writes, a read here finds the table locked, and waits its turn."""
    for _attempt in range(100):
        try:
            target = Target.objects.filter(plan=plan, customer_id=customer, month=month).first()
        except OperationalError:
            time.sleep(0.05)
            continue
        return None if target is None else target.quantity
    raise AssertionError("the live server held the table locked for 5 s")


def wait_for_stored(page: Page, plan, customer: int, month: int, expected: Decimal) -> None:
    """Waits through Playwright, so that route handlers keep answering meanwhile."""
    deadline = time.monotonic() + 8
    while time.monotonic() < deadline:
        if stored(plan, customer, month) == expected:
            return
        page.wait_for_timeout(100)
    assert stored(plan, customer, month) == expected


def type_into(page: Page, grid: Grid, row: int, month: int, text: str, key: str = "Enter"):
    grid.cell(row, month).focus()
    page.keyboard.type(text)
    page.keyboard.press(key)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_failed_save_is_shown_kept_and_sent_again(live_server, new_page, language):
    plan, product, (a, b, _c) = build(language)
    words = BANNER[language]
    base = live_server.url
    grid_url = f"{base}/plans/{plan.pk}/targets/product/{product.pk}/"
    page = log_in(new_page, base, language, "zhang.wei")
    page.goto(grid_url)
    grid = Grid(page)
    banner = page.locator(".grid-unsaved")

    # 1. The network drops: the cell is marked, the banner says so, nothing is stored yet.
    def abort(route: Route) -> None:
        route.abort() if route.request.method == "POST" else route.continue_()

    page.route(grid_url, abort)
    type_into(page, grid, a, 1, "12")
    expect(grid.td(a, 1)).to_have_class(FAILED)
    expect(banner).to_be_visible()
    expect(banner).to_contain_text(words["network"])
    assert stored(plan, a, 1) is None
    shot(page, language, "1-network-failed")

    # ... it is kept across a reload, and sent again once the network is back.
    page.reload()
    expect(grid.cell(a, 1)).to_have_value("12")
    expect(grid.td(a, 1)).to_have_class(FAILED)  # restored, sent, failed again: still kept
    expect(banner).to_contain_text(words["network"])
    page.unroute(grid_url)
    wait_for_stored(page, plan, a, 1, Decimal(12))
    expect(grid.td(a, 1)).not_to_have_class(FAILED)
    expect(banner).to_be_hidden()
    grid.expect_totals({a: 12})

    # 2. The server answers 500 once: marked, then sent again by itself.
    answers = []

    def fail_once(route: Route) -> None:
        if route.request.method == "POST" and not answers:
            answers.append(500)
            route.fulfill(status=500, body="Server Error")
        else:
            route.continue_()

    page.route(grid_url, fail_once)
    type_into(page, grid, b, 2, "7", key="Tab")
    expect(banner).to_contain_text(words["server"])
    wait_for_stored(page, plan, b, 2, Decimal(7))
    expect(grid.td(b, 2)).not_to_have_class(FAILED)
    page.unroute(grid_url)

    # 3. The session expires: the figure waits; after logging in again in another tab (a new
    # session and a new CSRF token), "send now" delivers it.
    Session.objects.all().delete()
    type_into(page, grid, a, 3, "5")
    expect(banner).to_contain_text(words["session"])
    expect(banner.locator("[data-login]")).to_be_visible()
    shot(page, language, "2-session-expired")
    assert stored(plan, a, 3) is None
    other = page.context.new_page()
    other.goto(f"{base}/login/")
    other.locator("#id_username").fill("zhang.wei")
    other.locator("#id_password").fill(PASSWORD)
    other.locator("main button[type=submit]").click()
    other.wait_for_url(f"{base}/")
    other.close()
    banner.locator("[data-retry]").click()
    wait_for_stored(page, plan, a, 3, Decimal(5))
    expect(banner).to_be_hidden()
    grid.expect_totals({a: 17, b: 7})


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_enter_in_a_second_tab_does_not_overwrite_and_the_person_chooses(
    live_server, new_page, language
):
    plan, product, (a, _b, _c) = build(language)
    words = BANNER[language]
    base = live_server.url
    grid_url = f"{base}/plans/{plan.pk}/targets/product/{product.pk}/"
    first = log_in(new_page, base, language, "zhang.wei")
    second = first.context.new_page()  # the same manager's second tab
    for page in (first, second):
        page.goto(grid_url)

    type_into(first, Grid(first), a, 1, "3")
    wait_for_stored(page, plan, a, 1, Decimal(3))

    grid = Grid(second)
    type_into(second, grid, a, 1, "4")  # Enter, then the blur's change event
    conflict = grid.td(a, 1)
    expect(conflict).to_have_class(re.compile(r"\bcell-conflict\b"))
    expect(conflict.locator("[data-keep]")).to_have_text(words["keep"])
    expect(conflict.locator("[data-take]")).to_have_text(words["take"])
    second.wait_for_timeout(1500)  # long enough for any second save to have landed
    shot(second, language, "3-conflict")
    assert stored(plan, a, 1) == Decimal(3)

    # "Take theirs" shows the first tab's figure and sends nothing.
    conflict.locator("[data-take]").click()
    expect(grid.cell(a, 1)).to_have_value("3")
    expect(conflict).not_to_have_class(re.compile(r"\bcell-conflict\b"))

    # Typed again against the figure now known, and "keep mine" after a second conflict, saves.
    type_into(first, Grid(first), a, 1, "5")
    wait_for_stored(page, plan, a, 1, Decimal(5))
    type_into(second, grid, a, 1, "6")
    expect(grid.td(a, 1)).to_have_class(re.compile(r"\bcell-conflict\b"))
    grid.td(a, 1).locator("[data-keep]").click()
    wait_for_stored(page, plan, a, 1, Decimal(6))
    expect(grid.td(a, 1)).not_to_have_class(re.compile(r"\bcell-conflict\b"))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_pasted_block_names_its_refused_cells_and_what_lay_beyond_the_edge(
    live_server, new_page, language
):
    plan, product, (_a, _b, c) = build(language)
    base = live_server.url
    page = log_in(new_page, base, language, "zhang.wei")
    page.goto(f"{base}/plans/{plan.pk}/targets/product/{product.pk}/")
    grid = Grid(page)

    # From the last row's November: "x" is refused, "3" and the whole second line lie beyond.
    paste(page, grid.cell(c, 11), "1\tx\t3\n4\t5\t6")

    expect(page.locator(".grid-paste-note")).to_have_text(PASTE[language]["beyond"])
    refused = grid.status.locator(".grid-refused li")
    expect(refused).to_have_count(1)
    expect(refused).to_contain_text(PASTE[language]["where"])
    # The block is all or nothing: neither value is stored; one pop-up, on the cell in use.
    expect(grid.td(c, 11)).to_have_class(re.compile(r"\bcell-error\b"))
    expect(grid.td(c, 12)).to_have_class(re.compile(r"\bcell-error\b"))
    expect(page.locator(".cell-msg:visible")).to_have_count(1)
    assert not Target.objects.filter(plan=plan).exists()
    shot(page, language, "4-paste-refused")
