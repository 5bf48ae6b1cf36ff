"""The procedure catalogue (the national record of each thủ tục hành chính) and the one-stop desk's dossiers.

The catalogue (procedures and their parts, fields, agencies) is national and shared by every unit; a unit
picks the procedures it carries out (``UnitProcedure``, with its own desk details) and only those show on
its site. Dossiers belong to the unit whose desk received them.
"""

import os
import re
import uuid
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.deconstruct import deconstructible

from portal import units
from portal.models import MaxFileSize, TimeStampedModel, UnitLevel
from portal.private_files import private_storage
from portal.text import fold, slugify_vi
from portal.units import OnePerUnit, UnitManager, UnitOwned, UnitQuerySet
from portal.workdays import due_at

PROCEDURE_CODE_RE = r"\d\.\d{6}"
DOSSIER_CODE_RE = r"[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.H\d{2}-\d{6}-\d{4}"

procedure_code_validator = RegexValidator(
    rf"^{PROCEDURE_CODE_RE}$", "Mã thủ tục gồm một chữ số, dấu chấm và sáu chữ số, như 1.001193."
)
dossier_code_validator = RegexValidator(
    rf"^{DOSSIER_CODE_RE}$",
    "Mã hồ sơ có dạng mã đơn vị-năm tháng ngày-số thứ tự, như 000.00.14.H19-200203-0118.",
)


FORM_SIGNATURES = {
    ".pdf": [b"%PDF-"],
    ".doc": [b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"],
    ".xls": [b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"],
    ".docx": [b"PK\x03\x04"],
    ".xlsx": [b"PK\x03\x04"],
    ".odt": [b"PK\x03\x04"],
}


@deconstructible
class FormFileType:
    """Validator: a form file must be PDF, Word, Excel or OpenDocument, judged by its first bytes, not its name."""

    def __call__(self, file):
        extension = "." + file.name.rsplit(".", 1)[-1].lower() if "." in file.name else ""
        if extension not in FORM_SIGNATURES:
            raise ValidationError("Tệp mẫu phải là PDF, Word (.doc, .docx), Excel (.xls, .xlsx) hoặc .odt.")
        position = file.tell() if hasattr(file, "tell") else 0
        file.seek(0)
        head = file.read(8)
        file.seek(position)
        if not any(head.startswith(signature) for signature in FORM_SIGNATURES[extension]):
            raise ValidationError("Nội dung tệp không đúng với loại tệp (tệp giả hoặc bị hỏng).")

    def __eq__(self, other):
        return isinstance(other, FormFileType)


def is_procedure_code(value):
    return bool(re.fullmatch(PROCEDURE_CODE_RE, value or ""))


def is_dossier_code(value):
    return bool(re.fullmatch(DOSSIER_CODE_RE, value or ""))


class Level(models.TextChoices):
    TINH = "tinh", "Cấp tỉnh"
    HUYEN = "huyen", "Cấp huyện"
    XA = "xa", "Cấp xã"


class OnlineLevel(models.TextChoices):
    TOAN_TRINH = "toan_trinh", "Toàn trình"
    MOT_PHAN = "mot_phan", "Một phần"
    THONG_TIN = "thong_tin", "Chỉ cung cấp thông tin"


class Channel(models.TextChoices):
    TRUC_TIEP = "truc_tiep", "Trực tiếp"
    TRUC_TUYEN = "truc_tuyen", "Trực tuyến"
    BUU_CHINH = "buu_chinh", "Dịch vụ bưu chính"


class Field(TimeStampedModel):
    """A field (lĩnh vực) of procedures: Hộ tịch, Chứng thực, Đất đai…"""

    name = models.CharField("tên lĩnh vực", max_length=200, unique=True)
    slug = models.SlugField("đường dẫn", max_length=200, unique=True, blank=True)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "lĩnh vực"
        verbose_name_plural = "lĩnh vực"
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify_vi(self.name, max_length=200)
        super().save(*args, **kwargs)


class Agency(TimeStampedModel):
    """An agency named in procedure records (implementing, competent, authorised, coordinating)."""

    name = models.CharField("tên cơ quan", max_length=250, unique=True)

    class Meta:
        verbose_name = "cơ quan"
        verbose_name_plural = "cơ quan"
        ordering = ["name"]

    def __str__(self):
        return self.name


class ProcedureQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def carried_out(self):
        """The active procedures the unit in scope carries out (``NoUnitInScope`` without one)."""
        picked = UnitProcedure.objects.filter(is_active=True).values("procedure_id")
        return self.active().filter(pk__in=picked)

    def search(self, query):
        """Diacritic-insensitive search by name, code or keyword: every word of the query must appear."""
        qs = self
        for word in fold(query).split()[:10]:
            qs = qs.filter(search_text__contains=word)
        return qs


class Procedure(TimeStampedModel):
    """A thủ tục hành chính as published in the national database (Cơ sở dữ liệu quốc gia về TTHC)."""

    code = models.CharField(
        "mã thủ tục",
        max_length=20,
        unique=True,
        validators=[procedure_code_validator],
        help_text="Như 1.001193.",
    )
    name = models.CharField("tên thủ tục", max_length=500)
    decision_number = models.CharField("số quyết định công bố", max_length=100, blank=True)
    level = models.CharField("cấp thực hiện", max_length=10, choices=Level.choices)
    field = models.ForeignKey(
        Field, on_delete=models.PROTECT, related_name="procedures", verbose_name="lĩnh vực"
    )
    procedure_type = models.CharField(
        "loại thủ tục", max_length=200, blank=True, help_text="Như «TTHC được luật giao quy định chi tiết»."
    )
    subjects = models.TextField("đối tượng thực hiện", blank=True)
    implementing_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name="cơ quan thực hiện"
    )
    competent_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="cơ quan có thẩm quyền",
    )
    authorised_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="cơ quan được ủy quyền",
    )
    coordinating_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="cơ quan phối hợp",
    )
    reception_address = models.TextField("địa chỉ tiếp nhận hồ sơ", blank=True)
    result = models.TextField("kết quả thực hiện", blank=True)
    conditions = models.TextField("yêu cầu, điều kiện thực hiện", blank=True)
    keywords = models.CharField("từ khóa", max_length=500, blank=True)
    description = models.TextField("mô tả", blank=True)
    processing_days = models.PositiveSmallIntegerField(
        "thời hạn giải quyết (ngày làm việc)",
        default=0,
        help_text="Dùng để tính ngày hẹn trả của hồ sơ; 0 là giải quyết trong ngày.",
    )
    online_level = models.CharField(
        "mức độ dịch vụ công trực tuyến",
        max_length=12,
        choices=OnlineLevel.choices,
        default=OnlineLevel.THONG_TIN,
    )
    online_url = models.URLField(
        "địa chỉ nộp trực tuyến",
        max_length=500,
        blank=True,
        help_text="Trang của thủ tục trên Cổng dịch vụ công.",
    )
    is_active = models.BooleanField("đang áp dụng", default=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name="người sửa sau cùng",
    )
    search_text = models.TextField("chuỗi tìm kiếm", blank=True, editable=False)

    objects = ProcedureQuerySet.as_manager()

    class Meta:
        verbose_name = "thủ tục hành chính"
        verbose_name_plural = "thủ tục hành chính"
        ordering = ["field__order", "name"]

    def __str__(self):
        return f"{self.code} – {self.name}"

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.code} {self.name} {self.keywords}")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("procedures:detail", args=[self.code])

    def get_checklist_url(self):
        return reverse("procedures:checklist", args=[self.code])

    @property
    def can_file_online(self):
        return bool(self.online_url) and self.online_level != OnlineLevel.THONG_TIN


