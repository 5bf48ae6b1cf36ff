"""Dossiers: working-day due dates, the public lookup (no personal data, bad codes, rate limit), private data."""

import os
import subprocess
import sys
import time
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from portal import roles
from portal.models import Holiday
from procedures.models import Dossier
from tests import factories

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
ROOT = Path(__file__).resolve().parents[2]


def test_due_date_skips_the_weekend():
    # received Thursday 06/02/2020, 3 working days: Fri, Mon, Tue → Tuesday 11/02 at closing time
    dossier = factories.dossier(
        received_at=datetime(2020, 2, 6, 9, 30, tzinfo=HCM), procedure=factories.procedure(processing_days=3)
    )
    assert dossier.due_at.astimezone(HCM) == datetime(2020, 2, 11, 17, 0, tzinfo=HCM)


def test_due_date_skips_a_holiday_from_the_holiday_table():
    Holiday.objects.create(date=date(2020, 4, 30), name="Ngày Chiến thắng")
    Holiday.objects.create(date=date(2020, 5, 1), name="Ngày Quốc tế Lao động")
    # received Wednesday 29/04/2020, 2 working days: Thu 30/04 and Fri 01/05 are holidays, then the weekend
    dossier = factories.dossier(
        received_at=datetime(2020, 4, 29, 14, 0, tzinfo=HCM), procedure=factories.procedure(processing_days=2)
    )
    assert dossier.due_at.astimezone(HCM) == datetime(2020, 5, 5, 17, 0, tzinfo=HCM)


def test_same_day_procedures_and_explicit_due_dates():
    same_day = factories.procedure(processing_days=0)
    received = datetime(2020, 2, 3, 8, 0, tzinfo=HCM)
    assert factories.dossier(received_at=received, procedure=same_day).due_at == datetime(
        2020, 2, 3, 17, 0, tzinfo=HCM
    )
    after_cutoff = datetime(2020, 2, 3, 15, 30, tzinfo=HCM)
    assert factories.dossier(received_at=after_cutoff, procedure=same_day).due_at == datetime(
        2020, 2, 4, 17, 0, tzinfo=HCM
    )
    given = datetime(2020, 2, 20, 8, 0, tzinfo=HCM)
    assert factories.dossier(received_at=received, due_at=given).due_at == given


def lookup_at(client, monkeypatch, code, moment):
    """The public lookup of ``code`` as a citizen sees it at ``moment`` (the clock is set, not raced)."""
    monkeypatch.setattr("django.utils.timezone.now", lambda: moment)
    response = client.get("/tra-cuu-ho-so/", {"ma": code})
    monkeypatch.undo()
    assert response.status_code == 200
    return response.content.decode()


def test_a_same_day_dossier_is_not_overdue_until_the_desk_closes(client, monkeypatch):
    """A birth registration received at 09:00 is due at 17:00 the same day, not at 09:00."""
    factories.site_settings(
        working_hours="Buổi sáng: 07 giờ 00 – 11 giờ 30\nBuổi chiều: 13 giờ 30 – 17 giờ 00"
    )
    birth = factories.procedure(name="Đăng ký khai sinh", processing_days=0)
    dossier = factories.dossier(
        code="000.00.14.H19-200203-0007", procedure=birth, received_at=datetime(2020, 2, 3, 9, 0, tzinfo=HCM)
    )
    assert dossier.due_at == datetime(2020, 2, 3, 17, 0, tzinfo=HCM)
    for moment in (datetime(2020, 2, 3, 9, 1, tzinfo=HCM), datetime(2020, 2, 3, 16, 59, 59, tzinfo=HCM)):
        page = lookup_at(client, monkeypatch, dossier.code, moment)
        assert "03/02/2020 17:00" in page and "Trong hạn" in page and "Quá hạn" not in page
    assert not Dossier.objects.overdue(now=datetime(2020, 2, 3, 16, 59, tzinfo=HCM)).exists()
    # once the desk has closed without a result, it is overdue
    page = lookup_at(client, monkeypatch, dossier.code, datetime(2020, 2, 3, 17, 0, 1, tzinfo=HCM))
    assert "Quá hạn" in page
    assert list(Dossier.objects.overdue(now=datetime(2020, 2, 3, 17, 1, tzinfo=HCM))) == [dossier]


