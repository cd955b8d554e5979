"""Undo in the browser, and the history of figures, in both languages: a pasted block undone
with Ctrl+Z and a fill undone with the button come back with history rows; the history page
shows the paste, and the history of the selected cell opens from the grid."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from planning.models import Target
from tests.browser.test_numbers_grid import Grid, build, paste
from tests.browser.walk import log_in

pytestmark = pytest.mark.filterwarnings("ignore:No directory at:UserWarning")

WORDS = {
    "zh-hans": {
        "undone": "已撤销：4 个单元格已恢复原值。",
        "typed": "在表格中输入",
        "fill": "快速填充工具",
        "undo": "撤销",
        "spread": "分摊",
        "confirm": "填充这些单元格",
        "jan": "一月",
    },
    "en": {
        "undone": "Undone: 4 cells are back as they were.",
        "typed": "typed in the grid",
        "fill": "a fill tool",
        "undo": "Undo",
        "spread": "Spread",
        "confirm": "Fill these cells",
        "jan": "Jan",
    },
}


def quantities(plan) -> dict:
    return {
        (t.customer_id, t.month): t.quantity for t in Target.objects.filter(plan=plan) if t.quantity
    }


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_undo_a_paste_and_a_fill_and_read_their_history(live_server, new_page, language):
    plan, product, (a, b, _c) = build(language)
    words = WORDS[language]
    base = live_server.url
    grid_url = f"{base}/plans/{plan.pk}/targets/product/{product.pk}/"
    page = log_in(new_page, base, language, "zhang.wei")
    page.goto(grid_url)
    grid = Grid(page)

    # A typed figure, then a block pasted over it and its neighbours.
    grid.cell(a, 1).focus()
    page.keyboard.type("5")
    page.keyboard.press("Tab")
    grid.expect_settled()
    paste(page, grid.cell(a, 1), "6\t7\n8\t9")
    grid.expect_settled()
    assert quantities(plan) == {(a, 1): 6, (a, 2): 7, (b, 1): 8, (b, 2): 9}

    # Ctrl+Z on a cell not being edited undoes the whole paste.
    grid.cell(b, 3).focus()
    page.keyboard.press("Control+z")
    expect(page.locator(".messages")).to_contain_text(words["undone"])
    assert quantities(plan) == {(a, 1): Decimal(5)}
    expect(grid.cell(a, 1)).to_have_value("5")

    # A fill, previewed and confirmed, then undone with the button.
    page.locator("#id_spread-customer").select_option(str(b))
    page.locator("#id_spread-annual").fill("12")
    page.get_by_role("button", name=words["spread"], exact=True).click()
    page.get_by_role("button", name=words["confirm"]).click()
    page.wait_for_url(grid_url)
    assert sum(q for (row, _m), q in quantities(plan).items() if row == b) == 12
    page.locator("form.grid-undo button").click()
    page.wait_for_url(grid_url)
    assert quantities(plan) == {(a, 1): Decimal(5)}

    # The history of the selected cell: the typed 5, the paste and its undo, by month.
    grid.cell(a, 1).focus()
    page.locator("a.grid-cell-history").click()
    page.wait_for_url(re.compile(r"/history/\?.*month=1"))
    rows = page.locator(".history-table tbody tr")
    expect(rows).to_have_count(3)  # typed, pasted, undone
    expect(rows.nth(2)).to_contain_text(words["typed"])
    expect(page.locator(".history-table")).to_contain_text(f"· {words['jan']}")
    # The whole page, unfiltered, shows the fill too.
    page.goto(f"{base}/plans/{plan.pk}/history/")
    expect(page.locator(".history-table")).to_contain_text(words["fill"])
