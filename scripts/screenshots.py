"""Screenshots of the main pages of a running tuijin (e.g. `make demo`), for the README and the guides.

Usage: .venv/bin/python scripts/screenshots.py [--base http://127.0.0.1:8000] [--out docs/screenshots]
Needs Debian's chromium (/usr/bin/chromium) and, for Chinese text, fonts-noto-cjk.
"""

import argparse
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PAGES = [
    # (file name, user, path)
    ("dashboard", "leader", "/dashboard/"),
    ("warnings", "coordinator", "/tracking/warnings/"),
    ("report-form", "owner", "/dispatch/"),
    ("registry", "coordinator", "/projects/"),
    ("registry-list", "coordinator", "/projects/?programme=1"),
    ("project", "coordinator", "/projects/1/"),
    ("dispatch-board", "coordinator", "/dispatch/"),
    ("problems", "coordinator", "/dispatch/problems/"),
    ("owner-registry", "owner", "/projects/"),
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--out", default="docs/screenshots")
    parser.add_argument("--password", default="Tuijin-demo-2025")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for width, suffix in [(1366, ""), (390, "-phone")]:
            for name, user, path in PAGES:
                context = browser.new_context(viewport={"width": width, "height": 860}, locale="zh-CN")
                page = context.new_page()
                page.goto(f"{args.base}/accounts/login/")
                page.fill("#id_username", user)
                page.fill("#id_password", args.password)
                page.click("form button")
                page.goto(f"{args.base}{path}")
                page.wait_for_timeout(600)  # let the charts draw
                page.screenshot(path=str(out / f"{name}{suffix}.png"), full_page=False)
                context.close()
        browser.close()


if __name__ == "__main__":
    main()
