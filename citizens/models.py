"""Contacts and hotlines, citizen reception, feedback (phản ánh, kiến nghị), Q&A and the "was this useful" box."""

import os
import re
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from PIL import Image

from portal import private_files
from portal.cache import cached
from portal.images import already_stored, clean_original, unguessable, validate_photo
from portal.models import TimeStampedModel, phone_validator
from portal.text import fold, normalise_phone
from portal.units import OnePerUnit, UnitManager, UnitOwned, UnitQuerySet

PORTRAIT_SIZE = (480, 640)


def portrait_path(instance, filename):
    return "lanh-dao/" + unguessable(filename)


class OfficialQuerySet(UnitQuerySet):
    def active(self):
        return self.filter(is_active=True).order_by("order", "pk")

    def leaders(self):
        return self.active().filter(is_leader=True)


class Official(UnitOwned, TimeStampedModel):
    """A leader or contact official and how to reach them (the leaders are among what Nghị định 224/2026/NĐ-CP
    Điều 9 khoản 1 điểm c asks a People's Committee to publish)."""

    name = models.CharField("họ và tên", max_length=120)
    title = models.CharField("chức vụ", max_length=150)
    title_en = models.CharField(
        "chức vụ (tiếng Anh)", max_length=150, blank=True, help_text="Hiện ở trang tiếng Anh /en/contact/."
    )
    # "unit" is the unit the record belongs to (UnitOwned); this is where the person works
    workplace = models.CharField("đơn vị công tác", max_length=200)
    phone = models.CharField("điện thoại", max_length=20, blank=True, validators=[phone_validator])
    email = models.EmailField("thư điện tử", blank=True)
    is_leader = models.BooleanField("lãnh đạo", default=False)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    is_active = models.BooleanField("đang hiện", default=True)
    # a leader's own page (Điều 9 khoản 1 điểm c: a short biography and the duties of each leader)
    photo = models.ImageField(
        "ảnh chân dung",
        upload_to=portrait_path,
        blank=True,
        validators=[validate_photo],
        help_text="Ảnh JPEG, PNG hoặc WebP, tối đa 10 MB; được thu về 480 × 640 điểm ảnh và xóa thông tin ẩn "
        "(vị trí, máy chụp).",
    )
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    term = models.CharField("nhiệm kỳ", max_length=50, blank=True, help_text="Như «2021 – 2026».")
    biography = models.TextField(
        "tiểu sử tóm tắt",
        blank=True,
        help_text="Năm sinh, quê quán, dân tộc, trình độ, quá trình công tác; mỗi ý một dòng.",
    )
    duties = models.TextField(
        "nhiệm vụ được phân công",
        blank=True,
        help_text="Lĩnh vực phụ trách, địa bàn theo dõi; mỗi ý một dòng.",
    )

    objects = UnitManager.from_queryset(OfficialQuerySet)()

    class Meta(UnitOwned.Meta):
        verbose_name = "lãnh đạo, cán bộ đầu mối"
        verbose_name_plural = "lãnh đạo, cán bộ đầu mối"
        ordering = ["order", "pk"]

    def __str__(self):
        return f"{self.name} — {self.title}"

    def save(self, *args, **kwargs):
        if self.photo and not already_stored(self.photo):  # a new portrait: cleaned and made small, once
            cleaned = clean_original(self.photo.file, max_size=PORTRAIT_SIZE)
            with Image.open(cleaned) as image:
                self.photo_width, self.photo_height = image.size
            cleaned.seek(0)
            self.photo.save(os.path.basename(self.photo.name), cleaned, save=False)
        elif not self.photo:
            self.photo_width = self.photo_height = None
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("leader", args=[self.pk])

    def lines(self, field):
        """The non-empty lines of ``biography`` or ``duties``: one fact or one duty each."""
        return [line.strip(" -•\t") for line in getattr(self, field).splitlines() if line.strip(" -•\t")]

    def biography_lines(self):
        return self.lines("biography")

    def duty_lines(self):
        return self.lines("duties")


