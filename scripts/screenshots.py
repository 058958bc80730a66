"""Screenshots of portal pages in headless Chromium, for looking at what we build.

Usage: python scripts/screenshots.py http://127.0.0.1:8000 out-dir [login:path ...]
Each extra argument is ``<email>:<path>`` (or ``-:<path>`` for a visitor); without them, a
default tour of the demo logins is taken. The demo password is used for every login.
"""

import re
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

PASSWORD = "demo-password"
DEFAULT_TOUR = [
    "-:/",
    "-:/accounts/login/",
    "manager@college.example:/",
    "manager@college.example:/partners/",
    "employer@partner.example:/",
    "-:/no-such-page/",
]


def main():
    base, out = sys.argv[1].rstrip("/"), Path(sys.argv[2])
    shots = sys.argv[3:] or DEFAULT_TOUR
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        contexts = {}
        for number, shot in enumerate(shots, 1):
            login, path = shot.split(":", 1)
            if login not in contexts:
                contexts[login] = browser.new_context(viewport={"width": 1280, "height": 860})
                if login != "-":
                    page = contexts[login].new_page()
                    page.goto(f"{base}/accounts/login/")
                    page.fill("input[name=username]", login)
                    page.fill("input[name=password]", PASSWORD)
                    page.click("main button[type=submit]")
                    page.close()
            page = contexts[login].new_page()
            page.goto(f"{base}{path}")
            slug = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"
            name = f"{number:02d}-{login.split('@')[0]}-{slug}.png"
            page.screenshot(path=out / name, full_page=True)
            page.close()
            print(out / name)
        browser.close()


if __name__ == "__main__":
    main()
