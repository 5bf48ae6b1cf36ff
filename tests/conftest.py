import os
import shutil
from datetime import datetime, timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

# Playwright's sync API runs an event loop in the test thread; the ORM calls made
# beside it are ordinary synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
# The Redis database the tests empty and use. With pytest-xdist, TEST_REDIS_URL holds one URL per worker,
# comma-separated (`make test` starts as many workers as it is given URLs).
DEFAULT_REDIS_URLS = "redis://127.0.0.1:6379/15"


def require(condition, reason):
    """Skip outside CI when a real component is missing; in CI a missing component is a failure."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{reason} (CI must provide it)", pytrace=False)
    pytest.skip(reason)


def redis_url_of_this_process():
    """The Redis database of this test process (of this pytest-xdist worker)."""
    urls = [
        url.strip() for url in os.environ.get("TEST_REDIS_URL", DEFAULT_REDIS_URLS).split(",") if url.strip()
    ]
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
    if worker >= len(urls):
        pytest.fail(
            f"TEST_REDIS_URL gives {len(urls)} Redis database(s) for more test workers: "
            "give one URL per worker (comma-separated), or run fewer workers (-n).",
            pytrace=False,
        )
    return urls[worker]


# --- The clock ------------------------------------------------------------------------------------------
# No test waits for the clock: tests that need time to pass move it (time-machine). To prove that no test
# depends on the hour it runs at, every test can be started at a chosen instant, from which the clock
# ticks on as usual:  PORTAL_TEST_CLOCK=2026-12-31T23:59:59.5+07:00 make test  (or pytest --clock=…).
# Tests marked real_clock talk to server processes that read the machine's clock: they keep the real time.


def pytest_addoption(parser):
    parser.addoption(
        "--clock",
        default=os.environ.get("PORTAL_TEST_CLOCK", ""),
        help="start every test at this instant (ISO 8601, e.g. 2026-12-31T23:59:59.5+07:00); "
        "default: the real time, or PORTAL_TEST_CLOCK",
    )


@pytest.fixture(autouse=True)
def _clock(request):
    start = request.config.getoption("clock")
    if not start or request.node.get_closest_marker("real_clock"):
        yield
        return
    instant = datetime.fromisoformat(start)
    if instant.tzinfo is None:
        raise pytest.UsageError(f"--clock / PORTAL_TEST_CLOCK needs a UTC offset: {start}")
    with time_machine.travel(instant, tick=True):
        yield


@pytest.fixture
def clock(time_machine):
    """The test's clock, ticking from now: move it with ``clock.shift(timedelta(...))`` instead of sleeping."""
    time_machine.move_to(timezone.now(), tick=True)
    return time_machine


@pytest.fixture
def frozen_clock(time_machine):
    """The clock stopped at the test's start, for tests that read the day or the minute more than once
    (visits of today, a page cached for the day, a cookie of the minute): at 23:59:59.9 such a test would
    otherwise see two days. Time still passes where a test moves the clock itself."""
    time_machine.move_to(timezone.now(), tick=False)
    return time_machine


@pytest.fixture
def rate_limit_window(clock):
    """Start the test at the beginning of an hour, so that every hit falls in one window of each rate limit
    (their periods, a minute, ten minutes and an hour, divide an hour)."""
    now = timezone.now()
    clock.move_to(now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1), tick=True)
    return clock


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    """Each test gets an empty cache and its own media folder."""
    from portal import units

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    # The 1.5 s bound on a province-wide search guards production; a loaded CI machine once took longer on a
    # tiny table and the search answered 503. Tests of what the search finds get room; the bound's own test
    # sets it to 1 ms.
    settings.PROVINCE_SEARCH_MS = 15_000
    cache.clear()
    units.hosts_changed()
    yield
    cache.clear()
    units.hosts_changed()


TEST_UNIT_CODE = "99999"


@pytest.fixture(autouse=True)
def unit(request, _isolated):
    """Every test that uses the database works in a unit, as every request and command does: a blank
    unit (no name yet, as a fresh installation) answering on every host, in scope for the whole test.
    ``factories.site_settings`` fills it in; tests of several units add more (``factories.unit``)."""
    marker = request.node.get_closest_marker("django_db")
    transactional = (
        bool(marker and marker.kwargs.get("transaction")) or "transactional_db" in request.fixturenames
    )
    if not (marker or transactional or "db" in request.fixturenames):
        yield None
        return
    request.getfixturevalue("transactional_db" if transactional else "db")
    from portal import units
    from portal.models import Unit

    with units.everywhere():
        # the blank unit a new installation starts with (portal/migrations/0012_units.py), or one like it
        # when a test that flushes the database ran before
        test_unit = Unit.objects.order_by("pk").first() or Unit(unit_name="", unit_level="xa")
        test_unit.code = TEST_UNIT_CODE
        test_unit.save()
    token = units.set_current(test_unit)
    yield test_unit
    units.reset(token)


@pytest.fixture(scope="session")
def chromium():
    require(shutil.which(CHROMIUM) or os.path.exists(CHROMIUM), f"Chromium not found at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def redis_url():
    url = redis_url_of_this_process()
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        require(False, f"Redis not reachable at {url}")
    client = redis.Redis.from_url(url)
    client.flushdb()
    yield url
    client.flushdb()