class ContactOffice(UnitOwned, TimeStampedModel):
    """An office citizens may contact (Văn phòng, Bộ phận một cửa, Thanh tra…), shown on /lien-he/."""

    name = models.CharField("tên cơ quan, bộ phận", max_length=200)
    name_en = models.CharField("tên tiếng Anh", max_length=200, blank=True)
    handles = models.CharField(
        "tiếp nhận việc gì", max_length=250, blank=True, help_text="Như «Hồ sơ thủ tục hành chính»."
    )
    address = models.CharField("địa chỉ", max_length=250, blank=True)
    phone = models.CharField("điện thoại", max_length=20, blank=True, validators=[phone_validator])
    email = models.EmailField("thư điện tử", blank=True)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    is_active = models.BooleanField("đang hiện", default=True)

    objects = UnitManager.from_queryset(OfficialQuerySet)()

    class Meta(UnitOwned.Meta):
        verbose_name = "cơ quan, bộ phận liên hệ"
        verbose_name_plural = "cơ quan, bộ phận liên hệ"
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name


class Hotline(UnitOwned, TimeStampedModel):
    """A published dedicated number (Nghị định 20/2008 Điều 7: phone feedback only through such a number)."""

    name = models.CharField(
        "tên đường dây nóng", max_length=150, help_text="Như «Đường dây nóng của Chủ tịch UBND»."
    )
    name_en = models.CharField("tên tiếng Anh", max_length=150, blank=True)
    number = models.CharField("số điện thoại", max_length=20, validators=[phone_validator])
    note = models.CharField("ghi chú", max_length=250, blank=True, help_text="Như giờ nghe máy, người trực.")
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    is_active = models.BooleanField("đang hiện", default=True)

    objects = UnitManager.from_queryset(OfficialQuerySet)()

    class Meta(UnitOwned.Meta):
        verbose_name = "đường dây nóng"
        verbose_name_plural = "đường dây nóng"
        ordering = ["order", "pk"]

    def __str__(self):
        return f"{self.name}: {self.number}"


class CitizenSettings(OnePerUnit, TimeStampedModel):
    """One row per unit: what its contact, reception and feedback pages need beyond the unit's settings."""

    map_url = models.URLField(
        "đường dẫn bản đồ",
        max_length=500,
        blank=True,
        help_text="Liên kết tới bản đồ trụ sở (mở ở trang khác).",
    )
    name_en = models.CharField("tên cơ quan (tiếng Anh)", max_length=200, blank=True)
    address_en = models.CharField("địa chỉ (tiếng Anh)", max_length=250, blank=True)
    about_en = models.TextField("giới thiệu (tiếng Anh)", blank=True)
    working_hours_en = models.TextField("giờ làm việc (tiếng Anh)", blank=True)
    reception_place = models.CharField(
        "nơi tiếp công dân",
        max_length=250,
        blank=True,
        help_text="Như «Phòng Tiếp công dân, tầng 1, trụ sở UBND».",
    )
    reception_hours = models.TextField("thời gian tiếp công dân thường xuyên", blank=True)
    feedback_due_days = models.PositiveSmallIntegerField(
        "thời hạn trả lời phản ánh (ngày làm việc)",
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text="Hạn xử lý mặc định của phản ánh, kiến nghị mới, tính theo ngày làm việc.",
    )

    class Meta(UnitOwned.Meta):
        verbose_name = "cấu hình liên hệ, tiếp dân"
        verbose_name_plural = "cấu hình liên hệ, tiếp dân"
        constraints = [models.UniqueConstraint(fields=["unit"], name="citizen_settings_one_per_unit")]

    def __str__(self):
        return "Cấu hình liên hệ, tiếp công dân, phản ánh"

    @classmethod
    def load(cls):
        """The row of the unit in scope, or an unsaved blank one (cached per unit and content version)."""
        return cached("citizen-settings", lambda: cls.objects.first() or cls())


# --- Citizen reception (Luật Tiếp công dân 2013) ------------------------------------------------------------


class Weekday(models.IntegerChoices):
    MON = 0, "Thứ Hai"
    TUE = 1, "Thứ Ba"
    WED = 2, "Thứ Tư"
    THU = 3, "Thứ Năm"
    FRI = 4, "Thứ Sáu"


class ReceptionScheduleQuerySet(UnitQuerySet):
    def active(self):
        return self.filter(is_active=True).order_by("order", "pk")


def parse_month_days(value):
    return sorted({int(part) for part in value.replace(";", ",").split(",") if part.strip()})


