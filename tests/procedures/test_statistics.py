"""Dossier statistics against a hand-computed fixture, the pages, their query budgets and the demo's 2020 figures."""

import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal.models import Holiday
from portal.workdays import due_at
from procedures.models import Dossier
from procedures.stats import Period, dossier_stats
from tests import factories
from tests.demo import load_demo

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day, month, hour=9, minute=0):
    return datetime(2020, month, day, hour, minute, tzinfo=HCM)


@pytest.fixture
def fixture():
    """Nine dossiers around February 2020; the expected figures are worked out by hand in the tests."""
    a = factories.procedure(field=factories.procedure_field(name="Lĩnh vực A", order=1))
    b = factories.procedure(field=factories.procedure_field(name="Lĩnh vực B", order=2))

    def make(procedure, received, due, status, finished=None, channel="truc_tiep"):
        return factories.dossier(
            procedure=procedure,
            received_at=received,
            due_at=due,
            status=status,
            finished_at=finished,
            channel=channel,
        )

    make(a, at(20, 1), at(23, 1), "4")  # d1: carried over, still open, overdue
    make(a, at(28, 1), at(5, 2), "10", at(3, 2))  # d2: carried over, resolved early
    make(a, at(10, 1), at(15, 1, 17), "10", at(15, 1, 10))  # d3: resolved in January, on time
    make(a, at(3, 2), at(6, 2, 10), "10", at(6, 2, 9), channel="truc_tuyen")  # d4: new online, on time
    make(a, at(4, 2), at(7, 2, 10), "9", at(10, 2))  # d5: new, late
    make(b, at(10, 2), at(5, 3), "5", channel="buu_chinh")  # d6: new by post, open within time
    make(b, at(20, 2), at(25, 2), "7", at(21, 2))  # d7: new, withdrawn
    make(b, at(25, 2), at(2, 3), "10", at(3, 3))  # d8: new, still open at the end of February
    make(b, at(2, 3), at(5, 3), "2")  # d9: March


def figures(row, *names):
    return tuple(getattr(row, name) for name in names)


COLUMNS = (
    "carried",
    "new",
    "new_truc_tiep",
    "new_truc_tuyen",
    "new_buu_chinh",
    "resolved",
    "early",
    "on_time",
)
COLUMNS += ("late", "in_progress", "within", "overdue", "withdrawn")


def test_month_figures_match_the_hand_computed_ones(fixture):
    stats = dossier_stats(Period(2020, month=2), now=at(1, 6))
    assert figures(stats.total, *COLUMNS) == (2, 5, 3, 1, 1, 3, 1, 1, 1, 3, 2, 1, 1)
    assert stats.total.received == 7 and stats.total.on_time_rate == 66.7
    a, b = stats.fields
    assert a.label == "Lĩnh vực A" and figures(a, *COLUMNS) == (2, 2, 1, 1, 0, 3, 1, 1, 1, 1, 0, 1, 0)
    assert b.label == "Lĩnh vực B" and figures(b, *COLUMNS) == (0, 3, 2, 0, 1, 0, 0, 0, 0, 2, 2, 0, 1)
    assert stats.months == []


def test_year_figures_and_months(fixture):
    stats = dossier_stats(Period(2020), now=at(1, 6))
    assert figures(stats.total, *COLUMNS) == (0, 9, 7, 1, 1, 5, 1, 2, 2, 3, 0, 3, 1)
    assert stats.months[:4] == [(1, 3, 1), (2, 5, 3), (3, 1, 1), (4, 0, 0)]
    assert len(stats.months) == 12
    assert dossier_stats(Period(2020, to_month=2), now=at(1, 6)).total.in_progress == 3


def test_statistics_cost_a_constant_number_of_queries(fixture):
    def count(period):
        with CaptureQueriesContext(connection) as captured:
            dossier_stats(period)
        return len(captured)

    small = (count(Period(2020)), count(Period(2020, month=2)))
    for _ in range(40):
        factories.dossier(procedure=factories.procedure(field=factories.procedure_field()))
    assert (count(Period(2020)), count(Period(2020, month=2))) == small == (3, 3)


