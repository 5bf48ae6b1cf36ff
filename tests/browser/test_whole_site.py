"""Every public page in Chromium, once: accessibility, page weight, other hosts, fonts and lazy images.

The walk is every URL of /sitemap.xml, the pages the sitemap leaves out (lists, filters, page 2, the
English contact page, the 404 page), and the form and result pages reached by submitting forms.
Each page is loaded once at 1280 px and checked, then resized to 390 px and checked again:
- axe-core, WCAG 2.0/2.1 A and AA: any violation fails, with page, width, rule and nodes;
- one <h1>; no horizontal scrolling at 390 px;
- page weight under 100 KB for a first visit, content images excluded (see `weigh`);
- no request to another host, no @font-face from another host;
- every <img> below the first viewport has loading="lazy".
All failures are collected and reported together; the slowest and heaviest pages are printed
(run with -s to see them).
"""

import gzip
import io
import re
import time
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.files.base import ContentFile
from PIL import Image

from citizens.models import Feedback, QuestionTopic
from portal.models import Unit
from portal.richtext import sanitize_html
from procedures.models import Procedure
from tests.demo import load_demo

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# The WCAG 2.1 A/AA rules, plus heading levels in order (a best practice for 1.3.1: a list of
# news under the page's h1 had its titles as h3).
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "rules": {"heading-order": {"enabled": True}}}
WIDTHS = (1280, 390)
VIEWPORT_HEIGHT = {1280: 900, 390: 844}
BUDGET = 100 * 1024  # bytes per page, first visit, content images excluded
DOSSIER = "000.00.14.H19-200203-0001"  # a dossier of the demo

# Pages the sitemap does not list, one per line: a path (200 expected) or (path, expected status).
EXTRA_PAGES = [
    "/gioi-thieu/",
    "/gioi-thieu/ban-do-hanh-chinh/",  # the illustrative boundary of the demo's unit, as inline SVG
    "/tin-tuc/",
    "/tin-tuc/?page=2",
    "/tin-tuc/chuyen-muc/tin-tuc-su-kien/?page=2",
    "/van-ban/",
    "/van-ban/?q=cai+cach&loai=ke-hoach",
    # an issuer of the demo (a name not in the list is left out with a message: the page below)
    "/van-ban/?" + urlencode({"co-quan": "Ủy ban nhân dân huyện Mường Ảng", "nam": 2020}),
    ("/van-ban/?co-quan=UBND+huy%E1%BB%87n&nam=1990", 400),  # filters left out, said on the page
    "/van-ban/?q=kh%C3%B4ng+c%C3%B3+v%C4%83n+b%E1%BA%A3n+n%C3%A0y",  # no result
    "/en/contact/",
    "/hoi-dap/?q=khai+sinh",
    "/hoi-dap/?q=zzzz",  # no result
    ("/hoi-dap/?chu-de=khong-co", 400),  # unknown topic, said on the page
    "/thu-tuc-hanh-chinh/?q=dang+ky+khai+sinh",
    "/thu-tuc-hanh-chinh/?cap=xa&muc_do=toan_trinh",
    ("/thu-tuc-hanh-chinh/?linh_vuc=khong-co&cap=sai", 400),  # invalid filters reported on the page
    "/thu-tuc-hanh-chinh/?page=2",
    f"/tra-cuu-ho-so/?ma={DOSSIER}",
    ("/tra-cuu-ho-so/?ma=000.00.14.H19-200203-9999", 404),  # well formed, no such dossier
    ("/tra-cuu-ho-so/?ma=sai", 400),  # malformed code
    "/thong-ke-ho-so/?nam=2020",
    "/thong-ke-ho-so/?nam=2020&thang=10",
    "/thong-ke-ho-so/?nam=2020&den_thang=6",
    ("/thong-ke-ho-so/?nam=1990", 400),
    "/chat-luong-dich-vu/?nam=2020",
    ("/chat-luong-dich-vu/?nam=1990", 400),  # no figures that year, said on the page
    "/tiep-cong-dan/?page=2",
    ("/khong-co-trang-nay/", 404),
]

# The search page in its states: results, a typo widened, nothing found with suggestions, no query,
# and a query refused with its message.
SEARCH_PAGES = [  # entries as in EXTRA_PAGES
    "/tim-kiem/",
    "/tim-kiem/?q=thủ tục",
    "/tim-kiem/?q=3855/KH-UBND",
    "/tim-kiem/?q=dang+ki+khai+sinh",
    "/tim-kiem/?q=khai+sinh+qwxz",
    "/tim-kiem/?q=cai+cach&loai=van-ban&tu=01/01/2019&den=31/12/2020",
    ("/tim-kiem/?q=cai+cach&tu=31/02/2020", 400),
]


