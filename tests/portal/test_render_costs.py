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
