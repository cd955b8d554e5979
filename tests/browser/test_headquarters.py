"""Headquarters in a real browser, in both languages: the headquarters issue's "Done when".

The reviewer opens the roll-up, finds the parent region East China summing Shanghai and Jiangsu,
drills into Shanghai and into one of its customers. Shanghai's plan was submitted; the reviewer
returns it with a reason; the manager changes the summary and a target cell (through the grid)
and submits again; the reviewer sees the "changed since the last submission" note, the changed
words and the changed cell on the comparison page, and approves. At mid-year the manager revises
the approved plan: version 2 starts as a draft copy, and both versions print. Full-page
screenshots land in artifacts/screenshots/headquarters/<language>/ for a human to look at.
"""

import io
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pypdf
import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from customers.models import Customer, Period, Product, Region, User
from planning.models import Plan, Target
from planning.numbers import grids, saving
from planning.review import services
from tests.base import complete_plan
from tests.browser.walk import Walk, person

pytestmark = pytest.mark.filterwarnings("ignore:No directory at:UserWarning")

SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots" / "headquarters"

# Written out by hand (not through gettext): a missing translation fails the test.
TEXT = {
    "zh-hans": {
        "reviewer_home": "各区域计划",
        "rollup_nav": "汇总",
        "rollup": "各区域汇总 · 2027",
        "east": "华东",
        "shanghai": "上海",
        "jiangsu": "江苏",
        "product": "产品A",
        "quantity_row": "朗通科技 · 产品A · 数量",
        "amount_row": "朗通科技 · 产品A · 金额",
        "sum_of_children": "(下属区域合计)",
        "open_plan": "打开计划",
        "return": "退回修改",
        "reason_label": "退回原因",
        "returned_message": "计划已退回区域经理。",
        "edit": "编辑",
        "save": "保存",
        "saved": "计划摘要已保存。",
        "numbers": "数据表格",
        "plan": "计划",
        "submit": "提交总部",
        "confirm": "确认提交",
        "submitted_message": "计划已提交总部。",
        "changed_since": "此计划曾被退回，现已重新提交。",
        "see_changes": "查看自上次提交以来的变更",
        "what_changed": "变更内容：{when} 提交的版本 → 第 1 版（当前）",
        "changed": "修改",
        "cells_changed": "2 个单元格有变更",
        "approve": "批准",
        "approved_message": "计划已批准。",
        "draft": "草稿",
        "returned": "退回修改",
        "submitted": "已提交",
        "approved": "已批准",
        "revise": "修订（新版本）",
        "revised_message": "已以第 1 版为副本开始第 2 版；旧版本仍可查阅。",
        "old_version": "这是较早的版本，仅供参考，只读。",
        "first_summary": "产品A以方案销售给两家一级客户。",
        "second_summary": "产品A以方案销售给三家一级客户。",
        "removed_words": "两",
        "added_words": "三",
        "reason": "朗通二月的数量偏低，请核实后再提交。",
    },
    "en": {
        "reviewer_home": "Plans of all regions",
        "rollup_nav": "Roll-up",
        "rollup": "Roll-up of all regions · 2027",
        "east": "East China",
        "shanghai": "Shanghai",
        "jiangsu": "Jiangsu",
        "product": "Product A",
        "quantity_row": "朗通科技 · Product A · Quantity",
        "amount_row": "朗通科技 · Product A · Amount",
        "sum_of_children": "(sum of its regions)",
        "open_plan": "Open the plan",
        "return": "Return for changes",
        "reason_label": "Reason for return",
        "returned_message": "The plan was returned to its manager.",
        "edit": "Edit",
        "save": "Save",
        "saved": "The summary was saved.",
        "numbers": "Numbers",
        "plan": "Plan",
        "submit": "Submit to headquarters",
        "confirm": "Yes, submit the plan",
        "submitted_message": "The plan was submitted to headquarters.",
        "changed_since": "This plan was returned and submitted again.",
        "see_changes": "See what changed since the last submission",
        "what_changed": "What changed: as submitted on {when} → version 1 as it is now",
        "changed": "changed",
        "cells_changed": "2 cells changed",
        "approve": "Approve",
        "approved_message": "The plan was approved.",
        "draft": "Draft",
        "returned": "Returned for changes",
        "submitted": "Submitted",
        "approved": "Approved",
        "revise": "Revise (new version)",
        "revised_message": "Version 2 was started as a copy of version 1; the old version stays "
        "readable.",
        "old_version": "This is an earlier version, kept for reference; it is read-only.",
        "first_summary": "Product A is sold as a solution to the two key accounts.",
        "second_summary": "Product A is sold as a solution to the three key accounts.",
        "removed_words": "two",
        "added_words": "three",
        "reason": "February at Langtong looks low; check it and submit again.",
    },
}


