"""The foundation's review flow, driven through a real browser in both interface languages.

A regional manager fills in the summary and submits; a headquarters reviewer comments and
returns the plan; the manager answers, edits and resubmits; the reviewer approves; the approved
plan is read-only and its history names every step. Each person uses their own browser context
and picks the interface language on the login page. Full-page screenshots of every step land in
artifacts/screenshots/flow/<language>/ for a human to look at.
"""

import re
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from customers.models import Period, Region, RegionMembership, User
from planning.models import Plan
from tests.base import complete_plan
from tests.browser.walk import PASSWORD, Walk

pytestmark = pytest.mark.filterwarnings("ignore:No directory at:UserWarning")

SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots" / "flow"
MANAGER_NAME = "张伟"
REVIEWER_NAME = "赵敏"

# What the person sees, written out by hand (not through gettext) so that a missing
# translation fails the test instead of passing in English.
TEXT = {
    "zh-hans": {
        "welcome": f"您好，{MANAGER_NAME}",
        "reviewer_home": "各区域计划",
        "region": "上海",
        "submit": "提交总部",
        "cannot_submit": "计划暂不能提交，请先完成以下各项：",
        "summary_empty": "计划摘要中的“重大营销策略调整”尚未填写。",
        "save": "保存",
        "saved": "计划摘要已保存。",
        "confirm": "确认提交",
        "submitted_message": "计划已提交总部。",
        "draft": "草稿",
        "submitted": "已提交",
        "returned": "退回修改",
        "approved": "已批准",
        "add_comment": "添加意见",
        "return": "退回修改",
        "reason_label": "退回原因",
        "returned_message": "计划已退回区域经理。",
        "returned_by_hq": f"总部退回（{REVIEWER_NAME}，",
        "plan_returned_home": "已被总部退回",
        "open_comments": "总部的未解决意见",
        "reply": "回复",
        "edit": "编辑",
        "approve": "批准",
        "approved_message": "计划已批准。",
        "read_only_note": "此计划状态为“已批准”：在总部退回之前为只读。",
        "refused": "此计划状态为“已批准”，只读；未做任何修改。",
        "not_allowed": "无权操作",
        "history": "变更记录",
        "state_field": "状态",
        "summary_field": "重大营销策略调整",
        "first_summary": "聚焦朗通、泰岳两家一级客户，产品A以方案销售为主。",
        "second_summary": "聚焦朗通、泰岳两家一级客户；万星帐期收紧至60天。",
        "comment": "请说明万星的回款风险和应对措施。",
        "return_reason": "回款风险未说明，请补充后再提交。",
        "reply_text": "已补充：万星帐期收紧至60天。",
    },
    "en": {
        "welcome": f"Welcome, {MANAGER_NAME}",
        "reviewer_home": "Plans of all regions",
        "region": "Shanghai",
        "submit": "Submit to headquarters",
        "cannot_submit": "The plan cannot be submitted yet. Fix these first:",
        "summary_empty": "The summary's major marketing-strategy changes are empty.",
        "save": "Save",
        "saved": "The summary was saved.",
        "confirm": "Yes, submit the plan",
        "submitted_message": "The plan was submitted to headquarters.",
        "draft": "Draft",
        "submitted": "Submitted",
        "returned": "Returned for changes",
        "approved": "Approved",
        "add_comment": "Add comment",
        "return": "Return for changes",
        "reason_label": "Reason for return",
        "returned_message": "The plan was returned to its manager.",
        "returned_by_hq": f"Returned by headquarters ({REVIEWER_NAME}, ",
        "plan_returned_home": "was returned by headquarters.",
        "open_comments": "Open comments from headquarters",
        "reply": "Reply",
        "edit": "Edit",
        "approve": "Approve",
        "approved_message": "The plan was approved.",
        "read_only_note": "This plan is approved: it is read-only until headquarters returns it.",
        "refused": "This plan is Approved and read-only; nothing was changed.",
        "not_allowed": "Not allowed",
        "history": "History",
        "state_field": "state",
        "summary_field": "major marketing-strategy changes",
        "first_summary": "Focus on the two key accounts; product A sold as a solution.",
        "second_summary": "Focus on the two key accounts; Wanxing's terms cut to 60 days.",
        "comment": "Please explain the collection risk at Wanxing and what you will do.",
        "return_reason": "The collection risk is not explained; add it and submit again.",
        "reply_text": "Added: Wanxing's payment terms are cut to 60 days.",
    },
}
# Each person's browser starts in the other language, so the login page's switch really switches.
OTHER_LOCALE = {"zh-hans": "en-US", "en": "zh-CN"}


