"""The leaders' pages (Nghị định 224/2026/NĐ-CP, Điều 9 khoản 1 điểm c: a short biography and the duties of
each leader): one page lists the unit's leaders, each has their own; a portrait is cleaned and made small at
upload; staff who are not leaders, hidden leaders and another unit's leaders have no page."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from citizens.models import Official
from portal import roles, units
from portal.models import UnitHost
from tests import factories

pytestmark = pytest.mark.django_db
HOST = "muongang.dienbien.localhost"


@pytest.fixture
def host(unit):
    UnitHost.objects.create(unit=unit, host=HOST, is_primary=True)
    factories.site_settings()
    units.hosts_changed()
    return Client(HTTP_HOST=HOST)


def leader(**values):
    defaults = {
        "name": "Lò Văn Minh",
        "title": "Chủ tịch UBND xã",
        "workplace": "Ủy ban nhân dân xã",
        "is_leader": True,
        "term": "2021 – 2026",
        "duties": "Lãnh đạo, điều hành chung\n- Phụ trách quốc phòng, an ninh\n",
        "biography": "Sinh năm 1972; dân tộc Thái\n\nTrình độ: Đại học Luật",
        "phone": "0215 3868 101",
        "email": "chutich@example.vn",
    }
    return Official.objects.create(**{**defaults, **values})


def test_the_leaders_page_lists_the_units_leaders_and_each_has_a_page(host):
    first = leader(order=1)
    second = leader(name="Quàng Thị Thu", title="Phó Chủ tịch UBND xã", order=2, duties="", biography="")
    leader(name="Cán bộ đầu mối", title="Chánh Văn phòng", is_leader=False)
    leader(name="Đã nghỉ", is_active=False)
    other = factories.unit("88888", "Xã Búng Lao", hosts=["bunglao.dienbien.localhost"])
    with units.activate(other):
        stranger = leader(name="Lãnh đạo xã khác")
    page = host.get("/gioi-thieu/lanh-dao/")
    assert page.status_code == 200
    html = page.content.decode()
    assert html.index("Lò Văn Minh") < html.index("Quàng Thị Thu")  # in the unit's order
    assert "Chánh Văn phòng" not in html and "Đã nghỉ" not in html and "Lãnh đạo xã khác" not in html
    assert "Nhiệm kỳ 2021 – 2026" in html and "Lãnh đạo, điều hành chung…" in html
    assert f'href="/gioi-thieu/lanh-dao/{first.pk}/"' in html
    own = host.get(f"/gioi-thieu/lanh-dao/{first.pk}/").content.decode()
    assert "<h1>Lò Văn Minh</h1>" in own
    # each line of the duties and of the biography is an item; list marks typed by staff are dropped
    assert "<li>Phụ trách quốc phòng, an ninh</li>" in own and "<li>Trình độ: Đại học Luật</li>" in own
    assert 'href="tel:02153868101"' in own and 'href="mailto:chutich@example.vn"' in own
    assert "Cập nhật lần cuối:" in own
    assert "Đang cập nhật." in host.get(f"/gioi-thieu/lanh-dao/{second.pk}/").content.decode()
    # no page for who is not a leader of this unit, nor for a number that is no one
    for pk in (
        Official.objects.get(name="Cán bộ đầu mối").pk,
        Official.objects.get(name="Đã nghỉ").pk,
        stranger.pk,
        99999999,
    ):
        assert host.get(f"/gioi-thieu/lanh-dao/{pk}/").status_code == 404, pk
    assert host.get("/gioi-thieu/lanh-dao/99999999999999999999/").status_code == 404


def test_a_portrait_is_cleaned_of_its_metadata_and_made_small_at_upload(host):
    exif = Image.Exif()
    exif[0x010F] = "Canon"  # the camera's make
    exif[0x013B] = "Nguoi chup"  # the photographer
    photo = factories.photo_bytes(size=(1500, 2000), exif=exif)
    person = leader(photo=SimpleUploadedFile("chan-dung.jpg", photo, content_type="image/jpeg"))
    person.refresh_from_db()
    with Image.open(person.photo.path) as stored:
        assert stored.size == (480, 640) and (person.photo_width, person.photo_height) == (480, 640)
        assert not stored.getexif()
    assert person.photo.name.startswith("lanh-dao/chan-dung-")  # a name that cannot be guessed
    html = host.get(f"/gioi-thieu/lanh-dao/{person.pk}/").content.decode()
    assert f'src="{person.photo.url}" width="480" height="640" alt="Ảnh chân dung Lò Văn Minh"' in html
    # saved again without a new photo: left as it is
    person.term = "2026 – 2031"
    person.save()
    person.refresh_from_db()
    assert (person.photo_width, person.photo_height) == (480, 640)


def test_a_fake_photo_gets_a_vietnamese_message_in_the_admin(host):
    client = Client(HTTP_HOST=HOST)
    client.force_login(factories.staff_user(roles.ADMINISTRATOR))
    response = client.post(
        "/quan-tri/citizens/official/add/",
        {
            "name": "Lò Văn Minh",
            "title": "Chủ tịch",
            "workplace": "UBND xã",
            "order": "0",
            "is_active": "on",
            "is_leader": "on",
            "photo": SimpleUploadedFile("anh.jpg", b"<script>alert(1)</script>", content_type="image/jpeg"),
        },
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["photo"], errors
    assert "ảnh" in errors["photo"][0] and "image" not in errors["photo"][0].lower(), errors
    assert not Official.objects.exists()
    good = io.BytesIO(factories.photo_bytes(size=(800, 600)))
    response = client.post(
        "/quan-tri/citizens/official/add/",
        {
            "name": "Lò Văn Minh",
            "title": "Chủ tịch",
            "workplace": "UBND xã",
            "order": "0",
            "is_active": "on",
            "is_leader": "on",
            "term": "2021 – 2026",
            "duties": "Điều hành chung",
            "photo": SimpleUploadedFile("anh.jpg", good.getvalue(), content_type="image/jpeg"),
        },
    )
    assert response.status_code == 302
    person = Official.objects.get()
    assert (person.photo_width, person.photo_height) == (480, 360)


def test_the_leaders_page_costs_the_same_queries_with_many_leaders(host, django_assert_max_num_queries):
    for n in range(3):
        leader(name=f"Lãnh đạo {n}", order=n)
    host.get("/gioi-thieu/lanh-dao/")
    with django_assert_max_num_queries(8) as few:
        host.get("/gioi-thieu/lanh-dao/")
    for n in range(3, 20):
        leader(name=f"Lãnh đạo {n}", order=n)
    host.get("/gioi-thieu/lanh-dao/")
    with django_assert_max_num_queries(len(few.captured_queries)):
        host.get("/gioi-thieu/lanh-dao/")


def test_leaders_are_in_the_sitemap_and_linked_from_the_contacts(host):
    person = leader()
    sitemap = host.get("/sitemap.xml").content.decode()
    assert "/gioi-thieu/lanh-dao/</loc>" in sitemap and f"/gioi-thieu/lanh-dao/{person.pk}/</loc>" in sitemap
    contacts = host.get("/lien-he/").content.decode()
    assert f'<a href="/gioi-thieu/lanh-dao/{person.pk}/">Lò Văn Minh</a>' in contacts
