import contextlib
import datetime
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request

import pytest
import redis
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from portal import redis_breaker, visitors
from portal.models import DailyVisits, VisitorSeen
from tests import factories
from tests.conftest import require
from tests.production.servers import RedisServer

# Visits are counted per day and per minute: each test sees one instant, so midnight cannot fall inside it.
pytestmark = pytest.mark.usefixtures("frozen_clock")
PHONE = "Mozilla/5.0 (Linux; Android 11; Redmi 9A) AppleWebKit/537.36 Chrome/118 Mobile Safari/537.36"
DESKTOP = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120 Safari/537.36"


def counts():
    cache.delete(visitors.counts_cache_key())
    return visitors.compute_counts()


def footer_numbers(html):
    counter = html[html.index('class="counter"') :]
    return dict(re.findall(r"<dt>([^<]+)</dt><dd>([^<]+)</dd>", counter))


@pytest.fixture
def site(db):
    return factories.site_settings()


def test_counts_visits_not_hits(site):
    phone = Client(HTTP_USER_AGENT=PHONE)
    phone.get("/")
    phone.get("/")
    phone.get("/gioi-thieu/")  # a redirect is not a page view
    assert counts().today == 1
    # a browser that dropped its cookie is still recognised on the same day
    Client(HTTP_USER_AGENT=PHONE).get("/")
    assert counts().today == 1
    Client(HTTP_USER_AGENT=DESKTOP).get("/")
    c = counts()
    assert (c.today, c.this_month, c.total, c.online) == (2, 2, 2, 2)


def test_the_cookie_spares_a_write_for_a_minute(site, django_assert_num_queries):
    phone = Client(HTTP_USER_AGENT=PHONE)
    phone.get("/")  # warms the caches and records the visit
    assert VisitorSeen.objects.count() == 1
    with django_assert_num_queries(0):
        phone.get("/")


def test_first_view_costs_one_small_write(site, django_assert_max_num_queries):
    Client(HTTP_USER_AGENT=DESKTOP).get("/")  # warm the content caches
    with django_assert_max_num_queries(1) as captured:
        Client(HTTP_USER_AGENT=PHONE).get("/")
    assert "INSERT" in captured.captured_queries[0]["sql"].upper()


@pytest.mark.parametrize(
    "agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0)",
        "facebookexternalhit/1.1",
        "curl/8.5.0",
        "python-requests/2.32",
        "",
    ],
)
def test_bots_are_not_counted(site, agent):
    Client(HTTP_USER_AGENT=agent).get("/")
    assert counts().today == 0


def test_admin_errors_and_non_html_are_not_counted(site, admin_user):
    client = Client(HTTP_USER_AGENT=PHONE)
    client.get("/khong-co/")
    client.get("/robots.txt")
    client.get("/sitemap.xml")
    client.get("/healthz")
    client.force_login(admin_user)
    client.get("/quan-tri/")
    assert counts().today == 0


def test_static_and_media_files_are_not_counted(settings):
    request = RequestFactory().get("/static/css/main.css", HTTP_USER_AGENT=PHONE)
    assert not visitors.should_count(request, HttpResponse("x", content_type="text/html"))
    request = RequestFactory().get("/media/site/anh.html", HTTP_USER_AGENT=PHONE)
    assert not visitors.should_count(request, HttpResponse("x", content_type="text/html"))
    request = RequestFactory().get("/", HTTP_USER_AGENT=PHONE)
    assert visitors.should_count(request, HttpResponse("x", content_type="text/html; charset=utf-8"))
    prefetch = RequestFactory().get("/", HTTP_USER_AGENT=PHONE, HTTP_SEC_PURPOSE="prefetch")
    assert not visitors.should_count(prefetch, HttpResponse("x", content_type="text/html"))


def test_no_raw_address_is_stored(site):
    Client(HTTP_USER_AGENT=PHONE, REMOTE_ADDR="113.160.22.45").get("/")
    row = VisitorSeen.objects.get()
    assert re.fullmatch(r"[0-9a-f]{32}", row.key)
    stored = " ".join(str(value) for value in VisitorSeen.objects.values_list().get())
    assert "113.160" not in stored and "Android" not in stored


def test_trusted_proxy_address(site, settings):
    settings.NUM_PROXIES = 1
    Client(HTTP_USER_AGENT=PHONE, HTTP_X_FORWARDED_FOR="10.0.0.1, 113.160.22.45").get("/")
    Client(HTTP_USER_AGENT=PHONE, HTTP_X_FORWARDED_FOR="113.160.22.46").get("/")
    assert counts().today == 2
    # the client cannot pose as a new visitor by prepending addresses: only our proxy's hop counts
    Client(HTTP_USER_AGENT=PHONE, HTTP_X_FORWARDED_FOR="1.2.3.4, 113.160.22.46").get("/")
    assert counts().today == 2