class ReceptionSchedule(UnitOwned, TimeStampedModel):
    """The head's periodic reception: every given weekday, or on fixed days of each month."""

    presider = models.CharField("người chủ trì", max_length=200, help_text="Họ tên và chức vụ.")
    weekday = models.PositiveSmallIntegerField(
        "thứ trong tuần", choices=Weekday.choices, null=True, blank=True
    )
    month_days = models.CharField(
        "các ngày trong tháng",
        max_length=60,
        blank=True,
        help_text="Như «15, 25». Để trống nếu tiếp theo thứ trong tuần.",
    )
    start_time = models.TimeField("từ giờ", default=time(7, 30))
    end_time = models.TimeField("đến giờ", default=time(11, 30))
    place = models.CharField("địa điểm", max_length=250)
    participants = models.TextField("thành phần tham dự", blank=True)
    note = models.TextField(
        "ghi chú",
        blank=True,
        help_text="Như: trùng ngày nghỉ thì tiếp vào ngày làm việc kế tiếp; có thể ủy quyền cho Phó Chủ tịch.",
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    is_active = models.BooleanField("đang áp dụng", default=True)

    objects = UnitManager.from_queryset(ReceptionScheduleQuerySet)()

    class Meta(UnitOwned.Meta):
        verbose_name = "lịch tiếp định kỳ"
        verbose_name_plural = "lịch tiếp định kỳ"
        ordering = ["order", "pk"]

    def __str__(self):
        return f"{self.presider}: {self.rule}"

    @property
    def rule(self):
        if self.weekday is not None:
            return f"{Weekday(self.weekday).label} hằng tuần"
        days = ", ".join(str(d) for d in parse_month_days(self.month_days))
        return f"ngày {days} hằng tháng"

    def clean(self):
        from django.core.exceptions import ValidationError

        if (self.weekday is None) == (not self.month_days.strip()):
            raise ValidationError(
                "Chọn một thứ trong tuần hoặc ghi các ngày trong tháng (chỉ một trong hai)."
            )
        if self.month_days.strip():
            try:
                days = parse_month_days(self.month_days)
            except ValueError:
                raise ValidationError(
                    {"month_days": "Ghi các ngày bằng số, cách nhau bởi dấu phẩy, như «15, 25»."}
                ) from None
            if not days or any(d < 1 or d > 28 for d in days):
                raise ValidationError({"month_days": "Mỗi ngày phải từ 1 đến 28 (để tháng nào cũng có)."})
        if self.end_time <= self.start_time:
            raise ValidationError({"end_time": "Giờ kết thúc phải sau giờ bắt đầu."})

    def planned_dates(self, start, end):
        """Dates of the rule from ``start`` to ``end`` (both included), before holidays are taken into account."""
        if self.weekday is not None:
            day = start + timedelta(days=(self.weekday - start.weekday()) % 7)
            while day <= end:
                yield day
                day += timedelta(days=7)
            return
        days = parse_month_days(self.month_days)
        year, month = start.year, start.month
        while date(year, month, 1) <= end:
            for d in days:
                candidate = date(year, month, d)
                if start <= candidate <= end:
                    yield candidate
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)


class SessionStatus(models.TextChoices):
    PLANNED = "planned", "Theo lịch"
    POSTPONED = "postponed", "Hoãn"


class ReceptionSessionQuerySet(UnitQuerySet):
    def upcoming(self, today=None):
        return self.filter(date__gte=today or timezone.localdate()).order_by("date", "start_time")

    def past(self, today=None):
        return self.filter(date__lt=today or timezone.localdate()).order_by("-date", "-start_time")

    def this_week(self, today=None):
        """The sessions of the week (Monday to Sunday) of ``today``."""
        today = today or timezone.localdate()
        monday = today - timedelta(days=today.weekday())
        return self.filter(date__gte=monday, date__lte=monday + timedelta(days=6)).order_by(
            "date", "start_time"
        )


