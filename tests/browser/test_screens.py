"""Every main page on a 1,366 px laptop and a 390 px phone, in both languages (issue 20).

The demo organisation (seed_demo) is opened by its manager 张伟 (plan pages, customers,
competition, calendar, to-do list) and its headquarters reviewer 赵敏 (roll-up, a group's
drill-down, deadline board, open comments), one logged-in browser context per person, language
and screen. On the laptop every main column (the headings marked data-main-column: the grids'
months, total, amount, last year and growth; the collections plan's months and total; the P&L's
months; the roll-up's main figures) lies within the screen's width, and no page scrolls sideways;
on the phone no page is wider than the screen (a wide table scrolls inside its own box). Then the
keyboard: the grid's skip link comes first, the language changes only on a button's press, and the
roll-up's detail columns open and stay open across a reload.

Full-page screenshots land in $SCREENSHOT_DIR (default artifacts/screenshots/screens/, ignored by
git) as <language>/<width>/<page>.png, for a person to look at.
"""

import os
from importlib import import_module
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.migrations.operations import RunPython
from playwright.sync_api import Page, expect

from customers.models import Customer, Product, Region, User
from planning.models import Plan
from tests.browser.walk import LOCALE, sign_in

pytestmark = pytest.mark.filterwarnings("ignore:No directory at:UserWarning")

PASSWORD = "salesplan-demo"  # seed_demo's
SCREENS = {"laptop": {"width": 1366, "height": 800}, "phone": {"width": 390, "height": 844}}
SHOTS = Path(
    os.environ.get("SCREENSHOT_DIR")
    or Path(__file__).resolve().parents[2] / "artifacts" / "screenshots" / "screens"
)
# A full-page screenshot stops here: the plan page is ~15,000 px tall on a phone.
SHOT_HEIGHT = 4000

# The figures of each page as the browser measures them: the page's width, and each main
# column's heading that is displayed (a collapsed detail column has no width).
MEASURE = """() => {
  const width = document.documentElement.clientWidth;
  const beyond = [];
  let shown = 0;
  for (const cell of document.querySelectorAll("[data-main-column]")) {
    const box = cell.getBoundingClientRect();
    if (box.width === 0) continue;
    shown += 1;
    if (box.right > width + 0.5) {
      beyond.push(cell.textContent.trim() + " ends at " + Math.round(box.right));
    }
  }
  return {width, scrollWidth: document.documentElement.scrollWidth, shown, beyond};
}"""


def urls(year: int = 2027) -> dict[str, dict[str, str]]:
    """The pages each person opens, by name; ids from the demo data."""
    shanghai = Region.objects.get(code="SH")
    plan = Plan.objects.get(region=shanghai, period__year=year)
    # Last year's plan has actuals through the autumn: the widest reports.
    actuals = Plan.objects.get(region=shanghai, period__year=year - 1)
    product = Product.objects.get(code="A")
    customer = Customer.objects.get(name="华信电子")
    return {
        "zhang.wei": {
            "home": "/",
            "plan": f"/plans/{plan.pk}/",
            "targets-by-product": f"/plans/{plan.pk}/targets/product/{product.pk}/",
            "targets-by-customer": f"/plans/{plan.pk}/targets/customer/{customer.pk}/",
            "collections-plan": f"/plans/{plan.pk}/collections/",
            "actual-sales": f"/plans/{actuals.pk}/actuals/sales/{product.pk}/",
            "pnl": f"/plans/{actuals.pk}/pnl/",
            "collections-report": f"/plans/{actuals.pk}/collections/report/",
            "chapter-actions": f"/plans/{plan.pk}/actions/",
            "customer-list": f"/customers/regions/{shanghai.pk}/",
            "competition": f"/competition/SH/{year}/",
            "calendar": "/calendar/",
            "todo-list": "/todos/",
        },
        "zhao.min": {
            "rollup": f"/hq/{year}/",
            "rollup-group": f"/hq/{year}/HD/",
            "deadlines": "/deadlines/",
            "open-comments": "/comments/open/",
        },
    }


# Pages whose main columns are marked: each must show some (the marks are what is checked).
WITH_MAIN_COLUMNS = {
    "targets-by-product",
    "targets-by-customer",
    "collections-plan",
    "actual-sales",
    "pnl",
    "collections-report",
    "rollup",
    "rollup-group",
}


