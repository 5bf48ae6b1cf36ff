"""One lost media file never breaks a page, and no page opens a media file to show it.

The articles here are stored as the demo stored them before photo sizes were kept (no width and
height in the database): Django's width_field then opened the photo on every page view, and a
missing photo answered 500 on the home page, the lists, RSS and the article.
"""

import builtins
import importlib
import logging
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django.utils import timezone
from PIL import Image

from news.models import Article
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(db):
    return factories.site_settings(
        emblem=ContentFile(factories.photo_bytes((160, 160), "PNG"), name="quoc-huy.png"),
        banner=ContentFile(factories.photo_bytes((1200, 160)), name="bang-ron.jpg"),
    )


@pytest.fixture
def news(site):
    """Two articles with photos in one category, sizes not stored (as the demo left them)."""
    category = factories.category(name="Tin tức - Sự kiện")
    lost = factories.article(
        title="Bài có ảnh bị mất",
        category=category,
        cover=ContentFile(factories.photo_bytes((900, 600)), name="mat.jpg"),
        cover_alt="Ảnh bị mất",
    )
    kept = factories.article(
        title="Bài có ảnh còn",
        category=category,
        cover=ContentFile(factories.photo_bytes((900, 600)), name="con.jpg"),
        cover_alt="Ảnh còn",
        featured=True,
    )
    Article.objects.update(cover_width=None, cover_height=None)
    lost.refresh_from_db()
    kept.refresh_from_db()
    return category, lost, kept


def files_of(article):
    return [article.cover.name] + [
        n for entries in article.cover_renditions.values() for _w, _h, n in entries
    ]


def delete(names):
    for name in names:
        default_storage.delete(name)
        assert not default_storage.exists(name)


def stem(name):
    return Path(name).stem  # the part of a photo's name its renditions share


def pages(category, article):
    return [
        "/",
        "/tin-tuc/",
        category.get_absolute_url(),
        "/tin-tuc/rss/",
        f"{category.get_absolute_url()}rss/",
        article.get_absolute_url(),
    ]


def test_a_photo_whose_files_are_all_lost_is_left_out_of_every_page_with_a_warning(news, caplog):
    category, lost, kept = news
    delete(files_of(lost))
    caplog.set_level(logging.WARNING)
    client = Client()
    for url in pages(category, lost):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert stem(lost.cover.name) not in html, url
        assert lost.title in html, url
        if url != "/tin-tuc/rss/" and not url.endswith("/rss/") and url != lost.get_absolute_url():
            assert stem(kept.cover.name) in html, url  # the other photo is still shown
    article_page = client.get(lost.get_absolute_url()).content.decode()
    assert "og:image" not in article_page and '"image"' not in article_page
    assert any(
        record.levelno == logging.WARNING and stem(lost.cover.name) in record.getMessage()
        for record in caplog.records
    )


def test_a_lost_rendition_is_left_out_of_the_srcset_and_the_photo_still_shows(news, caplog):
    category, lost, _kept = news
    gone = [name for _w, _h, name in lost.cover_renditions["webp"] if name.endswith("-400.webp")]
    delete(gone)
    caplog.set_level(logging.WARNING)
    html = Client().get(lost.get_absolute_url()).content.decode()
    assert gone[0] not in html
    assert f"{stem(lost.cover.name)}-800.webp 800w" in html and f"{stem(lost.cover.name)}-800.jpg" in html
    assert any(gone[0] in record.getMessage() for record in caplog.records)


def test_a_photo_without_renditions_whose_file_is_lost_is_left_out(site, caplog):
    article = factories.article(cover=ContentFile(factories.photo_bytes((900, 600)), name="cu.jpg"))
    delete(files_of(article))
    Article.objects.filter(pk=article.pk).update(cover_renditions={})  # stored before renditions existed
    caplog.set_level(logging.WARNING)
    response = Client().get(article.get_absolute_url())
    assert response.status_code == 200
    assert stem(article.cover.name) not in response.content.decode()
    assert any(article.cover.name in record.getMessage() for record in caplog.records)


def test_a_lost_emblem_and_banner_are_left_out_of_the_header(site, caplog):
    delete([site.emblem.name, site.banner.name])
    caplog.set_level(logging.WARNING)
    response = Client().get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="emblem"' not in html and 'class="banner"' not in html
    assert "quoc-huy" not in html and "/static/img/favicon" in html  # the default icon instead
    messages = " ".join(record.getMessage() for record in caplog.records)
    assert site.emblem.name in messages and site.banner.name in messages


