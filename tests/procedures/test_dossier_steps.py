"""A dossier's handling as the citizen sees it (Điều 15 khoản 1 điểm g, Nghị định 224/2026/NĐ-CP): who received
it, the agency and officer handling it, each step with its time, the appointed and actual times; kept as
history when staff change it in the admin or through the import, never with the applicant's details."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from portal import roles
from procedures import exchange
from procedures.models import Dossier, DossierStep
from tests import factories

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
CODE = "000.00.14.H19-200203-0118"


def timeline_of(page):
    """The lookup page's steps as plain text lines."""
    block = re.search(r'<ol class="timeline".*?</ol>', page, re.S).group(0)
    items = re.findall(r"<li[^>]*>(.*?)</li>", block, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", item).split()) for item in items]


def lookup(code=CODE):
    response = Client().get("/tra-cuu-ho-so/", {"ma": code})
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def dossier():
    factories.site_settings(unit_name="Xã Nậm Lịch")
    agency = factories.agency(name="Phòng Kinh tế")
    procedure = factories.procedure(
        name="Đăng ký hộ kinh doanh", processing_days=3, implementing_agency=agency
    )
    return factories.dossier(
        code=CODE,
        procedure=procedure,
        received_at=datetime(2020, 2, 3, 9, 0, tzinfo=HCM),
        received_by="Lò Thị Hương",
        applicant_name="Nguyễn Văn An",
        applicant_phone="0912345678",
    )


def desk_client():
    client = Client()
    client.force_login(factories.staff_user(roles.DESK))
    return client


def change_form(dossier, **changes):
    """The admin's change form for ``dossier`` as the desk would post it, with ``changes``."""
    local = dossier.received_at.astimezone(HCM)
    data = {
        "code": dossier.code,
        "procedure": dossier.procedure_id,
        "channel": dossier.channel,
        "status": dossier.status,
        "received_by": dossier.received_by,
        "handling_agency": dossier.handling_agency,
        "handled_by": dossier.handled_by,
        "received_at_0": f"{local:%d/%m/%Y}",
        "received_at_1": f"{local:%H:%M}",
        "due_at_0": f"{dossier.due_at.astimezone(HCM):%d/%m/%Y}",
        "due_at_1": f"{dossier.due_at.astimezone(HCM):%H:%M}",
        "applicant_name": dossier.applicant_name,
        "applicant_phone": dossier.applicant_phone,
        "steps-TOTAL_FORMS": "0",
        "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


def test_a_new_dossier_starts_its_history_at_the_desk(dossier):
    (step,) = dossier.steps.all()
    assert step.get_status_display() == "Được tiếp nhận"
    assert step.agency == "Bộ phận Một cửa Xã Nậm Lịch" and step.officer == "Lò Thị Hương"
    assert step.at == dossier.received_at
    page = lookup()
    assert "Bộ phận Một cửa Xã Nậm Lịch, cán bộ tiếp nhận Lò Thị Hương" in page
    assert "Phòng Kinh tế" in page  # the procedure's implementing agency handles it until staff say otherwise
    assert timeline_of(page) == ["03/02/2020 09:00 Được tiếp nhận Bộ phận Một cửa Xã Nậm Lịch · Lò Thị Hương"]


def test_status_changes_in_the_admin_become_steps_the_citizen_sees(dossier, monkeypatch):
    client = desk_client()
    moment = datetime(2020, 2, 4, 10, 30, tzinfo=HCM)
    monkeypatch.setattr("django.utils.timezone.now", lambda: moment)
    response = client.post(
        f"/quan-tri/procedures/dossier/{dossier.pk}/change/",
        change_form(
            dossier, status="4", handling_agency="Phòng Tài chính - Kế hoạch", handled_by="Vì Thị Mai"
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    # saving again without a change adds nothing
    dossier.refresh_from_db()
    client.post(f"/quan-tri/procedures/dossier/{dossier.pk}/change/", change_form(dossier))
    finished = datetime(2020, 2, 5, 15, 0, tzinfo=HCM)
    response = client.post(
        f"/quan-tri/procedures/dossier/{dossier.pk}/change/",
        change_form(dossier, status="9", finished_at_0="05/02/2020", finished_at_1="15:00"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = lookup()
    assert timeline_of(page) == [
        "03/02/2020 09:00 Được tiếp nhận Bộ phận Một cửa Xã Nậm Lịch · Lò Thị Hương",
        "04/02/2020 10:30 Đang xử lý Phòng Tài chính - Kế hoạch · Vì Thị Mai",
        "05/02/2020 15:00 Đã xử lý xong (chờ trả) Phòng Tài chính - Kế hoạch · Vì Thị Mai",
    ]
    assert Dossier.objects.get(pk=dossier.pk).finished_at == finished
    assert "Phòng Tài chính - Kế hoạch, cán bộ xử lý Vì Thị Mai" in page
    assert "06/02/2020 17:00" in page  # the appointed time beside the actual one
    for secret in ("Nguyễn Văn An", "0912345678"):
        assert secret not in page


def test_staff_add_a_step_by_hand_with_a_public_note(dossier):
    client = desk_client()
    form = change_form(
        dossier,
        **{
            "steps-TOTAL_FORMS": "1",
            "steps-0-at_0": "04/02/2020",
            "steps-0-at_1": "08:00",
            "steps-0-status": "4",
            "steps-0-agency": "Phòng Kinh tế",
            "steps-0-officer": "Tòng Văn Khải",
            "steps-0-note": "Chuyển hồ sơ sang phòng chuyên môn thẩm định",
        },
    )
    response = client.post(f"/quan-tri/procedures/dossier/{dossier.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert timeline_of(lookup())[-1] == (
        "04/02/2020 08:00 Đang xử lý Phòng Kinh tế · Tòng Văn Khải Chuyển hồ sơ sang phòng chuyên môn thẩm định"
    )


def test_a_script_in_a_step_is_shown_as_text(dossier):
    DossierStep.objects.create(
        dossier=dossier, at=dossier.received_at, status="4", note="<script>alert(1)</script>"
    )
    page = lookup()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_a_dossier_from_before_steps_shows_the_times_it_has(dossier):
    DossierStep.objects.all().delete()
    Dossier.objects.filter(pk=dossier.pk).update(
        status="10",
        finished_at=datetime(2020, 2, 5, 15, 0, tzinfo=HCM),
        returned_at=datetime(2020, 2, 6, 8, 0, tzinfo=HCM),
    )
    assert timeline_of(lookup()) == [
        "03/02/2020 09:00 Được tiếp nhận Lò Thị Hương",
        "06/02/2020 08:00 Đã trả kết quả",
    ]


def test_the_lookup_costs_the_same_queries_with_many_steps(dossier, django_assert_max_num_queries):
    for hour in range(10, 16):
        DossierStep.objects.create(dossier=dossier, at=datetime(2020, 2, 4, hour, tzinfo=HCM), status="4")
    client = Client()
    client.get("/tra-cuu-ho-so/", {"ma": CODE})  # warm the unit's cached fragments
    with django_assert_max_num_queries(2):  # the dossier with its procedure and agency, then its steps
        assert client.get("/tra-cuu-ho-so/", {"ma": CODE}).status_code == 200


def test_the_import_names_who_received_and_handles_and_records_steps():
    factories.site_settings(unit_name="Xã Nậm Lịch")
    factories.procedure(code="1.001612", name="Đăng ký hộ kinh doanh", processing_days=3)
    header = [
        "Mã hồ sơ",
        "Mã thủ tục",
        "Ngày tiếp nhận",
        "Trạng thái",
        "Người nộp",
        "Cán bộ tiếp nhận",
        "Cơ quan xử lý",
        "Cán bộ xử lý",
    ]
    row = [
        CODE,
        "1.001612",
        "03/02/2020 09:00",
        "Đang xử lý",
        "Lò Văn Pọm",
        "Lò Thị Hương",
        "Phòng Kinh tế",
        "Vì Thị Mai",
    ]

    def csv(*rows):
        return "\n".join(",".join(r) for r in rows).encode()

    report = exchange.import_dossiers(csv(header, row))
    assert report.errors == [] and report.created == [CODE]
    dossier = Dossier.objects.get(code=CODE)
    assert (dossier.received_by, dossier.handling_agency, dossier.handled_by) == (
        "Lò Thị Hương",
        "Phòng Kinh tế",
        "Vì Thị Mai",
    )
    assert [s.get_status_display() for s in dossier.steps.all()] == ["Được tiếp nhận", "Đang xử lý"]
    assert len(exchange.import_dossiers(csv(header, row)).unchanged) == 1
    assert dossier.steps.count() == 2  # an unchanged row adds no step
    done = row[:3] + ["Đã xử lý xong (chờ trả)"] + row[4:]
    report = exchange.import_dossiers(csv([*header, "Ngày có kết quả"], [*done, "05/02/2020 15:00"]))
    assert report.updated == [CODE]
    last = dossier.steps.last()
    assert last.get_status_display() == "Đã xử lý xong (chờ trả)"
    assert f"{last.at.astimezone(HCM):%d/%m/%Y %H:%M}" == "05/02/2020 15:00"
    too_long = row[:5] + ["x" * 151] + row[6:]
    report = exchange.import_dossiers(csv(header, too_long))
    assert "Dòng 2, cột «Cán bộ tiếp nhận»: dài quá 150 ký tự." in report.errors
