from django import forms
from PIL import Image

from portal.contributions import provided
from portal.forms import PHONE_MESSAGE, DescribedErrorsMixin
from portal.text import normalise_phone

MAX_FILES = 3
MAX_FILE_MB = 5
IMAGE_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}


def detect_type(upload):
    """The real type of an upload by its content: an image Pillow can read, or a PDF; None otherwise."""
    try:
        upload.seek(0)
        head = upload.read(8)
        if head.startswith(b"%PDF-"):
            # a PDF ends with its cross-reference pointer and the end marker
            upload.seek(max(0, upload.size - 2048))
            tail = upload.read()
            return "application/pdf" if b"startxref" in tail and b"%%EOF" in tail else None
        upload.seek(0)
        with Image.open(upload) as image:
            kind = image.format
            image.verify()
        return IMAGE_TYPES.get(kind)
    except Exception:  # Pillow raises many kinds of errors on a file that is not an image
        return None
    finally:
        upload.seek(0)


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Up to three images or PDF files of at most 5 MB each, checked by content."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, (list, tuple)) else [data]) if f]
        if len(files) > MAX_FILES:
            raise forms.ValidationError(f"Chỉ gửi được tối đa {MAX_FILES} tệp; bạn đã chọn {len(files)} tệp.")
        errors = []
        for upload in files:
            if upload.size > MAX_FILE_MB * 1024 * 1024:
                errors.append(
                    f"Tệp «{upload.name}» quá lớn ({upload.size / 1024 / 1024:.1f} MB); tối đa {MAX_FILE_MB} MB."
                )
                continue
            upload.detected_type = detect_type(upload)
            if not upload.detected_type:
                errors.append(
                    f"Tệp «{upload.name}» không phải ảnh (JPEG, PNG, WebP, GIF) hoặc PDF hợp lệ; "
                    "hệ thống kiểm tra nội dung tệp, không dựa vào đuôi tên tệp."
                )
        if errors:
            raise forms.ValidationError(errors)
        return files


