"""The province's measurement page (issue 16 item 3) in Chromium: the admin's page and the public summary at
1280 px and 390 px, nothing wider than the screen (the table scrolls inside its own region)."""

import pytest

from portal import roles, units
from portal.models import UnitLevel
from tests import factories
from website import measurement

OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const element of document.querySelectorAll('body *')) {
    if (element.closest('.table-scroll') || element.closest('svg')) continue;
    const box = element.getBoundingClientRect();
    if (box.width && box.right > width + 1) wide.push(element.tagName + '.' + element.className + ' ' + Math.round(box.right));
  }
  return {page: document.documentElement.scrollWidth - width, wide: wide.slice(0, 5),
          charts: document.querySelectorAll('.month-chart').length,
          rows: document.querySelectorAll('.measure-table tbody tr').length};
}"""


@pytest.mark.browser
def test_the_measurement_pages_fit_1280_and_390_px(chromium, live_server, transactional_db):
    province = factories.unit("11", "Tỉnh Điện Biên", level=UnitLevel.TINH, hosts=["localhost"])
    for n in range(4):
        commune = factories.unit(
            f"{3200 + n:05d}",
            f"Xã Thử Nghiệm Có Tên Khá Dài {n}",
            hosts=[f"xa{n}.localhost"],
            parent=province,
        )
        with units.activate(commune):
            factories.article(title=f"Tin của xã {n}")
    units.hosts_changed()
    with units.activate(None):
        for unit in [province, *province.children.all()]:
            measurement.measure(unit, check=True)
    factories.staff_user(roles.EDITOR, username="bientap.tinh", in_unit=province)
    for width in (1280, 390):
        context = chromium.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.goto(live_server.url + "/quan-tri/login/")
        page.fill("#id_username", "bientap.tinh")
        page.fill("#id_password", "mat-khau-thu-nghiem")
        page.click("input[type=submit]")
        page.wait_for_url("**/quan-tri/")
        for path in ("/quan-tri/website/unitmeasurement/", "/danh-gia-cong-thong-tin/"):
            response = page.goto(live_server.url + path)
            assert response.status == 200, path
            seen = page.evaluate(OVERFLOW)
            assert seen["page"] <= 1 and not seen["wide"], (path, width, seen)
            assert seen["charts"] == 8 and seen["rows"] == 5, (path, width, seen)
        context.close()
