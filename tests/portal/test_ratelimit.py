"""Rate limits count a client as an IPv4 address or an IPv6 /64: a subscriber changing the interface
part of its IPv6 address (it owns 2^64 of them) is still the same client."""

import datetime

import pytest
from django.test import Client, RequestFactory
from django.utils import timezone

from tests import factories

NETWORK = "2001:db8:ab:cd"


def address_in(network, n):
    return f"{network}:{n * 7919 % 65536:x}:{n:x}:b{n % 16:x}:{n * 31 % 65536:x}"


@pytest.fixture
def in_one_window(monkeypatch):
    """Every request of the test in the middle of one rate-limit window (the clock does not move)."""
    moment = datetime.datetime(2026, 12, 2, 9, 30, 30, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)


@pytest.mark.parametrize(
    "remote, expected",
    [
        ("203.0.113.9", "203.0.113.9"),
        ("::ffff:203.0.113.9", "203.0.113.9"),
        ("2001:db8:ab:cd:1234:5678:9abc:def0", "2001:db8:ab:cd::"),
        ("2001:DB8:AB:CD::1", "2001:db8:ab:cd::"),
        ("::1", "::"),
        ("không phải địa chỉ", "không phải địa chỉ"),
    ],
)
def test_a_client_is_an_ipv4_address_or_an_ipv6_64(remote, expected):
    from portal.visitors import client_network

    assert client_network(RequestFactory().get("/", REMOTE_ADDR=remote)) == expected


@pytest.mark.django_db
def test_thirty_feedback_lookups_from_one_64_get_the_vietnamese_429(in_one_window):
    factories.site_settings()
    item = factories.feedback(code="PAKN-20201116-0007", phone="0912 345 678")
    statuses = []
    for n in range(30):
        client = Client(REMOTE_ADDR=address_in(NETWORK, n))
        response = client.post("/phan-anh-kien-nghi/tra-cuu/", {"code": item.code, "phone": "0900000000"})
        statuses.append(response.status_code)
    assert statuses[:10] == [200] * 10
    assert statuses[10:] == [429] * 20
    html = response.content.decode()
    assert '<html lang="vi"' in html and "Bạn đã gửi quá nhiều lần" in html
    # another subscriber is not refused
    other = Client(REMOTE_ADDR="2001:db8:ab:ce::1")
    assert (
        other.post("/phan-anh-kien-nghi/tra-cuu/", {"code": item.code, "phone": "0900000000"}).status_code
        == 200
    )


@pytest.mark.django_db
def test_thirty_dossier_lookups_from_one_64_get_the_vietnamese_429(in_one_window):
    factories.site_settings()
    statuses = []
    for n in range(30):
        response = Client(REMOTE_ADDR=address_in(NETWORK, n)).get(
            "/tra-cuu-ho-so/", {"ma": "000.00.14.H19-200203-0118"}
        )
        statuses.append(response.status_code)
    assert statuses[:20] == [404] * 20
    assert statuses[20:] == [429] * 10
    html = response.content.decode()
    assert '<html lang="vi"' in html and "Bạn đã tra cứu quá nhiều lần trong một phút" in html
    assert response["Retry-After"] == "60"
    other = Client(REMOTE_ADDR="2001:db8:ab:ce::1").get(
        "/tra-cuu-ho-so/", {"ma": "000.00.14.H19-200203-0118"}
    )
    assert other.status_code == 404
