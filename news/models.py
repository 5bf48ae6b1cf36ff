from django.db import models
from django.urls import reverse
from django_ckeditor_5.fields import CKEditor5Field

from muongang.models import TimeStampedModel, unique_slug
from muongang.richtext import sanitize_html


class PageQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def in_menu(self):
        return self.published().filter(show_in_menu=True).order_by("order", "title")


class Page(TimeStampedModel):
    """An introduction page (/gioi-thieu/<slug>/): overview, organisation, leaders and contacts."""

    title = models.CharField("tiêu đề", max_length=200)
    slug = models.SlugField(
        "đường dẫn", max_length=200, unique=True, blank=True, help_text="Để trống để tạo tự động từ tiêu đề."
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

    objects = PageQuerySet.as_manager()

    class Meta:
        verbose_name = "trang giới thiệu"
        verbose_name_plural = "trang giới thiệu"
        ordering = ["order", "title"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.title)
        self.body = sanitize_html(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("news:page", kwargs={"slug": self.slug})