def dynamic_pages():
    """Pages one per object that the sitemap does not list: papers to bring, Q&A topics."""
    pages = [f"{p.get_absolute_url()}giay-to-can-mang/" for p in Procedure.objects.active().order_by("code")]
    pages += [f"/hoi-dap/?chu-de={t.slug}" for t in QuestionTopic.objects.order_by("pk")]
    return pages


# --- Forms: each step drives the page to a form or result page and returns the main response ----------


def feedback_form_with_errors(page, base):
    page.goto(base + "/phan-anh-kien-nghi/")
    page.get_by_label("Số điện thoại").fill("123")
    page.get_by_label("Thư điện tử (không bắt buộc)").fill("sai@")
    with page.expect_response(lambda r: r.request.method == "POST") as info:
        page.get_by_role("button", name="Gửi phản ánh, kiến nghị").click()
    page.wait_for_load_state()
    assert page.locator(".form-errors").is_visible()
    return info.value, 400


def feedback_sent(page, base):
    page.goto(base + "/phan-anh-kien-nghi/")
    page.get_by_label("Họ và tên").fill("Lò Thị Mai")
    page.get_by_label("Địa chỉ").fill("Bản Co Hắm, xã Búng Lao")
    page.get_by_label("Số điện thoại").fill("0912 345 678")
    page.get_by_label("Nội dung phản ánh, kiến nghị").fill("Đường vào bản bị sạt lở sau mưa.")
    page.get_by_label("xử lý dữ liệu cá nhân nêu trên").check()
    with page.expect_navigation(url=re.compile(r"/da-gui/")) as info:
        page.get_by_role("button", name="Gửi phản ánh, kiến nghị").click()
    assert page.locator(".tracking-code").is_visible()
    return info.value, 200


def _lookup_feedback(page, base, code, phone):
    page.goto(base + "/phan-anh-kien-nghi/tra-cuu/")
    page.get_by_label("Mã theo dõi").fill(code)
    page.get_by_label("Số điện thoại đã khai khi gửi").fill(phone)
    with page.expect_navigation() as info:
        page.get_by_role("button", name="Tra cứu").click()
    return info.value


def feedback_lookup_answered(page, base):
    item = Feedback.objects.filter(status="answered").first()
    response = _lookup_feedback(page, base, item.code, item.phone)
    assert page.locator(".lookup-result").is_visible()
    return response, 200


def feedback_lookup_not_found(page, base):
    item = Feedback.objects.first()
    response = _lookup_feedback(page, base, item.code, "0987000000")
    assert page.locator("[role=alert]").is_visible()
    return response, 200


def feedback_lookup_with_errors(page, base):
    return _lookup_feedback(page, base, "abc", ""), 400


def dossier_lookup_by_the_home_form(page, base):
    page.goto(base + "/")
    page.get_by_label("Mã hồ sơ").fill(DOSSIER)
    with page.expect_navigation() as info:
        page.get_by_label("Mã hồ sơ").press("Enter")
    assert page.locator(".lookup-result").is_visible()
    return info.value, 200


FORM_STEPS = [
    feedback_form_with_errors,
    feedback_sent,
    feedback_lookup_answered,
    feedback_lookup_not_found,
    feedback_lookup_with_errors,
    dossier_lookup_by_the_home_form,
]


# --- Checks --------------------------------------------------------------------------------------------

AXE_RUN = """options => axe.run(document, options).then(r => r.violations.map(v => ({
  id: v.id, impact: v.impact, help: v.help,
  nodes: v.nodes.map(n => n.target.join(' ') + ' ' + n.html.slice(0, 80)),
})))"""

EAGER_IMAGES_BELOW_THE_FOLD = """() => Array.from(document.images).filter(img => {
  const box = img.getBoundingClientRect();
  return box.height > 0 && box.top + window.scrollY >= window.innerHeight && img.loading !== 'lazy';
}).map(img => img.outerHTML.slice(0, 120))"""

FOREIGN_FONT_FACES = """() => {
  const foreign = [];
  for (const sheet of document.styleSheets) {
    let rules;
    try { rules = sheet.cssRules; } catch (e) { foreign.push('unreadable stylesheet ' + sheet.href); continue; }
    for (const rule of rules) {
      if (!(rule instanceof CSSFontFaceRule)) continue;
      for (const m of rule.style.getPropertyValue('src').matchAll(/url\\(["']?([^"')]+)/g)) {
        const url = new URL(m[1], sheet.href || location.href);
        if (url.origin !== location.origin) foreign.push(url.href);
      }
    }
  }
  return foreign;
}"""