class Step(models.Model):
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    text = models.TextField("nội dung bước")

    class Meta:
        verbose_name = "bước thực hiện"
        verbose_name_plural = "trình tự thực hiện"
        ordering = ["order", "id"]

    def __str__(self):
        return f"Bước {self.order}"


class ChannelOption(models.Model):
    """One row of «Cách thức thực hiện»: how to submit, the time and the fee for that way."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="channels")
    channel = models.CharField("hình thức nộp", max_length=12, choices=Channel.choices)
    processing_time = models.TextField("thời hạn giải quyết")
    fee = models.TextField("phí, lệ phí", blank=True)
    description = models.TextField("mô tả", blank=True)

    class Meta:
        verbose_name = "cách thức thực hiện"
        verbose_name_plural = "cách thức thực hiện"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "channel"], name="procedure_channel_once")
        ]

    def __str__(self):
        return self.get_channel_display()


class Paper(models.Model):
    """A paper of the dossier («Thành phần hồ sơ»), in a group per case."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="papers")
    case = models.CharField(
        "trường hợp", max_length=300, blank=True, help_text="Để trống nếu mọi trường hợp đều cần giấy tờ này."
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    name = models.TextField("tên giấy tờ")
    form_name = models.CharField("mẫu đơn, tờ khai", max_length=300, blank=True)
    form_file = models.FileField(
        "tệp mẫu đơn",
        upload_to="thu-tuc/mau-don/",
        blank=True,
        max_length=300,
        validators=[MaxFileSize(10), FormFileType()],
    )
    originals = models.PositiveSmallIntegerField("số bản chính", default=1)
    copies = models.PositiveSmallIntegerField("số bản sao", default=0)

    class Meta:
        verbose_name = "giấy tờ"
        verbose_name_plural = "thành phần hồ sơ"
        ordering = ["order", "id"]

    def __str__(self):
        return self.name


class LegalBasis(models.Model):
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="legal_bases")
    number = models.CharField("số ký hiệu", max_length=100)
    summary = models.TextField("trích yếu")
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    issuer = models.CharField("cơ quan ban hành", max_length=250, blank=True)

    class Meta:
        verbose_name = "căn cứ pháp lý"
        verbose_name_plural = "căn cứ pháp lý"
        ordering = ["id"]

    def __str__(self):
        return self.number


