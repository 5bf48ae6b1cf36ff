"""The leaders' weekly work calendar (lịch công tác tuần, issue 18 item 6): the week page with the previous
and next weeks, only the unit's published entries, in the order of the day; bad weeks refused in Vietnamese;
the .ics feed; the admin the office publishes it with."""

import re
from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from citizens.models import WorkEntry
from portal import roles, units
from portal.models import UnitHost
from tests import factories
from tests.citizens.test_reception import as_utc, parse_ics, unescape
from tests.demo import load_demo

# "This week" follows the day: each test sees one instant, so midnight cannot fall inside it.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]

MONDAY = date(2020, 11, 2)  # week 45 of 2020


@pytest.fixture
def leaders(db):
    factories.site_settings()
    return {
        "minh": factories.official(name="Lò Văn Minh", title="Chủ tịch UBND huyện", is_leader=True),
        "thu": factories.official(name="Quàng Thị Thu", title="Phó Chủ tịch UBND huyện", is_leader=True),
    }


@pytest.fixture
def week(leaders):
    """Week 45 of 2020: entries on Monday (two, entered out of order), Wednesday and Saturday, a draft
    on Tuesday, and one in the next week."""
    return {
        "afternoon": factories.work_entry(
            day=MONDAY,
            start_time=time(14, 0),
            end_time=time(17, 0),
            content="Giao ban lãnh đạo UBND huyện tuần 45",
            leaders=[leaders["minh"], leaders["thu"]],
            participants="Trưởng các phòng chuyên môn",
            preparation="Văn phòng HĐND và UBND huyện",
        ),
        "morning": factories.work_entry(
            day=MONDAY,
            start_time=time(7, 30),
            content="Tiếp công dân định kỳ",
            leaders=[leaders["minh"]],
            place="Ban Tiếp công dân huyện",
        ),
        "wednesday": factories.work_entry(
            day=MONDAY + timedelta(days=2),
            content="Họp Ban Chỉ đạo giảm nghèo",
            leader_text="Thường trực HĐND huyện",
        ),
        "saturday": factories.work_entry(
            day=MONDAY + timedelta(days=5),
            content="Dự Ngày hội Đại đoàn kết toàn dân tộc",
            leaders=[leaders["thu"]],
        ),
        "draft": factories.work_entry(
            day=MONDAY + timedelta(days=1), content="Dự thảo chưa duyệt", is_published=False
        ),
        "next_week": factories.work_entry(day=MONDAY + timedelta(days=7), content="Việc của tuần 46"),
    }


def headings(html):
    return [h.strip() for h in re.findall(r"<h2 id=\"ngay-[^\"]+\">([^<]+)", html)]


def test_the_week_page_lists_the_days_with_their_entries_in_order(client, week):
    response = client.get("/lich-cong-tac/", {"tuan": "2020-W45"})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1 and "<h1>Lịch công tác tuần</h1>" in html
    assert "Tuần 45 năm 2020: từ Thứ Hai, 02/11/2020 đến Chủ nhật, 08/11/2020" in html
    # Monday to Friday always, the weekend only when it has entries
    assert headings(html) == [
        "Thứ Hai, 02/11/2020",
        "Thứ Ba, 03/11/2020",
        "Thứ Tư, 04/11/2020",
        "Thứ Năm, 05/11/2020",
        "Thứ Sáu, 06/11/2020",
        "Thứ Bảy, 07/11/2020",
    ]
    monday = html.split('id="ngay-2020-11-03"')[0]
    text = re.sub(r"<[^>]+>", "", monday)
    assert text.index("07:30") < text.index("Tiếp công dân định kỳ") < text.index("14:00 – 17:00")
    assert monday.index("Tiếp công dân định kỳ") < monday.index("Giao ban lãnh đạo UBND huyện tuần 45")
    assert "Lò Văn Minh, Chủ tịch UBND huyện; Quàng Thị Thu, Phó Chủ tịch UBND huyện" in monday
    assert "Trưởng các phòng chuyên môn" in monday and "Văn phòng HĐND và UBND huyện" in monday
    tuesday = html.split('id="ngay-2020-11-03"')[1].split('id="ngay-2020-11-04"')[0]
    assert "Không có lịch công tác." in tuesday
    assert "Thường trực HĐND huyện" in html  # a chair that is not in the list of officials
    assert "Dự thảo chưa duyệt" not in html  # drafts are not published
    assert "Việc của tuần 46" not in html


