"""The whole half-year round as headquarters runs it, in a real browser, in both languages
(issue 17's "Done when"):

1. HQ opens the period's round; each region's manager is mailed (caught by a real SMTP server
   on 127.0.0.1).
2. Shanghai submits; HQ comments, returns it with a reason, and approves it with a confirmation
   and a note.
3. HQ opens the revision round: Shanghai's approved plan gets a v2 draft.
4. While v2 is a draft, the roll-up and a review pack still read the approved v1 (the baseline);
   the half-year page sets v1, v2 and the actuals side by side.
5. v2 is submitted and approved: it becomes the baseline.
6. The due date passes: the deadline board shows the one late region, Jiangsu.

Content (targets, chapter texts) is written through the services, as the grids' and chapters'
own browser tests cover typing it; every step of the round itself is a click.
"""

import re
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone
from playwright.sync_api import Page, expect

from customers.models import Customer, Period, Product, Region, User
from planning.models import Comment, PackJob, Plan, Target
from planning.printing import packs
from planning.review import services
from tests.base import complete_plan
from tests.browser.walk import Walk, person
from tests.smtp import Collector, free_port, smtp_settings

pytestmark = pytest.mark.filterwarnings("ignore:No directory at:UserWarning")

SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots" / "round"
CJK = re.compile(r"[\u4e00-\u9fff]")

# Written out by hand (not through gettext): a missing translation fails the test.
TEXT = {
    "zh-hans": {
        "shanghai": "上海",
        "jiangsu": "江苏",
        "submit": "提交总部",
        "confirm": "确认提交",
        "submitted_message": "计划已提交总部。",
        "add_comment": "添加意见",
        "return": "退回修改",
        "reason_label": "退回原因",
        "returned_message": "计划已退回区域经理。",
        "approve": "批准",
        "approved_message": "计划已批准。",
        "approved": "已批准",
        "draft": "草稿",
        "comment": "请说明朗通二季度的回款计划。",
        "reason": "回款计划未说明，请补充后再提交。",
        "note": "同意，下半年注意回款。",
    },
    "en": {
        "shanghai": "Shanghai",
        "jiangsu": "Jiangsu",
        "submit": "Submit to headquarters",
        "confirm": "Yes, submit the plan",
        "submitted_message": "The plan was submitted to headquarters.",
        "add_comment": "Add comment",
        "return": "Return for changes",
        "reason_label": "Reason for return",
        "returned_message": "The plan was returned to its manager.",
        "approve": "Approve",
        "approved_message": "The plan was approved.",
        "approved": "Approved",
        "draft": "Draft",
        "comment": "Please explain the collections planned at Langtong in Q2.",
        "reason": "The collections plan is not explained; add it and submit again.",
        "note": "Approved; watch the collections in the second half.",
    },
}


@pytest.fixture
def smtp():
    """A real SMTP server on 127.0.0.1 that Django's SMTP backend sends to."""
    collector = Collector()
    controller = Controller(collector, hostname="127.0.0.1", port=free_port())
    controller.start()
    overridden = smtp_settings(controller.port)
    overridden.enable()
    yield collector
    overridden.disable()
    controller.stop()


def build(language: str) -> dict:
    east = Region.objects.create(code="HD", name="华东", name_en="East China")
    shanghai = Region.objects.create(code="SH", name="上海", name_en="Shanghai", parent=east)
    jiangsu = Region.objects.create(code="JS", name="江苏", name_en="Jiangsu", parent=east)
    period = Period.objects.create(year=2027)
    Product.objects.create(code="A", name="产品A", name_en="Product A", list_price=Decimal("100"))
    Customer.objects.create(region=shanghai, name="朗通科技")
    Customer.objects.create(region=jiangsu, name="苏宁电器")

    return {
        "period": period,
        "shanghai": shanghai,
        "manager": person(
            "zhang.wei",
            "张伟",
            User.Role.MANAGER,
            language=language,
            region=shanghai,
            email="zhang.wei@example.com",
        ),
        "jiangsu_manager": person(
            "li.na",
            "李娜",
            User.Role.MANAGER,
            language=language,
            region=jiangsu,
            email="li.na@example.com",
        ),
        "reviewer": person(
            "zhao.min", "赵敏", User.Role.REVIEWER, language=language, email="zhao.min@example.com"
        ),
    }


