from django import forms

from muongang.models import SearchKind
from muongang.search import MAX_QUERY_LENGTH


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
    tu = forms.DateField(
        label="Từ ngày",
        required=False,
        error_messages={"invalid": "Ngày cần viết theo dạng dd/mm/yyyy, ví dụ 16/11/2020."},
    )
    den = forms.DateField(
        label="Đến ngày",
        required=False,
        error_messages={"invalid": "Ngày cần viết theo dạng dd/mm/yyyy, ví dụ 16/11/2020."},
    )

    def clean(self):
        data = super().clean()
        if data.get("tu") and data.get("den") and data["tu"] > data["den"]:
            self.add_error("den", "«Đến ngày» phải sau «Từ ngày».")
        return data
