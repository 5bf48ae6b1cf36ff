"""A document's file is public only while the document is, whatever its address, in both serving modes.

- A web server in front serves MEDIA_ROOT as it is: no document file is there at all (they are kept
  under PRIVATE_MEDIA_ROOT and sent by a view that checks).
- The app serving /media/ itself (DJANGO_SERVE_MEDIA): old /media/van-ban/… addresses lead to that view.
Staff who may see documents (editors) still get the file of one that is not public.
Photos of articles get a random part in their names: a draft's photo cannot be found by guessing.
"""

import importlib
import re
import shutil

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import include, path, re_path

from muongang.urls import handler404  # noqa: F401  (the Vietnamese 404 page for this URLconf too)
from news.models import Document
from portal import roles
from tests import factories
from tests.news.test_images import post_article
from website.views import serve_media

pytestmark = pytest.mark.django_db

# /media/ is routed only when the app serves uploads itself (DJANGO_SERVE_MEDIA=1, as `make run` does).
urlpatterns = [re_path(r"^media/(?P<path>.*)$", serve_media), path("", include("muongang.urls"))]

PDF = b"%PDF-1.4\n% Quyet dinh chua cong bo\n%%EOF\n"


@pytest.fixture
def documents(db):
    factories.site_settings()
    public = factories.document(number="12/QĐ-UBND", file=ContentFile(PDF, name="12-QD-UBND.pdf"))
    hidden = factories.document(
        number="13/QĐ-UBND", is_published=False, file=ContentFile(PDF, name="13-QD-UBND.pdf")
    )
    return public, hidden


def editor_client():
    client = Client()
    client.force_login(factories.staff_user(roles.EDITOR))
    return client


def got_file(response):
    return response.status_code == 200 and b"".join(response.streaming_content) == PDF


def test_no_document_file_is_in_the_folder_a_web_server_serves(documents, settings):
    for document in documents:
        assert (settings.PRIVATE_MEDIA_ROOT / document.file.name).read_bytes() == PDF
        assert not (settings.MEDIA_ROOT / document.file.name).exists()
    assert not (settings.MEDIA_ROOT / "van-ban").exists()


@pytest.mark.urls(__name__)
def test_the_media_address_of_a_hidden_document_gives_nothing_when_the_app_serves_media(documents):
    public, hidden = documents
    client = Client()
    old = client.get(f"/media/{hidden.file.name}", follow=True)
    assert old.status_code == 404 and PDF not in b"".join(getattr(old, "streaming_content", [old.content]))
    assert "Không tìm thấy trang" in old.content.decode()
    # the published one's old address still leads to its file
    assert got_file(client.get(f"/media/{public.file.name}", follow=True))


def test_every_address_of_a_hidden_document_file_is_closed_to_the_public(documents):
    public, hidden = documents
    client = Client()
    for url in (hidden.get_download_url(), hidden.file.url, f"/van-ban/tep/{hidden.file.name}"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Không tìm thấy trang" in response.content.decode()
    for url in (public.get_download_url(), public.file.url):
        response = client.get(url)
        assert got_file(response), url
        assert response["Content-Disposition"].startswith("attachment")


def test_withdrawing_a_document_closes_the_address_that_worked(documents):
    public, _hidden = documents
    client = Client()
    assert got_file(client.get(public.file.url))
    public.is_published = False
    public.save()
    assert client.get(public.file.url).status_code == 404
    assert client.get(public.get_download_url()).status_code == 404


def test_editors_still_get_the_file_of_a_hidden_document_never_cached(documents):
    _public, hidden = documents
    client = editor_client()
    for url in (hidden.get_download_url(), hidden.file.url):
        response = client.get(url)
        assert got_file(response), url
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
        assert response["X-Robots-Tag"] == "noindex, nofollow"
    # staff who may not see documents (a reporter) get nothing more than the public
    reporter = Client()
    reporter.force_login(factories.staff_user(roles.REPORTER))
    assert reporter.get(hidden.get_download_url()).status_code == 404


def test_the_admin_shows_a_hidden_documents_file_and_its_link_works(documents):
    _public, hidden = documents
    client = editor_client()
    response = client.get(f"/quan-tri/news/document/{hidden.pk}/change/")
    assert response.status_code == 200
    assert f'href="/van-ban/tep/{hidden.file.name}"' in response.content.decode()
    assert got_file(client.get(f"/van-ban/tep/{hidden.file.name}"))


def test_an_upload_in_the_admin_goes_to_the_private_folder(settings):
    client = editor_client()
    response = client.post(
        "/quan-tri/news/document/add/",
        {
            "doc_type": "quyet-dinh",
            "number": "14/QĐ-UBND",
            "summary": "Quyết định chưa công bố",
            "issuer": "Ủy ban nhân dân xã",
            "issued_on": "02/12/2026",
            "validity": "con-hieu-luc",
            "file": SimpleUploadedFile("14-QD-UBND.pdf", PDF, "application/pdf"),
            "slug": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    document = Document.objects.get()
    assert (settings.PRIVATE_MEDIA_ROOT / document.file.name).read_bytes() == PDF
    assert document.file_size == len(PDF)
    assert not list(settings.MEDIA_ROOT.rglob("*.pdf"))


def test_the_migration_moves_existing_files_out_of_the_public_folder_and_back(documents, settings):
    public, hidden = documents
    # as they were before: in MEDIA_ROOT, without a stored size
    for document in documents:
        target = settings.MEDIA_ROOT / document.file.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(settings.PRIVATE_MEDIA_ROOT / document.file.name, target)
    Document.objects.update(file_size=None)
    migration = importlib.import_module("news.migrations.0007_document_files_private")
    migration.to_private(apps, None)
    for document in documents:
        assert (settings.PRIVATE_MEDIA_ROOT / document.file.name).read_bytes() == PDF
        assert not (settings.MEDIA_ROOT / document.file.name).exists()
    assert set(Document.objects.values_list("file_size", flat=True)) == {len(PDF)}
    assert got_file(Client().get(public.get_download_url()))
    migration.to_public(apps, None)
    assert (settings.MEDIA_ROOT / hidden.file.name).read_bytes() == PDF


def test_article_photos_have_names_nobody_can_guess(settings):
    client = Client()
    client.force_login(factories.staff_user(roles.REPORTER))
    category = factories.category()
    for _ in range(2):
        photo = SimpleUploadedFile("IMG_0001.jpg", factories.photo_bytes((500, 300)))
        assert post_article(client, category, photo).status_code == 302
    names = [a.cover.name for a in category.articles.all()]
    for name in names:
        assert re.fullmatch(r"tin-tuc/\d{4}/\d{2}/IMG_0001-[A-Za-z0-9_-]{12}\.jpg", name), name
    assert len(set(names)) == 2
    upload = client.post(
        "/ckeditor5/image_upload/", {"upload": SimpleUploadedFile("IMG_0002.jpg", factories.photo_bytes())}
    )
    assert re.fullmatch(
        r"/media/anh-bai-viet/\d{4}/\d{2}/IMG_0002-[A-Za-z0-9_-]{12}\.jpg", upload.json()["url"]
    )
