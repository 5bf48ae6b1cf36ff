import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

VALID = {
    "name": "Lò Văn An",
    "address": "Bản Co Hắm, xã Búng Lao",
    "phone": "0912 345 678",
    "email": "",
    "subject": "Chậm trả kết quả hồ sơ đất đai",
    "content": "Hồ sơ của tôi đã quá hạn hẹn trả 10 ngày mà chưa có kết quả.",
    # the consent the Luật Bảo vệ dữ liệu cá nhân asks before the data is taken (a required box)
    "consent_personal_data": "on",
}
# The Feedback fields of VALID, for the tests that save an item without the form.
RECORD = {k: v for k, v in VALID.items() if k != "consent_personal_data"}


def jpeg(name="anh.jpg", size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def pdf(name="don.pdf"):
    body = (
        b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
        b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
        b"xref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n"
        b"trailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n110\n%%EOF\n"
    )
    return SimpleUploadedFile(name, body, content_type="application/pdf")


@pytest.fixture
def site(db):
    from tests import factories

    return factories.site_settings()
