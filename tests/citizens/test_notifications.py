"""People told when a feedback moves (Điều 15 khoản 1 điểm g, Nghị định 224/2026/NĐ-CP): the sender by a short
mail with the code and the lookup link, never the content; the unit's reception staff of each new feedback.
Sent as tasks after the commit, retried when the mail server refuses; one test against a real SMTP server."""

import re
import socket
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from citizens.models import Feedback
from portal import roles
from portal.models import UnitHost
from tests import factories
from tests.citizens.conftest import VALID

URL = "/phan-anh-kien-nghi/"
LOOKUP = "http://testserver/phan-anh-kien-nghi/tra-cuu/"


def send_feedback(client, **changes):
    response = client.post(URL, {**VALID, **changes})
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(response["Location"]).content.decode()
    return Feedback.objects.get(code=re.search(r"PAKN-\d{8}-\d{4}", page).group(0))


def change_form(item, officer, **changes):
    return {
        "status": item.status,
        "assigned_to": officer.pk,
        "due_date": item.due_date.strftime("%d/%m/%Y"),
        "answer": item.answer,
        "answering_unit": item.answering_unit,
        "transferred_to": item.transferred_to,
        "answered_at_0": "",
        "answered_at_1": "",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        **changes,
    }


def assert_no_content(message, item):
    """The mail says nothing of the case itself: what the sender wrote, nor the answer."""
    for text in (item.subject, item.content, item.answer, item.address, item.phone):
        if text:
            assert text not in message.body and text not in message.subject, text


@pytest.fixture
def site(db):
    return factories.site_settings(unit_name="Xã Nậm Lịch")


@pytest.mark.django_db
def test_the_sender_and_the_reception_staff_are_told_of_a_new_feedback(
    site, django_capture_on_commit_callbacks, frozen_clock
):
    def staff(role, email, **values):
        user = factories.staff_user(role, **values)
        user.email = email
        user.save()

    staff(roles.RECEPTION, "tiepdan@namlich.gov.vn")
    staff(roles.RECEPTION, "")  # no address: not mailed
    staff(roles.EDITOR, "bientap@namlich.gov.vn")  # not their work
    # the reception staff of another unit of the installation are not told
    UnitHost.objects.create(unit=site, host="testserver", is_primary=True)
    staff(roles.RECEPTION, "khac@khac.gov.vn", in_unit=factories.unit("03005", "Xã Khác", hosts=["khac.vn"]))
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        item = send_feedback(client, email="loan@example.vn")

    by_recipient = {tuple(message.to): message for message in mail.outbox}
    assert set(by_recipient) == {("loan@example.vn",), ("tiepdan@namlich.gov.vn",)}
    receipt = by_recipient[("loan@example.vn",)]
    assert receipt.subject == f"Đã nhận phản ánh, kiến nghị {item.code}"
    assert item.code in receipt.body and LOOKUP in receipt.body
    assert f"Hạn trả lời dự kiến: {item.due_date:%d/%m/%Y}" in receipt.body
    assert_no_content(receipt, item)

    staff = by_recipient[("tiepdan@namlich.gov.vn",)]
    assert staff.subject == f"Phản ánh, kiến nghị mới {item.code}"
    assert f"http://testserver/quan-tri/citizens/feedback/{item.pk}/change/" in staff.body
    assert_no_content(staff, item)
    assert item.name not in staff.body and "loan@example.vn" not in staff.body  # nothing of the sender
    item.refresh_from_db()
    assert item.receipt_sent_at is not None and item.mail_error == ""


@pytest.mark.django_db
def test_the_sender_is_told_of_each_change_of_status_and_of_the_answer(
    site, django_capture_on_commit_callbacks, frozen_clock
):
    item = factories.feedback(email="pom@example.vn", subject="Chậm cấp giấy chứng nhận")
    officer = factories.staff_user(roles.RECEPTION)
    client = Client()
    client.force_login(officer)
    url = f"/quan-tri/citizens/feedback/{item.pk}/change/"

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, change_form(item, officer, status="processing")).status_code == 302
    assert len(mail.outbox) == 1
    moved = mail.outbox[0]
    assert moved.to == ["pom@example.vn"]
    assert moved.subject == f"Phản ánh, kiến nghị {item.code}: đang xử lý"
    assert "«Đang xử lý»" in moved.body and LOOKUP in moved.body
    assert_no_content(moved, item)

    # saved again without a change of status: nothing new to tell
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, change_form(item, officer, status="processing", answering_unit="Phòng TN&MT"))
    assert len(mail.outbox) == 1

    item.refresh_from_db()
    answer = "Giấy chứng nhận đã được trả ngày 20/11/2020."
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, change_form(item, officer, status="answered", answer=answer))
    assert response.status_code == 302
    answered = mail.outbox[1]
    assert answered.subject == f"Phản ánh, kiến nghị {item.code} đã có trả lời"
    assert item.code in answered.body and LOOKUP in answered.body
    item.refresh_from_db()
    assert_no_content(answered, item)


