"""`manage.py profile_pages`: each public page's render time, queries and costliest functions, for the next
person who makes a page faster (issue 19)."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from tests import factories

pytestmark = pytest.mark.django_db


def test_it_lists_each_page_with_its_time_queries_and_costs(unit):
    factories.site_settings()
    factories.article(title="Hội nghị tổng kết năm 2020")
    factories.dossier()  # its procedure, carried out by the unit
    out = StringIO()
    call_command(
        "profile_pages", "--runs", "3", "--top", "4", "--profile-runs", "1", "--unit", unit.code, stdout=out
    )
    text = out.getvalue()
    table = text[text.rindex("trang") :]
    rows = {m.group(1): m for m in re.finditer(r"^(\S+) +(\d+\.\d) +(\d+\.\d) +(\d+)  (/\S*)$", table, re.M)}
    assert set(rows) == {"home", "article", "news-list", "document-list", "procedure", "lookup", "search"}
    assert rows["article"].group(5).startswith("/tin-tuc/") and rows["lookup"].group(5).startswith(
        "/tra-cuu-ho-so/?ma="
    )
    assert all(float(m.group(2)) > 0 for m in rows.values())
    assert int(rows["article"].group(4)) >= 1  # the article is read from the database
    # under each page, its costliest functions: ms of own time, cumulative ms, calls, and where
    assert len(re.findall(r"^article /tin-tuc/.*ms/lượt dưới cProfile", text, re.M)) == 1
    assert re.search(r"^ +\d+\.\d\d +\d+\.\d\d +\d+  \S+ \(", text, re.M)
