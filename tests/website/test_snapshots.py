"""write_snapshots: each unit's essentials as a static page, and the 503 answer that serves it
(the outage itself, with PostgreSQL stopped, is in tests/production/test_outage_snapshot.py)."""

import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import timezone

from citizens.models import Hotline, ReceptionSession
from portal import units
from portal.models import Maintenance
from portal.views import render_error_page
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def snapshot_root(settings, tmp_path):
    settings.SNAPSHOT_ROOT = tmp_path
    return tmp_path


def test_each_unit_gets_a_page_of_its_essentials(snapshot_root, unit):
    factories.site_settings(unit_name="Xã Nậm Lịch", hotline="0215 3000 111", address="Bản Trung Tâm")
    factories.procedure(name="Đăng ký khai sinh", code="1.001193")
    factories.procedure(name="Thủ tục xã khác không làm", carried_out=False)
    Hotline.objects.create(name="Trực ban", number="0215 3000 222")
    ReceptionSession.objects.create(
        date=timezone.localdate() + timedelta(days=3), presider="Chủ tịch UBND xã", place="Hội trường xã"
    )
    Maintenance.objects.create(
        starts_at=timezone.now() + timedelta(days=1),
        expected_end=timezone.now() + timedelta(days=1, hours=2),
        description="Sự cố điện lưới.",
        force_majeure=True,
    )
    other = factories.unit("03256", "Xã Búng Lao", hosts=["bunglao.example.vn"])
    with units.activate(other):
        Hotline.objects.create(name="Trực ban Búng Lao", number="0215 3999 333")
    call_command("write_snapshots", verbosity=0)

    page = (snapshot_root / f"{unit.code}.html").read_text(encoding="utf-8")
    assert '<html lang="vi">' in page and "Hệ thống tạm thời gián đoạn." in page
    for essential in ("Xã Nậm Lịch", "0215 3000 111", "0215 3000 222", "Bản Trung Tâm", "Hội trường xã"):
        assert essential in page, essential
    assert "Đăng ký khai sinh (mã 1.001193" in page and "Thủ tục xã khác không làm" not in page
    assert "Sự cố điện lưới." in page
    assert "Búng Lao" not in page
    assert "0215 3999 333" in (snapshot_root / "03256.html").read_text(encoding="utf-8")
    assert json.loads((snapshot_root / "hosts.json").read_text()) == {"bunglao.example.vn": "03256"}
    assert not list(snapshot_root.glob(".tmp-*"))  # written whole, nothing left half-written


def test_the_503_answer_is_the_units_snapshot(snapshot_root, unit):
    factories.site_settings(unit_name="Xã Nậm Lịch")
    call_command("write_snapshots", verbosity=0)
    request = RequestFactory().get("/tin-tuc/")
    response = render_error_page(request, 503)
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert "Xã Nậm Lịch" in response.content.decode()
    assert "Hệ thống tạm thời gián đoạn." in response.content.decode()
    # the admin, or a unit without a snapshot yet: the plain page
    admin = render_error_page(RequestFactory().get("/quan-tri/"), 503).content.decode()
    assert "thông tin thiết yếu" not in admin
    (snapshot_root / f"{unit.code}.html").unlink()
    plain = render_error_page(request, 503)
    assert plain.status_code == 503 and "Vui lòng thử lại sau ít phút" in plain.content.decode()


def test_a_process_that_never_reached_the_database_finds_the_unit_by_host(snapshot_root, unit):
    other = factories.unit("03256", "Xã Búng Lao", hosts=["bunglao.example.vn"])
    call_command("write_snapshots", verbosity=0)
    request = RequestFactory().get("/", HTTP_HOST="bunglao.example.vn")
    token = units.set_current(None)  # no unit in scope: the map of hosts could not be loaded
    try:
        page = render_error_page(request, 503).content.decode()
        unknown = render_error_page(RequestFactory().get("/", HTTP_HOST="khac.example.vn"), 503)
    finally:
        units.reset(token)
    assert other.unit_name in page
    assert "Vui lòng thử lại sau ít phút" in unknown.content.decode()
