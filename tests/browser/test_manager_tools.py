"""A regional manager walks through SWOT → action direction → activity → calendar → to-do done,
in a real browser, in both interface languages.

The manager writes a strength and an opportunity, answers them with an SO action direction,
turns the direction into an activity of the action plan, finds the activity on the monthly
calendar, adds a to-do to a day of that month and ticks it off on the calendar (htmx, no reload).
Steps are found by the page's structure (ids, classes, the deck's S1/O1/SO labels), not by
translated text, so the same walk runs in Chinese and in English; full-page screenshots land in
artifacts/screenshots/manager_tools/<language>/ for a human to look at.
"""

import re
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from customers.models import Customer, Period, Region, RegionMembership, User
from planning.models import ActionDirection, Activity, Plan, SwotItem, TodoItem

pytestmark = pytest.mark.filterwarnings("ignore:No directory at:UserWarning")

PASSWORD = "a-long-browser-password-2026"
SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots" / "manager_tools"
OTHER_LOCALE = {"zh-hans": "en-US", "en": "zh-CN"}
REGION_NAME = {"zh-hans": "上海", "en": "Shanghai"}


def build_organisation() -> Plan:
    shanghai = Region.objects.create(code="SH", name="上海", name_en="Shanghai")
    period = Period.objects.create(year=2027, submission_due=date(2026, 12, 15))
    Customer.objects.create(region=shanghai, name="华信电子")
    manager = User.objects.create_user(
        username="zhang.wei", password=PASSWORD, role=User.Role.MANAGER, full_name="张伟"
    )
    RegionMembership.objects.create(user=manager, region=shanghai)
    return Plan.objects.create(region=shanghai, period=period)


