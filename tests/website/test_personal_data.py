"""The privacy page, the accessibility statement and the request to remove one's personal data, per unit."""

import re
import unicodedata
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from citizens.models import Feedback
from citizens.privacy import ANONYMOUS_NAME
from portal import units
from portal.models import UnitHost
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]
A_HOST, B_HOST = "xa-a.example.vn", "xa-b.example.vn"
PRIVACY, ACCESSIBILITY, REMOVAL = (
    "/chinh-sach-du-lieu-ca-nhan/",
    "/tuyen-bo-tiep-can/",
    "/yeu-cau-xoa-du-lieu-ca-nhan/",
)
NEUTRAL = "Không tìm thấy hồ sơ, phản ánh nào khớp với mã và số điện thoại đã nhập"


@pytest.fixture
def two_units(unit):
    a = unit
    UnitHost.objects.create(unit=a, host=A_HOST, is_primary=True)
    factories.site_settings(
        unit_name="Xã A",
        authority_name="Ủy ban nhân dân xã A",
        email="ubnd@xa-a.example.vn",
        retention_months=18,
    )
    b = factories.unit(
        "03001",
        "Xã B",
        hosts=[B_HOST],
        authority_name="Ủy ban nhân dân xã B",
        email="ubnd@xa-b.example.vn",
        phone="0215 3999 002",
        retention_months=48,
    )
    units.hosts_changed()
    return a, b


@pytest.fixture
def site(db):
    return factories.site_settings()


def h1_count(html):
    return len(re.findall(r"<h1[\s>]", html))


def test_each_unit_s_privacy_page_shows_its_own_controller_and_period(two_units):
    html_a = Client().get(PRIVACY, HTTP_HOST=A_HOST).content.decode()
    html_b = Client().get(PRIVACY, HTTP_HOST=B_HOST).content.decode()
    assert h1_count(html_a) == 1 and "Chính sách dữ liệu cá nhân" in html_a
    assert "Ủy ban nhân dân xã A" in html_a and "ubnd@xa-a.example.vn" in html_a and "18 tháng" in html_a
    assert "xã B" not in html_a and "48 tháng" not in html_a
    assert "Ủy ban nhân dân xã B" in html_b and "48 tháng" in html_b and "tel:02153999002" in html_b
    assert "xã A" not in html_b
    # what the feedback form takes (the citizens app's part), the rights and how to ask
    for words in [
        "Phản ánh, kiến nghị và câu hỏi",
        "Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15",
        "Điều 4 khoản 1",
        "rút lại sự đồng ý",
        'href="/yeu-cau-xoa-du-lieu-ca-nhan/"',
    ]:
        assert words in html_a, words
    assert "42/2022" not in html_a and "13/2023" not in html_a


def test_each_unit_s_accessibility_statement(two_units):
    html_a = Client().get(ACCESSIBILITY, HTTP_HOST=A_HOST).content.decode()
    html_b = Client().get(ACCESSIBILITY, HTTP_HOST=B_HOST).content.decode()
    assert h1_count(html_a) == 1 and "Tuyên bố về khả năng tiếp cận" in html_a
    for words in [
        "WCAG 2.1 mức AA",
        "Những hạn chế đã biết",
        "PDF",
        "quét",
        "Bản đồ",
        'href="/phan-anh-kien-nghi/"',
    ]:
        assert words in html_a, words
    assert "02/12/2026" in html_a  # the date of the statement, dd/mm/yyyy
    assert "ubnd@xa-a.example.vn" in html_a and "ubnd@xa-b.example.vn" not in html_a
    assert "ubnd@xa-b.example.vn" in html_b and "Ủy ban nhân dân xã B" in html_b


@pytest.mark.parametrize("path", ["/", "/lien-he/", PRIVACY])
def test_the_footer_links_both_pages(site, client, path):
    html = client.get(path).content.decode()
    footer = html[html.index('<footer class="site-footer"') :]
    assert f'href="{PRIVACY}"' in footer and f'href="{ACCESSIBILITY}"' in footer


@pytest.mark.parametrize("path", [PRIVACY, ACCESSIBILITY])
def test_both_pages_go_through_the_page_cache_per_unit(two_units, settings, path, django_assert_num_queries):
    settings.PAGE_CACHE, settings.PAGE_CACHE_SECONDS = True, 30
    first = Client().get(path, HTTP_HOST=A_HOST)
    assert first["Cache-Control"] == "public, max-age=0, must-revalidate"
    with django_assert_num_queries(0):
        again = Client().get(path, HTTP_HOST=A_HOST)
    assert again.content == first.content
    other = Client().get(path, HTTP_HOST=B_HOST).content.decode()
    assert "Xã B" in other and "Xã A" not in other


def test_both_pages_are_in_the_sitemap(site, client):
    sitemap = client.get("/sitemap.xml").content.decode()
    assert PRIVACY in sitemap and ACCESSIBILITY in sitemap


# --- The removal request -----------------------------------------------------------------------------------


def item_of(unit, **values):
    with units.activate(unit):
        return factories.feedback(**values)


def fresh(item):
    with units.everywhere():
        return Feedback.objects.get(pk=item.pk)


def ask(host, code, phone="0912 345 678", **extra):
    return Client().post(REMOVAL, {"code": code, "phone": phone, **extra}, HTTP_HOST=host)