class ReceptionSession(UnitOwned, TimeStampedModel):
    """One reception day, published at least 05 working days before (Luật Tiếp công dân Điều 24)."""

    date = models.DateField("ngày tiếp")
    start_time = models.TimeField("từ giờ", default=time(7, 30))
    end_time = models.TimeField("đến giờ", default=time(11, 30))
    presider = models.CharField("người chủ trì", max_length=200, help_text="Họ tên và chức vụ.")
    place = models.CharField("địa điểm", max_length=250)
    participants = models.TextField("thành phần tham dự", blank=True)
    topics = models.TextField("nội dung dự kiến", blank=True)
    registration_deadline = models.DateField("hạn đăng ký", null=True, blank=True)
    status = models.CharField(
        "trạng thái", max_length=12, choices=SessionStatus.choices, default=SessionStatus.PLANNED
    )
    postponed_reason = models.CharField("lý do hoãn", max_length=300, blank=True)
    schedule = models.ForeignKey(
        ReceptionSchedule,
        verbose_name="thay cho buổi của lịch định kỳ",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text="Chọn khi buổi này thay (hoặc hoãn) buổi tiếp định kỳ cùng ngày.",
    )

    objects = UnitManager.from_queryset(ReceptionSessionQuerySet)()

    class Meta(UnitOwned.Meta):
        verbose_name = "buổi tiếp công dân"
        verbose_name_plural = "buổi tiếp công dân"
        ordering = ["-date", "-start_time"]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} — {self.presider}"

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.end_time and self.start_time and self.end_time <= self.start_time:
            errors["end_time"] = "Giờ kết thúc phải sau giờ bắt đầu."
        if self.status == SessionStatus.POSTPONED and not self.postponed_reason.strip():
            errors["postponed_reason"] = "Ghi lý do hoãn để công khai cho người dân."
        if self.registration_deadline and self.date and self.registration_deadline > self.date:
            errors["registration_deadline"] = "Hạn đăng ký không được sau ngày tiếp."
        if errors:
            raise ValidationError(errors)

    @property
    def is_postponed(self):
        return self.status == SessionStatus.POSTPONED

    @property
    def starts_at(self):
        return timezone.make_aware(datetime.combine(self.date, self.start_time))

    @property
    def ends_at(self):
        return timezone.make_aware(datetime.combine(self.date, self.end_time))


# --- The leaders' weekly work calendar (lịch công tác tuần) -----------------------------------------------

# Monday first, as Vietnamese calendars are (date.weekday(): 0 is Monday).
WEEKDAY_NAMES = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


