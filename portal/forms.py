from datetime import date

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

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
