import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django_ckeditor_5.fields import CKEditor5Field

from news import images
from news.images import validate_document_file, validate_photo
from portal import units
from portal.links import slug_address
from portal.models import MaxFileSize, TimeStampedModel, unique_slug
from portal.richtext import sanitize_html
from portal.text import fold
from portal.units import UnitManager, UnitOwned, UnitQuerySet

document_number_validator = RegexValidator(
    r"^[0-9A-Za-zĐđ]+(/[0-9A-Za-zĐđ.-]+)+$",
    "Số, ký hiệu viết dạng số/ký hiệu, ví dụ 3855/KH-UBND hoặc 06/2020/QĐ-UBND.",
)


class ProfileItem(models.TextChoices):
    """The items of a People's Committee's profile that Nghị định 224/2026/NĐ-CP, Điều 9 khoản 1 điểm c asks
    every province and commune to publish, in the decree's order (the map and the leaders have their own
    pages: /gioi-thieu/ban-do-hanh-chinh/ and the leaders' page)."""

    ORGANISATION = "to-chuc-bo-may", "Tổ chức bộ máy hành chính"
    NATURE = "dieu-kien-tu-nhien", "Điều kiện tự nhiên"
    HISTORY = "lich-su", "Lịch sử"
    CULTURE = "truyen-thong-van-hoa", "Truyền thống văn hóa"
    SIGHTS = "di-tich-danh-thang", "Di tích, danh thắng"


# /gioi-thieu/<slug>/ of these would be hidden by the routes of the map and of the leaders' page
RESERVED_PAGE_SLUGS = {
    "ban-do-hanh-chinh": "bản đồ hành chính",
    "lanh-dao": "trang lãnh đạo",
}


class PageQuerySet(UnitQuerySet):
    def published(self):
        return self.filter(is_published=True)

    def in_menu(self):
        return self.published().filter(show_in_menu=True).order_by("order", "title")