class InternalStep(models.Model):
    """A step of the internal process (quy trình nội bộ): who hands over to whom, in how many working days."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="internal_steps")
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    from_unit = models.CharField("đơn vị chuyển", max_length=250)
    to_unit = models.CharField("đơn vị xử lý", max_length=250)
    days = models.DecimalField("số ngày làm việc", max_digits=5, decimal_places=1)

    class Meta:
        verbose_name = "bước xử lý nội bộ"
        verbose_name_plural = "quy trình nội bộ"
        ordering = ["order", "id"]

    def __str__(self):
        return f"{self.from_unit} → {self.to_unit}"


# the level of procedures a unit carries out, by its kind
LEVEL_OF_UNIT = {
    UnitLevel.TINH: Level.TINH,
    UnitLevel.THANH_PHO: Level.TINH,
    UnitLevel.HUYEN: Level.HUYEN,
    UnitLevel.XA: Level.XA,
    UnitLevel.PHUONG: Level.XA,
    UnitLevel.DAC_KHU: Level.XA,
}


class UnitProcedure(UnitOwned, TimeStampedModel):
    """A procedure the unit carries out (thủ tục đơn vị thực hiện), with the unit's own desk details.

    The procedure record itself is national and shared; only the procedures a unit has picked (and not
    switched off) show on its site.
    """

    procedure = models.ForeignKey(
        Procedure, on_delete=models.CASCADE, related_name="unit_procedures", verbose_name="thủ tục"
    )
    is_active = models.BooleanField("đang thực hiện", default=True)
    reception_address = models.TextField(
        "nơi tiếp nhận hồ sơ tại đơn vị",
        blank=True,
        help_text="Như «Bộ phận một cửa, tầng 1 trụ sở UBND xã». Để trống thì trang thủ tục hiện địa chỉ chung.",
    )
    note = models.TextField(
        "ghi chú của đơn vị", blank=True, help_text="Hiện trên trang thủ tục của đơn vị, như giờ nhận hồ sơ."
    )

    class Meta(UnitOwned.Meta):
        verbose_name = "thủ tục đơn vị thực hiện"
        verbose_name_plural = "thủ tục đơn vị thực hiện"
        ordering = ["procedure__code"]
        constraints = [models.UniqueConstraint(fields=["unit", "procedure"], name="unit_procedure_once")]

    def __str__(self):
        return str(self.procedure)

    def clean(self):
        # the unit is not on the form, so the unique constraint is checked here (in the unit of the row)
        unit_id = self.unit_id or units.current_id()
        if (
            self.procedure_id
            and UnitProcedure._base_manager.filter(unit_id=unit_id, procedure_id=self.procedure_id)
            .exclude(pk=self.pk)
            .exists()
        ):
            raise ValidationError({"procedure": "Đơn vị đã có thủ tục này trong danh sách."})


def pick(procedures):
    """The unit in scope carries out ``procedures`` (a pick it switched off stays off); returns the new picks."""
    have = set(UnitProcedure.objects.values_list("procedure_id", flat=True))
    new = [UnitProcedure(procedure=p, unit=units.current()) for p in procedures if p.pk not in have]
    UnitProcedure.objects.bulk_create(new, ignore_conflicts=True)
    return new


def desk_details(procedure):
    """The unit in scope's pick of ``procedure`` (its desk details), or None."""
    return UnitProcedure.objects.filter(procedure=procedure, is_active=True).first()


class Status(models.TextChoices):
    """The dossier statuses of the national one-stop systems (codes 1–10)."""

    MOI_DANG_KY = "1", "Mới đăng ký (chờ tiếp nhận trực tuyến)"
    DUOC_TIEP_NHAN = "2", "Được tiếp nhận"
    KHONG_TIEP_NHAN = "3", "Không được tiếp nhận"
    DANG_XU_LY = "4", "Đang xử lý"
    YEU_CAU_BO_SUNG = "5", "Yêu cầu bổ sung giấy tờ"
    NGHIA_VU_TAI_CHINH = "6", "Yêu cầu thực hiện nghĩa vụ tài chính"
    RUT_HO_SO = "7", "Công dân yêu cầu rút hồ sơ"
    DUNG_XU_LY = "8", "Dừng xử lý"
    DA_XU_LY = "9", "Đã xử lý xong (chờ trả)"
    DA_TRA = "10", "Đã trả kết quả"


class Timeliness(models.TextChoices):
    """How a resolved dossier met its due date (the «late flag»), kept so statistics need no date arithmetic."""

    TRUOC_HAN = "truoc_han", "Trước hạn"
    DUNG_HAN = "dung_han", "Đúng hạn"
    QUA_HAN = "qua_han", "Quá hạn"


def timeliness(dossier):
    """Early: resolved before the due day; on time: by the due time; late: after it."""
    if dossier.finished_at > dossier.due_at:
        return Timeliness.QUA_HAN
    if timezone.localdate(dossier.finished_at) < timezone.localdate(dossier.due_at):
        return Timeliness.TRUOC_HAN
    return Timeliness.DUNG_HAN


