"""The applicants' personal data in the dossier register (Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15): removed
when the unit's retention period has passed since the dossier was finished, or at once when the applicant
asks with the dossier's code and phone number (the dossier itself stays, for the lookup and the
statistics); offered to the kernel as ``Offer.anonymise`` and ``Offer.forget`` (portal.contributions).

The register on the portal is a copy kept for the public lookup and the statistics, neither of which needs
the applicant once the dossier is finished; the dossier itself is archived by the one-stop system."""

from django.db.models import Q
from django.utils import timezone

from portal.contributions import Forgotten
from portal.text import normalise_phone
from procedures.models import OPEN, Dossier

ANONYMOUS_NAME = "(đã ẩn danh)"

REMOVED = (
    "Đã xóa họ tên, số điện thoại, thư điện tử và số giấy tờ của người nộp hồ sơ {code} khỏi cổng. Hồ sơ vẫn tra cứu được "
    "bằng mã (tiến độ, thời hạn), không kèm thông tin của ông/bà."
)
DEFERRED = (
    "Hồ sơ {code} đang được giải quyết, nên Bộ phận một cửa còn cần thông tin để liên hệ và trả kết quả. Yêu "
    "cầu xóa đã được ghi nhận: họ tên, số điện thoại, thư điện tử và số giấy tờ sẽ được xóa khỏi cổng ngay khi hồ sơ "
    "giải quyết xong."
)


def anonymise(dossiers):
    """Remove the applicant's name, phone and ID number of ``dossiers``; returns how many."""
    # update(): no step of the dossier's history is recorded and its time of last change stays
    return dossiers.filter(anonymised_at__isnull=True).update(
        applicant_name=ANONYMOUS_NAME,
        applicant_phone="",
        applicant_id_number="",
        applicant_email="",
        anonymised_at=timezone.now(),
    )


def anonymise_due(unit, cutoff):
    """Offer.anonymise: the unit's finished dossiers finished before ``cutoff``, or whose applicant asked
    for removal; a dossier being handled is never touched."""
    finished = Dossier.objects.exclude(status__in=OPEN)
    return anonymise(finished.filter(Q(finished_at__lt=cutoff) | Q(removal_requested_at__isnull=False)))


def forget(code, phone_digits):
    """Offer.forget: the dossier of the unit in scope with this code and the applicant's phone: its personal
    data removed now if it is finished, else flagged to be removed when it is; None when there is none."""
    dossier = Dossier.objects.filter(code=(code or "").strip().upper(), anonymised_at__isnull=True).first()
    if dossier is None or normalise_phone(dossier.applicant_phone) != phone_digits:
        return None
    Dossier.objects.filter(pk=dossier.pk, removal_requested_at__isnull=True).update(
        removal_requested_at=timezone.now()
    )
    if dossier.status in OPEN:
        return Forgotten(message=DEFERRED.format(code=dossier.code), removed=False, reason="open")
    anonymise(Dossier.objects.filter(pk=dossier.pk))
    return Forgotten(message=REMOVED.format(code=dossier.code), removed=True)
