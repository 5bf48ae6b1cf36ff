"""The province's directory of its units (/don-vi-hanh-chinh/, issue 16 item 2): on the province's host only,
every commune and ward with its code, address, phones, head and a link to its own site; filtered by kind and
by a name typed without accents; the same few queries for 3 units or 30."""

import pytest
from django.test import Client

from portal import units
from portal.models import UnitLevel
from tests import factories

pytestmark = pytest.mark.django_db

PROVINCE_HOST = "dienbien.localhost"


@pytest.fixture
def province():
    province = factories.unit("11", "Tỉnh Điện Biên", level=UnitLevel.TINH, hosts=[PROVINCE_HOST])
    factories.unit(
        "03256",
        "Xã Búng Lao",
        hosts=["bunglao.dienbien.localhost", "bunglao.dienbien.vn"],
        parent=province,
        address="Bản Búng Lao, xã Búng Lao",
        hotline="0215 3870 111",
        phone="0215 3870 001",
        responsible_person="Chủ tịch UBND xã Búng Lao",
    )
    angto = factories.unit(
        "03259",
        "Xã Ẳng Tở",
        hosts=["angto.dienbien.localhost"],
        parent=province,
        responsible_person="Chủ tịch UBND xã Ẳng Tở",
    )
    factories.unit("03200", "Phường Điện Biên Phủ", level=UnitLevel.PHUONG, parent=province)  # no host yet
    factories.unit("03300", "Đặc khu Thử Nghiệm", level=UnitLevel.DAC_KHU, parent=province)
    factories.unit("12", "Tỉnh Lai Châu", level=UnitLevel.TINH, hosts=["laichau.localhost"])
    with units.activate(angto):
        factories.official(name="Cà Văn Hùng", title="Chủ tịch UBND xã", is_leader=True, order=2)
        factories.official(name="Lò Thị Lan", title="Phó Chủ tịch UBND xã", is_leader=True, order=3)
        factories.official(name="Quàng Văn A", title="Văn thư", is_leader=False, order=1)
    units.hosts_changed()
    return province


def on(host):
    return Client(HTTP_HOST=host)


def test_the_province_lists_its_communes_with_links_to_their_sites(province):
    response = on(PROVINCE_HOST).get("/don-vi-hanh-chinh/")
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<h1") == 1
    for text in (
        "Xã Búng Lao",
        "03256",
        "Bản Búng Lao, xã Búng Lao",
        "0215 3870 111",
        "0215 3870 001",
        '<a href="http://bunglao.dienbien.localhost/">Xã Búng Lao</a>',  # the primary host, not the alias
        '<a href="http://angto.dienbien.localhost/">Xã Ẳng Tở</a>',
        "Phường Điện Biên Phủ",
        "Đặc khu Thử Nghiệm",
        "Có 4 đơn vị",
    ):
        assert text in page, text
    assert "bunglao.dienbien.vn" not in page
    assert "Tỉnh Lai Châu" not in page  # another province's unit


def test_the_head_is_the_first_leader_else_the_person_responsible(province):
    page = on(PROVINCE_HOST).get("/don-vi-hanh-chinh/").content.decode()
    assert "Cà Văn Hùng, Chủ tịch UBND xã" in page
    assert "Lò Thị Lan" not in page and "Quàng Văn A" not in page
    assert "Chủ tịch UBND xã Ẳng Tở" not in page  # a leader is known: not the fallback
    assert "Chủ tịch UBND xã Búng Lao" in page  # no leader recorded: the person responsible


def test_a_district_kept_as_it_was_is_listed_and_offered_as_a_kind(province):
    factories.unit("03253", "Huyện Mường Ảng", level=UnitLevel.HUYEN, parent=province)
    page = on(PROVINCE_HOST).get("/don-vi-hanh-chinh/").content.decode()
    assert "Huyện Mường Ảng" in page and "Huyện (trước 01/07/2025) (1)" in page
    page = on(PROVINCE_HOST).get("/don-vi-hanh-chinh/", {"loai": "huyen"}).content.decode()
    assert "Huyện Mường Ảng" in page and ">Xã Búng Lao<" not in page


