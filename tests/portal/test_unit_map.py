"""A unit's administrative map (Điều 9 khoản 1 điểm c, Nghị định 224/2026/NĐ-CP): an administrator uploads
the boundary as GeoJSON, a bad file gets a clear message, and /gioi-thieu/ban-do-hanh-chinh/ draws it as an
inline SVG — a commune with its neighbours, a province with all its communes — each shape a link to that
unit's site, with nothing asked of a tile server."""

import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from portal import geo, roles, units
from portal.models import Unit, UnitHost
from tests import factories

pytestmark = pytest.mark.django_db


def square(west, south, size=0.05):
    ring = [
        [west, south],
        [west + size, south],
        [west + size, south + size],
        [west, south + size],
        [west, south],
    ]
    return {"type": "Polygon", "coordinates": [ring]}


def geojson(*geometries):
    return json.dumps(
        {"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": g} for g in geometries]}
    ).encode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"{not json", "không đọc được JSON"),
        (b"\x00\x00", "không đọc được JSON"),
        (json.dumps({"type": "Point", "coordinates": [103.2, 21.5]}).encode(), "phải là vùng (Polygon"),
        (json.dumps({"features": []}).encode(), "không có trường «type»"),
        # VN-2000 / UTM metres, not degrees
        (geojson(square(500000, 2380000, 1000)), "hệ VN-2000 hoặc tọa độ mét"),
        # a bow tie: the ring crosses itself
        (
            geojson(
                {
                    "type": "Polygon",
                    "coordinates": [[[103, 21], [103.1, 21.1], [103.1, 21], [103, 21.1], [103, 21]]],
                }
            ),
            "tự cắt nhau gần kinh độ 103.05000, vĩ độ 21.05000",
        ),
        (b" " * (geo.MAX_BYTES + 1), "Tệp quá lớn"),
        (geojson({"type": "Polygon", "coordinates": [[[103, 21]]]}), "không đúng cấu trúc GeoJSON"),
    ],
)
def test_a_bad_boundary_file_gets_a_clear_message(data, message):
    with pytest.raises(ValidationError) as raised:
        geo.read_boundary(data)
    assert message in " ".join(raised.value.messages)


def test_too_many_points_are_refused_and_a_good_file_is_kept_light(monkeypatch):
    ring = [[103 + 0.1 * k / 5000, 21 + 0.00001 * (k % 2)] for k in range(5000)]
    ring += [[103.1, 21.2], [103, 21.2], ring[0]]
    monkeypatch.setattr(geo, "MAX_POINTS", 1000)
    with pytest.raises(ValidationError, match="quá nhiều điểm"):
        geo.read_boundary(geojson({"type": "Polygon", "coordinates": [ring]}))
    monkeypatch.setattr(geo, "MAX_POINTS", 200_000)
    stored = geo.read_boundary(geojson({"type": "Polygon", "coordinates": [ring]}))
    assert stored["type"] == "MultiPolygon"
    assert sum(len(r) for p in stored["coordinates"] for r in p) < 20  # 20 m: a straight edge is two points


@pytest.fixture
def province_map(unit):
    """Province 11 with communes A (the test's unit), B beside it and C far away; province 12's commune D
    beside A on the map (another province: not A's neighbour)."""
    province = factories.unit("11", "Tỉnh Điện Biên", level="tinh", hosts=["dienbien.localhost"])
    other = factories.unit("12", "Tỉnh Lai Châu", level="tinh", hosts=["laichau.localhost"])
    UnitHost.objects.create(unit=unit, host="a.dienbien.localhost", is_primary=True)
    factories.site_settings(unit_name="Xã A")
    Unit.objects.filter(pk=unit.pk).update(
        parent=province,
        boundary=geo.read_boundary(geojson(square(103.0, 21.0))),
        boundary_is_illustrative=True,
    )
    for code, name, host, parent, west in (
        ("03002", "Xã B", "b.dienbien.localhost", province, 103.05),
        ("03003", "Xã C", "c.dienbien.localhost", province, 103.5),
        ("04001", "Xã D", "d.laichau.localhost", other, 102.95),
    ):
        commune = factories.unit(code, name, hosts=[host], parent=parent)
        Unit.objects.filter(pk=commune.pk).update(boundary=geo.read_boundary(geojson(square(west, 21.0))))
    units.hosts_changed()
    return province


