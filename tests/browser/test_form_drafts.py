"""Text typed into a form is not lost, in a real browser and both languages: leaving with unsaved
text asks first; a save after the session has expired goes through the login page and comes back
to the form with the text in it; the "saved" confirmation is in view after the page scrolls."""

import pytest
from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from planning.models import Plan
from tests.browser.test_numbers_grid import build
from tests.browser.walk import PASSWORD, log_in

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


COMMENT = {
    "zh-hans": "二月朗通的目标偏低，请核实后再提交。",
    "en": "February at Langtong looks low.",
}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_comment_sent_after_the_session_ended_comes_back_after_logging_in(
    live_server, new_page, language
):
    """A reviewer's comment is sent by htmx into the chapter's part of the page: with the
    session ended, the whole page goes to the login page (never a login form inside the
    chapter), and logging in leads back to the plan with the comment in its form, once."""
    plan, _product, _customers = build(language)
    Plan.objects.filter(pk=plan.pk).update(state=Plan.State.SUBMITTED)
    words, text, base = WORDS[language], COMMENT[language], live_server.url
    page = log_in(new_page, base, language, "zhao.min")
    page.goto(f"{base}/plans/{plan.pk}/")
    box = page.locator("#comment-summary-body")
    box.fill(text)
    Session.objects.all().delete()
    box.locator("xpath=ancestor::form").locator("button[type=submit]").click()
    page.wait_for_url(f"{base}/login/?next=/plans/{plan.pk}/")
    page.locator("#id_username").fill("zhao.min")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{base}/plans/{plan.pk}/")
    expect(box).to_have_value(text)
    expect(page.locator("main [role=status]", has_text=words["restored"])).to_have_count(1)
    # Only that chapter's form holds it.
    expect(page.locator("#comment-performance-body")).to_have_value("")

    # Sent again, it is stored and shown; the draft has served: a reload shows an empty form.
    box.locator("xpath=ancestor::form").locator("button[type=submit]").click()
    expect(page.locator("#comments-summary")).to_contain_text(text)
    assert plan.comments.get().body == text
    page.reload()
    expect(page.locator("#comment-summary-body")).to_have_value("")
    expect(page.locator("main [role=status]", has_text=words["restored"])).to_have_count(0)
