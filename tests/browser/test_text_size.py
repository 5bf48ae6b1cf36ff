"""The A- A A+ switch in Chromium: the chosen size stays on every page visited after, with or without JavaScript."""

import pytest

from tests.browser.test_accessibility import demo  # noqa: F401 (a fixture)

PAGES = [
    "/tin-tuc/muong-ang-day-manh-cai-cach-hanh-chinh-nam-2020/",
    "/thu-tuc-hanh-chinh/1.001193/",
    "/phan-anh-kien-nghi/",
    "/van-ban/",
    "/tiep-cong-dan/",
]
SIZES = """() => ({
  root: parseFloat(getComputedStyle(document.documentElement).fontSize),
  h1: parseFloat(getComputedStyle(document.querySelector('h1')).fontSize),
  text: parseFloat(getComputedStyle(document.querySelector('main p')).fontSize),
  current: document.querySelector('.text-size [aria-current="true"] .sr-only').textContent,
  scrollWidth: document.documentElement.scrollWidth,
})"""


def choose(page, size, javascript):
    link = page.get_by_role("link", name=size)
    if javascript:  # applied at once and kept in a cookie by main.js
        link.click()
    else:  # /co-chu/<size>/ sets the cookie and comes back
        with page.expect_navigation():
            link.click()


def sizes_on(page, url):
    page.goto(url)
    return page.evaluate(SIZES)


@pytest.mark.browser
@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_the_chosen_text_size_stays_on_every_page(chromium, live_server, demo, javascript):  # noqa: F811
    plain = chromium.new_context(viewport={"width": 390, "height": 844})
    default = {path: sizes_on(plain.new_page(), live_server.url + path) for path in PAGES}
    plain.close()

    context = chromium.new_context(java_script_enabled=javascript, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(live_server.url + "/")
    choose(page, "Chữ lớn", javascript)
    for path in PAGES:
        now = sizes_on(page, live_server.url + path)
        before = default[path]
        assert now["current"] == "Chữ lớn", path
        assert now["root"] > before["root"] and now["text"] > before["text"] and now["h1"] > before["h1"], (
            path,
            before,
            now,
        )
        assert now["text"] >= 1.15 * before["text"], (path, before, now)
        assert now["scrollWidth"] <= 390, f"{path} scrolls sideways with large text"  # WCAG 1.4.10 reflow

    choose(page, "Chữ nhỏ", javascript)
    small = sizes_on(page, live_server.url + PAGES[0])
    assert small["text"] < default[PAGES[0]]["text"] and small["current"] == "Chữ nhỏ"

    choose(page, "Chữ vừa", javascript)
    assert sizes_on(page, live_server.url + PAGES[1]) == default[PAGES[1]]
    context.close()
