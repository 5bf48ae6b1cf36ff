from django import forms

from portal.forms import MAX_QUERY_LENGTH, DayField, DescribedErrorsMixin
from portal.text import nfc
from website import directory, search_index


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


class RemovalForm(DescribedErrorsMixin, forms.Form):
    """A citizen's request to remove their personal data: the tracking code and the phone given with it
    (the same pair the feedback lookup asks for), and a honeypot."""

    code = forms.CharField(
        label="Mã theo dõi hoặc mã hồ sơ",
        max_length=30,
        help_text="Mã phản ánh, như PAKN-20201116-0001, hoặc mã hồ sơ trên giấy hẹn, như 000.00.14.H19-200203-0118.",
        error_messages={
            "required": "Vui lòng nhập mã theo dõi.",
            "max_length": "Mã theo dõi dài tối đa %(limit_value)d ký tự, như PAKN-20201116-0001.",
            "null_characters_not_allowed": "Mã theo dõi có ký tự không hợp lệ.",
        },
    )
    phone = forms.CharField(
        label="Số điện thoại đã khai khi gửi",
        max_length=20,
        error_messages={
            "required": "Vui lòng nhập số điện thoại.",
            "max_length": "Số điện thoại dài tối đa %(limit_value)d ký tự.",
            "null_characters_not_allowed": "Số điện thoại có ký tự không hợp lệ.",
        },
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    # The honeypot: hidden from people by CSS; a form that fills it is refused.
    website = forms.CharField(label="Để trống ô này", required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def clean_code(self):
        return nfc(self.cleaned_data["code"]).strip().upper()

    def clean_phone(self):
        return nfc(self.cleaned_data["phone"]).strip()


class DirectoryForm(forms.Form):
    """The filters of the province's directory of units: a kind, and a name typed with or without accents."""

    loai = forms.ChoiceField(
        label="Loại đơn vị",
        required=False,
        choices=[("", "Tất cả"), *directory.KINDS, *directory.OTHER_KINDS],
        error_messages={"invalid_choice": "Không có loại đơn vị này; hãy chọn xã, phường hoặc đặc khu."},
    )
    ten = forms.CharField(
        label="Tên đơn vị",
        required=False,
        max_length=100,
        help_text="Gõ có dấu hoặc không dấu, như «bung lao».",
        error_messages={
            "max_length": "Tên đơn vị dài tối đa %(limit_value)d ký tự.",
            "null_characters_not_allowed": "Tên đơn vị có ký tự không hợp lệ.",
        },
    )

    def filters(self):
        """The valid filters only: an invalid one is reported on the page and left out."""
        self.is_valid()
        return {name: self.cleaned_data.get(name) or "" for name in ("loai", "ten")}
