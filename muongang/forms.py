from datetime import date

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from muongang.models import SearchKind
from muongang.search import MAX_QUERY_LENGTH

# The days a date typed on a public form may name: wide enough for any record of a commune, narrow
# enough that a day before or after it, and its midnight in any time zone, exist (31/12/9999 does not).
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2100, 12, 31)


class DayField(forms.DateField):
    """A day written dd/mm/yyyy (muongang.formats), between FIRST_DAY and LAST_DAY."""

    def __init__(self, **kwargs):
        out_of_range = f"Ngày phải trong khoảng {FIRST_DAY:%d/%m/%Y} đến {LAST_DAY:%d/%m/%Y}."
        kwargs.setdefault("error_messages", {})
        kwargs["error_messages"].setdefault(
            "invalid", "Ngày cần viết theo dạng dd/mm/yyyy, ví dụ 16/11/2020."
        )
        kwargs["validators"] = [
            MinValueValidator(FIRST_DAY, message=out_of_range),
            MaxValueValidator(LAST_DAY, message=out_of_range),
            *kwargs.get("validators", ()),
        ]
        super().__init__(**kwargs)


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Từ khóa",
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "max_length": "Từ khóa dài quá %(limit_value)d ký tự (đang có %(show_value)d). "
            "Hãy rút gọn, chỉ giữ những từ chính, ví dụ: «đăng ký khai sinh»."
        },
    )
    loai = forms.ChoiceField(
        label="Loại nội dung",
        required=False,
        choices=[("", "Tất cả")] + list(SearchKind.choices),
        error_messages={"invalid_choice": "Loại nội dung không có trong danh sách."},
    )
    tu = DayField(label="Từ ngày", required=False)
    den = DayField(label="Đến ngày", required=False)

    def clean(self):
        data = super().clean()
        if data.get("tu") and data.get("den") and data["tu"] > data["den"]:
            self.add_error("den", "«Đến ngày» phải sau «Từ ngày».")
        return data
