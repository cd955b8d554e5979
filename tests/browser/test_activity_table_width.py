"""The action plan's table (区域市场活动协调计划表) with a column per month fits the plan's column
on a 1,366 px laptop in both languages: no sideways scrolling, no head broken a letter a line."""

from decimal import Decimal

import pytest

from customers.models import User
from planning.models import Activity
from tests.browser.test_manager_tools import PASSWORD, build_organisation

pytestmark = pytest.mark.filterwarnings("ignore:No directory at:UserWarning")
# How many lines an element's text takes: its text's boxes at distinct heights.
LINES = """element => {
    const range = document.createRange();
    range.selectNodeContents(element);
    return new Set([...range.getClientRects()].map(rect => Math.round(rect.top))).size;
}"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_activity_table_fits_a_laptop(live_server, browser, language):
    plan = build_organisation()
    Activity.objects.create(
        plan=plan,
        work="行业标准升级巡回研讨会",
        owner="王磊",
        support="总部提供讲师和资料",
        expected_result="发展2家新代理，获得10条线索",
        budget=Decimal("48000.00"),
        months=(4, 5, 9, 10),
    )
    User.objects.filter(username="zhang.wei").update(language=language)
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.goto(f"{live_server.url}/login/")
    page.locator("#id_username").fill("zhang.wei")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/plans/{plan.pk}/")

    box = page.locator("#chapter-actions .table-responsive").first
    scroll_width, client_width = box.evaluate("box => [box.scrollWidth, box.clientWidth]")
    owner_head = page.locator("#chapter-actions .activities-table thead th").nth(1)
    head_lines = owner_head.evaluate(LINES)
    context.close()

    assert scroll_width <= client_width, (scroll_width, client_width)
    assert head_lines == 1, head_lines  # "Owner" / 负责人 on one line, never a letter a line