def test_a_same_day_dossier_received_after_15_is_due_the_next_working_day(client, monkeypatch):
    factories.site_settings()
    birth = factories.procedure(name="Đăng ký khai sinh", processing_days=0)
    # Friday 07/02/2020 15:30 → Monday 10/02/2020 at closing time
    dossier = factories.dossier(
        code="000.00.14.H19-200207-0003",
        procedure=birth,
        received_at=datetime(2020, 2, 7, 15, 30, tzinfo=HCM),
    )
    page = lookup_at(client, monkeypatch, dossier.code, datetime(2020, 2, 10, 10, 0, tzinfo=HCM))
    assert "10/02/2020 17:00" in page and "Trong hạn" in page and "Quá hạn" not in page


def test_dossier_rules_reject_inconsistent_dates():
    dossier = factories.dossier()
    dossier.finished_at = datetime(2019, 1, 1, tzinfo=HCM)
    dossier.status = "4"
    with pytest.raises(ValidationError) as error:
        dossier.full_clean()
    assert "finished_at" in error.value.message_dict
    dossier.apology_new_due_at = datetime(2020, 3, 1, tzinfo=HCM)
    with pytest.raises(ValidationError) as error:
        dossier.full_clean()
    assert "Phiếu xin lỗi phải nêu lý do trễ hạn." in error.value.message_dict["apology_reason"]


def test_overdue_queryset():
    procedure = factories.procedure(processing_days=1)
    late = factories.dossier(procedure=procedure, status="4")
    factories.dossier(procedure=procedure, status="10", finished_at=datetime(2020, 2, 3, 16, 0, tzinfo=HCM))
    assert list(Dossier.objects.overdue()) == [late]
    assert late.is_late


def test_lookup_shows_status_and_dates_and_nothing_personal(client):
    factories.site_settings()
    procedure = factories.procedure(name="Đăng ký thành lập hộ kinh doanh", processing_days=3)
    dossier = factories.dossier(
        code="000.00.14.H19-200203-0118",
        procedure=procedure,
        received_at=datetime(2020, 2, 3, 9, 0, tzinfo=HCM),
        status="10",
        finished_at=datetime(2020, 2, 5, 15, 0, tzinfo=HCM),
        applicant_name="Nguyễn Văn An",
        applicant_phone="0912345678",
        applicant_id_number="011200001234",
    )
    response = client.get("/tra-cuu-ho-so/", {"ma": " 000.00.14.h19-200203-0118 "})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    for text in (
        "Đăng ký thành lập hộ kinh doanh",
        "03/02/2020 09:00",
        "06/02/2020 17:00",
        "Đã trả kết quả",
        "Đúng hạn",
    ):
        assert text in page
    # not even initials: a code found by guessing must not say whose household event it is
    for secret in ("Nguyễn", "N*** V** A", "Người nộp", "0912345678", "011200001234"):
        assert secret not in page
    assert dossier.applicant_phone not in client.get("/thong-ke-ho-so/?nam=2020").content.decode()


def test_lookup_of_an_unknown_or_malformed_code(client):
    factories.site_settings()
    response = client.get("/tra-cuu-ho-so/", {"ma": "000.00.14.H19-200203-9999"})
    assert response.status_code == 404
    assert "Không tìm thấy hồ sơ có mã" in response.content.decode()
    for bad in ("abc", "<script>alert(1)</script>", "1" * 5000, ""):
        response = client.get("/tra-cuu-ho-so/", {"ma": bad})
        assert response.status_code == 400
        page = response.content.decode()
        assert "Mã hồ sơ" in page and "<script>alert" not in page
    assert client.get("/tra-cuu-ho-so/").status_code == 200


