"""The public catalogue: list with filters and accent-insensitive search, the full record, the checklist."""

import re

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from procedures.models import ChannelOption, LegalBasis, Paper, Step
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    factories.site_settings()
    civil = factories.procedure_field(name="Hộ tịch", order=1)
    business = factories.procedure_field(name="Thành lập và hoạt động của hộ kinh doanh", order=2)
    birth = factories.procedure(
        code="1.001193",
        name="Đăng ký khai sinh",
        field=civil,
        level="xa",
        online_level="toan_trinh",
        online_url="https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.001193",
    )
    factories.procedure(
        code="1.000894", name="Đăng ký kết hôn", field=civil, level="xa", online_level="mot_phan"
    )
    factories.procedure(
        code="1.001612", name="Đăng ký thành lập hộ kinh doanh", field=business, level="huyen"
    )
    return birth


def names(response):
    return re.findall(r'class="proc-name" href="[^"]+">([^<]+)</a>', response.content.decode())


def test_search_ignores_diacritics_and_finds_by_code(client, catalogue):
    assert names(client.get("/thu-tuc-hanh-chinh/", {"q": "dang ky khai sinh"})) == ["Đăng ký khai sinh"]
    assert names(client.get("/thu-tuc-hanh-chinh/", {"q": "ĐĂNG KÝ KHAI SINH"})) == ["Đăng ký khai sinh"]
    # text pasted in decomposed form (NFD) still matches
    import unicodedata

    nfd = unicodedata.normalize("NFD", "khai sinh")
    assert names(client.get("/thu-tuc-hanh-chinh/", {"q": nfd})) == ["Đăng ký khai sinh"]
    assert names(client.get("/thu-tuc-hanh-chinh/", {"q": "1.001193"})) == ["Đăng ký khai sinh"]
    response = client.get("/thu-tuc-hanh-chinh/", {"q": "ho chieu"})
    assert names(response) == [] and "Không có thủ tục nào khớp" in response.content.decode()


def test_filters_by_field_level_and_online_level_with_counts_per_field(client, catalogue):
    page = client.get("/thu-tuc-hanh-chinh/").content.decode()
    assert 'Hộ tịch <span class="count">(2)</span>' in page
    assert 'Thành lập và hoạt động của hộ kinh doanh <span class="count">(1)</span>' in page
    assert names(client.get("/thu-tuc-hanh-chinh/", {"linh_vuc": "ho-tich"})) == [
        "Đăng ký khai sinh",
        "Đăng ký kết hôn",
    ]
    assert names(client.get("/thu-tuc-hanh-chinh/", {"cap": "huyen"})) == ["Đăng ký thành lập hộ kinh doanh"]
    assert names(client.get("/thu-tuc-hanh-chinh/", {"muc_do": "toan_trinh"})) == ["Đăng ký khai sinh"]
    # counts follow the search
    page = client.get("/thu-tuc-hanh-chinh/", {"q": "ket hon"}).content.decode()
    assert 'Hộ tịch <span class="count">(1)</span>' in page


