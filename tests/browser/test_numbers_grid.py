"""The targets grid in a real browser, in both interface languages: the numbers issue's "Done when".

A regional manager fills the targets of their draft plan with the keyboard only (type, Tab,
Enter goes down, the arrow keys move), pastes a block copied from Excel, types a bad value and
sees it refused with its message while the totals stay right, and finds the row and grand totals
equal to the sum of what was typed. The grid is exported to .xlsx, the workbook is edited with
openpyxl and imported again: the preview counts the cells added, changed and unchanged, "Apply"
saves them and the grid shows the new values. The headquarters reviewer sees the same grid
without a single input. Full-page screenshots land in artifacts/screenshots/numbers_grid/<lang>/.
"""

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from customers.models import Customer, Period, Product, Region, User
from planning.models import Plan, Target
from tests.browser.walk import log_in, person

pytestmark = pytest.mark.filterwarnings("ignore:No directory at:UserWarning")

SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots" / "numbers_grid"
CUSTOMERS = ("朗通科技", "泰岳电子", "万星通信")  # shown in this order (by name)
PRICE = Decimal("100.00")

# Written out by hand (not through gettext): a missing translation fails the test.
TEXT = {
    "zh-hans": {
        "hint": "输入数字后按 Enter 或 Tab 键即自动保存。",
        # Saves queued while one is on its way go together: the count depends on the timing.
        "saved": re.compile(r"^\s*已保存 \d+ 个单元格。\s*$"),
        "saved_6": "已保存 6 个单元格。",
        "invalid": "请输入数字，例如 1,234.50。",
        "refused": "1 个单元格被拒绝：未保存任何内容。请改正标出的单元格。",
        "export": "导出 .xlsx",
        "import": "导入",
        "check": "检查文件",
        "preview": "检查导入",
        "apply": "应用",
        "imported": "已导入：新增 2 个单元格，修改 1 个。",
        "jan": "一月",
        "pasted_line": "6 个单元格 · 在表格中输入",
        "import_line": "3 个单元格 · 导入",
    },
    "en": {
        "hint": "Type a figure and press Enter or Tab: it saves by itself.",
        "saved": re.compile(r"^\s*Saved \d+ cells?\.\s*$"),
        "saved_6": "Saved 6 cells.",
        "invalid": "Type a number, such as 1,234.50.",
        "refused": "1 cell was refused: nothing was saved. Correct the marked cell.",
        "export": "Export .xlsx",
        "import": "Import",
        "check": "Check the file",
        "preview": "Check the import",
        "apply": "Apply",
        "imported": "Imported: 2 cells added, 1 changed.",
        "jan": "Jan",
        "pasted_line": "6 cells · typed in the grid",
        "import_line": "3 cells · an import",
    },
}


def build(language: str):
    shanghai = Region.objects.create(code="SH", name="上海", name_en="Shanghai")
    period = Period.objects.create(year=2027, submission_due=date(2026, 12, 15))
    product = Product.objects.create(code="A", name="产品A", name_en="Product A", list_price=PRICE)
    customers = [Customer.objects.create(region=shanghai, name=name) for name in CUSTOMERS]
    customers.sort(key=lambda customer: customer.name)  # the grid's order, as the database sorts
    person("zhang.wei", "张伟", User.Role.MANAGER, language=language, region=shanghai)
    person("zhao.min", "赵敏", User.Role.REVIEWER, language=language)
    plan = Plan.objects.create(region=shanghai, period=period)
    return plan, product, [c.pk for c in customers]


class Grid:
    """The targets grid on a page: cells by (customer, month), totals, the status line."""

    def __init__(self, page: Page):
        self.page = page

    def td(self, row: int, month: int):
        return self.page.locator(f"td#cell-{row}-{month}")

    def cell(self, row: int, month: int):
        return self.td(row, month).locator("input.cell")

    def row_total(self, row: int):
        return self.page.locator(f"#rt-{row}")

    @property
    def grand_total(self):
        return self.page.locator("tfoot .grand-total")

    @property
    def status(self):
        return self.page.locator("#grid-status")

    def month_total(self, month: int):
        # The footer's cells: the row head, then one per month.
        return self.page.locator("tfoot #grid-footer td").nth(month - 1)

    def expect_focus(self, row: int, month: int) -> None:
        expect(self.cell(row, month)).to_be_focused()

    def expect_settled(self) -> None:
        """Every queued save has come back."""
        expect(self.page.locator("[data-grid].grid-saving")).to_have_count(0)
        expect(self.page.locator("td.cell-pending:not(.cell-error)")).to_have_count(0)

    def expect_totals(self, rows: dict[int, int]) -> None:
        for row, total in rows.items():
            expect(self.row_total(row)).to_have_text(f"{total:,}")
        expect(self.grand_total).to_have_text(f"{sum(rows.values()):,}")


