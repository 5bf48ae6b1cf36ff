"""The procedure pages in a real Chromium: finding a procedure on a phone without typing accents, and axe-core."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.test_accessibility import WCAG, describe
from tests.demo import load_demo


@pytest.fixture
def demo(django_db_reset_sequences):
    load_demo()


@pytest.mark.browser
def test_a_citizen_finds_a_procedure_on_a_phone_without_accents_and_opens_its_checklist(
    chromium, live_server, demo
):
    page = chromium.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Thủ tục hành chính").first.click()
    page.get_by_label("Từ khóa hoặc mã thủ tục").fill("dang ky khai sinh")
    page.get_by_role("button", name="Tìm thủ tục").click()
    results = page.locator(".proc-list .proc-name")
    assert results.first.inner_text() == "Đăng ký khai sinh"
    results.first.click()
    assert page.locator("h1").inner_text() == "Đăng ký khai sinh"
    page.get_by_role("link", name="Danh sách giấy tờ cần mang (bản in)").click()
    assert page.locator("h1").inner_text() == "Giấy tờ cần mang: Đăng ký khai sinh"
    assert "Tờ khai đăng ký khai sinh" in page.locator(".checklist").first.inner_text()
    # printed, the page keeps the list and drops the menus
    page.emulate_media(media="print")
    assert page.locator(".main-nav").is_hidden() and page.locator(".checklist").first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.close()


@pytest.mark.browser
def test_lookup_works_without_javascript(chromium, live_server, demo):
    context = chromium.new_context(java_script_enabled=False, viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(live_server.url + "/mot-cua/")
    page.get_by_label("Mã hồ sơ").fill("000.00.14.H19-200203-0001")
    page.get_by_role("button", name="Tra cứu").click()
    assert page.locator("h2#ket-qua-1").inner_text() == "Hồ sơ 000.00.14.H19-200203-0001"
    result = page.locator(".lookup-result").inner_text()
    assert "Trạng thái" in result and "Người nộp" not in result  # status and dates, nobody's name
    context.close()


PAGES = [
    "/thu-tuc-hanh-chinh/",
    "/thu-tuc-hanh-chinh/?q=khai+sinh&cap=xa",
    "/thu-tuc-hanh-chinh/1.001193/",
    "/thu-tuc-hanh-chinh/1.001776/",
    "/thu-tuc-hanh-chinh/1.001193/giay-to-can-mang/",
    "/mot-cua/",
    "/tra-cuu-ho-so/?ma=000.00.14.H19-200203-0001",
    "/tra-cuu-ho-so/?ma=sai",
    "/thong-ke-ho-so/?nam=2020",
    "/thong-ke-ho-so/?nam=2020&thang=10",
    "/thong-ke-ho-so/?nam=2020&den_ngay=31/10/2020",
    "/thong-ke-ho-so/",  # the current year, which has no demo dossier
    "/chat-luong-dich-vu/",  # the latest year with dossiers: 2020
    "/danh-gia-ho-so/?ma=000.00.14.H19-200203-0001",
]


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
def test_procedure_pages_have_no_wcag_violations(chromium, live_server, demo, width):
    page = chromium.new_page(viewport={"width": width, "height": 900})
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    for path in PAGES:
        page.goto(live_server.url + path)
        assert page.locator("h1").count() == 1, path
        violations = Axe().run(page, options=WCAG).response["violations"]
        assert not violations, f"{path}\n{describe(violations)}"
        if width == 390:
            assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
    assert all(url.startswith(live_server.url) for url in requests), requests
    page.close()
