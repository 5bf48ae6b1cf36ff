"""What a page read costs beyond its own work (issue 19): the content version is read from Redis once per
page, however many cached fragments the page uses, and a change still shows on the next page at once."""

import pytest
from django.core.cache import caches
from django.test import Client

from portal.cache import VERSION_KEY
from tests import factories

pytestmark = pytest.mark.django_db


def version_reads(monkeypatch):
    """The reads of the content version from the shared cache (Redis), from now on."""
    backend = caches["default"]  # this thread's, which the test client's requests use
    real = backend.get_many
    reads = []

    def counting(keys, *args, **kwargs):
        if any(str(key).startswith(VERSION_KEY) for key in keys):
            reads.append(list(keys))
        return real(keys, *args, **kwargs)

    monkeypatch.setattr(backend, "get_many", counting)
    return reads


def test_a_page_reads_the_content_version_once(monkeypatch):
    factories.site_settings()
    category = factories.category(name="Tin tức - Sự kiện")
    factories.article(title="Bài thứ nhất", category=category)
    client = Client()
    assert client.get("/tin-tuc/").status_code == 200  # fragments cached: links, menu, settings…
    reads = version_reads(monkeypatch)
    page = client.get("/tin-tuc/").content.decode()
    assert "Bài thứ nhất" in page
    assert len(reads) == 1
    factories.article(title="Bài thứ hai", category=category)  # a new version: the next page shows it
    assert "Bài thứ hai" in client.get("/tin-tuc/").content.decode()
    assert len(reads) == 2


def test_what_every_page_reads_is_kept_by_the_process_for_its_version_and_a_change_shows_at_once(monkeypatch):
    """The menu and the maintenance notice, read by every page, cost no round trip to Redis once the process
    has them for the content version; a new introduction page is in the menu of the next page."""
    from news.models import Page

    factories.site_settings()
    Page.objects.create(title="Tổng quan", body="<p>Nội dung.</p>", is_published=True, show_in_menu=True)
    client = Client()
    client.get("/lien-he/")  # the process reads them once
    backend = caches["default"]
    real, asked = backend.get, []
    monkeypatch.setattr(backend, "get", lambda key, *a, **k: asked.append(str(key)) or real(key, *a, **k))
    page = client.get("/lien-he/").content.decode()
    assert "Tổng quan" in page
    assert not [key for key in asked if ":intro-menu:" in key or ":maintenance:" in key], asked
    Page.objects.create(title="Lịch sử", body="<p>Nội dung.</p>", is_published=True, show_in_menu=True)
    assert "Lịch sử" in client.get("/lien-he/").content.decode()


def test_without_a_version_from_redis_the_process_keeps_nothing(monkeypatch):
    from django.core.cache import cache

    from portal import cache as content_cache

    monkeypatch.setattr(content_cache, "content_version", lambda: "0.0")  # what a Redis down gives
    assert content_cache.cached("menu-test", lambda: "first", here=True) == "first"
    cache.clear()
    assert content_cache.cached("menu-test", lambda: "second", here=True) == "second"


def test_the_footer_s_visitor_counts_come_with_the_content_version(monkeypatch, settings):
    """Every page shows the unit's visitor counts: they are read in the round trip that reads the content
    version, not in one of their own, and the footer still shows the counts the cache holds."""
    from portal import units, visitors

    settings.VISITORS_COUNTS_CACHE_SECONDS = 300
    factories.site_settings()
    client = Client()
    assert client.get("/lien-he/").status_code == 200  # counts computed once and cached
    backend = caches["default"]
    key = visitors.counts_cache_key(units.current_id())
    real_get, asked = backend.get, []
    monkeypatch.setattr(backend, "get", lambda k, *a, **kw: asked.append(str(k)) or real_get(k, *a, **kw))
    reads = version_reads(
        monkeypatch
    )  # a get_many may call get per key (the local-memory cache): not counted
    real_many = backend.get_many

    def many(keys, *a, **kw):
        before = len(asked)
        try:
            return real_many(keys, *a, **kw)
        finally:
            del asked[before:]

    monkeypatch.setattr(backend, "get_many", many)
    backend.set(
        key, visitors.VisitorCounts(online=7, today=1234, yesterday=5, this_month=6789, total=98765), 300
    )
    page = client.get("/lien-he/").content.decode()
    assert "98.765" in page and "1.234" in page  # the counts the cache holds, in the footer
    assert len(reads) == 1 and key in [str(k) for k in reads[0]]
    assert not [k for k in asked if k.endswith(":visitor-counts")], asked
