"""Photos: checked by content, resized once at upload into WebP and JPEG, metadata removed."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from news.models import Article
from portal import roles
from tests import factories

pytestmark = pytest.mark.django_db


def post_article(client, category, cover, **values):
    data = {
        "title": "Bài có ảnh",
        "category": category.pk,
        "summary": "Tóm tắt.",
        "body": "<p>Nội dung.</p>",
        "cover": cover,
        "cover_alt": "Cán bộ hướng dẫn người dân",
        "cover_caption": "Ảnh minh họa",
        "events-TOTAL_FORMS": "0",
        "events-INITIAL_FORMS": "0",
        "events-MIN_NUM_FORMS": "0",
        "events-MAX_NUM_FORMS": "0",
    }
    data.update(values)
    return client.post("/quan-tri/news/article/add/", data)


@pytest.fixture
def reporter_client():
    client = Client()
    client.force_login(factories.staff_user(roles.REPORTER))
    return client


def huge_png_header(width, height):
    """A tiny PNG file that claims ``width`` × ``height`` pixels: a decompression bomb's header."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("anh.jpg", b"<?php system($_GET['c']); ?> day khong phai anh", "ảnh"),
        ("anh.png", b"MZ\x90\x00" + b"\x00" * 200, "ảnh"),
        ("bom.png", huge_png_header(9000, 9000), "megapixel"),
        ("bom-lon.png", huge_png_header(30000, 30000), "ảnh"),
    ],
)
def test_files_that_are_not_safe_photos_are_refused_in_vietnamese(reporter_client, name, content, message):
    category = factories.category()
    response = post_article(reporter_client, category, SimpleUploadedFile(name, content, "image/jpeg"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "errornote" in html and message in html
    assert not Article.objects.exists()


def test_a_photo_over_10_mb_is_refused(reporter_client, settings):
    category = factories.category()
    big = io.BytesIO()
    # noise does not compress: a real 11+ MB PNG
    Image.frombytes(
        "RGB", (2200, 1800), bytes(range(256)) * (2200 * 1800 * 3 // 256) + b"\0" * (2200 * 1800 * 3 % 256)
    ).save(big, "PNG", compress_level=0)
    assert big.tell() > 10 * 1024 * 1024
    response = post_article(
        reporter_client, category, SimpleUploadedFile("to.png", big.getvalue(), "image/png")
    )
    assert response.status_code == 200
    assert "Dung lượng tối đa là 10 MB" in response.content.decode()
    assert not Article.objects.exists()


def test_an_upload_gets_webp_and_jpeg_renditions_and_loses_its_metadata(reporter_client, settings):
    category = factories.category()
    exif = Image.Exif()
    exif[0x010F] = "Máy ảnh Bí Mật"  # Make
    exif[0x013B] = "Người chụp"  # Artist
    photo = factories.photo_bytes(size=(1600, 1000), exif=exif.tobytes())
    assert b"Exif" in photo
    response = post_article(reporter_client, category, SimpleUploadedFile("anh-goc.jpg", photo, "image/jpeg"))
    assert response.status_code == 302
    article = Article.objects.get()
    stored = (settings.MEDIA_ROOT / article.cover.name).read_bytes()
    assert b"Exif" not in stored and "Bí Mật".encode() not in stored
    assert (article.cover_width, article.cover_height) == (1600, 1000)
    widths = {fmt: [w for w, _h, _name in entries] for fmt, entries in article.cover_renditions.items()}
    assert widths == {"webp": [400, 800, 1200], "jpeg": [400, 800, 1200]}
    for fmt, expected in (("webp", "WEBP"), ("jpeg", "JPEG")):
        for width, height, name in article.cover_renditions[fmt]:
            with Image.open(settings.MEDIA_ROOT / name) as image:
                assert image.format == expected and image.size == (width, height)
                assert not image.getexif()

    # the page uses them with srcset, sizes, width and height (no layout shift)
    article.status, article.published_at = "da-xuat-ban", None
    article.save()
    html = Client().get(article.get_absolute_url()).content.decode()
    assert 'type="image/webp"' in html and "-400.webp 400w" in html and "-1200.jpg 1200w" in html
    assert 'width="800" height="500"' in html and 'alt="Cán bộ hướng dẫn người dân"' in html


def test_a_small_photo_is_not_enlarged(reporter_client):
    category = factories.category()
    response = post_article(
        reporter_client, category, SimpleUploadedFile("nho.png", factories.photo_bytes((640, 480), "PNG"))
    )
    assert response.status_code == 302
    article = Article.objects.get()
    assert [w for w, _h, _n in article.cover_renditions["webp"]] == [400, 640]


def test_photos_pasted_into_the_editor_are_checked_and_cleaned(settings):
    upload_url = "/ckeditor5/image_upload/"
    client = Client()
    assert client.post(
        upload_url, {"upload": SimpleUploadedFile("a.jpg", factories.photo_bytes())}
    ).status_code in (
        302,
        403,
    )
    client.force_login(factories.staff_user(roles.REPORTER))
    bomb = client.post(upload_url, {"upload": SimpleUploadedFile("bom.png", huge_png_header(30000, 30000))})
    assert bomb.status_code == 400 and "megapixel" in bomb.json()["error"]["message"]
    fake = client.post(upload_url, {"upload": SimpleUploadedFile("gia.jpg", b"<script>alert(1)</script>")})
    assert fake.status_code == 400 and "không phải là ảnh" in fake.json()["error"]["message"]
    exif = Image.Exif()
    exif[0x010F] = "Máy ảnh Bí Mật"
    response = client.post(
        upload_url, {"upload": SimpleUploadedFile("that.jpg", factories.photo_bytes(exif=exif.tobytes()))}
    )
    assert response.status_code == 200
    url = response.json()["url"]
    assert url.startswith("/media/anh-bai-viet/")
    stored = (settings.MEDIA_ROOT / url.removeprefix("/media/")).read_bytes()
    assert b"Exif" not in stored


def test_with_renditions_in_background_the_upload_waits_for_the_worker_and_pages_show_the_original(
    reporter_client, settings, django_capture_on_commit_callbacks
):
    """On the object store (settings.RENDITIONS_IN_BACKGROUND) the editor's request stores the photo and
    its size only; the queued task makes the renditions, and the page then offers them."""
    settings.RENDITIONS_IN_BACKGROUND = True
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}  # queued, not run
    from django.tasks import default_task_backend

    from news.tasks import make_photo_renditions

    category = factories.category()
    photo = SimpleUploadedFile("anh.jpg", factories.photo_bytes(size=(1600, 1000)), "image/jpeg")
    with django_capture_on_commit_callbacks(execute=True):
        assert post_article(reporter_client, category, photo).status_code == 302
    article = Article.objects.get()
    assert article.cover_renditions == {}
    assert (article.cover_width, article.cover_height) == (1600, 1000)
    queued = [r for r in default_task_backend.results if r.task.name == "make_photo_renditions"]
    # the article's photo, and its copy in the photo library
    assert sorted(r.args[0] for r in queued) == ["news.article", "news.photo"]
    assert ["news.article", article.pk, article.cover.name] in [r.args for r in queued]

    article.status, article.published_at = "da-xuat-ban", None
    article.save()
    html = Client().get(article.get_absolute_url()).content.decode()
    assert f'src="/media/{article.cover.name}"' in html and 'width="1600" height="1000"' in html
    assert ".webp" not in html

    # what the worker does; twice is harmless
    make_photo_renditions.call("news.article", article.pk, article.cover.name)
    assert make_photo_renditions.call("news.article", article.pk, article.cover.name) == "đã có"
    article.refresh_from_db()
    assert [w for w, _h, _n in article.cover_renditions["webp"]] == [400, 800, 1200]
    html = Client().get(article.get_absolute_url()).content.decode()
    assert "-400.webp 400w" in html and 'width="800" height="500"' in html
