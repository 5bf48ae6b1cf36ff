"""The applicant told at once when their dossier moves (Điều 15 khoản 1 điểm g, Nghị định 224/2026/NĐ-CP): with
an email noted by the desk, each change of status queues a short mail with the code, the new status and the
lookup page; never the case's content; nobody is told of a save that changes no status, of dossiers loaded
in bulk from a file, or once the applicant's data is removed."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from procedures import privacy
from procedures.models import Dossier
from tests import factories
from tests.procedures.test_dossier_steps import change_form, desk_client

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def procedure():
    factories.site_settings(unit_name="Xã Nậm Lịch")
    return factories.procedure(name="Đăng ký hộ kinh doanh", processing_days=3)


def test_the_applicant_is_told_of_reception_and_of_each_new_status_only(
    procedure, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        dossier = factories.dossier(
            procedure=procedure,
            applicant_email="an.nguyen@example.vn",
            received_at=datetime(2020, 2, 3, 9, 0, tzinfo=HCM),
        )
    (received,) = mail.outbox
    assert received.to == ["an.nguyen@example.vn"]
    assert received.subject == f"Hồ sơ {dossier.code} đã được tiếp nhận"
    assert "lúc 09:00 03/02/2020" in received.body and "Hẹn trả kết quả: " in received.body
    assert f"Mã hồ sơ: {dossier.code}" in received.body and "/tra-cuu-ho-so/" in received.body
    assert "Đăng ký hộ kinh doanh" not in received.body  # nothing of the case itself

    client = desk_client()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/quan-tri/procedures/dossier/{dossier.pk}/change/",
            change_form(dossier, status="4", applicant_email="an.nguyen@example.vn"),
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert mail.outbox[-1].subject == f"Hồ sơ {dossier.code}: đang xử lý"
    assert "đã chuyển sang bước «Đang xử lý»" in mail.outbox[-1].body
    dossier.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):  # saved again, same status: no mail
        client.post(
            f"/quan-tri/procedures/dossier/{dossier.pk}/change/",
            change_form(dossier, handled_by="Vì Thị Mai", applicant_email="an.nguyen@example.vn"),
        )
    assert len(mail.outbox) == 2


def test_no_mail_without_an_address_for_bulk_loads_or_after_the_data_is_removed(
    procedure, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        plain = factories.dossier(procedure=procedure)
        plain.status = "4"
        plain.save()
        Dossier.create_many(
            [
                Dossier(
                    code="000.00.14.H19-200203-9001",
                    procedure=procedure,
                    applicant_name="Lò Văn Sơn",
                    applicant_email="son@example.vn",
                    received_at=datetime(2020, 2, 3, 9, 0, tzinfo=HCM),
                )
            ]
        )
    assert mail.outbox == []
    loaded = Dossier.objects.get(code="000.00.14.H19-200203-9001")
    privacy.anonymise(Dossier.objects.filter(pk=loaded.pk))
    loaded.refresh_from_db()
    assert loaded.applicant_email == ""  # removed with the name and phone
    with django_capture_on_commit_callbacks(execute=True):
        loaded.status = "4"
        loaded.save()
    assert mail.outbox == []


def test_a_wrong_address_is_refused_in_the_admin_with_a_vietnamese_message(procedure):
    dossier = factories.dossier(procedure=procedure)
    response = desk_client().post(
        f"/quan-tri/procedures/dossier/{dossier.pk}/change/",
        change_form(dossier, applicant_email="an.nguyen@"),
    )
    assert response.status_code == 200
    assert "Nhập địa chỉ email." in response.content.decode()  # Django's own Vietnamese message
    dossier.refresh_from_db()
    assert dossier.applicant_email == ""
