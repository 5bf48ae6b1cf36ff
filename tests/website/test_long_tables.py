"""The province's long tables (a row per unit: 500 at the benchmark) are written in Python, not by the
template engine: the same markup, every text escaped, numbers written as Vietnamese write them."""

from types import SimpleNamespace

from portal.models import Unit
from procedures.templatetags.dossier_charts import hbars, unit_rows
from website.measurement import Row, item_rows, table_rows
from website.models import UnitMeasurement


def test_the_bars_escape_their_labels_and_write_numbers_the_vietnamese_way():
    chart = {
        "rows": [
            {
                "label": "Xã <b>Búng Lao</b>",
                "received": 1234567,
                "resolved": 5,
                "received_length": 100.0,
                "resolved_length": 0.4,
            },
        ]
    }
    html = hbars(chart, long=True)
    assert html.startswith('<ul class="hbars hbars-long"><li><span class="hbar-label">Xã &lt;b&gt;Búng Lao')
    assert '<rect class="bar-received" width="100.0" height="1"/>' in html
    assert '<span class="hbar-value">1.234.567</span>' in html and "<b>" not in html
    assert 'class="hbars"' in hbars(chart)


def test_the_unit_table_links_each_unit_and_writes_its_rate_with_a_comma():
    figures = SimpleNamespace(received=12000, resolved=3, on_time=2, late=1, on_time_rate=66.666)
    row = SimpleNamespace(
        name="Xã <i>Ẳng Tở</i>",
        url="http://angto.dienbien.localhost/?a=1&b=2",
        unit=Unit(code="03259"),
        figures=figures,
    )
    html = unit_rows([row])
    assert '<a href="http://angto.dienbien.localhost/?a=1&amp;b=2">Xã &lt;i&gt;Ẳng Tở&lt;/i&gt;</a>' in html
    assert "<td>12.000</td><td>3</td><td>2</td><td>1</td><td>66,7%</td>" in html
    figures.on_time_rate = None
    assert html.replace("66,7%", "—") == unit_rows([row])


def test_the_measurement_rows_escape_names_and_say_what_is_missing():
    unit = Unit(pk=7, code="03256", unit_name='Xã "Búng" <Lao>')
    measured = UnitMeasurement(
        unit=unit,
        completeness=75,
        missing=["Bản đồ <ranh giới>"],
        silent_days=None,
        pages_checked=0,
        visits_month=123456,
        missed_month=2,
        useful_yes=3,
        useful_no=1,
        items=[{"published": True, "updated": "01/12/2026", "age_days": 2}, {"present": True}, {}],
    )
    public = table_rows(
        [Row(unit=unit, m=measured), Row(unit=Unit(code="03259", unit_name="Xã Ẳng Tở"), m=None)],
        False,
        "sap_xep=day_du",
    )
    assert "Xã &quot;Búng&quot; &lt;Lao&gt;" in public and "<Lao>" not in public
    assert "<td>75%<br><small>thiếu 1 mục</small></td><td>chưa đăng tin</td><td>—</td><td>—</td>" in public
    assert "<td>123.456</td><td>2</td><td>75% <small>(3/4)</small></td>" in public
    assert 'href="?sap_xep=day_du&amp;ma=03256#bieu-do"' in public
    assert '<td>03259</td><td colspan="7">chưa đo</td>' in public
    detailed = table_rows([Row(unit=unit, m=measured)], True, "")
    assert "<li>Bản đồ &lt;ranh giới&gt;</li>" in detailed and "thiếu 1 mục</small>" not in detailed
    items = item_rows([Row(unit=unit, m=measured)])
    assert "<td>✓ 01/12/2026<br><small>2 ngày trước</small></td>" in items
    assert "chưa công khai" in items and "chưa có" in items
