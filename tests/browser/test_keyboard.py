"""A keyboard-only visitor in Chromium: skip link, menu, search box, and a feedback form sent without a mouse.

At every Tab stop the focused element is the expected one and shows a focus indicator (an outline or a
box shadow) with at least 3:1 contrast against what is behind it (WCAG 2.1, 1.4.11 and 2.4.7).
"""

import re

import pytest

from citizens.models import Feedback
from tests.browser.test_accessibility import demo  # noqa: F401 (a fixture)

FOCUS = """() => {
  const el = document.activeElement;
  const rgba = c => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
    const [r, g, b, a = 1] = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number); return {r, g, b, a}; };
  const lum = ({r, g, b}) => { const f = v => (v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const contrast = (x, y) => { const [a, b] = [lum(x), lum(y)].sort((p, q) => q - p); return (a + 0.05) / (b + 0.05); };
  // The indicator is drawn around the element: compare it with the background of its surroundings.
  let background = {r: 255, g: 255, b: 255, a: 1};
  for (let node = el.parentElement; node; node = node.parentElement) {
    const c = rgba(getComputedStyle(node).backgroundColor);
    if (c && c.a > 0) { background = c; break; }
  }
  const style = getComputedStyle(el);
  const colors = [];
  if (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) colors.push(rgba(style.outlineColor));
  if (style.boxShadow !== 'none') colors.push(rgba(style.boxShadow));
  const name = node => {  // roughly the accessible name: aria-label, else the text not hidden from it
    if (node.getAttribute('aria-label')) return node.getAttribute('aria-label');
    const copy = node.cloneNode(true);
    copy.querySelectorAll('[aria-hidden="true"]').forEach(hidden => hidden.remove());
    return (copy.textContent || node.value || '').trim().replace(/\\s+/g, ' ').slice(0, 60);
  };
  const box = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(), id: el.id, name: el.getAttribute('name'),
    text: name(el),
    href: el.getAttribute('href'),
    contrast: Math.max(0, ...colors.filter(Boolean).map(c => contrast(c, background))),
    visible: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
      && box.top < innerHeight && box.left < innerWidth,
    inMain: !!el.closest('main'), inNav: !!el.closest('nav.main-nav'),
  };
}"""


def tab(page, key="Tab"):
    """Press Tab (or another key) and return the focused element, checking its focus indicator."""
    page.keyboard.press(key)
    focused = page.evaluate(FOCUS)
    where = f"{page.url} {focused}"
    assert focused["visible"], f"the focused element is off screen: {where}"
    assert focused["contrast"] >= 3, f"no visible focus indicator (3:1) on {where}"
    return focused


def tab_until(page, matches, limit=60):
    """Tab until ``matches(focused)``; every stop on the way must show its focus too."""
    seen = []
    for _ in range(limit):
        focused = tab(page)
        if matches(focused):
            return focused
        seen.append(focused["text"] or focused["id"] or focused["href"])
    raise AssertionError(f"not reached after {limit} Tab presses; stops were {seen}")