def week_param(day):
    """The ISO week of ``day`` as the page's ``?tuan=`` value: 2020-W45."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


WEEK_PATTERN = re.compile(r"(\d{4})-W(\d{1,2})")
# The years a week page may show: enough for an archive and the plans ahead, not an endless walk of empty weeks.
FIRST_WEEK_YEAR = 2000


def parse_week(value, today):
    """The Monday of the ISO week ``value`` (2020-W45); ValueError when it is not one, or is too far off."""
    match = WEEK_PATTERN.fullmatch(value.strip().upper())
    if not match:
        raise ValueError(value)
    year, week = int(match[1]), int(match[2])
    if not FIRST_WEEK_YEAR <= year <= today.year + 2:
        raise ValueError(value)
    return date.fromisocalendar(year, week, 1)  # ValueError for week 0, or 53 in a year of 52


def monday_of(day):
    return day - timedelta(days=day.weekday())


class WorkEntryQuerySet(UnitQuerySet):
    def published(self):
        return self.filter(is_published=True)

    def between(self, first, last):
        """Entries from ``first`` to ``last`` (both included), in the order of the day."""
        return self.filter(day__gte=first, day__lte=last).order_by("day", "start_time", "pk")


class WorkEntry(UnitOwned, TimeStampedModel):
    """One item of the leaders' weekly work calendar that the office (Văn phòng) publishes: when, what,
    which leader chairs it, where, and who attends."""

    day = models.DateField("ngày")
    start_time = models.TimeField("giờ bắt đầu")
    end_time = models.TimeField("giờ kết thúc", null=True, blank=True)
    content = models.TextField("nội dung công việc", max_length=2000)
    leaders = models.ManyToManyField(
        Official,
        verbose_name="lãnh đạo chủ trì",
        blank=True,
        related_name="work_entries",
        help_text="Chọn trong danh sách lãnh đạo, cán bộ đầu mối của đơn vị.",
    )
    leader_text = models.CharField(
        "lãnh đạo chủ trì (ghi thêm)",
        max_length=250,
        blank=True,
        help_text="Khi người chủ trì không có trong danh sách, như «Thường trực HĐND xã».",
    )
    place = models.CharField("địa điểm", max_length=250)
    participants = models.TextField("thành phần tham dự", max_length=2000, blank=True)
    preparation = models.CharField(
        "chuẩn bị", max_length=250, blank=True, help_text="Đơn vị, bộ phận chuẩn bị nội dung, tài liệu."
    )
    is_published = models.BooleanField(
        "công bố", default=False, help_text="Chỉ các mục đã công bố hiện trên trang Lịch công tác."
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người sửa lần cuối",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = UnitManager.from_queryset(WorkEntryQuerySet)()

    class Meta(UnitOwned.Meta):
        verbose_name = "mục lịch công tác"
        verbose_name_plural = "lịch công tác tuần"
        ordering = ["-day", "start_time", "pk"]
        indexes = [models.Index(fields=["unit", "is_published", "day"], name="citizens_workentry_week")]

    def __str__(self):
        return f"{self.weekday_name} {self.day:%d/%m/%Y} {self.start_time:%H:%M} — {self.content[:60]}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.end_time and self.start_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": "Giờ kết thúc phải sau giờ bắt đầu."})

    @property
    def weekday_name(self):
        return WEEKDAY_NAMES[self.day.weekday()]

    @property
    def starts_at(self):
        return timezone.make_aware(datetime.combine(self.day, self.start_time))

    @property
    def ends_at(self):
        return timezone.make_aware(datetime.combine(self.day, self.end_time)) if self.end_time else None

    def leader_names(self):
        """Who chairs it, as the page shows it: the chosen officials (name, title), then the free text.
        Reads ``leaders`` through the prefetch the caller made."""
        names = [f"{o.name}, {o.title}" for o in self.leaders.all()]
        if self.leader_text:
            names.append(self.leader_text)
        return names

    def get_absolute_url(self):
        return f"{reverse('citizens:work-calendar')}?tuan={week_param(self.day)}#ngay-{self.day:%Y-%m-%d}"


# --- Feedback (phản ánh, kiến nghị — Nghị định 20/2008) ---------------------------------------------------


class FeedbackStatus(models.TextChoices):
    NEW = "new", "Mới"
    PROCESSING = "processing", "Đang xử lý"
    ANSWERED = "answered", "Đã trả lời"
    TRANSFERRED = "transferred", "Chuyển cơ quan khác"
    OUT_OF_SCOPE = "out_of_scope", "Không thuộc thẩm quyền"


OPEN_STATUSES = [FeedbackStatus.NEW, FeedbackStatus.PROCESSING]
CLOSED_STATUSES = [FeedbackStatus.ANSWERED, FeedbackStatus.TRANSFERRED, FeedbackStatus.OUT_OF_SCOPE]


DUE_SOON_DAYS = 3  # feedback due within this many days is "due soon" on the staff's home


class FeedbackQuerySet(UnitQuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def due_for_anonymising(self, cutoff):
        """Closed items still holding personal data, last updated before ``cutoff`` or whose sender asked for
        removal; open items never."""
        return self.filter(status__in=CLOSED_STATUSES, anonymised_at__isnull=True).filter(
            models.Q(updated_at__lt=cutoff) | models.Q(removal_requested_at__isnull=False)
        )

    def overdue(self, today=None):
        return self.open().filter(due_date__lt=today or timezone.localdate())

    def due_soon(self, today=None):
        """Open items due today or in the next DUE_SOON_DAYS days: the ones to answer first."""
        today = today or timezone.localdate()
        return self.open().filter(due_date__gte=today, due_date__lte=today + timedelta(days=DUE_SOON_DAYS))


class Feedback(UnitOwned, TimeStampedModel):
    """A citizen's feedback, followed by its tracking code. Name, address, phone, email and files are personal data."""

    changes_pages = False  # private, and no visitor may empty everyone's cache by sending it (portal.cache)

    code = models.CharField("mã theo dõi", max_length=20, editable=False)  # unique in its unit
    name = models.CharField("họ và tên", max_length=120)
    address = models.CharField("địa chỉ", max_length=250)
    phone = models.CharField("điện thoại", max_length=20)
    phone_digits = models.CharField("điện thoại (chữ số)", max_length=20, editable=False)
    email = models.EmailField("thư điện tử", blank=True)
    subject = models.CharField("tiêu đề", max_length=200)
    content = models.TextField("nội dung")
    procedure = models.ForeignKey(
        settings.PORTAL_PROCEDURE_MODEL,
        verbose_name="thủ tục hành chính liên quan",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedback",
    )
    consent_publish = models.BooleanField(
        "đồng ý công khai câu hỏi",
        default=False,
        help_text="Người gửi đồng ý đăng câu hỏi (không kèm thông tin cá nhân).",
    )
    status = models.CharField(
        "trạng thái", max_length=16, choices=FeedbackStatus.choices, default=FeedbackStatus.NEW, db_index=True
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="cán bộ xử lý",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    due_date = models.DateField("hạn xử lý", db_index=True)
    answer = models.TextField("nội dung trả lời", blank=True)
    answering_unit = models.CharField("đơn vị trả lời", max_length=200, blank=True)
    transferred_to = models.CharField(
        "chuyển đến cơ quan",
        max_length=200,
        blank=True,
        help_text="Khi chuyển cơ quan khác hoặc không thuộc thẩm quyền.",
    )
    answered_at = models.DateTimeField("trả lời lúc", null=True, blank=True)
    receipt_sent_at = models.DateTimeField("đã gửi thư xác nhận lúc", null=True, blank=True, editable=False)
    # Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15: the controller can show when the sender consented (Điều 9),
    # when they asked for removal, and when the personal data was removed (Điều 14)
    consented_at = models.DateTimeField(
        "đồng ý xử lý dữ liệu cá nhân lúc", null=True, blank=True, editable=False
    )
    removal_requested_at = models.DateTimeField(
        "yêu cầu xóa dữ liệu cá nhân lúc",
        null=True,
        blank=True,
        editable=False,
        help_text="Người gửi yêu cầu xóa khi phản ánh còn đang xử lý: thông tin cá nhân được xóa khi xử lý xong.",
    )
    anonymised_at = models.DateTimeField("đã ẩn danh lúc", null=True, blank=True, editable=False)
    mail_error = models.CharField("lỗi gửi thư", max_length=300, blank=True, editable=False)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người sửa lần cuối",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = UnitManager.from_queryset(FeedbackQuerySet)()

    class Meta(UnitOwned.Meta):
        verbose_name = "phản ánh, kiến nghị"
        verbose_name_plural = "phản ánh, kiến nghị"
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["unit", "code"], name="feedback_code_per_unit")]
        permissions = [("view_personal_data", "Xem thông tin cá nhân của người gửi phản ánh")]

    def __str__(self):
        return f"{self.code} — {self.subject}"

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.status == FeedbackStatus.ANSWERED and not self.answer.strip():
            errors["answer"] = "Ghi nội dung trả lời trước khi chuyển sang «Đã trả lời»."
        if self.status == FeedbackStatus.TRANSFERRED and not self.transferred_to.strip():
            errors["transferred_to"] = "Ghi tên cơ quan được chuyển đến."
        if self.status == FeedbackStatus.OUT_OF_SCOPE and not (
            self.answer.strip() or self.transferred_to.strip()
        ):
            errors["answer"] = (
                "Ghi lý do không thuộc thẩm quyền hoặc hướng dẫn người gửi đến cơ quan có thẩm quyền."
            )
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.phone_digits = normalise_phone(self.phone) or re.sub(r"\D", "", self.phone)
        super().save(*args, **kwargs)

    @property
    def is_anonymised(self):
        return self.anonymised_at is not None

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self):
        return self.is_open and self.due_date < timezone.localdate()


