"""Screenshots of portal pages in headless Chromium, for looking at what we build.

Usage: python scripts/screenshots.py http://127.0.0.1:8000 out-dir [--widths 1366,390] [login:path ...]
Each extra argument is ``<email>:<path>`` (or ``-:<path>`` for a visitor); without them, a
default tour of the demo logins is taken: the dashboards of the partnership manager, the teacher
and the employer, and the contracts list, each on a 1366 px desktop and a 390 px phone. The demo
password is used for every login. Files are named ``<n>-<login>-<path>-<width>.png``.
"""

import argparse
import re
from pathlib import Path

from playwright.sync_api import sync_playwright

PASSWORD = "demo-password"
DEFAULT_TOUR = [
    "-:/accounts/login/",
    "manager@college.example:/",
    "teacher@college.example:/",
    "employer@partner.example:/",
    "manager@college.example:/contracts/",
    "employer@partner.example:/contracts/",
    "manager@college.example:/partners/",
    "manager@college.example:/practice/theses/",
    "-:/no-such-page/",
]
HEIGHTS = {1366: 768, 390: 844}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base")
    parser.add_argument("out", type=Path)
    parser.add_argument("shots", nargs="*", help="<email>:<path> or -:<path>")
    parser.add_argument("--widths", default="1366,390", help="viewport widths, comma-separated")
    args = parser.parse_args()
    base, out = args.base.rstrip("/"), args.out
    shots = args.shots or DEFAULT_TOUR
    widths = [int(width) for width in args.widths.split(",")]
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
                contexts[login] = browser.new_context(viewport={"width": widths[0], "height": 860})
                if login != "-":
                    page = contexts[login].new_page()
                    page.goto(f"{base}/accounts/login/")
                    page.fill("input[name=username]", login)
                    page.fill("input[name=password]", PASSWORD)
                    page.click("main button[type=submit]")
                    page.wait_for_load_state()
                    page.close()
            for width in widths:
                page = contexts[login].new_page()
                page.set_viewport_size({"width": width, "height": HEIGHTS.get(width, 860)})
                page.goto(f"{base}{path}")
                slug = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"
                name = f"{number:02d}-{login.split('@')[0]}-{slug}-{width}.png"
                page.screenshot(path=out / name, full_page=True)
                overflow = page.evaluate("document.documentElement.scrollWidth") - width
                page.close()
                print(f"{out / name}" + (f"  (wider than the viewport by {overflow} px)" if overflow > 0 else ""))
        browser.close()


if __name__ == "__main__":
    main()
