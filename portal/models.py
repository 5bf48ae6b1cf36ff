"""Site-wide models: the unit's settings, the links box and the visitor counter's storage."""

import logging
import re
from datetime import datetime, time

from axes.models import AccessAttempt
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property

from portal import units
from portal.cache import remembered
from portal.roles import ROLE_PERMISSIONS
from portal.text import normalise_instance_text
from portal.units import UnitManager, UnitOwned, UnitQuerySet

media_logger = logging.getLogger("portal.media")

phone_validator = RegexValidator(
    r"^[0-9+().\s-]{6,20}$",
    "Số điện thoại chỉ gồm chữ số, khoảng trắng và các dấu + . ( ) -, từ 6 đến 20 ký tự.",
)


@deconstructible
class MaxFileSize:
    """Validator: refuse an upload larger than ``megabytes`` with a Vietnamese message."""

    def __init__(self, megabytes):
        self.megabytes = megabytes

    def __call__(self, file):
        if file and file.size > self.megabytes * 1024 * 1024:
            raise ValidationError(
                f"Tệp quá lớn ({file.size / 1024 / 1024:.1f} MB). Dung lượng tối đa là {self.megabytes} MB.",
                code="file_too_large",
            )

    def __eq__(self, other):
        return isinstance(other, MaxFileSize) and other.megabytes == self.megabytes


# (storage location, name) → (present, checked until): what the last stats found, for MEDIA_PRESENCE_SECONDS
_presence = {}


def file_present(storage, name, what="ảnh"):
    """Whether the uploaded file ``name`` is really there. A stat, never an open: no page reads a file to
    show it. A missing file is logged as a warning (staff then upload it again) and the page goes without it.

    The answer is kept for MEDIA_PRESENCE_SECONDS in the process (a list page names a dozen photos in six
    sizes each: that many stats a view), so a file lost from the disk shows as lost within that time."""

    def look():
        try:
            if name and storage.exists(name):
                return True
        except (OSError, ValueError, SuspiciousFileOperation):
            pass
        media_logger.warning("Thiếu tệp %s trên máy chủ: %s", what, name)
        return False

    key = (getattr(storage, "location", ""), name)
    return remembered(_presence, key, look, settings.MEDIA_PRESENCE_SECONDS)


def present_url(field_file, what="ảnh"):
    """The URL of an uploaded file that is there; "" when there is none or its file is missing."""
    if not field_file or not file_present(field_file.storage, field_file.name, what):
        return ""
    return field_file.url


class TimeStampedModel(models.Model):
    """Base of the portal's models: creation and change times, and text stored in NFC."""

    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        normalise_instance_text(self)
        super().save(*args, **kwargs)


class UnitLevel(models.TextChoices):
    """The kinds of unit since 01/07/2025 (two levels of local government), and the district as it was."""

    TINH = "tinh", "Tỉnh"
    THANH_PHO = "thanh-pho", "Thành phố trực thuộc trung ương"
    XA = "xa", "Xã"
    PHUONG = "phuong", "Phường"
    DAC_KHU = "dac-khu", "Đặc khu"
    HUYEN = "huyen", "Huyện (trước 01/07/2025)"


PROVINCE_LEVELS = {UnitLevel.TINH, UnitLevel.THANH_PHO}
# mã đơn vị hành chính: 2 digits for a province, 5 for a commune, ward or special zone (3 for a district)
unit_code_validator = RegexValidator(
    r"^(\d{2}|\d{3}|\d{5})$", "Mã đơn vị hành chính gồm 2 chữ số (tỉnh) hoặc 5 chữ số (xã, phường, đặc khu)."
)


# "17 giờ 00", "17h", "17h30", "17:00"
CLOCK_RE = re.compile(r"(\d{1,2})\s*(?:giờ|h|:)\s*(\d{2})?", re.IGNORECASE)
DEFAULT_CLOSING_TIME = time(17, 0)
# months personal data is kept after its case is closed, unless the unit sets another period
DEFAULT_RETENTION_MONTHS = 24


