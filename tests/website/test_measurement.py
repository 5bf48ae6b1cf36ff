"""The province's measurement of every unit's site (issue 16 item 3; Nghị định 224/2026/NĐ-CP, Điều 12):
completeness with what is missing, timeliness, automatic page checks, use; the admin's page for the
province's staff and the public summary, read from the roll-ups of ``measure_units``, sortable, filtered by
kind, as CSV and XLSX, in the same queries for 3 units or 10."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from news.models import Page
from news.profile import ITEMS
from portal import roles, units
from portal.models import UnitLevel
from tests import factories
from website import measurement
from website.models import Figure, MissedSearch, MonthlyFigure, UnitMeasurement

pytestmark = pytest.mark.django_db

PROVINCE_HOST = "dienbien.localhost"
ADMIN_URL = "/quan-tri/website/unitmeasurement/"
PUBLIC_URL = "/danh-gia-cong-thong-tin/"


def make_province(communes=3):
    province = factories.unit("11", "Tỉnh Điện Biên", level=UnitLevel.TINH, hosts=[PROVINCE_HOST])
    made = [
        factories.unit(
            f"{3200 + n:05d}",
            f"Xã Thử {n:02d}",
            hosts=[f"xa{n}.dienbien.localhost"],
            parent=province,
            address=f"Bản {n}",
            phone="0215 3000 001",
            hotline="0215 3000 111",
        )
        for n in range(communes)
    ]
    units.hosts_changed()
    return province, made


@pytest.fixture
def province():
    return make_province()


def measure_all(check=False):
    with units.activate(None):
        with units.everywhere():
            chosen = list(UnitMeasurement._meta.get_field("unit").related_model.objects.order_by("code"))
        for unit in chosen:
            measurement.measure(unit, check=check)


def profile_pages(unit, draft=()):
    with units.activate(unit):
        for item in ITEMS:
            Page.objects.create(
                title=item.title,
                profile_item=item.value,
                body="<p>Nội dung.</p>",
                is_published=item.value not in draft,
            )


def staff_client(unit, role=roles.EDITOR):
    user = factories.staff_user(role, in_unit=unit)
    client = Client(HTTP_HOST=PROVINCE_HOST)
    client.force_login(user)
    return client


# --- completeness ---------------------------------------------------------------------------------------


def test_completeness_names_what_is_missing_and_the_score_rises_when_it_is_published(province):
    _, (commune, *_) = province
    profile_pages(commune, draft={"lich-su"})
    measurement.measure(commune, check=False)
    first = UnitMeasurement.objects.get(unit=commune)
    assert "Lịch sử: chưa công khai" in first.missing
    assert "Danh mục văn bản: chưa có" in first.missing  # no document at all
    assert "Cơ cấu tổ chức: chưa công khai" not in first.missing
    by_key = {item["key"]: item for item in first.items}
    assert by_key["lich-su"]["present"] and not by_key["lich-su"]["published"]
    assert "Lãnh đạo (tiểu sử, nhiệm vụ): chưa có" in first.missing
    assert by_key["dieu-kien-tu-nhien"]["updated"] == timezone.localdate().strftime("%d/%m/%Y")
    assert by_key["dieu-kien-tu-nhien"]["age_days"] == 0

    with units.activate(commune):
        Page.objects.filter(profile_item="lich-su").update(is_published=True)
        leader = factories.official(name="Lò Văn Tiến", title="Chủ tịch UBND xã", is_leader=True)
    measurement.measure(commune, check=False)
    assert (
        "Lãnh đạo (tiểu sử, nhiệm vụ): thiếu tiểu sử hoặc nhiệm vụ"
        in UnitMeasurement.objects.get(unit=commune).missing
    )
    with units.activate(commune):
        leader.biography, leader.duties = "Sinh năm 1975.", "Phụ trách chung."
        leader.save()
    measurement.measure(commune, check=False)
    second = UnitMeasurement.objects.get(unit=commune)
    assert "Lịch sử: chưa công khai" not in second.missing
    assert second.completeness > first.completeness
    assert second.completeness == round(100 * (len(second.items) - len(second.missing)) / len(second.items))
    row = MonthlyFigure.objects.get(
        unit=commune, figure=Figure.COMPLETENESS, month=timezone.localdate().replace(day=1)
    )
    assert row.value == second.completeness


# --- timeliness -----------------------------------------------------------------------------------------


def test_a_unit_silent_for_30_days_is_listed(province):
    _, (quiet, busy, never) = province
    with units.activate(quiet):
        factories.article(published_at=timezone.now() - timedelta(days=40))
    with units.activate(busy):
        factories.article(published_at=timezone.now() - timedelta(days=2))
    measure_all()
    assert UnitMeasurement.objects.get(unit=quiet).silent_days == 40
    assert UnitMeasurement.objects.get(unit=busy).silent_days == 2
    page = Client(HTTP_HOST=PROVINCE_HOST).get(PUBLIC_URL).content.decode()
    listed = page.split('id="cham-cap-nhat"', 1)[1].split("</p>", 1)[0]
    assert "Xã Thử 00</strong> (40 ngày)" in listed
    assert "Xã Thử 02</strong> (chưa đăng tin nào)" in listed
    assert "Xã Thử 01" not in listed


def test_reception_published_less_than_5_working_days_ahead_is_flagged(province):
    from citizens.models import ReceptionSession

    _, (late, ahead, _) = province
    today = timezone.localdate()
    with units.activate(late):
        ReceptionSession.objects.create(date=today + timedelta(days=2), presider="Chủ tịch", place="Trụ sở")
    with units.activate(ahead):
        ReceptionSession.objects.create(date=today + timedelta(days=20), presider="Chủ tịch", place="Trụ sở")
    measure_all()
    late_row = UnitMeasurement.objects.get(unit=late)
    assert not late_row.reception_ahead and late_row.late_sessions == 1
    assert UnitMeasurement.objects.get(unit=ahead).reception_ahead


# --- accessibility and speed ----------------------------------------------------------------------------


def test_the_html_checks_flag_a_page_without_h1_alt_or_label():
    bad = (
        "<!doctype html><html><body><h2>Tin</h2><img src='a.png'><img src='b.png' alt=''>"
        "<form><input name='q'><input type='hidden' name='t'><label>Tên <input name='ten'></label>"
        "<label for='sdt'>Điện thoại</label><input id='sdt' name='sdt'><select name='loai'></select>"
        "<button>Gửi</button></form></body></html>"
    )
    assert measurement.check_html(bad) == [
        "Không có tiêu đề chính (thẻ h1)",
        "Không khai báo ngôn ngữ của trang (lang)",
        "1 ảnh thiếu mô tả thay thế (alt)",
        "2 ô nhập liệu thiếu nhãn (label)",
    ]
    good = '<html lang="vi"><body><h1>Trang</h1><img src="a.png" alt="Ảnh"><input aria-label="Tìm" name="q"></body></html>'
    assert measurement.check_html(good) == []
    assert "Có 2 tiêu đề chính (thẻ h1), cần đúng một" in measurement.check_html(
        '<html lang="vi"><h1>a</h1><h1>b</h1>'
    )
    slow = measurement.check_response("/", "Trang chủ", 200, good.encode() + b" " * 400_000, 1500)
    assert "Phản hồi chậm: 1.500 ms (quá 1.000 ms)" in slow["problems"]
    assert any(problem.startswith("Trang nặng") for problem in slow["problems"])
    assert measurement.check_response("/x/", "X", 404, b"", 5)["problems"] == ["Không mở được (mã 404)"]


def test_the_units_pages_are_asked_on_their_own_host_without_counting_a_visit(province):
    from portal.models import DailyVisits, VisitorSeen

    _, (commune, *_) = province
    with units.activate(commune):
        factories.article(title="Bài mới nhất của xã")
    with units.activate(None):
        measurement.measure(commune, check=True)
    measured = UnitMeasurement.objects.get(unit=commune)
    paths = {page["path"]: page for page in measured.pages}
    assert paths["/"]["status"] == 200 and paths["/"]["ms"] >= 0
    assert len(measured.pages) == len(measurement.CHECKED_PAGES) + 1  # and the latest article
    assert measured.pages_checked == len(measured.pages)
    assert 0 <= measured.accessibility <= 100
    # worst first
    counts = [len(page["problems"]) for page in measured.pages]
    assert counts == sorted(counts, reverse=True)
    with units.everywhere():
        assert not DailyVisits.objects.filter(unit=commune).exists()
        assert not VisitorSeen.objects.filter(unit=commune).exists()


@pytest.mark.parametrize("proxy", [False, True])
def test_the_pages_are_asked_over_https_when_the_portal_serves_only_https(province, settings, proxy):
    _, (commune, *_) = province
    settings.SECURE_SSL_REDIRECT = True
    if proxy:
        settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    with units.activate(None):
        measurement.measure(commune, check=True)
    pages = UnitMeasurement.objects.get(unit=commune).pages
    assert {page["path"]: page["status"] for page in pages}["/"] == 200


# --- use ------------------------------------------------------------------------------------------------


def test_searches_that_found_nothing_are_counted_without_long_numbers(province):
    _, (commune, *_) = province
    client = Client(HTTP_HOST="xa0.dienbien.localhost", HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 14)")
    for query in ("cấp phép xây dựng nhà", "Cap phep xay dung nha", "0912345678"):
        assert client.get("/tim-kiem/", {"q": query}).status_code == 200
    # the measurement's own check of the search page is not a citizen's search
    client.get("/tim-kiem/", {"q": "khong co gi"}, HTTP_USER_AGENT=measurement.USER_AGENT)
    with units.everywhere():
        rows = list(MissedSearch.objects.filter(unit=commune).values_list("query", "count"))
    assert rows == [("cap phep xay dung nha", 2)]
    measurement.measure(commune, check=False)
    measured = UnitMeasurement.objects.get(unit=commune)
    assert measured.missed_searches == [{"query": "cap phep xay dung nha", "count": 2}]
    assert measured.missed_month == 2


def test_visits_and_votes_are_rolled_up_per_month(province):
    from citizens.models import UsefulnessVote
    from portal.models import DailyVisits

    _, (commune, *_) = province
    today = timezone.localdate()
    with units.activate(commune):
        DailyVisits.objects.create(day=today, visits=30)
        DailyVisits.objects.create(day=today.replace(day=1) - timedelta(days=1), visits=7)
        UsefulnessVote.objects.create(path="/", title="Trang chủ", useful=True)
        UsefulnessVote.objects.create(path="/", title="Trang chủ", useful=False)
        UsefulnessVote.objects.create(path="/", title="Trang chủ", useful=True)
        read = factories.article(title="Bài đọc nhiều")
        factories.article(title="Bài đọc ít")
        type(read).objects.filter(pk=read.pk).update(view_count=120)
    measurement.measure(commune, check=False)
    measured = UnitMeasurement.objects.get(unit=commune)
    assert measured.visits_month == 30
    assert measured.top_pages == [{"title": "Bài đọc nhiều", "path": read.get_absolute_url(), "views": 120}]
    assert (measured.useful_yes, measured.useful_no, measured.useful_share) == (2, 1, 67)
    visits = dict(
        MonthlyFigure.objects.filter(unit=commune, figure=Figure.VISITS).values_list("month", "value")
    )
    assert len(visits) == 12
    assert visits[today.replace(day=1)] == 30
    assert visits[(today.replace(day=1) - timedelta(days=1)).replace(day=1)] == 7


# --- the command ----------------------------------------------------------------------------------------


def test_the_command_twice_gives_the_same_rows(province):
    _, (commune, *_) = province
    profile_pages(commune)
    with units.activate(commune):
        factories.article()
    out = io.StringIO()
    call_command("measure_units", "--no-checks", stdout=out)
    assert "Đã đo cổng thông tin của 5 đơn vị" in out.getvalue()  # with the test's own unit

    def rows():
        return sorted(MonthlyFigure.objects.values_list("unit_id", "month", "figure", "value"))

    first, first_measured = (
        rows(),
        sorted(UnitMeasurement.objects.values_list("unit_id", "completeness", "missing")),
    )
    assert len(first) == 5 * (12 * 5 + 1)
    out = io.StringIO()
    call_command("measure_units", "--no-checks", stdout=out)
    assert "0 dòng số liệu theo tháng thay đổi" in out.getvalue()
    assert rows() == first
    assert sorted(UnitMeasurement.objects.values_list("unit_id", "completeness", "missing")) == first_measured
    assert UnitMeasurement.objects.count() == 5


def test_a_unit_that_fails_leaves_the_others_measured(province, monkeypatch):
    from django.core.management.base import CommandError

    _, (broken, *_) = province
    real = measurement.measure

    def measure(unit, **options):
        if unit.pk == broken.pk:
            raise RuntimeError("hỏng")
        return real(unit, **options)

    monkeypatch.setattr(measurement, "measure", measure)
    with pytest.raises(CommandError, match=broken.code):
        call_command("measure_units", "--no-checks", stdout=io.StringIO())
    assert UnitMeasurement.objects.count() == 4 and not UnitMeasurement.objects.filter(unit=broken).exists()


def test_the_command_is_a_scheduled_job(settings):
    assert settings.SCHEDULED_JOBS["measure_units"] == "04:00"


# --- the admin's page -----------------------------------------------------------------------------------


def test_the_province_staff_see_the_table_sorted_and_filtered(province):
    province_unit, (a, b, c) = province
    profile_pages(a)
    profile_pages(b, draft={"lich-su"})
    factories.unit("03290", "Phường Thử", level=UnitLevel.PHUONG, parent=province_unit)
    measure_all()
    client = staff_client(province_unit)
    response = client.get(ADMIN_URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<h1") == 1
    assert '<ol class="breadcrumbs">' in page
    assert "Đánh giá cổng thông tin các đơn vị – Tỉnh Điện Biên" in page
    assert "Lịch sử: chưa công khai" in page  # what b lacks
    # the default order: the least complete first
    order = [page.index(name) for name in ("Xã Thử 02", "Xã Thử 01", "Xã Thử 00")]
    assert order == sorted(order)
    page = client.get(ADMIN_URL, {"sap_xep": "-day_du"}).content.decode()
    order = [page.index(f">{name}<") for name in ("Xã Thử 00", "Xã Thử 01", "Xã Thử 02")]
    assert order == sorted(order)
    assert 'aria-sort="descending"' in page
    page = client.get(ADMIN_URL, {"loai": "phuong"}).content.decode()
    assert "Phường Thử" in page and "Xã Thử 00" not in page
    assert "Có 1 đơn vị." in page
    assert client.get(ADMIN_URL, {"loai": "khong-co"}).status_code == 400


def test_the_table_comes_a_page_of_units_at_a_time_and_the_files_hold_them_all(province, monkeypatch):
    """500 units made a 1.1 MB admin page: the table, and the admin's lists of each unit below it, show a page
    of units; the summaries of every unit and the downloads stay whole; sorting and filtering keep on paging."""
    province_unit, (a, b, c) = province
    monkeypatch.setattr(measurement, "UNITS_PER_PAGE", 2)
    profile_pages(a)
    measure_all()
    client = staff_client(province_unit)
    ordered = {"sap_xep": "ten"}
    first = client.get(ADMIN_URL, ordered).content.decode()
    second = client.get(ADMIN_URL, {**ordered, "page": 2}).content.decode()
    names = ["Tỉnh Điện Biên", "Xã Thử 00", "Xã Thử 01", "Xã Thử 02"]
    table = re.compile(r'<table class="stats-table measure-table">.*?</table>', re.S)
    items = re.compile(r'<table class="measure-items">.*?</table>', re.S)
    for page, on_it in ((first, names[:2]), (second, names[2:])):
        for name in names:
            assert (f">{name}<" in table.search(page).group(0)) == (name in on_it), name
            assert (f">{name}<" in items.search(page).group(0)) == (name in on_it), name
        assert "Có 4 đơn vị; bảng này là các đơn vị thứ" in page
    assert "thứ 3 đến 4" in second
    # the next page's link keeps the order asked for
    assert 'href="?sap_xep=ten&amp;page=2" rel="next"' in first
    # a page past the end, or not a number: the last page, or the first
    assert ">Xã Thử 02<" in client.get(ADMIN_URL, {**ordered, "page": 99}).content.decode()
    assert ">Tỉnh Điện Biên<" in client.get(ADMIN_URL, {**ordered, "page": "x"}).content.decode()
    # every unit in the download, whatever page was shown
    response = client.get(ADMIN_URL, {**ordered, "page": 2, "xuat": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row[1] for row in rows[1:]] == names
    # the public summary pages the same way
    public = Client(HTTP_HOST=PROVINCE_HOST).get(PUBLIC_URL, {**ordered, "page": 2}).content.decode()
    assert ">Xã Thử 02<" in public and ">Tỉnh Điện Biên<" not in table.search(public).group(0)


def test_the_admin_s_lists_of_each_unit_are_read_for_its_page_of_units_only(province, monkeypatch):
    """The required items, most read pages and missed searches of each unit are the admin page's heaviest
    fields (JSON): they are read for the units on its page of the table, not for every unit of the province
    (nor at all for the public summary), and those units still show them."""
    province_unit, (a, b, c) = province
    monkeypatch.setattr(measurement, "UNITS_PER_PAGE", 2)
    measure_all()
    lists = {"top_pages": [{"title": "Bài đọc nhiều", "path": "/tin-tuc/bai/", "views": 120}]}
    lists["missed_searches"] = [{"query": "cap phep xay dung", "count": 3}]
    UnitMeasurement.objects.filter(unit__in=[a, c]).update(**lists)
    heavy = ('"items"', '"top_pages"', '"missed_searches"')

    def read(client, url, params):
        with CaptureQueriesContext(connection) as captured:
            page = client.get(url, params).content.decode()
        return page, [q["sql"] for q in captured if any(column in q["sql"] for column in heavy)]

    ordered = {"sap_xep": "ten"}  # Tỉnh Điện Biên, Xã Thử 00 | Xã Thử 01, Xã Thử 02
    page, queries = read(staff_client(province_unit), ADMIN_URL, ordered)
    assert "«cap phep xay dung» (3)" in page and "Bài đọc nhiều" in page  # Xã Thử 00's, on this page
    assert len(queries) == 1 and "portal_unit" not in queries[0]  # one query, of the page's measurements
    page, _queries = read(staff_client(province_unit), ADMIN_URL, {**ordered, "page": 2})
    assert "«cap phep xay dung» (3)" in page  # Xã Thử 02's
    public, queries = read(Client(HTTP_HOST=PROVINCE_HOST), PUBLIC_URL, ordered)
    assert ">Xã Thử 00<" in public and queries == []


def test_a_communes_staff_is_refused(province):
    _, (commune, *_) = province
    client = staff_client(commune)
    client.defaults["HTTP_HOST"] = "xa0.dienbien.localhost"
    response = client.get(ADMIN_URL)
    assert response.status_code == 403
    assert "Đánh giá cổng thông tin" not in client.get("/quan-tri/").content.decode()
    # and the public summary is on the province's host only
    assert Client(HTTP_HOST="xa0.dienbien.localhost").get(PUBLIC_URL).status_code == 404


def test_the_admin_home_links_the_page_for_the_province_staff(province):
    province_unit, _ = province
    page = staff_client(province_unit).get("/quan-tri/").content.decode()
    assert ADMIN_URL in page


# --- files ----------------------------------------------------------------------------------------------


def test_csv_and_xlsx_have_vietnamese_headings_and_the_rows_shown(province):
    from openpyxl import load_workbook

    province_unit, (a, *_) = province
    profile_pages(a)
    factories.unit("03290", "Phường Thử", level=UnitLevel.PHUONG, parent=province_unit)
    measure_all()
    client = staff_client(province_unit)
    response = client.get(ADMIN_URL, {"loai": "xa", "sap_xep": "-day_du", "xuat": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert 'filename="danh-gia-cong-thong-tin-' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == measurement.FILE_COLUMNS
    assert rows[0][:5] == ["STT", "Đơn vị", "Mã ĐVHC", "Loại đơn vị", "Mức đầy đủ (%)"]
    assert [row[1] for row in rows[1:]] == ["Xã Thử 00", "Xã Thử 01", "Xã Thử 02"]  # the kind, the order
    assert rows[1][4] > rows[2][4]

    response = Client(HTTP_HOST=PROVINCE_HOST).get(PUBLIC_URL, {"xuat": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert list(values[0]) == measurement.FILE_COLUMNS
    assert len(values) == 1 + 5  # the province, three communes, the ward
    assert {row[1] for row in values[1:]} == {
        "Tỉnh Điện Biên",
        "Xã Thử 00",
        "Xã Thử 01",
        "Xã Thử 02",
        "Phường Thử",
    }


# --- the public summary ---------------------------------------------------------------------------------


def test_the_public_summary_is_on_the_provinces_host_in_the_sitemap(province):
    measure_all()
    client = Client(HTTP_HOST=PROVINCE_HOST)
    response = client.get(PUBLIC_URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<h1") == 1
    assert "Đánh giá cổng thông tin các đơn vị" in page
    assert "Diễn biến 12 tháng" in page and "<svg" in page
    assert "Mức đầy đủ thông tin (%)" in page
    assert "tìm kiếm không có kết quả (30 ngày)" not in page.lower()  # the citizens' words: staff only
    assert PUBLIC_URL in client.get("/sitemap.xml").content.decode()
    assert PUBLIC_URL not in Client(HTTP_HOST="xa0.dienbien.localhost").get("/sitemap.xml").content.decode()


# --- queries --------------------------------------------------------------------------------------------


def queries_of(client, url):
    client.get(url)  # warm: the unit map, the session
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", [ADMIN_URL, PUBLIC_URL])
def test_the_pages_make_as_many_queries_for_3_units_as_for_10(url):
    province_unit, _ = make_province(3)
    measure_all()
    client = staff_client(province_unit) if url == ADMIN_URL else Client(HTTP_HOST=PROVINCE_HOST)
    few = queries_of(client, url)
    for n in range(3, 10):
        extra = factories.unit(
            f"{3300 + n:05d}", f"Xã Thêm {n}", hosts=[f"them{n}.dienbien.localhost"], parent=province_unit
        )
        measurement.measure(extra, check=False)
    units.hosts_changed()
    from django.core.cache import cache

    cache.clear()  # the page cache
    many = queries_of(client, url)
    assert many == few
    assert few <= 12


@pytest.mark.parametrize(
    "query, status",
    [
        ({"sap_xep": "'; drop table"}, 200),  # an unknown column: the default order
        ({"sap_xep": "--ten"}, 200),
        ({"loai": "<script>"}, 400),  # an unknown kind: every unit, and says so
        ({"xuat": "pdf"}, 200),  # an unknown file type: the page
        ({"loai": "<script>", "xuat": "csv"}, 400),  # no file of a table the address did not ask for
    ],
)
def test_bad_input_gets_the_page_or_a_400_never_a_500(province, query, status):
    measure_all()
    for client, url in (
        (Client(HTTP_HOST=PROVINCE_HOST), PUBLIC_URL),
        (staff_client(province[0]), ADMIN_URL),
    ):
        response = client.get(url, query)
        assert response.status_code == status, (url, query)
        assert response["Content-Type"].startswith("text/html")
        if status == 400:
            assert "Loại đơn vị trong địa chỉ không có" in response.content.decode()


def test_the_charts_of_one_unit(province):
    from portal.models import DailyVisits

    _, (a, b, _) = province
    with units.activate(a):
        DailyVisits.objects.create(day=timezone.localdate(), visits=1234)
    with units.activate(b):
        DailyVisits.objects.create(day=timezone.localdate(), visits=4321)
    measure_all()
    client = Client(HTTP_HOST=PROVINCE_HOST)
    month = timezone.localdate().strftime("%m/%Y")
    everyone = client.get(PUBLIC_URL).content.decode()
    assert f"{month}: 5.555" in everyone  # the sum of the units shown
    one = client.get(PUBLIC_URL, {"ma": a.code}).content.decode()
    assert "Diễn biến 12 tháng: Xã Thử 00" in one
    assert f"{month}: 1.234" in one and "5.555" not in one
