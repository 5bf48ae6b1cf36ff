from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from procedures import home
from tests import factories

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.mark.django_db
def test_home_box_shows_search_lookup_and_the_current_year_summary(monkeypatch):
    factories.dossier(
        procedure=factories.procedure(processing_days=3), received_at=datetime(2020, 2, 3, 9, 0, tzinfo=HCM)
    )
    monkeypatch.setattr("django.utils.timezone.now", lambda: datetime(2020, 2, 10, 10, 0, tzinfo=HCM))
    html = render_to_string("procedures/includes/home_box.html", home.context(), RequestFactory().get("/"))
    assert 'action="/thu-tuc-hanh-chinh/"' in html and 'action="/tra-cuu-ho-so/"' in html
    assert "Kết quả giải quyết hồ sơ năm 2020, tính đến ngày 10/02/2020" in html
    assert "<dt>Hồ sơ tiếp nhận</dt><dd>1</dd>" in html and "<dt>Đang giải quyết</dt><dd>1</dd>" in html
