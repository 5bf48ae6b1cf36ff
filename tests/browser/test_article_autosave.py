"""The article form keeps what is typed every few seconds and offers it back after the page is lost
(issue 17.3), in Chromium with the admin's strict CSP (the script is a static file, no inline code)."""

import pytest
from django.core.management import call_command

from news.models import Article, ArticleStatus


@pytest.mark.browser
def test_typing_is_autosaved_and_offered_back_after_the_page_is_left(chromium, live_server, transactional_db):
    call_command("load_demo", verbosity=0)
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
