"""News belongs to a unit (issue 15): unit B's site, feeds, files and admin show nothing of unit A's news.

Unit A is the test's unit (tests/conftest.py), given a host name here; unit B is another commune on its own.
"""

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from news import counters
from news.models import Article, ArticleEvent, Category, Document, Page
from portal import contributions, roles, units
from portal.models import UnitHost
from portal.units import NoUnitInScope
from tests import factories

A_HOST = "xa-a.dienbien.localhost"
B_HOST = "xa-b.dienbien.localhost"
PHONE = "Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36"

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_units(unit):
    """(A, B): A with an article, its history, a category, a page and a document; B with its own."""
    a = unit
    UnitHost.objects.create(unit=a, host=A_HOST, is_primary=True)
    factories.site_settings(unit_name="Xã A", portal_title="Cổng thông tin điện tử Xã A")
    b = factories.unit("03001", "Xã B", hosts=[B_HOST])
    units.hosts_changed()
    made = {}
    for unit, tag in ((a, "a"), (b, "b")):
        with units.activate(unit):
            category = factories.category(name=f"Chuyên mục riêng {tag.upper()}", slug=f"chuyen-muc-{tag}")
            article = factories.article(category=category, title=f"Bài viết riêng của xã {tag.upper()}")
            ArticleEvent.objects.create(article=article, action=ArticleEvent.Action.CREATED)
            page = factories.page(title=f"Giới thiệu riêng xã {tag.upper()}", slug=f"gioi-thieu-{tag}")
            document = factories.document(
                number=f"1{tag == 'b' and 2 or 1}/KH-UBND",
                summary=f"Kế hoạch riêng của xã {tag.upper()}",
                file=ContentFile(b"%PDF-1.4\n%%EOF\n", name=f"ke-hoach-xa-{tag}.pdf"),
            )
            document.related_articles.add(article)
            made[tag] = {"category": category, "article": article, "page": page, "document": document}
    return a, b, made


def on(host, path, client=None):
    return (client or Client()).get(path, HTTP_HOST=host)


def test_a_s_news_is_not_found_on_b_s_host(two_units):
    a, b, made = two_units
    mine, theirs = made["b"], made["a"]
    # each detail page answers on its own unit's host only
    for record in ("article", "category", "page", "document"):
        url = theirs[record].get_absolute_url()
        assert on(A_HOST, url).status_code == 200, url
        assert on(B_HOST, url).status_code == 404, url
        assert on(B_HOST, mine[record].get_absolute_url()).status_code == 200
    a_document = theirs["document"]
    for url in (
        a_document.get_download_url(),
        reverse("news:document-file", kwargs={"name": a_document.file.name}),
        reverse("news:category-feed", kwargs={"slug": theirs["category"].slug}),
    ):
        assert on(A_HOST, url).status_code == 200, url
        assert on(B_HOST, url).status_code == 404, url
    # the lists, the feed, the home page and the sitemap of B show B's news and nothing of A's
    a_words = [
        theirs["article"].title,
        theirs["category"].name,
        theirs["page"].title,
        theirs["document"].summary,
        theirs["article"].slug,
        theirs["document"].slug,
    ]
    for url in ("/", "/tin-tuc/", "/tin-tuc/rss/", "/van-ban/", "/sitemap.xml", "/gioi-thieu/"):
        response = on(B_HOST, url)
        html = response.content.decode()
        assert response.status_code == 200, url
        for word in a_words:
            assert word not in html, (url, word)
    assert mine["article"].title in on(B_HOST, "/tin-tuc/").content.decode()
    assert mine["article"].title in on(B_HOST, "/tin-tuc/rss/").content.decode()
    assert mine["document"].summary in on(B_HOST, "/van-ban/").content.decode()
    assert mine["article"].slug in on(B_HOST, "/sitemap.xml").content.decode()
    # a document's page lists only its own unit's articles
    assert theirs["article"].title not in on(B_HOST, mine["document"].get_absolute_url()).content.decode()


def test_b_s_staff_cannot_have_a_s_unpublished_files_or_previews(two_units, client):
    a, b, made = two_units
    with units.activate(a):
        draft = factories.document(
            is_published=False, file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="chua-cong-khai.pdf")
        )
        unpublished = factories.article(
            category=made["a"]["category"], status="nhap", title="Bài nháp của xã A"
        )
    client.force_login(factories.staff_user(roles.EDITOR, in_unit=b))
    for host in (A_HOST, B_HOST):
        for url in (
            draft.get_download_url(),
            reverse("news:document-file", kwargs={"name": draft.file.name}),
            unpublished.get_absolute_url(),
        ):
            assert on(host, url, client).status_code == 404, (host, url)
    # A's own editor has them, on A's host
    client.force_login(factories.staff_user(roles.EDITOR, in_unit=a))
    assert on(A_HOST, draft.get_download_url(), client).status_code == 200
    assert on(A_HOST, unpublished.get_absolute_url(), client).status_code == 200