def page_queries(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def test_pages_cost_the_same_with_few_or_many_dossiers(client, fixture):
    factories.site_settings()
    urls = ["/mot-cua/", "/thong-ke-ho-so/?nam=2020", "/thong-ke-ho-so/?nam=2020&thang=2", "/tra-cuu-ho-so/"]
    small = [page_queries(client, url) for url in urls]
    for _ in range(50):
        factories.dossier(procedure=factories.procedure(field=factories.procedure_field()))
    assert [page_queries(client, url) for url in urls] == small


def test_statistics_page_shows_tables_and_a_bar_chart(client, fixture):
    factories.site_settings()
    response = client.get("/thong-ke-ho-so/", {"nam": "2020", "thang": "2"})
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<h1>") == 1 and "tháng 02/2020" in page
    # a bar a field, named, as long as its share of the largest value (SVG attributes, not styles)
    chart = page[page.index('<figure class="chart">') : page.index("</figure>")]
    assert 'role="img"' in chart and "theo lĩnh vực, tháng 02/2020" in chart
    assert '<span class="hbar-label">Lĩnh vực A</span>' in chart
    assert re.findall(r'<rect class="bar-(?:received|resolved)" width="([\d.]+)"', chart) == [
        "100.0",  # A received 4 (the largest value)
        "75.0",  # A resolved 3
        "75.0",  # B received 3
        "0.0",  # B resolved none (d7 was withdrawn)
    ]
    assert "Lĩnh vực A" in page and "66,7%" in page
    assert ' style="' not in page  # the chart keeps to the CSP: no inline styles
    year = client.get("/thong-ke-ho-so/", {"nam": "2020"}).content.decode()
    assert "Hồ sơ theo tháng" in year and "02/2020" in year


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"nam": "abc"}, "Năm phải là một số"),
        ({"nam": "1999"}, "Năm phải từ 2000"),
        ({"nam": "2020", "thang": "13"}, "Tháng phải là một số từ 1 đến 12"),
        ({"nam": "2020", "thang": "2", "den_thang": "5"}, "không chọn cả hai"),
        ({"nam": "<script>"}, "Năm phải là một số"),
    ],
)
def test_bad_periods_get_a_vietnamese_message_not_a_500(client, query, message):
    factories.site_settings()
    response = client.get("/thong-ke-ho-so/", query)
    assert response.status_code == 400
    assert message in response.content.decode() and "<script>" not in response.content.decode()


def test_demo_shows_the_2020_figures_of_the_reference_page(client, monkeypatch):
    load_demo()
    stats = dossier_stats(Period(2020, to_month=10))
    assert (stats.total.received, stats.total.resolved, stats.total.in_progress) == (2578, 2477, 101)
    assert stats.total.carried == 0 and stats.total.withdrawn == 0
    assert len(stats.fields) >= 5
    assert min(received for _, received, _ in stats.months) > 150  # spread over every month
    totals = stats.total
    assert totals.new_truc_tiep > totals.new_truc_tuyen > totals.new_buu_chinh > 0
    as_of = dossier_stats(Period(2020, as_of=date(2020, 10, 31)))
    assert figures(as_of.total, *COLUMNS) == figures(stats.total, *COLUMNS)
    page = client.get("/thong-ke-ho-so/", {"nam": "2020", "den_thang": "10"}).content.decode()
    assert "2.578" in page and "2.477" in page and "từ tháng 01 đến tháng 10/2020" in page

    # December 2026: the featured 2020 article says 101 in progress on 31/10/2020; the box shows 2026
    # (no dossier yet), and the article leads to the 2020 figures as of that day, which agree with it
    december_2026 = datetime(2026, 12, 2, 10, 0, tzinfo=HCM)
    home = get_at(client, monkeypatch, "/", december_2026)
    assert "101 hồ sơ đang trong thời hạn xử lý" in home
    assert "Kết quả giải quyết hồ sơ năm 2026, tính đến ngày 02/12/2026" in home
    assert "Chưa có hồ sơ nào trong kỳ này" in home and summary(home) == {}
    desk = get_at(client, monkeypatch, "/mot-cua/", december_2026)
    assert "Kết quả giải quyết hồ sơ năm 2026" in desk and summary(desk) == {}
    article = get_at(
        client, monkeypatch, "/tin-tuc/muong-ang-day-manh-cai-cach-hanh-chinh-nam-2020/", december_2026
    )
    link = "/thong-ke-ho-so/?nam=2020&amp;den_ngay=31/10/2020"
    assert f'<a href="{link}"' in article
    figures_then = get_at(client, monkeypatch, link.replace("&amp;", "&"), december_2026)
    assert "<h1>Thống kê giải quyết hồ sơ năm 2020, tính đến ngày 31/10/2020</h1>" in figures_then
    then = summary(figures_then)
    assert (then["Hồ sơ tiếp nhận"], then["Đã giải quyết"], then["Đang giải quyết"]) == (
        "2.578",
        "2.477",
        "101",
    )
    # the whole year 2020 is there too, with every dossier of it resolved by December
    year = summary(get_at(client, monkeypatch, "/thong-ke-ho-so/?nam=2020", december_2026))
    assert (year["Hồ sơ tiếp nhận"], year["Đã giải quyết"], year["Đang giải quyết"]) == (
        "2.578",
        "2.578",
        "0",
    )


