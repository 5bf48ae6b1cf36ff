"""Notice of a stop (Điều 13 khoản 1, Nghị định 224/2026/NĐ-CP): a planned stop is announced on every page of
the unit from 7 working days before (holidays counted), with the expected time of recovery; the admin refuses a
shorter notice unless it is force majeure, which shows at once; the notice goes when the site is back."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from portal import roles, units
from portal.models import Holiday, Maintenance, UnitHost
from tests import factories

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NOTICE = "Thông báo tạm dừng hệ thống"
PAGES = ["/", "/tin-tuc/", "/thu-tuc-hanh-chinh/", "/tra-cuu-ho-so/", "/lien-he/"]


def shown_on(path, host="testserver"):
    response = Client().get(path, HTTP_HOST=host)
    assert response.status_code == 200, path
    return NOTICE in response.content.decode()


def add_form(starts, ends, **extra):
    return {
        "starts_at_0": f"{starts:%d/%m/%Y}",
        "starts_at_1": f"{starts:%H:%M}",
        "expected_end_0": f"{ends:%d/%m/%Y}",
        "expected_end_1": f"{ends:%H:%M}",
        "description": "Nâng cấp máy chủ; tra cứu hồ sơ vẫn làm tại Bộ phận Một cửa.",
        **extra,
    }


@pytest.fixture
def administrator():
    factories.site_settings(hotline="0215 3868 111")
    client = Client()
    client.force_login(factories.staff_user(roles.ADMINISTRATOR))
    return client


def test_a_planned_stop_needs_seven_working_days_notice_unless_force_majeure(administrator, clock):
    clock.move_to(datetime(2026, 12, 2, 9, 0, tzinfo=HCM))  # Wednesday
    starts, ends = datetime(2026, 12, 10, 22, 0, tzinfo=HCM), datetime(2026, 12, 11, 2, 0, tzinfo=HCM)
    response = administrator.post("/quan-tri/portal/maintenance/add/", add_form(starts, ends))
    assert response.status_code == 200
    page = response.content.decode()
    assert "phải thông báo trước ít nhất 7 ngày làm việc: sớm nhất là ngày 11/12/2026" in page
    assert not Maintenance.objects.exists()
    response = administrator.post(
        "/quan-tri/portal/maintenance/add/", add_form(starts, ends, force_majeure="on")
    )
    assert response.status_code == 302
    # force majeure: every page says so at once, with the time of recovery and the hotline
    for path in PAGES:
        assert shown_on(path), path
    home = Client().get("/").content.decode()
    assert "cổng sẽ tạm dừng từ 22:00 ngày 10/12/2026" in home
    assert "dự kiến hoạt động lại lúc 02:00 ngày 11/12/2026" in home
    assert "Nâng cấp máy chủ" in home and "0215 3868 111" in home


def test_the_notice_appears_seven_working_days_before_and_goes_when_the_site_is_back(administrator, clock):
    clock.move_to(datetime(2026, 12, 2, 9, 0, tzinfo=HCM))
    Holiday.objects.create(date=date(2026, 12, 18), name="Ngày nghỉ bù thử nghiệm")  # a Friday off
    starts, ends = datetime(2026, 12, 24, 20, 0, tzinfo=HCM), datetime(2026, 12, 24, 23, 0, tzinfo=HCM)
    response = administrator.post("/quan-tri/portal/maintenance/add/", add_form(starts, ends))
    assert response.status_code == 302, response.content.decode()[:2000]
    stop = Maintenance.objects.get()
    # Thursday 24/12 minus 7 working days, the Friday 18/12 off: Monday 14/12
    assert f"{stop.notice_from.astimezone(HCM):%d/%m/%Y %H:%M}" == "14/12/2026 00:00"
    assert not shown_on("/")
    clock.move_to(datetime(2026, 12, 13, 23, 59, tzinfo=HCM))
    assert not shown_on("/")
    clock.move_to(datetime(2026, 12, 14, 0, 1, tzinfo=HCM))
    assert shown_on("/") and shown_on("/tin-tuc/")
    clock.move_to(datetime(2026, 12, 24, 21, 0, tzinfo=HCM))
    assert "cổng đang tạm dừng một phần" in Client().get("/").content.decode()
    clock.move_to(datetime(2026, 12, 24, 23, 1, tzinfo=HCM))
    assert not shown_on("/")


def test_a_cached_page_shows_the_notice_when_its_day_comes(administrator, clock, settings):
    settings.PAGE_CACHE = True
    settings.PAGE_CACHE_SECONDS = 3600 * 24 * 30
    clock.move_to(datetime(2026, 12, 2, 9, 0, tzinfo=HCM))
    Maintenance.objects.create(
        starts_at=datetime(2026, 12, 21, 20, 0, tzinfo=HCM),
        expected_end=datetime(2026, 12, 21, 22, 0, tzinfo=HCM),
        description="Bảo trì định kỳ.",
    )
    assert not shown_on("/")  # cached now, without the notice
    clock.move_to(datetime(2026, 12, 10, 8, 0, tzinfo=HCM))  # 7 working days before Monday 21/12
    assert shown_on("/")


def test_a_stop_of_one_unit_is_not_announced_on_another(administrator, unit):
    UnitHost.objects.create(unit=unit, host="namlich.example.vn", is_primary=True)
    other = factories.unit("03256", "Xã Búng Lao", hosts=["bunglao.example.vn"])
    units.hosts_changed()
    with units.activate(other):
        Maintenance.objects.create(
            starts_at=datetime(2026, 12, 21, 20, 0, tzinfo=HCM),
            expected_end=datetime(2099, 12, 21, 22, 0, tzinfo=HCM),
            description="Bảo trì.",
            force_majeure=True,
        )
    assert shown_on("/", host="bunglao.example.vn")
    assert not shown_on("/", host="namlich.example.vn")


def test_the_end_must_follow_the_start(administrator):
    starts = datetime(2099, 1, 10, 22, 0, tzinfo=HCM)
    response = administrator.post("/quan-tri/portal/maintenance/add/", add_form(starts, starts))
    assert "Thời điểm hoạt động lại phải sau thời điểm bắt đầu tạm dừng." in response.content.decode()