def build(language: str) -> dict:
    """East China (no plan of its own) over Shanghai and Jiangsu; Shanghai's plan submitted."""
    t = TEXT[language]
    east = Region.objects.create(code="HD", name="华东", name_en="East China")
    shanghai = Region.objects.create(code="SH", name="上海", name_en="Shanghai", parent=east)
    jiangsu = Region.objects.create(code="JS", name="江苏", name_en="Jiangsu", parent=east)
    period = Period.objects.create(
        year=2027, submission_due=date(2026, 12, 15), review_meeting=date(2027, 7, 9)
    )
    product = Product.objects.create(
        code="A", name="产品A", name_en="Product A", list_price=Decimal("100.00")
    )
    langtong = Customer.objects.create(region=shanghai, name="朗通科技")
    taiyue = Customer.objects.create(region=shanghai, name="泰岳电子")
    suning = Customer.objects.create(region=jiangsu, name="苏宁电器")

    manager = person("zhang.wei", "张伟", User.Role.MANAGER, language=language, region=shanghai)
    jiangsu_manager = person("li.na", "李娜", User.Role.MANAGER, language=language, region=jiangsu)
    person("zhao.min", "赵敏", User.Role.REVIEWER, language=language)

    def fill(plan, user, cells):
        grid = grids.TargetsByProduct(plan, product)
        changes = [grids.CellChange(c.pk, month, raw, 0) for c, month, raw in cells]
        assert saving.save_cells(grid, user=user, changes=changes).ok

    plan = Plan.objects.create(region=shanghai, period=period)
    fill(plan, manager, [(langtong, 1, "10"), (langtong, 2, "20"), (taiyue, 3, "5")])
    # What the pre-submit checks ask for besides the summary, including one more target:
    # 1 unit for the customer 上海客户, 100.00.
    complete_plan(plan)
    plan = services.plan_update_summary(
        plan=plan, user=manager, strategy_changes=t["first_summary"], revision=plan.revision
    )
    services.plan_submit(plan=plan, user=manager)
    jiangsu_plan = Plan.objects.create(region=jiangsu, period=period)
    fill(jiangsu_plan, jiangsu_manager, [(suning, 1, "12")])
    return {"plan": plan, "product": product, "langtong": langtong, "taiyue": taiyue}


def figures_row(table, label: str):
    return table.locator("tbody tr").filter(has=table.page.locator("th", has_text=label))


def target_of(row, *, with_state: bool):
    """The Target column: after the row head (and the state, on the roll-up)."""
    return row.locator("td").nth(1 if with_state else 0)


