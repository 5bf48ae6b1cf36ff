"""The editorial workflow in the admin: reporters write and submit, editors publish; nobody goes around it."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from news.models import Article, ArticleEvent, ArticleStatus
from portal import roles
from tests import factories

pytestmark = pytest.mark.django_db
ADD_URL = "/quan-tri/news/article/add/"


def change_url(article):
    return f"/quan-tri/news/article/{article.pk}/change/"


def login(user):
    client = Client()
    client.force_login(user)
    return client


def form_data(category, **values):
    data = {
        "title": "Khánh thành trường mầm non bản Co Hắm",
        "slug": "",
        "category": category.pk,
        "summary": "Ngôi trường mới có bốn phòng học.",
        "body": "<p>Trẻ em bản Co Hắm đã có trường mới.</p>",
        "cover_alt": "",
        "cover_caption": "",
        "author_name": "",
        "source": "",
        "events-TOTAL_FORMS": "0",
        "events-INITIAL_FORMS": "0",
        "events-MIN_NUM_FORMS": "0",
        "events-MAX_NUM_FORMS": "0",
    }
    data.update(values)
    return data


@pytest.fixture
def people():
    return {
        "reporter": factories.staff_user(roles.REPORTER, first_name="Dũng", last_name="Quàng Văn"),
        "other_reporter": factories.staff_user(roles.REPORTER),
        "editor": factories.staff_user(roles.EDITOR),
        "category": factories.category(name="Văn hóa - Xã hội"),
    }


def test_a_reporter_writes_and_submits_but_cannot_publish_even_by_a_crafted_post(people):
    client = login(people["reporter"])
    crafted = form_data(
        people["category"],
        status=ArticleStatus.PUBLISHED,
        published_at_0="16/11/2020",
        published_at_1="07:00",
        featured="on",
        _gui_duyet="1",
    )
    response = client.post(ADD_URL, crafted)
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get()
    assert article.status == ArticleStatus.REVIEW  # submitted, not published
    assert article.published_at is None and not article.featured
    assert article.created_by == people["reporter"]
    assert article.author_name == "Quàng Văn Dũng"
    assert list(article.events.order_by("pk").values_list("action", flat=True)) == ["tao", "gui-duyet"]
    assert Client().get(article.get_absolute_url()).status_code == 404

    # the publish button, posted by hand, is refused
    response = client.post(change_url(article), form_data(people["category"], _xuat_ban="1"))
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.status == ArticleStatus.REVIEW


def test_a_reporter_cannot_touch_someone_elses_article(people):
    theirs = factories.article(
        title="Bài của người khác",
        status=ArticleStatus.DRAFT,
        published_at=None,
        created_by=people["other_reporter"],
        category=people["category"],
    )
    client = login(people["reporter"])
    assert client.get(change_url(theirs)).status_code in (302, 404)
    client.post(change_url(theirs), form_data(people["category"], title="Đã bị sửa"))
    theirs.refresh_from_db()
    assert theirs.title == "Bài của người khác"
    listing = client.get("/quan-tri/news/article/").content.decode()
    assert "Bài của người khác" not in listing


def test_a_reporter_cannot_edit_their_article_once_published(people):
    mine = factories.article(created_by=people["reporter"], category=people["category"], title="Đã đăng")
    client = login(people["reporter"])
    client.post(change_url(mine), form_data(people["category"], title="Sửa sau khi đăng"))
    mine.refresh_from_db()
    assert mine.title == "Đã đăng"


def test_an_editor_publishes_now_and_the_history_shows_who_did_what(people):
    client = login(people["reporter"])
    client.post(ADD_URL, form_data(people["category"], _gui_duyet="1"))
    article = Article.objects.get()
    editor = login(people["editor"])
    response = editor.post(
        change_url(article), form_data(people["category"], status=ArticleStatus.REVIEW, _xuat_ban="1")
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == ArticleStatus.PUBLISHED and article.published_at <= timezone.now()
    page = Client().get(article.get_absolute_url())
    assert page.status_code == 200 and "Khánh thành trường mầm non" in page.content.decode()
    history = editor.get(change_url(article)).content.decode()
    assert "Lịch sử bài viết" in history
    for label in ("Tạo bài", "Gửi duyệt", "Xuất bản"):
        assert label in history
    actors = dict(article.events.values_list("action", "actor__username"))
    assert actors["tao"] == people["reporter"].username
    assert actors["xuat-ban"] == people["editor"].username


def test_a_scheduled_article_appears_by_itself_when_its_time_comes(people):
    soon = timezone.localtime() + timedelta(hours=2)
    editor = login(people["editor"])
    response = editor.post(
        ADD_URL,
        form_data(
            people["category"],
            status=ArticleStatus.PUBLISHED,
            published_at_0=f"{soon:%d/%m/%Y}",
            published_at_1=f"{soon:%H:%M}",
        ),
    )
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.is_scheduled
    assert ArticleEvent.objects.filter(article=article, action="hen-gio").exists()
    visitor = Client()
    assert visitor.get(article.get_absolute_url()).status_code == 404
    assert article.title not in visitor.get("/tin-tuc/").content.decode()
    assert article.title not in visitor.get("/").content.decode()

    # Time passes (no cron, no further save through the workflow): the row's time is now in the past.
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    assert visitor.get(article.get_absolute_url()).status_code == 200
    assert article.title in visitor.get("/tin-tuc/").content.decode()


def test_the_home_page_notices_a_scheduled_article_falling_due(people, clock):
    """The home page's news block is cached, but not past the time the next article is due."""
    factories.site_settings()
    home = people["category"]
    due = timezone.now() + timedelta(minutes=10)
    factories.article(category=home, title="Tin hẹn giờ trên trang chủ", published_at=due)
    visitor = Client()
    assert "Tin hẹn giờ trên trang chủ" not in visitor.get("/").content.decode()
    clock.move_to(due)  # its time comes; nothing is saved
    assert "Tin hẹn giờ trên trang chủ" in visitor.get("/").content.decode()


