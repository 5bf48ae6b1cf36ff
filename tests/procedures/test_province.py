"""What the province's host shows of its units' dossiers (issue 16 item 2): the lookup finds a code in any unit
of the province (never another province's, never more than the lookup shows today), and the province's figures
by unit come from the roll-ups, sortable, as CSV, in the same few queries for 3 units or 30. A commune's host
keeps its own dossiers only and has no province page."""

import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from portal import units
from portal.models import UnitLevel
from procedures.models import MonthlyFigures, UnitProcedure
from procedures.quality import rollup
from tests import factories

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
PROVINCE_HOST = "dienbien.localhost"
BUNGLAO_HOST = "bunglao.dienbien.localhost"
ANGTO_HOST = "angto.dienbien.localhost"
BUNGLAO_CODE = "000.00.25.H19-200305-0001"
ANGTO_CODE = "000.00.26.H19-200306-0001"
OTHER_PROVINCE_CODE = "000.00.30.H20-200307-0001"
MONTHS_2020 = [date(2020, m, 1) for m in range(1, 13)]


def at(day, hour=9):
    return datetime(2020, *day, hour, 0, tzinfo=HCM)


def dossiers_in(unit, procedure, specs):
    """Dossiers of ``unit``: (code, received (month, day), finished (month, day) or None, late)."""
    with units.activate(unit):
        if not UnitProcedure.objects.filter(procedure=procedure).exists():
            UnitProcedure.objects.create(procedure=procedure)
        for code, received, finished, late in specs:
            values = {"code": code, "procedure": procedure, "received_at": at(received)}
            if finished:
                values.update(status="10", finished_at=at(finished, 20 if late else 10))
            factories.dossier(
                **values,
                applicant_name="Nguyễn Văn An",
                applicant_phone="0912345678",
                received_by="Lò Thị Hương",
            )
        rollup(MONTHS_2020)


@pytest.fixture
def world():
    province = factories.unit("11", "Tỉnh Điện Biên", level=UnitLevel.TINH, hosts=[PROVINCE_HOST])
    bunglao = factories.unit("03256", "Xã Búng Lao", hosts=[BUNGLAO_HOST], parent=province)
    angto = factories.unit("03259", "Xã Ẳng Tở", hosts=[ANGTO_HOST], parent=province)
    quiet = factories.unit("03260", "Xã Chưa Có Hồ Sơ", parent=province)
    other = factories.unit("12", "Tỉnh Lai Châu", level=UnitLevel.TINH, hosts=["laichau.localhost"])
    elsewhere = factories.unit("04001", "Xã Tỉnh Khác", hosts=["xa.laichau.localhost"], parent=other)
    units.hosts_changed()
    procedure = factories.procedure(
        name="Đăng ký khai sinh", processing_days=1, carried_out=False, code="1.001193"
    )
    # Búng Lao: 3 received in March 2020, 2 resolved (1 late); Ẳng Tở: 2 received in March, 2 resolved on time
    # and 1 received in April, still open
    dossiers_in(
        bunglao,
        procedure,
        [
            (BUNGLAO_CODE, (3, 5), (3, 6), False),
            ("000.00.25.H19-200305-0002", (3, 5), (3, 20), True),
            ("000.00.25.H19-200310-0001", (3, 10), None, False),
        ],
    )
    dossiers_in(
        angto,
        procedure,
        [
            (ANGTO_CODE, (3, 6), (3, 6), False),
            ("000.00.26.H19-200309-0001", (3, 9), (3, 10), False),
            ("000.00.26.H19-200402-0001", (4, 2), None, False),
        ],
    )
    dossiers_in(elsewhere, procedure, [(OTHER_PROVINCE_CODE, (3, 7), (3, 8), False)])
    return {"province": province, "bunglao": bunglao, "angto": angto, "quiet": quiet, "elsewhere": elsewhere}


def on(host):
    return Client(HTTP_HOST=host)


# --- the lookup -------------------------------------------------------------------------------------------


def test_the_province_host_finds_a_communes_dossier_and_says_which_unit_holds_it(world):
    response = on(PROVINCE_HOST).get("/tra-cuu-ho-so/", {"ma": BUNGLAO_CODE.lower()})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    for text in (
        "Đơn vị tiếp nhận",
        '<a href="http://bunglao.dienbien.localhost/">Xã Búng Lao</a>',
        "Bộ phận Một cửa Xã Búng Lao",
        "Đăng ký khai sinh",
        "05/03/2020 09:00",
        "Đã trả kết quả",
        # the steps kept in the commune, read from the province's host
        "Được tiếp nhận",
        # the procedure and the rating on the commune's own site
        'href="http://bunglao.dienbien.localhost/thu-tuc-hanh-chinh/1.001193/"',
        'href="http://bunglao.dienbien.localhost/danh-gia-ho-so/?ma=000.00.25.H19-200305-0001"',
    ):
        assert text in page, text
    # no more than today's lookup: nothing of the applicant
    for secret in ("Nguyễn", "0912345678", "011200001234"):
        assert secret not in page


