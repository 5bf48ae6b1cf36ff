from datetime import date

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from portal.text import nfc

PHONE_MESSAGE = "Số điện thoại không đúng. Ghi số di động hoặc cố định, như 0912 345 678 hoặc 0215 3868 006."

# the longest query a search or filter box takes
MAX_QUERY_LENGTH = 200

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


class DescribedErrorsMixin:
    """Ties each field's help text and errors to it (aria-describedby), marks it invalid, and stores text in NFC."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"{self.auto_id % name}-goi-y"

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                ids = [f"{self.auto_id % name}-loi", widget.attrs.get("aria-describedby", "")]
                widget.attrs["aria-describedby"] = " ".join(filter(None, ids))
                widget.attrs["aria-invalid"] = "true"

    def clean(self):
        data = super().clean()
        for key, value in data.items():
            if isinstance(value, str):
                data[key] = nfc(value).strip()
        return data
