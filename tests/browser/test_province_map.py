"""The province's clickable map (issue 16 item 1, /gioi-thieu/ban-do-hanh-chinh/ on the province's host) in
Chromium: each commune's shape is a link named by the commune, reached with the Tab key, and opens the commune's
own site (on the same port, as in the demo); a commune without a host name is drawn but is no link."""

import json

import pytest

from portal import geo, units
from portal.models import UnitLevel
from tests import factories

COMMUNES = [
    ("03256", "Xã Búng Lao", 103.00),
    ("03259", "Xã Ẳng Tở", 103.06),
    ("03262", "Xã Mường Lạn", 103.12),
]

MAP_LINKS = """() => [...document.querySelectorAll('figure.unit-map svg a')].map(a => ({
  name: a.textContent.trim(), href: a.getAttribute('href')}))"""
FOCUSED = """() => {
  const element = document.activeElement;
  return element && element.closest('figure.unit-map svg') ? element.textContent.trim() : null;
}"""


def square(west, south=21.0, size=0.05):
    ring = [
        [west, south],
        [west + size, south],
        [west + size, south + size],
        [west, south + size],
        [west, south],
    ]
    return geo.read_boundary(json.dumps({"type": "Polygon", "coordinates": [ring]}).encode())


@pytest.mark.browser
def test_each_commune_on_the_province_map_is_a_named_link_reached_by_keyboard(
    chromium, live_server, transactional_db
):
    province = factories.unit("11", "Tỉnh Điện Biên", level=UnitLevel.TINH, hosts=["localhost"])
    for code, name, west in COMMUNES:
        commune = factories.unit(
            code, name, hosts=[f"xa{code}.localhost"], parent=province, boundary=square(west)
        )
        with units.activate(commune):
            factories.site_settings(unit_name=name, portal_title=f"Cổng thông tin điện tử {name}")
    factories.unit("03265", "Xã Chưa Có Cổng", parent=province, boundary=square(103.18))  # no host name yet
    units.hosts_changed()
    port = live_server.url.rsplit(":", 1)[1]

    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    assert page.goto(live_server.url + "/gioi-thieu/ban-do-hanh-chinh/").status == 200
    links = page.evaluate(MAP_LINKS)
    assert sorted(link["name"] for link in links) == sorted(name for _c, name, _w in COMMUNES)
    for code, name, _west in COMMUNES:
        assert {"name": name, "href": f"http://xa{code}.localhost:{port}/"} in links
        # a link with the commune's name, as assistive technology sees it
        assert page.get_by_role("link", name=name, exact=True).count() == 2  # on the map and in the list
    assert "Xã Chưa Có Cổng" in page.locator("figure.unit-map svg").text_content()
    assert page.locator("figure.unit-map svg a", has_text="Xã Chưa Có Cổng").count() == 0

    # the Tab key reaches every commune's shape on the map
    reached = []
    for _ in range(80):
        page.keyboard.press("Tab")
        name = page.evaluate(FOCUSED)
        if name and name not in reached:
            reached.append(name)
        if len(reached) == len(COMMUNES):
            break
    assert sorted(reached) == sorted(name for _c, name, _w in COMMUNES)
    # a focused shape shows its focus
    outline = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement); return s.outlineStyle + ' ' + s.outlineWidth; }"
    )
    assert not outline.startswith("none"), outline

    # Enter on the focused shape opens that commune's site
    last = reached[-1]
    code = next(code for code, name, _w in COMMUNES if name == last)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == f"http://xa{code}.localhost:{port}/"
    assert last in page.title()

    # and a click on a shape too
    page.goto(live_server.url + "/gioi-thieu/ban-do-hanh-chinh/")
    with page.expect_navigation():
        page.locator("figure.unit-map svg a", has_text="Xã Búng Lao").locator("path").click()
    assert page.url == f"http://xa03256.localhost:{port}/"
    assert "Xã Búng Lao" in page.title()
    context.close()
