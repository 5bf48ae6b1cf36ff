from django.db import models

from muongang.models import TimeStampedModel, phone_validator


class OfficialQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True).order_by("order", "pk")


class Official(TimeStampedModel):
    """A leader or contact official, published as Nghị định 42/2022 Điều 4 asks."""

    name = models.CharField("họ và tên", max_length=120)
    title = models.CharField("chức vụ", max_length=150)
    unit = models.CharField("đơn vị công tác", max_length=200)
    phone = models.CharField("điện thoại", max_length=20, blank=True, validators=[phone_validator])
    email = models.EmailField("thư điện tử", blank=True)
    is_leader = models.BooleanField("lãnh đạo", default=False)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    is_active = models.BooleanField("đang hiện", default=True)

    objects = OfficialQuerySet.as_manager()

    class Meta:
        verbose_name = "lãnh đạo, cán bộ đầu mối"
        verbose_name_plural = "lãnh đạo, cán bộ đầu mối"
        ordering = ["order", "pk"]

    def __str__(self):
        return f"{self.name} — {self.title}"
