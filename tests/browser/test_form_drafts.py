"""Text typed into a form is not lost, in a real browser and both languages: leaving with unsaved
text asks first; a save after the session has expired goes through the login page and comes back
to the form with the text in it; the "saved" confirmation is in view after the page scrolls."""

import pytest
from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from planning.models import Plan
from tests.browser.test_numbers_grid import PASSWORD, build, log_in

pytestmark = pytest.mark.filterwarnings("ignore:No directory at:UserWarning")

TEXT = "调整华东区渠道策略：重点客户直销，其余经销。"
WORDS = {
    "zh-hans": {
        "restored": "您在被要求重新登录之前输入的内容已放回表单。",
        "saved": "摘要已保存。",
    },
    "en": {
        "restored": "What you typed before you were asked to log in again is back in the form.",
        "saved": "The summary was saved.",
    },
}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_typed_text_survives_leaving_and_an_expired_session(live_server, new_page, language):
    plan, _product, _customers = build(language)
    words = WORDS[language]
    base = live_server.url
    edit_url = f"{base}/plans/{plan.pk}/summary/edit/"
    page = log_in(new_page, base, language, "zhang.wei")
    page.goto(edit_url)
    page.locator("textarea[name=strategy_changes]").fill(TEXT)

    # 1. Leaving with unsaved text asks first; staying keeps the text.
    dialogs = []

    def stay(dialog) -> None:
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)
    page.locator("nav a.navbar-brand").click()
    page.wait_for_timeout(300)
    assert dialogs == ["beforeunload"]
    assert page.url == edit_url
    expect(page.locator("textarea[name=strategy_changes]")).to_have_value(TEXT)
    page.remove_listener("dialog", stay)

    # 2. The session expires; "save" lands on the login page; logging in leads back to the form
    # with the text in it, and saving it stores it.
    Session.objects.all().delete()
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(f"{base}/login/**")
    page.locator("#id_username").fill("zhang.wei")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(edit_url)
    expect(page.locator("textarea[name=strategy_changes]")).to_have_value(TEXT)
    expect(page.locator("main [role=status]").first).to_contain_text(words["restored"])
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(f"{base}/plans/{plan.pk}/**")
    assert Plan.objects.get(pk=plan.pk).strategy_changes == TEXT

    # 3. The confirmation is in view, though the page scrolled to the summary's anchor.
    message = page.locator(".messages .alert-success")
    expect(message).to_contain_text(words["saved"])
    expect(message).to_be_in_viewport()

    # 4. The draft has served: opening the form again shows the stored text and no notice.
    page.goto(edit_url)
    expect(page.locator("main [role=status]", has_text=words["restored"])).to_have_count(0)
