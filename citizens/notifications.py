"""People told at once when a feedback moves (Điều 15 khoản 1 điểm g, Nghị định 224/2026/NĐ-CP).

- The sender, when they left an email: on receipt, on every change of status and when it is answered. A
  short Vietnamese mail with the tracking code and the link to the lookup page; never the content of the
  case (subject, content, answer), which they read on the lookup page with the code and their phone.
- The unit's reception staff (role «Cán bộ tiếp dân», with an email on their account): of each new feedback,
  with its code, due date and the link to it in the admin; nothing of the sender.

Each mail is a task (django.tasks), enqueued when the transaction that made the change commits, and run by
the worker. A mail the server refuses is tried again after settings.NOTIFICATION_RETRY_SECONDS (60 s, 5 min,
30 min); the last failure is noted on the feedback («lỗi gửi thư», seen by staff) and fails the task.
Tasks take ids, not objects, and put the feedback's unit in scope themselves: the worker has no unit.
"""

import logging

from django.core.mail import send_mail
from django.tasks import task
from django.utils import timezone

from citizens.models import Feedback, FeedbackStatus
from portal import roles, units
from portal.mail import describe, enqueue_on_commit, try_again
from portal.models import Membership, Unit

logger = logging.getLogger(__name__)

RECEIVED = "received"  # the kinds of mail to a sender; otherwise the new status


def sender_message(feedback, unit, event, lookup_url):
    authority = unit.authority_name or unit.display_name
    lookup = f"Mã theo dõi: {feedback.code}\nTra cứu tại: {lookup_url} (nhập mã và số điện thoại đã khai)."
    if event == RECEIVED:
        subject = f"Đã nhận phản ánh, kiến nghị {feedback.code}"
        said = (
            f"{authority} đã nhận phản ánh, kiến nghị của ông/bà lúc "
            f"{timezone.localtime(feedback.created_at):%H:%M %d/%m/%Y}.\n"
            f"Hạn trả lời dự kiến: {feedback.due_date:%d/%m/%Y}."
        )
    elif event == FeedbackStatus.ANSWERED:
        subject = f"Phản ánh, kiến nghị {feedback.code} đã có trả lời"
        said = (
            f"{authority} đã trả lời phản ánh, kiến nghị của ông/bà. Nội dung trả lời xem tại trang tra cứu."
        )
    else:
        status = FeedbackStatus(event).label
        subject = f"Phản ánh, kiến nghị {feedback.code}: {status.lower()}"
        said = f"Phản ánh, kiến nghị của ông/bà gửi {authority} đã chuyển sang trạng thái «{status}»."
    body = (
        f"Kính gửi ông/bà {feedback.name},\n\n{said}\n\n{lookup}\n\n"
        "Thư này được gửi tự động, xin đừng trả lời thư."
    )
    return subject, body


@task
def mail_sender(unit_pk, feedback_pk, event, lookup_url, attempt=1):
    """Tell the sender of a feedback that it was received (``event`` "received") or moved to status ``event``."""
    unit = Unit.objects.get(pk=unit_pk)
    with units.activate(unit):
        feedback = Feedback.objects.filter(pk=feedback_pk).first()
        if feedback is None or not feedback.email or feedback.is_anonymised:
            return "không có địa chỉ thư"
        subject, body = sender_message(feedback, unit, event, lookup_url)
        try:
            send_mail(subject, body, None, [feedback.email])
        except Exception as exc:  # SMTP down, refused address…: the change itself is kept
            if try_again(mail_sender, attempt, exc, unit_pk, feedback_pk, event, lookup_url):
                return f"sẽ thử lại (lần {attempt + 1})"
            Feedback.objects.filter(pk=feedback_pk).update(
                mail_error=f"{timezone.localtime():%d/%m/%Y %H:%M}: {describe(exc)}"[:300]
            )
            raise
        done = {"mail_error": ""}
        if event == RECEIVED:
            done["receipt_sent_at"] = timezone.now()
        Feedback.objects.filter(pk=feedback_pk).update(**done)
        return "đã gửi"


def reception_staff_emails(unit):
    return sorted(
        set(
            Membership.objects.filter(unit=unit, role=roles.RECEPTION, user__is_active=True)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )


@task
def mail_staff_new_feedback(unit_pk, feedback_pk, admin_url, attempt=1):
    """Tell the unit's reception staff that a feedback came in: its code, due date and admin link only."""
    unit = Unit.objects.get(pk=unit_pk)
    with units.activate(unit):
        feedback = Feedback.objects.filter(pk=feedback_pk).first()
        recipients = reception_staff_emails(unit)
        if feedback is None or not recipients:
            return "không có người nhận"
        subject = f"Phản ánh, kiến nghị mới {feedback.code}"
        body = (
            f"{unit.display_name} vừa nhận phản ánh, kiến nghị mã {feedback.code} lúc "
            f"{timezone.localtime(feedback.created_at):%H:%M %d/%m/%Y}; hạn xử lý {feedback.due_date:%d/%m/%Y}.\n\n"
            f"Xem và xử lý tại: {admin_url}\n\n"
            "Thư này được gửi tự động tới cán bộ tiếp dân của đơn vị."
        )
        try:
            send_mail(subject, body, None, recipients)
        except Exception as exc:
            if try_again(mail_staff_new_feedback, attempt, exc, unit_pk, feedback_pk, admin_url):
                return f"sẽ thử lại (lần {attempt + 1})"
            raise
        return "đã gửi"


def feedback_received(feedback, *, lookup_url, admin_url):
    """Called in the transaction that saved a new feedback."""
    unit = units.current()
    if feedback.email:
        enqueue_on_commit(mail_sender, unit.pk, feedback.pk, RECEIVED, lookup_url)
    enqueue_on_commit(mail_staff_new_feedback, unit.pk, feedback.pk, admin_url)


def feedback_changed(feedback, *, previous_status, lookup_url):
    """Called after staff saved a feedback: the sender is told when its status changed."""
    if feedback.email and previous_status is not None and previous_status != feedback.status:
        enqueue_on_commit(mail_sender, units.current().pk, feedback.pk, str(feedback.status), lookup_url)
