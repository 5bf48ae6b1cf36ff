"""Short timeouts and a circuit breaker for every Redis call of the process.

A Redis that hangs (paused, or behind a network that drops packets) is worse than one that is
down: each call waits its whole timeout. So every Redis client of the site is built by
``ConnectionFactory`` below (settings.DJANGO_REDIS_CONNECTION_FACTORY): the cache, the page cache,
sessions (cached_db), rate limits, and the raw connection that the visitor counter, the article
views and the flush lock take with ``get_redis_connection``. It gives them

- short connect and read timeouts (REDIS_CONNECT_TIMEOUT_MS, REDIS_TIMEOUT_MS: 50 ms), and
- one breaker per Redis server, shared by every thread of the process: after a failed call, no
  call at all goes to that server for REDIS_BREAKER_SECONDS (5 s); each one fails at once with
  ``RedisSkipped`` (a ``redis.ConnectionError``, so every caller's existing fallback applies:
  cache misses, counts kept in the database). Then a single call is let through as a probe; if it
  answers, Redis is used again, otherwise it stays skipped for another pause.

A frozen Redis thus costs each process one timeout per pause instead of one per call, and pages
are served from the database at their normal speed. ``/healthz`` reports the breaker's state.
"""

import logging
import threading
import time

import redis
from django.conf import settings
from django_redis import pool

logger = logging.getLogger(__name__)

# Errors that mean "the server did not answer"; a command Redis refuses (ResponseError) is an answer.
FAILURES = (redis.ConnectionError, redis.TimeoutError)


class RedisSkipped(redis.ConnectionError):
    """Raised instead of calling a Redis that failed moments ago."""


class Breaker:
    """Closed: calls go through. Open: calls are skipped until ``pause`` seconds after the last failure,
    then one call goes through as a probe (and the others keep being skipped while it runs)."""

    clock = staticmethod(time.monotonic)  # tests move time instead of waiting

    def __init__(self, name, pause):
        self.name = name
        self.pause = pause
        self._lock = threading.Lock()
        self._skip_until = None  # None while closed

    @property
    def is_open(self):
        return self._skip_until is not None

    def allow(self):
        if self._skip_until is None:  # the common case, without taking the lock
            return True
        with self._lock:
            if self._skip_until is None:
                return True
            now = self.clock()
            if now < self._skip_until:
                return False
            self._skip_until = now + self.pause  # this caller probes; the others wait for its answer
            return True

    def failed(self, error):
        with self._lock:
            was_closed = self._skip_until is None
            self._skip_until = self.clock() + self.pause
        if was_closed:
            logger.error(
                "Redis %s not answering (%s): skipped for %s s at a time, the site runs on the database",
                self.name,
                error,
                self.pause,
            )

    def succeeded(self):
        if self._skip_until is None:
            return
        with self._lock:
            self._skip_until = None
        logger.warning("Redis %s answers again", self.name)


_breakers = {}
_breakers_lock = threading.Lock()


def breaker_for(name):
    """The process's breaker for one Redis server (``host:port`` or socket path)."""
    with _breakers_lock:
        if name not in _breakers:
            _breakers[name] = Breaker(name, settings.REDIS_BREAKER_SECONDS)
        return _breakers[name]


class GuardedConnectionMixin:
    """A redis-py connection that tells its breaker how each connect, send and read went."""

    breaker = None  # set by GuardedConnectionPool.make_connection

    def connect(self):
        try:
            return super().connect()
        except FAILURES as error:
            self.breaker.failed(error)
            raise

    def send_packed_command(self, command, check_health=True):
        try:
            return super().send_packed_command(command, check_health)
        except FAILURES as error:
            self.breaker.failed(error)
            raise

    def read_response(self, *args, **kwargs):
        try:
            response = super().read_response(*args, **kwargs)
        except FAILURES as error:
            self.breaker.failed(error)
            raise
        self.breaker.succeeded()
        return response


_guarded_classes = {}


def guarded(connection_class):
    if issubclass(connection_class, GuardedConnectionMixin):
        return connection_class
    if connection_class not in _guarded_classes:
        _guarded_classes[connection_class] = type(
            f"Guarded{connection_class.__name__}", (GuardedConnectionMixin, connection_class), {}
        )
    return _guarded_classes[connection_class]


class GuardedConnectionPool(redis.ConnectionPool):
    """A connection pool that hands out no connection while its server's breaker is open."""

    def __init__(self, connection_class=redis.Connection, **kwargs):
        super().__init__(connection_class=guarded(connection_class), **kwargs)
        kw = self.connection_kwargs
        self.breaker = breaker_for(kw.get("path") or f"{kw.get('host', 'localhost')}:{kw.get('port', 6379)}")

    def make_connection(self):
        connection = super().make_connection()
        connection.breaker = self.breaker
        return connection

    def get_connection(self, *args, **kwargs):
        if not self.breaker.allow():
            raise RedisSkipped(
                f"Redis {self.breaker.name} skipped: it failed less than {self.breaker.pause} s ago"
            )
        return super().get_connection(*args, **kwargs)


class ConnectionFactory(pool.ConnectionFactory):
    """django-redis' factory with the guarded pool and the portal's timeouts as defaults."""

    def __init__(self, options):
        options = dict(options)
        options.setdefault("CONNECTION_POOL_CLASS", "portal.redis_breaker.GuardedConnectionPool")
        options.setdefault("SOCKET_CONNECT_TIMEOUT", settings.REDIS_CONNECT_TIMEOUT)
        options.setdefault("SOCKET_TIMEOUT", settings.REDIS_TIMEOUT)
        super().__init__(options)


def cache_state():
    """The cache's state for /healthz: "ok", "unavailable" (Redis failing: the site runs on the
    database) or "" (no Redis configured).

    One PING through the breaker: nothing is sent while the breaker is open, and when its pause is
    over this PING is the probe, so a load balancer's health checks also bring Redis back into use.
    """
    if not settings.REDIS_URL:
        return ""
    from django_redis import get_redis_connection

    try:
        get_redis_connection("default").ping()
    except Exception:
        return "unavailable"
    return "ok"
