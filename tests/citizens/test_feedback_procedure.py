"""Feedback about a procedure: the procedure's page links to the form with its code, the record keeps it."""

import pytest
from django.test import Client

from citizens.models import Feedback
from procedures.models import Procedure
from tests import factories

pytestmark = pytest.mark.django_db


def valid_post(**values):
    data = {
        "name": "Lò Văn An",
        "address": "Bản Co Hắm, xã Ẳng Nưa",
        "phone": "0912 345 678",
        "content": "Thời gian giải quyết thủ tục này quá lâu so với quy định.",
        "consent_personal_data": "on",
    }
    data.update(values)
    return data


def test_a_procedure_page_leads_to_feedback_about_it():
    factories.site_settings()
    procedure = factories.procedure(code="1.001193", name="Đăng ký khai sinh")
    page = Client().get(procedure.get_absolute_url()).content.decode()
    assert "/phan-anh-kien-nghi/?thu-tuc=1.001193" in page
    assert "Trang này có hữu ích không?" in page
    form = Client().get("/phan-anh-kien-nghi/?thu-tuc=1.001193").content.decode()
    assert 'value="1.001193"' in form
    response = Client().post("/phan-anh-kien-nghi/", valid_post(procedure="1.001193"))
    assert response.status_code == 302
    assert Feedback.objects.get().procedure == Procedure.objects.get(code="1.001193")


def test_an_unknown_procedure_code_gets_a_vietnamese_message_and_nothing_is_saved():
    factories.site_settings()
    response = Client().post("/phan-anh-kien-nghi/", valid_post(procedure="9.999999"))
    assert response.status_code in (200, 400)
    assert "Không có thủ tục mã “9.999999”" in response.content.decode()
    assert not Feedback.objects.exists()
    assert Client().post("/phan-anh-kien-nghi/", valid_post()).status_code == 302
    assert Feedback.objects.get().procedure is None