def paste(page: Page, locator, text: str) -> None:
    """What Excel puts on the clipboard, pasted into the focused cell."""
    locator.focus()
    locator.evaluate(
        """(input, text) => {
            const data = new DataTransfer();
            data.setData("text/plain", text);
            input.dispatchEvent(new ClipboardEvent("paste", {
                clipboardData: data, bubbles: true, cancelable: true}));
        }""",
        text,
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_targets_grid_keyboard_paste_export_import(live_server, new_page, language, tmp_path):
    plan, product, (a, b, c) = build(language)
    t = TEXT[language]
    shots = SHOTS / language
    shots.mkdir(parents=True, exist_ok=True)
    for old in shots.glob("*.png"):
        old.unlink()
    step = 0

    def shot(page: Page, name: str) -> None:
        nonlocal step
        step += 1
        page.screenshot(path=str(shots / f"{step:02d}-{name}.png"), full_page=True)

    base = live_server.url
    grid_url = f"{base}/plans/{plan.pk}/targets/product/{product.pk}/"
    manager = log_in(new_page, base, language, "zhang.wei")
    manager.goto(grid_url)
    grid = Grid(manager)
    expect(grid.status).to_contain_text(t["hint"])
    expect(manager.locator("input.cell")).to_have_count(3 * 12)
    shot(manager, "empty-grid")

    # 1. Keyboard only: type, Tab to the next month, Enter goes down, arrows move.
    grid.cell(a, 1).focus()
    keyboard = manager.keyboard
    keyboard.type("10")
    keyboard.press("Tab")
    grid.expect_focus(a, 2)
    keyboard.type("20")
    # January's save comes back while February is still being typed: February must still save.
    grid.expect_settled()
    expect(grid.row_total(a)).to_have_text("10")
    keyboard.press("Enter")
    grid.expect_focus(b, 2)
    keyboard.type("30")
    keyboard.press("ArrowRight")
    grid.expect_focus(b, 3)
    keyboard.type("40")
    keyboard.press("ArrowDown")
    grid.expect_focus(c, 3)
    keyboard.type("5")
    keyboard.press("Tab")
    grid.expect_focus(c, 4)
    grid.expect_settled()
    expect(grid.status).to_have_text(t["saved"])
    for row, month, text in ((a, 1, "10"), (a, 2, "20"), (b, 2, "30"), (b, 3, "40"), (c, 3, "5")):
        expect(grid.cell(row, month)).to_have_value(text)
    grid.expect_totals({a: 30, b: 70, c: 5})
    expect(grid.month_total(2)).to_have_text("50")
    expect(grid.month_total(3)).to_have_text("45")
    expect(manager.locator(f"#rx-{a}-1")).to_have_text("3,000.00")  # amount: 30 × 100.00
    shot(manager, "typed-with-keyboard")

    # 2. A block copied from Excel, pasted into one focused cell, fills two rows × three months.
    paste(manager, grid.cell(a, 5), "1\t2\t3\n4\t5\t6")
    grid.expect_settled()
    expect(grid.status).to_have_text(t["saved_6"])
    for row, values in ((a, ("1", "2", "3")), (b, ("4", "5", "6"))):
        for month, text in zip((5, 6, 7), values, strict=True):
            expect(grid.cell(row, month)).to_have_value(text)
            expect(grid.td(row, month)).to_have_class(re.compile(r"\bcell-saved\b"))
    grid.expect_totals({a: 36, b: 85, c: 5})
    expect(grid.month_total(5)).to_have_text("5")
    # The cell pasted into was swapped for the saved one and kept the focus: the keyboard goes on.
    grid.expect_focus(a, 5)
    keyboard.press("ArrowDown")
    grid.expect_focus(b, 5)
    shot(manager, "pasted-block")

    # 3. A bad value is refused with its message; nothing else moves.
    grid.cell(c, 1).focus()
    keyboard.type("abc")
    keyboard.press("Tab")
    refused = grid.td(c, 1)
    expect(refused).to_have_class(re.compile(r"\bcell-error\b"))
    expect(refused.locator("input.cell")).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(refused.locator("input.cell")).to_have_value("abc")
    expect(refused.locator(".cell-msg")).to_have_text(t["invalid"])
    expect(grid.status).to_contain_text(t["refused"])
    where = f"{Customer.objects.get(pk=c).name} · {t['jan']}"
    expect(grid.status.locator(".grid-refused li")).to_have_text(f"{where}: {t['invalid']}")
    grid.expect_totals({a: 36, b: 85, c: 5})
    expect(grid.month_total(1)).to_have_text("10")
    shot(manager, "bad-value-refused")

    # ... and corrected, the message goes and the totals take the figure in.
    grid.cell(c, 1).focus()
    keyboard.type("7")
    keyboard.press("Enter")  # on the last row: saves and stays
    expect(grid.td(c, 1).locator(".cell-msg")).to_have_count(0)
    expect(grid.td(c, 1)).not_to_have_class(re.compile(r"\bcell-error\b"))
    grid.expect_settled()
    grid.expect_focus(c, 1)
    expect(grid.status).to_have_text(t["saved"])
    typed = {a: 10 + 20 + 1 + 2 + 3, b: 30 + 40 + 4 + 5 + 6, c: 5 + 7}
    grid.expect_totals(typed)
    shot(manager, "corrected")

    stored = {
        (row, month): q
        for row, month, q in Target.objects.filter(plan=plan).values_list(
            "customer_id", "month", "quantity"
        )
    }
    assert {row: sum(q for (r, _m), q in stored.items() if r == row) for row in typed} == typed
    assert sum(stored.values()) == sum(typed.values()) == 133

    # 4. Export the grid, change it in the workbook, import it back.
    with manager.expect_download() as download_info:
        manager.get_by_role("link", name=t["export"]).click()
    download = download_info.value
    assert download.url.endswith(f"/plans/{plan.pk}/export/?sheet=targets&format=xlsx")
    assert download.suggested_filename == "SH-2027-targets.xlsx"
    exported = tmp_path / download.suggested_filename
    download.save_as(exported)
    workbook = openpyxl.load_workbook(exported)
    sheet = workbook["targets"]
    header = [cell.value for cell in sheet[1]]
    # Headings in the reader's language only (an import accepts either, or both).
    expected = {
        "zh-hans": ["客户", "产品代码", "一月"],
        "en": ["Customer", "Product code", "Jan"],
    }[language]
    assert header[:3] == expected
    rows = {sheet.cell(r, 1).value: r for r in range(2, sheet.max_row + 1)}
    assert set(rows) == set(CUSTOMERS)
    name = {pk: customer for pk, customer in Customer.objects.values_list("pk", "name")}
    assert sheet.cell(rows[name[a]], 3).value == 10  # January
    sheet.cell(rows[name[a]], 3).value = 15  # changed
    sheet.cell(rows[name[c]], 3 + 11).value = 50  # December: added
    sheet.cell(rows[name[b]], 3 + 10).value = 8  # November: added
    edited = tmp_path / "SH-2027-targets-edited.xlsx"
    workbook.save(edited)

    manager.get_by_role("link", name=t["import"], exact=True).click()
    manager.wait_for_url(re.compile(rf"/plans/{plan.pk}/import/\?sheet=targets$"))
    expect(manager.locator("#id_sheet")).to_have_value("targets")
    manager.locator("#id_file").set_input_files(str(edited))
    shot(manager, "import-form")
    manager.get_by_role("button", name=t["check"]).click()
    expect(manager.locator("main h2")).to_have_text(t["preview"])
    expect(manager.locator("#count-added")).to_have_text("2")
    expect(manager.locator("#count-changed")).to_have_text("1")
    # The export's blank cells leave their figures alone: the stored cells but the changed one.
    stored_cells = Target.objects.filter(plan=plan).count()
    expect(manager.locator("#count-unchanged")).to_have_text(str(stored_cells - 1))
    expect(manager.locator(".import-changes tbody tr")).to_have_count(3)
    shot(manager, "import-preview")
    manager.get_by_role("button", name=t["apply"], exact=True).click()
    manager.wait_for_url(grid_url)
    expect(manager.locator(".messages .alert-success")).to_contain_text(t["imported"])
    expect(grid.cell(a, 1)).to_have_value("15")
    expect(grid.cell(b, 11)).to_have_value("8")
    expect(grid.cell(c, 12)).to_have_value("50")
    grid.expect_totals({a: typed[a] + 5, b: typed[b] + 8, c: typed[c] + 50})
    shot(manager, "after-import")

    # ... and the history page shows the pasted block and the import, each one line.
    manager.goto(f"{base}/plans/{plan.pk}/history/?what=targets")
    history = manager.locator(".history-table")
    expect(history).to_contain_text(t["pasted_line"])
    expect(history).to_contain_text(t["import_line"])
    shot(manager, "history-of-figures")

    # 5. The headquarters reviewer reads the same grid: figures, no inputs, no import.
    reviewer = log_in(new_page, base, language, "zhao.min")
    reviewer.goto(grid_url)
    view = Grid(reviewer)
    expect(reviewer.locator("input.cell")).to_have_count(0)
    expect(reviewer.locator("[data-grid][data-editable]")).to_have_count(0)
    expect(view.td(a, 1)).to_have_text("15")
    expect(view.td(c, 12)).to_have_text("50")
    expect(view.grand_total).to_have_text(f"{sum(typed.values()) + 63:,}")
    expect(view.status).to_have_text("")
    expect(reviewer.get_by_role("link", name=t["import"], exact=True)).to_have_count(0)
    shot(reviewer, "reviewer-read-only")
