"""What the browser tests share: a person who logs in, a session in one language, and for the
walks through a plan's round, screenshots numbered in the order taken and the success message
and state badge they read."""

from pathlib import Path

from playwright.sync_api import Page, expect

from customers.models import RegionMembership, User

PASSWORD = "a-long-browser-password-2026"
LOCALE = {"zh-hans": "zh-CN", "en": "en-US"}


def person(username: str, full_name: str, role, *, language: str, region=None, **fields) -> User:
    """A user who logs in with PASSWORD and reads `language`; a member of `region` if given."""
    user = User.objects.create_user(
        username=username,
        password=PASSWORD,
        role=role,
        full_name=full_name,
        language=language,
        **fields,
    )
    if region is not None:
        RegionMembership.objects.create(user=user, region=region)
    return user


def sign_in(page: Page, base: str, username: str, language: str, password=PASSWORD) -> Page:
    """`page` logged in as `username`, at home, in the person's `language`."""
    page.goto(f"{base}/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{base}/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    return page


def log_in(new_page, base: str, language: str, username: str) -> Page:
    """A fresh browser context in `language`'s locale, logged in as `username`."""
    return sign_in(new_page(locale=LOCALE[language]), base, username, language)


class Walk:
    def __init__(self, base: str, language: str, new_page, *, text: dict, shots: Path):
        self.base, self.language, self.new_page, self.t = base, language, new_page, text
        self.shots = shots / language
        self.shots.mkdir(parents=True, exist_ok=True)
        for old in self.shots.glob("*.png"):
            old.unlink()
        self.step = 0

    def shot(self, page: Page, name: str) -> None:
        self.step += 1
        page.screenshot(path=str(self.shots / f"{self.step:02d}-{name}.png"), full_page=True)

    def log_in(self, username: str) -> Page:
        return log_in(self.new_page, self.base, self.language, username)

    def success(self, page: Page, text: str) -> None:
        expect(page.locator(".messages .alert-success")).to_contain_text(text)

    def state(self, page: Page, label: str) -> None:
        expect(page.locator(".plan-header .state-badge")).to_have_text(label)