# The migrations that add default rows (expense lines, factors, thresholds, catalogues): an earlier
# browser test's flush emptied their tables, and seed_demo builds on them.
DEFAULT_ROWS = (
    "competition.migrations.0002_default_capability_factors",
    "competition.migrations.0004_default_role_thresholds",
    "customers.migrations.0005_customer_strategy_defaults",
    "planning.migrations.0003_default_expense_lines",
    "planning.migrations.0005_control_means_catalogue",
    "planning.migrations.0006_market_activities_expense_line",
    "planning.migrations.0017_default_rollup_thresholds",
)


def restore_default_rows() -> None:
    for name in DEFAULT_ROWS:
        for operation in import_module(name).Migration.operations:
            if isinstance(operation, RunPython):
                operation.code(apps, None)


def log_in(browser, base: str, username: str, language: str, screen: str) -> Page:
    context = browser.new_context(viewport=SCREENS[screen], locale=LOCALE[language])
    context.set_default_timeout(10_000)
    return sign_in(context.new_page(), base, username, language, password=PASSWORD)


def look_at(page: Page, base: str, url: str, path: Path) -> dict:
    response = page.goto(base + url)
    assert response is not None and response.status == 200, (url, response and response.status)
    figures = page.evaluate(MEASURE)
    height = page.evaluate("document.documentElement.scrollHeight")
    clip = {"x": 0, "y": 0, "width": figures["width"], "height": min(height, SHOT_HEIGHT)}
    page.screenshot(path=str(path), full_page=True, clip=clip)
    return figures


def faults_of(name: str, screen: str, figures: dict) -> list[str]:
    faults = []
    if figures["scrollWidth"] > figures["width"]:
        faults.append(f"the page is {figures['scrollWidth']} px wide")
    if screen == "laptop":
        if name in WITH_MAIN_COLUMNS and not figures["shown"]:
            faults.append("no main column is marked")
        faults += [f"main column {text}" for text in figures["beyond"]]
    return faults


def check_keyboard(page: Page, base: str, grid_url: str) -> None:
    """The skip link is the first stop of Tab on a grid page and leads to the grid; the language
    changes on Enter on its button, never on an arrow key."""
    page.goto(base + grid_url)
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_have_text("跳到表格")
    page.keyboard.press("Enter")
    expect(page.locator("#grid")).to_be_focused()
    english = page.locator(".language-switch button[value='en']")
    english.focus()
    for key in ("ArrowRight", "ArrowDown", "ArrowLeft", "ArrowUp"):
        page.keyboard.press(key)
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    english.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "en")


def check_details(page: Page, base: str, rollup_url: str) -> None:
    """The roll-up's ageing columns are hidden at first; shown on the button, they stay shown
    after a reload (localStorage), and hide again."""
    page.goto(base + rollup_url)
    ageing = page.locator(".rollup-table thead th", has_text="未分龄")
    toggle = page.locator("[data-details-toggle=rollup]")
    expect(ageing).to_be_hidden()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(ageing).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    page.reload()
    expect(ageing).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    toggle.press("Enter")
    expect(ageing).to_be_hidden()
    expect(toggle).to_have_attribute("aria-expanded", "false")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_main_pages_fit_a_laptop_and_a_phone_in_both_languages(live_server, browser):
    restore_default_rows()
    call_command("seed_demo", stdout=StringIO())
    pages = urls()
    base = live_server.url
    faults = []
    for language in ("zh-hans", "en"):
        for screen, size in SCREENS.items():
            User.objects.filter(username__in=pages).update(language=language)
            folder = SHOTS / language / str(size["width"])
            folder.mkdir(parents=True, exist_ok=True)
            for username, named in pages.items():
                page = log_in(browser, base, username, language, screen)
                for name, url in named.items():
                    figures = look_at(page, base, url, folder / f"{name}.png")
                    faults += [
                        f"{language} {size['width']} px {name}: {fault}"
                        for fault in faults_of(name, screen, figures)
                    ]
                if (language, screen) == ("zh-hans", "laptop"):
                    if username == "zhao.min":
                        check_details(page, base, named["rollup"])
                    else:
                        check_keyboard(page, base, named["targets-by-product"])
                page.context.close()
    assert not faults, "\n".join(faults)