class DailyCounter(UnitOwned):
    """The last tracking-code number a unit gave out on a day; its row lock makes codes unique under concurrency."""

    changes_pages = False  # private, and no visitor may empty everyone's cache by sending it (portal.cache)

    day = models.DateField("ngày")
    last = models.PositiveIntegerField("số cuối", default=0)

    class Meta(UnitOwned.Meta):
        verbose_name = "bộ đếm mã phản ánh"
        verbose_name_plural = "bộ đếm mã phản ánh"
        constraints = [models.UniqueConstraint(fields=["unit", "day"], name="daily_counter_day_per_unit")]

    def __str__(self):
        return f"{self.day:%d/%m/%Y}: {self.last}"


@deconstructible
class PrivateStorage(private_files.PrivateStorage):
    """Files that are personal data (feedback attachments): the kernel's private storage, under the name the
    migrations give it."""


private_storage = PrivateStorage()


EXTENSIONS = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
    "image/gif": ".gif",
    "application/pdf": ".pdf",
}


def attachment_path(instance, filename):
    """A name made by the system (the citizen's file name is kept apart): code, position, real type."""
    ext = EXTENSIONS.get(instance.content_type, "")
    return f"phan-anh/{timezone.localdate():%Y/%m}/{instance.feedback.code}-{instance.position}{ext}"


