"""The page cache: anonymous public pages come from the shared cache, change at once when content does,
and nothing personal is ever kept or shared."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.template import engines
from django.test import Client
from django.urls import include, path
from django.utils import timezone

from news.models import Article, ArticleEvent, ArticleStatus
from portal import roles, visitors
from tests import factories
from tests.news.test_workflow import ADD_URL, form_data

# Pages are cached per day: each test sees one instant, so midnight cannot fall inside it.
pytestmark = pytest.mark.usefixtures("frozen_clock")
PHONE = "Mozilla/5.0 (Linux; Android 11; Redmi 9A) AppleWebKit/537.36 Chrome/118 Mobile Safari/537.36"
PUBLIC = "public, max-age=0, must-revalidate"


def form_page(request):
    """A public page with a form that uses the CSRF token (the feedback form is one)."""
    from django.http import HttpResponse

    return HttpResponse(engines["django"].from_string("<form>{% csrf_token %}</form>").render({}, request))


urlpatterns = [path("bieu-mau-thu/", form_page), path("", include("muongang.urls"))]


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE = True
    settings.PAGE_CACHE_SECONDS = 30


@pytest.fixture
def site(db):
    factories.site_settings()
    category = factories.category(name="Tin trong huyện")
    return {"category": category, "article": factories.article(category=category, title="Khai mạc hội xuân")}


def login(user):
    client = Client()
    client.force_login(user)
    return client


def test_an_anonymous_page_comes_from_the_cache_without_a_query(site, django_assert_num_queries):
    first = Client().get("/")
    assert first.status_code == 200 and "Khai mạc hội xuân" in first.content.decode()
    with django_assert_num_queries(0):
        second = Client().get("/")
    assert second.status_code == 200
    assert second.content == first.content
    assert second["Content-Type"] == "text/html; charset=utf-8"
    # the security headers are those of a fresh page
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert second["X-Frame-Options"] == "DENY" and second["X-Content-Type-Options"] == "nosniff"


def test_a_returning_browser_is_counted_and_served_from_the_cache(site, django_assert_num_queries):
    browser = Client(HTTP_USER_AGENT=PHONE)
    browser.get("/tin-tuc/")
    with django_assert_num_queries(0):  # counted a moment ago: neither the page nor the counter writes
        assert browser.get("/tin-tuc/").status_code == 200


def test_cached_pages_send_cache_control_and_an_etag_and_answer_304(site, django_assert_num_queries):
    first = Client().get("/tin-tuc/")
    assert first["Cache-Control"] == PUBLIC
    assert first["ETag"].startswith('"')
    second = Client().get("/tin-tuc/")
    assert second["Cache-Control"] == PUBLIC and second["ETag"] == first["ETag"]
    with django_assert_num_queries(0):
        revalidated = Client().get("/tin-tuc/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert revalidated.status_code == 304 and revalidated.content == b""
    assert Client().get("/tin-tuc/", HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_an_editor_publishing_an_article_shows_on_the_home_page_at_once(site, monkeypatch):
    # The history rows the admin writes change no public page: without their own bump of the content
    # version, only the article's save can take the cached pages away.
    monkeypatch.setattr(ArticleEvent, "changes_pages", False, raising=False)
    visitor = Client()
    assert "Khánh thành trường mầm non" not in visitor.get("/").content.decode()  # now cached
    editor = login(factories.staff_user(roles.EDITOR))
    response = editor.post(ADD_URL, form_data(site["category"], status=ArticleStatus.PUBLISHED))
    assert response.status_code == 302
    assert Article.objects.get(title__startswith="Khánh thành").is_public
    assert "Khánh thành trường mầm non" in visitor.get("/").content.decode()
    assert "Khánh thành trường mầm non" in Client().get("/tin-tuc/").content.decode()


def test_an_unpublished_article_leaves_every_cached_page_at_once(site):
    article = site["article"]
    visitor = Client()
    assert visitor.get(article.get_absolute_url()).status_code == 200
    assert "Khai mạc hội xuân" in visitor.get("/").content.decode()
    article.status = ArticleStatus.WITHDRAWN
    article.save()
    assert visitor.get(article.get_absolute_url()).status_code == 404
    assert "Khai mạc hội xuân" not in visitor.get("/").content.decode()


def test_a_scheduled_article_appears_when_due(site, clock):
    due = timezone.now() + timedelta(seconds=20)  # sooner than a page's lifetime (30 s)
    factories.article(category=site["category"], title="Tin hẹn giờ", published_at=due)
    visitor = Client()
    assert "Tin hẹn giờ" not in visitor.get("/").content.decode()
    assert "Tin hẹn giờ" not in visitor.get("/tin-tuc/").content.decode()
    clock.move_to(due)  # its time comes; nothing is saved, the cached pages are not emptied
    assert "Tin hẹn giờ" in visitor.get("/").content.decode()
    assert "Tin hẹn giờ" in visitor.get("/tin-tuc/").content.decode()


def test_the_visitor_counter_and_article_views_keep_counting_on_cached_pages(site):
    article = site["article"]
    for n in range(3):
        response = Client(HTTP_USER_AGENT=PHONE, REMOTE_ADDR=f"198.51.100.{n + 1}").get(
            article.get_absolute_url()
        )
        assert response.status_code == 200
        assert response.cookies["tc"].value  # the counter's cookie, even on a page from the cache
    cache.delete(visitors.counts_cache_key())
    assert visitors.compute_counts().today == 3
    article.refresh_from_db()
    assert article.view_count == 3


def test_each_text_size_has_its_own_cached_page(site):
    assert 'class="co-chu-lon"' not in Client().get("/").content.decode()
    large = Client()
    large.cookies["co_chu"] = "lon"
    assert 'class="co-chu-lon"' in large.get("/").content.decode()
    assert 'class="co-chu-lon"' not in Client().get("/").content.decode()


def test_the_switch_turns_the_cache_off(site, settings):
    settings.PAGE_CACHE = False
    for _ in range(2):
        response = Client().get("/")
        assert response["Cache-Control"] == PUBLIC and response["ETag"]  # browsers may still revalidate
    assert stored_pages() == []
    settings.PAGE_CACHE = True
    Client().get("/")
    assert len(stored_pages()) == 1


# --- never cached -------------------------------------------------------------------------------


def stored_pages():
    """The pages kept in the (local memory) cache."""
    return [key for key in cache._cache if "portal:page:" in key]


def assert_not_cached(client, url, **extra):
    """Asked twice, the page is never stored; the response says it is personal."""
    for _ in range(2):
        response = client.get(url, **extra)
    assert stored_pages() == [], url
    return response


def test_the_admin_is_never_cached(site):
    editor = login(factories.staff_user(roles.EDITOR))
    response = assert_not_cached(editor, "/quan-tri/")
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_logged_in_users_are_never_served_nor_given_cached_pages(site):
    assert Client().get("/")["Cache-Control"] == PUBLIC  # the anonymous page is cached
    editor = login(factories.staff_user(roles.EDITOR))
    assert editor.get("/")["Cache-Control"] == "private, no-store"  # rendered for them, not the cached one
    cache.clear()
    response = assert_not_cached(editor, "/")
    assert response["Cache-Control"] == "private, no-store"
    # a draft's preview is for staff; visitors keep getting 404, never the cached preview
    draft = factories.article(category=site["category"], status=ArticleStatus.DRAFT, published_at=None)
    assert editor.get(draft.get_absolute_url()).status_code == 200
    assert Client().get(draft.get_absolute_url()).status_code == 404
    assert stored_pages() == []


def test_pages_whose_form_uses_the_csrf_token_are_never_cached(site):
    response = assert_not_cached(Client(), "/phan-anh-kien-nghi/")
    assert response["Cache-Control"] == "private, no-store"
    assert "csrfmiddlewaretoken" in response.content.decode()


@pytest.mark.urls(__name__)
def test_any_page_that_used_the_csrf_token_is_never_cached(site):
    first, second = Client().get("/bieu-mau-thu/"), Client().get("/bieu-mau-thu/")
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value  # each got its own token
    assert second["Cache-Control"] == "private, no-store"
    assert "ETag" not in second
    assert stored_pages() == []


def test_lookups_are_never_cached(site):
    factories.dossier(code="000.00.14.H19-200203-0118")
    response = assert_not_cached(Client(), "/tra-cuu-ho-so/?ma=000.00.14.H19-200203-0118")
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]


def test_feedback_lookup_answers_are_never_cached(site):
    feedback = factories.feedback()
    data = {"code": feedback.code, "phone": feedback.phone}
    for _ in range(2):
        response = Client().post("/phan-anh-kien-nghi/tra-cuu/", data)
        assert response.status_code == 200 and feedback.subject in response.content.decode()
        assert response["Cache-Control"] == "private, no-store"
    assert feedback.subject not in Client().get("/phan-anh-kien-nghi/tra-cuu/").content.decode()
    assert stored_pages() == []


def test_a_thank_you_message_is_for_its_voter_only(site):
    intro = factories.page(title="Tổng quan")
    url = intro.get_absolute_url()
    voter, other = Client(), Client()
    assert other.get(url).status_code == 200  # cached now
    response = voter.post(
        "/danh-gia-trang/",
        {"path": url, "title": "Tổng quan", "useful": "co"},
        headers={"Origin": "http://testserver"},
    )
    thanks = "Cảm ơn bạn đã cho biết ý kiến về trang này."
    assert thanks in voter.get(response["Location"]).content.decode()
    assert thanks not in other.get(url).content.decode()
    assert thanks not in voter.get(url).content.decode()


def test_errors_and_redirects_are_not_cached(site):
    assert assert_not_cached(Client(), "/khong-co-trang-nay/").status_code == 404
    assert assert_not_cached(Client(), "/tin-tuc")["Location"] == "/tin-tuc/"


# --- several processes --------------------------------------------------------------------------


def test_the_page_cache_is_shared_through_redis(site, settings, redis_url, django_assert_num_queries):
    import redis

    settings.REDIS_URL = redis_url
    settings.CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": redis_url}}
    one, two = Client(), Client()
    assert "Khai mạc hội xuân" in one.get("/").content.decode()
    assert redis.Redis.from_url(redis_url).keys("*portal:page:*")
    with django_assert_num_queries(0):
        assert two.get("/").status_code == 200
    site["article"].title = "Bế mạc hội xuân"
    site["article"].save()
    assert "Bế mạc hội xuân" in two.get("/").content.decode()
    assert "Bế mạc hội xuân" in one.get("/").content.decode()


def test_the_page_cache_is_on_in_production_unless_page_cache_is_0(monkeypatch):
    from tests.portal.test_settings import load

    monkeypatch.delenv("PAGE_CACHE", raising=False)
    production = load(monkeypatch, DJANGO_SECRET_KEY="k" * 60)
    assert production.PAGE_CACHE is True
    assert production.PAGE_CACHE_SECONDS == production.VISITORS_COUNTS_CACHE_SECONDS == 30
    assert "portal.pagecache.PageCacheMiddleware" in production.MIDDLEWARE
    assert load(monkeypatch, DJANGO_SECRET_KEY="k" * 60, PAGE_CACHE="0").PAGE_CACHE is False