RESOLVED = [Status.DA_XU_LY, Status.DA_TRA]
WITHDRAWN = [Status.KHONG_TIEP_NHAN, Status.RUT_HO_SO, Status.DUNG_XU_LY]
OPEN = [s for s in Status if s not in RESOLVED and s not in WITHDRAWN]


def end_of_local_day(moment):
    """The first instant of the day after ``moment``'s day in the unit's time zone."""
    day = timezone.localtime(moment).date() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, time.min))


class DossierQuerySet(UnitQuerySet):
    def open(self):
        return self.filter(status__in=OPEN)

    def overdue(self, now=None):
        """Open dossiers past their due date (an apology slip's new date does not make them on time)."""
        return self.open().filter(due_at__lt=now or timezone.now())

    def due_today(self, now=None):
        """Open dossiers due later today (those due earlier today are already overdue)."""
        now = now or timezone.now()
        return self.open().filter(due_at__gte=now, due_at__lt=end_of_local_day(now))

    def finished_late(self):
        return self.filter(status__in=RESOLVED, finished_at__gt=F("due_at"))


class Dossier(UnitOwned, TimeStampedModel):
    """A dossier (hồ sơ) received by a unit's one-stop desk. The applicant's details never leave the admin."""

    code = models.CharField("mã hồ sơ", max_length=40, validators=[dossier_code_validator])
    procedure = models.ForeignKey(
        Procedure, on_delete=models.PROTECT, related_name="dossiers", verbose_name="thủ tục"
    )
    channel = models.CharField("kênh nộp", max_length=12, choices=Channel.choices, default=Channel.TRUC_TIEP)
    received_at = models.DateTimeField("thời gian tiếp nhận")
    due_at = models.DateTimeField(
        "ngày hẹn trả",
        blank=True,
        help_text=(
            "Để trống để tính theo thời hạn của thủ tục: hết giờ làm việc của ngày làm việc cuối cùng "
            "(thủ tục trong ngày nhận sau 15 giờ thì hẹn ngày làm việc tiếp theo)."
        ),
    )
    finished_at = models.DateTimeField(
        "thời gian kết thúc xử lý",
        null=True,
        blank=True,
        help_text="Khi có kết quả, hoặc khi hồ sơ bị trả lại, rút, dừng xử lý.",
    )
    returned_at = models.DateTimeField("thời gian trả kết quả", null=True, blank=True)
    status = models.CharField(
        "trạng thái", max_length=2, choices=Status.choices, default=Status.DUOC_TIEP_NHAN
    )
    timeliness = models.CharField(
        "tiến độ",
        max_length=10,
        choices=Timeliness.choices,
        blank=True,
        editable=False,
        help_text="Tính khi lưu.",
    )
    apology_issued_at = models.DateTimeField("ngày gửi phiếu xin lỗi", null=True, blank=True)
    apology_reason = models.TextField("lý do trễ hạn", blank=True)
    apology_new_due_at = models.DateTimeField("ngày hẹn trả mới", null=True, blank=True)
    # Điều 15 khoản 1 điểm g, Nghị định 224/2026/NĐ-CP: who received and who handles the dossier is public
    received_by = models.CharField(
        "cán bộ tiếp nhận",
        max_length=150,
        blank=True,
        help_text="Họ tên công chức tiếp nhận hồ sơ (công khai).",
    )
    handling_agency = models.CharField(
        "cơ quan đang xử lý",
        max_length=250,
        blank=True,
        help_text="Để trống là cơ quan thực hiện của thủ tục. Mỗi lần đổi được ghi vào lịch sử xử lý.",
    )
    handled_by = models.CharField(
        "cán bộ đang xử lý", max_length=150, blank=True, help_text="Họ tên công chức đang xử lý (công khai)."
    )
    result_online = models.BooleanField(
        "trả kết quả trực tuyến",
        default=False,
        db_default=False,  # rows written by SQL (the benchmarks' INSERT … SELECT) are not returned online
        help_text="Kết quả được trả qua Cổng dịch vụ công (bản điện tử), không phải đến nhận tại Bộ phận Một cửa.",
    )
    applicant_name = models.CharField("họ tên người nộp", max_length=150)
    applicant_phone = models.CharField("điện thoại người nộp", max_length=20, blank=True)
    applicant_id_number = models.CharField("số giấy tờ tùy thân", max_length=20, blank=True)
    applicant_email = models.EmailField(
        "thư điện tử người nộp",
        blank=True,
        help_text="Nếu người nộp muốn được báo tin: mỗi khi hồ sơ chuyển bước, cổng gửi thư có mã hồ sơ, "
        "trạng thái mới và đường tra cứu (không kèm nội dung hồ sơ).",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name="người sửa sau cùng",
    )
    # Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15: the applicant asked for removal (done when the dossier is
    # finished), and when their data was removed (procedures.privacy)
    removal_requested_at = models.DateTimeField(
        "yêu cầu xóa dữ liệu lúc", null=True, blank=True, editable=False
    )
    anonymised_at = models.DateTimeField("đã ẩn danh lúc", null=True, blank=True, editable=False)

    objects = UnitManager.from_queryset(DossierQuerySet)()

    class Meta(UnitOwned.Meta):
        verbose_name = "hồ sơ"
        verbose_name_plural = "hồ sơ"
        ordering = ["-received_at"]
        permissions = [("view_applicant", "Xem thông tin cá nhân của người nộp hồ sơ")]
        constraints = [models.UniqueConstraint(fields=["unit", "code"], name="dossier_code_per_unit")]
        indexes = [
            models.Index(fields=["unit", "received_at"], name="dossier_unit_received"),
        ]

    def __str__(self):
        return self.code

    def clean(self):
        errors = {}
        if self.status in OPEN and self.finished_at:
            errors["finished_at"] = (
                "Hồ sơ đang giải quyết thì chưa có thời gian kết thúc xử lý; hãy đổi trạng thái."
            )
        for name in ("finished_at", "returned_at", "due_at"):
            value = getattr(self, name)
            if value and self.received_at and value < self.received_at:
                errors[name] = "Thời điểm này không được trước thời gian tiếp nhận."
        if self.apology_new_due_at and not self.apology_reason:
            errors["apology_reason"] = "Phiếu xin lỗi phải nêu lý do trễ hạn."
        if self.received_at and self.received_at > timezone.now() + timedelta(minutes=5):
            errors["received_at"] = "Thời gian tiếp nhận không được ở tương lai."
        if errors:
            raise ValidationError(errors)

    def _derive(self):
        """What a save works out from the rest: the finishing time, the due time, the timeliness."""
        if self.status not in OPEN and self.finished_at is None:
            self.finished_at = timezone.now()
        if self.due_at is None and self.received_at and self.procedure_id:
            self.due_at = due_at(self.received_at, self.procedure.processing_days)
        self.timeliness = timeliness(self) if self.status in RESOLVED else ""

    @classmethod
    def create_many(cls, dossiers, batch_size=1000):
        """Save new ``dossiers`` of the unit in scope as ``save`` would, with their first steps, a batch of
        rows per INSERT (an import of 100,000 rows: two statements a thousand, not two a row). No signal is
        sent: the caller moves the unit's content version (portal.cache), which is all they would do."""
        from portal.text import normalise_instance_text

        unit = units.current()
        for dossier in dossiers:
            dossier.unit = unit
            dossier._derive()
            normalise_instance_text(dossier)
        cls.objects.bulk_create(dossiers, batch_size=batch_size)
        DossierStep.objects.bulk_create(
            [step for dossier in dossiers for step in dossier._steps(None)], batch_size=batch_size * 2
        )

    def save(self, *args, **kwargs):
        self._derive()
        before = None
        if self.pk is not None:
            before = Dossier._base_manager.filter(pk=self.pk).values(*STEP_FIELDS).first()
        super().save(*args, **kwargs)
        self._record_steps(before)
        if (
            self.applicant_email
            and self.anonymised_at is None
            and (before or {}).get("status") != self.status
        ):
            from procedures.notifications import dossier_moved

            dossier_moved(self)

    def _record_steps(self, before):
        """Each change of status or of who handles the dossier becomes a step of its history."""
        steps = self._steps(before)
        if steps:
            DossierStep.objects.bulk_create(steps)

    def _steps(self, before):
        now = {name: getattr(self, name) for name in STEP_FIELDS}
        if before == now:
            return []
        if before is None:  # received by the desk, at the time of reception
            first = Status.MOI_DANG_KY if self.status == Status.MOI_DANG_KY else Status.DUOC_TIEP_NHAN
            unit = units.unit_by_id(self.unit_id) or units.current()
            desk = f"Bộ phận Một cửa {unit.unit_name}".strip()
            steps = [self._step(first, self.received_at, agency=desk, officer=self.received_by)]
            if self.status != first:  # registered already further on (an import): an open step from reception
                at = self.received_at if self.status in OPEN else self._moment_of(self.status)
                steps.append(self._step(self.status, at))
        else:
            steps = [self._step(self.status, self._moment_of(self.status))]
        return steps

    def _step(self, status, at, agency=None, officer=None):
        return DossierStep(
            unit_id=self.unit_id,
            dossier=self,
            status=status,
            at=at or timezone.now(),
            agency=self.agency_name if agency is None else agency,
            officer=self.handled_by if officer is None else officer,
        )

    def _moment_of(self, status):
        if status == Status.DA_TRA and self.returned_at:
            return self.returned_at
        if status not in OPEN and self.finished_at:
            return self.finished_at
        return timezone.now()

    @property
    def agency_name(self):
        """The agency handling the dossier: as recorded, else the procedure's implementing agency."""
        if self.handling_agency:
            return self.handling_agency
        agency = self.procedure.implementing_agency if self.procedure_id else None
        return agency.name if agency else ""

    def timeline(self):
        """The steps a citizen sees, oldest first; for a dossier from before steps were kept, the times it has."""
        steps = list(self.steps.all())
        if steps:
            return steps
        derived = [DossierStep(status=Status.DUOC_TIEP_NHAN, at=self.received_at, officer=self.received_by)]
        if self.status in OPEN and self.status != Status.DUOC_TIEP_NHAN:
            derived.append(DossierStep(status=self.status, at=self.updated_at, agency=self.agency_name))
        elif self.finished_at:
            derived.append(DossierStep(status=self.status, at=self._moment_of(self.status)))
        return derived

    @property
    def is_resolved(self):
        return self.status in RESOLVED

    @property
    def is_open(self):
        return self.status in OPEN

    @property
    def is_late(self):
        """Late: resolved after the due time, or still open past it."""
        if self.is_resolved:
            return self.timeliness == Timeliness.QUA_HAN
        if self.is_open:
            return timezone.now() > self.due_at
        return False


