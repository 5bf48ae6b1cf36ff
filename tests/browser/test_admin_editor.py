"""An editor writes an introduction page in CKEditor 5 under the strict CSP, and citizens see it."""

import pytest
from django.core.management import call_command


@pytest.mark.browser
def test_editor_writes_an_intro_page_in_ckeditor(chromium, live_server, transactional_db):
    call_command("load_demo", verbosity=0)
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