def test_the_emblem_and_banner_are_shown_when_their_files_are_there(site):
    html = Client().get("/").content.decode()
    assert f'class="emblem" src="/media/{site.emblem.name}"' in html
    assert f'class="banner" src="/media/{site.banner.name}"' in html


def test_a_lost_photo_in_a_body_is_left_out_and_the_others_stay(site, caplog):
    there = default_storage.save(
        "anh-bai-viet/2026/12/con-day.jpg", ContentFile(factories.photo_bytes((300, 200)))
    )
    body = (
        f'<p>Trước.</p><figure><img src="/media/{there}" alt="Ảnh còn"></figure>'
        '<figure><img src="/media/anh-bai-viet/2026/12/da-mat.jpg" alt="Ảnh mất"></figure><p>Sau.</p>'
    )
    article = factories.article(body=body)
    page = factories.page(title="Sơ đồ tổ chức", body=body)
    caplog.set_level(logging.WARNING)
    for url in (article.get_absolute_url(), page.get_absolute_url()):
        response = Client().get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert f'src="/media/{there}"' in html and "Trước." in html and "Sau." in html
        assert "da-mat.jpg" not in html
    assert any("anh-bai-viet/2026/12/da-mat.jpg" in record.getMessage() for record in caplog.records)


def test_no_page_opens_a_media_file(news, settings, monkeypatch):
    """Not Django's width_field, not Pillow, not a size: pages are made from what the database holds."""
    category, article, _kept = news
    document = factories.document()
    document.related_articles.set([article])
    media = (str(settings.MEDIA_ROOT), str(settings.PRIVATE_MEDIA_ROOT))
    opened = []
    real_open = builtins.open

    def watching_open(file, *args, **kwargs):
        if str(file).startswith(media):
            opened.append(str(file))
        return real_open(file, *args, **kwargs)

    def no_pillow(*args, **kwargs):
        raise AssertionError("Pillow opened an image while a page was rendered")

    monkeypatch.setattr(builtins, "open", watching_open)
    monkeypatch.setattr(Image, "open", no_pillow)
    client = Client()
    for url in [*pages(category, article), "/van-ban/", document.get_absolute_url(), "/sitemap.xml"]:
        assert client.get(url).status_code == 200, url
    assert opened == []


def test_the_migration_stores_the_sizes_of_existing_photos_and_logs_the_lost_ones(news, caplog):
    _category, lost, kept = news
    delete([lost.cover.name])
    migration = importlib.import_module("news.migrations.0006_article_cover_sizes_stored")
    caplog.set_level(logging.WARNING)
    migration.store_cover_sizes(apps, None)
    sizes = dict(Article.objects.values_list("pk", "cover_width"))
    assert sizes == {lost.pk: None, kept.pk: 900}
    assert Article.objects.get(pk=kept.pk).cover_height == 600
    assert any(lost.cover.name in record.getMessage() for record in caplog.records)


def test_a_document_whose_file_is_lost_still_has_its_page(site, caplog):
    document = factories.document()
    (Path(document.file.path)).unlink()
    caplog.set_level(logging.WARNING)
    response = Client().get(document.get_absolute_url())
    assert response.status_code == 200 and document.number in response.content.decode()
    download = Client().get(document.get_download_url())
    assert download.status_code == 404 and "Không tìm thấy trang" in download.content.decode()
    assert any(document.file.name in record.getMessage() for record in caplog.records)


def test_a_process_trusts_what_it_found_on_the_disk_for_a_minute(news, settings, monkeypatch, time_machine):
    """A list of twelve cards names each photo in six sizes: the process stats each file once a minute
    (MEDIA_PRESENCE_SECONDS), not on every view; a file lost meanwhile leaves the page within that minute."""
    category, lost, kept = news
    settings.MEDIA_PRESENCE_SECONDS = 60
    time_machine.move_to(timezone.now(), tick=False)
    stats = []
    default_storage.exists("")  # the lazy storage, set up
    storage_class = type(default_storage._wrapped)
    real_exists = storage_class.exists
    monkeypatch.setattr(
        storage_class, "exists", lambda self, name: stats.append(name) or real_exists(self, name)
    )
    client = Client()
    first = client.get("/tin-tuc/").content.decode()
    assert stem(lost.cover.name) in first and stats
    stats.clear()
    client.get("/tin-tuc/")
    assert stats == []  # the second view within the minute: no stat at all
    delete(files_of(lost))
    assert stem(lost.cover.name) in client.get("/tin-tuc/").content.decode()  # still believed there
    time_machine.shift(61)
    page = client.get("/tin-tuc/").content.decode()
    assert stem(lost.cover.name) not in page and stem(kept.cover.name) in page
