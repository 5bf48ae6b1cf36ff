"""Contacts /lien-he/ and the English page /en/contact/."""

import pytest

from citizens.models import CitizenSettings, ContactOffice, Hotline
from portal import units
from tests import factories
from tests.demo import load_demo


@pytest.fixture
def contacts(db):
    factories.site_settings()
    CitizenSettings(
        map_url="https://www.openstreetmap.org/#map=15/21.52/103.22", name_en="Nậm Lịch Commune"
    ).save()
    Hotline.objects.create(
        name="Đường dây nóng của Chủ tịch UBND", name_en="Chairman's hotline", number="0215 3000 100"
    )
    Hotline.objects.create(name="Đường dây nóng cũ", number="0215 3000 999", is_active=False)
    ContactOffice.objects.create(
        name="Bộ phận một cửa", name_en="One-stop desk", phone="0215 3000 120", email="mc@x.vn"
    )
    factories.official(name="Lò Văn Minh", title="Chủ tịch UBND xã", title_en="Chairman", email="cm@x.vn")


@pytest.mark.django_db
def test_contact_page_lists_hotlines_offices_and_officials_with_links(client, contacts):
    html = client.get("/lien-he/").content.decode()
    assert '<html lang="vi"' in html
    assert "Đường dây nóng của Chủ tịch UBND" in html and 'href="tel:02153000100"' in html
    assert "0215 3000 999" not in html  # inactive
    assert 'href="tel:02153000111"' in html  # the header hotline of the site settings
    assert "Bộ phận một cửa" in html and 'href="mailto:mc@x.vn"' in html
    assert "Lò Văn Minh" in html and 'href="mailto:cm@x.vn"' in html
    assert 'href="https://www.openstreetmap.org/#map=15/21.52/103.22"' in html
    assert 'href="mailto:ubnd@namlich.example.vn"' in html and "Bản Trung Tâm, xã Nậm Lịch" in html
    assert 'href="/en/contact/"' in html


@pytest.mark.django_db
def test_english_page_is_marked_english(client, contacts):
    response = client.get("/en/contact/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en"' in html
    assert "<h1>Contact</h1>" in html and "Nậm Lịch Commune" in html
    assert "Chairman&#x27;s hotline" in html and "One-stop desk" in html and ">Chairman<" in html
    assert 'hreflang="vi"' in html
    # the shared Vietnamese header and footer say so, for screen readers on the English page
    assert (
        '<header class="site-header" lang="vi">' in html and '<footer class="site-footer" lang="vi">' in html
    )


@pytest.mark.django_db
def test_demo_contacts_and_schedule(client):
    load_demo()
    html = client.get("/lien-he/").content.decode()
    assert "Đường dây nóng của Chủ tịch UBND huyện" in html and "Ban Tiếp công dân huyện" in html
    html = client.get("/tiep-cong-dan/").content.decode()
    assert "Thứ Hai hằng tuần" in html and "Hoãn" in html
    assert client.get("/hoi-dap/").content.decode().count('class="qa-title"') == 12
    from citizens.models import Feedback

    assert set(Feedback.objects.values_list("status", flat=True)) == {
        "new",
        "processing",
        "answered",
        "transferred",
        "out_of_scope",
    }


@pytest.mark.django_db
def test_contact_pages_cost_the_same_with_1_or_50_contacts(client, contacts):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(url):
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    units.for_host("testserver")  # the map of hosts is loaded once per change of a unit, not per page
    small = count("/lien-he/"), count("/en/contact/")
    for n in range(49):
        Hotline.objects.create(name=f"Đường dây {n}", number="0215 3000 101")
        ContactOffice.objects.create(name=f"Phòng {n}")
        factories.official()
    assert (count("/lien-he/"), count("/en/contact/")) == small