def test_drafts_are_404_for_visitors_and_a_noindex_uncached_preview_for_staff(people):
    draft = factories.article(
        status=ArticleStatus.DRAFT, published_at=None, created_by=people["reporter"], title="Bản nháp bí mật"
    )
    assert Client().get(draft.get_absolute_url()).status_code == 404
    assert login(people["other_reporter"]).get(draft.get_absolute_url()).status_code == 404
    for user in (people["reporter"], people["editor"]):
        response = login(user).get(draft.get_absolute_url())
        assert response.status_code == 200
        assert "Bản xem trước" in response.content.decode()
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
        assert response["X-Robots-Tag"].startswith("noindex")
        assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()


def test_editors_withdraw_and_feature_reporters_cannot(people):
    article = factories.article(category=people["category"])
    editor = login(people["editor"])
    response = editor.post(
        "/quan-tri/news/article/", {"action": "withdraw_selected", "_selected_action": [article.pk]}
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == ArticleStatus.WITHDRAWN
    assert Client().get(article.get_absolute_url()).status_code == 404
    reporter = login(people["reporter"])
    response = reporter.post(
        "/quan-tri/news/article/", {"action": "publish_selected", "_selected_action": [article.pk]}
    )
    article.refresh_from_db()
    assert article.status == ArticleStatus.WITHDRAWN


def test_a_featured_article_needs_a_cover_with_alt_text(people):
    editor = login(people["editor"])
    response = editor.post(
        ADD_URL, form_data(people["category"], status=ArticleStatus.PUBLISHED, featured="on", _xuat_ban="1")
    )
    assert response.status_code == 200
    assert "Tin nổi bật cần có ảnh đại diện" in response.content.decode()
    assert not Article.objects.exists()