class Unit(TimeStampedModel):
    """A province, commune, ward or special zone with its own site: its code, its place and all its site
    settings. Nothing about a unit is in code. Its host names are ``UnitHost`` rows; its staff are
    ``Membership`` rows."""

    code = models.CharField(
        "mã đơn vị hành chính",
        max_length=5,
        unique=True,
        validators=[unit_code_validator],
        help_text="Mã theo danh mục đơn vị hành chính Việt Nam: 2 chữ số cho tỉnh, 5 chữ số cho xã, phường.",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="tỉnh, thành phố",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text="Để trống với tỉnh, thành phố.",
    )
    unit_name = models.CharField(
        "tên đơn vị",
        max_length=150,
        help_text="Tên đầy đủ kèm cấp hành chính, như «Xã …», «Phường …», «Huyện …».",
    )
    unit_level = models.CharField("loại đơn vị", max_length=10, choices=UnitLevel.choices)
    parent_unit = models.CharField(
        "thuộc đơn vị", max_length=150, blank=True, help_text="Đơn vị cấp trên, như «Tỉnh …», «Thành phố …»."
    )
    authority_name = models.CharField(
        "cơ quan chủ quản", max_length=200, blank=True, help_text="Như «Ủy ban nhân dân xã …»."
    )
    portal_title = models.CharField(
        "tên cổng thông tin",
        max_length=200,
        help_text="Như «Cổng thông tin điện tử Xã …»; hiện trên thanh tiêu đề trình duyệt.",
    )
    welcome = models.CharField("lời chào", max_length=250, blank=True)
    emblem = models.ImageField(
        "biểu trưng (quốc huy)",
        upload_to="site/",
        blank=True,
        validators=[MaxFileSize(1)],
        help_text="Ảnh vuông PNG, WebP hoặc JPEG, tối đa 1 MB.",
    )
    banner = models.ImageField(
        "ảnh băng rôn đầu trang",
        upload_to="site/",
        blank=True,
        validators=[MaxFileSize(2)],
        help_text="Chỉ hiện trên màn hình rộng; khoảng 1200 × 160 điểm ảnh, tối đa 2 MB.",
    )
    address = models.CharField("địa chỉ", max_length=250, blank=True)
    phone = models.CharField("điện thoại", max_length=20, blank=True, validators=[phone_validator])
    fax = models.CharField("fax", max_length=20, blank=True, validators=[phone_validator])
    email = models.EmailField("thư điện tử", blank=True)
    hotline = models.CharField("đường dây nóng", max_length=20, blank=True, validators=[phone_validator])
    working_hours = models.TextField(
        "giờ làm việc",
        blank=True,
        help_text=(
            "Như «Buổi chiều: 13 giờ 30 – 17 giờ 00». Giờ muộn nhất ghi ở đây là giờ hẹn trả hồ sơ trong "
            "ngày hẹn; không ghi giờ nào thì hồ sơ hẹn trả lúc 17 giờ 00."
        ),
    )
    responsible_person = models.CharField(
        "người chịu trách nhiệm nội dung", max_length=200, blank=True, help_text="Họ tên và chức vụ."
    )
    licence = models.CharField("giấy phép", max_length=250, blank=True)
    # Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15: personal data is deleted when its purpose is met or its
    # retention period ends; `manage.py anonymise_personal_data` applies this period every day.
    retention_months = models.PositiveSmallIntegerField(
        "thời hạn lưu dữ liệu cá nhân (tháng)",
        default=DEFAULT_RETENTION_MONTHS,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=(
            "Thông tin cá nhân trong phản ánh, kiến nghị (và các biểu mẫu khác) đã xử lý xong được ẩn danh "
            "sau thời hạn này, tính từ lần cập nhật cuối; từ 1 đến 120 tháng."
        ),
    )
    # Điều 9 khoản 1 điểm c, Nghị định 224/2026/NĐ-CP: the map of the unit's boundary (portal.geo), drawn on
    # its introduction and on its province's map of communes
    boundary = models.JSONField("ranh giới hành chính", null=True, blank=True, editable=False)
    boundary_is_illustrative = models.BooleanField(
        "ranh giới chỉ để minh họa",
        default=False,
        help_text="Đánh dấu khi hình ranh giới là gần đúng, không phải ranh giới chính thức: bản đồ ghi rõ điều đó.",
    )

    class Meta:
        verbose_name = "đơn vị"
        verbose_name_plural = "đơn vị và cấu hình cổng thông tin"
        ordering = ["code"]

    def __str__(self):
        return self.unit_name or self.portal_title or self.code

    def clean(self):
        if self.parent_id and self.unit_level in PROVINCE_LEVELS:
            raise ValidationError({"parent": "Tỉnh, thành phố trực thuộc trung ương không thuộc đơn vị nào."})
        if self.parent_id and self.parent.unit_level not in PROVINCE_LEVELS:
            raise ValidationError(
                {"parent": "Đơn vị cấp trên phải là tỉnh hoặc thành phố trực thuộc trung ương."}
            )

    @classmethod
    def load(cls):
        """The unit in scope (portal.units) as last saved, or an unsaved blank one where no unit is in scope."""
        from portal import units

        unit = units.current(required=False)
        if unit is None or unit.pk is None:
            return unit or cls()
        return units.unit_by_id(unit.pk) or unit

    @property
    def has_map(self):
        """The unit's site has an administrative map: its own boundary, or a province's communes' ones."""
        if self.boundary:
            return True
        return self.is_province and Unit.objects.filter(parent=self).filter(boundary__isnull=False).exists()

    @property
    def is_province(self):
        return self.unit_level in PROVINCE_LEVELS

    @property
    def site_kind(self):
        """What the site is called, as the unit's portal title says it: «Cổng thông tin điện tử» (a province)
        or «Trang thông tin điện tử» (a commune's site, a component of the provincial portal)."""
        title = self.portal_title or ""
        if self.unit_name and title.endswith(self.unit_name):
            kind = title[: -len(self.unit_name)].strip()
            if kind:
                return kind
        return "Cổng thông tin điện tử"

    @property
    def parent_name(self):
        """The province it belongs to, as shown under its name."""
        return self.parent.unit_name if self.parent_id else self.parent_unit

    @property
    def closing_time(self):
        """The desk's closing time: the latest time of day written in the working hours, else 17:00."""
        times = [
            time(int(hour), int(minute or 0))
            for hour, minute in CLOCK_RE.findall(self.working_hours or "")
            if int(hour) < 24 and int(minute or 0) < 60
        ]
        return max(times, default=DEFAULT_CLOSING_TIME)

    @property
    def display_name(self):
        return self.unit_name or "Cổng thông tin điện tử"

    # Once per request (the row comes out of the shared cache unpickled, without them).
    @cached_property
    def emblem_url(self):
        return present_url(self.emblem, "biểu trưng")

    @cached_property
    def banner_url(self):
        return present_url(self.banner, "ảnh băng rôn")

    @property
    def title(self):
        return self.portal_title or f"Cổng thông tin điện tử {self.unit_name}".strip()