def build_organisation() -> Plan:
    east = Region.objects.create(code="HD", name="华东", name_en="East China")
    shanghai = Region.objects.create(code="SH", name="上海", name_en="Shanghai", parent=east)
    Region.objects.create(code="JS", name="江苏", name_en="Jiangsu", parent=east)
    period = Period.objects.create(
        year=2027, submission_due=date(2026, 12, 15), review_meeting=date(2027, 7, 9)
    )
    manager = User.objects.create_user(
        username="zhang.wei", password=PASSWORD, role=User.Role.MANAGER, full_name=MANAGER_NAME
    )
    RegionMembership.objects.create(user=manager, region=shanghai)
    User.objects.create_user(
        username="zhao.min", password=PASSWORD, role=User.Role.REVIEWER, full_name=REVIEWER_NAME
    )
    plan = Plan.objects.create(region=shanghai, period=period)
    # Everything the pre-submit checks ask for, except the summary the manager writes here.
    complete_plan(plan)
    return plan


class Flow(Walk):
    """One run of the scenario: the server, the language and the numbered screenshots; a person
    picks the language on the login page."""

    def log_in(self, username: str, *, expect_heading: str) -> Page:
        page = self.new_page(locale=OTHER_LOCALE[self.language])
        page.goto(f"{self.base}/login/")
        expect(page.locator("html")).not_to_have_attribute("lang", self.language)
        choice = page.locator(f".language-switch button[value='{self.language}']")
        if choice.is_enabled():  # the language in use is shown pressed, not offered
            choice.click()
        expect(page.locator("html")).to_have_attribute("lang", self.language)
        page.wait_for_load_state()
        type_into(page.locator("#id_username"), username)
        type_into(page.locator("#id_password"), PASSWORD)
        page.locator("main button[type=submit]").click()
        page.wait_for_url(f"{self.base}/")
        expect(page.locator("h1")).to_have_text(expect_heading)
        return page

    def open_plan(self, page: Page) -> None:
        page.locator("table").get_by_role("link", name=self.t["region"], exact=True).click()
        page.wait_for_url(re.compile(r"/plans/\d+/$"))
        # A year, not a quantity: no thousands separator ("2,027") in either language.
        expect(page.locator(".plan-header h1")).to_contain_text(f"{self.t['region']} · 2027")

    def submit(self, page: Page) -> None:
        t = self.t
        page.locator(".plan-actions").get_by_role("link", name=t["submit"]).click()
        page.get_by_role("button", name=t["confirm"]).click()
        expect(page.locator(".messages .alert-success")).to_contain_text(t["submitted_message"])
        self.state(page, t["submitted"])

    def edit_summary(self, page: Page, text: str) -> None:
        """On the summary editor: replace the text, watching the live counter, and save."""
        field = page.locator("#id_strategy_changes")
        counter = page.locator(".char-counter")
        field.click()
        field.press("Control+a")
        field.press("Delete")
        expect(counter).to_have_text("0 / 500")
        half = len(text) // 2
        field.press_sequentially(text[:half])
        expect(counter).to_have_text(f"{half} / 500")
        field.press_sequentially(text[half:])
        expect(counter).to_have_text(f"{len(text)} / 500")


def type_into(locator, text: str) -> None:
    locator.click()
    locator.press_sequentially(text)


def mark_page(page: Page) -> None:
    """Tag the loaded document; the tag survives an htmx swap but not a page load."""
    page.evaluate("window.__sameDocument = true")


def expect_same_document(page: Page) -> None:
    assert page.evaluate("window.__sameDocument === true"), "the page was reloaded"


