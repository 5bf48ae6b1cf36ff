"""One search across the province's units (issue 16 item 2): /tim-kiem/?pham-vi=toan-tinh on the province's
host finds every unit's entries, lists the units with their counts, narrows to one unit with ?don-vi=<mã>,
and links each result to its unit's host; a commune's host never shows another unit's results. Runs on SQLite
and on PostgreSQL (across the province the plain word index of website 0008, in one unit the per-unit index of 0006)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from portal import units
from portal.models import UnitLevel
from tests import factories

pytestmark = pytest.mark.django_db

PROVINCE_HOST = "dienbien.localhost"


def host_of(code):
    return f"xa{code}.dienbien.localhost"


@pytest.fixture
def province():
    province = factories.unit("11", "Tỉnh Điện Biên", level=UnitLevel.TINH, hosts=[PROVINCE_HOST])
    with units.activate(province):
        factories.article(title="Tỉnh triển khai chuyển đổi số năm 2026")
    units.hosts_changed()
    return province


def add_commune(province, code, name, articles=1):
    commune = factories.unit(code, name, hosts=[host_of(code)], parent=province)
    with units.activate(commune):
        category = factories.category()
        for n in range(articles):
            factories.article(title=f"{name} đẩy mạnh chuyển đổi số, bài {n + 1}", category=category)
        factories.article(title=f"{name} tổ chức lễ hội hoa ban", category=category)
    units.hosts_changed()
    return commune


def search(host, **params):
    response = Client(HTTP_HOST=host).get("/tim-kiem/", params)
    assert response.status_code == 200, response.content.decode()[:400]
    return response


def results(response):
    return [
        (item["entry"].title, item["url"], item["unit_name"])
        for item in response.context["page_obj"].object_list
    ]


def facet(response):
    return {u["name"]: u["count"] for u in response.context["unit_facet"]}


def test_the_province_wide_search_finds_every_unit_s_entries_with_counts_by_unit(province):
    bunglao = add_commune(province, "03256", "Xã Búng Lao", articles=2)
    add_commune(province, "03259", "Xã Ẳng Tở", articles=1)
    response = search(PROVINCE_HOST, q="chuyen doi so", **{"pham-vi": "toan-tinh"})
    found = results(response)
    assert len(found) == 4
    assert facet(response) == {"Xã Búng Lao": "2", "Tỉnh Điện Biên": "1", "Xã Ẳng Tở": "1"}
    assert list(facet(response))[0] == "Xã Búng Lao"  # most results first
    by_title = {title: (url, unit) for title, url, unit in found}
    url, unit = by_title["Xã Búng Lao đẩy mạnh chuyển đổi số, bài 1"]
    assert url.startswith(f"http://{host_of('03256')}/tin-tuc/") and unit == "Xã Búng Lao"
    url, unit = by_title["Tỉnh triển khai chuyển đổi số năm 2026"]
    assert url.startswith("/tin-tuc/") and unit == "Tỉnh Điện Biên"
    html = response.content.decode()
    assert 'aria-label="Kết quả theo đơn vị"' in html and "Xã Búng Lao (2)" in html
    assert f"don-vi={bunglao.code}" in html

    # narrowed to one unit: its entries only, the facet still shows every unit
    narrowed = search(PROVINCE_HOST, q="chuyen doi so", **{"pham-vi": "toan-tinh", "don-vi": "03256"})
    assert {unit for _t, _u, unit in results(narrowed)} == {"Xã Búng Lao"}
    assert len(results(narrowed)) == 2 and len(facet(narrowed)) == 3
    assert narrowed.context["chosen_unit"].pk == bunglao.pk
    assert 'name="don-vi" value="03256"' in narrowed.content.decode()
    # narrowed to the province itself
    own = search(PROVINCE_HOST, q="chuyen doi so", **{"pham-vi": "toan-tinh", "don-vi": "11"})
    assert [title for title, _u, _n in results(own)] == ["Tỉnh triển khai chuyển đổi số năm 2026"]
    # an unknown code or a bad scope: no narrowing, no error
    assert (
        len(results(search(PROVINCE_HOST, q="chuyen doi so", **{"pham-vi": "toan-tinh", "don-vi": "x"}))) == 4
    )
    assert len(results(search(PROVINCE_HOST, q="chuyen doi so", **{"pham-vi": "khac"}))) == 1


def test_the_province_s_own_search_and_the_commune_s_host_are_unaffected(province):
    add_commune(province, "03256", "Xã Búng Lao")
    add_commune(province, "03259", "Xã Ẳng Tở")
    plain = search(PROVINCE_HOST, q="chuyen doi so")
    assert [title for title, _u, _n in results(plain)] == ["Tỉnh triển khai chuyển đổi số năm 2026"]
    assert plain.context["unit_facet"] == []
    assert 'name="pham-vi"' in plain.content.decode()  # the province offers the scope
    for params in ({}, {"pham-vi": "toan-tinh"}, {"pham-vi": "toan-tinh", "don-vi": "03259"}):
        response = search(host_of("03256"), q="chuyen doi so", **params)
        assert [unit for _t, _u, unit in results(response)] in ([""], [])
        titles = [title for title, _u, _n in results(response)]
        assert titles == ["Xã Búng Lao đẩy mạnh chuyển đổi số, bài 1"]
        assert 'name="pham-vi"' not in response.content.decode()
        assert "Xã Ẳng Tở" not in response.content.decode()


def test_a_word_one_letter_off_is_corrected_across_units(province):
    add_commune(province, "03256", "Xã Búng Lao")
    response = search(PROVINCE_HOST, q="le hoi hao ban", **{"pham-vi": "toan-tinh"})
    assert [title for title, _u, _n in results(response)] == ["Xã Búng Lao tổ chức lễ hội hoa ban"]
    assert results(response)[0][1].startswith(f"http://{host_of('03256')}/")


def test_the_number_of_queries_does_not_grow_with_the_units(province):
    def queries(**params):
        client = Client(HTTP_HOST=PROVINCE_HOST)
        client.get("/tim-kiem/", {"q": "chuyen doi so", "pham-vi": "toan-tinh", **params})  # warm
        with CaptureQueriesContext(connection) as captured:
            assert (
                client.get("/tim-kiem/", {"q": "chuyen doi so", "pham-vi": "toan-tinh", **params}).status_code
                == 200
            )
        return len(captured)

    add_commune(province, "03001", "Xã Một")
    add_commune(province, "03002", "Xã Hai")
    two, two_narrowed = queries(), queries(**{"don-vi": "03001"})
    for n in range(3, 6):
        add_commune(province, f"0300{n}", f"Xã Số {n}")
    assert queries() == two
    assert queries(**{"don-vi": "03001"}) == two_narrowed


def plan_of(scope, text="chuyen doi so"):
    from website import search as engine
    from website.models import SearchEntry

    anywhere, _in_title, _exact = engine._conditions(engine.parse(text), scope)
    sql, params = SearchEntry.objects.filter(anywhere).values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.postgres
def test_on_postgresql_the_province_wide_query_reads_the_plain_index_and_a_unit_s_its_own(province):
    """Across the province the words are asked once, in the plain GIN index of website 0008 (asking the
    per-unit index for 500 units' words took seconds); narrowed to a unit, that unit's prefixed words in the
    index of website 0006. Sequential scans are off, so that the tiny test table does not make a scan the
    cheaper plan."""
    from website import search as engine

    bunglao = add_commune(province, "03256", "Xã Búng Lao")
    with units.activate(province):
        scope = engine.province_scope(province)
        assert engine._tsquery(engine.parse("chuyen doi so"), scope) == "(chuyen) & (doi) & (so)"
        plan = plan_of(scope)
        assert "search_entry_vector" in plan and "unit_words" not in plan, plan
        narrowed = engine.province_scope(province, bunglao.pk).narrowed()
        assert engine._tsquery(engine.parse("chuyen doi so"), narrowed) == (
            f"({bunglao.pk}_chuyen) & ({bunglao.pk}_doi) & ({bunglao.pk}_so)"
        )
        assert "search_entry_unit_words" in plan_of(narrowed)


@pytest.mark.postgres
def test_a_province_wide_search_that_takes_too_long_is_stopped_with_a_vietnamese_message(province, settings):
    """Some words cost seconds across hundreds of units (issue 16.4's benchmark): the search is stopped by the
    database after PROVINCE_SEARCH_MS and the reader is asked to choose a unit, while a unit's own search is
    not bounded."""
    add_commune(province, "03256", "Xã Búng Lao", articles=2)
    settings.PROVINCE_SEARCH_MS = 1
    slow = Client(HTTP_HOST=PROVINCE_HOST)
    from website import search as engine

    real = engine.search

    def dawdling(*args, **kwargs):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(0.2)")
        return real(*args, **kwargs)

    engine.search = dawdling
    try:
        response = slow.get("/tim-kiem/", {"q": "chuyen doi so", "pham-vi": "toan-tinh"})
        plain = slow.get("/tim-kiem/", {"q": "chuyen doi so"})
    finally:
        engine.search = real
    assert response.status_code == 503
    assert "Hãy chọn một đơn vị trong ô «Phạm vi»" in response.content.decode()
    assert plain.status_code == 200 and "Tìm thấy 1 kết quả" in plain.content.decode()


@pytest.mark.parametrize("walk", [0, 10_000])
def test_past_the_count_cap_the_results_come_in_the_same_order_as_below_it(province, monkeypatch, walk):
    """Across the province, a search with more matches than the count cap orders its pages with queries
    bounded by what the counting sample holds (website.search._bounds); every page is the one the full order
    gives, whether the short titles and the newest entries are read along their index or not (WALK)."""
    from website import search as searching

    for code, name in (("03256", "Xã Búng Lao"), ("03259", "Xã Ẳng Tở"), ("03262", "Xã Nặm Lịch")):
        commune = factories.unit(code, name, hosts=[host_of(code)], parent=province)
        with units.activate(commune):
            category = factories.category()
            factories.article(title="Chuyển đổi số", category=category)
            for n in range(4):
                factories.article(title=f"{name} đẩy mạnh chuyển đổi số trong cải cách hành chính, bài {n}")
            for n in range(3):
                factories.article(
                    title=f"{name} họp bàn kế hoạch năm 2027, lần {n}",
                    body="<p>Hội nghị bàn việc chuyển đổi số ở các thôn, bản.</p>",
                )
            factories.article(title=f"{name} tổ chức lễ hội hoa ban")
    units.hosts_changed()
    query = searching.parse("chuyen doi so")

    def pages(cap):
        monkeypatch.setattr(searching, "COUNT_CAP", cap)
        monkeypatch.setattr(searching, "WALK", walk)
        with units.activate(province):
            scope = searching.province_scope(province)
            found = [
                searching.search(query, offset=offset, limit=2, scope=scope) for offset in range(0, 28, 2)
            ]
        return [r.capped for r in found], [[entry.title for entry in r.entries] for r in found]

    full_capped, full = pages(1000)
    capped, bounded = pages(12)
    assert not any(full_capped) and all(capped)
    in_order = [title for page in full for title in page]
    assert len(in_order) == 25  # the province's, 3 short titles, 12 long ones, 9 in the text
    assert in_order[:3] == ["Chuyển đổi số"] * 3 and "họp bàn" in in_order[-1]
    assert bounded == full
