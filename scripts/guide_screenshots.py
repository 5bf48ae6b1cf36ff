"""The screenshots of the staff guide (docs/huong-dan/), taken from the demo in Debian's Chromium.

Usage: make run (in another terminal), then
    .venv/bin/python scripts/guide_screenshots.py http://127.0.0.1:8000
Writes docs/huong-dan/anh/<name>.jpg at 1280 × 800: what each demo account sees on the pages its guide shows.
Run it again after a change to the admin's look, and look at the pictures before committing them.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402  (one set of flags for tests and scripts)

OUT = ROOT / "docs" / "huong-dan" / "anh"
PASSWORD = "MuongAng@2020"
# (account, picture, address, then): then "first" opens the list's first row instead of taking the list;
# "first #field" also scrolls that field to the top of the picture; "first preview" takes the «Xem trước» tab
SHOTS = [
    ("phongvien", "phong-vien-trang-chu", "/quan-tri/", None),
    ("phongvien", "phong-vien-viet-bai", "/quan-tri/news/article/add/", None),
    ("bientap", "bien-tap-bai-cho-duyet", "/quan-tri/news/article/?status__exact=cho-duyet", None),
    ("bientap", "bien-tap-duyet-bai", "/quan-tri/news/article/?status__exact=cho-duyet", "first"),
    ("bientap", "bien-tap-xem-truoc", "/quan-tri/news/article/?status__exact=cho-duyet", "first preview"),
    ("motcua", "mot-cua-ho-so", "/quan-tri/procedures/dossier/", None),
    ("motcua", "mot-cua-nhap-tu-tep", "/quan-tri/procedures/dossier/nhap/", None),
    ("tiepdan", "tiep-dan-phan-anh", "/quan-tri/citizens/feedback/?han=qua-han", None),
    ("tiepdan", "tiep-dan-tra-loi", "/quan-tri/citizens/feedback/?han=qua-han", "first .field-status"),
    ("tiepdan", "tiep-dan-lich-tiep", "/quan-tri/citizens/receptionsession/", None),
    ("quantri", "quan-tri-trang-chu", "/quan-tri/", None),
    ("quantri", "quan-tri-nguoi-dung", "/quan-tri/auth/user/", None),
]


def main(base):
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        pages = {}
        for account, name, path, then in SHOTS:
            if account not in pages:
                page = browser.new_page(
                    viewport={"width": 1280, "height": 800}, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh"
                )
                page.goto(base + "/quan-tri/login/")
                page.fill("#id_username", account)
                page.fill("#id_password", PASSWORD)
                page.click("input[type=submit]")
                page.wait_for_url("**/quan-tri/")
                pages[account] = page
            page = pages[account]
            page.goto(base + path)
            if then and then.startswith("first"):
                page.click("#result_list tbody th a")
                page.wait_for_load_state()
                if then == "first preview":
                    with page.context.expect_page() as opened:
                        page.click("input[value='Xem trước']")
                    preview = opened.value
                    preview.wait_for_load_state("networkidle")
                    preview.screenshot(path=OUT / f"{name}.jpg", type="jpeg", quality=70)
                    preview.close()
                    print(OUT / f"{name}.jpg")
                    continue
                if " " in then:
                    page.eval_on_selector(then.split(" ", 1)[1], "(el) => el.scrollIntoView()")
            page.screenshot(path=OUT / f"{name}.jpg", type="jpeg", quality=70)
            print(OUT / f"{name}.jpg")
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:8000")
