"""An editor writes an introduction page in CKEditor 5 under the strict CSP, and citizens see it."""

import pytest

from news.models import Article
from tests import factories
from tests.browser.test_news_workflow import loads
from tests.demo import load_demo


@pytest.mark.browser
def test_editor_writes_an_intro_page_in_ckeditor(chromium, live_server, django_db_reset_sequences):
    load_demo()
    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    problems = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(live_server.url + "/quan-tri/login/?next=/quan-tri/news/page/add/")
    page.fill("#id_username", "bientap")
    page.fill("#id_password", "MuongAng@2020")
    page.click("input[type=submit]")
    page.wait_for_selector(".ck-editor__editable", timeout=15000)
    page.fill("#id_title", "Lịch sử hình thành")
    page.click(".ck-editor__editable")
    page.keyboard.type("Huyện được thành lập năm 2006.")
    page.click("input[name=_save]")
    page.wait_for_url("**/quan-tri/news/page/")
    assert not problems, problems  # no script blocked by the CSP, no broken asset
    public = chromium.new_page()
    public.goto(live_server.url + "/gioi-thieu/lich-su-hinh-thanh/")
    assert public.locator("h1").inner_text() == "Lịch sử hình thành"
    assert "Huyện được thành lập năm 2006." in public.locator(".prose").inner_text()
    page.close()
    public.close()


# Every CSP violation of a page, gathered before any of its own scripts run.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.effectiveDirective} ${event.blockedURI}`);
});
"""


@pytest.mark.browser
def test_the_article_editor_works_under_the_csp_and_the_published_page_has_no_violation(
    chromium, live_server, django_db_reset_sequences, tmp_path, settings
):
    """CKEditor with a photo and a table in the admin (the two exceptions of SECURE_CSP_ADMIN), then the
    public page, fresh and from the page cache: no violation anywhere, and the policy is really enforced."""
    settings.PAGE_CACHE = True
    load_demo()
    photo = tmp_path / "anh.png"
    photo.write_bytes(factories.photo_bytes((900, 600), "PNG", colour=(200, 150, 40)))
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(RECORD_VIOLATIONS)
    problems = []
    page = context.new_page()
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    # an unknown feature in our Permissions-Policy is only a warning: catch it too
    page.on("console", lambda message: "Permissions-Policy" in message.text and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(live_server.url + "/quan-tri/login/?next=/quan-tri/news/article/add/")
    page.fill("#id_username", "bientap")
    page.fill("#id_password", "MuongAng@2020")
    page.click("input[type=submit]")
    page.wait_for_selector(".ck-editor__editable", timeout=15000)
    page.fill("#id_title", "Hội thi văn nghệ quần chúng")
    page.select_option("#id_category", label="Tin tức - Sự kiện")
    page.fill("#id_summary", "Mười hai đội văn nghệ của các xã tham gia hội thi.")
    page.click(".ck-editor__editable")
    page.keyboard.type("Hội thi diễn ra trong hai ngày.")
    page.keyboard.press("Enter")
    page.locator(".ck-toolbar .ck-dropdown").filter(
        has=page.locator("[data-cke-tooltip-text*='bảng']")
    ).click()
    page.locator(".ck-insert-table-dropdown-grid-box").nth(11).click()  # a 2 × 2 table
    page.wait_for_selector(".ck-editor__editable table", timeout=5000)
    page.keyboard.type("Đội Nậm Lịch")
    page.click(".ck-editor__editable p >> nth=0")
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.set_input_files(".ck-toolbar input[type=file]", str(photo))
    page.wait_for_selector(".ck-editor__editable img[src*='/media/']", timeout=15000)
    assert page.evaluate("window.__cspViolations") == []
    page.click("input[name=_xuat_ban]")
    page.wait_for_url("**/quan-tri/news/article/")
    assert page.evaluate("window.__cspViolations") == []
    assert not problems, problems

    article = Article.objects.get(title="Hội thi văn nghệ quần chúng")
    visitor = chromium.new_context(viewport={"width": 390, "height": 800})
    visitor.add_init_script(RECORD_VIOLATIONS)
    citizen = visitor.new_page()
    citizen.on("console", lambda message: message.type == "error" and problems.append(message.text))
    for visit in ("rendered", "from the page cache"):
        response = citizen.goto(live_server.url + article.get_absolute_url())
        assert response.status == 200, visit
        assert response.headers["cache-control"] == "public, max-age=0, must-revalidate", visit
        assert loads(citizen.locator(".prose img")), visit
        assert "Đội Nậm Lịch" in citizen.locator(".prose table").inner_text(), visit
        assert citizen.evaluate("window.__cspViolations") == [], visit
    assert not problems, problems

    # the policy is enforced, not only sent: an inline script is refused and reported
    citizen.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.__ran = 1';"
        " document.body.append(s); }"
    )
    assert citizen.evaluate("window.__ran") is None
    citizen.wait_for_function("window.__cspViolations.length > 0", timeout=5000)
    assert citizen.evaluate("window.__cspViolations")[0].startswith("script-src")
    visitor.close()
    context.close()
