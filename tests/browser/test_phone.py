"""A citizen on a 390 × 844 phone, in Chromium: the page's own heading in the first screen, the menu folded
behind a button that works with and without JavaScript and with the keyboard, and a statistics page whose
chart and table read at that width."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_keyboard import tab
from tests.browser.test_whole_site import demo  # noqa: F401 (a fixture: the demo with real images)

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
PAGES = {
    "home": "/",
    "article": "/tin-tuc/muong-ang-day-manh-cai-cach-hanh-chinh-nam-2020/",
    "procedure": "/thu-tuc-hanh-chinh/1.001193/",
    "statistics": "/thong-ke-ho-so/",
    "search": "/tim-kiem/?q=khai+sinh",
    "contact": "/lien-he/",
    "map": "/gioi-thieu/ban-do-hanh-chinh/",
}
# The heading must start in the upper part of the first screen, so that the title and the first lines
# of the page show without scrolling (it started 460-590 px down before the menu folded).
HEADING_STARTS_BY = 0.4 * PHONE["height"]

PLACE = """() => {
  const box = document.querySelector('h1').getBoundingClientRect();
  return {top: box.top, bottom: box.bottom, count: document.querySelectorAll('h1').length,
          scrollWidth: document.documentElement.scrollWidth};
}"""


@pytest.mark.browser
def test_every_pages_heading_is_in_the_first_screen_of_a_phone(chromium, live_server, demo):  # noqa: F811
    problems = []
    for size, cookies in (("default text", []), ("large text (A+)", [{"name": "co_chu", "value": "lon"}])):
        context = chromium.new_context(viewport=PHONE)
        if cookies:
            context.add_cookies([{**c, "url": live_server.url} for c in cookies])
        page = context.new_page()
        for name, path in PAGES.items():
            page.goto(live_server.url + path)
            place = page.evaluate(PLACE)
            where = f"{name} ({path}), {size}"
            if place["count"] != 1:
                problems.append(f"{where}: {place['count']} <h1>")
            if place["bottom"] > PHONE["height"]:
                problems.append(f"{where}: the h1 ends at {place['bottom']:.0f} px, below the first screen")
            if size == "default text" and place["top"] > HEADING_STARTS_BY:
                problems.append(
                    f"{where}: the h1 starts at {place['top']:.0f} px (by {HEADING_STARTS_BY:.0f})"
                )
            if place["scrollWidth"] > PHONE["width"]:
                problems.append(f"{where}: scrolls sideways ({place['scrollWidth']} px)")
        context.close()
    assert not problems, "\n".join(problems)


def expanded(page):
    """The expanded state of the menu button as the browser tells assistive technology."""
    cdp = page.context.new_cdp_session(page)
    node = cdp.send("DOM.getDocument")["root"]["nodeId"]
    toggle = cdp.send("DOM.querySelector", {"nodeId": node, "selector": ".nav-toggle"})["nodeId"]
    ax = cdp.send("Accessibility.getPartialAXTree", {"nodeId": toggle, "fetchRelatives": False})["nodes"][0]
    cdp.detach()
    return {p["name"]: p["value"]["value"] for p in ax.get("properties", [])}.get("expanded")


@pytest.mark.browser
@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_the_menu_folds_behind_a_button_on_a_phone(chromium, live_server, demo, javascript):  # noqa: F811
    context = chromium.new_context(viewport=PHONE, java_script_enabled=javascript)
    page = context.new_page()
    page.goto(live_server.url + "/tin-tuc/")
    button = page.locator(".nav-toggle")
    contact = page.locator(".main-nav").get_by_role("link", name="Liên hệ", exact=True)
    # folded: the button shows, the items do not; the hotline and the search box stay in view
    assert button.is_visible() and button.inner_text().strip() == "Menu"
    assert not contact.is_visible() and expanded(page) is False
    assert page.get_by_role("link", name="0215 3868 111").first.is_visible()
    assert page.get_by_role("searchbox", name="Tìm kiếm trên cổng thông tin").is_visible()

    # a tap opens it and says so; a second tap folds it again
    button.click()
    assert contact.is_visible() and expanded(page) is True
    assert page.locator(".main-nav li.active").inner_text() == "Tin tức"
    button.click()
    assert not contact.is_visible() and expanded(page) is False

    # the keyboard: the button comes after the search box, shows its focus, opens with Enter, and its
    # first item follows it
    page.locator("#o-tim-kiem").focus()
    assert tab(page)["text"] == "Tìm"
    focused = tab(page)
    assert (focused["tag"], focused["text"]) == ("summary", "Menu")
    page.keyboard.press("Enter")
    assert contact.is_visible() and expanded(page) is True
    assert tab(page)["text"] == "Trang chủ"
    if javascript:  # Escape folds it and brings focus back to the button
        page.keyboard.press("Escape")
        assert page.evaluate("document.activeElement.className") == "nav-toggle wrap"
    else:  # Shift+Tab back to the button, Enter folds it
        assert tab(page, "Shift+Tab")["text"] == "Menu"
        page.keyboard.press("Enter")
    assert not contact.is_visible() and expanded(page) is False

    # an item of the open menu leads to its page
    button.click()
    contact.click()
    page.wait_for_url("**/lien-he/")
    assert page.locator("h1").inner_text() == "Liên hệ"
    assert not page.locator(".main-nav").get_by_role("link", name="Hỏi đáp").is_visible()
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_the_menu_stays_open_on_a_wide_screen(chromium, live_server, demo, javascript):  # noqa: F811
    context = chromium.new_context(viewport=DESKTOP, java_script_enabled=javascript)
    page = context.new_page()
    page.goto(live_server.url + "/")
    assert not page.locator(".nav-toggle").is_visible()
    items = page.locator(".main-nav ul:not(.has-sub ul) > li")
    assert items.count() == 11  # «Lịch công tác» joined the ten
    assert all(items.nth(n).is_visible() for n in range(11))
    tops = {round(items.nth(n).bounding_box()["y"]) for n in range(11)}
    assert len(tops) == 1, "the eleven items sit on one line"
    page.locator("#o-tim-kiem").focus()
    tab(page)
    assert tab(page)["text"] == "Trang chủ"  # no button in the way
    # narrowed to a phone the menu folds; widened again it opens
    page.set_viewport_size(PHONE)
    assert page.locator(".nav-toggle").is_visible()
    if javascript:
        expect(items.nth(10)).to_be_hidden()  # main.js folds it when the width crosses 60em
    page.set_viewport_size(DESKTOP)
    expect(items.nth(10)).to_be_visible()
    assert not page.locator(".nav-toggle").is_visible()
    context.close()


SMALLEST_TEXT = """selector => {
  // every piece of text in the chart, at the size it is drawn (SVG text scaled by its viewBox)
  const sizes = [];
  const walker = document.createTreeWalker(document.querySelector(selector), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.textContent.trim() || !el.getClientRects().length) continue;
    let size = parseFloat(getComputedStyle(el).fontSize);
    if (el.closest('svg')) size *= el.closest('svg').getScreenCTM().a;
    sizes.push([size, node.textContent.trim().slice(0, 30)]);
  }
  sizes.sort((a, b) => a[0] - b[0]);
  return sizes;
}"""

CELLS = """() => Array.from(document.querySelectorAll('.stats-table th, .stats-table td')).map(cell => {
  const style = getComputedStyle(cell);
  const padding = parseFloat(style.paddingTop) + parseFloat(style.paddingBottom);
  return {text: cell.innerText.trim().replace(/\\s+/g, ' '),
          lines: (cell.getBoundingClientRect().height / (cell.rowSpan || 1) - padding) / parseFloat(style.lineHeight)};
})"""


@pytest.mark.browser
def test_the_statistics_read_on_a_phone(chromium, live_server, demo):  # noqa: F811
    context = chromium.new_context(viewport=PHONE)
    page = context.new_page()
    for path, rows in (("/thong-ke-ho-so/?nam=2020", 12), ("/thong-ke-ho-so/?nam=2020&thang=10", 5)):
        page.goto(live_server.url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
        # the chart: a row a month (or field), every label and number at least 12 px and inside the screen
        chart = page.locator("figure.chart")
        smallest = page.evaluate(SMALLEST_TEXT, "figure.chart")
        assert smallest[0][0] >= 12, f"{path}: chart text of {smallest[0][0]:.1f} px: {smallest[:3]}"
        box = chart.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        assert chart.locator(".hbars > li").count() == rows
        by_field = 1 if rows == 5 else 0  # a month's chart names the fields
        assert chart.get_by_text("Thành lập và hoạt động của hộ kinh doanh").count() == by_field

        # the table: no cell taller than three lines; it scrolls sideways in its own labelled,
        # focusable region while the field's name stays in view
        cells = page.evaluate(CELLS)
        tall = [c for c in cells if c["lines"] > 3.2]
        assert not tall, f"{path}: cells taller than three lines: {tall}"
        region = page.get_by_role("region", name="Bảng thống kê theo lĩnh vực")
        assert region.get_attribute("tabindex") == "0"
        assert region.evaluate("e => e.scrollWidth > e.clientWidth")
        region.focus()
        for _ in range(5):
            page.keyboard.press("ArrowRight")  # a keyboard scrolls it
        page.wait_for_function("e => e.scrollLeft > 0", arg=region.element_handle())  # (smooth scrolling)
        region.evaluate("e => { e.scrollLeft = e.scrollWidth; }")
        name = region.get_by_role("rowheader", name="Hộ tịch")
        region_box, name_box = region.bounding_box(), name.bounding_box()
        assert abs(name_box["x"] - region_box["x"]) < 2, (name_box, region_box)
        last = region.locator("tbody tr").first.locator("td").last
        assert (
            last.bounding_box()["x"] + last.bounding_box()["width"]
            <= region_box["x"] + region_box["width"] + 1
        )
    context.close()