class Page(UnitOwned, TimeStampedModel):
    """An introduction page (/gioi-thieu/<slug>/): overview, organisation, leaders and contacts."""

    title = models.CharField("tiêu đề", max_length=200)
    slug = models.SlugField(
        "đường dẫn",
        max_length=200,
        db_index=False,
        blank=True,
        help_text="Để trống để tạo tự động từ tiêu đề.",
    )
    summary = models.TextField("tóm tắt", blank=True)
    body = CKEditor5Field("nội dung", blank=True, config_name="default")
    order = models.PositiveSmallIntegerField("thứ tự trong menu", default=0)
    show_in_menu = models.BooleanField("hiện trong menu Giới thiệu", default=True)
    show_officials = models.BooleanField(
        "kèm danh sách lãnh đạo, cán bộ đầu mối",
        default=False,
        help_text="Hiện bảng họ tên, chức vụ, đơn vị, điện thoại, thư điện tử dưới nội dung.",
    )
    is_published = models.BooleanField("công khai", default=True)
    profile_item = models.CharField(
        "mục giới thiệu bắt buộc",
        max_length=30,
        choices=ProfileItem.choices,
        blank=True,
        help_text=(
            "Mục Nghị định 224/2026/NĐ-CP (Điều 9 khoản 1 điểm c) yêu cầu công bố; mỗi mục một trang. "
            "Để trống cho trang giới thiệu khác."
        ),
    )

    objects = UnitManager.from_queryset(PageQuerySet)()

    class Meta(UnitOwned.Meta):
        verbose_name = "trang giới thiệu"
        verbose_name_plural = "trang giới thiệu"
        ordering = ["order", "title"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "slug"], name="news_page_slug_per_unit"),
            models.UniqueConstraint(
                fields=["unit", "profile_item"],
                condition=~Q(profile_item=""),
                name="news_page_profile_item_per_unit",
                violation_error_message=(
                    "Đơn vị đã có trang cho mục giới thiệu này: hãy sửa trang đó thay vì tạo trang mới."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.slug in RESERVED_PAGE_SLUGS:
            raise ValidationError(
                {
                    "slug": f"Đường dẫn «{self.slug}» dành cho {RESERVED_PAGE_SLUGS[self.slug]} của trang "
                    "Giới thiệu; hãy chọn đường dẫn khác (hoặc để trống để tạo tự động)."
                }
            )

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.title, reserved=RESERVED_PAGE_SLUGS)
        self.body = sanitize_html(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_address("news:page", self.slug)


class Category(UnitOwned, TimeStampedModel):
    """A news section (chuyên mục): Tin tức - Sự kiện, Cải cách hành chính, Thông báo…"""

    name = models.CharField("tên chuyên mục", max_length=120)
    slug = models.SlugField("đường dẫn", max_length=140, db_index=False, blank=True)
    description = models.TextField("giới thiệu", blank=True)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    show_on_home = models.BooleanField("hiện trên trang chủ", default=True)
    is_notice = models.BooleanField(
        "là mục thông báo",
        default=False,
        help_text="Bài của chuyên mục này hiện trong khung “Thông báo” của trang chủ.",
    )

    class Meta(UnitOwned.Meta):
        verbose_name = "chuyên mục"
        verbose_name_plural = "chuyên mục"
        ordering = ["order", "name"]
        constraints = [models.UniqueConstraint(fields=["unit", "slug"], name="news_category_slug_per_unit")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.name, max_length=140)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_address("news:category", self.slug)


def focus_field(label, help_text=""):
    return models.PositiveSmallIntegerField(
        label,
        default=50,
        blank=True,  # left empty (a form that does not show it): the centre, set by ``centre_if_empty``
        validators=[MaxValueValidator(100)],
        help_text=help_text,
    )


FOCUS_HELP = (
    "Phần trăm từ mép trái, rồi từ mép trên; 50 và 50 là giữa ảnh. Bấm vào ảnh để chọn thay vì gõ số."
)


def centre_if_empty(obj, *names):
    for name in names:
        if getattr(obj, name) is None:
            setattr(obj, name, 50)


def focus_class(x, y):
    """The CSS classes that put a photo's focal point in the middle of a cropped frame (a card's 3:2 box):
    ``fx-30 fy-20`` (to the nearest ten per cent; the stylesheet has the 11 + 11 rules), or "" at the centre.
    Classes, not a style attribute: the public pages' CSP allows no inline style."""
    x, y = round((x if x is not None else 50) / 10) * 10, round((y if y is not None else 50) / 10) * 10
    return "" if (x, y) == (50, 50) else f"fx-{x} fy-{y}"


class Photo(UnitOwned, TimeStampedModel):
    """A photo in the unit's library (thư viện ảnh): uploaded once with its description, caption and focal
    point, then chosen as the cover of any number of articles. Each article takes its own copy of the file
    (made when it is chosen), so that replacing or deleting a library photo never changes or breaks an
    article already published with it."""

    image = models.ImageField(
        "ảnh",
        upload_to=images.library_path,
        validators=[validate_photo],
        help_text="Ảnh JPEG, PNG hoặc WebP, tối đa 10 MB và 40 megapixel.",
    )
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    renditions = models.JSONField(default=dict, blank=True, editable=False)
    alt = models.CharField(
        "mô tả ảnh cho người khiếm thị",
        max_length=250,
        help_text="Bắt buộc. Tả ngắn điều ảnh cho thấy, ví dụ: “Cán bộ một cửa hướng dẫn người dân nộp hồ sơ”.",
    )
    caption = models.CharField("chú thích ảnh", max_length=300, blank=True)
    credit = models.CharField("người chụp / nguồn ảnh", max_length=120, blank=True)
    focus_x = focus_field("điểm nhấn: ngang (%)", FOCUS_HELP)
    focus_y = focus_field("dọc (%)")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người tải lên",
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
    )

    class Meta(UnitOwned.Meta):
        verbose_name = "ảnh trong thư viện"
        verbose_name_plural = "ảnh trong thư viện"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.alt if len(self.alt) <= 80 else self.alt[:79] + "…"

    def clean(self):
        centre_if_empty(self, "focus_x", "focus_y")
        if not (self.alt or "").strip():
            raise ValidationError({"alt": "Ảnh cần có mô tả cho người khiếm thị."})

    def save(self, *args, **kwargs):
        centre_if_empty(self, "focus_x", "focus_y")
        replaced = images.before_save(self, images.LIBRARY_PHOTO)
        super().save(*args, **kwargs)
        images.after_save(self, images.LIBRARY_PHOTO, replaced)

    def thumbnail_url(self):
        """The smallest rendition (400 px wide), for the admin's lists; the original when there is none."""
        jpegs = (self.renditions or {}).get("jpeg") or []
        if jpegs:
            return self.image.storage.url(jpegs[0][2])
        return self.image.url if self.image else ""

    @property
    def focus_class(self):
        return focus_class(self.focus_x, self.focus_y)


class ArticleStatus(models.TextChoices):
    DRAFT = "nhap", "Nháp"
    REVIEW = "cho-duyet", "Chờ duyệt"
    PUBLISHED = "da-xuat-ban", "Đã xuất bản"
    WITHDRAWN = "da-go", "Đã gỡ"


class ArticleQuerySet(UnitQuerySet):
    def published(self, now=None):
        """What visitors see: published articles whose time has come (scheduled ones appear by themselves)."""
        return self.filter(status=ArticleStatus.PUBLISHED, published_at__lte=now or timezone.now())

    def next_scheduled(self, now=None):
        """When the next scheduled article appears (None if none waits): what is public changes then."""
        return (
            self.filter(status=ArticleStatus.PUBLISHED, published_at__gt=now or timezone.now())
            .order_by("published_at")
            .values_list("published_at", flat=True)
            .first()
        )

    def with_last_action(self):
        """Each article with the last line of its history (``last_action``), for "returned to its author"."""
        last = ArticleEvent.objects.filter(article=OuterRef("pk")).order_by("-at", "-pk").values("action")[:1]
        return self.annotate(last_action=Subquery(last))

    def returned(self):
        """Drafts an editor sent back to their author to correct."""
        return self.with_last_action().filter(
            status=ArticleStatus.DRAFT, last_action=ArticleEvent.Action.RETURNED
        )

    def listing(self):
        """The columns a list of articles needs, newest first."""
        return self.select_related("category").defer("body", "search_text").order_by("-published_at", "-pk")


class Article(UnitOwned, TimeStampedModel):
    title = models.CharField("tiêu đề", max_length=250)
    slug = models.SlugField(
        "đường dẫn",
        max_length=250,
        db_index=False,
        blank=True,
        help_text="Để trống để tạo tự động từ tiêu đề.",
    )
    summary = models.TextField("tóm tắt", max_length=600, blank=True)
    body = CKEditor5Field("nội dung", blank=True, config_name="default")
    cover = models.ImageField(
        "ảnh đại diện",
        upload_to=images.cover_path,
        blank=True,
        # Measured once at upload by save(), not by Django's width_field: that one opens the photo
        # whenever an article without stored sizes is loaded (a page view), and fails if it is missing.
        validators=[validate_photo],
        help_text="Ảnh JPEG, PNG hoặc WebP, tối đa 10 MB và 40 megapixel.",
    )
    cover_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cover_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cover_renditions = models.JSONField(default=dict, blank=True, editable=False)
    cover_caption = models.CharField("chú thích ảnh", max_length=300, blank=True)
    cover_alt = models.CharField(
        "mô tả ảnh cho người khiếm thị",
        max_length=250,
        blank=True,
        help_text="Bắt buộc khi có ảnh. Tả ngắn điều ảnh cho thấy, ví dụ: “Cán bộ một cửa hướng dẫn người "
        "dân nộp hồ sơ”.",
    )
    cover_focus_x = focus_field("điểm nhấn của ảnh: ngang (%)", FOCUS_HELP)
    cover_focus_y = focus_field("dọc (%)")
    cover_source = models.ForeignKey(
        Photo,
        verbose_name="chọn từ thư viện ảnh",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        help_text="Chọn một ảnh đã có trong thư viện thay vì tải ảnh mới: bài nhận bản sao của ảnh, cùng "
        "mô tả, chú thích và điểm nhấn của nó. Ảnh tải mới cũng tự vào thư viện.",
    )
    category = models.ForeignKey(
        Category, verbose_name="chuyên mục", on_delete=models.PROTECT, related_name="articles"
    )
    author_name = models.CharField("tác giả", max_length=120, blank=True, help_text="Tên hiện dưới bài.")
    source = models.CharField("nguồn", max_length=200, blank=True)
    status = models.CharField(
        "trạng thái", max_length=12, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(
        "thời gian đăng",
        null=True,
        blank=True,
        db_index=True,
        help_text="Đặt một thời điểm trong tương lai để hẹn giờ đăng; bài tự hiện khi đến giờ.",
    )
    featured = models.BooleanField("tin nổi bật", default=False)
    view_count = models.PositiveIntegerField("lượt xem", default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người tạo",
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="articles",
    )
    search_text = models.TextField(editable=False, default="")

    objects = UnitManager.from_queryset(ArticleQuerySet)()

    class Meta(UnitOwned.Meta):
        verbose_name = "bài viết"
        verbose_name_plural = "bài viết"
        ordering = ["-published_at", "-pk"]
        permissions = [("publish_article", "Xuất bản, hẹn giờ, gỡ bài và đặt tin nổi bật")]
        # a unit's lists read (status, published_at, id) from the index alone, however long they grow and
        # however many units share the table
        indexes = [
            models.Index(fields=["unit", "status", "-published_at", "-id"], name="news_article_unit_listing")
        ]
        constraints = [models.UniqueConstraint(fields=["unit", "slug"], name="news_article_slug_per_unit")]

    def __str__(self):
        return self.title

    @property
    def is_public(self):
        return (
            self.status == ArticleStatus.PUBLISHED
            and self.published_at
            and self.published_at <= timezone.now()
        )

    @property
    def is_scheduled(self):
        return (
            self.status == ArticleStatus.PUBLISHED
            and self.published_at
            and self.published_at > timezone.now()
        )

    def clean(self):
        centre_if_empty(self, "cover_focus_x", "cover_focus_y")
        self.take_library_photo()
        if self.cover and not self.cover_alt.strip():
            raise ValidationError({"cover_alt": "Ảnh đại diện cần có mô tả cho người khiếm thị."})
        if self.featured and not (self.cover and self.cover_alt.strip()):
            raise ValidationError(
                {"featured": "Tin nổi bật cần có ảnh đại diện và mô tả ảnh cho người khiếm thị."}
            )

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.title, max_length=250)
        self.body = sanitize_html(self.body)
        if self.status == ArticleStatus.PUBLISHED and not self.published_at:
            self.published_at = timezone.now()
        self.search_text = fold(f"{self.title} {self.summary}")
        centre_if_empty(self, "cover_focus_x", "cover_focus_y")
        self.take_library_photo(copy_file=True)
        replaced = images.before_save(self, images.ARTICLE_COVER)
        super().save(*args, **kwargs)
        images.after_save(self, images.ARTICLE_COVER, replaced)

    def take_library_photo(self, copy_file=False):
        """A library photo newly chosen (``cover_source``) becomes this article's cover: its description,
        caption and focal point replace the earlier photo's (but for a description or caption typed in the same
        form: ``typed_cover_texts``, set by the admin's form); at save its file is copied as the article's own
        cover (already cleaned at its upload: not re-encoded)."""
        source = self.cover_source
        if source is None:
            return
        if self.pk and type(self).objects.filter(pk=self.pk, cover_source=source).exists():
            if not self.cover:
                self.cover_source = None  # the cover was removed: it no longer comes from the library
            return  # chosen earlier: the article's cover and texts are its own since
        typed = getattr(self, "typed_cover_texts", ())
        if "cover_alt" not in typed or not self.cover_alt.strip():
            self.cover_alt = source.alt
        if "cover_caption" not in typed:
            self.cover_caption = source.caption
        if not getattr(self, "_focus_from_source", False):
            self.cover_focus_x, self.cover_focus_y = source.focus_x, source.focus_y
            self._focus_from_source = True
        if copy_file:
            with source.image.open("rb") as original:
                data = original.read()
            self.cover.save(os.path.basename(source.image.name), ContentFile(data), save=False)

    def get_absolute_url(self):
        return slug_address("news:article", self.slug)

    @property
    def cover_focus_class(self):
        return focus_class(self.cover_focus_x, self.cover_focus_y)

    def cover_picture(self):
        """What the templates need for <picture>: srcsets per format, fallback src, intrinsic size."""
        return images.picture(self.cover, self.cover_renditions, self.cover_width, self.cover_height)


class ArticleEvent(UnitOwned):
    """One line of an article's history: who did what, and when."""

    class Action(models.TextChoices):
        CREATED = "tao", "Tạo bài"
        CHANGED = "sua", "Sửa bài"
        SUBMITTED = "gui-duyet", "Gửi duyệt"
        RETURNED = "tra-lai", "Trả lại để sửa"
        PUBLISHED = "xuat-ban", "Xuất bản"
        SCHEDULED = "hen-gio", "Hẹn giờ đăng"
        WITHDRAWN = "go", "Gỡ bài"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="events")
    action = models.CharField("việc", max_length=12, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người thực hiện", on_delete=models.SET_NULL, null=True
    )
    at = models.DateTimeField("lúc", default=timezone.now)
    note = models.CharField("ghi chú", max_length=500, blank=True)

    class Meta(UnitOwned.Meta):
        verbose_name = "lịch sử bài viết"
        verbose_name_plural = "lịch sử bài viết"
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()} – {timezone.localtime(self.at):%d/%m/%Y %H:%M}"

    def save(self, *args, **kwargs):
        if self.unit_id is None and self.article_id is not None:
            self.unit_id = self.article.unit_id  # the article's unit, even from code working everywhere()
        super().save(*args, **kwargs)