def test_demo_dossiers_are_due_by_the_desks_rule():
    """The demo generator has no rule of its own: every dossier is due when ``due_at`` says."""
    load_demo()
    holidays = set(Holiday.objects.values_list("date", flat=True))
    dossiers = Dossier.objects.select_related("procedure")
    assert dossiers.count() == 2578
    wrong = [
        d.code
        for d in dossiers
        if d.due_at != due_at(d.received_at, d.procedure.processing_days, holidays=holidays, closing=time(17))
    ]
    assert wrong == []
    same_day = dossiers.filter(procedure__processing_days=0)
    assert {timezone.localtime(d.due_at).time() for d in same_day} == {time(17)}


def test_statistics_page_opens_on_the_current_year_with_earlier_years_to_choose(client, monkeypatch, fixture):
    factories.site_settings()
    page = get_at(client, monkeypatch, "/thong-ke-ho-so/", NOW)
    assert "<h1>Thống kê giải quyết hồ sơ năm 2020, tính đến ngày 01/06/2020</h1>" in page
    assert '<option value="2020" selected>' in page
    later = get_at(client, monkeypatch, "/thong-ke-ho-so/", datetime(2021, 3, 1, 9, 0, tzinfo=HCM))
    assert "<h1>Thống kê giải quyết hồ sơ năm 2021, tính đến ngày 01/03/2021</h1>" in later
    assert '<option value="2021" selected>' in later and '<option value="2020">' in later


def test_benchmark_command_generates_measures_and_clears(capsys):
    from procedures.models import Dossier

    factories.procedure()
    call_command(
        "bench_dossier_stats", "--count", "600", "--runs", "2", "--first-year", "2019", "--last-year", "2020"
    )
    out = capsys.readouterr().out
    assert "Sinh 600 hồ sơ" in out and "3 truy vấn" in out and "p50" in out
    assert Dossier.objects.filter(code__startswith="BENCH-").count() == 600
    stats = dossier_stats(Period(2019))
    assert stats.total.new > 200 and stats.total.resolved > 0
    call_command("bench_dossier_stats", "--count", "600", "--clear")
    assert not Dossier.objects.filter(code__startswith="BENCH-").exists()


# --- Figures that tell the columns apart ------------------------------------------------------------------
# Every level (each field, the total, each month, the year) has different numbers of early, on-time and
# late dossiers, and of dossiers in progress within and past their time; and the boundaries are in the
# data: a dossier finished exactly at its due minute (on time), one due exactly at the end of February,
# one received exactly at its start and one finished exactly at its end. Swapping two columns, counting
# the due minute as late or moving a period boundary by one changes a number asserted below.

NOW = datetime(2020, 6, 1, 10, 0, tzinfo=HCM)  # a Monday; the home box shows 2020 as of this day


