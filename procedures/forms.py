from datetime import timedelta

from django import forms
from django.utils import timezone

from portal.forms import PHONE_MESSAGE, DescribedErrorsMixin
from portal.text import nfc, normalise_phone
from procedures.models import Dossier, DossierRating, Field, Level, OnlineLevel, Score, is_dossier_code
from procedures.stats import Period


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(label="Từ khóa hoặc mã thủ tục", required=False, max_length=200)
    linh_vuc = forms.ModelChoiceField(
        label="Lĩnh vực",
        queryset=Field.objects.order_by("order", "name"),
        to_field_name="slug",
        required=False,
        empty_label="Tất cả lĩnh vực",
        error_messages={"invalid_choice": "Không có lĩnh vực này; hãy chọn trong danh sách."},
    )
    cap = forms.ChoiceField(
        label="Cấp thực hiện",
        choices=[("", "Tất cả các cấp"), *Level.choices],
        required=False,
        error_messages={"invalid_choice": "Cấp thực hiện không hợp lệ; hãy chọn trong danh sách."},
    )
    muc_do = forms.ChoiceField(
        label="Mức độ trực tuyến",
        choices=[("", "Tất cả"), *OnlineLevel.choices],
        required=False,
        error_messages={"invalid_choice": "Mức độ trực tuyến không hợp lệ; hãy chọn trong danh sách."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].error_messages["max_length"] = "Từ khóa dài tối đa 200 ký tự."

    def cleaned_filters(self):
        """The valid filters only: an invalid one is reported on the page and left out."""
        self.is_valid()
        return {key: value for key, value in self.cleaned_data.items() if value}


class LookupForm(forms.Form):
    ma = forms.CharField(
        label="Mã hồ sơ",
        max_length=40,
        help_text="In trên giấy tiếp nhận hồ sơ và hẹn trả kết quả, như 000.00.14.H19-200203-0118.",
        error_messages={
            "required": "Hãy nhập mã hồ sơ.",
            "max_length": "Mã hồ sơ dài tối đa 40 ký tự.",
            "null_characters_not_allowed": "Mã hồ sơ có ký tự không hợp lệ.",
        },
    )

    def clean_ma(self):
        code = nfc(self.cleaned_data["ma"]).strip().upper()
        if not is_dossier_code(code):
            raise forms.ValidationError(
                "Mã hồ sơ không đúng dạng. Mã có dạng mã đơn vị-năm tháng ngày-số thứ tự, "
                "như 000.00.14.H19-200203-0118."
            )
        return code


class StatsForm(forms.Form):
    nam = forms.IntegerField(
        label="Năm",
        error_messages={"required": "Hãy chọn năm.", "invalid": "Năm phải là một số, như 2020."},
    )
    thang = forms.IntegerField(
        label="Tháng", required=False, error_messages={"invalid": "Tháng phải là một số từ 1 đến 12."}
    )
    den_thang = forms.IntegerField(
        label="Lũy kế từ tháng 1 đến tháng",
        required=False,
        error_messages={"invalid": "Tháng phải là một số từ 1 đến 12."},
    )
    den_ngay = forms.DateField(
        label="Tính đến ngày",
        required=False,
        help_text="Dạng dd/mm/yyyy; để trống là đến cuối kỳ.",
        error_messages={"invalid": "Ngày cần viết theo dạng dd/mm/yyyy, ví dụ 31/10/2020."},
    )

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        asked = str(self.data.get("nam", ""))
        extra = (
            {int(asked)} if asked.isascii() and asked.isdigit() and 2000 <= int(asked) <= this_year else set()
        )
        choices = sorted({this_year, *years, *extra}, reverse=True)
        self.fields["nam"].widget = forms.Select(choices=[(y, y) for y in choices])
        months = [(m, f"Tháng {m:02d}") for m in range(1, 13)]
        self.fields["thang"].widget = forms.Select(choices=[("", "Cả kỳ"), *months])
        self.fields["den_thang"].widget = forms.Select(choices=[("", "Không lũy kế"), *months])

    def clean_nam(self):
        year = self.cleaned_data["nam"]
        if not 2000 <= year <= timezone.localdate().year:
            raise forms.ValidationError(f"Năm phải từ 2000 đến {timezone.localdate().year}.")
        return year

    def _month(self, name):
        month = self.cleaned_data.get(name)
        if month is not None and not 1 <= month <= 12:
            raise forms.ValidationError("Tháng phải là một số từ 1 đến 12.")
        return month

    def clean_thang(self):
        return self._month("thang")

    def clean_den_thang(self):
        return self._month("den_thang")

    def clean(self):
        data = super().clean()
        if data.get("thang") and data.get("den_thang"):
            raise forms.ValidationError("Chọn một tháng hoặc lũy kế đến một tháng, không chọn cả hai.")
        as_of = data.get("den_ngay")
        if as_of and data.get("nam") and not self.errors:
            period = Period(data["nam"], month=data.get("thang"), to_month=data.get("den_thang"))
            first, last = period.start.date(), (period.full_end - timedelta(days=1)).date()
            if not first <= as_of <= last:
                self.add_error(
                    "den_ngay",
                    f"Ngày tính đến phải trong kỳ thống kê, từ {first:%d/%m/%Y} đến {last:%d/%m/%Y}.",
                )
            elif as_of > timezone.localdate():
                self.add_error("den_ngay", "Ngày tính đến không được sau hôm nay.")
        return data

    def period(self):
        """The period asked for; one that has not ended yet is shown as of today."""
        data = self.cleaned_data
        period = Period(
            data["nam"], month=data.get("thang"), to_month=data.get("den_thang"), as_of=data.get("den_ngay")
        )
        return period.until(timezone.localdate())


class RatingForm(DescribedErrorsMixin, forms.Form):
    """A citizen rates a finished dossier: its code and the phone number given at the desk prove it is theirs."""

    ma = forms.CharField(
        label="Mã hồ sơ",
        max_length=40,
        help_text="Mã in trên giấy tiếp nhận và hẹn trả kết quả, như 000.00.14.H19-200203-0118.",
        error_messages={"required": "Vui lòng nhập mã hồ sơ."},
    )
    phone = forms.CharField(
        label="Số điện thoại đã ghi khi nộp hồ sơ",
        max_length=20,
        error_messages={"required": "Vui lòng nhập số điện thoại đã ghi khi nộp hồ sơ."},
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    score = forms.TypedChoiceField(
        label="Mức độ hài lòng",
        choices=[(value, f"{value} – {label}") for value, label in reversed(Score.choices)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Vui lòng chọn mức độ hài lòng, từ 1 đến 5.",
            "invalid_choice": "Mức độ hài lòng là một số từ 1 đến 5.",
        },
    )
    comment = forms.CharField(
        label="Ý kiến (không bắt buộc)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Ý kiến được cán bộ duyệt trước khi công khai; đừng ghi họ tên, số điện thoại hay số giấy tờ.",
        error_messages={"max_length": "Ý kiến dài tối đa %(limit_value)d ký tự (hiện có %(show_value)d)."},
    )
    consent = forms.BooleanField(
        label="Tôi đồng ý để cơ quan dùng số điện thoại này chỉ để đối chiếu với hồ sơ, và lưu đánh giá, ý kiến "
        "của tôi (không kèm họ tên, số điện thoại) để thống kê mức độ hài lòng.",
        error_messages={"required": "Cần đồng ý với việc xử lý dữ liệu nêu trên thì mới gửi được đánh giá."},
    )
    # the honeypot, as on the feedback form
    website = forms.CharField(label="Để trống ô này", required=False)

    NOT_MATCHED = (
        "Mã hồ sơ và số điện thoại không khớp với hồ sơ nào của đơn vị. Hãy kiểm tra lại mã trên giấy hẹn "
        "và số điện thoại đã ghi khi nộp hồ sơ."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def clean_ma(self):
        code = self.cleaned_data["ma"].strip().upper()
        if not is_dossier_code(code):
            raise forms.ValidationError(
                "Mã hồ sơ có dạng như 000.00.14.H19-200203-0118 (xem trên giấy tiếp nhận và hẹn trả kết quả)."
            )
        return code

    def clean_phone(self):
        digits = normalise_phone(self.cleaned_data["phone"])
        if not digits:
            raise forms.ValidationError(PHONE_MESSAGE)
        return digits

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        dossier = Dossier.objects.filter(code=data["ma"]).select_related("procedure").first()
        if dossier is None or normalise_phone(dossier.applicant_phone) != data["phone"]:
            raise forms.ValidationError(self.NOT_MATCHED)
        if not dossier.is_resolved:
            raise forms.ValidationError(
                "Hồ sơ này chưa giải quyết xong. Khi đã có kết quả, bạn có thể quay lại đánh giá."
            )
        if DossierRating.objects.filter(dossier=dossier).exists():
            raise forms.ValidationError("Hồ sơ này đã được đánh giá; mỗi hồ sơ chỉ đánh giá một lần.")
        data["dossier"] = dossier
        return data


class QualityYearForm(forms.Form):
    nam = forms.TypedChoiceField(
        label="Năm",
        coerce=int,
        error_messages={"invalid_choice": "Chưa có số liệu của năm này; hãy chọn trong danh sách."},
    )

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nam"].choices = [(year, year) for year in years]


class ProvinceStatsForm(forms.Form):
    """The period of the province's figures by unit: a year, or one month of it (the roll-ups are monthly)."""

    nam = forms.IntegerField(
        label="Năm",
        error_messages={"required": "Hãy chọn năm.", "invalid": "Năm phải là một số, như 2020."},
    )
    thang = forms.IntegerField(
        label="Tháng", required=False, error_messages={"invalid": "Tháng phải là một số từ 1 đến 12."}
    )

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        self.fields["nam"].widget = forms.Select(
            choices=[(y, y) for y in sorted({this_year, *years}, reverse=True)]
        )
        months = [(m, f"Tháng {m:02d}") for m in range(1, 13)]
        self.fields["thang"].widget = forms.Select(choices=[("", "Cả năm"), *months])

    def clean_nam(self):
        year = self.cleaned_data["nam"]
        if not 2000 <= year <= timezone.localdate().year:
            raise forms.ValidationError(f"Năm phải từ 2000 đến {timezone.localdate().year}.")
        return year

    def clean_thang(self):
        month = self.cleaned_data.get("thang")
        if month is not None and not 1 <= month <= 12:
            raise forms.ValidationError("Tháng phải là một số từ 1 đến 12.")
        return month