class ArticleVersion(UnitOwned):
    """A stored state of an article's text (issue 17.3): each state that went live, numbered, to compare and
    to go back to; and, at most one per article, the pending change of a published article, which waits for
    an editor to publish it while readers still see the live text (news.versions)."""

    changes_pages = False  # a pending change is not on any public page (portal.cache)

    # none for the autosave of a new article not saved yet (one per person in the unit)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, null=True, related_name="versions")
    number = models.PositiveIntegerField("phiên bản", null=True, blank=True)  # none while pending
    data = models.JSONField("nội dung")
    created_at = models.DateTimeField("lúc", default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người lưu",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    is_pending = models.BooleanField("chờ xuất bản", default=False)
    # what a person was typing, saved every few seconds by the form (news.versions.autosave): one per person
    is_autosave = models.BooleanField("tự lưu", default=False)

    class Meta(UnitOwned.Meta):
        verbose_name = "phiên bản bài viết"
        verbose_name_plural = "phiên bản bài viết"
        ordering = ["-is_pending", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="article_version_number_once"),
            models.UniqueConstraint(
                fields=["article"], condition=models.Q(is_pending=True), name="article_one_pending_version"
            ),
            models.UniqueConstraint(
                fields=["article", "created_by"],
                condition=models.Q(is_autosave=True),
                name="article_one_autosave_per_person",
            ),
            models.UniqueConstraint(
                fields=["unit", "created_by"],
                condition=models.Q(is_autosave=True, article__isnull=True),
                name="article_one_new_autosave_per_person",
            ),
        ]

    def __str__(self):
        if self.is_autosave:
            return "bản tự lưu"
        return "bản chờ xuất bản" if self.is_pending else f"phiên bản {self.number}"

    def save(self, *args, **kwargs):
        if self.unit_id is None and self.article_id is not None:
            self.unit_id = self.article.unit_id  # the article's unit, even from code working everywhere()
        super().save(*args, **kwargs)


