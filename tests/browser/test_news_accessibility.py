"""The news pages in Chromium at phone and desktop width: no WCAG 2.1 A/AA violation, nothing from another host."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.test_accessibility import WCAG, demo, describe  # noqa: F401 (demo is a fixture)

NEWS_PAGES = [
    "/tin-tuc/",
    "/tin-tuc/chuyen-muc/cai-cach-hanh-chinh/",
    "/tin-tuc/muong-ang-day-manh-cai-cach-hanh-chinh-nam-2020/",
    "/van-ban/",
    "/van-ban/?q=cai+cach&loai=ke-hoach",
    "/van-ban/3855-kh-ubnd-2019/",
]


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
def test_news_pages_have_no_wcag_violations(chromium, live_server, demo, width):  # noqa: F811
    page = chromium.new_page(viewport={"width": width, "height": 900})
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    for path in NEWS_PAGES:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert page.locator("h1").count() == 1, path
        violations = Axe().run(page, options=WCAG).response["violations"]
        assert not violations, f"{path}: {describe(violations)}"
        if width == 390:
            assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
    assert all(url.startswith(live_server.url) for url in requests), [
        u for u in requests if not u.startswith(live_server.url)
    ]
    page.close()
