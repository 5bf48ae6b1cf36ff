"""«Xem trước» on the article form: the text as typed, not saved, shown as the reader will see it, at phone and
desktop width, to the person who asked only; nothing is written (issue 17.3)."""

import re

import pytest
from django.test import Client

from news.models import Article, ArticleStatus
from portal import roles, units
from portal.models import UnitHost
from tests import factories
from tests.news.test_workflow import form_data

pytestmark = pytest.mark.django_db
HOST = "muongang.dienbien.localhost"


@pytest.fixture
def people(unit):
    UnitHost.objects.create(unit=unit, host=HOST, is_primary=True)
    factories.site_settings()
    units.hosts_changed()
    clients = {}
    for role in (roles.REPORTER, roles.EDITOR):
        clients[role] = Client(HTTP_HOST=HOST)
        clients[role].force_login(factories.staff_user(role))
    return {"category": factories.category(name="Kinh tế"), **clients}


def preview_page(client, response):
    assert response.status_code == 302, response.content.decode()[:500]
    frames = client.get(response["Location"])
    assert frames.status_code == 200
    html = frames.content.decode()
    sources = re.findall(r'<iframe src="([^"]+)" title="([^"]+)"', html)
    assert [title for _, title in sources] == ["Xem trước ở khổ điện thoại", "Xem trước ở khổ máy tính"]
    assert sources[0][0] == sources[1][0]
    return sources[0][0]


def test_a_new_article_is_previewed_as_typed_without_being_saved(people):
    reporter = people[roles.REPORTER]
    data = form_data(
        people["category"],
        title="Thu hoạch cà phê vụ mới",
        body='<p>Năng suất tăng.</p><script>alert(1)</script><p onclick="x()">Giá ổn định.</p>',
    )
    url = preview_page(reporter, reporter.post("/quan-tri/news/article/xem-truoc/", data))
    page = reporter.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "<h1>Thu hoạch cà phê vụ mới</h1>" in html and "Năng suất tăng." in html
    assert "chưa lưu" in html
    assert "<script>alert(1)" not in html and "onclick" not in html  # sanitised as a save would
    assert page["X-Robots-Tag"] == "noindex, nofollow" and "no-store" in page["Cache-Control"]
    assert page["X-Frame-Options"] == "SAMEORIGIN"  # shown in the admin's frames, nowhere else
    assert "frame-ancestors 'self'" in page["Content-Security-Policy"]
    assert not Article.objects.exists()
    # the preview is the asker's own: another member of staff, a visitor
    assert people[roles.EDITOR].get(url).status_code == 404
    assert Client(HTTP_HOST=HOST).get(url).status_code == 404


def test_an_edit_of_a_published_article_is_previewed_and_the_article_stays_as_it_is(people):
    article = factories.article(
        title="Bài đang trên cổng", status=ArticleStatus.PUBLISHED, category=people["category"]
    )
    editor = people[roles.EDITOR]
    data = form_data(
        people["category"], title="Tiêu đề sửa", slug=article.slug, status=ArticleStatus.PUBLISHED
    )
    url = preview_page(editor, editor.post(f"/quan-tri/news/article/{article.pk}/xem-truoc/", data))
    assert "<h1>Tiêu đề sửa</h1>" in editor.get(url).content.decode()
    article.refresh_from_db()
    assert article.title == "Bài đang trên cổng"
    assert "Bài đang trên cổng" in Client(HTTP_HOST=HOST).get(article.get_absolute_url()).content.decode()


def test_a_form_that_would_not_save_says_why_in_vietnamese(people):
    reporter = people[roles.REPORTER]
    response = reporter.post("/quan-tri/news/article/xem-truoc/", form_data(people["category"], title=""))
    assert response.status_code == 400
    assert "Tiêu đề" in response.content.decode() and "Chưa xem trước được" in response.content.decode()
    assert reporter.get("/quan-tri/news/article/xem-truoc/").status_code == 404
    assert reporter.get("/quan-tri/news/article/xem-truoc/khong-co/").status_code == 404