class DocumentType(models.TextChoices):
    KE_HOACH = "ke-hoach", "Kế hoạch"
    QUYET_DINH = "quyet-dinh", "Quyết định"
    THONG_BAO = "thong-bao", "Thông báo"
    CONG_VAN = "cong-van", "Công văn"
    CHI_THI = "chi-thi", "Chỉ thị"
    NGHI_QUYET = "nghi-quyet", "Nghị quyết"
    BAO_CAO = "bao-cao", "Báo cáo"
    HUONG_DAN = "huong-dan", "Hướng dẫn"


class Validity(models.TextChoices):
    """What staff record of a document's force (the terms of the Luật Ban hành văn bản quy phạm pháp luật and
    of the national database of legal documents): in force, no longer in force in part (some of its articles
    amended, replaced or repealed), no longer in force at all (expired, replaced or repealed)."""

    IN_FORCE = "con-hieu-luc", "Còn hiệu lực"
    PARTLY_EXPIRED = "het-hieu-luc-mot-phan", "Hết hiệu lực một phần"
    EXPIRED = "het-hieu-luc", "Hết hiệu lực toàn bộ"


class ValidityState(models.TextChoices):
    """What a reader is shown on a given day: the recorded validity, with the dates applied (a document
    whose effective date has not come is not yet in force; one past its expiry date is no longer)."""

    IN_FORCE = "con-hieu-luc", "Còn hiệu lực"
    NOT_YET = "chua-co-hieu-luc", "Chưa có hiệu lực"
    PARTLY_EXPIRED = "het-hieu-luc-mot-phan", "Hết hiệu lực một phần"
    EXPIRED = "het-hieu-luc", "Hết hiệu lực toàn bộ"