@pytest.mark.browser
def test_a_keyboard_user_goes_through_menu_search_and_a_form(chromium, live_server, demo):  # noqa: F811
    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    page.goto(live_server.url + "/")

    # 1. The skip link comes first, shows on focus, and moves focus to the content.
    assert tab(page)["text"] == "Bỏ qua, đến nội dung chính"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "noi-dung"
    assert tab(page)["inMain"]

    # 2. From the top again: the header in reading order, then the menu.
    page.goto(live_server.url + "/")
    stops = [tab(page) for _ in range(8)]
    assert [s["text"] for s in stops[:5]] == [
        "Bỏ qua, đến nội dung chính",
        "0215 3868 111",
        "Chữ nhỏ",
        "Chữ vừa",
        "Chữ lớn",
    ]
    assert stops[5]["href"] == "/" and "Mường Ảng" in stops[5]["text"]  # the unit's name leads home
    assert stops[6]["id"] == "o-tim-kiem"
    assert (stops[7]["tag"], stops[7]["text"]) == ("button", "Tìm")
    assert (tab(page)["text"], page.evaluate("document.activeElement.closest('nav').ariaLabel")) == (
        "Trang chủ",
        "Menu chính",
    )
    # a submenu opens with Enter, its links follow in order, Escape closes it and returns to it
    summary = tab(page)
    assert (summary["tag"], summary["text"]) == ("summary", "Giới thiệu")
    page.keyboard.press("Enter")
    first_child = tab(page)
    assert first_child["inNav"] and first_child["href"] == "/gioi-thieu/tong-quan/"
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    assert not page.locator(".main-nav .has-sub details[open]").count()
    page.keyboard.press("Enter")
    tab(page)
    organisation = tab(page)
    assert organisation["text"] == "Chức năng, nhiệm vụ"
    page.keyboard.press("Enter")
    page.wait_for_url("**/gioi-thieu/chuc-nang-nhiem-vu/")
    assert page.locator("h1").inner_text() == "Chức năng, nhiệm vụ"

    # 3. The search box: type a query, Enter.
    assert tab_until(page, lambda f: f["id"] == "o-tim-kiem")
    page.keyboard.type("thủ tục khai sinh")
    with page.expect_navigation() as navigation:
        page.keyboard.press("Enter")
    assert re.search(r"/tim-kiem/\?q=th%E1%BB%A7\+t%E1%BB%A5c\+khai\+sinh$", page.url), page.url
    assert navigation.value.status == 200
    assert page.locator("h1").count() == 1
    assert "Đăng ký khai sinh" in page.locator(".search-results").inner_text()

    # 4. The menu to the feedback form, and the form filled and sent with the keyboard only.
    tab_until(page, lambda f: f["inNav"] and f["text"] == "Phản ánh kiến nghị")
    page.keyboard.press("Enter")
    page.wait_for_url("**/phan-anh-kien-nghi/")
    tab_until(page, lambda f: f["text"] == "Bỏ qua, đến nội dung chính", limit=1)
    page.keyboard.press("Enter")
    tab_until(page, lambda f: f["id"] == "id_name")
    page.keyboard.type("Lò Văn Pọm")
    entries = [
        ("id_address", "Bản Xuân Tre, xã Ẳng Tở"),
        ("id_phone", "0912 000 777"),
        ("id_email", ""),
        ("id_subject", "Đèn đường"),
        ("id_content", "Đèn đường ở đầu bản bị hỏng đã hai tuần."),
        ("id_procedure", ""),
        ("id_attachments", ""),
        ("id_consent_publish", " "),  # Space ticks the box
    ]
    for field_id, text in entries:
        assert tab(page)["id"] == field_id
        if text == " ":
            page.keyboard.press("Space")
        elif text:
            page.keyboard.type(text)
    assert page.locator("#id_consent_publish").is_checked()
    # past the links of the personal-data notice, the consent it asks for
    tab_until(page, lambda f: f["id"] == "id_consent_personal_data", limit=10)
    page.keyboard.press("Space")
    assert page.locator("#id_consent_personal_data").is_checked()
    button = tab(page)
    assert (button["tag"], button["text"]) == ("button", "Gửi phản ánh, kiến nghị")
    page.keyboard.press("Enter")
    page.wait_for_url("**/phan-anh-kien-nghi/da-gui/**")
    code = page.locator(".tracking-code").inner_text()
    item = Feedback.objects.get(code=code)
    assert (item.name, item.phone, item.consent_publish) == ("Lò Văn Pọm", "0912 000 777", True)
    page.close()


@pytest.mark.browser
def test_a_keyboard_user_is_led_to_the_errors_of_a_form(chromium, live_server, demo):  # noqa: F811
    """An incomplete form comes back with focus on its list of errors; each error links to its field."""
    page = chromium.new_page(viewport={"width": 390, "height": 844})
    page.goto(live_server.url + "/phan-anh-kien-nghi/")
    page.locator("#id_name").focus()
    page.keyboard.type("Lò Văn Pọm")
    for _ in range(8):
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_consent_publish"
    tab_until(page, lambda f: f["tag"] == "button", limit=10)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    # focus starts on the list of errors (not at the top of the page), and each error leads to its field
    assert page.locator(".form-errors").is_visible()
    assert page.evaluate("document.activeElement.id") == "loi-bieu-mau"
    link = tab(page)
    assert link["href"] == "#id_address" and link["text"].startswith("Địa chỉ")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_address"
    page.keyboard.type("Bản Xuân Tre")
    assert page.locator("#id_name").input_value() == "Lò Văn Pọm"  # what was typed is kept
    page.close()
