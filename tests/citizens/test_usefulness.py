"""'Trang này có hữu ích không?': works without JavaScript, rate-limited, refused from other sites, on the intro pages."""

import pytest
from django.test import Client

from citizens.models import UsefulnessVote
from portal import roles
from tests import factories

URL = "/danh-gia-trang/"
# What a browser sends with the form posted from one of the site's pages.
FROM_OUR_PAGE = {"Origin": "http://testserver"}
REFUSED = "Đánh giá chỉ được nhận khi gửi từ chính trang của cổng thông tin"


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
        headers=FROM_OUR_PAGE,
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
    response = client.post(URL, data, headers=FROM_OUR_PAGE)
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
        assert client.post(URL, data, headers=FROM_OUR_PAGE).status_code == 302
    response = client.post(URL, data, headers=FROM_OUR_PAGE)
    assert response.status_code == 429 and "Bạn đã gửi quá nhiều lần" in response.content.decode()
    assert UsefulnessVote.objects.count() == 20


@pytest.mark.django_db
def test_vote_rate_limit_is_shared_through_redis(page, settings, redis_url, rate_limit_window):
    settings.CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": redis_url}}
    data = {"path": "/a/", "title": "A", "useful": "co"}
    clients = [Client(), Client()]
    for n in range(20):
        assert clients[n % 2].post(URL, data, headers=FROM_OUR_PAGE).status_code == 302
    assert clients[1].post(URL, data, headers=FROM_OUR_PAGE).status_code == 429


@pytest.mark.django_db
@pytest.mark.parametrize(
    "headers",
    [
        pytest.param({}, id="no-origin-no-referer"),
        pytest.param({"Origin": "null"}, id="origin-null"),
        pytest.param(
            {"Origin": "null", "Referer": "http://testserver/a/"}, id="origin-null-with-our-referer"
        ),
        pytest.param({"Origin": "https://evil.example"}, id="other-origin"),
        pytest.param({"Origin": "http://testserver.evil.example"}, id="origin-that-starts-like-ours"),
        pytest.param({"Origin": "https://testserver"}, id="our-host-other-scheme"),
        pytest.param({"Referer": "https://evil.example/a/"}, id="other-referer"),
        pytest.param({"Referer": "http://testserver.evil.example/a/"}, id="referer-that-starts-like-ours"),
    ],
)
def test_a_vote_not_sent_from_our_own_page_is_refused_in_vietnamese(page, headers):
    """A vote form on another site (or in a sandboxed frame, or a script) cannot post votes and comments."""
    response = Client().post(
        URL, {"path": "/a/", "title": "x", "useful": "co", "comment": "quảng cáo"}, headers=headers
    )
    assert response.status_code == 403
    assert REFUSED in response.content.decode()
    assert UsefulnessVote.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    "headers",
    [
        pytest.param(FROM_OUR_PAGE, id="our-origin"),
        pytest.param({"Referer": "http://testserver/gioi-thieu/tong-quan/"}, id="no-origin-our-referer"),
    ],
)
def test_a_vote_sent_from_our_own_page_is_taken(page, headers):
    response = Client().post(URL, {"path": "/a/", "title": "x", "useful": "co"}, headers=headers)
    assert response.status_code == 302
    assert UsefulnessVote.objects.count() == 1


@pytest.mark.django_db
def test_behind_a_proxy_the_trusted_origins_of_the_site_are_ours(page, settings):
    """As for the admin's forms: a proxy that passes another Host sends the public origin, listed as trusted."""
    settings.CSRF_TRUSTED_ORIGINS = ["https://muongang.dienbien.gov.vn"]
    vote = {"path": "/a/", "title": "x", "useful": "co"}
    assert Client().post(URL, vote, headers={"Origin": "https://muongang.dienbien.gov.vn"}).status_code == 302
    assert Client().post(URL, vote, headers={"Origin": "https://dienbien.gov.vn"}).status_code == 403
    assert UsefulnessVote.objects.count() == 1


@pytest.mark.django_db
def test_pages_with_the_vote_box_stay_cacheable(page, settings):
    """No token, no cookie: the page that carries the form is the same for everyone."""
    settings.PAGE_CACHE = True
    response = Client().get(page.get_absolute_url())
    assert "Trang này có hữu ích không?" in response.content.decode()
    assert not response.cookies and "csrfmiddlewaretoken" not in response.content.decode()
    assert response["Cache-Control"] == "public, max-age=0, must-revalidate"


@pytest.mark.django_db
def test_every_content_page_lets_a_reader_rate_it_and_says_nothing_personal_is_kept(client, page):
    document = factories.document(summary="Kế hoạch cải cách hành chính")
    procedure = factories.procedure(name="Đăng ký khai sinh")
    article = factories.article(title="Khai mạc hội xuân")
    for path in (
        page.get_absolute_url(),
        article.get_absolute_url(),
        document.get_absolute_url(),
        procedure.get_absolute_url(),
        "/tiep-cong-dan/",
        "/lien-he/",
        "/mot-cua/",
    ):
        html = client.get(path).content.decode()
        assert "Trang này có hữu ích không?" in html, path
        assert "không lưu tên, số điện thoại, địa chỉ IP" in html, path


@pytest.mark.django_db
def test_editors_see_ratings_by_section_and_page_worst_first(page):
    votes = [
        ("/tin-tuc/a/", "Bài A", True),
        ("/tin-tuc/a/", "Bài A", True),
        ("/tin-tuc/b/", "Bài B", False),
        ("/thu-tuc-hanh-chinh/1.001193/", "Đăng ký khai sinh", False),
        ("/thu-tuc-hanh-chinh/1.001193/", "Đăng ký khai sinh", False),
        ("/thu-tuc-hanh-chinh/1.001193/", "Đăng ký khai sinh", True),
    ]
    for path, title, useful in votes:
        UsefulnessVote.objects.create(path=path, title=title, useful=useful)
    editor = Client()
    editor.force_login(factories.staff_user(roles.EDITOR))
    response = editor.get("/quan-tri/citizens/usefulnessreport/")
    assert response.status_code == 200
    html = response.content.decode()
    sections, pages = html.split("Đánh giá theo chuyên mục")[1].split("Đánh giá theo trang")
    # sections: procedures 1 of 3 useful (33 %) before news 2 of 3 (67 %)
    assert sections.index("Thủ tục hành chính") < sections.index("Tin tức")
    assert "33%" in sections and "67%" in sections
    # pages: Bài B (0 %) first, then the procedure (33 %), then Bài A (100 %)
    assert pages.index("Bài B") < pages.index("Đăng ký khai sinh") < pages.index("Bài A")