@pytest.mark.parametrize("cookie", ["20261125\u00b2", "x", "99999999-99999", "2026-11-25", "\u00b9\u00b2-1"])
def test_a_tampered_cookie_is_ignored(site, cookie):
    response = Client(HTTP_USER_AGENT=PHONE).get("/", HTTP_COOKIE=f"tc={cookie}")
    assert response.status_code == 200
    assert counts().today == 1


def test_online_counts_visitors_of_the_last_five_minutes(site):
    now = timezone.now()
    today = timezone.localdate(now)
    VisitorSeen.objects.create(day=today, key="a" * 32, last_seen=now - datetime.timedelta(minutes=2))
    VisitorSeen.objects.create(day=today, key="b" * 32, last_seen=now - datetime.timedelta(minutes=9))
    c = counts()
    assert (c.online, c.today) == (1, 2)


def test_yesterday_month_total_and_roll_up(site):
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    long_ago = datetime.date(2020, 11, 16)
    DailyVisits.objects.create(day=long_ago, visits=7448)
    old = timezone.now() - datetime.timedelta(days=1)
    for n in range(3):
        VisitorSeen.objects.create(day=yesterday, key=f"{n:032d}", last_seen=old)
    Client(HTTP_USER_AGENT=PHONE).get("/")
    before = counts()
    assert (before.today, before.yesterday, before.total) == (1, 3, 7452)
    assert visitors.flush_visits() == 3
    assert DailyVisits.objects.get(day=yesterday).visits == 3
    assert not VisitorSeen.objects.filter(day=yesterday).exists()  # yesterday's hashes are gone
    assert counts() == before
    assert visitors.flush_visits() == 0
    assert counts() == before


def test_footer_shows_numbers_with_dot_separators(site, client):
    DailyVisits.objects.create(day=datetime.date(2020, 11, 16), visits=7448251)
    numbers = footer_numbers(client.get("/").content.decode())
    assert numbers["Tổng truy cập"] == "7.448.251"
    assert set(numbers) == {"Đang online", "Hôm nay", "Hôm qua", "Tháng này", "Tổng truy cập"}


def test_admin_chart_of_ninety_days(site, client):
    from portal import roles

    today = timezone.localdate()
    DailyVisits.objects.create(day=today - datetime.timedelta(days=3), visits=1234)
    DailyVisits.objects.create(day=today - datetime.timedelta(days=200), visits=999)
    client.force_login(factories.staff_user(roles.EDITOR))
    html = client.get(reverse("admin:portal_dailyvisits_changelist")).content.decode()
    assert html.count("<rect") == 90
    assert '<svg role="img"' in html
    assert re.search(r"<td>[^<]*\d\d/\d\d/\d{4}</td><td>1.234</td>", html)
    assert "<td>999</td>" not in html
    client.force_login(factories.staff_user(roles.REPORTER))
    assert client.get(reverse("admin:portal_dailyvisits_changelist")).status_code == 403


# --- with Redis: the database sees no write per visit -------------------------------------


@pytest.fixture
def with_redis(settings, redis_url):
    settings.REDIS_URL = redis_url
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "test",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True},
        }
    }
    yield


def test_with_redis_visits_gather_there_and_reach_the_database_in_batches(
    site, with_redis, django_assert_num_queries
):
    Client(HTTP_USER_AGENT=DESKTOP).get("/")  # warms the caches
    with django_assert_num_queries(0):
        for n in range(5):
            Client(HTTP_USER_AGENT=f"{PHONE} máy {n}").get("/")
        Client(HTTP_USER_AGENT=f"{PHONE} máy 0").get("/")  # the same visitor again
    assert not VisitorSeen.objects.exists()
    assert not DailyVisits.objects.exists()
    assert (counts().today, counts().online) == (6, 6)
    assert visitors.flush_visits() == 6
    assert DailyVisits.objects.get(day=timezone.localdate()).visits == 6
    assert counts().today == 6 and counts().total == 6
    Client(HTTP_USER_AGENT=f"{PHONE} máy 9").get("/")
    assert counts().today == 7
    assert visitors.flush_visits() == 1
    assert counts().total == 7


def test_with_redis_a_failed_flush_loses_nothing(site, with_redis):
    from django.db import DatabaseError, connection

    for n in range(3):
        Client(HTTP_USER_AGENT=f"{PHONE} máy {n}").get("/")
    with connection.cursor() as cursor:  # the database refuses the write: the table is gone
        cursor.execute("ALTER TABLE portal_dailyvisits RENAME TO portal_dailyvisits_away")
    with pytest.raises(DatabaseError):
        visitors.flush_visits()
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE portal_dailyvisits_away RENAME TO portal_dailyvisits")
    assert not DailyVisits.objects.exists()
    assert counts().today == 3  # still shown, from the in-flight counts
    assert visitors.flush_visits() == 3
    assert DailyVisits.objects.get().visits == 3
    assert counts().today == 3 and visitors.flush_visits() == 0