def test_a_commune_host_answers_404(province):
    assert on("bunglao.dienbien.localhost").get("/don-vi-hanh-chinh/").status_code == 404
    assert on("unknown.localhost").get("/don-vi-hanh-chinh/").status_code == 404


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ({"loai": "phuong"}, ["Phường Điện Biên Phủ"], ["Xã Búng Lao", "Đặc khu Thử Nghiệm"]),
        ({"loai": "dac-khu"}, ["Đặc khu Thử Nghiệm"], ["Xã Búng Lao"]),
        ({"ten": "bung lao"}, ["Xã Búng Lao"], ["Xã Ẳng Tở", "Phường Điện Biên Phủ"]),
        ({"ten": "ẲNG TỞ"}, ["Xã Ẳng Tở"], ["Xã Búng Lao"]),
        ({"ten": "dien bien", "loai": "xa"}, [], ["Phường Điện Biên Phủ"]),
    ],
)
def test_filters_by_kind_and_by_name_without_accents(province, query, shown, hidden):
    response = on(PROVINCE_HOST).get("/don-vi-hanh-chinh/", query)
    assert response.status_code == 200
    page = response.content.decode()
    for name in shown:
        assert name in page
    for name in hidden:
        assert f">{name}<" not in page
    if not shown:
        assert "Không có đơn vị nào khớp" in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"loai": "tinh"}, "Không có loại đơn vị này"),
        ({"loai": "<script>"}, "Không có loại đơn vị này"),
        ({"ten": "a" * 5000}, "Tên đơn vị dài tối đa 100 ký tự"),
    ],
)
def test_a_bad_filter_is_said_and_left_out(province, query, message):
    response = on(PROVINCE_HOST).get("/don-vi-hanh-chinh/", query)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "Xã Búng Lao" in page and "<script>" not in page.split("<main", 1)[1].split("</main>")[0]


def test_a_nul_byte_gets_the_vietnamese_400_page(province):
    response = on(PROVINCE_HOST).get("/don-vi-hanh-chinh/", {"ten": "bung\x00lao"})
    assert response.status_code == 400
    assert "Địa chỉ trang không hợp lệ" in response.content.decode()


def test_the_province_menu_and_footer_link_the_province_pages(province):
    page = on(PROVINCE_HOST).get("/don-vi-hanh-chinh/").content.decode()
    assert 'href="/don-vi-hanh-chinh/"' in page and 'href="/thong-ke-ho-so/toan-tinh/"' in page
    commune = on("bunglao.dienbien.localhost").get("/").content.decode()
    assert "/don-vi-hanh-chinh/" not in commune and "/thong-ke-ho-so/toan-tinh/" not in commune


def test_the_province_pages_are_in_the_provinces_sitemap_only(province):
    assert "/don-vi-hanh-chinh/" in on(PROVINCE_HOST).get("/sitemap.xml").content.decode()
    assert "/thong-ke-ho-so/toan-tinh/" in on(PROVINCE_HOST).get("/sitemap.xml").content.decode()
    assert "/don-vi-hanh-chinh/" not in on("bunglao.dienbien.localhost").get("/sitemap.xml").content.decode()


def _more_units(province, how_many):
    for n in range(how_many):
        unit = factories.unit(
            f"04{n:03d}", f"Xã Thêm {n}", hosts=[f"them{n}.dienbien.localhost"], parent=province
        )
        with units.activate(unit):
            factories.official(name=f"Chủ tịch {n}", title="Chủ tịch UBND xã", is_leader=True)
    units.hosts_changed()


def test_the_query_count_does_not_grow_with_the_units(province, django_assert_max_num_queries):
    client = on(PROVINCE_HOST)
    client.get("/don-vi-hanh-chinh/")  # the host map and the layout's cached parts, once

    def queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get("/don-vi-hanh-chinh/").status_code == 200
        return len(captured)

    with_three = queries()
    _more_units(province, 26)  # 30 units in the province
    client.get("/don-vi-hanh-chinh/")
    with django_assert_max_num_queries(with_three):
        page = client.get("/don-vi-hanh-chinh/").content.decode()
    assert "Xã Thêm 25" in page and "Chủ tịch 25, Chủ tịch UBND xã" in page
    assert with_three <= 5, with_three  # the units, their heads, whether a map exists
