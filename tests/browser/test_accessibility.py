"""The home page in a real Chromium, at phone and desktop width, checked with axe-core (WCAG 2.1 A and AA)."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.demo import load_demo

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.fixture
def demo(django_db_reset_sequences):
    load_demo()


def describe(violations):
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
    )


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("path", ["/", "/gioi-thieu/lanh-dao-va-can-bo-dau-moi/", "/khong-co-trang-nay/"])
def test_pages_have_no_wcag_violations(chromium, live_server, demo, width, path):
    page = chromium.new_page(viewport={"width": width, "height": 900})
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(live_server.url + path)
    assert page.locator("h1").count() == 1
    results = Axe().run(page, options=WCAG)
    violations = results.response["violations"]
    assert not violations, describe(violations)
    # nothing is fetched from another host
    assert all(url.startswith(live_server.url) for url in requests), requests
    if width == 390:  # no horizontal scrolling on a phone, down to 360 px
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.set_viewport_size({"width": 360, "height": 800})
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.close()


@pytest.mark.browser
def test_text_size_switch_persists_across_pages(chromium, live_server, demo):
    page = chromium.new_page(viewport={"width": 390, "height": 800})
    page.goto(live_server.url + "/")
    base = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    page.get_by_role("link", name="Chữ lớn").click()
    assert page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") > base
    page.goto(live_server.url + "/gioi-thieu/tong-quan/")
    assert page.evaluate("document.documentElement.className") == "co-chu-lon"
    page.close()


@pytest.mark.browser
def test_keyboard_user_reaches_the_content_and_sees_focus(chromium, live_server, demo):
    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Bỏ qua, đến nội dung chính"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#noi-dung"
    page.close()


@pytest.mark.browser
def test_pages_work_without_javascript(chromium, live_server, demo):
    context = chromium.new_context(java_script_enabled=False, viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Chữ lớn").click()
    assert "co-chu-lon" in (page.locator("html").get_attribute("class") or "")
    page.get_by_text("Menu", exact=True).click()  # on a phone the menu is folded behind its button
    page.locator("summary", has_text="Giới thiệu").click()
    page.get_by_role("link", name="Cơ cấu tổ chức").first.click()
    assert page.locator("h1").inner_text() == "Cơ cấu tổ chức"
    context.close()