def weigh(requests):
    """Bytes a first visit to the page transfers, content images excluded, as production serves it.

    pytest-django's live_server serves static files uncompressed (plain StaticFilesStorage, no
    Content-Encoding), while production serves them through whitenoise, which precompresses CSS and JS
    with gzip and brotli. So a CSS or JS body counts at its gzip -9 size (brotli would be smaller: gzip is
    the conservative figure). The HTML counts as it arrives: Django sends it uncompressed (there is no
    GZipMiddleware, whose use with CSRF tokens in pages invites BREACH), so its raw size is what a phone
    downloads unless a proxy compresses it. A response that does arrive compressed counts at its
    transferred size. Response headers count too. Images (content, emblem, favicon) are left out.
    The browser cache is off, so every page is weighed as a first visit.
    """
    total, parts = 0, {}
    for request in since_last_navigation(requests):
        response = request.response()
        content_type = (response and response.header_value("content-type")) or ""
        if response is None or request.resource_type == "image" or content_type.startswith("image/"):
            continue  # images, including the favicon Chromium fetches as "other"
        sizes = request.sizes()
        size = max(sizes["responseHeadersSize"], 0)
        if not 300 <= response.status < 400:
            if response.header_value("content-encoding"):
                size += sizes["responseBodySize"]
            elif request.resource_type in {"stylesheet", "script"}:
                size += len(gzip.compress(response.body(), compresslevel=9))
            else:
                size += len(response.body())
        total += size
        kind = request.resource_type
        parts[kind] = parts.get(kind, 0) + size
    return total, parts


def since_last_navigation(requests):
    """The requests of the page now shown: from the last top-level navigation (with its redirects) on."""
    navigations = [r for r in requests if r.is_navigation_request() and r.frame.parent_frame is None]
    if not navigations:
        return requests
    first = navigations[-1]
    while first.redirected_from is not None:
        first = first.redirected_from
    return requests[requests.index(first) :]


class Walk:
    """One browser page reused for the whole walk; collects failures and figures."""

    def __init__(self, chromium, base):
        self.base = base
        self.context = chromium.new_context(
            viewport={"width": WIDTHS[0], "height": VIEWPORT_HEIGHT[WIDTHS[0]]}
        )
        # axe-core is present in every document from the start: no injection per check.
        self.context.add_init_script(Axe().axe_script)
        self.page = self.context.new_page()
        cdp = self.context.new_cdp_session(self.page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})  # every page weighed as a first visit
        self.requests = []
        self.page.on("request", lambda request: self.requests.append(request))
        self.failures, self.timings, self.weights = [], [], []

    def fail(self, label, message):
        self.failures.append(f"{label}: {message}")

    def visit(self, label, action):
        """``action`` brings the page up and returns (main response, expected status)."""
        page = self.page
        page.set_viewport_size({"width": WIDTHS[0], "height": VIEWPORT_HEIGHT[WIDTHS[0]]})
        self.requests.clear()
        started = time.monotonic()
        response, expected_status = action()
        loaded = time.monotonic() - started
        if response is None or response.status != expected_status:
            self.fail(label, f"status {response and response.status}, expected {expected_status}")
        self.check_requests(label)
        total, parts = weigh(self.requests)
        self.weights.append((total, label, parts))
        if total > BUDGET:
            detail = ", ".join(f"{kind} {size / 1024:.1f} KB" for kind, size in sorted(parts.items()))
            self.fail(
                label, f"{total / 1024:.1f} KB transferred, over the {BUDGET // 1024} KB budget ({detail})"
            )
        if page.locator("h1").count() != 1:
            self.fail(label, f"{page.locator('h1').count()} <h1> elements")
        foreign_fonts = page.evaluate(FOREIGN_FONT_FACES)
        if foreign_fonts:
            self.fail(label, f"@font-face from another host: {foreign_fonts}")
        for width in WIDTHS:
            if width != WIDTHS[0]:
                page.set_viewport_size({"width": width, "height": VIEWPORT_HEIGHT[width]})
            where = f"{label} @ {width}px"
            for v in page.evaluate(AXE_RUN, AXE_OPTIONS):
                nodes = "\n      ".join(v["nodes"][:5])
                more = f" (+{len(v['nodes']) - 5} more)" if len(v["nodes"]) > 5 else ""
                self.fail(where, f"{v['id']} ({v['impact']}): {v['help']}{more}\n      {nodes}")
            eager = page.evaluate(EAGER_IMAGES_BELOW_THE_FOLD)
            if eager:
                self.fail(where, f"images below the fold without loading=lazy: {eager}")
            if width <= 400 and page.evaluate("document.documentElement.scrollWidth") > width:
                self.fail(where, "scrolls sideways")
        self.check_requests(label)  # resizing may load other image sources
        self.timings.append((time.monotonic() - started, loaded, label))

    def check_requests(self, label):
        for request in self.requests:  # all of them, also those of pages a form step went through
            host = urlsplit(request.url)
            if request.url.startswith("data:"):
                continue
            if f"{host.scheme}://{host.netloc}" != self.base:
                self.fail(label, f"request to another host: {request.url}")

    def report(self):
        print(f"\n{len(self.timings)} pages walked.")
        print("Slowest pages (total check time s · load s):")
        for total, loaded, label in sorted(self.timings, reverse=True)[:8]:
            print(f"  {total:5.2f} · {loaded:5.2f}  {label}")
        print("Heaviest pages (KB, first visit, content images excluded):")
        for total, label, parts in sorted(self.weights, key=lambda w: w[0], reverse=True)[:8]:
            detail = ", ".join(f"{kind} {size / 1024:.1f}" for kind, size in sorted(parts.items()))
            print(f"  {total / 1024:6.1f}  {label}  ({detail})")