def test_the_page_has_the_form_and_is_never_cached(site, client):
    response = client.get(REMOVAL)
    html = response.content.decode()
    assert response.status_code == 200 and h1_count(html) == 1
    assert ">Mã theo dõi" in html and ">Số điện thoại đã khai khi gửi" in html and 'class="hp"' in html
    assert response["Cache-Control"] == "private, no-store"


def test_a_closed_item_loses_its_personal_data_at_once(two_units):
    a, b = two_units
    item = item_of(a, status="answered", answer="Đã trả lời.", email="an@example.vn")
    response = ask(A_HOST, item.code.lower(), phone="+84 912 345 678")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Đã xóa thông tin cá nhân" in html and item.code in html
    done = fresh(item)
    assert (done.name, done.phone, done.email, done.address) == (ANONYMOUS_NAME, "", "", "")
    assert done.anonymised_at is not None and done.answer == "Đã trả lời."
    # asked again, the code no longer leads anywhere: the same neutral answer as a wrong one
    assert NEUTRAL in ask(A_HOST, item.code).content.decode()


def test_an_open_item_is_flagged_then_anonymised_by_the_job_when_closed(two_units):
    a, b = two_units
    item = item_of(a, status="processing")
    html = ask(A_HOST, item.code).content.decode()
    assert "đang được xử lý" in html and "sẽ được xóa ngay sau khi phản ánh được xử lý xong" in html
    flagged = fresh(item)
    assert flagged.removal_requested_at is not None and flagged.name == "Lò Văn An"
    call_command("anonymise_personal_data", stdout=StringIO())
    assert fresh(item).anonymised_at is None  # still open: never touched
    with units.everywhere():
        Feedback.objects.filter(pk=item.pk).update(status="answered", answer="Đã xử lý.")
    out = StringIO()
    call_command("anonymise_personal_data", stdout=out)  # the retention (18 months) has not passed
    assert "Xã A (99999): đã ẩn danh 1 bản ghi" in out.getvalue()
    assert fresh(item).name == ANONYMOUS_NAME


def test_a_wrong_phone_or_code_gets_one_neutral_message(two_units):
    a, b = two_units
    item = item_of(a, status="answered", answer="Đã trả lời.")
    wrong_phone = ask(A_HOST, item.code, phone="0987 000 000")
    wrong_code = ask(A_HOST, "PAKN-20000101-0001")
    not_a_phone = ask(A_HOST, item.code, phone="12")
    for response in (wrong_phone, wrong_code, not_a_phone):
        assert response.status_code == 200
        assert NEUTRAL in response.content.decode()
    assert fresh(item).name == "Lò Văn An"


def test_another_unit_s_code_is_not_found_on_this_host(two_units):
    a, b = two_units
    theirs = item_of(b, status="answered", answer="Đã trả lời.")
    response = ask(A_HOST, theirs.code)
    assert response.status_code == 200 and NEUTRAL in response.content.decode()
    assert fresh(theirs).anonymised_at is None
    assert "Đã xóa thông tin cá nhân" in ask(B_HOST, theirs.code).content.decode()


@pytest.mark.parametrize(
    "data, message",
    [
        ({"code": "PAKN\x00-1", "phone": "0912345678"}, "Mã theo dõi có ký tự không hợp lệ."),
        ({"code": "PAKN-1", "phone": "0912\x00345678"}, "Số điện thoại có ký tự không hợp lệ."),
        ({"code": "P" * 5000, "phone": "0912345678"}, "Mã theo dõi dài tối đa 30 ký tự"),
        ({"code": "PAKN-1", "phone": "0" * 5000}, "Số điện thoại dài tối đa 20 ký tự"),
        ({"code": "", "phone": ""}, "Vui lòng nhập mã theo dõi."),
    ],
)
def test_bad_input_gets_a_clear_message_and_a_4xx(site, client, data, message):
    response = client.post(REMOVAL, data)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_nfd_text_and_the_honeypot(site, client):
    item = factories.feedback(status="answered", answer="Đã trả lời.")
    trap = client.post(REMOVAL, {"code": item.code, "phone": "0912345678", "website": "http://spam"})
    assert trap.status_code == 400 and "phải để trống" in trap.content.decode()
    assert Feedback.objects.get(pk=item.pk).anonymised_at is None
    nfd = unicodedata.normalize("NFD", f" {item.code.lower()} ")
    assert (
        "Đã xóa thông tin cá nhân"
        in client.post(REMOVAL, {"code": nfd, "phone": "0912345678"}).content.decode()
    )


def test_requests_are_rate_limited(site, rate_limit_window):
    client = Client()
    for _ in range(10):
        assert client.post(REMOVAL, {"code": "PAKN-1", "phone": "0912345678"}).status_code == 200
    assert client.post(REMOVAL, {"code": "PAKN-1", "phone": "0912345678"}).status_code == 429


def test_the_job_s_cutoff_counts_calendar_months():
    from datetime import datetime

    from website.management.commands.anonymise_personal_data import months_before

    assert months_before(datetime(2026, 3, 31, 9, 0), 1) == datetime(2026, 2, 28, 9, 0)
    assert months_before(datetime(2026, 12, 2), 24) == datetime(2024, 12, 2)
    assert months_before(timezone.now(), 120) < timezone.now() - timedelta(days=3650)