# The list's "Tình trạng hiệu lực" filter: the states, and the documents replaced by another.
REPLACED = "bi-thay-the"
VALIDITY_FILTERS = [*ValidityState.choices, (REPLACED, "Đã bị thay thế")]


class DocumentQuerySet(UnitQuerySet):
    def published(self):
        return self.filter(is_published=True)

    def in_state(self, state, today):
        """Documents in ``state`` (a ValidityState, or REPLACED) on ``today``; the same rule as
        ``Document.validity_on``."""
        expired = Q(validity=Validity.EXPIRED) | Q(expires_on__lte=today)
        started = Q(effective_on__isnull=True) | Q(effective_on__lte=today)
        if state == REPLACED:
            return self.filter(replaced_by__isnull=False)
        if state == ValidityState.EXPIRED:
            return self.filter(expired)
        if state == ValidityState.NOT_YET:
            return self.exclude(expired).exclude(started)
        if state in (ValidityState.IN_FORCE, ValidityState.PARTLY_EXPIRED):
            return self.exclude(expired).filter(started, validity=state)
        raise ValueError(state)


class Document(UnitOwned, TimeStampedModel):
    """A văn bản with the facts a portal publishes about it. Its file is public only while the document is
    (``is_published``): files are kept outside MEDIA_ROOT and sent by a view that checks (news.images.DocumentStorage)."""

    doc_type = models.CharField("loại văn bản", max_length=12, choices=DocumentType.choices)
    number = models.CharField(
        "số, ký hiệu", max_length=60, help_text="Ví dụ: 3855/KH-UBND", validators=[document_number_validator]
    )
    slug = models.SlugField("đường dẫn", max_length=160, db_index=False, blank=True)
    issuer = models.CharField("cơ quan ban hành", max_length=200)
    issued_on = models.DateField("ngày ban hành")
    effective_on = models.DateField("ngày có hiệu lực", null=True, blank=True)
    summary = models.TextField("trích yếu", max_length=1000)
    signer = models.CharField("người ký", max_length=120, blank=True)
    file = models.FileField(
        "tệp văn bản",
        upload_to="van-ban/%Y/",
        storage=images.document_storage,
        validators=[validate_document_file, MaxFileSize(20)],
        help_text="PDF, DOC hoặc DOCX, tối đa 20 MB.",
    )
    file_name = models.CharField("tên tệp gốc", max_length=200, blank=True, editable=False)
    file_size = models.PositiveBigIntegerField("dung lượng tệp (byte)", null=True, blank=True, editable=False)
    related_articles = models.ManyToManyField(
        Article, verbose_name="bài viết liên quan", blank=True, related_name="documents"
    )
    validity = models.CharField(
        "tình trạng hiệu lực",
        max_length=24,
        choices=Validity.choices,
        default=Validity.IN_FORCE,
        help_text="Trước ngày có hiệu lực, trang văn bản ghi «Chưa có hiệu lực»; từ ngày hết hiệu lực, "
        "ghi «Hết hiệu lực toàn bộ».",
    )
    expires_on = models.DateField(
        "ngày hết hiệu lực",
        null=True,
        blank=True,
        help_text="Ngày văn bản không còn hiệu lực (hết thời hạn, hoặc ngày văn bản thay thế có hiệu lực).",
    )
    replaced_by = models.ForeignKey(
        "self",
        verbose_name="được thay thế bởi",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaces",
        help_text="Văn bản (của đơn vị) thay thế toàn bộ văn bản này.",
    )
    amended_by = models.ManyToManyField(
        "self",
        verbose_name="được sửa đổi, bổ sung bởi",
        symmetrical=False,
        blank=True,
        related_name="amends",
        help_text="Các văn bản (của đơn vị) sửa đổi, bổ sung, thay thế hoặc bãi bỏ một phần văn bản này.",
    )
    validity_note = models.CharField(
        "ghi chú hiệu lực",
        max_length=300,
        blank=True,
        help_text="Như «Điều 5 hết hiệu lực từ ngày 01/01/2021».",
    )
    is_published = models.BooleanField("công khai", default=True)
    search_text = models.TextField(editable=False, default="")

    objects = UnitManager.from_queryset(DocumentQuerySet)()

    class Meta(UnitOwned.Meta):
        verbose_name = "văn bản"
        verbose_name_plural = "văn bản"
        ordering = ["-issued_on", "-pk"]
        indexes = [
            models.Index(
                fields=["unit", "is_published", "-issued_on", "-id"], name="news_document_unit_listing"
            )
        ]
        constraints = [models.UniqueConstraint(fields=["unit", "slug"], name="news_document_slug_per_unit")]

    def __str__(self):
        return f"{self.number} – {self.summary[:80]}"

    def clean(self):
        errors = {}
        if self.effective_on and self.expires_on and self.expires_on <= self.effective_on:
            errors["expires_on"] = "Ngày hết hiệu lực phải sau ngày có hiệu lực."
        elif self.issued_on and self.expires_on and self.expires_on <= self.issued_on:
            errors["expires_on"] = "Ngày hết hiệu lực phải sau ngày ban hành."
        if self.effective_on and self.issued_on and self.effective_on < self.issued_on:
            errors["effective_on"] = "Ngày có hiệu lực không được trước ngày ban hành."
        replacement = self.replaced_by if self.replaced_by_id else None
        if replacement is not None:
            unit_id = self.unit_id or units.current_id()
            if self.pk and replacement.pk == self.pk:
                errors["replaced_by"] = "Một văn bản không thể thay thế chính nó."
            elif replacement.unit_id != unit_id:
                errors["replaced_by"] = "Chỉ chọn được văn bản của cùng đơn vị."
            elif self.pk and replacement.replaced_by_id == self.pk:
                errors["replaced_by"] = (
                    f"Văn bản {replacement.number} đang được ghi là bị văn bản này thay thế: hai văn bản "
                    "không thể thay thế lẫn nhau."
                )
            elif self.issued_on and replacement.issued_on < self.issued_on:
                errors["replaced_by"] = (
                    f"Văn bản thay thế ({replacement.number}, ban hành {replacement.issued_on:%d/%m/%Y}) phải "
                    "ban hành cùng ngày hoặc sau văn bản bị thay thế."
                )
            elif self.validity != Validity.EXPIRED and not self.expires_on:
                errors["validity"] = (
                    "Văn bản đã bị thay thế thì hết hiệu lực toàn bộ: chọn «Hết hiệu lực toàn bộ», hoặc ghi "
                    "ngày hết hiệu lực nếu văn bản thay thế chưa có hiệu lực."
                )
        if errors:
            raise ValidationError(errors)

    def validity_on(self, today):
        """The ValidityState a reader is shown on ``today`` (the same rule as ``DocumentQuerySet.in_state``)."""
        if self.validity == Validity.EXPIRED or (self.expires_on and self.expires_on <= today):
            return ValidityState.EXPIRED
        if self.effective_on and self.effective_on > today:
            return ValidityState.NOT_YET
        return ValidityState(self.validity)

    @property
    def validity_state(self):
        return self.validity_on(timezone.localdate())

    def save(self, *args, **kwargs):
        self.number = self.number.strip().upper()
        if not self.slug:
            self.slug = unique_slug(self, f"{self.number} {self.issued_on:%Y}", max_length=160)
        if self.file and not self.file._committed:
            self.file_name = os.path.basename(self.file.name)[:200]
        if self.file and (not self.file._committed or self.file_size is None):
            try:
                self.file_size = self.file.size  # shown on the page, which never reads the file
            except OSError:
                self.file_size = None
        self.search_text = fold(f"{self.number} {self.summary} {self.issuer} {self.signer}")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_address("news:document", self.slug)

    def get_download_url(self):
        return reverse("news:document-download", kwargs={"slug": self.slug})

    @property
    def extension(self):
        return os.path.splitext(self.file_name or self.file.name)[1].lstrip(".").upper()