STEP_FIELDS = ["status", "handling_agency", "handled_by"]


class DossierStep(UnitOwned):
    """A step in a dossier's handling, shown to the citizen who looks the dossier up (Điều 15 khoản 1 điểm g,
    Nghị định 224/2026/NĐ-CP): its status, when, the agency and the officer. Saving a dossier with a new
    status or a new handler adds one; staff may add or correct steps by hand."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="steps", verbose_name="hồ sơ")
    at = models.DateTimeField("thời điểm")
    status = models.CharField("trạng thái", max_length=2, choices=Status.choices)
    agency = models.CharField("cơ quan", max_length=250, blank=True)
    officer = models.CharField("cán bộ", max_length=150, blank=True)
    note = models.CharField(
        "ghi chú công khai",
        max_length=300,
        blank=True,
        help_text="Hiện trên trang tra cứu: không ghi thông tin cá nhân của người nộp.",
    )

    class Meta(UnitOwned.Meta):
        verbose_name = "bước xử lý"
        verbose_name_plural = "lịch sử xử lý"
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["dossier", "at"], name="dossier_step_time")]

    def __str__(self):
        return f"{self.get_status_display()} – {timezone.localtime(self.at):%d/%m/%Y %H:%M}"


# --- Service quality (Điều 19 khoản 2, Nghị định 224/2026/NĐ-CP; Điều 34 khoản 2, Luật Chuyển đổi số) -------


class Score(models.IntegerChoices):
    VERY_BAD = 1, "Rất không hài lòng"
    BAD = 2, "Không hài lòng"
    FAIR = 3, "Bình thường"
    GOOD = 4, "Hài lòng"
    VERY_GOOD = 5, "Rất hài lòng"


class CommentStatus(models.TextChoices):
    PENDING = "cho_duyet", "Chờ duyệt"
    PUBLISHED = "da_duyet", "Đã duyệt, được công khai"
    HIDDEN = "an", "Không công khai"


class DossierRating(UnitOwned, TimeStampedModel):
    """A citizen's rating of a finished dossier, once per dossier: the satisfaction figure of the service.

    The citizen proves it is theirs with the dossier's code and the phone number they gave the desk; nothing
    else about them is kept here. A comment is shown publicly only after staff approve it."""

    dossier = models.OneToOneField(
        Dossier, on_delete=models.CASCADE, related_name="rating", verbose_name="hồ sơ"
    )
    score = models.PositiveSmallIntegerField("mức độ hài lòng", choices=Score.choices)
    comment = models.TextField("ý kiến", max_length=1000, blank=True)
    comment_status = models.CharField(
        "duyệt ý kiến", max_length=10, choices=CommentStatus.choices, default=CommentStatus.PENDING
    )
    consented_at = models.DateTimeField("thời điểm đồng ý xử lý dữ liệu", null=True, blank=True)

    class Meta(UnitOwned.Meta):
        verbose_name = "đánh giá hồ sơ"
        verbose_name_plural = "đánh giá mức độ hài lòng"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["unit", "created_at"], name="rating_unit_created")]

    def __str__(self):
        return f"{self.dossier.code}: {self.score}/5"


class ServiceCommitment(OnePerUnit, TimeStampedModel):
    """The unit's service-quality commitment, how to report a fault and how faults are handled (one per unit).

    A blank text shows the platform's default, written for any unit (procedures.quality)."""

    commitment = models.TextField("cam kết chất lượng dịch vụ", blank=True)
    how_to_report = models.TextField("cách báo sự cố", blank=True)
    handling = models.TextField("quy trình xử lý sự cố", blank=True)
    improvements = models.TextField(
        "những điều đã cải thiện", blank=True, help_text="Mỗi dòng một việc, mới nhất trước."
    )

    class Meta(UnitOwned.Meta):
        verbose_name = "cam kết chất lượng dịch vụ"
        verbose_name_plural = "cam kết chất lượng dịch vụ"
        constraints = [models.UniqueConstraint(fields=["unit"], name="service_commitment_one_per_unit")]

    def __str__(self):
        return "Cam kết chất lượng dịch vụ"