def svg_of(host):
    response = Client().get("/gioi-thieu/ban-do-hanh-chinh/", HTTP_HOST=host)
    assert response.status_code == 200
    html = response.content.decode()
    return html, re.search(r"<svg.*?</svg>", html, re.S).group(0)


def test_a_commune_map_shows_it_with_its_neighbours_of_the_province(province_map):
    html, svg = svg_of("a.dienbien.localhost")
    assert '<g class="map-site"><path class="map-unit" d="M' in svg and ">Xã A</text>" in svg
    assert '<a href="http://b.dienbien.localhost/">' in svg and ">Xã B</text>" in svg
    assert "Xã C" not in svg and "Xã D" not in svg  # far away; another province
    assert "Hình minh họa:" in html  # A's shape is marked as illustrative
    assert "tile" not in svg and "http" not in svg.replace("http://b.dienbien.localhost/", "")
    assert "<li>Xã A (đơn vị này)</li>" in html


def test_the_province_map_shows_all_its_communes_as_links(province_map):
    html, svg = svg_of("dienbien.localhost")
    for name, host in (("Xã A", "a"), ("Xã B", "b"), ("Xã C", "c")):
        assert f'<a href="http://{host}.dienbien.localhost/"><path class="map-unit"' in svg
        assert f'<li><a href="http://{host}.dienbien.localhost/">{name}</a></li>' in html
    assert "Xã D" not in html


def test_no_boundary_no_map(unit):
    factories.site_settings()
    assert Client().get("/gioi-thieu/ban-do-hanh-chinh/").status_code == 404


def test_an_administrator_uploads_the_boundary_and_a_bad_file_is_refused(unit):
    factories.site_settings(unit_name="Xã Nậm Lịch")
    administrator = factories.staff_user(roles.ADMINISTRATOR)
    client = Client()
    client.force_login(administrator)
    url = reverse("admin:portal_unit_change", args=[unit.pk])
    assert "tệp ranh giới (GeoJSON)" in client.get(url).content.decode()
    form = {
        "code": unit.code,
        "unit_name": "Xã Nậm Lịch",
        "unit_level": "xa",
        "portal_title": "Cổng thông tin điện tử Xã Nậm Lịch",
        "retention_months": "24",
        "hosts-TOTAL_FORMS": "0",
        "hosts-INITIAL_FORMS": "0",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
    }
    utm = SimpleUploadedFile("ranh-gioi.geojson", geojson(square(500000, 2380000, 1000)))
    response = client.post(url, {**form, "boundary_file": utm})
    assert response.status_code == 200
    assert "hệ VN-2000 hoặc tọa độ mét" in response.content.decode()
    assert Unit.objects.get(pk=unit.pk).boundary is None
    good = SimpleUploadedFile("ranh-gioi.geojson", geojson(square(103.0, 21.0)))
    response = client.post(url, {**form, "boundary_file": good, "boundary_is_illustrative": "on"})
    assert response.status_code == 302, response.content.decode()[:2000]
    saved = Unit.objects.get(pk=unit.pk)
    assert saved.boundary["type"] == "MultiPolygon" and saved.boundary_is_illustrative
    _, svg = svg_of("testserver")
    assert ">Xã Nậm Lịch</text>" in svg


def test_the_introduction_links_the_map_once_there_is_one(province_map):
    intro = factories.page(title="Giới thiệu chung")
    page = Client().get(intro.get_absolute_url(), HTTP_HOST="a.dienbien.localhost").content.decode()
    assert '<a href="/gioi-thieu/ban-do-hanh-chinh/">Bản đồ hành chính</a>' in page
    c = Unit.objects.get(code="03003")
    with units.activate(c):
        other = factories.page(title="Giới thiệu xã C")
    c.boundary = None  # the administrator takes it away
    c.save()
    page = Client().get(other.get_absolute_url(), HTTP_HOST="c.dienbien.localhost").content.decode()
    assert "Bản đồ hành chính" not in page