def test_lookup_is_rate_limited_per_client(client, rate_limit_window):
    for _ in range(20):
        assert client.get("/tra-cuu-ho-so/", {"ma": "abc"}).status_code == 400
    response = client.get("/tra-cuu-ho-so/", {"ma": "000.00.14.H19-200203-0118"})
    assert response.status_code == 429
    assert "quá nhiều lần" in response.content.decode() and response["Retry-After"] == "60"
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert other.get("/tra-cuu-ho-so/", {"ma": "abc"}).status_code == 400


def test_lookup_limit_is_shared_across_processes_through_redis(
    client, settings, redis_url, rate_limit_window, unit
):
    settings.CACHES = {
        "default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": redis_url, "KEY_PREFIX": "portal"}
    }
    for _ in range(10):
        assert client.get("/tra-cuu-ho-so/", {"ma": "abc"}).status_code == 400
    # another process (another gunicorn worker) serves 10 lookups of the same client
    script = (  # at the test's time: its clock is the other process's too
        "import os, time_machine; time_machine.travel(float(os.environ['NOW']), tick=True).start()\n"
        "import django; django.setup()\n"
        "from django.test import RequestFactory\n"
        "from portal import units\n"
        "from portal.models import Unit\n"
        "from portal.ratelimit import allow\n"
        "units.set_current(Unit(pk=int(os.environ['UNIT'])))  # the same unit's site\n"
        "request = RequestFactory().get('/tra-cuu-ho-so/', REMOTE_ADDR='127.0.0.1')\n"
        "print(sum(allow(request, 'tra-cuu-ho-so', 20, 60) for _ in range(10)))\n"
    )
    env = {**os.environ, "REDIS_URL": redis_url, "DJANGO_SETTINGS_MODULE": "muongang.settings_test"}
    env["NOW"] = str(time.time())
    env["UNIT"] = str(unit.pk)
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "10"
    assert client.get("/tra-cuu-ho-so/", {"ma": "abc"}).status_code == 429


def test_applicant_details_are_for_the_desk_only_in_the_admin():
    dossier = factories.dossier(applicant_name="Nguyễn Văn An", applicant_phone="0912345678")
    url = f"/quan-tri/procedures/dossier/{dossier.pk}/change/"
    desk = Client()
    desk.force_login(factories.staff_user(roles.DESK))
    page = desk.get(url).content.decode()
    assert "0912345678" in page and "Nguyễn Văn An" in page
    administrator = Client()
    administrator.force_login(factories.staff_user(roles.ADMINISTRATOR))
    response = administrator.get(url)
    assert response.status_code == 200
    assert "0912345678" not in response.content.decode() and "Nguyễn Văn An" not in response.content.decode()
    assert administrator.get("/quan-tri/procedures/dossier/add/").status_code == 403
    editor = Client()
    editor.force_login(factories.staff_user(roles.EDITOR))
    assert editor.get(url).status_code == 403


