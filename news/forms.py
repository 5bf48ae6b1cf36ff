from django import forms

from news.models import VALIDITY_FILTERS, DocumentType


class DocumentFilterForm(forms.Form):
    """The documents list's choices (/van-ban/): a value not in its list is reported and left out."""

    loai = forms.ChoiceField(
        label="Loại văn bản",
        required=False,
        choices=[("", "Tất cả"), *DocumentType.choices],
        error_messages={"invalid_choice": "Không có loại văn bản này; đã bỏ qua điều kiện «Loại văn bản»."},
    )
    nam = forms.TypedChoiceField(
        label="Năm ban hành",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={
            "invalid_choice": "Không có văn bản nào ban hành năm này; đã bỏ qua điều kiện «Năm»."
        },
    )

    def __init__(self, data, *, issuers, years):
        super().__init__(data)
        self.fields["co-quan"] = forms.ChoiceField(
            label="Cơ quan ban hành",
            required=False,
            choices=[("", "Tất cả"), *((issuer, issuer) for issuer in issuers)],
            error_messages={
                "invalid_choice": "Không có cơ quan ban hành này; đã bỏ qua điều kiện «Cơ quan ban hành»."
            },
        )
        self.fields["hieu-luc"] = forms.ChoiceField(
            label="Tình trạng hiệu lực",
            required=False,
            choices=[("", "Tất cả"), *VALIDITY_FILTERS],
            error_messages={
                "invalid_choice": "Không có tình trạng hiệu lực này; đã bỏ qua điều kiện «Tình trạng hiệu lực»."
            },
        )
        self.fields["nam"].choices = [("", "Tất cả"), *((str(year), year) for year in years)]

    def cleaned_filters(self):
        """The valid choices only; an invalid one is in ``self.errors`` and left out."""
        self.is_valid()
        return {key: value for key, value in self.cleaned_data.items() if value}
