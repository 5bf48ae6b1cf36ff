"""What the front keeps of its own: the site-wide search index and the demo's ledger."""

from django.db import models


class SearchEntry(models.Model):
    """One public item in the site-wide search (/tim-kiem/), kept in step with its source by signals.

    ``body`` is readable text that result snippets are cut from; ``terms`` are words that find the entry
    without being shown. ``words`` and ``title_words`` hold the folded words (" dang ky khai sinh "),
    padded with spaces so that a word is matched whole on SQLite. On PostgreSQL the generated columns
    ``vector`` (everything) and ``title_vector`` (title and number), added by the migrations and not known
    to Django, hold the same words through an unaccent text-search configuration, with GIN indexes; see
    website/search.py.
    """

    # the unit whose site shows it; none for what every unit shares (a national procedure)
    unit = models.ForeignKey(
        "portal.Unit",
        verbose_name="đơn vị",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField("loại", max_length=12)  # a kind an app offers (website.search_index.kinds)
    object_id = models.PositiveBigIntegerField("mã nguồn")
    title = models.CharField("tiêu đề", max_length=500)
    body = models.TextField("nội dung (chữ thuần)", blank=True)
    terms = models.TextField("từ tìm thấy mà không hiện", blank=True, default="")
    url = models.CharField("đường dẫn", max_length=300)
    label = models.CharField("số hiệu, mã", max_length=100, blank=True)
    date = models.DateTimeField("ngày")
    words = models.TextField("từ đã bỏ dấu", editable=False)
    title_words = models.TextField("từ của tiêu đề đã bỏ dấu", editable=False)
    label_words = models.CharField("từ của số hiệu", max_length=120, blank=True, editable=False)
    title_length = models.PositiveSmallIntegerField("số từ của tiêu đề", default=0, editable=False)

    class Meta:
        verbose_name = "mục tìm kiếm"
        verbose_name_plural = "chỉ mục tìm kiếm"
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_source")]
        indexes = [
            models.Index(fields=["-date"], name="search_entry_date"),
            models.Index(fields=["kind", "-date"], name="search_entry_kind_date"),
            models.Index(fields=["label_words"], name="search_entry_label"),
            models.Index(fields=["title_length", "-date"], name="search_entry_title_length"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"


class SearchWord(models.Model):
    """The words of every indexed title: what a one-letter typo is corrected against."""

    word = models.CharField("từ", max_length=40, unique=True)

    class Meta:
        verbose_name = "từ trong tiêu đề"
        verbose_name_plural = "từ trong tiêu đề"

    def __str__(self):
        return self.word


class DemoRecord(models.Model):
    """A record the demo loader (``load_demo``) has created once, by its natural key.

    The demo never creates it again, whatever staff have done to it since (edited, renamed, deleted).
    """

    key = models.CharField("khóa", max_length=300, unique=True)
    created_at = models.DateTimeField("nạp lúc", auto_now_add=True)

    class Meta:
        verbose_name = "bản ghi minh họa đã nạp"
        verbose_name_plural = "bản ghi minh họa đã nạp"

    def __str__(self):
        return self.key


# --- The province's measurement of every unit's site (Nghị định 224/2026/NĐ-CP, Điều 12) -------------------
# Written by ``manage.py measure_units`` (website.measurement), read by the admin's page and the public
# summary: no page counts raw rows. Not unit-owned (the province reads every unit's rows) and no page's
# cached copy depends on them beyond the page cache's few minutes.


class Figure(models.TextChoices):
    """What a monthly row measures."""

    COMPLETENESS = "day-du", "Mức đầy đủ thông tin (%)"
    PUBLISHED = "dang-moi", "Tin bài, văn bản đăng mới"
    ACCESSIBILITY = "tiep-can", "Trang đạt kiểm tra tiếp cận (%)"
    RESPONSE_MS = "phan-hoi", "Thời gian phản hồi trung bình (ms)"
    VISITS = "truy-cap", "Lượt truy cập"
    MISSED_SEARCHES = "tim-khong-thay", "Lượt tìm kiếm không có kết quả"
    USEFUL_YES = "huu-ich", "Phiếu «hữu ích»"
    USEFUL_NO = "khong-huu-ich", "Phiếu «không hữu ích»"


class MonthlyFigure(models.Model):
    """One figure of one unit for one month: counts over the month (visits, publications, votes), or the
    last measured value of the month (completeness, accessibility, response time)."""

    changes_pages = False

    unit = models.ForeignKey("portal.Unit", verbose_name="đơn vị", on_delete=models.CASCADE, related_name="+")
    month = models.DateField("tháng")  # its first day
    figure = models.CharField("chỉ số", max_length=16, choices=Figure.choices)
    value = models.FloatField("giá trị")

    class Meta:
        verbose_name = "chỉ số theo tháng"
        verbose_name_plural = "chỉ số theo tháng"
        constraints = [
            models.UniqueConstraint(fields=["unit", "month", "figure"], name="monthly_figure_once"),
        ]
        indexes = [models.Index(fields=["month", "figure"], name="monthly_figure_month")]

    def __str__(self):
        return f"{self.month:%m/%Y} {self.get_figure_display()}: {self.value:g}"


class UnitMeasurement(models.Model):
    """A unit's latest measurement: one row per unit, replaced by each run of ``measure_units``."""

    changes_pages = False

    unit = models.OneToOneField(
        "portal.Unit", verbose_name="đơn vị", on_delete=models.CASCADE, related_name="measurement"
    )
    measured_at = models.DateTimeField("đo lúc")
    # completeness: the required items (website.measurement.REQUIRED) with whether each is published
    completeness = models.PositiveSmallIntegerField("mức đầy đủ (%)", default=0)
    items = models.JSONField("các mục bắt buộc", default=list)
    missing = models.JSONField("mục còn thiếu", default=list)
    # timeliness
    last_published_at = models.DateTimeField("lần đăng tin, văn bản gần nhất", null=True, blank=True)
    silent_days = models.PositiveIntegerField("số ngày không đăng gì", null=True, blank=True)
    reception_ahead = models.BooleanField("lịch tiếp công dân công bố trước 5 ngày làm việc", default=False)
    late_sessions = models.PositiveSmallIntegerField("buổi tiếp công bố muộn", default=0)
    # accessibility and speed: each checked page with its problems, worst first
    pages = models.JSONField("các trang đã kiểm tra", default=list)
    pages_checked = models.PositiveSmallIntegerField("số trang đã kiểm tra", default=0)
    pages_passing = models.PositiveSmallIntegerField("số trang đạt", default=0)
    accessibility = models.PositiveSmallIntegerField("trang đạt kiểm tra (%)", default=0)
    response_ms = models.PositiveIntegerField("thời gian phản hồi trung bình (ms)", default=0)
    # use
    visits_month = models.PositiveIntegerField("lượt truy cập tháng này", default=0)
    top_pages = models.JSONField("trang được đọc nhiều", default=list)
    missed_searches = models.JSONField("tìm kiếm không có kết quả", default=list)
    missed_month = models.PositiveIntegerField("lượt tìm không thấy tháng này", default=0)
    useful_yes = models.PositiveIntegerField("phiếu hữu ích (12 tháng)", default=0)
    useful_no = models.PositiveIntegerField("phiếu không hữu ích (12 tháng)", default=0)

    class Meta:
        verbose_name = "đánh giá cổng thông tin"
        verbose_name_plural = "đánh giá cổng thông tin các đơn vị"

    def __str__(self):
        return f"{self.unit}: {self.completeness}%"

    @property
    def useful_share(self):
        total = self.useful_yes + self.useful_no
        return round(self.useful_yes * 100 / total) if total else None


class MissedSearch(models.Model):
    """A search on a unit's site that found nothing, counted per day and folded query: what citizens look for
    and the site does not have. Written by the search page (one upsert, first page without filters only)."""

    changes_pages = False

    unit = models.ForeignKey("portal.Unit", verbose_name="đơn vị", on_delete=models.CASCADE, related_name="+")
    day = models.DateField("ngày")
    query = models.CharField("từ khóa", max_length=100)
    count = models.PositiveIntegerField("số lượt", default=1)

    class Meta:
        verbose_name = "tìm kiếm không có kết quả"
        verbose_name_plural = "tìm kiếm không có kết quả"
        constraints = [models.UniqueConstraint(fields=["unit", "day", "query"], name="missed_search_once")]

    def __str__(self):
        return f"{self.day:%d/%m/%Y} «{self.query}»: {self.count}"