def test_the_same_slugs_live_in_two_units(two_units):
    a, b, made = two_units
    for unit in (a, b):
        with units.activate(unit):
            category = factories.category(name="Tin tức - Sự kiện", slug="tin-tuc-su-kien")
            # automatic slugs are unique per unit: the same title gives the same slug in each unit
            article = factories.article(
                category=category, title="Khai giảng năm học mới", summary=f"Tin của {unit.unit_name}."
            )
            page = Page.objects.create(title="Tổng quan", summary=f"Về {unit.unit_name}.")
            document = factories.document(number="01/KH-UBND", summary=f"Kế hoạch của {unit.unit_name}")
            assert (article.slug, page.slug, document.slug) == (
                "khai-giang-nam-hoc-moi",
                "tong-quan",
                "01-kh-ubnd-2020",
            )
    for host, mine, theirs in ((A_HOST, a, b), (B_HOST, b, a)):
        for url, text in (
            ("/tin-tuc/khai-giang-nam-hoc-moi/", "Tin của {}."),
            ("/gioi-thieu/tong-quan/", "Về {}."),
            ("/van-ban/01-kh-ubnd-2020/", "Kế hoạch của {}"),
        ):
            html = on(host, url).content.decode()
            assert text.format(mine.unit_name) in html, (host, url)
            assert text.format(theirs.unit_name) not in html, (host, url)
        assert on(host, "/tin-tuc/chuyen-muc/tin-tuc-su-kien/").status_code == 200


def admin_urls(made):
    urls = []
    for record, model in (
        ("article", "article"),
        ("category", "category"),
        ("page", "page"),
        ("document", "document"),
    ):
        pk = made[record].pk
        urls += [
            reverse(f"admin:news_{model}_change", args=[pk]),
            reverse(f"admin:news_{model}_delete", args=[pk]),
            reverse(f"admin:news_{model}_history", args=[pk]),
        ]
    return urls


@pytest.mark.parametrize("role", [roles.REPORTER, roles.EDITOR, roles.ADMINISTRATOR])
def test_b_s_staff_find_nothing_of_a_in_the_admin(two_units, client, role):
    a, b, made = two_units
    client.force_login(factories.staff_user(role, in_unit=b))
    theirs = made["a"]
    for url in admin_urls(theirs):
        response = on(B_HOST, url, client)
        # Django's admin answers an object it cannot find with a redirect to the admin's index
        assert response.status_code in (302, 403, 404), url
        if response.status_code == 302:
            assert response["Location"] == reverse("admin:index"), url
        assert theirs["article"].title not in response.content.decode()
        if url.endswith("/delete/"):  # nor by posting the confirmation
            assert client.post(url, {"post": "yes"}, HTTP_HOST=B_HOST).status_code in (302, 403, 404)
    with units.everywhere():
        for record in theirs.values():
            assert type(record).objects.filter(pk=record.pk).exists()
    # the lists show B's records only
    for model in ("article", "category", "document", "page"):
        response = on(B_HOST, reverse(f"admin:news_{model}_changelist"), client)
        if response.status_code == 200:
            html = response.content.decode()
            assert theirs["article"].title not in html
            assert theirs["category"].name not in html
            assert theirs["page"].title not in html
            assert theirs["document"].number not in html


