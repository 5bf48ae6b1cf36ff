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
