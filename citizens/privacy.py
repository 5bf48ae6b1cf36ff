"""Personal data in feedback (Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15): anonymised when the unit's retention
period has passed since the item was closed, or at once when its sender asks (Điều 14); offered to the kernel as
``Offer.anonymise`` and ``Offer.forget`` (portal.contributions)."""

import logging

from django.db import transaction
from django.utils import timezone

from citizens.models import Feedback, FeedbackAttachment, private_storage
from portal.contributions import Forgotten

logger = logging.getLogger(__name__)

ANONYMOUS_NAME = "(đã ẩn danh)"

REMOVED = (
    "Đã xóa thông tin cá nhân (họ tên, địa chỉ, số điện thoại, thư điện tử, tệp đính kèm) của phản ánh, kiến nghị "
    "{code}. Nội dung và câu trả lời vẫn được lưu, không kèm thông tin của ông/bà; mã này không còn tra cứu được."
)
DEFERRED = (
    "Phản ánh, kiến nghị {code} đang được xử lý, nên thông tin cá nhân còn cần để cơ quan liên hệ và trả lời "
    "ông/bà. Yêu cầu xóa đã được ghi nhận: thông tin cá nhân sẽ được xóa ngay sau khi phản ánh được xử lý xong."
)


def anonymise(items):
    """Remove the personal data of ``items`` (Feedback): name, address, phone, email, files. The content, the
    answer and any published Q&A item stay. Returns how many items were anonymised."""
    ids = list(items.filter(anonymised_at__isnull=True).values_list("pk", flat=True))
    if not ids:
        return 0
    with transaction.atomic():
        attachments = FeedbackAttachment.objects.filter(feedback_id__in=ids)
        files = list(attachments.values_list("file", flat=True))
        attachments.delete()
        # update(): the time of the last change stays what it was, and no signal empties the page cache
        done = Feedback.objects.filter(pk__in=ids, anonymised_at__isnull=True).update(
            name=ANONYMOUS_NAME,
            address="",
            phone="",
            phone_digits="",
            email="",
            mail_error="",  # a refused address may be quoted in it
            anonymised_at=timezone.now(),
        )
        # after the commit: a file is never lost while a row still points to it, nor by a rolled-back dry run
        transaction.on_commit(lambda: _delete_files(files), robust=True)
    return done


def _delete_files(names):
    for name in names:
        try:
            private_storage.delete(name)
        except OSError:
            logger.exception("Không xóa được tệp đính kèm %s", name)


def anonymise_due(unit, cutoff):
    """Offer.anonymise: the unit's closed items last changed before ``cutoff``, or whose sender asked for
    removal (whatever the retention period); open items are never touched."""
    return anonymise(Feedback.objects.due_for_anonymising(cutoff))


def forget(code, phone_digits):
    """Offer.forget: the item of the unit in scope with this code and phone, its personal data removed now if
    it is closed, else flagged for removal when it is closed; None when there is none."""
    code = (code or "").strip().upper()
    if not code or not phone_digits:
        return None
    item = Feedback.objects.filter(code=code, phone_digits=phone_digits, anonymised_at__isnull=True).first()
    if item is None:
        return None
    if item.is_open:
        if item.removal_requested_at is None:
            Feedback.objects.filter(pk=item.pk).update(removal_requested_at=timezone.now())
        return Forgotten(message=DEFERRED.format(code=item.code), removed=False, reason="open")
    Feedback.objects.filter(pk=item.pk).update(removal_requested_at=timezone.now())
    anonymise(Feedback.objects.filter(pk=item.pk))
    return Forgotten(message=REMOVED.format(code=item.code), removed=True)