def history_rows(page: Page, who: str, field: str, new: str):
    change = page.locator(".history-change").filter(has_text=field)
    change = change.filter(has=page.locator("ins", has_text=new))
    rows = page.locator(".history-table tbody tr")
    return rows.filter(has=page.locator("td:nth-child(2)", has_text=who)).filter(has=change)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_review_flow(live_server, new_page, language):
    plan = build_organisation()
    flow = Flow(live_server.url, language, new_page, text=TEXT[language], shots=SHOTS)
    t = flow.t

    # 1. The manager tries to submit an empty plan, follows the failed check, writes, submits.
    manager = flow.log_in("zhang.wei", expect_heading=t["welcome"])
    flow.shot(manager, "manager-home")
    flow.open_plan(manager)
    flow.state(manager, t["draft"])
    flow.shot(manager, "manager-plan-draft")
    manager.locator(".plan-actions").get_by_role("link", name=t["submit"]).click()
    expect(manager.locator(".submit-confirm .alert-danger")).to_contain_text(t["cannot_submit"])
    failed_check = manager.locator(".check-failures a", has_text=t["summary_empty"])
    expect(failed_check).to_be_visible()
    expect(manager.get_by_role("button", name=t["confirm"])).to_have_count(0)
    flow.shot(manager, "manager-submit-check-failed")
    failed_check.click()
    manager.wait_for_url(f"{live_server.url}/plans/{plan.pk}/summary/edit/")
    flow.edit_summary(manager, t["first_summary"])
    flow.shot(manager, "manager-summary-typed")
    manager.get_by_role("button", name=t["save"], exact=True).click()
    expect(manager.locator(".messages .alert-success")).to_contain_text(t["saved"])
    expect(manager.locator("#chapter-summary .strategy-changes")).to_have_text(t["first_summary"])
    flow.shot(manager, "manager-summary-saved")
    manager.locator(".plan-actions").get_by_role("link", name=t["submit"]).click()
    expect(manager.get_by_role("button", name=t["confirm"])).to_be_visible()
    flow.shot(manager, "manager-submit-confirm")
    manager.get_by_role("button", name=t["confirm"]).click()
    expect(manager.locator(".messages .alert-success")).to_contain_text(t["submitted_message"])
    flow.state(manager, t["submitted"])
    flow.shot(manager, "manager-submitted")

    # 2. The reviewer comments on the summary (htmx, no reload) and returns the plan.
    reviewer = flow.log_in("zhao.min", expect_heading=t["reviewer_home"])
    expect(reviewer.locator(".region-states .state-badge")).to_have_text(t["submitted"])
    flow.shot(reviewer, "reviewer-home")
    flow.open_plan(reviewer)
    flow.state(reviewer, t["submitted"])
    mark_page(reviewer)
    comments = reviewer.locator("#comments-summary")
    type_into(comments.locator("textarea[name=body]"), t["comment"])
    comments.get_by_role("button", name=t["add_comment"]).click()
    thread = reviewer.locator("#comments-summary .comment-thread")
    expect(thread).to_have_count(1)
    expect(thread.locator(".comment-body")).to_have_text(t["comment"])
    expect(thread).to_contain_text(REVIEWER_NAME)
    expect(reviewer.locator("#comments-summary textarea[name=body]")).to_have_value("")
    expect_same_document(reviewer)
    flow.shot(reviewer, "reviewer-commented")
    reviewer.locator(".plan-actions").get_by_role("link", name=t["return"]).click()
    type_into(reviewer.get_by_label(t["reason_label"]), t["return_reason"])
    flow.shot(reviewer, "reviewer-return-form")
    reviewer.get_by_role("button", name=t["return"]).click()
    expect(reviewer.locator(".messages .alert-success")).to_contain_text(t["returned_message"])
    flow.state(reviewer, t["returned"])
    expect(reviewer.locator(".plan-header ~ .return-reason")).to_contain_text(t["return_reason"])
    flow.shot(reviewer, "reviewer-returned")

    # 3. The manager sees the reason and the open comment, replies, edits and resubmits.
    manager = flow.log_in("zhang.wei", expect_heading=t["welcome"])
    returned = manager.locator(".return-reason")
    expect(returned).to_contain_text(t["plan_returned_home"])
    expect(returned.locator(".reason-text")).to_have_text(t["return_reason"])
    open_comments = manager.locator(".card", has_text=t["open_comments"]).locator(".open-comments")
    expect(open_comments.locator(".comment-body")).to_have_text(t["comment"])
    expect(open_comments).to_contain_text(REVIEWER_NAME)
    flow.shot(manager, "manager-home-returned")
    flow.open_plan(manager)
    flow.state(manager, t["returned"])
    expect(manager.locator(".return-reason")).to_contain_text(t["returned_by_hq"])
    mark_page(manager)
    thread = manager.locator("#comments-summary .comment-thread")
    type_into(thread.locator(".reply-form input[name=body]"), t["reply_text"])
    thread.locator(".reply-form").get_by_role("button", name=t["reply"]).click()
    reply = manager.locator("#comments-summary .comment-reply")
    expect(reply.locator(".comment-body")).to_have_text(t["reply_text"])
    expect(reply).to_contain_text(MANAGER_NAME)
    expect_same_document(manager)
    flow.shot(manager, "manager-replied")
    manager.locator("#chapter-summary").get_by_role("link", name=t["edit"], exact=True).click()
    manager.wait_for_url(f"{live_server.url}/plans/{plan.pk}/summary/edit/")
    expect(manager.locator("#id_strategy_changes")).to_have_value(t["first_summary"])
    flow.edit_summary(manager, t["second_summary"])
    manager.get_by_role("button", name=t["save"], exact=True).click()
    expect(manager.locator(".messages .alert-success")).to_contain_text(t["saved"])
    flow.state(manager, t["draft"])
    flow.submit(manager)
    flow.shot(manager, "manager-resubmitted")

    # 4. The reviewer approves; the manager finds the plan read-only and its history complete.
    reviewer = flow.log_in("zhao.min", expect_heading=t["reviewer_home"])
    flow.open_plan(reviewer)
    expect(reviewer.locator("#chapter-summary .strategy-changes")).to_have_text(t["second_summary"])
    # Approving is a confirmation page (open comments, an optional note), then its button.
    reviewer.locator(".plan-actions").get_by_role("link", name=t["approve"]).click()
    reviewer.locator(".approve-confirm").get_by_role("button", name=t["approve"]).click()
    expect(reviewer.locator(".messages .alert-success")).to_contain_text(t["approved_message"])
    flow.state(reviewer, t["approved"])
    expect(reviewer.locator(".return-reason")).to_have_count(0)
    flow.shot(reviewer, "reviewer-approved")

    manager = flow.log_in("zhang.wei", expect_heading=t["welcome"])
    expect(manager.locator(".return-reason")).to_have_count(0)
    flow.open_plan(manager)
    flow.state(manager, t["approved"])
    expect(manager.locator(".read-only-note")).to_have_text(t["read_only_note"])
    expect(manager.get_by_role("link", name=t["edit"], exact=True)).to_have_count(0)
    expect(manager.get_by_role("link", name=t["submit"])).to_have_count(0)
    expect(manager.get_by_role("button", name=t["submit"])).to_have_count(0)
    flow.shot(manager, "manager-approved-read-only")
    response = manager.goto(f"{live_server.url}/plans/{plan.pk}/summary/edit/")
    assert response is not None and response.status == 403
    expect(manager.locator("main h1")).to_have_text(t["not_allowed"])
    expect(manager.locator("main")).to_contain_text(t["refused"])
    expect(manager.locator("#id_strategy_changes")).to_have_count(0)
    flow.shot(manager, "manager-edit-refused")

    manager.goto(f"{live_server.url}/plans/{plan.pk}/")
    manager.locator(".plan-actions").get_by_role("link", name=t["history"]).click()
    manager.wait_for_url(f"{live_server.url}/plans/{plan.pk}/history/")
    state, summary = t["state_field"], t["summary_field"]
    expect(history_rows(manager, MANAGER_NAME, state, t["submitted"])).to_have_count(2)
    expect(history_rows(manager, REVIEWER_NAME, state, t["returned"])).to_have_count(1)
    expect(history_rows(manager, MANAGER_NAME, state, t["draft"])).to_have_count(1)
    expect(history_rows(manager, REVIEWER_NAME, state, t["approved"])).to_have_count(1)
    expect(history_rows(manager, MANAGER_NAME, summary, t["first_summary"])).to_have_count(1)
    expect(history_rows(manager, MANAGER_NAME, summary, t["second_summary"])).to_have_count(1)
    flow.shot(manager, "manager-history")

    plan.refresh_from_db()
    assert plan.state == Plan.State.APPROVED
    assert plan.strategy_changes == t["second_summary"]
    assert plan.transitions.count() == 5  # submit, return, reopen, submit, approve
