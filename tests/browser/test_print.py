"""Printed pages in Chromium (print media): the content without navigation, and where each link leads."""

import pytest

from tests.browser.test_accessibility import demo  # noqa: F401 (a fixture)

PAGES = [
    "/",
    "/tin-tuc/",
    "/tin-tuc/muong-ang-day-manh-cai-cach-hanh-chinh-nam-2020/",
    "/gioi-thieu/co-cau-to-chuc/",
    "/van-ban/?q=cai+cach",
    "/thu-tuc-hanh-chinh/1.001193/",
    "/thu-tuc-hanh-chinh/1.001193/giay-to-can-mang/",
    "/tra-cuu-ho-so/?ma=000.00.14.H19-200203-0001",
    "/hoi-dap/?q=khai+sinh",
    "/lien-he/",
]
# What a sheet of paper does not need: every way to move around the site or fill something in.
NAVIGATION = [
    ".skip-link",
    ".text-size",
    "header .search",
    ".main-nav",
    ".breadcrumbs",
    ".pagination",
    ".footer-links",
    ".footer-counter",
    "main form",
    "main button",
]
STATE = """selectors => {
  const shown = el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const links = Array.from(document.querySelectorAll('main a[href]')).filter(shown);
  return {
    shown: selectors.filter(s => Array.from(document.querySelectorAll(s)).some(shown)),
    present: selectors.filter(s => document.querySelector(s)),
    heading: shown(document.querySelector('h1')),
    address: shown(document.querySelector('.footer-contact')),
    pageAddress: Array.from(document.querySelectorAll('.print-only')).filter(shown).map(e => e.textContent.trim()),
    // links to pages (same site or another) must print their target; tel:, mailto: and #anchors need not
    bareLinks: links
      .filter(a => /^(https?:|\\/)/.test(a.getAttribute('href')))
      .filter(a => !getComputedStyle(a, '::after').content.includes(a.getAttribute('href')))
      .map(a => a.getAttribute('href')),
    targetsShown: links.filter(a => getComputedStyle(a, '::after').content.includes(a.getAttribute('href'))).length,
  };
}"""


@pytest.mark.browser
def test_printed_pages_keep_the_content_drop_the_navigation_and_show_link_targets(
    chromium,
    live_server,
    demo,  # noqa: F811
):
    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    targets = 0
    for path in PAGES:
        url = live_server.url + path
        page.goto(url)
        page.emulate_media(media="screen")
        on_screen = page.evaluate(STATE, NAVIGATION)
        assert ".main-nav" in on_screen["shown"] and not on_screen["pageAddress"], path
        page.emulate_media(media="print")
        printed = page.evaluate(STATE, NAVIGATION)
        assert printed["shown"] == [], f"{path}: printed {printed['shown']}"
        assert printed["heading"] and printed["address"], path
        assert printed["bareLinks"] == [], f"{path}: links printed without their target"
        assert printed["pageAddress"] == [f"Địa chỉ trang này: {url}"], path
        targets += printed["targetsShown"]
    assert targets > 30  # the pages above do have links in their content
    # a link in an article body prints its full address
    page.goto(live_server.url + "/gioi-thieu/tong-quan/")
    page.evaluate(
        """() => document.querySelector('main .prose').insertAdjacentHTML('beforeend',
        '<p><a href="https://dichvucong.gov.vn/">Cổng Dịch vụ công quốc gia</a></p>')"""
    )
    page.emulate_media(media="print")
    link = page.locator("main .prose a[href='https://dichvucong.gov.vn/']")
    assert link.evaluate("a => getComputedStyle(a, '::after').content") == '" (https://dichvucong.gov.vn/)"'
    page.close()