class ServiceFault(UnitOwned, TimeStampedModel):
    """A fault of the unit's online services (the portal, online submission, the lookup), published with
    its times, how it was handled and what was improved."""

    started_at = models.DateTimeField("bắt đầu")
    ended_at = models.DateTimeField(
        "khắc phục xong", null=True, blank=True, help_text="Để trống khi chưa xong."
    )
    summary = models.CharField("sự cố", max_length=300)
    handling = models.TextField("cách xử lý", blank=True)
    improvement = models.TextField("cải thiện sau sự cố", blank=True)
    is_published = models.BooleanField("công khai", default=True)

    class Meta(UnitOwned.Meta):
        verbose_name = "sự cố dịch vụ"
        verbose_name_plural = "sự cố dịch vụ"
        ordering = ["-started_at"]

    def __str__(self):
        return self.summary

    def clean(self):
        if self.ended_at and self.started_at and self.ended_at < self.started_at:
            raise ValidationError({"ended_at": "Thời điểm khắc phục xong không được trước lúc bắt đầu."})

    @property
    def duration(self):
        return (self.ended_at - self.started_at) if self.ended_at else None


class MonthlyFigures(UnitOwned):
    """The service-quality roll-up of one unit, month and field, written by ``rollup_service_quality``.

    Pages read these rows, never the dossier register: received counts by the month of reception, resolved
    ones by the month they were resolved, ratings by the month they were given. ``days`` counts resolved
    dossiers by the working days they took ({"3": 12, …}), so that any span's 90th percentile is exact to
    the day. The procedure counts are the unit's catalogue as it stood when the month was last rolled up."""

    month = models.DateField("tháng")
    field = models.ForeignKey(Field, on_delete=models.CASCADE, related_name="+", verbose_name="lĩnh vực")
    procedures = models.PositiveIntegerField("số thủ tục", default=0)
    procedures_full = models.PositiveIntegerField("thủ tục trực tuyến toàn trình", default=0)
    procedures_partial = models.PositiveIntegerField("thủ tục trực tuyến một phần", default=0)
    received = models.PositiveIntegerField("tiếp nhận", default=0)
    received_online = models.PositiveIntegerField("tiếp nhận trực tuyến", default=0)
    resolved = models.PositiveIntegerField("đã giải quyết", default=0)
    resolved_online = models.PositiveIntegerField("giải quyết trực tuyến", default=0)
    on_time = models.PositiveIntegerField("trước và đúng hạn", default=0)
    late = models.PositiveIntegerField("quá hạn", default=0)
    days_total = models.PositiveIntegerField("tổng ngày làm việc đã dùng", default=0)
    legal_days_total = models.PositiveIntegerField("tổng thời hạn theo quy định", default=0)
    days = models.JSONField("phân bố số ngày", default=dict)
    ratings = models.PositiveIntegerField("lượt đánh giá", default=0)
    rating_total = models.PositiveIntegerField("tổng điểm đánh giá", default=0)
    satisfied = models.PositiveIntegerField("hài lòng trở lên", default=0)
    rolled_up_at = models.DateTimeField("cập nhật lúc")

    class Meta(UnitOwned.Meta):
        verbose_name = "số liệu tháng"
        verbose_name_plural = "số liệu chất lượng theo tháng"
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "month", "field"], name="monthly_figures_unit_month_field"
            )
        ]

    def __str__(self):
        return f"{self.month:%m/%Y} – {self.field_id}"