def test_the_province_host_does_not_find_another_provinces_dossier(world):
    response = on(PROVINCE_HOST).get("/tra-cuu-ho-so/", {"ma": OTHER_PROVINCE_CODE})
    assert response.status_code == 404
    assert "Không tìm thấy hồ sơ có mã" in response.content.decode()


def test_links_to_a_communes_site_keep_the_port_the_visitor_used(world):
    page = (
        Client(HTTP_HOST=f"{PROVINCE_HOST}:8000")
        .get("/tra-cuu-ho-so/", {"ma": BUNGLAO_CODE})
        .content.decode()
    )
    assert '<a href="http://bunglao.dienbien.localhost:8000/">Xã Búng Lao</a>' in page


def test_a_commune_host_finds_its_own_dossiers_only(world):
    assert on(BUNGLAO_HOST).get("/tra-cuu-ho-so/", {"ma": BUNGLAO_CODE}).status_code == 200
    page = on(BUNGLAO_HOST).get("/tra-cuu-ho-so/", {"ma": BUNGLAO_CODE}).content.decode()
    assert "Đơn vị tiếp nhận" not in page  # as before: the unit's own desk
    assert 'href="/danh-gia-ho-so/?ma=000.00.25.H19-200305-0001"' in page
    response = on(BUNGLAO_HOST).get("/tra-cuu-ho-so/", {"ma": ANGTO_CODE})
    assert response.status_code == 404


def test_a_code_held_by_two_communes_shows_both(world):
    procedure = factories.procedure(carried_out=False)
    dossiers_in(world["angto"], procedure, [(BUNGLAO_CODE, (5, 4), None, False)])
    page = on(PROVINCE_HOST).get("/tra-cuu-ho-so/", {"ma": BUNGLAO_CODE}).content.decode()
    assert "Có 2 hồ sơ mang mã này" in page
    assert "Xã Búng Lao" in page and "Xã Ẳng Tở" in page


@pytest.mark.parametrize("bad", ["abc", "<script>alert(1)</script>", "1" * 5000, ""])
def test_a_malformed_code_on_the_province_host_gets_a_vietnamese_message(world, bad):
    response = on(PROVINCE_HOST).get("/tra-cuu-ho-so/", {"ma": bad})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Mã hồ sơ" in page and "<script>alert" not in page


# --- the figures by unit ----------------------------------------------------------------------------------


def rows_of(page):
    """{unit name: [received, resolved, on time, late, rate]} of the table by unit, as shown."""
    import re

    table = page.split('class="stats-table province-table"', 1)[1]
    body = table.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    found = {}
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        name = re.search(r'<th scope="row" class="unit-name sticky-col">(?:<a [^>]*>)?([^<]+)', row).group(1)
        found[name] = re.findall(r"<td>([^<]*)</td>", row)[1:]
    return found


def test_the_table_by_unit_matches_the_roll_ups(world):
    response = on(PROVINCE_HOST).get("/thong-ke-ho-so/toan-tinh/", {"nam": 2020})
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<h1") == 1 and "Thống kê hồ sơ toàn tỉnh năm 2020" in page
    rows = rows_of(page)
    assert rows["Xã Búng Lao"] == ["3", "2", "1", "1", "50%"]
    assert rows["Xã Ẳng Tở"] == ["3", "2", "2", "0", "100%"]
    assert rows["Xã Chưa Có Hồ Sơ"] == ["0", "0", "0", "0", "—"]
    assert "Xã Tỉnh Khác" not in page and "Tỉnh Điện Biên" not in rows  # nothing at the province's own desk
    # the same as the roll-ups say
    with units.everywhere():
        for unit in (world["bunglao"], world["angto"]):
            sums = MonthlyFigures.objects.filter(unit=unit, month__year=2020)
            assert int(rows[unit.unit_name][0]) == sum(row.received for row in sums)
            assert int(rows[unit.unit_name][1]) == sum(row.resolved for row in sums)
    assert response.context["report"].total.received == 6
    assert response.context["report"].total.on_time == 3
    assert 'href="http://bunglao.dienbien.localhost/"' in page
    assert '<rect class="bar-received"' in page  # the chart, drawn as the statistics page draws its bars


def test_a_month_and_the_months_figures(world):
    rows = rows_of(
        on(PROVINCE_HOST).get("/thong-ke-ho-so/toan-tinh/", {"nam": 2020, "thang": 4}).content.decode()
    )
    assert rows["Xã Ẳng Tở"][:2] == ["1", "0"] and rows["Xã Búng Lao"][:2] == ["0", "0"]