class FeedbackAttachment(UnitOwned):
    changes_pages = False  # private, and no visitor may empty everyone's cache by sending it (portal.cache)
    feedback = models.ForeignKey(
        Feedback, verbose_name="phản ánh", on_delete=models.CASCADE, related_name="attachments"
    )
    position = models.PositiveSmallIntegerField("thứ tự", default=1)
    file = models.FileField("tệp", upload_to=attachment_path, storage=private_storage)
    original_name = models.CharField("tên tệp gốc", max_length=200)
    content_type = models.CharField("loại tệp", max_length=50)
    size = models.PositiveIntegerField("dung lượng (byte)")

    class Meta(UnitOwned.Meta):
        verbose_name = "tệp đính kèm"
        verbose_name_plural = "tệp đính kèm"
        ordering = ["position"]

    def __str__(self):
        return self.original_name

    def save(self, *args, **kwargs):
        if self.unit_id is None:  # a file is its feedback's, whatever unit the code saving it works in
            self.unit_id = self.feedback.unit_id
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        # in the admin, where the unit in scope is the one the staff member works in, whatever the host
        return reverse("admin:citizens_feedback_attachment", args=[self.feedback_id, self.pk])


# --- Q&A ------------------------------------------------------------------------------------------------------


class QuestionTopic(UnitOwned, TimeStampedModel):
    name = models.CharField("tên chủ đề", max_length=120)
    slug = models.SlugField("đường dẫn", max_length=140, help_text="Không trùng với chủ đề khác của đơn vị.")
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta(UnitOwned.Meta):
        verbose_name = "chủ đề hỏi đáp"
        verbose_name_plural = "chủ đề hỏi đáp"
        ordering = ["order", "name"]
        constraints = [models.UniqueConstraint(fields=["unit", "slug"], name="question_topic_slug_per_unit")]

    def __str__(self):
        return self.name


class QuestionQuerySet(UnitQuerySet):
    def published(self):
        return self.filter(is_published=True).order_by("-answered_on", "-pk")

    def search(self, query):
        folded = fold(query)
        if not folded:
            return self
        result = self
        for word in folded.split()[:8]:
            result = result.filter(search_text__contains=word)
        return result


class Question(UnitOwned, TimeStampedModel):
    """A published question and its answer, without personal data."""

    topic = models.ForeignKey(
        QuestionTopic, verbose_name="chủ đề", on_delete=models.PROTECT, related_name="questions"
    )
    title = models.CharField("tiêu đề", max_length=200)
    question = models.TextField("câu hỏi")
    answer = models.TextField("trả lời")
    answering_unit = models.CharField("đơn vị trả lời", max_length=200)
    answered_on = models.DateField("ngày trả lời")
    is_published = models.BooleanField("đã đăng", default=False)
    feedback = models.OneToOneField(
        Feedback,
        verbose_name="từ phản ánh",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="question",
    )
    search_text = models.TextField(editable=False, default="")

    objects = UnitManager.from_queryset(QuestionQuerySet)()

    class Meta(UnitOwned.Meta):
        verbose_name = "câu hỏi — trả lời"
        verbose_name_plural = "hỏi đáp"
        ordering = ["-answered_on", "-pk"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        super_fields = " ".join([self.title, self.question, self.answer, self.answering_unit])
        self.search_text = fold(super_fields)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("citizens:question", args=[self.pk])


# --- "Trang này có hữu ích không?" -------------------------------------------------------------------------


class UsefulnessVote(UnitOwned, TimeStampedModel):
    """One answer of a reader to "was this page useful", keyed by the page's path."""

    changes_pages = False  # private, and no visitor may empty everyone's cache by sending it (portal.cache)

    path = models.CharField("đường dẫn trang", max_length=300, db_index=True)
    title = models.CharField("tiêu đề trang", max_length=300)
    useful = models.BooleanField("hữu ích")
    comment = models.TextField("góp ý", max_length=1000, blank=True)

    class Meta(UnitOwned.Meta):
        verbose_name = "đánh giá trang"
        verbose_name_plural = "đánh giá trang"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.path}: {'có' if self.useful else 'không'}"


class UsefulnessReport(UsefulnessVote):
    """The votes summed per page (an admin report)."""

    class Meta:
        proxy = True
        verbose_name = "báo cáo hữu ích theo trang"
        verbose_name_plural = "báo cáo hữu ích theo trang"