# --- Imports from files, run in the background (procedures.imports) -------------------------------------


class ImportKind(models.TextChoices):
    PROCEDURES = "thu_tuc", "Thủ tục hành chính"
    DOSSIERS = "ho_so", "Hồ sơ"


class ImportStatus(models.TextChoices):
    WAITING = "cho", "Chờ"
    RUNNING = "dang_chay", "Đang chạy"
    DONE = "xong", "Xong"
    FAILED = "loi", "Lỗi"
    CANCELLED = "da_huy", "Đã hủy"


ACTIVE_IMPORT = (ImportStatus.WAITING, ImportStatus.RUNNING)


def import_file_path(run, filename):
    """Under the private root, by unit and month, with an unguessable name (the original name is a field)."""
    extension = os.path.splitext(filename)[1].lower()
    extension = extension if extension in {".csv", ".json", ".xlsx"} else ""
    return f"nhap-tu-tep/{run.unit_id}/{timezone.localtime():%Y/%m}/{uuid.uuid4().hex}{extension}"


class ImportRun(UnitOwned, TimeStampedModel):
    """One import of a file from the admin's «Nhập từ tệp» page, run as a background task: who, what, the
    file (kept in private storage), where it stands and what it changed (procedures.imports)."""

    changes_pages = False  # progress is written often; no public page shows it (portal.cache)

    kind = models.CharField("loại dữ liệu", max_length=10, choices=ImportKind.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người nhập",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    file_name = models.CharField("tên tệp", max_length=255)
    file = models.FileField(
        "tệp đã tải lên", upload_to=import_file_path, storage=private_storage, max_length=200
    )
    status = models.CharField(
        "trạng thái", max_length=10, choices=ImportStatus.choices, default=ImportStatus.WAITING
    )
    cancel_requested = models.BooleanField("đã yêu cầu hủy", default=False)
    # a dry run checks the file and says what it would change, writing nothing (issue 17.4)
    dry_run = models.BooleanField("chạy thử", default=False)
    changes = models.JSONField("sẽ thay đổi (chạy thử)", default=dict, blank=True)
    total_rows = models.PositiveIntegerField("tổng số dòng", null=True, blank=True)
    rows_checked = models.PositiveIntegerField("số dòng đã kiểm tra", default=0)
    rows_to_write = models.PositiveIntegerField("số dòng cần ghi", null=True, blank=True)
    rows_written = models.PositiveIntegerField("số dòng đã ghi", default=0)
    error_count = models.PositiveIntegerField("số lỗi", default=0)
    errors = models.JSONField("các lỗi", default=list, blank=True)
    created_count = models.PositiveIntegerField("thêm mới", default=0)
    updated_count = models.PositiveIntegerField("cập nhật", default=0)
    unchanged_count = models.PositiveIntegerField("không đổi", default=0)
    message = models.TextField("thông báo", blank=True)
    started_at = models.DateTimeField("bắt đầu lúc", null=True, blank=True)
    finished_at = models.DateTimeField("kết thúc lúc", null=True, blank=True)
    task_id = models.CharField("mã tác vụ nền", max_length=64, blank=True)

    class Meta(UnitOwned.Meta):
        verbose_name = "lần nhập từ tệp"
        verbose_name_plural = "lần nhập từ tệp"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["unit", "-created_at"], name="import_run_unit_time")]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.file_name}"

    @property
    def is_active(self):
        return self.status in ACTIVE_IMPORT

    @property
    def is_writing(self):
        return self.status == ImportStatus.RUNNING and self.rows_to_write is not None

    def summary(self):
        """The words of the import's report (exchange.Report.summary); a dry run's in the conditional."""
        if self.dry_run:
            return (
                f"Chạy thử: sẽ thêm mới {self.created_count}, cập nhật {self.updated_count}, không đổi "
                f"{self.unchanged_count}, lỗi {self.error_count}; chưa ghi gì."
            )
        return (
            f"Thêm mới {self.created_count}, cập nhật {self.updated_count}, không đổi {self.unchanged_count}, "
            f"lỗi {self.error_count}."
        )

    @property
    def may_run_for_real(self):
        """A dry run that found something to write (and, for dossiers, no bad row): it may be imported."""
        if (
            not self.dry_run
            or self.status != ImportStatus.DONE
            or not (self.created_count or self.updated_count)
        ):
            return False
        return self.kind == ImportKind.PROCEDURES or not self.error_count

    def fraction_done(self):
        """The share of the work done: each row is checked, then each row to write is written."""
        if not self.total_rows:
            return 0.0
        to_write = self.rows_to_write if self.rows_to_write is not None else self.total_rows
        work = self.total_rows + to_write
        return min(1.0, (self.rows_checked + self.rows_written) / work) if work else 1.0

    def seconds_left(self, now=None):
        """Time left at the rate so far, or None when it cannot be told yet."""
        if self.status != ImportStatus.RUNNING or not self.started_at:
            return None
        done = self.fraction_done()
        if done <= 0 or done >= 1:
            return None
        elapsed = ((now or timezone.now()) - self.started_at).total_seconds()
        return max(0, round(elapsed * (1 - done) / done))


