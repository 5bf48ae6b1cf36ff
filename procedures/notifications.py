"""The applicant told at once when their dossier moves (Điều 15 khoản 1 điểm g, Nghị định 224/2026/NĐ-CP).

When the desk noted an email for the applicant (``Dossier.applicant_email``, with their consent), each save
that changes the dossier's status — its reception included — queues a short Vietnamese mail: the dossier's
code, its new status and the lookup page's address. Nothing of the case (the procedure, the documents, the
result), which the applicant reads on the lookup page with the code and their phone number. Dossiers
written in bulk from a file (``Dossier.create_many``: a year of history) tell nobody; a later change of one
of them does.

A task (django.tasks) enqueued when the save commits, run by the worker, tried again like the feedback's
mails (settings.NOTIFICATION_RETRY_SECONDS). It takes ids and reads the address when it sends: a dossier
anonymised meanwhile gets no mail.
"""

from django.core.mail import send_mail
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from portal import units
from portal.mail import absolute_url, enqueue_on_commit, try_again
from portal.models import Unit
from procedures.models import Dossier, Status


def dossier_moved(dossier):
    """Called by Dossier.save() when the status changed (or the dossier is new) and there is an email."""
    enqueue_on_commit(mail_applicant, dossier.unit_id, dossier.pk, dossier.status)


def applicant_message(dossier, unit, status):
    authority = unit.authority_name or unit.display_name
    label = Status(status).label
    if status in (Status.DUOC_TIEP_NHAN, Status.MOI_DANG_KY):
        subject = f"Hồ sơ {dossier.code} đã được tiếp nhận"
        said = f"{authority} đã tiếp nhận hồ sơ của ông/bà lúc {timezone.localtime(dossier.received_at):%H:%M %d/%m/%Y}."
        if dossier.due_at:
            said += f"\nHẹn trả kết quả: {timezone.localtime(dossier.due_at):%H:%M %d/%m/%Y}."
    else:
        subject = f"Hồ sơ {dossier.code}: {label.lower()}"
        said = f"Hồ sơ của ông/bà tại {authority} đã chuyển sang bước «{label}»."
    lookup = absolute_url(unit, reverse("procedures:lookup"))
    body = (
        f"Kính gửi ông/bà {dossier.applicant_name},\n\n{said}\n\nMã hồ sơ: {dossier.code}\n"
        f"Tra cứu tiến độ tại: {lookup} (nhập mã hồ sơ và số điện thoại đã khai).\n\n"
        "Thư này được gửi tự động, xin đừng trả lời thư."
    )
    return subject, body


@task
def mail_applicant(unit_pk, dossier_pk, status, attempt=1):
    """Tell the applicant of a dossier that it moved to ``status``."""
    unit = Unit.objects.get(pk=unit_pk)
    with units.activate(unit):
        dossier = Dossier.objects.filter(pk=dossier_pk).first()
        if dossier is None or not dossier.applicant_email or dossier.anonymised_at is not None:
            return "không có địa chỉ thư"
        subject, body = applicant_message(dossier, unit, status)
        try:
            send_mail(subject, body, None, [dossier.applicant_email])
        except Exception as exc:  # SMTP down, refused address…: the dossier's change itself is kept
            if try_again(mail_applicant, attempt, exc, unit_pk, dossier_pk, status):
                return f"sẽ thử lại (lần {attempt + 1})"
            raise
        return "đã gửi"
