"""The lists each role works in are readable on a 1280 px screen and a 1024 px laptop (issue 17.2): every
column on the screen without scrolling sideways, titles on a few lines instead of a word a line, and the
«Lọc nhanh» links there."""

import pytest

from tests.demo import load_demo

LISTS = {
    "bientap": "/quan-tri/news/article/",
    "motcua": "/quan-tri/procedures/dossier/",
    "tiepdan": "/quan-tri/citizens/feedback/",
}
MEASURE = """() => {
  const results = document.querySelector('.results');
  const first = document.querySelector('#result_list tbody th');
  const lineHeight = parseFloat(getComputedStyle(first).lineHeight) || 18;
  return {
    overflow: results.scrollWidth - results.clientWidth,
    firstWidth: first.getBoundingClientRect().width,
    firstLines: Math.round(first.querySelector('a').getBoundingClientRect().height / lineHeight),
    columns: [...document.querySelectorAll('#result_list thead th')].map((th) => th.innerText.trim()),
    quick: [...document.querySelectorAll('.loc-nhanh a')].map((a) => a.innerText.trim()),
  };
}"""


@pytest.mark.browser
@pytest.mark.parametrize("width", [1024, 1280])
def test_each_roles_list_fits_the_screen_with_readable_titles(
    chromium, live_server, django_db_reset_sequences, width
):
    load_demo()
    for username, path in LISTS.items():
        context = chromium.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.goto(live_server.url + "/quan-tri/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", "MuongAng@2020")
        page.click("input[type=submit]")
        page.wait_for_url("**/quan-tri/")
        page.goto(live_server.url + path)
        seen = page.evaluate(MEASURE)
        assert seen["overflow"] <= 1, (username, width, seen)  # no column hidden off to the right
        assert seen["firstWidth"] >= 110, (username, width, seen)
        assert seen["firstLines"] <= 4, (username, width, seen)
        assert len(seen["quick"]) >= 3, (username, seen)
        context.close()