def pdf_text(page: Page, url: str) -> str:
    response = page.request.get(url)
    assert response.status == 200, response.text()[:500]
    assert response.headers["content-type"] == "application/pdf"
    body = response.body()
    assert body.startswith(b"%PDF")
    return "".join(p.extract_text() or "" for p in pypdf.PdfReader(io.BytesIO(body)).pages)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_rollup_review_compare_and_revision(live_server, new_page, language):
    data = build(language)
    plan, langtong = data["plan"], data["langtong"]
    base = live_server.url
    walk = Walk(base, language, new_page, text=TEXT[language], shots=SHOTS)
    t = walk.t

    # 1. The roll-up: East China sums Shanghai (3,600.00) and Jiangsu (1,200.00).
    reviewer = walk.log_in("zhao.min")
    expect(reviewer.locator("h1")).to_have_text(t["reviewer_home"])
    reviewer.locator("nav").get_by_role("link", name=t["rollup_nav"], exact=True).click()
    reviewer.wait_for_url(f"{base}/hq/2027/")
    expect(reviewer.locator("h1")).to_have_text(t["rollup"])
    table = reviewer.locator(".rollup-table")
    east = figures_row(table, t["east"])
    expect(east).to_have_class(re.compile(r"\bparent-row\b"))
    expect(east.locator("th")).to_contain_text(t["sum_of_children"])
    # No plan of its own: its name opens the group, its regions side by side.
    expect(east.locator("th a")).to_have_attribute("href", re.compile(r"^/hq/2027/\w+/$"))
    shanghai = figures_row(table, t["shanghai"])
    jiangsu = figures_row(table, t["jiangsu"])
    # The state and the version read (the baseline rule: the latest approved, else the latest).
    expect(shanghai.locator("td").first).to_have_text(f"{t['submitted']} · v1")
    expect(jiangsu.locator("td").first).to_have_text(f"{t['draft']} · v1")
    expect(target_of(shanghai, with_state=True)).to_have_text("3,600.00")
    expect(target_of(jiangsu, with_state=True)).to_have_text("1,200.00")
    expect(target_of(east, with_state=True)).to_have_text("4,800.00")
    expect(target_of(table.locator("tfoot tr"), with_state=True)).to_have_text("4,800.00")
    walk.shot(reviewer, "rollup")
    # Sorting by a heading (a button, so the keyboard works): Jiangsu and Shanghai swap under
    # East China on the second press, descending by target.
    by_target = table.locator("thead th").nth(2)
    by_target.get_by_role("button").click()
    expect(by_target).to_have_attribute("aria-sort", "ascending")
    by_target.get_by_role("button").press("Enter")
    expect(by_target).to_have_attribute("aria-sort", "descending")
    names = [t["east"], t["shanghai"], t["jiangsu"]]
    expect(table.locator("tbody tr th.row-head a")).to_have_text(names)

    # 2. Drill into Shanghai, then into one of its customers.
    shanghai.locator("th a", has_text=t["shanghai"]).click()
    reviewer.wait_for_url(f"{base}/hq/2027/SH/")
    expect(reviewer.locator("h1")).to_have_text(f"{t['shanghai']} · 2027")
    by_customer = reviewer.locator("table.report-table").first
    expect(target_of(figures_row(by_customer, "朗通科技"), with_state=False)).to_have_text(
        "3,000.00"
    )
    expect(target_of(figures_row(by_customer, "泰岳电子"), with_state=False)).to_have_text("500.00")
    walk.shot(reviewer, "rollup-shanghai")
    by_customer.get_by_role("link", name="朗通科技").click()
    reviewer.wait_for_url(f"{base}/hq/2027/SH/customers/{langtong.pk}/")
    expect(reviewer.locator("h1")).to_contain_text("朗通科技")
    products = reviewer.locator("table.report-table")
    expect(target_of(figures_row(products, t["product"]), with_state=False)).to_have_text(
        "3,000.00"
    )
    walk.shot(reviewer, "rollup-customer")

    # 3. From the region to its plan, returned with a reason.
    reviewer.locator(".breadcrumb").get_by_role("link", name=t["shanghai"]).click()
    reviewer.get_by_role("link", name=t["open_plan"]).click()
    reviewer.wait_for_url(f"{base}/plans/{plan.pk}/")
    walk.state(reviewer, t["submitted"])
    expect(reviewer.locator(".changed-since")).to_have_count(0)  # submitted once so far
    reviewer.locator(".plan-actions").get_by_role("link", name=t["return"]).click()
    reviewer.wait_for_url(f"{base}/plans/{plan.pk}/return/")
    reviewer.get_by_label(t["reason_label"]).fill(t["reason"])
    reviewer.get_by_role("button", name=t["return"]).click()
    walk.success(reviewer, t["returned_message"])
    walk.state(reviewer, t["returned"])

    # 4. The manager changes the summary and one target cell, and submits again.
    manager = walk.log_in("zhang.wei")
    manager.goto(f"{base}/plans/{plan.pk}/")
    expect(manager.locator(".return-reason .reason-text")).to_have_text(t["reason"])
    manager.locator("#chapter-summary").get_by_role("link", name=t["edit"], exact=True).click()
    manager.wait_for_url(f"{base}/plans/{plan.pk}/summary/edit/")
    manager.locator("#id_strategy_changes").fill(t["second_summary"])
    manager.get_by_role("button", name=t["save"], exact=True).click()
    walk.success(manager, t["saved"])
    walk.state(manager, t["draft"])
    manager.locator(".plan-actions").get_by_role("link", name=t["numbers"]).click()
    manager.wait_for_url(re.compile(rf"/plans/{plan.pk}/targets/product/\d+/$"))
    february = manager.locator(f"td#cell-{langtong.pk}-2 input.cell")
    expect(february).to_have_value("20")
    february.focus()
    manager.keyboard.type("25")
    manager.keyboard.press("Enter")
    expect(manager.locator(f"#rt-{langtong.pk}")).to_have_text("35")
    expect(manager.locator("tfoot .grand-total")).to_have_text("41")
    expect(manager.locator("[data-grid].grid-saving")).to_have_count(0)
    walk.shot(manager, "manager-changed-cell")
    manager.locator(".plan-actions").get_by_role("link", name=t["plan"], exact=True).click()
    manager.wait_for_url(f"{base}/plans/{plan.pk}/")
    manager.locator(".plan-actions").get_by_role("link", name=t["submit"]).click()
    manager.get_by_role("button", name=t["confirm"]).click()
    walk.success(manager, t["submitted_message"])
    walk.state(manager, t["submitted"])

    # 5. The reviewer is told what changed, sees the words and the cell, and approves.
    reviewer.goto(f"{base}/plans/{plan.pk}/")
    note = reviewer.locator(".changed-since")
    expect(note).to_contain_text(t["changed_since"])
    walk.shot(reviewer, "reviewer-changed-since-note")
    note.get_by_role("link", name=t["see_changes"]).click()
    reviewer.wait_for_url(f"{base}/plans/{plan.pk}/compare/?against=submitted")
    # The first submission's time, in the site's time zone as everywhere else (not UTC).
    first = plan.snapshots.order_by("taken_at", "pk").first()
    # Each language's short date and time: "2026-12-04 09:36" / "4 Dec 2026 09:36".
    taken = timezone.localtime(first.taken_at)
    when = (
        taken.strftime("%Y-%m-%d %H:%M")
        if language == "zh-hans"
        else f"{taken.day} {taken.strftime('%b %Y %H:%M')}"
    )
    expect(reviewer.locator("main h2").first).to_have_text(t["what_changed"].format(when=when))
    summary = reviewer.locator(".compare-text.changed")
    expect(summary).to_have_count(1)
    expect(summary.locator(".badge")).to_have_text(t["changed"])
    expect(summary.locator(".word-diff del")).to_have_text([t["removed_words"]])
    expect(summary.locator(".word-diff ins")).to_have_text([t["added_words"]])
    expect(summary.locator(".word-diff")).to_contain_text(t["first_summary"][:8])
    targets = reviewer.locator('.compare-grid[data-grid="targets"]')
    expect(targets.locator(".card-header")).to_contain_text(t["cells_changed"])
    changed = targets.locator("td.cell-changed")
    expect(changed).to_have_count(2)  # the quantity and its amount, both in February
    quantity = targets.locator("tbody tr", has_text=t["quantity_row"])
    expect(quantity.locator("td").nth(1)).to_have_class(re.compile(r"\bcell-changed\b"))
    expect(quantity.locator("td.cell-changed del")).to_have_text("20.00")
    expect(quantity.locator("td.cell-changed ins")).to_have_text("25.00")
    amount = targets.locator("tbody tr", has_text=t["amount_row"])
    expect(amount.locator("td.cell-changed del")).to_have_text("2,000.00")
    expect(amount.locator("td.cell-changed ins")).to_have_text("2,500.00")
    walk.shot(reviewer, "reviewer-compare")
    reviewer.goto(f"{base}/plans/{plan.pk}/")
    # Approving is a confirmation page (open comments, an optional note), then its button.
    reviewer.locator(".plan-actions").get_by_role("link", name=t["approve"]).click()
    reviewer.locator(".approve-confirm").get_by_role("button", name=t["approve"]).click()
    walk.success(reviewer, t["approved_message"])
    walk.state(reviewer, t["approved"])

    # 6. At mid-year the manager revises the approved plan: version 2, a draft copy.
    manager.goto(f"{base}/plans/{plan.pk}/")
    walk.state(manager, t["approved"])
    manager.locator(".revise-form").get_by_role("button", name=t["revise"]).click()
    manager.wait_for_url(re.compile(r"/plans/\d+/$"))
    version_2 = Plan.objects.get(region=plan.region, period=plan.period, version=2)
    assert manager.url == f"{base}/plans/{version_2.pk}/"
    walk.success(manager, t["revised_message"])
    expect(manager.locator(".plan-header h1")).to_contain_text("v2")
    walk.state(manager, t["draft"])
    expect(manager.locator("#chapter-summary .strategy-changes")).to_have_text(t["second_summary"])
    walk.shot(manager, "manager-version-2")
    manager.goto(f"{base}/plans/{plan.pk}/")
    expect(manager.locator(".old-version")).to_have_text(t["old_version"])
    expect(manager.locator(".revise-form")).to_have_count(0)
    walk.shot(manager, "manager-version-1-kept")
    copied = Target.objects.filter(plan=version_2).values_list("customer", "month", "quantity")
    assert sorted(copied) == sorted(
        Target.objects.filter(plan=plan).values_list("customer", "month", "quantity")
    )

    # 7. Both versions print.
    for version in (plan, version_2):
        text = pdf_text(manager, f"{base}/plans/{version.pk}/pdf/?lang=zh-hans")
        assert "上海" in text, text[:300]
