"""The visitor counter counts per unit (issue 15): a page view on a unit's host is counted in that unit's
box only, in the database or in Redis, and the flush moves every unit's counts into its own rows."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portal import roles, units, visitors
from portal.models import DailyVisits, UnitHost, VisitorSeen
from portal.units import NoUnitInScope
from tests import factories

pytestmark = pytest.mark.usefixtures("frozen_clock")
PHONE = "Mozilla/5.0 (Linux; Android 11; Redmi 9A) AppleWebKit/537.36 Chrome/118 Mobile Safari/537.36"
BOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
A_HOST, B_HOST = "xa-a.dienbien.localhost", "xa-b.dienbien.localhost"


@pytest.fixture
def two_units(db, unit):
    factories.site_settings()
    UnitHost.objects.create(unit=unit, host=A_HOST, is_primary=True)
    b = factories.unit("03001", "Xã B", hosts=[B_HOST])
    return unit, b


@pytest.fixture(params=["database", "redis"])
def store(request, settings):
    """Each test runs once counting in the database, once in Redis."""
    if request.param == "redis":
        url = request.getfixturevalue("redis_url")
        settings.REDIS_URL = url
        settings.CACHES = {
            "default": {
                "BACKEND": "django_redis.cache.RedisCache",
                "LOCATION": url,
                "KEY_PREFIX": "test",
                "OPTIONS": {"IGNORE_EXCEPTIONS": True},
            }
        }
    return request.param


def visit(host, n, address="113.160.22.45"):
    response = Client(HTTP_USER_AGENT=f"{PHONE} máy {n}", REMOTE_ADDR=address).get("/", HTTP_HOST=host)
    assert response.status_code == 200
    return response


def counts_of(unit):
    with units.activate(unit):
        cache.delete(visitors.counts_cache_key())
        return visitors.compute_counts()


def footer_numbers(host):
    """The footer of a page first asked now (the visits were to the home page, cached with older numbers)."""
    html = Client(HTTP_USER_AGENT=BOT).get("/tim-kiem/", HTTP_HOST=host).content.decode()
    counter = html[html.index('class="counter"') :]
    return dict(re.findall(r"<dt>([^<]+)</dt><dd>([^<]+)</dd>", counter))


def every_daily_row():
    with units.everywhere():
        return set(DailyVisits.objects.values_list("unit__code", "day", "visits"))


def test_visits_on_a_units_host_count_in_its_box_only(two_units, store):
    a, b = two_units
    for n in range(3):
        visit(A_HOST, n)
    visit(B_HOST, 0)  # the same browser as A's first visitor: a visitor of B too
    assert (counts_of(a).today, counts_of(a).online, counts_of(a).total) == (3, 3, 3)
    assert (counts_of(b).today, counts_of(b).online, counts_of(b).total) == (1, 1, 1)
    assert footer_numbers(A_HOST)["Hôm nay"] == "3"
    assert footer_numbers(B_HOST)["Hôm nay"] == "1"
    # each unit's footer numbers are cached under its own key
    with units.activate(a):
        assert visitors.current_counts().today == 3
    with units.activate(b):
        assert visitors.current_counts().today == 1
    assert visitors.counts_cache_key(a.pk) != visitors.counts_cache_key(b.pk)


def test_the_flush_command_moves_every_units_counts_into_its_own_rows(two_units, store):
    a, b = two_units
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    for unit, seen in ((a, 2), (b, 5)):  # yesterday's visitors, kept as hashes until the roll-up
        with units.activate(unit):
            for n in range(seen):
                VisitorSeen.objects.create(
                    day=yesterday, key=f"{n:032d}", last_seen=timezone.now() - datetime.timedelta(days=1)
                )
    for n in range(3):
        visit(A_HOST, n)
    for n in range(2):
        visit(B_HOST, n, address="14.160.1.1")
    before = {unit.code: counts_of(unit) for unit in (a, b)}
    assert (before[a.code].today, before[a.code].yesterday, before[a.code].total) == (3, 2, 5)
    assert (before[b.code].today, before[b.code].yesterday, before[b.code].total) == (2, 5, 7)

    with units.activate(None):  # a command runs outside any unit, and moves them all
        call_command("flush_visits", verbosity=0)
    moved_today = {(a.code, today, 3), (b.code, today, 2)} if store == "redis" else set()
    assert every_daily_row() == {(a.code, yesterday, 2), (b.code, yesterday, 5)} | moved_today
    with units.everywhere():
        assert not VisitorSeen.objects.filter(day=yesterday).exists()
    assert {unit.code: counts_of(unit) for unit in (a, b)} == before  # moved, neither lost nor doubled
    with units.activate(None):
        call_command("flush_visits", verbosity=0)
    assert {unit.code: counts_of(unit) for unit in (a, b)} == before

    # later visits to B only: the next flush adds to B's row of today, A's stays
    visit(B_HOST, 7, address="14.160.1.1")
    with units.activate(None):
        assert visitors.flush_visits() == (1 if store == "redis" else 0)
    assert counts_of(b).today == 3 and counts_of(a).today == 3
    moved_today = {(a.code, today, 3), (b.code, today, 3)} if store == "redis" else set()
    assert every_daily_row() == {(a.code, yesterday, 2), (b.code, yesterday, 5)} | moved_today


def test_the_admin_chart_shows_the_unit_the_staff_member_works_in(two_units, client):
    a, b = two_units
    today = timezone.localdate()
    with units.activate(a):
        DailyVisits.objects.create(day=today - datetime.timedelta(days=3), visits=1234)
    with units.activate(b):
        DailyVisits.objects.create(day=today - datetime.timedelta(days=3), visits=5678)
    client.force_login(factories.staff_user(roles.EDITOR, in_unit=b))
    html = client.get(reverse("admin:portal_dailyvisits_changelist"), HTTP_HOST=A_HOST).content.decode()
    assert "5.678" in html and "1.234" not in html
    assert "Xã B" in html


def test_counts_without_a_unit_fail_loudly(two_units):
    with units.activate(None):
        with pytest.raises(NoUnitInScope):
            visitors.compute_counts()
        with pytest.raises(NoUnitInScope):
            list(DailyVisits.objects.all())
        with pytest.raises(NoUnitInScope):
            visitors.daily_series()
        assert visitors.current_counts() == visitors.VisitorCounts()  # a page outside any unit: none shown


@pytest.mark.parametrize("store", ["redis"], indirect=True)
def test_counts_left_in_redis_by_the_version_before_units_go_to_the_first_unit(two_units, store):
    from django_redis import get_redis_connection

    a, b = two_units
    assert a.pk < b.pk  # A, the test's unit, is the installation's first: it has the rows from before units
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    redis = get_redis_connection("default")
    # what the old keys held at the upgrade: days pending, and an interrupted flush's batch
    redis.sadd("test:visitors:pending-days", yesterday.isoformat(), today.isoformat())
    redis.set(f"test:visitors:pending:{today.isoformat()}", 4)
    redis.hset("test:visitors:in-flight", mapping={yesterday.isoformat(): 6, "batch": "old"})
    with units.activate(a):  # a visit of A's late yesterday, still pending
        visitors.RedisStore().record(yesterday, "f" * 32, timezone.now() - datetime.timedelta(hours=1))
    visit(B_HOST, 0)
    with units.activate(None):
        assert visitors.flush_visits() == 6 + 4 + 1 + 1
    assert every_daily_row() == {(a.code, yesterday, 6 + 1), (a.code, today, 4), (b.code, today, 1)}
    assert not redis.exists("test:visitors:in-flight")
    assert redis.smembers("test:visitors:pending-days") == {today.isoformat().encode()}
    # a unit stays among those with pending days while it has today's; past days are forgotten
    assert redis.smembers("test:visitors:pending-units") == {str(b.pk).encode()}
    assert redis.smembers(f"test:visitors:u{b.pk}:pending-days") == {today.isoformat().encode()}
    assert not redis.exists(f"test:visitors:u{a.pk}:pending-days")


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_existing_counts_to_the_unit_the_database_held(unit):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate([("portal", "0012_units")])
    try:
        old = executor.loader.project_state([("portal", "0012_units")]).apps
        old.get_model("portal", "DailyVisits").objects.create(day=datetime.date(2020, 11, 16), visits=7448)
        old.get_model("portal", "VisitorSeen").objects.create(
            day=datetime.date(2026, 12, 1), key="a" * 32, last_seen=timezone.now()
        )
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    with units.everywhere():
        assert list(DailyVisits.objects.values_list("unit", "day", "visits")) == [
            (unit.pk, datetime.date(2020, 11, 16), 7448)
        ]
        assert list(VisitorSeen.objects.values_list("unit", "key")) == [(unit.pk, "a" * 32)]