def test_desk_registers_a_dossier_in_the_admin_and_the_due_date_is_computed():
    procedure = factories.procedure(processing_days=3)
    user = factories.staff_user(roles.DESK)
    client = Client()
    client.force_login(user)
    response = client.post(
        "/quan-tri/procedures/dossier/add/",
        {
            "code": "000.00.14.H19-200206-0001",
            "procedure": procedure.pk,
            "channel": "truc_tiep",
            "status": "2",
            "received_at_0": "06/02/2020",
            "received_at_1": "09:30",
            "applicant_name": "Lò Văn Pọm",
            # the history's inline, empty (the first step is added by itself)
            "steps-TOTAL_FORMS": "0",
            "steps-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    dossier = Dossier.objects.get(code="000.00.14.H19-200206-0001")
    assert f"{dossier.due_at.astimezone(HCM):%d/%m/%Y %H:%M}" == "11/02/2020 17:00"
    assert dossier.updated_by == user


def test_desk_admin_pages_open():
    from procedures.models import ChannelOption, Step

    factories.site_settings(unit_level="tinh")  # the national catalogue is changed at a province
    procedure = factories.procedure()
    Step.objects.create(procedure=procedure, order=1, text="Bước 1")
    ChannelOption.objects.create(procedure=procedure, channel="truc_tiep", processing_time="03 ngày")
    factories.dossier(procedure=procedure, status="10", finished_at=datetime(2020, 2, 10, 9, tzinfo=HCM))
    client = Client()
    client.force_login(factories.staff_user(roles.DESK))
    for url in (
        "/quan-tri/procedures/procedure/",
        "/quan-tri/procedures/procedure/add/",
        f"/quan-tri/procedures/procedure/{procedure.pk}/change/",
        "/quan-tri/procedures/dossier/?timeliness__exact=qua_han",
        "/quan-tri/procedures/dossier/add/",
        "/quan-tri/procedures/dossier/nhap/",
        "/quan-tri/portal/holiday/",
    ):
        assert client.get(url).status_code == 200, url
    page = client.get("/quan-tri/procedures/dossier/").content.decode()
    assert "Quá hạn" in page and "Nhập từ tệp" in page


def test_desk_prints_the_apology_slip_and_others_cannot():
    factories.site_settings()
    dossier = factories.dossier(
        applicant_name="Lò Văn Pọm",
        apology_issued_at=datetime(2020, 2, 5, 9, 0, tzinfo=HCM),
        apology_reason="Cần xác minh thêm với cơ quan đăng ký đất đai.",
        apology_new_due_at=datetime(2020, 2, 12, 15, 30, tzinfo=HCM),
    )
    url = f"/quan-tri/procedures/dossier/{dossier.pk}/phieu-xin-loi/"
    desk = Client()
    desk.force_login(factories.staff_user(roles.DESK))
    assert url in desk.get(f"/quan-tri/procedures/dossier/{dossier.pk}/change/").content.decode()
    page = desk.get(url).content.decode()
    for text in (
        "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
        "Lò Văn Pọm",
        "Cần xác minh thêm",
        "15 giờ 30 phút, ngày 12/02/2020",
    ):
        assert text in page
    administrator = Client()
    administrator.force_login(factories.staff_user(roles.ADMINISTRATOR))
    assert administrator.get(url).status_code == 403
    plain = factories.dossier()
    assert desk.get(f"/quan-tri/procedures/dossier/{plain.pk}/phieu-xin-loi/").status_code == 404


@pytest.mark.parametrize(
    "form",
    [
        {},
        {"data": {"ma": "000.00.14.H19-200102-0001"}},
        {"data": {"ma": 'x"><script>alert(1)</script>'}},
        {"data": {"ma": ""}},
        {"data": {"ma": "A" * 60}},
        {"initial": {"ma": "000.00.14.H19-200102-0001"}},
    ],
    ids=["empty", "valid", "script", "blank", "too-long", "initial"],
)
def test_the_written_out_lookup_field_is_what_the_form_renderer_gives(form):
    from django.template import Context, Template
    from django.template.loader import render_to_string

    from procedures.forms import LookupForm

    bound = LookupForm(**form)
    bound.is_valid()
    written = render_to_string("procedures/includes/lookup_form.html", {"form": bound})
    by_django = Template(
        '<form class="proc-lookup-form" method="get" action="{% url \'procedures:lookup\' %}" role="search" '
        'aria-label="Tra cứu hồ sơ theo mã">\n  <div>{{ form.ma.as_field_group }}</div>\n'
        '  <div><button type="submit" class="button">Tra cứu</button></div>\n</form>\n'
    ).render(Context({"form": bound}))
    assert written == by_django
