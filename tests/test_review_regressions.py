"""Bugs a review found across the apps: each answered with a 4xx and a message, never a 500 or a leak."""

import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from portal import roles
from tests import factories

pytestmark = pytest.mark.django_db


def signed_in(role):
    client = Client(raise_request_exception=False)
    client.force_login(factories.staff_user(role))
    return client


def test_hidden_personal_columns_cannot_be_filtered_through_the_url():
    factories.site_settings()
    factories.feedback(phone="0912 345 678")
    desk = signed_in(roles.DESK)
    for query in (
        "phone_digits=0912345678",
        "name__contains=An",
        "email__startswith=a",
        "phone=0912 345 678",
    ):
        assert desk.get(f"/quan-tri/citizens/feedback/?{query}").status_code == 400, query
    assert desk.get("/quan-tri/citizens/feedback/").status_code == 200
    assert (
        signed_in(roles.RECEPTION).get("/quan-tri/citizens/feedback/?phone_digits=0912345678").status_code
        == 200
    )

    factories.dossier()
    admin = signed_in(roles.ADMINISTRATOR)
    for query in ("applicant_id_number=011200001234", "applicant_name__startswith=Nguy"):
        assert admin.get(f"/quan-tri/procedures/dossier/?{query}").status_code == 400, query
    assert (
        signed_in(roles.DESK).get("/quan-tri/procedures/dossier/?applicant_name__startswith=Nguy").status_code
        == 200
    )


def test_control_characters_in_searches_do_not_break_the_database():
    factories.site_settings()
    for url in ("/hoi-dap/?q=a%00b", "/van-ban/?q=a%00b", "/thu-tuc-hanh-chinh/?q=a%00b"):
        response = Client().get(url)
        assert response.status_code == 400, url
        html = response.content.decode()
        assert "<h1>Địa chỉ trang không hợp lệ</h1>" in html, url
        assert "ký tự không đọc được" in html, url
    # other control characters are text like any other: the search runs and says it found nothing
    response = Client().get("/hoi-dap/?q=a%01b")
    assert response.status_code == 200
    assert "Chưa có câu hỏi nào khớp với từ khóa." in response.content.decode()


def test_text_that_grows_when_composed_is_measured_as_stored():
    from citizens.models import Feedback

    factories.site_settings()
    data = {
        "name": "An" + "\u0958" * 100,  # each of these composes into two code points
        "address": "Bản Co Hắm",
        "phone": "0912 345 678",
        "content": "Nội dung phản ánh đủ dài để hợp lệ.",
        "consent_personal_data": "on",
    }
    response = Client().post("/phan-anh-kien-nghi/", data)
    assert response.status_code == 400
    assert not Feedback.objects.exists()


def test_nfd_input_is_composed_before_the_view_sees_it():
    from citizens.models import Feedback

    factories.site_settings()
    nfd = "Lò Văn Hường".encode().decode()
    import unicodedata

    data = {
        "name": unicodedata.normalize("NFD", nfd),
        "address": unicodedata.normalize("NFD", "Bản Co Hắm"),
        "phone": "0912 345 678",
        "content": unicodedata.normalize("NFD", "Đường vào bản bị sạt lở, xin sửa sớm."),
        "consent_personal_data": "on",
    }
    assert Client().post("/phan-anh-kien-nghi/", data).status_code == 302
    assert Feedback.objects.get().name == unicodedata.normalize("NFC", nfd)


def test_a_non_ascii_digit_year_is_a_clear_error_not_a_500():
    factories.site_settings()
    response = Client().get("/thong-ke-ho-so/?nam=%C2%B2")
    assert response.status_code == 400
    assert "Năm phải là một số, như 2020." in response.content.decode()


def test_a_procedure_with_a_duplicate_channel_is_reported_and_not_saved():
    from procedures.exchange import FileRejected, import_procedures, read_procedure_file
    from procedures.models import Procedure

    example = json.loads(Path("procedures/examples/thu-tuc.json").read_text())
    good, bad = example[0], dict(example[1])
    bad["cach_thuc"] = [dict(bad["cach_thuc"][0]), dict(bad["cach_thuc"][0], hinh_thuc="truc tiep")]
    report = import_procedures(json.dumps([good, bad], ensure_ascii=False).encode())
    assert good["ma_thu_tuc"] in report.created
    assert any(bad["ma_thu_tuc"] in error for error in report.errors), report.errors
    assert not Procedure.objects.filter(code=bad["ma_thu_tuc"]).exists()
    with pytest.raises(FileRejected):
        read_procedure_file(b"[" * 200_000 + b"]" * 200_000)
    with pytest.raises(FileRejected):
        read_procedure_file(b'[{"ma_thu_tuc": ' + b"9" * 5000 + b"}]")


def test_a_closed_dossier_cannot_be_received_in_the_future():
    dossier = factories.dossier()
    dossier.received_at = timezone.now() + timedelta(days=2)
    dossier.status = "3"
    with pytest.raises(ValidationError) as error:
        dossier.full_clean()
    assert "tương lai" in str(error.value)


def test_desk_staff_cannot_turn_feedback_into_questions():
    from citizens.models import Question

    factories.site_settings()
    item = factories.feedback(status="da-tra-loi", answer="Đã sửa.", consent_publish=True)
    signed_in(roles.DESK).post(
        "/quan-tri/citizens/feedback/", {"action": "make_question", "_selected_action": [item.pk]}
    )
    assert not Question.objects.exists()


def test_a_missing_attachment_file_is_a_404():
    from django.core.files.base import ContentFile

    from citizens.models import FeedbackAttachment

    factories.site_settings()
    item = factories.feedback()
    attachment = FeedbackAttachment.objects.create(
        feedback=item,
        position=1,
        file=ContentFile(b"%PDF-1.4", name="a.pdf"),
        original_name="a.pdf",
        content_type="application/pdf",
        size=8,
    )
    Path(attachment.file.path).unlink()
    assert signed_in(roles.RECEPTION).get(attachment.get_absolute_url()).status_code == 404
    assert Client().put("/phan-anh-kien-nghi/").status_code == 405
