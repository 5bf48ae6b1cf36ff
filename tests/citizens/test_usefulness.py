"""'Trang này có hữu ích không?': works without JavaScript, rate-limited, refused from other sites, on the intro pages."""

import pytest
from django.test import Client

from citizens.models import UsefulnessVote
from tests import factories

URL = "/danh-gia-trang/"


@pytest.fixture
def page(db):
    factories.site_settings()
    return factories.page(title="Tổng quan")


@pytest.mark.django_db
def test_the_box_is_on_intro_pages_and_a_vote_comes_back_with_thanks(client, page):
    html = client.get(page.get_absolute_url()).content.decode()
    assert "Trang này có hữu ích không?" in html
    assert f'name="path" value="{page.get_absolute_url()}"' in html
    response = client.post(
        URL,
        {"path": page.get_absolute_url(), "title": "Tổng quan", "useful": "khong", "comment": "Thiếu bản đồ"},
    )
    assert response.status_code == 302 and response["Location"] == f"{page.get_absolute_url()}#noi-dung"
    vote = UsefulnessVote.objects.get()
    assert (vote.path, vote.title, vote.useful, vote.comment) == (
        page.get_absolute_url(),
        "Tổng quan",
        False,
        "Thiếu bản đồ",
    )
    assert "Cảm ơn bạn đã cho biết ý kiến về trang này." in client.get(response["Location"]).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        {"path": "https://evil.example/", "title": "x", "useful": "co"},
        {"path": "//evil.example/", "title": "x", "useful": "co"},
        {"path": "/a/", "title": "x", "useful": "co", "comment": "x" * 1001},
        {"path": "/a/", "title": "x", "useful": "maybe"},
        {"path": "/a/", "title": "x"},
    ],
)
def test_bad_votes_get_a_vietnamese_400_and_save_nothing(client, page, data):
    response = client.post(URL, data)
    assert response.status_code == 400
    assert "Không ghi nhận được đánh giá" in response.content.decode()
    assert UsefulnessVote.objects.count() == 0


@pytest.mark.django_db
def test_votes_need_post_from_our_own_pages(page):
    """The vote carries no CSRF token (its pages stay cacheable); a post from another site is refused."""
    assert Client().get(URL).status_code == 405
    client = Client(enforce_csrf_checks=True)
    vote = {"path": "/a/", "title": "x", "useful": "co"}
    assert client.post(URL, vote, headers={"Origin": "https://evil.example"}).status_code == 403
    assert client.post(URL, vote, headers={"Referer": "https://evil.example/a/"}).status_code == 403
    assert UsefulnessVote.objects.count() == 0
    assert client.post(URL, vote, headers={"Origin": "http://testserver"}).status_code == 302
    assert client.post(URL, vote, headers={"Referer": "http://testserver/a/"}).status_code == 302
    assert UsefulnessVote.objects.count() == 2


@pytest.mark.django_db
def test_votes_are_rate_limited(client, page, rate_limit_window):
    data = {"path": "/a/", "title": "A", "useful": "co"}
    for _ in range(20):
        assert client.post(URL, data).status_code == 302
    assert client.post(URL, data).status_code == 429
    assert UsefulnessVote.objects.count() == 20


@pytest.mark.django_db
def test_vote_rate_limit_is_shared_through_redis(page, settings, redis_url, rate_limit_window):
    settings.CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": redis_url}}
    data = {"path": "/a/", "title": "A", "useful": "co"}
    clients = [Client(), Client()]
    for n in range(20):
        assert clients[n % 2].post(URL, data).status_code == 302
    assert clients[1].post(URL, data).status_code == 429