def test_previous_next_and_this_week_links(client, week):
    html = client.get("/lich-cong-tac/", {"tuan": "2020-W45"}).content.decode()
    assert 'rel="prev" href="/lich-cong-tac/?tuan=2020-W44"' in html
    assert 'rel="next" href="/lich-cong-tac/?tuan=2020-W46"' in html
    assert "(26/10 – 01/11/2020)" in html and "(09/11 – 15/11/2020)" in html
    this_week = timezone.localdate().isocalendar()
    assert f'href="/lich-cong-tac/?tuan={this_week.year}-W{this_week.week:02d}">Tuần này</a>' in html
    following = client.get("/lich-cong-tac/?tuan=2020-W46").content.decode()
    assert "Việc của tuần 46" in following and "Giao ban lãnh đạo" not in following
    # across the year: 2020 has 53 ISO weeks
    last = client.get("/lich-cong-tac/?tuan=2020-W53").content.decode()
    assert "Tuần 53 năm 2020: từ Thứ Hai, 28/12/2020 đến Chủ nhật, 03/01/2021" in last
    assert "?tuan=2020-W52" in last and "?tuan=2021-W01" in last


def test_this_week_by_default_says_when_it_has_no_calendar(client, week):
    response = client.get("/lich-cong-tac/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Chưa có lịch công tác tuần này." in html
    # a link to the nearest week that has one, and to the reception schedule
    assert 'href="/lich-cong-tac/?tuan=2020-W46">Xem lịch công tác gần nhất: tuần 46/2020' in html
    assert 'href="/tiep-cong-dan/"' in html
    assert ">Tuần này</a>" not in html  # this is this week

    today = timezone.localdate()
    factories.work_entry(day=today, start_time=time(9, 0), content="Việc của hôm nay")
    html = client.get("/lich-cong-tac/").content.decode()
    assert "Việc của hôm nay" in html and "Hôm nay" in html
    assert "Chưa có lịch công tác" not in html
    weekday = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"][today.weekday()]
    assert f"{weekday}, {today:%d/%m/%Y}" in headings(html)


@pytest.mark.parametrize(
    "value", ["2021-W53", "2020-W00", "2020-W54", "2020-45", "tuần 45", "1999-W10", "2020-W45x", "<b>x</b>"]
)
def test_a_bad_week_is_refused_with_a_message(client, week, value):
    response = client.get("/lich-cong-tac/", {"tuan": value})
    assert response.status_code == 400
    html = response.content.decode()
    assert "không đúng. Ghi tuần theo dạng năm-W-số tuần, như 2020-W45" in html
    assert "<b>x</b>" not in html
    assert "Chưa có lịch công tác tuần này." in html  # this week is shown instead
    ics = client.get("/lich-cong-tac/lich.ics", {"tuan": value})
    assert ics.status_code == 400 and "như 2020-W45" in ics.content.decode()


def test_lower_case_and_one_digit_weeks_are_read(client, week):
    assert "Tiếp công dân định kỳ" in client.get("/lich-cong-tac/?tuan=2020-w45").content.decode()
    html = client.get("/lich-cong-tac/?tuan=2020-W5").content.decode()
    assert "Tuần 5 năm 2020: từ Thứ Hai, 27/01/2020" in html


def test_another_unit_s_calendar_is_not_shown(week):
    a = units.current()
    UnitHost.objects.create(unit=a, host="xa-a.dienbien.localhost", is_primary=True)
    b = factories.unit("03001", "Xã B", hosts=["xa-b.dienbien.localhost"])
    units.hosts_changed()
    with units.activate(b):
        factories.work_entry(day=MONDAY, content="Lịch riêng của xã B")
    on_a = Client(HTTP_HOST="xa-a.dienbien.localhost").get("/lich-cong-tac/?tuan=2020-W45").content.decode()
    on_b = Client(HTTP_HOST="xa-b.dienbien.localhost").get("/lich-cong-tac/?tuan=2020-W45").content.decode()
    assert "Tiếp công dân định kỳ" in on_a and "Lịch riêng của xã B" not in on_a
    assert "Lịch riêng của xã B" in on_b and "Tiếp công dân định kỳ" not in on_b
    ics_b = Client(HTTP_HOST="xa-b.dienbien.localhost").get("/lich-cong-tac/lich.ics?tuan=2020-W45")
    assert "xã B" in unescape(ics_b.content.decode()) and "Tiếp công dân" not in ics_b.content.decode()


def test_the_ics_feed_has_the_published_entries_of_the_window(client, week):
    far = factories.work_entry(day=MONDAY + timedelta(weeks=9), content="Quá xa, ngoài khoảng")
    response = client.get("/lich-cong-tac/lich.ics", {"tuan": "2020-W45"})
    assert response.status_code == 200 and response["Content-Type"] == "text/calendar; charset=utf-8"
    text, events = parse_ics(response.content)
    assert "X-WR-CALNAME:Lịch công tác tuần" in text
    summaries = [unescape(e["SUMMARY"]) for e in events]
    # in the order of the day; drafts and what is beyond 8 weeks after are left out
    assert summaries == [
        "Tiếp công dân định kỳ",
        "Giao ban lãnh đạo UBND huyện tuần 45",
        "Họp Ban Chỉ đạo giảm nghèo",
        "Dự Ngày hội Đại đoàn kết toàn dân tộc",
        "Việc của tuần 46",
    ]
    assert far.content not in summaries
    meeting = events[1]
    assert meeting["UID"].startswith(f"lich-cong-tac-{week['afternoon'].pk}@")
    start = as_utc(meeting["DTSTART"])
    assert start == datetime(2020, 11, 2, 7, 0, tzinfo=UTC)  # 14:00 in Hà Nội
    assert as_utc(meeting["DTEND"]) - start == timedelta(hours=3)
    description = unescape(meeting["DESCRIPTION"])
    assert "Chủ trì: Lò Văn Minh, Chủ tịch UBND huyện; Quàng Thị Thu" in description
    assert "Chuẩn bị: Văn phòng HĐND và UBND huyện" in description
    assert "DTEND" not in events[0]  # no end time given: the event has its start only
    # without a week: the window around this week
    assert client.get("/lich-cong-tac/lich.ics").status_code == 200
    page = client.get("/lich-cong-tac/?tuan=2020-W45").content.decode()
    assert 'href="/lich-cong-tac/lich.ics?tuan=2020-W45"' in page


def test_the_page_and_feed_cost_the_same_with_1_or_40_entries(leaders):
    client = Client()

    def count(url):
        cache.clear()
        units.for_host("testserver")
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    urls = ["/lich-cong-tac/?tuan=2020-W45", "/lich-cong-tac/lich.ics?tuan=2020-W45", "/lich-cong-tac/"]
    factories.work_entry(day=MONDAY, leaders=[leaders["minh"]])
    small = [count(url) for url in urls]
    for n in range(40):
        factories.work_entry(
            day=MONDAY + timedelta(days=n % 7, weeks=n % 3),
            start_time=time(7 + n % 10, 0),
            leaders=list(leaders.values()),
        )
    assert [count(url) for url in urls] == small


def test_the_page_is_in_the_menu_and_the_sitemap(client, week):
    html = client.get("/").content.decode()
    assert 'href="/lich-cong-tac/"' in html
    assert "/lich-cong-tac/</loc>" in client.get("/sitemap.xml").content.decode()
    assert 'href="/lich-cong-tac/"' in client.get("/tiep-cong-dan/").content.decode()
    # readers rate it like every content page (the box is not printed)
    page = client.get("/lich-cong-tac/?tuan=2020-W45").content.decode()
    assert "Trang này có hữu ích không?" in page and 'value="Lịch công tác tuần"' in page


def test_the_print_stylesheet_leaves_the_calendar_alone():
    from django.conf import settings

    css = (settings.BASE_DIR / "static" / "css" / "main.css").read_text()
    rules = css[css.index("/* --- Lịch công tác tuần") :]
    assert "@media print" in rules
    assert "body:has(.work-calendar) .site-header, body:has(.work-calendar) .site-footer" in rules


# --- the admin ----------------------------------------------------------------------------------------------


def as_user(role):
    client = Client()
    client.force_login(factories.staff_user(role))
    return client


def form(**values):
    data = {
        "day": "02/11/2020",
        "start_time": "08:00",
        "end_time": "",
        "content": "Họp giao ban",
        "leaders": [],
        "leader_text": "",
        "place": "Phòng họp số 1",
        "participants": "",
        "preparation": "",
        "is_published": "on",
    }
    data.update(values)
    return data


@pytest.mark.parametrize("role", [roles.RECEPTION, roles.ADMINISTRATOR])
def test_the_office_enters_and_publishes_the_calendar(leaders, role):
    client = as_user(role)
    assert client.get("/quan-tri/citizens/workentry/add/").status_code == 200
    response = client.post(
        "/quan-tri/citizens/workentry/add/", form(leaders=[leaders["minh"].pk], end_time="10:00")
    )
    assert response.status_code == 302, response.content.decode()
    entry = WorkEntry.objects.get()
    assert entry.leader_names() == ["Lò Văn Minh, Chủ tịch UBND huyện"] and entry.changed_by is not None
    listing = client.get("/quan-tri/citizens/workentry/").content.decode()
    assert "Thứ Hai, 02/11/2020" in listing and "Lò Văn Minh" in listing
    assert "Họp giao ban" in Client().get("/lich-cong-tac/?tuan=2020-W45").content.decode()


@pytest.mark.parametrize("role", [roles.REPORTER, roles.EDITOR, roles.DESK])
def test_other_roles_cannot_edit_the_calendar(leaders, role):
    assert as_user(role).get("/quan-tri/citizens/workentry/add/").status_code == 403


def test_the_admin_explains_what_is_wrong(leaders):
    client = as_user(roles.RECEPTION)
    url = "/quan-tri/citizens/workentry/add/"
    html = client.post(url, form()).content.decode()
    assert "Chọn lãnh đạo chủ trì, hoặc ghi người chủ trì" in html
    html = client.post(url, form(leader_text="Thường trực HĐND", end_time="07:00")).content.decode()
    assert "Giờ kết thúc phải sau giờ bắt đầu." in html
    # an official of another unit (the form offers only the unit's own)
    UnitHost.objects.create(unit=units.current(), host="xa-a.dienbien.localhost", is_primary=True)
    b = factories.unit("03001", "Xã B", hosts=["xa-b.dienbien.localhost"])
    units.hosts_changed()
    with units.activate(b):
        stranger = factories.official(name="Người của xã B")
    client.defaults["HTTP_HOST"] = "xa-a.dienbien.localhost"
    html = client.post(url, form(leaders=[stranger.pk])).content.decode()
    assert "Chỉ chọn được lãnh đạo, cán bộ của đơn vị mình." in html
    assert not WorkEntry.objects.exists()


def test_publish_unpublish_and_copy_to_next_week(client, leaders):
    staff = as_user(roles.RECEPTION)
    entry = factories.work_entry(
        day=MONDAY, content="Họp thường kỳ", is_published=False, leaders=[leaders["thu"]]
    )
    page = "/lich-cong-tac/?tuan=2020-W45"
    assert "Họp thường kỳ" not in client.get(page).content.decode()
    staff.post(
        "/quan-tri/citizens/workentry/", {"action": "publish", "_selected_action": [entry.pk]}, follow=True
    )
    assert "Họp thường kỳ" in client.get(page).content.decode()  # the cached page changed at once
    staff.post(
        "/quan-tri/citizens/workentry/",
        {"action": "copy_to_next_week", "_selected_action": [entry.pk]},
        follow=True,
    )
    copy = WorkEntry.objects.get(day=MONDAY + timedelta(days=7))
    assert not copy.is_published and list(copy.leaders.all()) == [leaders["thu"]]
    staff.post(
        "/quan-tri/citizens/workentry/", {"action": "unpublish", "_selected_action": [entry.pk]}, follow=True
    )
    assert "Họp thường kỳ" not in client.get(page).content.decode()


# --- the demo -------------------------------------------------------------------------------------------------


def test_the_demo_has_week_45_of_2020_and_this_week_points_to_it(client):

    load_demo()
    html = client.get("/lich-cong-tac/?tuan=2020-W45").content.decode()
    assert "Giao ban lãnh đạo UBND huyện tuần 45" in html
    assert "Lò Văn Minh, Chủ tịch UBND huyện; Quàng Thị Thu, Phó Chủ tịch UBND huyện" in html
    assert "Thứ Bảy, 07/11/2020" in headings(html) and "Thường trực HĐND huyện" in html
    now = client.get("/lich-cong-tac/").content.decode()
    assert "Chưa có lịch công tác tuần này." in now and 'href="/lich-cong-tac/?tuan=2020-W45"' in now
    before = WorkEntry.objects.count()
    load_demo()
    assert WorkEntry.objects.count() == before == 11
