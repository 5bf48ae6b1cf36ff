"""Dossier statistics against a hand-computed fixture, the pages, their query budgets and the demo's 2020 figures."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from procedures.stats import Period, dossier_stats
from tests import factories

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


def test_demo_shows_the_2020_figures_of_the_reference_page(client):
    call_command("load_demo", verbosity=0)
    stats = dossier_stats(Period(2020, to_month=10))
    assert (stats.total.received, stats.total.resolved, stats.total.in_progress) == (2578, 2477, 101)
    assert stats.total.carried == 0 and stats.total.withdrawn == 0
    assert len(stats.fields) >= 5
    assert min(received for _, received, _ in stats.months) > 150  # spread over every month
    totals = stats.total
    assert totals.new_truc_tiep > totals.new_truc_tuyen > totals.new_buu_chinh > 0
    page = client.get("/thong-ke-ho-so/", {"nam": "2020", "den_thang": "10"}).content.decode()
    assert "2.578" in page and "2.477" in page and "từ tháng 01 đến tháng 10/2020" in page
    desk = client.get("/mot-cua/").content.decode()
    assert "Kết quả giải quyết hồ sơ năm 2020" in desk and "2.578" in desk


def test_statistics_page_opens_on_the_latest_year_with_dossiers(client, fixture):
    factories.site_settings()
    page = client.get("/thong-ke-ho-so/").content.decode()
    assert "Thống kê giải quyết hồ sơ năm 2020" in page
    assert '<option value="2020" selected>' in page


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