@pytest.fixture
def uneven():
    civil = factories.procedure(field=factories.procedure_field(name="Hộ tịch", order=1))
    land = factories.procedure(field=factories.procedure_field(name="Đất đai", order=2))

    def make(procedure, received, due, status="10", finished=None, channel="truc_tiep"):
        return factories.dossier(
            procedure=procedure,
            received_at=received,
            due_at=due,
            status=status,
            finished_at=finished,
            channel=channel,
        )

    # Hộ tịch. February: carried 1, new 8; early 2, on time 3, late 1; in progress 3 (within 2, overdue 1)
    make(civil, at(20, 1), at(23, 1, 17), finished=at(5, 2, 10))  # late, carried into February
    make(civil, at(1, 2, 0), at(5, 2, 17), finished=at(4, 2))  # received at the very start: new, early
    make(civil, at(3, 2), at(6, 2, 17), finished=at(4, 2, 10))  # early
    make(civil, at(3, 2, 10), at(6, 2, 17), finished=at(6, 2, 17), channel="truc_tuyen")  # at the due minute
    make(civil, at(4, 2), at(7, 2, 17), finished=at(7, 2, 11), channel="truc_tuyen")  # on time
    make(civil, at(5, 2), at(7, 2, 17), finished=at(7, 2, 9))  # on time
    make(civil, at(24, 2), at(1, 3, 0), status="4")  # due exactly at the end of February: within there
    make(civil, at(25, 2), at(28, 2, 17), status="4")  # overdue
    make(civil, at(26, 2), at(2, 3, 17), finished=at(1, 3, 0))  # finished at the end: in progress there
    make(civil, at(2, 3), at(4, 3, 17), finished=at(3, 3))  # March, early
    make(civil, at(29, 5), at(3, 6, 17), status="2")  # May, still within its time on 01/06
    # Đất đai. February: new 10; early 1, on time 2, late 3; in progress 2 (both overdue); withdrawn 2
    make(land, at(3, 2, 8), at(5, 2, 17), finished=at(4, 2, 15))  # early
    make(land, at(4, 2, 8), at(6, 2, 17), finished=at(6, 2, 10), channel="buu_chinh")  # on time
    make(land, at(5, 2, 8), at(10, 2, 17), finished=at(10, 2, 16))  # on time
    make(land, at(6, 2, 8), at(10, 2, 17), finished=at(11, 2, 8))  # late
    make(land, at(7, 2, 8), at(11, 2, 17), finished=at(12, 2, 8))  # late
    make(land, at(10, 2, 8), at(12, 2, 17), finished=at(12, 2, 17, 1))  # one minute late
    make(land, at(17, 2, 8), at(19, 2, 17), status="5")  # overdue
    make(land, at(18, 2, 8), at(20, 2, 17), status="4")  # overdue
    make(land, at(19, 2, 8), at(25, 2, 17), status="7", finished=at(20, 2))  # withdrawn
    make(land, at(29, 2), at(4, 3, 17), status="7", finished=at(29, 2, 11), channel="truc_tuyen")  # last day
    make(land, at(10, 1, 8), at(15, 1, 17), finished=at(15, 1, 16))  # January, on time
    make(land, at(2, 3, 8), at(4, 3, 17), finished=at(4, 3, 16, 30))  # March, on time


def test_february_figures_of_each_field_and_the_total(uneven):
    stats = dossier_stats(Period(2020, month=2), now=NOW)
    civil, land = stats.fields
    #                                    carried new  tt tt bc  res  e  o  l  prog in over withdrawn
    assert figures(civil, *COLUMNS) == (1, 8, 6, 2, 0, 6, 2, 3, 1, 3, 2, 1, 0)
    assert figures(land, *COLUMNS) == (0, 10, 8, 1, 1, 6, 1, 2, 3, 2, 0, 2, 2)
    assert figures(stats.total, *COLUMNS) == (1, 18, 14, 3, 1, 12, 3, 5, 4, 5, 2, 3, 2)
    assert (civil.on_time_rate, land.on_time_rate, stats.total.on_time_rate) == (83.3, 50.0, 66.7)


def test_year_figures_of_each_field_the_total_and_the_months(uneven):
    stats = dossier_stats(Period(2020), now=NOW)
    civil, land = stats.fields
    assert figures(civil, *COLUMNS) == (0, 11, 9, 2, 0, 8, 4, 3, 1, 3, 1, 2, 0)
    assert figures(land, *COLUMNS) == (0, 12, 10, 1, 1, 8, 1, 4, 3, 2, 0, 2, 2)
    assert figures(stats.total, *COLUMNS) == (0, 23, 19, 3, 1, 16, 5, 7, 4, 5, 1, 4, 2)
    assert (civil.on_time_rate, land.on_time_rate, stats.total.on_time_rate) == (87.5, 62.5, 75.0)
    assert stats.months[:6] == [(1, 2, 1), (2, 18, 12), (3, 2, 3), (4, 0, 0), (5, 1, 0), (6, 0, 0)]


def test_figures_as_of_a_date(uneven):
    """As of a date, a dossier is in progress if it was received by then and not finished by then."""
    end_of_february = dossier_stats(Period(2020, as_of=date(2020, 2, 29)), now=NOW)
    assert figures(end_of_february.total, *COLUMNS) == (0, 20, 16, 3, 1, 13, 3, 6, 4, 5, 2, 3, 2)
    # the 5th of February: early 3 (two of them received that week), late 1 (carried), five still running
    stats = dossier_stats(Period(2020, month=2, as_of=date(2020, 2, 5)), now=NOW)
    assert figures(stats.total, *COLUMNS) == (1, 8, 5, 2, 1, 4, 3, 0, 1, 5, 5, 0, 0)
    assert stats.period.label == "tháng 02/2020, tính đến ngày 05/02/2020"