def write_content(plan: Plan, manager: User, amount: str) -> None:
    """What the manager typed: the chapters the checks ask for, and January's target."""
    complete_plan(plan)
    Target.objects.filter(plan=plan).update(amount=Decimal(amount))
    plan.refresh_from_db()
    services.plan_update_summary(
        plan=plan, user=manager, strategy_changes="聚焦一级客户。", revision=plan.revision
    )


class Round(Walk):
    """The walk through the round, with the manager's and the reviewer's steps."""

    def submit(self, page: Page, plan: Plan) -> None:
        page.goto(f"{self.base}/plans/{plan.pk}/")
        page.locator(".plan-actions").get_by_role("link", name=self.t["submit"]).click()
        page.get_by_role("button", name=self.t["confirm"]).click()
        self.success(page, self.t["submitted_message"])

    def approve(self, page: Page, plan: Plan, note: str = "") -> None:
        page.goto(f"{self.base}/plans/{plan.pk}/")
        page.locator(".plan-actions").get_by_role("link", name=self.t["approve"]).click()
        confirm = page.locator(".approve-confirm")
        if note:
            confirm.locator("textarea").fill(note)
        confirm.get_by_role("button", name=self.t["approve"]).click()
        self.success(page, self.t["approved_message"])
        self.state(page, self.t["approved"])


def shanghai_row(page: Page, t: dict):
    table = page.locator(".rollup-table")
    return table.locator("tbody tr").filter(has=page.locator("th", has_text=t["shanghai"]))


def mails_to(smtp: Collector, user: User):
    return [mail for mail in smtp.mails if user.email in mail.to]