class ProposalStatus(models.TextChoices):
    WAITING = "cho-xet", "Chờ tỉnh xét"
    ACCEPTED = "da-nhan", "Tỉnh đã nhận đăng"
    DECLINED = "tu-choi", "Tỉnh từ chối"


class ArticleProposal(UnitOwned, TimeStampedModel):
    """A commune's published article proposed to its province's site («Tin từ các xã, phường»).

    The proposal belongs to the commune (``unit``) and names the province that decides (``province``). The
    province's site shows an accepted proposal as the article's title, summary and the commune's name, with a
    link to the article on the commune's own host: the body is never copied, so the commune's edits and a
    withdrawal apply at once. One proposal per article: proposing a declined article again asks anew.
    """

    article = models.OneToOneField(
        Article, verbose_name="bài viết", on_delete=models.CASCADE, related_name="proposal"
    )
    province = models.ForeignKey(
        "portal.Unit", verbose_name="cổng tỉnh", on_delete=models.CASCADE, related_name="+", editable=False
    )
    status = models.CharField(
        "kết quả", max_length=8, choices=ProposalStatus.choices, default=ProposalStatus.WAITING
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người đề xuất",
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
    )
    proposed_at = models.DateTimeField("ngày đề xuất", default=timezone.now, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người xét",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    decided_at = models.DateTimeField("ngày xét", null=True, blank=True, editable=False)
    reason = models.CharField("lý do từ chối", max_length=500, blank=True)

    # the commune's pages do not show proposals; the province's do, and news.proposals bumps the province's
    # content version when it decides (saving here would bump the commune's)
    changes_pages = False

    class Meta(UnitOwned.Meta):
        verbose_name = "tin đề xuất lên cổng tỉnh"
        verbose_name_plural = "tin đề xuất lên cổng tỉnh"
        ordering = ["-proposed_at", "-pk"]
        permissions = [("decide_articleproposal", "Nhận đăng hoặc từ chối tin các xã, phường đề xuất")]
        indexes = [
            models.Index(fields=["province", "status", "-decided_at"], name="news_proposal_province_status")
        ]

    def __str__(self):
        return self.article.title if self.article_id else "Tin đề xuất"
