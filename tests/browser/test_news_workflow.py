"""In Chromium: a reporter writes an article with photos in CKEditor and submits it, an editor publishes it,
and citizens read it."""

import pytest

from news.models import Article
from tests import factories
from tests.demo import load_demo


def sign_in(page, base, username, next_url):
    page.goto(f"{base}/quan-tri/login/?next={next_url}")
    page.fill("#id_username", username)
    page.fill("#id_password", "MuongAng@2020")
    page.click("input[type=submit]")


@pytest.mark.browser
def test_reporter_writes_editor_publishes_citizens_read(
    chromium, live_server, django_db_reset_sequences, tmp_path
):
    load_demo()
    cover = tmp_path / "anh-bia.jpg"
    cover.write_bytes(factories.photo_bytes((1600, 1000), colour=(30, 110, 160)))
    inline = tmp_path / "anh-trong-bai.png"
    inline.write_bytes(factories.photo_bytes((900, 600), "PNG", colour=(200, 150, 40)))
    problems = []

    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))

    # the reporter
    sign_in(page, live_server.url, "phongvien", "/quan-tri/news/article/add/")
    page.wait_for_selector(".ck-editor__editable", timeout=15000)
    assert page.locator("#id_status").count() == 0 and page.locator("#id_featured").count() == 0
    page.fill("#id_title", "Khánh thành cầu treo bản Huổi Sứa")
    page.select_option("#id_category", label="Tin tức - Sự kiện")
    page.fill("#id_summary", "Cây cầu mới giúp học sinh đến trường an toàn trong mùa mưa.")
    page.click(".ck-editor__editable")
    page.keyboard.type("Sáng nay, người dân bản Huổi Sứa vui mừng đón cây cầu mới.")
    page.keyboard.press("Enter")
    page.set_input_files(".ck-toolbar input[type=file]", str(inline))
    page.wait_for_selector(".ck-editor__editable img[src*='/media/']", timeout=15000)
    page.set_input_files("#id_cover", str(cover))
    page.fill("#id_cover_alt", "Cây cầu treo bắc qua suối")
    page.fill("#id_cover_caption", "Cầu treo bản Huổi Sứa ngày khánh thành")
    page.click("input[name=_gui_duyet]")
    page.wait_for_url("**/quan-tri/news/article/")
    assert "gửi cho biên tập viên duyệt" in page.content()
    article = Article.objects.get(title="Khánh thành cầu treo bản Huổi Sứa")
    assert article.status == "cho-duyet" and article.cover_renditions

    citizen = chromium.new_page()
    assert citizen.goto(live_server.url + article.get_absolute_url()).status == 404

    # the editor
    context.clear_cookies()
    sign_in(page, live_server.url, "bientap", f"/quan-tri/news/article/{article.pk}/change/")
    page.wait_for_selector(".ck-editor__editable", timeout=15000)
    assert "Gửi duyệt" in page.locator(".inline-group").inner_text()  # the history
    page.click("input[name=_xuat_ban]")
    page.wait_for_url("**/quan-tri/news/article/")
    print("\n".join(problems))
    assert not problems, problems  # nothing blocked by the CSP, no broken asset

    # the citizen, on a phone
    citizen.set_viewport_size({"width": 390, "height": 800})
    response = citizen.goto(live_server.url + article.get_absolute_url())
    assert response.status == 200
    assert citizen.locator("h1").inner_text() == "Khánh thành cầu treo bản Huổi Sứa"
    cover_img = citizen.locator("figure.cover img")
    assert cover_img.get_attribute("alt") == "Cây cầu treo bắc qua suối"
    # both images load lazily (below the first screen on a phone): scroll to each, then it must load
    assert loads(cover_img)
    body_img = citizen.locator(".prose img")
    assert body_img.count() == 1
    assert loads(body_img)
    assert "Sáng nay, người dân bản Huổi Sứa" in citizen.locator(".prose").inner_text()
    assert citizen.evaluate("document.documentElement.scrollWidth") <= 390
    citizen.goto(live_server.url + "/tin-tuc/")
    assert "Khánh thành cầu treo bản Huổi Sứa" in citizen.locator("main").inner_text()
    context.close()
    citizen.close()


def loads(img):
    """Scroll a lazily loaded image into view and wait until the browser has decoded it."""
    img.scroll_into_view_if_needed()
    img.page.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=img.element_handle())
    return img.evaluate("(img) => img.naturalWidth") > 0
