from django import forms

from portal.forms import MAX_QUERY_LENGTH, DayField
from website import search_index


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
        choices=lambda: [("", "Tất cả"), *search_index.kinds()],
        error_messages={"invalid_choice": "Loại nội dung không có trong danh sách."},
    )
    tu = DayField(label="Từ ngày", required=False)
    den = DayField(label="Đến ngày", required=False)

    def clean(self):
        data = super().clean()
        if data.get("tu") and data.get("den") and data["tu"] > data["den"]:
            self.add_error("den", "«Đến ngày» phải sau «Từ ngày».")
        return data
