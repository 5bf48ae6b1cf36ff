"""The photo library (thư viện ảnh): photos uploaded once with their description, caption and focal point,
reused as articles' covers; a description is required for every photo; the focal point steers the crop."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from news.models import Article, ArticleStatus, Photo
from portal import roles, units
from tests import factories

pytestmark = pytest.mark.django_db

LIBRARY = "/quan-tri/news/photo/"


def client_of(role):
    client = Client()
    client.force_login(factories.staff_user(role))
    return client


def upload_to_library(client, alt="Cầu treo bản Co Mạ", **values):
    data = {
        "image": SimpleUploadedFile("cau-treo.jpg", factories.photo_bytes((1600, 1000)), "image/jpeg"),
        "alt": alt,
        "caption": "Cầu treo mới khánh thành",
        "credit": "Cà Văn Thắng",
        "focus_x": "20",
        "focus_y": "70",
        **values,
    }
    return client.post(LIBRARY + "add/", data)


def article_form(category, **values):
    data = {
        "title": "Khánh thành cầu treo",
        "category": category.pk,
        "summary": "Tóm tắt.",
        "body": "<p>Nội dung.</p>",
        "cover_alt": "",
        "cover_caption": "",
        "cover_focus_x": "50",
        "cover_focus_y": "50",
        "events-TOTAL_FORMS": "0",
        "events-INITIAL_FORMS": "0",
        "events-MIN_NUM_FORMS": "0",
        "events-MAX_NUM_FORMS": "0",
    }
    data.update(values)
    return data


def test_a_reporter_adds_a_photo_with_its_description_and_the_library_lists_it(settings):
    reporter = client_of(roles.REPORTER)
    response = upload_to_library(reporter)
    assert response.status_code == 302
    photo = Photo.objects.get()
    assert photo.uploaded_by.username and (photo.width, photo.height) == (1600, 1000)
    assert [w for w, _h, _n in photo.renditions["jpeg"]] == [400, 800, 1200]
    assert (settings.MEDIA_ROOT / photo.image.name).exists()

    html = reporter.get(LIBRARY).content.decode()
    assert "Cầu treo bản Co Mạ" in html and photo.thumbnail_url() in html and "-400.jpg" in html
    # searched without accents, as staff type
    assert "Cầu treo bản Co Mạ" in reporter.get(LIBRARY, {"q": "cau treo"}).content.decode()
    assert "Cầu treo bản Co Mạ" not in reporter.get(LIBRARY, {"q": "ho so"}).content.decode()


def test_a_photo_without_a_description_is_refused_with_a_vietnamese_message():
    reporter = client_of(roles.REPORTER)
    response = upload_to_library(reporter, alt="   ")
    assert response.status_code == 200
    assert "errornote" in response.content.decode()
    assert not Photo.objects.exists()
    fake = upload_to_library(
        reporter, image=SimpleUploadedFile("x.jpg", b"<script>alert(1)</script>", "image/jpeg")
    )
    assert fake.status_code == 200 and "không phải là hình ảnh" in fake.content.decode()
    assert not Photo.objects.exists()


def test_an_article_cover_needs_a_description_too():
    category = factories.category()
    editor = client_of(roles.EDITOR)
    response = editor.post(
        "/quan-tri/news/article/add/",
        article_form(category, cover=SimpleUploadedFile("a.jpg", factories.photo_bytes(), "image/jpeg")),
    )
    assert response.status_code == 200
    assert "Ảnh đại diện cần có mô tả cho người khiếm thị." in response.content.decode()
    assert not Article.objects.exists()


def test_an_editor_reuses_a_library_photo_as_a_cover_and_the_article_keeps_its_own_copy(settings):
    reporter = client_of(roles.REPORTER)
    upload_to_library(reporter)
    photo = Photo.objects.get()
    category = factories.category()
    editor = client_of(roles.EDITOR)
    # the picker is the library's list in a popup, with its thumbnails
    popup = editor.get(LIBRARY, {"_to_field": "id", "_popup": "1"}).content.decode()
    assert photo.thumbnail_url() in popup
    response = editor.post(
        "/quan-tri/news/article/add/",
        article_form(category, cover_source=photo.pk, status="nhap", _xuat_ban="1"),
    )
    assert response.status_code == 302, re.findall(r"errorlist.*?</ul>", response.content.decode(), re.S)
    article = Article.objects.get()
    assert article.cover_source == photo
    assert article.cover_alt == "Cầu treo bản Co Mạ" and article.cover_caption == "Cầu treo mới khánh thành"
    assert (article.cover_focus_x, article.cover_focus_y) == (20, 70)
    assert article.cover.name != photo.image.name and article.cover.name.startswith("tin-tuc/")
    assert (settings.MEDIA_ROOT / article.cover.name).read_bytes() == (
        settings.MEDIA_ROOT / photo.image.name
    ).read_bytes()
    assert article.cover_renditions["jpeg"]
    # reused only once: no second library entry for the same photo
    assert Photo.objects.count() == 1

    # readers see the photo with its description, and the list crops it around its focal point
    page = Client().get(article.get_absolute_url()).content.decode()
    assert 'alt="Cầu treo bản Co Mạ"' in page and "Cầu treo mới khánh thành" in page
    listing = Client().get(category.get_absolute_url()).content.decode()
    assert re.search(r'<img [^>]*class="fx-20 fy-70"', listing)

    # the library says where the photo is used; deleting it leaves the published article whole
    assert "1 bài" in editor.get(LIBRARY).content.decode()
    delete = editor.post(f"{LIBRARY}{photo.pk}/delete/", {"post": "yes"})
    assert delete.status_code == 302
    article.refresh_from_db()
    assert article.cover_source is None and (settings.MEDIA_ROOT / article.cover.name).exists()
    assert 'alt="Cầu treo bản Co Mạ"' in Client().get(article.get_absolute_url()).content.decode()


def test_a_cover_uploaded_with_an_article_goes_into_the_library():
    category = factories.category()
    reporter = client_of(roles.REPORTER)
    response = reporter.post(
        "/quan-tri/news/article/add/",
        article_form(
            category,
            cover=SimpleUploadedFile("hop.jpg", factories.photo_bytes(), "image/jpeg"),
            cover_alt="Hội nghị tổng kết năm",
            cover_caption="Toàn cảnh hội nghị",
            cover_focus_y="30",
        ),
    )
    assert response.status_code == 302
    article = Article.objects.get()
    photo = Photo.objects.get()
    assert article.cover_source == photo
    assert (photo.alt, photo.caption, photo.focus_y) == ("Hội nghị tổng kết năm", "Toàn cảnh hội nghị", 30)
    assert photo.image.name != article.cover.name


def test_the_focal_point_is_checked_and_shown_on_the_form():
    reporter = client_of(roles.REPORTER)
    response = upload_to_library(reporter, focus_x="140")
    assert response.status_code == 200 and "100" in response.content.decode()
    assert not Photo.objects.exists()
    upload_to_library(reporter)
    photo = Photo.objects.get()
    form = reporter.get(f"{LIBRARY}{photo.pk}/change/").content.decode()
    assert 'data-focal-x="id_focus_x"' in form and "focal_point" in form


def test_the_centre_needs_no_class_and_other_points_round_to_tens():
    article = factories.article(status=ArticleStatus.PUBLISHED)
    assert article.cover_focus_class == ""
    article.cover_focus_x, article.cover_focus_y = 33, 96
    assert article.cover_focus_class == "fx-30 fy-100"


def test_a_unit_sees_only_its_own_library():
    reporter = client_of(roles.REPORTER)
    upload_to_library(reporter)
    other = factories.unit("99001", "Xã Khác", hosts=["xakhac.localhost"])
    with units.activate(other):
        assert not Photo.objects.exists()


def stored_files(settings, renditions, name):
    return [settings.MEDIA_ROOT / name] + [
        settings.MEDIA_ROOT / n for v in renditions.values() for _w, _h, n in v
    ]


def test_photos_deleted_together_in_the_library_leave_no_file_behind(
    settings, django_capture_on_commit_callbacks
):
    """The admin's «Xóa các ảnh đã chọn» deletes in bulk, without each photo's delete(): the files and
    their renditions still go, once the deletion is committed."""
    editor = client_of(roles.EDITOR)
    upload_to_library(editor)
    upload_to_library(editor, alt="Ruộng bậc thang Ẳng Nưa")
    files = [
        f for photo in Photo.objects.all() for f in stored_files(settings, photo.renditions, photo.image.name)
    ]
    assert len(files) == 14 and all(f.exists() for f in files)
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(
            LIBRARY,
            {
                "action": "delete_selected",
                "_selected_action": list(Photo.objects.values_list("pk", flat=True)),
                "post": "yes",
            },
        )
    assert response.status_code == 302 and not Photo.objects.exists()
    assert [f for f in files if f.exists()] == []


def test_a_replaced_cover_is_deleted_but_a_file_another_article_holds_is_kept(
    settings, django_capture_on_commit_callbacks
):
    category = factories.category()
    article = factories.article(category=category, title="Ảnh được thay")
    with django_capture_on_commit_callbacks(execute=True):
        article.cover = SimpleUploadedFile("cu.jpg", factories.photo_bytes((900, 600)), "image/jpeg")
        article.save()
    old = stored_files(settings, article.cover_renditions, article.cover.name)
    assert all(f.exists() for f in old)
    # a bulk copy (generated volumes) shares the file: replacing one article's photo keeps it for the other
    twin = factories.article(category=category, title="Bản sao")
    Article.objects.filter(pk=twin.pk).update(
        cover=article.cover.name, cover_renditions=article.cover_renditions
    )
    with django_capture_on_commit_callbacks(execute=True):
        article.cover = SimpleUploadedFile("moi.jpg", factories.photo_bytes((800, 600)), "image/jpeg")
        article.save()
    assert all(f.exists() for f in old)
    new = stored_files(settings, article.cover_renditions, article.cover.name)
    # the last one holding it goes: its file goes with it
    with django_capture_on_commit_callbacks(execute=True):
        Article.objects.filter(pk=twin.pk).delete()
    assert [f for f in old if f.exists()] == []
    assert all(f.exists() for f in new)


def test_a_library_photo_on_the_object_store_gets_its_sizes_from_the_worker(
    settings, django_capture_on_commit_callbacks
):
    settings.RENDITIONS_IN_BACKGROUND = True
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}  # queued, not run
    from django.tasks import default_task_backend

    from news.tasks import make_photo_renditions

    with django_capture_on_commit_callbacks(execute=True):
        assert upload_to_library(client_of(roles.REPORTER)).status_code == 302
    photo = Photo.objects.get()
    assert photo.renditions == {} and (photo.width, photo.height) == (1600, 1000)
    queued = [r.args for r in default_task_backend.results if r.task.name == "make_photo_renditions"]
    assert queued == [["news.photo", photo.pk, photo.image.name]]
    # the list shows the original meanwhile, then the smallest size
    assert photo.thumbnail_url().endswith(photo.image.name)
    make_photo_renditions.call(*queued[0])
    photo.refresh_from_db()
    assert [w for w, _h, _n in photo.renditions["jpeg"]] == [400, 800, 1200]
    assert photo.thumbnail_url().endswith("-400.jpg")