def in_language(text: str, language: str) -> bool:
    return bool(CJK.search(text)) == (language == "zh-hans")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_half_year_round(live_server, new_page, smtp, language, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path)
    data = build(language)
    period, manager, reviewer_user = data["period"], data["manager"], data["reviewer"]
    base = live_server.url
    run = Round(base, language, new_page, text=TEXT[language], shots=SHOTS)
    t = run.t

    # 1. HQ opens the round, due in two weeks; both regions' managers are mailed.
    hq = run.log_in("zhao.min")
    hq.goto(f"{base}/rounds/open/?period=2027")
    due = timezone.localdate() + timedelta(days=14)
    hq.locator("#id_submission_due").fill(due.isoformat())
    hq.locator("form.round-open button[type=submit]").click()
    hq.wait_for_url(f"{base}/?period=2027")
    run.success(hq, t["shanghai"])
    run.success(hq, t["jiangsu"])
    plan = Plan.objects.get(region=data["shanghai"], period=period)
    for member in (manager, data["jiangsu_manager"]):
        (mail,) = mails_to(smtp, member)
        assert "2027" in mail.subject and in_language(mail.subject, language), mail.subject
    assert f"/plans/{plan.pk}/" in mails_to(smtp, manager)[0].text
    run.shot(hq, "round-opened")

    # 2. Shanghai submits; HQ is mailed, comments, returns with a reason, then approves.
    write_content(plan, manager, "1000.00")
    desk = run.log_in("zhang.wei")
    run.submit(desk, plan)
    assert any(in_language(mail.subject, language) for mail in mails_to(smtp, reviewer_user))
    hq.goto(f"{base}/plans/{plan.pk}/")
    comments = hq.locator("#comments-summary")
    comments.locator("textarea[name=body]").fill(t["comment"])
    comments.get_by_role("button", name=t["add_comment"]).click()
    expect(hq.locator("#comments-summary .comment-body")).to_have_text(t["comment"])
    hq.locator(".plan-actions").get_by_role("link", name=t["return"]).click()
    hq.get_by_label(t["reason_label"]).fill(t["reason"])
    hq.get_by_role("button", name=t["return"]).click()
    run.success(hq, t["returned_message"])
    assert any(t["reason"] in mail.text for mail in mails_to(smtp, manager))
    run.submit(desk, plan)
    hq.goto(f"{base}/plans/{plan.pk}/approve/")
    # The confirmation lists the comment still open before anything is approved.
    expect(hq.locator(".approve-confirm")).to_contain_text(t["comment"])
    run.approve(hq, plan, note=t["note"])
    assert any(t["note"] in mail.text for mail in mails_to(smtp, manager))
    assert Comment.objects.filter(plan=plan).count() == 1
    run.shot(hq, "approved")

    # 3. HQ opens the revision round: Shanghai's approved v1 gets a v2 draft (Jiangsu, a draft,
    # is not revised).
    hq.goto(f"{base}/rounds/revise/?period=2027")
    hq.locator("main form button[type=submit]").click()
    run.success(hq, t["shanghai"])
    revision = Plan.objects.get(region=data["shanghai"], period=period, version=2)
    assert revision.state == Plan.State.DRAFT
    Target.objects.filter(plan=revision).update(amount=Decimal("1500.00"))

    # 4. The roll-up and a pack read the approved v1 while v2 is a draft.
    hq.goto(f"{base}/hq/2027/")
    row = shanghai_row(hq, t)
    expect(row.locator("td").first).to_have_text(f"{t['approved']} · v1")
    expect(row.locator("td").nth(1)).to_have_text("1,000.00")
    run.shot(hq, "rollup-baseline-v1")
    hq.goto(f"{base}/hq/2027/?basis=working")
    expect(shanghai_row(hq, t).locator("td").first).to_have_text(f"{t['draft']} · v2")
    expect(shanghai_row(hq, t).locator("td").nth(1)).to_have_text("1,500.00")
    hq.goto(f"{base}/hq/2027/half-year/")
    side = hq.locator(".revision-table tbody tr").filter(
        has=hq.locator("th", has_text=t["shanghai"])
    )
    expect(side.locator("td").nth(0)).to_have_text(f"v1 · {t['approved']}")
    expect(side.locator("td").nth(1)).to_have_text("1,000.00")
    expect(side.locator("td").nth(3)).to_have_text(f"v2 · {t['draft']}")
    expect(side.locator("td").nth(4)).to_have_text("1,500.00")
    expect(side.locator("td").nth(6)).to_have_text("500.00")
    run.shot(hq, "half-year-side-by-side")
    hq.goto(f"{base}/packs/2027/new/")
    hq.locator("main form button[type=submit]").click()
    hq.wait_for_url(re.compile(r"/packs/\d+/$"))
    job = PackJob.objects.get()
    packs.render_pack_now(job)
    assert [(part.region.code, part.plan.version) for part in job.parts.all()] == [("SH", 1)]
    hq.reload()
    expect(hq.locator("main")).to_contain_text(t["jiangsu"])  # left out: a draft
    run.shot(hq, "pack-baseline-v1")

    # 5. v2 is submitted and approved: the roll-up's baseline is now v2.
    run.submit(desk, revision)
    run.approve(hq, revision)
    hq.goto(f"{base}/hq/2027/")
    expect(shanghai_row(hq, t).locator("td").first).to_have_text(f"{t['approved']} · v2")
    expect(shanghai_row(hq, t).locator("td").nth(1)).to_have_text("1,500.00")

    # 6. The due date passes: Jiangsu, still a draft, is the one late region.
    Period.objects.filter(pk=period.pk).update(
        submission_due=timezone.localdate() - timedelta(days=3)
    )
    hq.goto(f"{base}/deadlines/?period=2027")
    late = hq.locator("table.deadline-board tr.late-row")
    expect(late).to_have_count(1)
    expect(late).to_have_attribute("data-region", "JS")
    expect(hq.locator('table.deadline-board tr[data-region="SH"]')).not_to_have_class(
        re.compile("late-row")
    )
    run.shot(hq, "deadline-board")