def test_invalid_filters_get_a_vietnamese_message_and_a_400(client, catalogue):
    response = client.get("/thu-tuc-hanh-chinh/", {"cap": "<script>", "linh_vuc": "khong-co"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Cấp thực hiện không hợp lệ" in page and "Không có lĩnh vực này" in page
    assert "<script>" not in page
    assert len(names(response)) == 3  # the invalid filters are left out
    response = client.get("/thu-tuc-hanh-chinh/", {"q": "x" * 500})
    assert response.status_code == 400 and "Từ khóa dài tối đa 200 ký tự" in response.content.decode()


def test_record_page_shows_every_section(client, catalogue):
    Step.objects.create(procedure=catalogue, order=1, text="Bước 1: Nộp hồ sơ.")
    Step.objects.create(procedure=catalogue, order=2, text="Bước 2: Nhận kết quả.")
    ChannelOption.objects.create(
        procedure=catalogue, channel="truc_tiep", processing_time="Ngay trong ngày", fee="Lệ phí: 8.000 đồng"
    )
    form = Paper(procedure=catalogue, order=1, name="Tờ khai đăng ký khai sinh", form_name="Mẫu tờ khai")
    form.form_file.save("to-khai.pdf", ContentFile(b"%PDF-1.4 demo"), save=True)
    Paper.objects.create(
        procedure=catalogue, order=2, case="Trường hợp sinh ở nước ngoài", name="Giấy chứng sinh"
    )
    LegalBasis.objects.create(
        procedure=catalogue, number="60/2014/QH13", summary="Luật Hộ tịch", issuer="Quốc hội"
    )
    response = client.get("/thu-tuc-hanh-chinh/1.001193/")
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<h1>") == 1 and "Đăng ký khai sinh" in page
    for text in (
        "Trình tự thực hiện",
        "Bước 2: Nhận kết quả.",
        "Lệ phí: 8.000 đồng",
        "Trường hợp sinh ở nước ngoài",
        "60/2014/QH13",
        "Nộp trực tuyến",
        "/thu-tuc-hanh-chinh/1.001193/giay-to-can-mang/",
    ):
        assert text in page
    assert re.search(r'href="/media/thu-tuc/mau-don/to-khai[^"]*\.pdf" download', page)
    checklist = client.get("/thu-tuc-hanh-chinh/1.001193/giay-to-can-mang/").content.decode()
    assert "Tờ khai đăng ký khai sinh" in checklist and "1 bản chính" in checklist
    assert 'class="box"' in checklist


def test_unknown_and_malformed_codes_are_404(client, catalogue):
    assert client.get("/thu-tuc-hanh-chinh/9.999999/").status_code == 404
    assert client.get("/thu-tuc-hanh-chinh/1.0011930/").status_code == 404
    assert client.get("/thu-tuc-hanh-chinh/<script>/").status_code == 404
    catalogue.is_active = False
    catalogue.save()
    assert client.get("/thu-tuc-hanh-chinh/1.001193/").status_code == 404


ONLINE_BUTTON = re.compile(r'<a class="button button-primary" href="([^"]+)" rel="noopener">Nộp trực tuyến<')


def test_no_online_button_when_the_procedure_is_information_only(client, catalogue):
    page = client.get(catalogue.get_absolute_url()).content.decode()
    assert ONLINE_BUTTON.findall(page) == [catalogue.online_url.replace("&", "&amp;")]
    catalogue.online_level = "thong_tin"
    catalogue.save()
    response = client.get(catalogue.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    # the same record, with its papers' checklist, and no way to file online
    assert "<h1>Đăng ký khai sinh</h1>" in page
    assert (
        'href="/thu-tuc-hanh-chinh/1.001193/giay-to-can-mang/">Danh sách giấy tờ cần mang (bản in)</a>'
        in page
    )
    assert ONLINE_BUTTON.findall(page) == [] and "Nộp trực tuyến" not in page


def test_string_form_and_url():
    procedure = factories.procedure(code="1.001193", name="Đăng ký khai sinh")
    assert str(procedure) == "1.001193 – Đăng ký khai sinh"
    assert procedure.get_absolute_url() == "/thu-tuc-hanh-chinh/1.001193/"


def queries_for(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_catalogue_and_record_cost_the_same_with_1_or_50_items(client):
    factories.site_settings()
    field = factories.procedure_field(name="Hộ tịch")
    first = factories.procedure(field=field)

    def grow(procedure, n):
        for i in range(n):
            Step.objects.create(procedure=procedure, order=i, text=f"Bước {i}")
            Paper.objects.create(procedure=procedure, order=i, name=f"Giấy {i}", case=f"Trường hợp {i % 3}")
            LegalBasis.objects.create(procedure=procedure, number=f"{i}/2020/NĐ-CP", summary="Trích yếu")

    grow(first, 1)
    urls = [
        "/thu-tuc-hanh-chinh/",
        "/thu-tuc-hanh-chinh/?q=thu+tuc",
        first.get_absolute_url(),
        first.get_checklist_url(),
    ]
    small = [queries_for(client, url) for url in urls]
    grow(first, 49)
    for _ in range(49):
        factories.procedure(field=factories.procedure_field())
    large = [queries_for(client, url) for url in urls]
    assert small == large


def test_form_files_are_checked_by_content_not_by_name():
    from django.core.exceptions import ValidationError

    procedure = factories.procedure()
    fake = Paper(procedure=procedure, name="Tờ khai", originals=1, copies=0)
    fake.form_file.save("to-khai.pdf", ContentFile(b"<html><script>alert(1)</script>"), save=False)
    with pytest.raises(ValidationError, match="không đúng với loại tệp"):
        fake.full_clean()
    fake.form_file.save("to-khai.exe", ContentFile(b"MZ\x90\x00"), save=False)
    with pytest.raises(ValidationError, match="Tệp mẫu phải là PDF"):
        fake.full_clean()
    real = Paper(procedure=procedure, name="Tờ khai", originals=1, copies=0)
    real.form_file.save("to-khai.pdf", ContentFile(b"%PDF-1.4 ..."), save=False)
    real.full_clean()


def test_sitemap_lists_the_procedures_and_the_desk_pages(client, catalogue):
    xml = client.get("/sitemap.xml").content.decode()
    for path in ("/thu-tuc-hanh-chinh/1.001193/", "/thu-tuc-hanh-chinh/", "/mot-cua/", "/thong-ke-ho-so/"):
        assert f"{path}</loc>" in xml
