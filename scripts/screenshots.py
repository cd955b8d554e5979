"""Screenshots of the main pages in both languages, for looking at the app as a user would.

Usage: python scripts/screenshots.py [BASE_URL] [OUT_DIR]   (the demo data must be seeded)
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright  # noqa: E402

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(sys.argv[2] if len(sys.argv) > 2 else "artifacts/screenshots")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PAGES = {
    "zhang.wei": ["/", "/plans/{SH}/", "/plans/{SH}/summary/edit/", "/plans/{SH}/submit/"],
    "zhao.min": ["/", "/plans/{HB}/", "/plans/{HB}/history/"],
}


def main() -> None:
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "salesplan.settings")
    import django

    django.setup()
    from planning.models import Plan

    ids = {p.region.code: p.pk for p in Plan.objects.filter(period__year=2027)}
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for width in (1280, 820):
            for language in ("zh-hans", "en"):
                for username, paths in PAGES.items():
                    page = browser.new_page(viewport={"width": width, "height": 900})
                    page.goto(f"{BASE}/login/")
                    choice = page.locator(f".language-switch button[value='{language}']")
                    if choice.is_enabled():
                        choice.click()
                    page.wait_for_load_state()
                    page.fill("#id_username", username)
                    page.fill("#id_password", "salesplan-demo")
                    page.click("button[type=submit].btn-primary")
                    page.wait_for_load_state()
                    for path in paths:
                        page.goto(BASE + path.format(**ids))
                        name = path.strip("/").replace("/", "_").format(**ids) or "home"
                        target = OUT / f"{width}-{language}-{username}-{name}.png"
                        page.screenshot(path=str(target), full_page=True)
                        print(target)
                    page.close()
        browser.close()


if __name__ == "__main__":
    main()