def cells(html, caption):
    """The rows of the table captioned ``caption``: {row label: [the text of each other cell]}."""
    table = re.search(r"<caption>" + re.escape(caption) + r"</caption>(.*?)</table>", html, re.S)
    assert table, caption
    found = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table.group(1), re.S):
        label = re.search(r'<th scope="row"[^>]*>(.*?)</th>', row, re.S)
        if label:
            texts = [
                re.sub(r"<[^>]+>|\s+", " ", cell).split() for cell in re.findall(r"<td>(.*?)</td>", row, re.S)
            ]
            values = [" ".join(text) for text in texts]
            found[label.group(1)] = values[1:] if len(values) == 12 else values  # without the STT column
    return found


def summary(html):
    """The headline figures of the statistics box, or {} when there is none."""
    box = re.search(r'<dl class="stats-summary">(.*?)</dl>', html, re.S)
    return dict(re.findall(r"<div><dt>([^<]+)</dt><dd>([^<]+)</dd></div>", box.group(1))) if box else {}


def get_at(client, monkeypatch, url, moment=NOW):
    monkeypatch.setattr("django.utils.timezone.now", lambda: moment)
    response = client.get(url)
    monkeypatch.undo()
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_statistics_page_shows_each_column_where_it_belongs(client, monkeypatch, uneven):
    factories.site_settings()
    page = get_at(client, monkeypatch, "/thong-ke-ho-so/?nam=2020&thang=2")
    rows = cells(page, "Tình hình giải quyết hồ sơ tháng 02/2020")
    # carried, new (direct / online / post), resolved, early, on time, late, in progress, within, overdue,
    # returned or withdrawn, on-time rate
    assert rows["Hộ tịch"] == ["1", "8 (6 / 2 / 0)", "6", "2", "3", "1", "3", "2", "1", "0", "83,3%"]
    assert rows["Đất đai"] == ["0", "10 (8 / 1 / 1)", "6", "1", "2", "3", "2", "0", "2", "2", "50%"]
    assert rows["Tổng cộng"] == ["1", "18 (14 / 3 / 1)", "12", "3", "5", "4", "5", "2", "3", "2", "66,7%"]
    assert summary(page) == {
        "Hồ sơ tiếp nhận": "19",
        "Đã giải quyết": "12",
        "Đang giải quyết": "5",
        "Tỷ lệ đúng hạn": "66,7%",
    }

    year = get_at(client, monkeypatch, "/thong-ke-ho-so/?nam=2020")
    assert "<h1>Thống kê giải quyết hồ sơ năm 2020, tính đến ngày 01/06/2020</h1>" in year
    rows = cells(year, "Tình hình giải quyết hồ sơ năm 2020, tính đến ngày 01/06/2020")
    assert rows["Hộ tịch"] == ["0", "11 (9 / 2 / 0)", "8", "4", "3", "1", "3", "1", "2", "0", "87,5%"]
    assert rows["Đất đai"] == ["0", "12 (10 / 1 / 1)", "8", "1", "4", "3", "2", "0", "2", "2", "62,5%"]
    assert rows["Tổng cộng"] == ["0", "23 (19 / 3 / 1)", "16", "5", "7", "4", "5", "1", "4", "2", "75%"]
    months = cells(year, "Hồ sơ theo tháng, năm 2020, tính đến ngày 01/06/2020")
    assert months == {
        "01/2020": ["2", "1"],
        "02/2020": ["18", "12"],
        "03/2020": ["2", "3"],
        "04/2020": ["0", "0"],
        "05/2020": ["1", "0"],
        "06/2020": ["0", "0"],
    }


def test_the_home_box_and_the_desk_show_the_current_year_as_of_today(client, monkeypatch, uneven):
    factories.site_settings()
    for url in ("/", "/mot-cua/"):
        page = get_at(client, monkeypatch, url)
        assert "Kết quả giải quyết hồ sơ năm 2020, tính đến ngày 01/06/2020" in page
        assert summary(page) == {
            "Hồ sơ tiếp nhận": "23",
            "Đã giải quyết": "16",
            "Đang giải quyết": "5",
            "Tỷ lệ đúng hạn": "75%",
        }
    assert 'href="/thong-ke-ho-so/?nam=2020">Xem thống kê chi tiết' in page  # today's figures: the default
    assert Period(2020, month=2, as_of=date(2020, 2, 5)).query == "nam=2020&thang=2&den_ngay=05/02/2020"


