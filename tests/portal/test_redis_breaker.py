"""The Redis circuit breaker, on a throwaway redis-server that the tests pause (SIGSTOP).

The whole site against a frozen Redis under load is tests/production/test_faults.py; here are the
breaker's rules, with its clock moved by the test instead of waited for.
"""

import shutil

import pytest
from django.core.cache import cache
from django.test import Client
from django_redis import get_redis_connection

from portal import redis_breaker, visitors
from portal.models import VisitorSeen
from tests import factories
from tests.conftest import require
from tests.production.servers import RedisServer

PHONE = "Mozilla/5.0 (Linux; Android 11; Redmi 9A) AppleWebKit/537.36 Chrome/118 Mobile Safari/537.36"


@pytest.fixture
def clock(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(redis_breaker.Breaker, "clock", staticmethod(lambda: now[0]))
    return now


@pytest.fixture
def frozen_redis(tmp_path, settings, clock):
    """The site on its own redis-server, with production's timeouts."""
    require(shutil.which("redis-server"), "redis-server is not installed")
    server = RedisServer(tmp_path)
    server.start()
    settings.REDIS_URL = server.url
    settings.REDIS_TIMEOUT = settings.REDIS_CONNECT_TIMEOUT = 0.05
    settings.REDIS_BREAKER_SECONDS = 5
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": server.url,
            "OPTIONS": {"IGNORE_EXCEPTIONS": True},
        }
    }
    yield server
    server.stop()


def health(client):
    response = client.get("/healthz")
    assert response.status_code == 200  # the site serves: a load balancer must not pull it
    return response.content.decode()


def test_a_frozen_redis_is_skipped_after_one_timeout_then_probed_once(db, frozen_redis, clock):
    factories.site_settings()
    client = Client(HTTP_USER_AGENT=PHONE)
    redis = get_redis_connection("default")
    breaker = redis.connection_pool.breaker
    cache.set("thu", 1)
    assert health(client) == "ok\ndatabase: ok\ncache: ok\n"

    frozen_redis.freeze()
    with pytest.raises(redis_breaker.redis.TimeoutError):  # the first call waits its 50 ms
        redis.get("thu")
    assert breaker.is_open
    with pytest.raises(redis_breaker.RedisSkipped):  # the next ones do not touch the socket
        redis.get("thu")
    assert cache.get("thu") is None  # the cache degrades to a miss
    assert client.get("/").status_code == 200  # the page is made from the database
    assert VisitorSeen.objects.count() == 1  # and its visit counted there
    assert health(client).startswith("degraded: cache (Redis) unavailable")
    assert "cache: unavailable" in health(client).splitlines()

    frozen_redis.thaw()
    with pytest.raises(redis_breaker.RedisSkipped):  # still within the pause
        redis.get("thu")
    clock[0] += 5
    assert cache.get("thu") == 1  # the probe answers: Redis is used again
    assert not breaker.is_open
    assert health(client) == "ok\ndatabase: ok\ncache: ok\n"
    Client(HTTP_USER_AGENT=f"{PHONE} 2").get("/")
    assert VisitorSeen.objects.count() == 1  # the new visit went to Redis
    assert visitors.compute_counts().today == 2


def test_a_failed_probe_skips_redis_for_another_pause(db, frozen_redis, clock):
    redis = get_redis_connection("default")
    breaker = redis.connection_pool.breaker
    frozen_redis.freeze()
    assert cache.get("thu") is None
    assert breaker.is_open
    clock[0] += 5
    with pytest.raises(redis_breaker.redis.TimeoutError):  # the probe, still frozen
        redis.get("thu")
    clock[0] += 4
    with pytest.raises(redis_breaker.RedisSkipped):
        redis.get("thu")
    frozen_redis.thaw()
    clock[0] += 1
    assert redis.ping()
    assert not breaker.is_open


def test_while_one_caller_probes_the_others_keep_skipping(clock):
    breaker = redis_breaker.Breaker("thu", pause=5)
    breaker.failed(OSError("thu"))
    assert not breaker.allow()
    clock[0] += 5
    assert breaker.allow()  # the probe
    assert not breaker.allow()  # everybody else while it runs
    breaker.succeeded()
    assert breaker.allow() and breaker.allow()
