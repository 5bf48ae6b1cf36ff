"""Screenshots of pages at phone (390 px) and desktop (1280 px) width, in Debian's Chromium.

Usage: python scripts/screenshots.py http://127.0.0.1:8000 / /gioi-thieu/tong-quan/ ...
Writes screenshots/<name>-390.png and -1280.png.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402  (one set of flags for tests and scripts)


def main(base, paths):
    out = Path("screenshots")
    out.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for width in (390, 1280):
            page = browser.new_page(viewport={"width": width, "height": 900})
            for path in paths:
                page.goto(base + path)
                name = path.strip("/").replace("/", "_") or "home"
                page.screenshot(path=out / f"{name}-{width}.png", full_page=True)
            page.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/"), sys.argv[2:] or ["/"])
