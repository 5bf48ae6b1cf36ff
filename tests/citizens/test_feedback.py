"""Sending feedback: validation in Vietnamese, attachments checked by content, the record kept, the receipt mailed."""

import re
import smtplib
from datetime import date

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.mail.backends.base import BaseEmailBackend
from django.test import Client
from django.utils import timezone

from citizens.models import CitizenSettings, Feedback, FeedbackAttachment
from portal.models import Holiday
from portal.workdays import add_working_days
from tests.citizens.conftest import VALID, jpeg, pdf

# Codes and due dates follow the day: each test sees one instant, so midnight cannot fall inside it.
pytestmark = pytest.mark.usefixtures("frozen_clock")
URL = "/phan-anh-kien-nghi/"


class RefusingBackend(BaseEmailBackend):
    """A real mail backend whose server refuses every message."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("máy chủ thư không trả lời")


def post(client, **changes):
    data = {**VALID, **changes}
    return client.post(URL, {k: v for k, v in data.items() if v is not None})


def sent_code(client, response):
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(response["Location"])
    assert page.status_code == 200
    return re.search(r"PAKN-\d{8}-\d{4}", page.content.decode()).group(0), page


@pytest.mark.django_db
def test_the_form_page_has_labelled_fields_and_a_hidden_honeypot(client, site):
    html = client.get(URL).content.decode()
    for label in ["Họ và tên", "Địa chỉ", "Số điện thoại", "Thư điện tử", "Nội dung phản ánh, kiến nghị"]:
        assert f">{label}" in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert '<div class="hp" aria-hidden="true">' in html and 'tabindex="-1"' in html


@pytest.mark.django_db
def test_a_valid_submission_is_saved_shows_its_code_and_mails_it(
    client, site, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, email="loan@example.vn")
    code, page = sent_code(client, response)
    today = timezone.localdate()
    assert code == f"PAKN-{today:%Y%m%d}-0001"
    item = Feedback.objects.get(code=code)
    assert item.status == "new" and item.phone_digits == "0912345678"
    assert item.due_date == add_working_days(today, 20)
    assert f"{item.due_date:%d/%m/%Y}" in page.content.decode()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["loan@example.vn"] and code in mail.outbox[0].body
    assert "http://testserver/phan-anh-kien-nghi/tra-cuu/" in mail.outbox[0].body
    item.refresh_from_db()
    assert item.receipt_sent_at is not None
    # the second one of the day gets the next number
    code2, _ = sent_code(client, post(client))
    assert code2 == f"PAKN-{today:%Y%m%d}-0002"


@pytest.mark.django_db
def test_the_record_is_kept_when_the_mail_server_fails(
    client, site, settings, django_capture_on_commit_callbacks
):
    settings.MAILERS = {"default": {"BACKEND": "tests.citizens.test_feedback.RefusingBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, email="loan@example.vn")
    code, page = sent_code(client, response)
    item = Feedback.objects.get(code=code)
    assert item.receipt_sent_at is None
    assert "máy chủ thư không trả lời" in item.mail_error
    assert code in page.content.decode()


@pytest.mark.django_db
def test_without_email_nothing_is_mailed(client, site, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sent_code(client, post(client))
    assert mail.outbox == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "changes, message",
    [
        ({"name": ""}, "Vui lòng nhập họ và tên."),
        ({"name": "12"}, "Họ và tên phải có chữ cái"),
        ({"name": "A" * 121}, "tối đa 120 kí tự (hiện có 121)"),
        ({"address": ""}, "Vui lòng nhập địa chỉ"),
        ({"phone": ""}, "Vui lòng nhập số điện thoại"),
        ({"phone": "12345"}, "Số điện thoại không đúng"),
        ({"phone": "091234567a"}, "Số điện thoại không đúng"),
        ({"email": "loan@"}, "Địa chỉ thư điện tử không đúng"),
        ({"content": ""}, "Vui lòng nhập nội dung phản ánh, kiến nghị."),
        ({"content": "ngắn"}, "Nội dung quá ngắn"),
        ({"content": "x" * 5001}, "Nội dung quá dài: tối đa 5000 ký tự"),
    ],
)
def test_each_missing_or_malformed_field_gets_a_vietnamese_message(client, site, changes, message):
    response = post(client, **changes)
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    field = next(iter(changes))
    # the message is tied to its field
    assert f'id="id_{field}-loi"' in html
    assert re.search(
        rf'<(input|textarea)[^>]*aria-describedby="[^"]*id_{field}-loi[^"]*"[^>]*>', html
    ) or re.search(rf'aria-describedby="id_{field}-loi[^"]*"[^>]*id="id_{field}"', html)
    assert Feedback.objects.count() == 0


@pytest.mark.django_db
def test_phone_numbers_in_other_writings_are_accepted(client, site):
    for phone in ["+84 912 345 678", "0215.3868.006", "(0215) 3868-006"]:
        assert post(client, phone=phone).status_code == 302
    assert set(Feedback.objects.values_list("phone_digits", flat=True)) == {"0912345678", "02153868006"}


@pytest.mark.django_db
def test_a_script_in_the_content_is_stored_as_text_and_shown_escaped(client, site, admin_client):
    script = "<script>alert('x')</script> Đường bị sạt lở"
    code, _ = sent_code(client, post(client, subject=script, content=script))
    item = Feedback.objects.get(code=code)
    assert item.content == script
    html = admin_client.get(f"/quan-tri/citizens/feedback/{item.pk}/change/").content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    lookup = client.post("/phan-anh-kien-nghi/tra-cuu/", {"code": code, "phone": VALID["phone"]})
    assert "<script>alert" not in lookup.content.decode()
    assert "&lt;script&gt;alert" in lookup.content.decode()


@pytest.mark.django_db
def test_nfd_text_is_stored_in_nfc(client, site):
    import unicodedata

    name = unicodedata.normalize("NFD", "Lò Thị Ngọc Ánh")
    code, _ = sent_code(client, post(client, name=name))
    assert Feedback.objects.get(code=code).name == "Lò Thị Ngọc Ánh"


@pytest.mark.django_db
def test_image_and_pdf_attachments_are_stored_outside_media_and_not_public(client, site, settings):
    response = client.post(URL, {**VALID, "attachments": [jpeg(), pdf()]})
    code, _ = sent_code(client, response)
    files = list(FeedbackAttachment.objects.filter(feedback__code=code))
    assert [f.content_type for f in files] == ["image/jpeg", "application/pdf"]
    assert [f.original_name for f in files] == ["anh.jpg", "don.pdf"]
    for item in files:
        path = settings.PRIVATE_MEDIA_ROOT / item.file.name
        assert path.is_file()
        assert code in item.file.name
    assert (
        not any(p.is_file() for p in settings.MEDIA_ROOT.rglob("*")) if settings.MEDIA_ROOT.exists() else True
    )
    # no public address: /media/ does not know them, anonymous users are sent to log in
    assert client.get(f"/media/{files[0].file.name}").status_code == 404
    response = client.get(files[0].get_absolute_url())
    assert response.status_code == 302 and "/quan-tri/login/" in response["Location"]


@pytest.mark.django_db
def test_a_script_renamed_jpg_is_refused(client, site):
    fake = SimpleUploadedFile("anh.jpg", b"#!/bin/sh\nrm -rf /\n", content_type="image/jpeg")
    response = client.post(URL, {**VALID, "attachments": [fake]})
    assert response.status_code == 400
    assert "Tệp «anh.jpg» không phải ảnh (JPEG, PNG, WebP, GIF) hoặc PDF hợp lệ" in response.content.decode()
    assert Feedback.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [b"%PDF-1.4\n<script>alert(1)</script>", b"%PDF-1.4\n%%EOF\n", b"<html>%PDF-1.4 startxref %%EOF</html>"],
)
def test_a_fake_pdf_is_refused(client, site, body):
    fake = SimpleUploadedFile("don.pdf", body, content_type="application/pdf")
    response = client.post(URL, {**VALID, "attachments": [fake]})
    assert response.status_code == 400 and "không phải ảnh" in response.content.decode()


@pytest.mark.django_db
def test_an_oversized_attachment_is_refused(client, site):
    big = SimpleUploadedFile(
        "lon.pdf", b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024), content_type="application/pdf"
    )
    response = client.post(URL, {**VALID, "attachments": [big]})
    assert response.status_code == 400
    assert "Tệp «lon.pdf» quá lớn (5.0 MB); tối đa 5 MB." in response.content.decode()
    assert Feedback.objects.count() == 0


@pytest.mark.django_db
def test_more_than_three_attachments_are_refused(client, site):
    files = [jpeg(f"anh{i}.jpg") for i in range(4)]
    response = client.post(URL, {**VALID, "attachments": files})
    assert response.status_code == 400
    assert "Chỉ gửi được tối đa 3 tệp; bạn đã chọn 4 tệp." in response.content.decode()
    assert Feedback.objects.count() == 0


@pytest.mark.django_db
def test_the_success_page_needs_a_valid_signed_code(client, site):
    code, _ = sent_code(client, post(client))
    for token in ["", code, f"{code}:forged", "PAKN-20201116-0001:abc"]:
        response = client.get("/phan-anh-kien-nghi/da-gui/", {"ma": token})
        assert response.status_code == 302 and response["Location"] == "/phan-anh-kien-nghi/tra-cuu/"


@pytest.mark.django_db
def test_the_honeypot_refuses_robots(client, site):
    response = post(client, website="http://spam.example")
    assert response.status_code == 400
    assert "phải để trống" in response.content.decode()
    assert Feedback.objects.count() == 0


@pytest.mark.django_db
def test_csrf_is_required(site):
    response = Client(enforce_csrf_checks=True).post(URL, VALID)
    assert response.status_code == 403
    assert Feedback.objects.count() == 0


@pytest.mark.django_db
def test_due_date_skips_weekends_and_holidays_and_follows_the_setting(client, site):
    today = timezone.localdate()
    without_holiday = add_working_days(today, 5)
    Holiday.objects.create(date=add_working_days(today, 3), name="Ngày nghỉ thử")
    CitizenSettings(feedback_due_days=5).save()
    code, _ = sent_code(client, post(client))
    due = Feedback.objects.get(code=code).due_date
    assert due == add_working_days(without_holiday, 1)  # one day later because of the holiday
    assert due.weekday() < 5


@pytest.mark.django_db
def test_the_form_is_rate_limited_per_client(client, site, rate_limit_window):
    for _ in range(10):
        assert post(client).status_code == 302
    response = post(client)
    assert response.status_code == 429
    assert "Bạn đã gửi quá nhiều lần" in response.content.decode()
    assert Feedback.objects.count() == 10
    # another client is not affected
    assert post(Client(REMOTE_ADDR="10.0.0.9")).status_code == 302


@pytest.mark.django_db
def test_mistakes_do_not_use_up_the_quota_but_floods_are_stopped(client, site, rate_limit_window):
    for _ in range(9):
        assert post(client, phone="12").status_code == 400
    assert post(client).status_code == 302
    for _ in range(20):
        post(client, phone="12")
    assert post(client).status_code == 429  # 30 posts in the hour, whatever they held
    assert Feedback.objects.count() == 1


@pytest.mark.django_db
def test_the_rate_limit_is_shared_through_redis(site, settings, redis_url, rate_limit_window):
    settings.CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": redis_url}}
    first, second = Client(), Client()  # like two server processes: nothing shared but the cache
    for n in range(10):
        assert post(first if n % 2 else second).status_code == 302
    assert post(first).status_code == 429
    assert post(second).status_code == 429


@pytest.mark.django_db
def test_the_due_date_default_is_twenty_working_days():
    assert CitizenSettings().feedback_due_days == 20
    assert add_working_days(date(2020, 11, 16), 20) == date(2020, 12, 14)
