"""The applicants' personal data in the dossier register (Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15): removed
by the daily job once the unit's retention period has passed since the dossier was finished, or at once when
the applicant asks with the dossier's code and phone; a dossier being handled keeps it until it is finished.
The dossier itself stays: its lookup and the statistics do not need the applicant."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from portal import units
from portal.models import UnitHost
from procedures.models import Dossier, Status
from procedures.privacy import ANONYMOUS_NAME
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]
A_HOST, B_HOST = "xa-a.example.vn", "xa-b.example.vn"
REMOVAL = "/yeu-cau-xoa-du-lieu-ca-nhan/"


@pytest.fixture
def two_units(unit):
    UnitHost.objects.create(unit=unit, host=A_HOST, is_primary=True)
    factories.site_settings(unit_name="Xã A", retention_months=12)
    b = factories.unit("03001", "Xã B", hosts=[B_HOST], retention_months=60)
    units.hosts_changed()
    return unit, b


def dossier_in(unit, finished_days_ago=None, **values):
    """A dossier of ``unit`` received 3 years ago, finished ``finished_days_ago`` days ago (None: being handled)."""
    now = timezone.now()
    with units.activate(unit):
        if finished_days_ago is None:
            return factories.dossier(
                received_at=now - timedelta(days=1100), status=Status.DANG_XU_LY, **values
            )
        return factories.dossier(
            received_at=now - timedelta(days=1100),
            status=Status.DA_TRA,
            finished_at=now - timedelta(days=finished_days_ago),
            **values,
        )


def fresh(dossier):
    with units.everywhere():
        return Dossier.objects.get(pk=dossier.pk)


def ask(code, phone="0912 345 678", host=A_HOST):
    return Client().post(REMOVAL, {"code": code, "phone": phone}, HTTP_HOST=host)


def anonymise():
    out = StringIO()
    call_command("anonymise_personal_data", stdout=out)
    return out.getvalue()


def test_a_finished_dossier_loses_its_applicant_at_once_and_stays_looked_up(two_units):
    a, _ = two_units
    dossier = dossier_in(a, finished_days_ago=3, applicant_name="Lò Thị Xuân")
    response = ask(dossier.code, phone="+84912345678")
    assert response.status_code == 200
    assert (
        f"Đã xóa họ tên, số điện thoại, thư điện tử và số giấy tờ của người nộp hồ sơ {dossier.code}"
        in response.content.decode()
    )
    done = fresh(dossier)
    assert (done.applicant_name, done.applicant_phone, done.applicant_id_number) == (ANONYMOUS_NAME, "", "")
    assert done.anonymised_at is not None and done.status == Status.DA_TRA
    lookup = Client().get("/tra-cuu-ho-so/", {"ma": dossier.code}, HTTP_HOST=A_HOST)
    assert lookup.status_code == 200 and "Lò Thị Xuân" not in lookup.content.decode()


def test_an_open_dossier_is_flagged_and_cleared_when_finished(two_units):
    a, _ = two_units
    dossier = dossier_in(a)
    html = ask(dossier.code).content.decode()
    assert "đang được giải quyết" in html and "ngay khi hồ sơ giải quyết xong" in html
    assert fresh(dossier).removal_requested_at is not None
    anonymise()
    assert fresh(dossier).applicant_name == "Nguyễn Văn An"  # still being handled: kept
    with units.activate(a):
        finished = Dossier.objects.get(pk=dossier.pk)
        finished.status, finished.finished_at = Status.DA_TRA, timezone.now()
        finished.save()
    anonymise()  # flagged: removed at once, whatever the retention
    assert fresh(dossier).applicant_name == ANONYMOUS_NAME


def test_the_job_follows_each_units_retention(two_units):
    a, b = two_units
    old_a = dossier_in(a, finished_days_ago=400)  # A keeps 12 months
    recent_a = dossier_in(a, finished_days_ago=300)
    open_a = dossier_in(a)
    old_b = dossier_in(b, finished_days_ago=400)  # B keeps 60 months
    anonymise()
    assert fresh(old_a).applicant_name == ANONYMOUS_NAME
    assert [fresh(d).applicant_name for d in (recent_a, open_a, old_b)] == ["Nguyễn Văn An"] * 3
    assert fresh(old_a).updated_at == old_a.updated_at  # no step recorded, no edit shown
    assert fresh(old_a).steps.count() == old_a.steps.count()


def test_a_wrong_phone_or_another_units_dossier_gets_the_neutral_answer(two_units):
    a, b = two_units
    mine = dossier_in(a, finished_days_ago=3)
    theirs = dossier_in(b, finished_days_ago=3, code="000.00.14.H19-200203-0999")
    for code, phone in ((mine.code, "0987 654 321"), (theirs.code, "0912 345 678")):
        response = ask(code, phone)
        assert response.status_code == 200
        assert "Không tìm thấy hồ sơ, phản ánh nào khớp" in response.content.decode()
    assert fresh(mine).anonymised_at is None and fresh(theirs).anonymised_at is None


def test_the_privacy_page_describes_the_register_and_the_ratings(two_units):
    page = Client().get("/chinh-sach-du-lieu-ca-nhan/", HTTP_HOST=A_HOST).content.decode()
    assert "Hồ sơ thủ tục hành chính" in page and "Đánh giá mức độ hài lòng" in page
    assert "12 tháng sau đó" in page