def test_the_page_opens_on_the_latest_year_with_figures(world):
    response = on(PROVINCE_HOST).get("/thong-ke-ho-so/toan-tinh/")
    assert response.status_code == 200
    assert response.context["label"] == "năm 2020"


@pytest.mark.parametrize(
    ("sort", "first"),
    [
        ("ten", "Xã Ẳng Tở"),  # by the name without accents: Ẳ is an A
        ("-ten", "Xã Chưa Có Hồ Sơ"),
        ("-qua_han", "Xã Búng Lao"),
        ("-ty_le", "Xã Ẳng Tở"),
        ("ty_le", "Xã Chưa Có Hồ Sơ"),
        ("-dung_han", "Xã Ẳng Tở"),
        ("khong-co", "Xã Ẳng Tở"),
        ("x" * 5000, "Xã Ẳng Tở"),
    ],
)
def test_the_table_sorts_by_a_column(world, sort, first):
    response = on(PROVINCE_HOST).get("/thong-ke-ho-so/toan-tinh/", {"nam": 2020, "sap_xep": sort})
    assert response.status_code == 200
    assert next(iter(rows_of(response.content.decode()))) == first


def test_column_headers_link_to_their_sort(world):
    page = (
        on(PROVINCE_HOST)
        .get("/thong-ke-ho-so/toan-tinh/", {"nam": 2020, "sap_xep": "-ty_le"})
        .content.decode()
    )
    assert 'aria-sort="descending"' in page
    assert 'href="?nam=2020&amp;sap_xep=ty_le"' in page  # the sorted column, the other way
    assert 'href="?nam=2020&amp;sap_xep=-tiep_nhan"' in page  # a figure: largest first


def test_the_csv_opens_in_excel_with_the_right_headers(world):
    response = on(PROVINCE_HOST).get("/thong-ke-ho-so/toan-tinh/", {"nam": 2020, "xuat": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="thong-ke-ho-so-toan-tinh-2020.csv"' in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert table[0] == [
        "Mã ĐVHC",
        "Đơn vị",
        "Tiếp nhận",
        "Đã giải quyết",
        "Trước và đúng hạn",
        "Quá hạn",
        "Tỷ lệ đúng hạn (%)",
    ]
    assert ["03256", "Xã Búng Lao", "3", "2", "1", "1", "50,0"] in table
    assert table[-1] == ["11", "Toàn tỉnh", "6", "4", "3", "1", "75,0"]


def test_a_commune_host_has_no_province_statistics(world):
    assert on(BUNGLAO_HOST).get("/thong-ke-ho-so/toan-tinh/").status_code == 404
    assert on(BUNGLAO_HOST).get("/thong-ke-ho-so/toan-tinh/", {"xuat": "csv"}).status_code == 404
    assert "/thong-ke-ho-so/toan-tinh/" not in on(BUNGLAO_HOST).get("/thong-ke-ho-so/").content.decode()
    assert "/thong-ke-ho-so/toan-tinh/" in on(PROVINCE_HOST).get("/thong-ke-ho-so/").content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"nam": 99999}, "Năm phải từ 2000 đến"),
        ({"nam": "hai nghìn"}, "Năm phải là một số"),
        ({"nam": "9" * 5000}, "Năm phải là một số"),
        ({"nam": 2020, "thang": 13}, "Tháng phải là một số từ 1 đến 12"),
        ({"nam": 2020, "xuat": "csv", "thang": "x"}, "Tháng phải là một số từ 1 đến 12"),
    ],
)
def test_a_bad_period_gets_a_vietnamese_message(world, query, message):
    response = on(PROVINCE_HOST).get("/thong-ke-ho-so/toan-tinh/", query)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_query_count_does_not_grow_with_the_units(world, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = on(PROVINCE_HOST)
    client.get("/thong-ke-ho-so/toan-tinh/?nam=2020")  # the host map and the layout's cached parts, once
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/thong-ke-ho-so/toan-tinh/?nam=2020").status_code == 200
    with_few = len(captured)
    assert with_few <= 6, with_few
    procedure = factories.procedure(carried_out=False)
    for n in range(26):
        unit = factories.unit(
            f"05{n:03d}", f"Xã Thêm {n}", hosts=[f"them{n}.dienbien.localhost"], parent=world["province"]
        )
        dossiers_in(unit, procedure, [(f"000.00.50.H19-200303-{n:04d}", (3, 3), (3, 4), False)])
    units.hosts_changed()
    client.get("/thong-ke-ho-so/toan-tinh/?nam=2020")
    with django_assert_max_num_queries(with_few):
        page = client.get("/thong-ke-ho-so/toan-tinh/?nam=2020").content.decode()
    assert "Xã Thêm 25" in page
    with django_assert_max_num_queries(with_few):
        assert client.get("/thong-ke-ho-so/toan-tinh/?nam=2020&xuat=csv").status_code == 200
