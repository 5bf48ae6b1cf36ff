"""What is public, each rule guarded where it is applied (issue 21: these rules could be broken with no test failing).

Each test has something that must be shown beside what must not, so that it cannot pass by
showing nothing. Times are a day away from now: nothing here depends on the minute it runs.
"""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from news import services
from news.models import ArticleStatus
from portal import roles
from tests import factories

pytestmark = pytest.mark.django_db


# --- unpublished documents (Document.objects.published) -----------------------------------------------------


@pytest.fixture
def documents(db):
    factories.site_settings()
    article = factories.article(title="Triển khai kế hoạch cải cách hành chính")
    public = factories.document(
        number="12/KH-UBND",
        summary="Kế hoạch cải cách hành chính đã công bố",
        issuer="Ủy ban nhân dân xã Nậm Lịch",
        issued_on=date(2020, 3, 2),
    )
    hidden = factories.document(
        number="99/QĐ-UBND",
        summary="Quyết định chưa công bố về nhân sự",
        issuer="Hội đồng thẩm định kín",
        issued_on=date(2017, 5, 9),
        is_published=False,
    )
    for document in (public, hidden):
        document.related_articles.set([article])
    return article, public, hidden


def shows(html, document):
    return document.number in html or document.summary in html


def test_the_document_list_and_its_filters_leave_out_unpublished_documents(documents):
    _article, public, hidden = documents
    html = Client().get("/van-ban/").content.decode()
    assert shows(html, public) and public.issuer in html and "2020" in html
    assert not shows(html, hidden)
    assert hidden.issuer not in html and ">2017<" not in html  # nor its issuer and year among the filters
    searched = Client().get("/van-ban/", {"q": "quyet dinh chua cong bo"}).content.decode()
    assert not shows(searched, hidden)


def test_an_unpublished_documents_page_and_file_are_not_found(documents):
    _article, public, hidden = documents
    client = Client()
    assert client.get(public.get_absolute_url()).status_code == 200
    assert client.get(public.get_download_url()).status_code == 200
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get(hidden.get_download_url()).status_code == 404


def test_the_home_page_lists_only_published_documents(documents):
    _article, public, hidden = documents
    html = Client().get("/").content.decode()
    assert public.get_absolute_url() in html
    assert hidden.get_absolute_url() not in html and hidden.number not in html


def test_the_sitemap_lists_only_published_documents(documents):
    _article, public, hidden = documents
    xml = Client().get("/sitemap.xml").content.decode()
    assert public.get_absolute_url() in xml
    assert hidden.get_absolute_url() not in xml


def test_an_article_shows_only_its_published_related_documents(documents):
    article, public, hidden = documents
    html = Client().get(article.get_absolute_url()).content.decode()
    assert public.get_absolute_url() in html
    assert hidden.get_absolute_url() not in html and hidden.number not in html


# --- RSS: only published articles whose time has come ------------------------------------------------------


@pytest.fixture
def articles_of_every_status(db):
    factories.site_settings()
    category = factories.category(name="Cải cách hành chính")
    now = timezone.now()
    made = {}
    for key, status, when in [
        ("published", ArticleStatus.PUBLISHED, now - timedelta(days=1)),
        ("published-earlier", ArticleStatus.PUBLISHED, now - timedelta(days=2)),
        ("draft", ArticleStatus.DRAFT, None),
        ("in-review", ArticleStatus.REVIEW, None),
        ("scheduled", ArticleStatus.PUBLISHED, now + timedelta(days=1)),
        ("withdrawn", ArticleStatus.WITHDRAWN, now - timedelta(days=3)),
    ]:
        made[key] = factories.article(
            title=f"Bài {key} về cải cách", category=category, status=status, published_at=when
        )
    return category, made


@pytest.mark.parametrize("feed", ["main", "category"])
def test_feeds_list_published_articles_and_no_draft_scheduled_or_withdrawn_one(
    articles_of_every_status, feed
):
    category, made = articles_of_every_status
    url = "/tin-tuc/rss/" if feed == "main" else f"{category.get_absolute_url()}rss/"
    response = Client().get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/rss+xml")
    xml = response.content.decode()
    for key in ("published", "published-earlier"):
        assert f"<title>{made[key].title}</title>" in xml, key
        assert made[key].get_absolute_url() in xml, key
    for key in ("draft", "in-review", "scheduled", "withdrawn"):
        assert made[key].title not in xml, key
        assert made[key].get_absolute_url() not in xml, key
    assert xml.count("<item>") == 2


# --- who may edit an article (services.can_edit), on its own -----------------------------------------------


def test_a_reporter_may_edit_only_their_own_unpublished_articles():
    """Called directly, not through the admin (whose list also hides other reporters' articles)."""
    author = factories.staff_user(roles.REPORTER)
    colleague = factories.staff_user(roles.REPORTER)
    editor = factories.staff_user(roles.EDITOR)
    category = factories.category()
    draft = factories.article(
        category=category, status=ArticleStatus.DRAFT, published_at=None, created_by=author
    )
    in_review = factories.article(
        category=category, status=ArticleStatus.REVIEW, published_at=None, created_by=author
    )
    published = factories.article(category=category, created_by=author)
    assert services.can_edit(author, draft) and services.can_edit(author, in_review)
    assert not services.can_edit(colleague, draft)
    assert not services.can_edit(colleague, in_review)
    assert not services.can_edit(author, published)
    assert services.can_edit(editor, draft) and services.can_edit(editor, published)