@pytest.mark.django_db
def test_an_anonymised_sender_is_not_mailed(site, django_capture_on_commit_callbacks):
    from citizens.notifications import mail_sender

    item = factories.feedback(email="pom@example.vn", anonymised_at=timezone.now())
    result = mail_sender.enqueue(site.pk, item.pk, "processing", LOOKUP)
    assert result.return_value == "không có địa chỉ thư" and mail.outbox == []


# --- the queue, the worker and a real SMTP server ------------------------------------------------------------


class Inbox:
    """An aiosmtpd handler: refuses the first ``refuse`` recipients with a temporary error, keeps the rest."""

    def __init__(self, refuse=0):
        self.refuse = refuse
        self.refused = 0
        self.messages = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refused < self.refuse:
            self.refused += 1
            return "451 4.3.0 Máy chủ bận, thử lại sau"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.content.decode("utf-8", "replace")))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on a free loopback port, in this process; the portal's SMTP backend points at it."""

    def start(refuse=0):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        inbox = Inbox(refuse)
        controller = Controller(inbox, hostname="127.0.0.1", port=port)
        controller.start()
        started.append(controller)
        settings.MAILERS = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
            }
        }
        return inbox

    started = []
    yield start
    for controller in started:
        controller.stop()


def decoded(raw):
    from email import message_from_string, policy

    message = message_from_string(raw, policy=policy.default)
    return str(message["Subject"]), message.get_body(("plain",)).get_content()


@pytest.mark.django_db(transaction=True)
def test_through_the_queue_and_a_real_smtp_server_a_refused_mail_is_sent_on_a_later_attempt(
    site, settings, smtp_server, time_machine
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.NOTIFICATION_RETRY_SECONDS = (60, 300)
    inbox = smtp_server(refuse=1)  # the server is busy at the first attempt
    start = timezone.now()
    time_machine.move_to(start, tick=False)
    item = send_feedback(Client(), email="loan@example.vn")
    assert inbox.messages == []  # queued on commit: nothing sent by the web request itself

    call_command("db_worker", "--batch", "--no-startup-delay")
    assert inbox.refused == 1 and inbox.messages == []  # refused; tried again in a minute, not before
    item.refresh_from_db()
    assert item.receipt_sent_at is None

    time_machine.move_to(start + timedelta(seconds=61), tick=False)
    call_command("db_worker", "--batch", "--no-startup-delay")
    assert len(inbox.messages) == 1
    recipients, raw = inbox.messages[0]
    assert recipients == ["loan@example.vn"]
    subject, body = decoded(raw)
    assert subject == f"Đã nhận phản ánh, kiến nghị {item.code}"
    assert item.code in body and LOOKUP in body and VALID["content"] not in body
    item.refresh_from_db()
    assert item.receipt_sent_at is not None and item.mail_error == ""


@pytest.mark.django_db
def test_a_mail_refused_at_every_attempt_is_noted_on_the_feedback_for_staff(
    site, settings, smtp_server, django_capture_on_commit_callbacks
):
    settings.NOTIFICATION_RETRY_SECONDS = (0, 0)  # ImmediateBackend: the attempts follow one another
    inbox = smtp_server(refuse=99)
    with django_capture_on_commit_callbacks(execute=True):
        item = send_feedback(Client(), email="loan@example.vn")
    assert inbox.refused == 3 and inbox.messages == []  # the first attempt and two more
    item.refresh_from_db()
    assert item.receipt_sent_at is None
    assert "máy chủ thư từ chối loan@example.vn: 451 4.3.0 Máy chủ bận, thử lại sau" in item.mail_error