@pytest.fixture
def demo(django_db_reset_sequences, settings):
    settings.ROOT_URLCONF = "tests.browser.media_urls"  # real images, so the layout is the real one
    load_demo()


def sitemap_paths(page, base):
    response = page.goto(base + "/sitemap.xml")
    assert response.status == 200
    locations = re.findall(r"<loc>([^<]+)</loc>", response.text())
    assert len(locations) > 50, "the demo fills the sitemap"
    return [urlsplit(location)._replace(scheme="", netloc="").geturl() for location in locations]


@pytest.mark.browser
def test_every_public_page_is_accessible_light_and_self_contained(chromium, live_server, demo):
    base = live_server.url
    walk = Walk(chromium, base)
    pages = sitemap_paths(walk.page, base)
    pages += [p for p in [*EXTRA_PAGES, *dynamic_pages()] if p not in pages]
    pages += SEARCH_PAGES
    for entry in pages:
        path, status = entry if isinstance(entry, tuple) else (entry, 200)
        walk.visit(path, lambda path=path, status=status: (walk.page.goto(urljoin(base, path)), status))
    for step in FORM_STEPS:
        walk.visit(step.__name__, lambda step=step: step(walk.page, base))
    walk.report()
    walk.context.close()
    assert not walk.failures, f"{len(walk.failures)} problems:\n" + "\n".join(walk.failures)


CONTRAST = """([text, background]) => {
  const lum = ([r, g, b]) => [r, g, b].map(v => (v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const [a, b] = [lum(text), lum(background)].sort((p, q) => q - p);
  return (a + 0.05) / (b + 0.05);
}"""


@pytest.mark.browser
def test_the_header_text_stays_readable_over_the_lightest_banner(chromium, live_server, demo):
    """axe-core cannot judge text over a photo; the banner an editor uploads can be anything, even white."""
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 160), "white").save(buffer, "PNG")
    site = Unit.objects.get(code="03253")  # the demo's unit
    site.banner.save("bang-ron-trang.png", ContentFile(buffer.getvalue()))
    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    page.goto(live_server.url + "/")
    page.wait_for_function("() => document.querySelector('.banner').complete")
    assert page.evaluate("document.querySelector('.banner').naturalWidth") == 1200
    texts = {
        selector: [
            int(c)
            for c in re.findall(r"\d+", page.locator(selector).evaluate("e => getComputedStyle(e).color"))
        ][:3]
        for selector in (".brand-kicker", ".brand-name", ".brand-parent")
    }
    # the background behind the text: the header photographed with the text hidden, its lightest pixel
    box = page.locator(".brand-text").bounding_box()
    page.locator(".brand-text").evaluate("e => { e.style.visibility = 'hidden'; }")
    shot = Image.open(io.BytesIO(page.screenshot(clip=box))).convert("RGB")
    lightest = max((color for _, color in shot.getcolors(shot.width * shot.height)), key=sum)
    for selector, color in texts.items():
        ratio = page.evaluate(CONTRAST, [color, list(lightest)])
        needed = 3 if selector == ".brand-name" else 4.5  # the name is large bold text
        assert ratio >= needed, f"{selector} {color} on {lightest}: {ratio:.2f}:1"
    page.close()


def test_body_images_load_lazily_whatever_the_editor_wrote():
    """CKEditor bodies: every image gets loading="lazy" on save, and saving again changes nothing."""
    body = sanitize_html(
        '<p>Ảnh:</p><img src="/media/a.jpg" alt="Hội nghị" width="800" height="450">'
        '<figure><img loading="eager" src="/media/b.webp" alt="Toàn cảnh"></figure>'
    )
    assert body == (
        '<p>Ảnh:</p><img src="/media/a.jpg" alt="Hội nghị" width="800" height="450" loading="lazy">'
        '<figure><img loading="lazy" src="/media/b.webp" alt="Toàn cảnh"></figure>'
    )
    assert sanitize_html(body) == body