def test_in_a_year_without_dossiers_the_box_says_so_and_links_to_earlier_years(client, monkeypatch):
    factories.site_settings()
    procedure = factories.procedure(processing_days=3)
    factories.dossier(procedure=procedure, received_at=at(3, 2), status="10", finished_at=at(5, 2))
    december_2026 = datetime(2026, 12, 2, 10, 0, tzinfo=HCM)
    for url in ("/", "/mot-cua/", "/thong-ke-ho-so/"):
        page = get_at(client, monkeypatch, url, december_2026)
        assert "năm 2026, tính đến ngày 02/12/2026" in page, url
        assert "Chưa có hồ sơ nào trong kỳ này" in page, url
        assert summary(page) == {}, url  # no row of zeros, and none of 2020's figures
    assert '<a href="?nam=2020">năm 2020</a>' in page
    # once the desk registers this year's first dossier, the box shows it; so does a dossier of an earlier
    # year still in progress (carried over)
    factories.dossier(procedure=procedure, received_at=datetime(2026, 12, 1, 9, 0, tzinfo=HCM))
    factories.dossier(procedure=procedure, received_at=datetime(2025, 12, 30, 9, 0, tzinfo=HCM), status="4")
    page = get_at(client, monkeypatch, "/", december_2026)
    assert summary(page) == {
        "Hồ sơ tiếp nhận": "2",
        "Đã giải quyết": "0",
        "Đang giải quyết": "2",
        "Tỷ lệ đúng hạn": "—",
    }


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"nam": "2020", "den_ngay": "31/02/2020"}, "Ngày cần viết theo dạng dd/mm/yyyy"),
        ({"nam": "2020", "den_ngay": "31/12/9999"}, "từ 01/01/2020 đến 31/12/2020"),
        ({"nam": "2020", "thang": "2", "den_ngay": "01/03/2020"}, "từ 01/02/2020 đến 29/02/2020"),
        # a NUL byte is refused before any view, by the query-string check every page shares
        ({"nam": "2020", "den_ngay": "\x00"}, "Địa chỉ trang không hợp lệ"),
    ],
)
def test_a_bad_as_of_date_gets_a_vietnamese_message(client, query, message):
    factories.site_settings()
    response = client.get("/thong-ke-ho-so/", query)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_an_as_of_date_after_today_is_refused(client, monkeypatch):
    factories.site_settings()
    monkeypatch.setattr("django.utils.timezone.now", lambda: NOW)
    response = client.get("/thong-ke-ho-so/", {"nam": "2020", "den_ngay": "02/06/2020"})
    monkeypatch.undo()
    assert response.status_code == 400
    assert "Ngày tính đến không được sau hôm nay." in response.content.decode()


def test_the_statistics_table_downloads_as_csv_and_xlsx_for_the_period_shown(client, fixture):
    import csv
    import io

    from openpyxl import load_workbook

    factories.site_settings()
    page = client.get("/thong-ke-ho-so/", {"nam": "2020", "thang": "2"}).content.decode()
    assert (
        'href="?nam=2020&amp;thang=2&amp;xuat=xlsx"' in page
        and 'href="?nam=2020&amp;thang=2&amp;xuat=csv"' in page
    )
    response = client.get("/thong-ke-ho-so/", {"nam": "2020", "thang": "2", "xuat": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="thong-ke-ho-so-thang-02-2020.csv"' in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")  # Excel reads the Vietnamese letters right
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["STT", "Lĩnh vực", "Kỳ trước chuyển sang"]
    # the month's figures, as the page's table and the hand-computed ones (test_month_figures_…)
    assert rows[1][:8] == ["1", "Lĩnh vực A", "2", "1", "1", "0", "4", "3"]
    assert rows[-1][1] == "Tổng cộng" and rows[-1][6:8] == ["7", "3"] and rows[-1][-1] == "66,7"
    book = load_workbook(
        io.BytesIO(client.get("/thong-ke-ho-so/", {"nam": "2020", "thang": "2", "xuat": "xlsx"}).content)
    )
    sheet = [list(row) for row in book.active.iter_rows(values_only=True)]
    assert sheet[0][1] == "Lĩnh vực" and sheet[-1][1] == "Tổng cộng" and sheet[-1][6] == 7
    assert sheet[-1][-1] == 66.7  # numbers stay numbers in Excel