class Walk:
    def __init__(self, base: str, language: str, page: Page):
        self.base, self.language, self.page = base, language, page
        self.shots = SHOTS / language
        self.shots.mkdir(parents=True, exist_ok=True)
        for old in self.shots.glob("*.png"):
            old.unlink()
        self.step = 0

    def shot(self, name: str) -> None:
        self.step += 1
        self.page.screenshot(path=str(self.shots / f"{self.step:02d}-{name}.png"), full_page=True)

    def log_in(self) -> None:
        page = self.page
        page.goto(f"{self.base}/login/")
        choice = page.locator(f".language-switch button[value='{self.language}']")
        if choice.is_enabled():  # the language in use is shown pressed, not offered
            choice.click()
        expect(page.locator("html")).to_have_attribute("lang", self.language)
        page.wait_for_load_state()
        page.locator("#id_username").click()
        page.locator("#id_username").press_sequentially("zhang.wei")
        page.locator("#id_password").click()
        page.locator("#id_password").press_sequentially(PASSWORD)
        page.locator("main button[type=submit]").click()
        page.wait_for_url(f"{self.base}/")

    def save(self) -> None:
        self.page.locator("form.chapter-form button[type=submit].btn-primary").click()
        expect(self.page.locator(".messages .alert-success")).to_be_visible()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_swot_to_activity_to_calendar_to_todo_done(live_server, new_page, language):
    plan = build_organisation()
    page = new_page(locale=OTHER_LOCALE[language])
    walk = Walk(live_server.url, language, page)
    walk.log_in()

    # 1. SWOT: a strength and an opportunity.
    page.locator("table").get_by_role("link", name=REGION_NAME[language], exact=True).click()
    page.wait_for_url(re.compile(r"/plans/\d+/$"))
    page.locator("#chapter-swot .chapter-edit").click()
    page.locator("#id_S-0-text").fill("产品A在通信行业口碑好")
    page.locator("#id_O-0-text").fill("华信电子扩产，需要产品B配套")
    walk.shot("swot-typed")
    walk.save()
    swot = page.locator("#chapter-swot")
    expect(swot.locator(".swot-items .swot-item").filter(has_text="S1")).to_contain_text("口碑好")
    expect(swot.locator(".swot-items .swot-item").filter(has_text="O1")).to_contain_text(
        "华信电子扩产"
    )
    walk.shot("swot-saved")

    # 2. An SO action direction that cites S1 and O1.
    swot.locator(".chapter-edit").click()
    page.locator("a.add-direction").click()
    page.locator("input[name=pairing][value=SO]").check()
    page.locator("#id_text").fill("以产品A方案切入华信电子新产线")
    page.locator(".direction-form label", has_text="S1 ·").click()
    page.locator(".direction-form label", has_text="O1 ·").click()
    walk.shot("direction-typed")
    walk.save()
    cell = page.locator('#chapter-swot td[data-pairing="SO"]')
    expect(cell.locator(".direction-text")).to_have_text("以产品A方案切入华信电子新产线")
    expect(cell.locator(".swot-cite")).to_have_text(["S1", "O1"])
    walk.shot("direction-in-matrix")

    # 3. The direction becomes an activity of the action plan, linked both ways.
    cell.locator("a.make-activity").click()
    expect(page.locator("#id_work")).to_have_value("以产品A方案切入华信电子新产线")
    page.locator("#id_work").fill("华信电子新产线方案推介会")
    page.locator("#id_owner").fill("张伟")
    page.locator("#id_budget").fill("36,000")
    # Its months: March and April by the keyboard (Tab to the next, Space ticks), October too.
    page.locator("#id_months_2").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    page.locator("#id_months_9").check()
    expect(page.locator("input[name=months]:checked")).to_have_count(3)
    walk.shot("activity-typed")
    walk.save()
    activity = Activity.objects.get(plan=plan)
    direction = ActionDirection.objects.get(plan=plan)
    assert activity.direction == direction
    row = page.locator(f"#activity-{activity.pk}")
    expect(row).to_contain_text("华信电子新产线方案推介会")
    expect(row.locator(f'a[href="#direction-{direction.pk}"]')).to_have_text("SO")
    expect(cell.locator(f'a[href="#activity-{activity.pk}"]')).to_have_text(
        "华信电子新产线方案推介会"
    )
    assert activity.months == (3, 4, 10)
    expect(row.locator(".month-on")).to_have_count(3)
    expect(page.locator("#chapter-actions .gantt-bar")).to_have_count(2)  # spring, autumn
    walk.shot("activity-in-plan")

    # 4. The calendar of the activity's month shows it.
    calendar = "行事月历" if language == "zh-hans" else "Calendar"
    page.locator(".app-navbar").get_by_role("link", name=calendar, exact=True).click()
    page.wait_for_url(re.compile(r"/calendar/\d{4}/\d{1,2}/$"))
    page.goto(f"{live_server.url}/calendar/2027/3/")
    expect(page.locator(".month-activities")).to_contain_text("华信电子新产线方案推介会")
    walk.shot("calendar-with-activity")

    # 5. A to-do for 2 March, added on that day's list.
    page.locator('td[data-date="2027-03-02"] a.day-number').click()
    page.wait_for_url(re.compile(r"/todos/\?date=2027-03-02$"))
    page.locator("#id_category").select_option("visit")
    page.locator("#id_start").fill("09:00")
    page.locator("#id_end").fill("10:00")
    page.locator("#id_work").fill("拜访华信电子，确认推介会日期")
    page.locator("#id_related").fill("华信电子")
    page.locator(".add-todo button[type=submit]").click()
    todo_row = page.locator(".todo-table tr.todo-row")
    expect(todo_row).to_have_count(1)
    expect(todo_row.locator(".todo-work")).to_have_text("拜访华信电子，确认推介会日期")
    walk.shot("todo-added")

    # 6. Ticked off on the calendar, without a reload.
    page.goto(f"{live_server.url}/calendar/2027/3/")
    page.evaluate("window.__sameDocument = true")
    chip = page.locator('td[data-date="2027-03-02"] .cal-todo')
    expect(chip).to_contain_text("拜访华信电子")
    expect(chip.locator(".todo-tick")).to_have_attribute("aria-pressed", "false")
    chip.locator(".todo-tick").click()
    chip = page.locator('td[data-date="2027-03-02"] .cal-todo')
    expect(chip).to_have_class(re.compile(r"\bdone\b"))
    expect(chip.locator(".todo-tick")).to_have_attribute("aria-pressed", "true")
    assert page.evaluate("window.__sameDocument === true"), "the calendar was reloaded"
    walk.shot("calendar-todo-done")
    todo = TodoItem.objects.get()
    assert todo.done and todo.done_at is not None

    # 7. The day's list shows it done too.
    page.locator('td[data-date="2027-03-02"] a.day-number').click()
    expect(page.locator(".todo-table tr.todo-row.done")).to_have_count(1)
    walk.shot("todo-list-done")
    assert SwotItem.objects.filter(plan=plan).count() == 2