def test_b_s_admin_forms_offer_only_b_s_records(two_units, client):
    a, b, made = two_units
    editor = factories.staff_user(roles.EDITOR, in_unit=b)
    client.force_login(editor)
    html = on(B_HOST, reverse("admin:news_article_add"), client).content.decode()
    assert made["b"]["category"].name in html
    assert made["a"]["category"].name not in html
    # the category filter of the article list too
    html = on(B_HOST, reverse("admin:news_article_changelist"), client).content.decode()
    assert made["b"]["category"].name in html and made["a"]["category"].name not in html
    # a document's related articles: the autocomplete finds B's articles only
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "news", "model_name": "document", "field_name": "related_articles", "term": "riêng"},
        HTTP_HOST=B_HOST,
    )
    found = [item["text"] for item in response.json()["results"]]
    assert found == [made["b"]["article"].title]
    # choosing A's category by its id is refused
    response = client.post(
        reverse("admin:news_article_add"),
        {
            "title": "Bài mới",
            "slug": "",
            "category": made["a"]["category"].pk,
            "summary": "",
            "body": "",
            "cover_alt": "",
            "cover_caption": "",
            "author_name": "",
            "source": "",
            "status": "nhap",
            "events-TOTAL_FORMS": "0",
            "events-INITIAL_FORMS": "0",
        },
        HTTP_HOST=B_HOST,
    )
    assert response.status_code == 200  # the form again, with its error
    assert "category" in response.context["adminform"].form.errors
    with units.everywhere():
        assert not Article.objects.filter(title="Bài mới").exists()


def test_news_read_outside_any_unit_fails_loudly(two_units):
    with units.activate(None):
        for model in (Article, ArticleEvent, Category, Page, Document):
            with pytest.raises(NoUnitInScope):
                model.objects.count()
        with pytest.raises(NoUnitInScope):
            Article.objects.published().first()
        with units.everywhere():
            assert Article.objects.count() == 2


def test_the_history_of_an_article_is_its_unit_s(two_units):
    a, b, made = two_units
    with units.everywhere():  # written by code working across units, the row takes its article's unit
        event = ArticleEvent.objects.create(article=made["b"]["article"], action=ArticleEvent.Action.CHANGED)
    assert event.unit == b
    with units.activate(a):
        assert not ArticleEvent.objects.filter(pk=event.pk).exists()
        assert list(made["a"]["article"].events.values_list("unit", flat=True)) == [a.pk]


def test_a_new_unit_starts_with_the_default_categories_and_draft_pages(two_units):
    new = factories.unit("03004", "Xã Mới")
    with units.activate(new):
        contributions.new_unit(new)
        contributions.new_unit(new)  # twice: nothing doubled
        categories = list(Category.objects.values_list("slug", "name"))
        pages = list(Page.objects.values_list("slug", "title", "is_published", "profile_item"))
    assert [slug for slug, _ in categories] == [
        "tin-tuc-su-kien",
        "cai-cach-hanh-chinh",
        "kinh-te",
        "van-hoa-xa-hoi",
        "quoc-phong-an-ninh",
        "nong-thon-moi",
        "thong-bao",
    ]
    assert ("thong-bao", "Thông báo") in categories
    # the profile's items (news.profile) among them, in the menu's order; all drafts
    assert pages == [
        ("tong-quan", "Tổng quan về Xã Mới", False, ""),
        ("chuc-nang-nhiem-vu", "Chức năng, nhiệm vụ", False, ""),
        ("co-cau-to-chuc", "Cơ cấu tổ chức", False, "to-chuc-bo-may"),
        ("lanh-dao-va-can-bo-dau-moi", "Lãnh đạo và cán bộ đầu mối", False, ""),
        ("dieu-kien-tu-nhien", "Điều kiện tự nhiên", False, "dieu-kien-tu-nhien"),
        ("lich-su", "Lịch sử", False, "lich-su"),
        ("truyen-thong-van-hoa", "Truyền thống văn hóa", False, "truyen-thong-van-hoa"),
        ("di-tich-danh-thang", "Di tích, danh thắng", False, "di-tich-danh-thang"),
    ]
    with units.activate(new):
        assert Category.objects.get(slug="thong-bao").is_notice
        assert Page.objects.get(slug="lanh-dao-va-can-bo-dau-moi").show_officials
    # the other units keep what they had
    assert {c.slug for c in Category.objects.all()} == {"chuyen-muc-a"}


def test_the_view_counts_of_every_unit_are_flushed_outside_any_request(two_units, redis_url, settings):
    a, b, made = two_units
    settings.REDIS_URL = redis_url
    settings.CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": redis_url}}
    units.hosts_changed()
    for host, tag, views in ((A_HOST, "a", 2), (B_HOST, "b", 3)):
        for _ in range(views):
            assert (
                on(host, made[tag]["article"].get_absolute_url(), Client(HTTP_USER_AGENT=PHONE)).status_code
                == 200
            )
    with units.activate(None):  # as the flush_visits command runs
        assert counters.flush_article_views() == 5
    with units.everywhere():
        assert {a.slug: a.view_count for a in Article.objects.all()} == {
            made["a"]["article"].slug: 2,
            made["b"]["article"].slug: 3,
        }