# a host name as the request gives it, lower case, without the port: "muongang.dienbien.gov.vn"
host_validator = RegexValidator(
    r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$",
    "Tên miền chỉ gồm chữ thường không dấu, chữ số, dấu gạch ngang và dấu chấm, như «muongang.dienbien.gov.vn».",
)


class UnitHost(models.Model):
    """A host name a unit answers on: its primary one, or an alias that sends visitors to the primary (301)."""

    unit = models.ForeignKey(Unit, verbose_name="đơn vị", on_delete=models.CASCADE, related_name="hosts")
    host = models.CharField("tên miền", max_length=253, unique=True, validators=[host_validator])
    is_primary = models.BooleanField("tên miền chính", default=False)

    class Meta:
        verbose_name = "tên miền"
        verbose_name_plural = "tên miền"
        ordering = ["-is_primary", "host"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit"], condition=Q(is_primary=True), name="unit_host_one_primary"
            )
        ]

    def __str__(self):
        return self.host

    def save(self, *args, **kwargs):
        self.host = (self.host or "").strip().lower().rstrip(".")
        super().save(*args, **kwargs)


class Membership(models.Model):
    """A person's role in one unit: what they may see and change there, and only there."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người dùng",
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    unit = models.ForeignKey(
        Unit, verbose_name="đơn vị", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField("vai trò", max_length=40, choices=[(name, name) for name in ROLE_PERMISSIONS])

    class Meta:
        verbose_name = "vai trò tại đơn vị"
        verbose_name_plural = "vai trò tại đơn vị"
        ordering = ["unit__code", "role"]
        constraints = [models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_once")]

    def __str__(self):
        return f"{self.user} – {self.role} – {self.unit}"


class LinkQuerySet(UnitQuerySet):
    def active(self):
        return self.filter(is_active=True).order_by("order", "name")


class Link(UnitOwned, TimeStampedModel):
    """An entry of the "Liên kết Website" box of a unit."""

    name = models.CharField("tên", max_length=150)
    url = models.URLField("địa chỉ", max_length=300)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    is_active = models.BooleanField("đang hiện", default=True)

    objects = UnitManager.from_queryset(LinkQuerySet)()

    class Meta(UnitOwned.Meta):
        verbose_name = "liên kết website"
        verbose_name_plural = "liên kết website"
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Holiday(TimeStampedModel):
    """A public holiday or a compensatory day off: not a working day for due dates."""

    date = models.DateField("ngày", unique=True)
    name = models.CharField("tên ngày nghỉ", max_length=150)

    class Meta:
        verbose_name = "ngày nghỉ lễ"
        verbose_name_plural = "ngày nghỉ lễ"
        ordering = ["-date"]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} – {self.name}"


class MaintenanceQuerySet(UnitQuerySet):
    def not_over(self, now=None):
        return self.filter(expected_end__gt=now or timezone.now())


class Maintenance(UnitOwned, TimeStampedModel):
    """A stop of the unit's site, planned or not (Điều 13 khoản 1, Nghị định 224/2026/NĐ-CP): a planned stop
    is announced publicly at least NOTICE_WORKING_DAYS working days before, with the expected time of
    recovery, and every page of the unit shows the notice from then until the site is back; a stop of force
    majeure is shown at once."""

    NOTICE_WORKING_DAYS = 7

    starts_at = models.DateTimeField("bắt đầu tạm dừng")
    expected_end = models.DateTimeField("dự kiến hoạt động lại")
    description = models.CharField(
        "nội dung thông báo",
        max_length=300,
        help_text="Vì sao tạm dừng, phần nào bị ảnh hưởng, việc gấp thì liên hệ ở đâu. Hiện trên mọi trang.",
    )
    force_majeure = models.BooleanField(
        "bất khả kháng",
        default=False,
        help_text="Sự cố ngoài ý muốn: thông báo hiện ngay, không cần báo trước 7 ngày làm việc.",
    )
    notice_from = models.DateTimeField("hiện thông báo từ", editable=False)

    objects = UnitManager.from_queryset(MaintenanceQuerySet)()

    class Meta(UnitOwned.Meta):
        verbose_name = "lịch tạm dừng hệ thống"
        verbose_name_plural = "lịch tạm dừng hệ thống"
        ordering = ["-starts_at"]

    def __str__(self):
        start, end = timezone.localtime(self.starts_at), timezone.localtime(self.expected_end)
        return f"{start:%H:%M %d/%m/%Y} – {end:%H:%M %d/%m/%Y}"

    def save(self, *args, **kwargs):
        from portal.workdays import subtract_working_days

        if self.force_majeure:
            self.notice_from = self.notice_from if self.pk and self.notice_from else timezone.now()
        else:
            first_day = subtract_working_days(timezone.localdate(self.starts_at), self.NOTICE_WORKING_DAYS)
            self.notice_from = timezone.make_aware(datetime.combine(first_day, time.min))
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        now = timezone.now()
        if self.starts_at and self.expected_end and self.expected_end <= self.starts_at:
            errors["expected_end"] = "Thời điểm hoạt động lại phải sau thời điểm bắt đầu tạm dừng."
        elif self.expected_end and self.expected_end <= now:
            errors["expected_end"] = "Thời điểm hoạt động lại đã qua."
        planned_again = self.pk is None or (
            Maintenance._base_manager.filter(pk=self.pk).values_list("starts_at", flat=True).first()
            != self.starts_at
        )
        if self.starts_at and not self.force_majeure and planned_again:
            earliest = self.earliest_planned_start(now)
            if timezone.localdate(self.starts_at) < earliest:
                errors["starts_at"] = (
                    f"Tạm dừng theo kế hoạch phải thông báo trước ít nhất {self.NOTICE_WORKING_DAYS} ngày làm "
                    f"việc: sớm nhất là ngày {earliest:%d/%m/%Y}. Nếu là sự cố bất khả kháng, hãy đánh dấu "
                    "«bất khả kháng» để thông báo hiện ngay."
                )
        if errors:
            raise ValidationError(errors)

    @classmethod
    def earliest_planned_start(cls, now=None):
        """The first day a stop planned now may begin: NOTICE_WORKING_DAYS working days after today."""
        from portal.workdays import add_working_days

        return add_working_days(timezone.localdate(now), cls.NOTICE_WORKING_DAYS)

    def is_shown(self, now=None):
        now = now or timezone.now()
        return self.notice_from <= now < self.expected_end

    @property
    def is_under_way(self):
        return self.starts_at <= timezone.now()

    @classmethod
    def upcoming(cls):
        """The unit's stops not over yet, soonest first, cached for the content version (a save bumps it)
        until the first of them starts showing or ends."""
        from portal.cache import cached

        def fresh(stops):
            now = timezone.now()
            return all((s.notice_from > now or s.is_shown(now)) for s in stops)

        return cached(
            "maintenance", lambda: list(cls.objects.not_over().order_by("starts_at")), fresh=fresh, here=True
        )

    @classmethod
    def notice(cls):
        """The stop every page of the unit announces now, or None."""
        if units.current(required=False) is None:
            return None
        now = timezone.now()
        return next((stop for stop in cls.upcoming() if stop.is_shown(now)), None)

    @classmethod
    def next_change(cls):
        """When the notice next appears or goes (for the page cache), or None."""
        now = timezone.now()
        moments = [s.notice_from if s.notice_from > now else s.expected_end for s in cls.upcoming()]
        return min(moments, default=None)


class DailyVisits(UnitOwned):
    """A unit's visits counted per day (a visit is a visitor's first page view of that day)."""

    changes_pages = False  # no page shows it: saving it keeps the cached pages (portal.cache)

    day = models.DateField("ngày")
    visits = models.PositiveIntegerField("lượt truy cập", default=0)

    class Meta(UnitOwned.Meta):
        verbose_name = "thống kê truy cập"
        verbose_name_plural = "thống kê truy cập"
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(fields=["unit", "day"], name="daily_visits_unit_day")]

    def __str__(self):
        return f"{self.day:%d/%m/%Y}: {self.visits}"


class FlushedBatch(models.Model):
    """A batch of counts moved from Redis into the database (visits, article views), by its id.

    Written in the same transaction as the counts it moved, so a flush interrupted after that commit
    (Redis hung, the process killed) is recognised by the next one and never added twice.
    Kept a day, then deleted by later flushes. Shared by the units: one batch may carry the counts of
    several units (each count names its unit).
    """

    changes_pages = False  # no page shows it: saving it keeps the cached pages (portal.cache)

    key = models.CharField("mã đợt", max_length=40, unique=True)
    moved_at = models.DateTimeField("lúc chuyển", db_index=True)

    class Meta:
        verbose_name = "đợt chuyển số đếm"
        verbose_name_plural = "đợt chuyển số đếm"

    def __str__(self):
        return self.key


class VisitorSeen(UnitOwned):
    """A visitor of a unit's site seen on a day, kept as a keyed hash (never the address), until the daily roll-up.

    Used when no Redis is configured: one upsert per page view records the visit
    and the time last seen ("Đang online"); the day's visits are the rows' count.
    """

    changes_pages = False  # no page shows it: saving it keeps the cached pages (portal.cache)

    day = models.DateField("ngày")
    key = models.CharField("mã băm", max_length=32)
    last_seen = models.DateTimeField("lần cuối", db_index=True)

    class Meta(UnitOwned.Meta):
        verbose_name = "khách trong ngày"
        verbose_name_plural = "khách trong ngày"
        constraints = [
            models.UniqueConstraint(fields=["unit", "day", "key"], name="visitor_seen_unit_day_key")
        ]

    def __str__(self):
        return f"{self.day:%d/%m/%Y} · {self.key[:8]}…"


def unique_slug(instance, value, field="slug", max_length=200, reserved=()):
    """A slug for ``value`` that no other row of the instance's model uses, nor one of ``reserved`` (the
    paths of other pages under the same prefix): "tong-quan", "tong-quan-2", …"""
    from portal.text import slugify_vi

    base = slugify_vi(value, max_length=max_length - 4) or "trang"
    model = type(instance)
    candidate, n = base, 2
    while (
        candidate in reserved
        or model._default_manager.filter(**{field: candidate}).exclude(pk=instance.pk).exists()
    ):
        candidate, n = f"{base}-{n}", n + 1
    return candidate


class LoginAttemptQuerySet(models.QuerySet):
    def with_account_failures(self):
        """Annotate ``account_failures``: the failures of the row's username, from anywhere, that count
        towards the per-account lock (portal.lockout)."""
        from portal.lockout import account_window_start

        recent = (
            AccessAttempt.objects.filter(
                username=OuterRef("username"), attempt_time__gte=account_window_start()
            )
            .order_by()
            .values("username")
            .annotate(n=Sum("failures_since_start"))
            .values("n")
        )
        return self.annotate(account_failures=Coalesce(Subquery(recent), 0))

    def locked(self):
        return self.with_account_failures().filter(
            Q(failures_since_start__gte=settings.AXES_FAILURE_LIMIT)
            | Q(account_failures__gte=settings.LOGIN_ACCOUNT_FAILURE_LIMIT)
        )


class LoginAttempt(AccessAttempt):
    """django-axes' record of wrong admin passwords for one username from one client and browser.

    Five of them from one client (an address, or an IPv6 /64) lock that pair; many of them for one
    username from anywhere lock the account for a while (portal/lockout.py). Deleting the records
    in the admin unlocks. A proxy so the admin shows it in Vietnamese with the portal's own models.
    """

    changes_pages = False  # no page shows it: saving it keeps the cached pages (portal.cache)

    objects = LoginAttemptQuerySet.as_manager()

    class Meta:
        proxy = True
        verbose_name = "đăng nhập sai"
        verbose_name_plural = "đăng nhập sai, khóa đăng nhập"

    def __str__(self):
        return f"{self.username} · {self.ip_address}"

    @property
    def is_locked(self):
        if self.failures_since_start >= settings.AXES_FAILURE_LIMIT:
            return True
        account = getattr(self, "account_failures", None)
        if account is None:
            account = LoginAttempt.objects.filter(pk=self.pk).with_account_failures().get().account_failures
        return account >= settings.LOGIN_ACCOUNT_FAILURE_LIMIT


class JobRun(models.Model):
    """The last run of each periodic job (`manage.py run_scheduler`): when, and how it ended. /healthz reads
    it; a job is due again when its last start is older than its interval (portal.jobs)."""

    changes_pages = False  # no page shows it

    name = models.CharField("công việc", max_length=100, unique=True)
    started_at = models.DateTimeField("bắt đầu lúc", null=True, blank=True)
    finished_at = models.DateTimeField("kết thúc lúc", null=True, blank=True)
    ok = models.BooleanField("thành công", null=True, blank=True)  # None while running
    message = models.TextField("thông báo", blank=True)

    class Meta:
        verbose_name = "lần chạy công việc định kỳ"
        verbose_name_plural = "lần chạy công việc định kỳ"
        ordering = ["name"]

    def __str__(self):
        return self.name
