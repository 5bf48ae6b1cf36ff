"""The article form keeps what is typed every few seconds and offers it back after the page is lost
(issue 17.3), in Chromium with the admin's strict CSP (the script is a static file, no inline code)."""

import pytest

from news.models import Article, ArticleStatus
from tests.demo import load_demo


@pytest.mark.browser
def test_typing_is_autosaved_and_offered_back_after_the_page_is_left(
    chromium, live_server, django_db_reset_sequences
):
    load_demo()
    article = Article.objects.filter(status=ArticleStatus.PUBLISHED).order_by("pk").first()
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(live_server.url + "/quan-tri/login/")
    page.fill("#id_username", "bientap")
    page.fill("#id_password", "MuongAng@2020")
    page.click("input[type=submit]")
    page.wait_for_url("**/quan-tri/")
    change = f"{live_server.url}/quan-tri/news/article/{article.pk}/change/"
    page.goto(change)
    page.fill("#id_title", "Tiêu đề đang gõ dở")
    page.locator("#tu-luu-trang-thai", has_text="Đã tự lưu lúc").wait_for(timeout=30_000)
    page.goto(change)  # the page left without saving, then opened again
    assert "Có bản tự lưu chưa được lưu" in page.text_content("#content")
    page.click("text=Khôi phục bản tự lưu vào ô soạn thảo")
    assert page.input_value("#id_title") == "Tiêu đề đang gõ dở"
    article.refresh_from_db()
    assert article.title != "Tiêu đề đang gõ dở"  # nothing saved for real
    assert not [e for e in errors if "Content Security Policy" in e], errors
    context.close()


@pytest.mark.browser
def test_a_new_article_is_autosaved_before_its_first_save(chromium, live_server, django_db_reset_sequences):
    load_demo()
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(live_server.url + "/quan-tri/login/")
    page.fill("#id_username", "phongvien")
    page.fill("#id_password", "MuongAng@2020")
    page.click("input[type=submit]")
    page.wait_for_url("**/quan-tri/")
    add = live_server.url + "/quan-tri/news/article/add/"
    page.goto(add)
    page.wait_for_selector(".ck-editor__editable", timeout=15000)
    page.fill("#id_title", "Bài mới chưa kịp lưu")
    page.click(".ck-editor__editable")
    page.keyboard.type("Đoạn văn đầu tiên của bài.")
    page.locator("#tu-luu-trang-thai", has_text="Đã tự lưu lúc").wait_for(timeout=30_000)
    page.goto(add)  # the tab was closed, the machine restarted…
    assert "Có bản tự lưu chưa được lưu" in page.text_content("#content")
    page.click("text=Khôi phục bản tự lưu vào ô soạn thảo")
    page.wait_for_selector(".ck-editor__editable", timeout=15000)
    assert page.input_value("#id_title") == "Bài mới chưa kịp lưu"
    assert "Đoạn văn đầu tiên của bài." in page.locator(".ck-editor__editable").inner_text()
    # «Bỏ bản tự lưu» drops it without saving an article
    page.goto(add)
    page.click("input[value='Bỏ bản tự lưu']")
    page.wait_for_url("**/news/article/add/")
    assert "Đã bỏ bản tự lưu" in page.text_content("#content-start, .messagelist")
    assert not Article.objects.filter(title="Bài mới chưa kịp lưu").exists()
    context.close()