class FeedbackForm(DescribedErrorsMixin, forms.Form):
    name = forms.CharField(
        label="Họ và tên", max_length=120, error_messages={"required": "Vui lòng nhập họ và tên."}
    )
    address = forms.CharField(
        label="Địa chỉ",
        max_length=250,
        error_messages={"required": "Vui lòng nhập địa chỉ (thôn, bản, xã…)."},
    )
    phone = forms.CharField(
        label="Số điện thoại",
        max_length=20,
        error_messages={"required": "Vui lòng nhập số điện thoại để cơ quan liên hệ và để tra cứu."},
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label="Thư điện tử (không bắt buộc)",
        required=False,
        max_length=254,
        help_text="Nếu có, hệ thống gửi mã theo dõi và kết quả trả lời qua thư.",
        error_messages={"invalid": "Địa chỉ thư điện tử không đúng, ví dụ đúng: ten@example.vn."},
    )
    subject = forms.CharField(
        label="Tiêu đề (không bắt buộc)",
        max_length=200,
        required=False,
        help_text="Tóm tắt ngắn việc cần phản ánh, kiến nghị.",
    )
    content = forms.CharField(
        label="Nội dung phản ánh, kiến nghị",
        max_length=5000,
        min_length=10,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": "Vui lòng nhập nội dung phản ánh, kiến nghị.",
            "min_length": "Nội dung quá ngắn; xin ghi rõ sự việc (ít nhất %(limit_value)d ký tự).",
            "max_length": "Nội dung quá dài: tối đa %(limit_value)d ký tự (hiện có %(show_value)d).",
        },
    )
    procedure = forms.CharField(
        label="Mã thủ tục hành chính liên quan (không bắt buộc)",
        max_length=20,
        required=False,
        help_text="Nếu phản ánh về một thủ tục, ghi mã của thủ tục, ví dụ 1.001193 (mã có ở trang thủ tục).",
    )
    attachments = AttachmentsField(
        label="Tệp đính kèm (không bắt buộc)",
        required=False,
        help_text=f"Tối đa {MAX_FILES} tệp ảnh hoặc PDF, mỗi tệp không quá {MAX_FILE_MB} MB.",
        widget=MultipleFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,image/gif,application/pdf"}
        ),
    )
    # Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15 Điều 9, 11: asked before collecting, never pre-ticked, one
    # purpose; the form is refused without it, and the time it was given is kept (Feedback.consented_at)
    consent_personal_data = forms.BooleanField(
        label="Tôi đồng ý để cơ quan xử lý dữ liệu cá nhân nêu trên cho mục đích tiếp nhận, xử lý và trả lời "
        "phản ánh, kiến nghị của tôi.",
        error_messages={
            "required": "Vui lòng đánh dấu ô đồng ý xử lý dữ liệu cá nhân: không có sự đồng ý này, cơ quan "
            "không thể nhận phản ánh, kiến nghị qua mạng. Bạn vẫn có thể gọi đường dây nóng hoặc đến trực tiếp."
        },
    )
    consent_publish = forms.BooleanField(
        label="Tôi đồng ý để câu hỏi và câu trả lời được đăng ở mục Hỏi đáp, không kèm thông tin cá nhân.",
        required=False,
    )
    # The honeypot: hidden from people by CSS; a form that fills it is refused.
    website = forms.CharField(label="Để trống ô này", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["address"].widget.attrs["autocomplete"] = "street-address"
        self.fields["email"].widget.attrs["autocomplete"] = "email"

    def record_fields(self):
        """The cleaned values that go into the Feedback record: every field but the files, the honeypot and
        the consent box (the view keeps the time it was given: Feedback.consented_at).

        A new optional field (the related procedure, say) needs only its form field, its model field
        and one include line in the template.
        """
        return {
            k: v
            for k, v in self.cleaned_data.items()
            if k not in ("attachments", "website", "consent_personal_data")
        }

    def clean_procedure(self):
        """The code typed (or carried from the procedure's page) → the Procedure, or None."""
        code = self.cleaned_data["procedure"].strip()
        if not code:
            return None
        # the procedures app answers for its codes (portal.contributions); without it, no code is known
        procedure = provided("procedure_by_code", code)
        if procedure is None:
            raise forms.ValidationError(
                f"Không có thủ tục mã “{code}”. Hãy kiểm tra lại mã, hoặc để trống ô này."
            )
        return procedure

    def clean_phone(self):
        phone = self.cleaned_data["phone"]
        if not normalise_phone(phone):
            raise forms.ValidationError(PHONE_MESSAGE)
        return phone.strip()

    def clean_name(self):
        name = self.cleaned_data["name"]
        if sum(ch.isalpha() for ch in name) < 2:
            raise forms.ValidationError("Họ và tên phải có chữ cái, ví dụ: Lò Văn An.")
        return name

    def clean(self):
        data = super().clean()
        if not data.get("subject") and data.get("content"):
            first_line = data["content"].splitlines()[0]
            data["subject"] = first_line[:80] + ("…" if len(first_line) > 80 else "")
        return data


class LookupForm(DescribedErrorsMixin, forms.Form):
    code = forms.CharField(
        label="Mã theo dõi",
        max_length=30,
        help_text="Như PAKN-20201116-0001, có trên trang xác nhận và trong thư xác nhận.",
        error_messages={"required": "Vui lòng nhập mã theo dõi."},
    )
    phone = forms.CharField(
        label="Số điện thoại đã khai khi gửi",
        max_length=20,
        error_messages={"required": "Vui lòng nhập số điện thoại."},
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper()


class UsefulnessForm(forms.Form):
    path = forms.CharField(max_length=300)
    title = forms.CharField(max_length=300)
    useful = forms.ChoiceField(choices=[("co", "Có"), ("khong", "Không")])
    comment = forms.CharField(max_length=1000, required=False)

    def clean_path(self):
        path = self.cleaned_data["path"]
        if not path.startswith("/") or path.startswith("//") or "\\" in path:
            raise forms.ValidationError("Đường dẫn không hợp lệ.")
        return path
