"""What the browser walks through a plan's round share: a person's session in one language,
screenshots numbered in the order taken, and the success message and state badge they read."""

from pathlib import Path

from playwright.sync_api import Page, expect

PASSWORD = "a-long-browser-password-2026"
LOCALE = {"zh-hans": "zh-CN", "en": "en-US"}


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
        page = self.new_page(locale=LOCALE[self.language])
        page.goto(f"{self.base}/login/")
        page.locator("#id_username").fill(username)
        page.locator("#id_password").fill(PASSWORD)
        page.locator("main button[type=submit]").click()
        page.wait_for_url(f"{self.base}/")
        expect(page.locator("html")).to_have_attribute("lang", self.language)
        return page

    def success(self, page: Page, text: str) -> None:
        expect(page.locator(".messages .alert-success")).to_contain_text(text)

    def state(self, page: Page, label: str) -> None:
        expect(page.locator(".plan-header .state-badge")).to_have_text(label)
