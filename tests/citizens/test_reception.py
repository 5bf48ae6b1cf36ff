"""Citizen reception: periodic schedule and sessions, upcoming first, the home-page piece and the .ics feed."""

import re
from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from citizens.models import ReceptionSchedule, SessionStatus
from citizens.services import next_reception_session, reception_sessions
from portal import units
from portal.models import Holiday
from tests import factories

# Upcoming and past sessions follow the day: each test sees one instant, so midnight cannot fall inside it.
pytestmark = pytest.mark.usefixtures("frozen_clock")


def next_weekday(start, weekday):
    return start + timedelta(days=(weekday - start.weekday()) % 7)


@pytest.fixture
def site(db):
    return factories.site_settings()


@pytest.mark.django_db
def test_every_monday_schedule_moves_past_holidays_and_yields_to_a_postponement(site):
    schedule = factories.reception_schedule(weekday=0)
    start = date(2026, 4, 27)  # a Monday; 30/04 and 01/05 are holidays
    Holiday.objects.create(date=date(2026, 5, 4), name="Nghỉ bù thử")
    factories.reception_session(
        date=date(2026, 5, 11), schedule=schedule, status=SessionStatus.POSTPONED, postponed_reason="Họp tỉnh"
    )
    sessions = reception_sessions(start, date(2026, 5, 18))
    assert [(s.date, s.status) for s in sessions] == [
        (date(2026, 4, 27), "planned"),
        (date(2026, 5, 5), "planned"),  # the Monday holiday moves to Tuesday
        (date(2026, 5, 11), "postponed"),  # the individual session replaces the periodic one
        (date(2026, 5, 18), "planned"),
    ]


@pytest.mark.django_db
def test_fixed_days_of_the_month(site):
    factories.reception_schedule(weekday=None, month_days="15, 25")
    sessions = reception_sessions(date(2026, 1, 1), date(2026, 2, 28))
    # 25/01/2026 is a Sunday: the next working day
    assert [s.date for s in sessions] == [
        date(2026, 1, 15),
        date(2026, 1, 26),
        date(2026, 2, 16),
        date(2026, 2, 25),
    ]


@pytest.mark.django_db
def test_schedule_and_session_validation_messages(site):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Chọn một thứ trong tuần hoặc ghi các ngày"):
        ReceptionSchedule(presider="A", place="B", weekday=0, month_days="15").full_clean()
    with pytest.raises(ValidationError, match="Mỗi ngày phải từ 1 đến 28"):
        ReceptionSchedule(presider="A", place="B", month_days="15, 31").full_clean()
    with pytest.raises(ValidationError, match="Ghi các ngày bằng số"):
        ReceptionSchedule(presider="A", place="B", month_days="rằm").full_clean()
    session = factories.reception_session(date=date(2026, 5, 4))
    session.status = SessionStatus.POSTPONED
    with pytest.raises(ValidationError, match="Ghi lý do hoãn"):
        session.full_clean()


@pytest.mark.django_db
def test_page_shows_place_hours_upcoming_first_and_past_archived(client, site):
    today = timezone.localdate()
    factories.reception_session(date=today - timedelta(days=10), topics="Buổi đã qua về đất đai")
    factories.reception_session(date=today + timedelta(days=20), topics="Buổi thứ hai sắp tới")
    factories.reception_session(
        date=today + timedelta(days=5),
        topics="Buổi sắp tới, bồi thường",
        participants="Phòng Tài nguyên và Môi trường",
        registration_deadline=today + timedelta(days=2),
    )
    factories.reception_session(
        date=today + timedelta(days=8),
        status=SessionStatus.POSTPONED,
        postponed_reason="Lãnh đạo đi công tác",
    )
    html = client.get("/tiep-cong-dan/").content.decode()
    upcoming, past = html.split('id="da-qua"')
    assert upcoming.index("Buổi sắp tới, bồi thường") < upcoming.index("Buổi thứ hai sắp tới")
    assert "Buổi đã qua về đất đai" in past and "Buổi đã qua" not in upcoming
    assert "Lãnh đạo đi công tác" in upcoming and "Hoãn" in upcoming
    assert f"{today + timedelta(days=2):%d/%m/%Y}" in upcoming
    assert 'href="/tiep-cong-dan/noi-quy/"' in html and 'href="/tiep-cong-dan/lich.ics"' in html


@pytest.mark.django_db
def test_rules_page(client, site):
    html = client.get("/tiep-cong-dan/noi-quy/").content.decode()
    assert "<h1>Nội quy tiếp công dân</h1>" in html and "42/2013/QH13" in html
    assert "05 ngày làm việc" in html


@pytest.mark.django_db
def test_next_session_for_the_home_page_skips_postponed_ones(site):
    today = timezone.localdate()
    factories.reception_session(
        date=today + timedelta(days=1), status=SessionStatus.POSTPONED, postponed_reason="x"
    )
    later = factories.reception_session(date=today + timedelta(days=3), presider="Bà Quàng Thị Thu")
    assert next_reception_session() == later
    html = render_to_string("citizens/includes/next_reception.html", {"next_reception": later})
    assert "Bà Quàng Thị Thu" in html and f"{later.date:%d/%m/%Y}" in html
    assert "Chưa có lịch" in render_to_string(
        "citizens/includes/next_reception.html", {"next_reception": None}
    )


