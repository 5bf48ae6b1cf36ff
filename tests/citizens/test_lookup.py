"""Following feedback by its code and phone number: any wrong pair gets the same neutral answer."""

import pytest
from django.test import Client
from django.utils import timezone

from citizens.views import NEUTRAL_LOOKUP
from tests import factories

URL = "/phan-anh-kien-nghi/tra-cuu/"


@pytest.fixture
def item(db):
    factories.site_settings()
    return factories.feedback(
        code="PAKN-20201116-0007",
        phone="0912 345 678",
        name="Lò Văn An",
        address="Bản Hón",
        email="an@example.vn",
        status="answered",
        answer="Hồ sơ của ông đã có kết quả ngày 20/11/2020.",
        answering_unit="Phòng Tài nguyên và Môi trường",
        answered_at=timezone.now(),
    )


@pytest.mark.django_db
def test_the_right_pair_shows_status_dates_and_answer_without_personal_data(client, item):
    response = client.post(URL, {"code": "pakn-20201116-0007 ", "phone": "+84 912.345.678"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Đã trả lời" in html and "Hồ sơ của ông đã có kết quả ngày 20/11/2020." in html
    assert f"{item.due_date:%d/%m/%Y}" in html and "Phòng Tài nguyên và Môi trường" in html
    for personal in ["Lò Văn An", "Bản Hón", "an@example.vn", "0912 345 678"]:
        assert personal not in html


@pytest.mark.django_db
def test_an_open_item_shows_no_answer_yet(client, item):
    item.status, item.answer = "processing", "bản nháp câu trả lời"
    item.save()
    html = client.post(URL, {"code": item.code, "phone": "0912345678"}).content.decode()
    assert "Đang xử lý" in html and "bản nháp câu trả lời" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "code, phone",
    [
        ("PAKN-20201116-0007", "0912 345 679"),  # right code, wrong phone
        ("PAKN-20201116-0008", "0912 345 678"),  # wrong code, right phone
        ("PAKN-20201116-0008", "0987 000 000"),  # both wrong
        ("PAKN-20201116-0007", "abc"),  # not a phone number
        ("'; DROP TABLE x; --", "0912 345 678"),  # not a code
    ],
)
def test_every_wrong_pair_gets_the_same_neutral_message(client, item, code, phone):
    response = client.post(URL, {"code": code, "phone": phone})
    html = response.content.decode()
    assert response.status_code == 200
    assert NEUTRAL_LOOKUP in html
    assert "Đã trả lời" not in html and item.answer not in html


@pytest.mark.django_db
def test_empty_fields_are_asked_for(client, item):
    response = client.post(URL, {"code": "", "phone": ""})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Vui lòng nhập mã theo dõi." in html and "Vui lòng nhập số điện thoại." in html


@pytest.mark.django_db
def test_lookups_are_rate_limited(client, item, rate_limit_window):
    for _ in range(10):
        assert client.post(URL, {"code": item.code, "phone": "0900000000"}).status_code == 200
    response = client.post(URL, {"code": item.code, "phone": "0912345678"})
    assert response.status_code == 429
    assert item.answer not in response.content.decode()
    assert (
        Client(REMOTE_ADDR="10.1.1.1").post(URL, {"code": item.code, "phone": "0912345678"}).status_code
        == 200
    )


@pytest.mark.django_db
def test_lookup_rate_limit_is_shared_through_redis(item, settings, redis_url, rate_limit_window):
    settings.CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": redis_url}}
    clients = [Client(), Client()]
    for n in range(10):
        assert clients[n % 2].post(URL, {"code": item.code, "phone": "0900000000"}).status_code == 200
    assert clients[0].post(URL, {"code": item.code, "phone": "0912345678"}).status_code == 429
