"""Staff workflow in the admin, and who sees the personal data of feedback."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from citizens.models import Feedback, FeedbackAttachment, Question, UsefulnessVote
from portal import roles
from tests import factories
from tests.citizens.conftest import jpeg

# Overdue items and upcoming sessions follow the day: each test sees one instant, so midnight cannot fall inside it.
pytestmark = pytest.mark.usefixtures("frozen_clock")
PERSONAL = ["Lò Văn Pọm", "Bản Co Hắm, xã Búng Lao", "0912 345 601", "pom@example.vn"]


@pytest.fixture
def item(db):
    factories.site_settings()
    return factories.feedback(
        name=PERSONAL[0],
        address=PERSONAL[1],
        phone=PERSONAL[2],
        email=PERSONAL[3],
        subject="Chậm cấp giấy chứng nhận",
    )


def as_user(role):
    client = Client()
    client.force_login(factories.staff_user(role))
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("role", [roles.RECEPTION, roles.ADMINISTRATOR])
def test_reception_staff_and_administrators_see_personal_data(item, role):
    client = as_user(role)
    listing = client.get("/quan-tri/citizens/feedback/").content.decode()
    assert item.code in listing and PERSONAL[0] in listing and PERSONAL[2] in listing
    detail = client.get(f"/quan-tri/citizens/feedback/{item.pk}/change/").content.decode()
    for value in PERSONAL:
        assert value in detail
    # and can search by phone
    assert item.code in client.get("/quan-tri/citizens/feedback/?q=0912").content.decode()


@pytest.mark.django_db
def test_desk_staff_see_the_content_but_no_personal_data(item):
    client = as_user(roles.DESK)
    listing = client.get("/quan-tri/citizens/feedback/")
    assert listing.status_code == 200 and "Chậm cấp giấy chứng nhận" in listing.content.decode()
    detail = client.get(f"/quan-tri/citizens/feedback/{item.pk}/change/")
    assert detail.status_code == 200
    html = listing.content.decode() + detail.content.decode()
    assert "Lỗi gửi thư" not in html  # an SMTP error may quote the address
    for value in PERSONAL:
        assert value not in html
    # searching by a phone number finds nothing either
    assert item.code not in client.get("/quan-tri/citizens/feedback/?q=0912").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [roles.EDITOR, roles.REPORTER])
def test_editors_and_reporters_cannot_open_feedback(item, role):
    client = as_user(role)
    assert client.get("/quan-tri/citizens/feedback/").status_code == 403
    assert client.get(f"/quan-tri/citizens/feedback/{item.pk}/change/").status_code == 403


@pytest.mark.django_db
def test_attachments_are_served_only_to_those_who_see_personal_data(item):
    attachment = FeedbackAttachment.objects.create(
        feedback=item, file=jpeg(), original_name="anh chup.jpg", content_type="image/jpeg", size=100
    )
    url = attachment.get_absolute_url()
    reception = as_user(roles.RECEPTION)
    detail = reception.get(f"/quan-tri/citizens/feedback/{item.pk}/change/").content.decode()
    assert url in detail
    response = reception.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"
    for role in [roles.DESK, roles.EDITOR]:
        client = as_user(role)
        assert client.get(url).status_code == 403
        assert url not in client.get(f"/quan-tri/citizens/feedback/{item.pk}/change/").content.decode()


@pytest.mark.django_db
def test_overdue_items_stand_out_and_can_be_filtered(item):
    late = factories.feedback(subject="Quá hạn rồi", due_date=timezone.localdate() - timedelta(days=1))
    factories.feedback(
        subject="Đã xong", status="answered", due_date=timezone.localdate() - timedelta(days=9)
    )
    client = as_user(roles.RECEPTION)
    html = client.get("/quan-tri/citizens/feedback/").content.decode()
    assert html.count('class="qua-han"') == 1
    assert f"{late.due_date:%d/%m/%Y} — quá hạn" in html
    filtered = client.get("/quan-tri/citizens/feedback/?han=qua-han").content.decode()
    assert late.code in filtered and item.code not in filtered
    assert list(Feedback.objects.overdue()) == [late]


@pytest.mark.django_db
def test_answering_stamps_the_time_records_who_and_mails_the_sender(item, django_capture_on_commit_callbacks):
    officer = factories.staff_user(roles.RECEPTION)
    client = Client()
    client.force_login(officer)
    data = {
        "status": "answered",
        "assigned_to": officer.pk,
        "due_date": item.due_date.strftime("%d/%m/%Y"),
        "answer": "Giấy chứng nhận đã được trả ngày 20/11/2020.",
        "answering_unit": "Phòng Tài nguyên và Môi trường",
        "transferred_to": "",
        "answered_at_0": "",
        "answered_at_1": "",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
    }
    url = f"/quan-tri/citizens/feedback/{item.pk}/change/"
    refused = client.post(url, {**data, "answer": ""})
    assert refused.status_code == 200
    assert "Ghi nội dung trả lời trước khi chuyển sang «Đã trả lời»." in refused.content.decode()
    moved = client.post(url, {**data, "status": "transferred", "answer": ""})
    assert "Ghi tên cơ quan được chuyển đến." in moved.content.decode()
    assert Feedback.objects.get(pk=item.pk).status == "new" and mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    item.refresh_from_db()
    assert item.status == "answered" and item.answered_at is not None and item.changed_by == officer
    # the sender is told it is answered, with the code and the lookup page; the answer itself stays there
    assert len(mail.outbox) == 1 and item.code in mail.outbox[0].body
    assert "đã trả lời" in mail.outbox[0].body and "/phan-anh-kien-nghi/tra-cuu/" in mail.outbox[0].body
    assert "Giấy chứng nhận đã được trả" not in mail.outbox[0].body
    assert mail.outbox[0].to == [PERSONAL[3]]


@pytest.mark.django_db
def test_answered_items_with_consent_become_draft_questions_without_personal_data(item):
    factories.question_topic(name="Đất đai")
    item.status, item.consent_publish = "answered", True
    item.answer, item.answering_unit = "Đã cấp giấy.", "Phòng Tài nguyên và Môi trường"
    item.answered_at = timezone.now()
    item.save()
    refused = factories.feedback(status="answered", answer="Đã trả lời.", consent_publish=False)
    client = as_user(roles.RECEPTION)
    response = client.post(
        "/quan-tri/citizens/feedback/",
        {"action": "make_question", "_selected_action": [item.pk, refused.pk]},
        follow=True,
    )
    assert "Đã tạo 1 câu hỏi ở dạng nháp" in response.content.decode()
    question = Question.objects.get()
    assert question.feedback == item and not question.is_published
    assert question.answer == "Đã cấp giấy."
    assert client.get(question.get_absolute_url()).status_code == 404  # not public until published
    text = " ".join([question.title, question.question, question.answer, question.answering_unit])
    for value in PERSONAL:
        assert value not in text


@pytest.mark.django_db
def test_usefulness_report_counts_yes_no_and_comments_per_page(db):
    factories.site_settings()
    for useful, comment in [(True, ""), (True, "Rõ ràng"), (False, "Thiếu mẫu đơn")]:
        UsefulnessVote.objects.create(
            path="/gioi-thieu/tong-quan/", title="Tổng quan", useful=useful, comment=comment
        )
    UsefulnessVote.objects.create(path="/hoi-dap/1/", title="Khai sinh", useful=False)
    client = as_user(roles.EDITOR)
    html = client.get("/quan-tri/citizens/usefulnessreport/").content.decode()
    assert "Tổng quan" in html and "Khai sinh" in html
    row = html[html.index("Tổng quan") : html.index("Tổng quan") + 400]
    assert "<td>2</td>" in row and "<td>1</td>" in row
    assert as_user(roles.DESK).get("/quan-tri/citizens/usefulnessreport/").status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/quan-tri/citizens/receptionsession/add/",
        "/quan-tri/citizens/receptionschedule/add/",
        "/quan-tri/citizens/hotline/add/",
        "/quan-tri/citizens/contactoffice/add/",
        "/quan-tri/citizens/question/add/",
        "/quan-tri/citizens/citizensettings/",
    ],
)
def test_reception_staff_keep_schedule_contacts_and_qa_others_cannot(db, url):
    factories.site_settings()
    assert as_user(roles.RECEPTION).get(url, follow=True).status_code == 200
    assert as_user(roles.DESK).get(url).status_code == 403
    assert as_user(roles.REPORTER).get(url).status_code == 403


@pytest.mark.django_db
def test_reception_staff_publish_a_postponed_session_with_its_reason(db):
    factories.site_settings()
    client = as_user(roles.RECEPTION)
    data = {
        "date": "07/12/2026",
        "start_time": "07:30",
        "end_time": "11:30",
        "presider": "Ông Lò Văn Minh, Chủ tịch UBND",
        "place": "Phòng Tiếp công dân",
        "status": "postponed",
        "postponed_reason": "",
    }
    response = client.post("/quan-tri/citizens/receptionsession/add/", data)
    assert (
        response.status_code == 200
        and "Ghi lý do hoãn để công khai cho người dân." in response.content.decode()
    )
    response = client.post(
        "/quan-tri/citizens/receptionsession/add/", {**data, "postponed_reason": "Họp tỉnh"}
    )
    assert response.status_code == 302
    html = Client().get("/tiep-cong-dan/").content.decode()
    assert "Họp tỉnh" in html and "07/12/2026" in html


@pytest.mark.django_db
def test_a_session_announced_late_gets_a_warning_and_the_list_splits_upcoming_and_past(db):
    from portal.workdays import add_working_days

    factories.site_settings()
    client = as_user(roles.RECEPTION)
    soon = add_working_days(timezone.localdate(), 2)
    data = {
        "date": soon.strftime("%d/%m/%Y"),
        "start_time": "07:30",
        "end_time": "11:30",
        "presider": "Ông Lò Văn Minh",
        "place": "Phòng Tiếp công dân",
        "status": "planned",
    }
    response = client.post("/quan-tri/citizens/receptionsession/add/", data, follow=True)
    assert "chậm nhất 05 ngày làm việc" in response.content.decode()
    later = add_working_days(timezone.localdate(), 6)
    response = client.post(
        "/quan-tri/citizens/receptionsession/add/", {**data, "date": later.strftime("%d/%m/%Y")}, follow=True
    )
    assert "chậm nhất 05 ngày làm việc" not in response.content.decode()
    factories.reception_session(date=timezone.localdate() - timedelta(days=3), presider="Bà Đã Qua")
    upcoming = client.get("/quan-tri/citizens/receptionsession/?khi=sap-toi").content.decode()
    past = client.get("/quan-tri/citizens/receptionsession/?khi=da-qua").content.decode()
    assert "Bà Đã Qua" in past and "Bà Đã Qua" not in upcoming and "Ông Lò Văn Minh" in upcoming
