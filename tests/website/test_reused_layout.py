"""The layout's shared parts (the unit's brand, its menu, its footer, article cards) are rendered once per
content version and reused (issue 19): readers get the same pages as when each was rendered afresh, a
change shows at once, and the menu still marks the page being read."""

import re

import pytest
from django.test import Client

from news.models import Article
from portal.models import Unit
from portal.templatetags import portal as portal_tags
from procedures.models import Procedure
from tests.demo import load_demo

pytestmark = pytest.mark.django_db


def normalised(html):
    """The page as a reader gets it, without what differs by response anyway (CSP nonces, CSRF tokens)."""
    html = re.sub(r' nonce="[^"]*"', "", html)
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html)).strip()


@pytest.fixture
def demo_pages(settings):
    settings.PAGE_CACHE = False
    load_demo()
    article = Article.objects.published().order_by("-published_at").first()
    procedure = Procedure.objects.carried_out().order_by("code").first()
    return [
        "/",
        "/tin-tuc/",
        article.get_absolute_url(),
        article.category.get_absolute_url(),
        "/van-ban/",
        procedure.get_absolute_url(),
        "/lien-he/",
        "/tim-kiem/?q=cai+cach+hanh+chinh",
        "/gioi-thieu/",
    ]


def test_pages_built_from_reused_parts_are_the_pages_rendered_afresh(demo_pages, monkeypatch):
    client = Client()
    monkeypatch.setattr(portal_tags, "REUSED_SECONDS", 0)  # every part rendered for each page
    fresh = {path: normalised(client.get(path).content.decode()) for path in demo_pages}
    monkeypatch.undo()
    portal_tags._reused.clear()
    for _ in range(2):  # the first fills the store, the second reads it
        for path in demo_pages:
            response = client.get(path)
            assert response.status_code == 200, path
            assert normalised(response.content.decode()) == fresh[path], path
    assert portal_tags._reused  # the parts were kept


def test_a_change_of_the_unit_shows_at_once_and_the_menu_marks_each_page(demo_pages):
    client = Client()
    news = client.get("/tin-tuc/").content.decode()
    documents = client.get("/van-ban/").content.decode()
    assert re.search(r'<a href="/tin-tuc/" aria-current="page">Tin tức</a>', news)
    assert not re.search(r'<a href="/tin-tuc/" aria-current="page">', documents)
    assert re.search(r'<a href="/van-ban/" aria-current="page">Văn bản</a>', documents)
    # the text-size links keep returning to the page being read
    assert "/co-chu/lon/?next=/van-ban/" in documents and "/co-chu/lon/?next=/tin-tuc/" in news

    unit = Unit.load()
    unit.hotline = "0215 3999 888"
    unit.address = "Tổ dân phố 9, xã Mường Ảng"
    unit.save()
    again = client.get("/tin-tuc/").content.decode()
    assert "0215 3999 888" in again and "Tổ dân phố 9, xã Mường Ảng" in again