def export_file_path(run, filename):
    """Under the private root, by unit and month, with an unguessable name."""
    return f"xuat-ho-so/{run.unit_id}/{timezone.localtime():%Y/%m}/{uuid.uuid4().hex}{os.path.splitext(filename)[1]}"


class DossierExport(UnitOwned, TimeStampedModel):
    """A big export of the dossier register (more rows than a web request should build), made by a background
    task: the list's filters as they were (the query itself, pickled), who asked, and the file once made,
    kept in private storage for who asked (procedures.imports.export_dossiers)."""

    changes_pages = False

    KINDS = [("xlsx", "Excel (.xlsx)"), ("csv", "CSV")]
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người yêu cầu", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField("loại tệp", max_length=4, choices=KINDS)
    label = models.CharField("nội dung", max_length=300)
    query = models.BinaryField("điều kiện lọc", editable=False)
    personal = models.BooleanField("kèm thông tin người nộp", default=False)
    status = models.CharField(
        "trạng thái", max_length=10, choices=ImportStatus.choices, default=ImportStatus.WAITING
    )
    row_count = models.PositiveIntegerField("số hồ sơ", null=True, blank=True)
    file = models.FileField(
        "tệp", upload_to=export_file_path, storage=private_storage, max_length=200, blank=True
    )
    finished_at = models.DateTimeField("xong lúc", null=True, blank=True)
    message = models.TextField("thông báo", blank=True)

    class Meta(UnitOwned.Meta):
        verbose_name = "tệp xuất hồ sơ"
        verbose_name_plural = "tệp xuất hồ sơ"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.label} ({self.get_kind_display()})"
