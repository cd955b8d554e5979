"""A plan's PDF printed in the background, as a manager meets it: the print dialog, the
progress page that polls, the worker, the download; while the server answers 500 to the polls
and after the session has ended (the whole page goes to the login page and comes back to the
progress, never a login form inside the progress card). Screenshots land in
artifacts/screenshots/background-print/<language>/."""

import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from playwright.sync_api import Route, expect
from pypdf import PdfReader

from customers.models import Customer, Period, Product, Region, User
from planning.models import Plan, PrintJob
from tests.base import complete_plan
from tests.browser.walk import PASSWORD, Walk, person

SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots" / "background-print"

TEXT = {
    "zh-hans": {
        "print_menu": "打印（PDF）",
        "options": "打印选项…",
        "print": "打印（PDF）",
        "waiting": "等待打印",
        "ready": "已完成",
        "download": "下载计划（PDF，",
        "region": "上海",
        "trouble": "服务器暂时没有响应",
        "login_again": "登录后将回到原处",
    },
    "en": {
        "print_menu": "Print (PDF)",
        "options": "Print options…",
        "print": "Print (PDF)",
        "waiting": "Waiting for a printer",
        "ready": "Ready",
        "download": "Download the plan (PDF, ",
        "region": "Shanghai",
        "trouble": "The server is not answering just now",
        "login_again": "you return where you were",
    },
}


def build(language: str) -> Plan:
    shanghai = Region.objects.create(code="SH", name="上海", name_en="Shanghai")
    period = Period.objects.create(year=2027)
    Product.objects.create(code="A", name="产品A", name_en="Product A", list_price=Decimal("100"))
    Customer.objects.create(region=shanghai, name="朗通科技")
    person("zhang.wei", "张伟", User.Role.MANAGER, language=language, region=shanghai)
    plan = Plan.objects.create(region=shanghai, period=period)
    complete_plan(plan)
    return plan


def run_worker() -> None:
    """The packs' worker takes what is queued, as `make worker` does."""
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_plan_prints_in_the_background_through_errors_and_an_ended_session(
    live_server, new_page, language, tmp_path, settings
):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.PDF_BACKGROUND_ABOVE = 0  # the shipped default: every plan
    plan = build(language)
    walk = Walk(live_server.url, language, new_page, text=TEXT[language], shots=SHOTS)
    t = walk.t

    # 1. The manager asks for the plan in the other language from the print dialog.
    page = walk.log_in("zhang.wei")
    page.goto(f"{walk.base}/plans/{plan.pk}/")
    page.locator(".plan-actions").get_by_role("button", name=t["print_menu"]).click()
    page.get_by_role("link", name=t["options"]).click()
    expect(page.locator(".print-background-note")).to_be_visible()
    other = "en" if language == "zh-hans" else "zh-hans"
    page.locator("select[name=language]").select_option(other)
    walk.shot(page, "dialog")
    page.locator("form.print-options button[type=submit]").click()
    page.wait_for_url(f"{walk.base}/prints/*/")
    job = PrintJob.objects.get()
    stage = page.locator(".print-job-stage")
    expect(stage).to_have_text(t["waiting"])

    # 2. The server answers 500 to the polls for a while: the page says so, keeps what it showed
    # and keeps asking...
    failures = []

    def fail(route: Route) -> None:
        failures.append(route.request.url)
        route.fulfill(status=500, body="Server Error")

    page.route(f"**/prints/{job.pk}/", fail)
    trouble = page.locator("#print-job-progress .poll-trouble")
    expect(trouble).to_contain_text(t["trouble"])
    page.wait_for_timeout(1500)
    assert len(failures) >= 2, failures  # it keeps asking
    expect(stage).to_have_text(t["waiting"])
    walk.shot(page, "server-error")
    page.unroute(f"**/prints/{job.pk}/")
    expect(trouble).to_have_count(0)  # the next answer clears the notice

    # 3. ...and the session ends: the next poll takes the whole page to the login page, and
    # logging in again leads back to the progress.
    Session.objects.all().delete()
    page.wait_for_url(re.compile(rf"/login/\?next=/prints/{job.pk}/$"), timeout=5000)
    expect(page.locator(".login-next")).to_contain_text(t["login_again"])
    walk.shot(page, "login-again")
    page.locator("#id_username").fill("zhang.wei")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{walk.base}/prints/{job.pk}/")
    expect(stage).to_have_text(t["waiting"])

    # 4. The worker prints it; the page turns to "ready" by itself and offers the file.
    run_worker()
    expect(stage).to_have_text(t["ready"], timeout=10_000)
    link = page.locator(".print-job-download")
    expect(link).to_contain_text(t["download"])
    walk.shot(page, "ready")
    with page.expect_download() as download:
        link.click()
    data = Path(download.value.path()).read_bytes()
    reader = PdfReader(io.BytesIO(data))
    text = reader.pages[0].extract_text()
    # Printed in the language chosen in the dialog, not the page's.
    region = TEXT[other]["region"]
    assert region in text, text[:300]
    assert download.value.suggested_filename.endswith(f"-{other}.pdf")
