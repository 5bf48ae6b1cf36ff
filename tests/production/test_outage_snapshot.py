"""Essential information stays up while PostgreSQL is stopped (Điều 13 khoản 2, Nghị định 224/2026/NĐ-CP):
each unit's host answers with that unit's snapshot (contacts, hotlines, reception sessions, procedures, the
notice of a stop) and a clear banner, even from a process started during the outage; the site returns to
normal by itself when PostgreSQL is back."""

import psycopg
import pytest

from tests.production.servers import Gunicorn, app_env, manage
from tests.production.test_faults import wait_for

pytestmark = pytest.mark.postgres

HOSTS = {"muongang.example.vn": "Xã Mường Ảng", "bunglao.example.vn": "Xã Búng Lao"}
BANNER = "Hệ thống tạm thời gián đoạn."
CREATE_UNITS = """
from datetime import date, timedelta
from django.utils import timezone
from citizens.models import Hotline, ReceptionSession
from portal import units
from portal.models import Maintenance, Unit, UnitHost
from procedures.models import Agency, Field, Procedure, UnitProcedure

first = Unit.objects.get()  # the one unit a new installation starts with
first.code, first.unit_name, first.hotline = "03253", "Xã Mường Ảng", "0215 3868 111"
first.save()
UnitHost.objects.create(unit=first, host="muongang.example.vn", is_primary=True)
second = units.create_unit("03256", "Xã Búng Lao", "xa", hosts=["bunglao.example.vn"], hotline="0215 3999 222")
field = Field.objects.create(name="Hộ tịch")
agency = Agency.objects.create(name="Ủy ban nhân dân cấp xã")
procedure = Procedure.objects.create(code="1.001193", name="Đăng ký khai sinh", level="xa", field=field,
                                     implementing_agency=agency, processing_days=1)
with units.activate(first):
    UnitProcedure.objects.create(procedure=procedure)
    Hotline.objects.create(name="Trực ban xã", number="0215 3868 222")
    ReceptionSession.objects.create(date=date.today() + timedelta(days=14), presider="Chủ tịch UBND xã",
                                    place="Hội trường UBND xã")
    Maintenance.objects.create(starts_at=timezone.now() + timedelta(days=30), description="Nâng cấp máy chủ.",
                               expected_end=timezone.now() + timedelta(days=30, hours=3))
with units.activate(second):
    Hotline.objects.create(name="Trực ban Búng Lao", number="0215 3999 333")
"""


def on(server, host, path="/"):
    return server.get(path, headers={"Host": host})


def test_each_unit_keeps_its_essentials_up_while_postgresql_is_stopped(pg_cluster, static_root, tmp_path):
    with psycopg.connect(pg_cluster.url(), autocommit=True) as conn:
        conn.execute("CREATE DATABASE portal")
    env = app_env(
        database_url=pg_cluster.url("portal"),
        static_root=static_root,
        media_root=tmp_path,
        SNAPSHOT_ROOT=tmp_path / "snapshots",
        DJANGO_ALLOWED_HOSTS=",".join(HOSTS),
    )
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "shell", "-c", CREATE_UNITS)
    assert "2 đơn vị" in manage(env, "write_snapshots")
    servers = [Gunicorn(env, tmp_path, "warm")]
    try:
        servers[0].wait_ready()
        for host, name in HOSTS.items():
            page = on(servers[0], host)
            assert page.status == 200 and name in page.text and BANNER not in page.text

        pg_cluster.stop("fast")
        # a process started during the outage knows no unit yet: it finds them in the snapshots' hosts.json
        servers.append(Gunicorn(env, tmp_path, "cold"))
        assert wait_for(lambda: servers[1].get("/healthz").status == 503, 30), servers[1].log()

        for server in servers:
            # (the home page visited before the outage may still come from the page cache)
            for path in ("/tin-tuc/", "/thu-tuc-hanh-chinh/1.001193/", "/lien-he/"):
                page = on(server, "muongang.example.vn", path)
                assert page.status == 503, (server.name, path, page.status, server.log())
                assert page.header("Retry-After") == "30"
                assert page.elapsed < 3
                text = page.text
                assert BANNER in text and "Xã Mường Ảng" in text
                for essential in (
                    "0215 3868 111",
                    "0215 3868 222",
                    "Hội trường UBND xã",
                    "Đăng ký khai sinh",
                ):
                    assert essential in text, (server.name, essential)
                assert "Nâng cấp máy chủ." in text  # the notice of the planned stop
                assert "Búng Lao" not in text
            other = on(server, "bunglao.example.vn", "/tin-tuc/").text
            assert BANNER in other and "0215 3999 333" in other and "Mường Ảng" not in other
            # the admin is never given a unit's essentials
            admin = on(server, "muongang.example.vn", "/quan-tri/login/")
            assert admin.status in (200, 503) and "Đăng ký khai sinh" not in admin.text

        pg_cluster.start()

        for server in servers:
            assert wait_for(lambda s=server: s.get("/healthz").status == 200, 15), server.log()
            page = on(server, "muongang.example.vn")
            assert page.status == 200 and BANNER not in page.text
            assert server.process.poll() is None  # the same gunicorn, never restarted
    finally:
        for server in servers:
            server.stop()