# --- exact under concurrency, against a live server on PostgreSQL -----------------------------


@pytest.fixture
def gunicorn_on_test_database(transactional_db, tmp_path):
    """The portal served by gunicorn (3 processes × 8 threads) on the test database, as in production."""
    db = connection.settings_dict
    user = urllib.parse.quote(db["USER"] or "", safe="")
    password = urllib.parse.quote(db["PASSWORD"] or "", safe="")
    database_url = (
        f"postgres://{user}:{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "muongang.settings_test",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(tmp_path),
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "muongang.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "3",
            "--threads",
            "8",
            "--worker-class",
            "gthread",
            "--log-level",
            "warning",
        ],
        cwd=settings.BASE_DIR,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.postgres
@pytest.mark.real_clock  # gunicorn counts by the machine's clock
def test_two_hundred_visitors_at_once_are_counted_exactly(gunicorn_on_test_database):
    factories.site_settings()
    start = threading.Barrier(200)
    results = []

    def visit(n):
        request = urllib.request.Request(
            gunicorn_on_test_database + "/", headers={"User-Agent": f"{PHONE} (máy {n})"}
        )
        start.wait(timeout=60)
        with urllib.request.urlopen(request, timeout=60) as response:
            results.append(response.status)

    for wave in ("first visits", "the same visitors again, without their cookie"):
        threads = [threading.Thread(target=visit, args=(n,)) for n in range(200)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert results == [200] * 200, wave
        assert counts().total == 200 and counts().today == 200, wave
        results.clear()
        start.reset()


# --- a flush interrupted after its database commit -----------------------------------------------


@pytest.fixture
def own_redis(tmp_path, settings, monkeypatch):
    """The site on a throwaway redis-server (a breaker of its own), with the breaker's clock in hand."""
    require(shutil.which("redis-server"), "redis-server is not installed")
    server = RedisServer(tmp_path)
    server.start()
    settings.REDIS_URL = server.url
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": server.url,
            "KEY_PREFIX": "test",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True},
        }
    }
    now = [1000.0]
    monkeypatch.setattr(redis_breaker.Breaker, "clock", staticmethod(lambda: now[0]))
    server.clock = now
    yield server
    server.stop()


@contextlib.contextmanager
def redis_lost_after(table, server):
    """Redis stops answering as soon as the database has written to ``table``, so the flush that
    wrote cannot finish in Redis (as when its process is killed there). The breaker is what makes
    the next calls fail; a paused server would still run them once resumed."""
    from django_redis import get_redis_connection

    breaker = get_redis_connection("default").connection_pool.breaker

    def wrapper(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if sql.lstrip().upper().startswith("UPDATE") and table in sql:
            breaker.failed(redis.ConnectionError("lost in the test"))
        return result

    with connection.execute_wrapper(wrapper):
        yield
    server.clock[0] += settings.REDIS_BREAKER_SECONDS  # back: the next call probes, and Redis answers


def test_a_flush_interrupted_after_its_commit_neither_loses_nor_doubles_visits(site, own_redis):
    for n in range(3):
        Client(HTTP_USER_AGENT=f"{PHONE} máy {n}").get("/")
    with redis_lost_after("portal_dailyvisits", own_redis), pytest.raises(redis.RedisError):
        visitors.flush_visits()
    assert DailyVisits.objects.get().visits == 3  # written, but Redis still holds them in flight
    assert counts().today == 3 and counts().total == 3  # not 6
    visitors.flush_visits()
    assert DailyVisits.objects.get().visits == 3
    Client(HTTP_USER_AGENT=f"{PHONE} máy 9").get("/")
    assert visitors.flush_visits() == 1
    assert DailyVisits.objects.get().visits == 4 and counts().total == 4


def test_an_article_views_flush_interrupted_after_its_commit_adds_them_once(site, own_redis):
    from news.counters import flush_article_views
    from news.models import Article

    article = factories.article()
    for _ in range(3):
        assert Client(HTTP_USER_AGENT=PHONE).get(article.get_absolute_url()).status_code == 200
    with redis_lost_after("news_article", own_redis), pytest.raises(redis.RedisError):
        flush_article_views()
    assert Article.objects.get(pk=article.pk).view_count == 3
    flush_article_views()
    assert Article.objects.get(pk=article.pk).view_count == 3