@pytest.mark.django_db
def test_reception_page_costs_the_same_with_1_or_50_sessions(client, site):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(url):
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    today = timezone.localdate()
    factories.reception_schedule()
    factories.reception_session(date=today + timedelta(days=1))
    factories.reception_session(date=today - timedelta(days=1))
    units.for_host("testserver")  # the map of hosts is loaded once per change of a unit, not per page
    small = count("/tiep-cong-dan/"), count("/tiep-cong-dan/lich.ics")
    for n in range(2, 50):
        factories.reception_session(date=today + timedelta(days=n % 40 - 20))
        factories.reception_schedule(weekday=n % 5)
    large = count("/tiep-cong-dan/"), count("/tiep-cong-dan/lich.ics")
    assert small == large


# --- the .ics feed, checked by a strict reader of RFC 5545 -----------------------------------------------------


def parse_ics(body):
    """Unfold and parse; fail on anything RFC 5545 forbids that a sloppy writer does."""
    assert body.endswith(b"\r\n")
    assert b"\n" not in body.replace(b"\r\n", b""), "bare LF"
    for physical in body.split(b"\r\n")[:-1]:
        assert len(physical) <= 75, physical
        physical.decode("utf-8")  # folding never cuts a character
    text = body.decode().replace("\r\n ", "").replace("\r\n\t", "")
    stack, events, current = [], [], None
    for line in text.split("\r\n")[:-1]:
        match = re.fullmatch(r"([A-Z0-9-]+)((?:;[A-Z0-9-]+=[^:;]+)*):(.*)", line)
        assert match, line
        name, _, value = match.groups()
        if name == "BEGIN":
            stack.append(value)
            if value == "VEVENT":
                current = {}
        elif name == "END":
            assert stack.pop() == value
            if value == "VEVENT":
                events.append(current)
                current = None
        elif current is not None:
            assert name not in current, f"duplicate {name}"
            current[name] = value
    assert stack == []
    return text, events


def unescape(value):
    assert not re.search(r"(?<!\\)[,;]", value.replace("\\\\", "")), value
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def as_utc(value):
    return datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)


@pytest.mark.django_db
def test_the_ics_feed_parses_strictly(client, site):
    today = timezone.localdate()
    place = "Phòng Tiếp công dân; tầng 1, trụ sở UBND\\khu A"
    topics = "Đất đai, bồi thường; giải phóng mặt bằng\nQuốc lộ 279 " + "rất dài " * 20
    session = factories.reception_session(date=today + timedelta(days=3), place=place, topics=topics)
    factories.reception_session(
        date=today + timedelta(days=4), status=SessionStatus.POSTPONED, postponed_reason="Họp, đột xuất"
    )
    factories.reception_schedule(weekday=0, start_time=time(7, 30), end_time=time(11, 30))
    response = client.get("/tiep-cong-dan/lich.ics")
    assert response.status_code == 200 and response["Content-Type"] == "text/calendar; charset=utf-8"
    text, events = parse_ics(response.content)
    assert "VERSION:2.0" in text and "PRODID:" in text
    assert len({e["UID"] for e in events}) == len(events) >= 6  # two sessions and the Mondays of 5 weeks
    mine = next(e for e in events if e["UID"].startswith(f"tiep-dan-{session.pk}@"))
    assert unescape(mine["LOCATION"]) == place
    assert topics in unescape(mine["DESCRIPTION"])
    assert unescape(mine["SUMMARY"]) == f"Tiếp công dân: {session.presider}"
    start = as_utc(mine["DTSTART"])
    assert start == timezone.make_aware(datetime.combine(session.date, time(7, 30))).astimezone(UTC)
    assert as_utc(mine["DTEND"]) - start == timedelta(hours=4)
    as_utc(mine["DTSTAMP"])
    postponed = [e for e in events if e["STATUS"] == "CANCELLED"]
    assert len(postponed) == 1 and "Họp\\, đột xuất" in postponed[0]["DESCRIPTION"]
    mondays = [e for e in events if e["UID"].startswith("lich-")]
    assert mondays and all(
        as_utc(e["DTSTART"]).astimezone(timezone.get_current_timezone()).weekday() in (0, 1, 2)
        for e in mondays
    )


@pytest.mark.django_db
def test_next_session_is_cached_until_the_schedule_changes(site, django_assert_num_queries):
    today = timezone.localdate()
    factories.reception_session(date=today + timedelta(days=2), presider="Ông A")
    assert next_reception_session().presider == "Ông A"
    with django_assert_num_queries(0):
        assert next_reception_session().presider == "Ông A"
    factories.reception_session(date=today + timedelta(days=1), presider="Bà B")
    assert next_reception_session().presider == "Bà B"


@pytest.mark.django_db
def test_citizens_submissions_do_not_empty_the_site_cache(client, site):
    from portal.cache import content_version

    before = content_version()
    vote = client.post(
        "/danh-gia-trang/",
        {"path": "/a/", "title": "A", "useful": "co"},
        headers={"Origin": "http://testserver"},
    )
    assert vote.status_code == 302  # the vote was taken
    factories.feedback()
    assert content_version() == before
