"""The visitor counter ("Thống kê truy cập").

A *visit* is a visitor's first page view of a day. A visitor is recognised by a
keyed hash of the day, the client address and the browser's User-Agent: the
address itself is never stored, and the hash changes every day, so yesterday's
visitors cannot be followed into today.

Where the counts live:

- without Redis, one upsert of ``VisitorSeen`` per page view (a row per visitor
  and day, with the time last seen). The day's visits are the count of its rows,
  so concurrent first views cannot lose or double an increment. ``flush_visits``
  later rolls past days into ``DailyVisits`` and deletes their hashes.
- with ``REDIS_URL``, the page view is one atomic Lua script in Redis (a set of
  the day's hashes, a pending counter and a sorted set for "Đang online"); the
  database sees no write per visit. ``flush_visits`` (run every minute or so by
  a timer or cron) moves the pending counts into ``DailyVisits`` in one batch.

A browser that keeps our small cookie (``tc``: the day and minute it was last
counted, nothing that identifies it) causes at most one write a minute.
"""

import hashlib
import hmac
import logging
import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from muongang.models import DailyVisits, VisitorSeen
from muongang.redis_breaker import RedisSkipped

logger = logging.getLogger(__name__)

COOKIE_NAME = "tc"
COUNTS_CACHE_KEY = "portal:visitor-counts"
BOT_PATTERN = re.compile(
    r"bot|crawl|spider|slurp|archiver|facebookexternalhit|embedly|preview|monitor|uptime|pingdom|"
    r"lighthouse|headless|phantomjs|curl|wget|python-|httpclient|okhttp|java/|go-http|libwww|scrapy|"
    r"wrk|apachebench|siege",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class VisitorCounts:
    online: int = 0
    today: int = 0
    yesterday: int = 0
    this_month: int = 0
    total: int = 0


def client_ip(request):
    """The client's address: the socket's, or the one our trusted proxies saw (DJANGO_NUM_PROXIES)."""
    if settings.NUM_PROXIES:
        hops = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
        ]
        if len(hops) >= settings.NUM_PROXIES:
            return hops[-settings.NUM_PROXIES]
    return request.META.get("REMOTE_ADDR", "")


def is_bot(user_agent):
    return not user_agent or bool(BOT_PATTERN.search(user_agent))


def visitor_key(request, day):
    message = f"{day.isoformat()}|{client_ip(request)}|{request.META.get('HTTP_USER_AGENT', '')[:512]}"
    return hmac.new(settings.SECRET_KEY.encode(), message.encode(), hashlib.sha256).hexdigest()[:32]


def should_count(request, response):
    """Page views of people: successful HTML pages, outside the admin and static files, no bots."""
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    path = request.path
    if path.startswith(("/quan-tri/", settings.STATIC_URL, settings.MEDIA_URL, "/ckeditor5/")):
        return False
    if (
        request.headers.get("Sec-Purpose", "").startswith("prefetch")
        or request.headers.get("Purpose") == "prefetch"
    ):
        return False
    return not is_bot(request.META.get("HTTP_USER_AGENT", ""))


# --- stores -------------------------------------------------------------------------


class DatabaseStore:
    def record(self, day, key, now):
        VisitorSeen.objects.bulk_create(
            [VisitorSeen(day=day, key=key, last_seen=now)],
            update_conflicts=True,
            unique_fields=["day", "key"],
            update_fields=["last_seen"],
        )

    def pending(self, today, yesterday, month_start, now):
        online_since = now - timedelta(seconds=settings.VISITORS_ONLINE_SECONDS)
        row = VisitorSeen.objects.aggregate(
            total=Count("id"),
            today=Count("id", filter=Q(day=today)),
            yesterday=Count("id", filter=Q(day=yesterday)),
            this_month=Count("id", filter=Q(day__gte=month_start)),
            online=Count("id", filter=Q(last_seen__gte=online_since)),
        )
        return row

    def flush(self, today):
        """Roll the hashes of past days into DailyVisits and delete them. Returns visits moved."""
        moved = 0
        for day in VisitorSeen.objects.filter(day__lt=today).values_list("day", flat=True).distinct():
            with transaction.atomic():
                count, _ = VisitorSeen.objects.filter(day=day).delete()
                add_daily_visits(day, count)
                moved += count
        return moved


RECORD_SCRIPT = """
local added = redis.call('SADD', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[1], 172800)
if added == 1 then
  redis.call('INCR', KEYS[2])
  redis.call('SADD', KEYS[3], ARGV[3])
end
redis.call('ZADD', KEYS[4], ARGV[2], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', tonumber(ARGV[2]) - tonumber(ARGV[4]))
return added
"""


# Move every day's pending count into the in-flight hash, atomically.
TAKE_SCRIPT = """
local days = redis.call('SMEMBERS', KEYS[1])
for _, day in ipairs(days) do
  local key = ARGV[1] .. day
  local n = tonumber(redis.call('GET', key) or '0')
  if n > 0 then redis.call('HINCRBY', KEYS[2], day, n) end
  redis.call('DEL', key)
  if day < ARGV[2] then redis.call('SREM', KEYS[1], day) end
end
return redis.call('HGETALL', KEYS[2])
"""


class RedisStore:
    """Counts gathered in Redis, flushed to the database in batches.

    A flush first moves the pending counts into an "in-flight" hash (one atomic
    script), writes them to the database, then removes them from the hash. The
    footer reads pending and in-flight counts, so it never dips during a flush;
    a flush that dies before its database commit leaves the counts in flight for
    the next one, so nothing is lost.
    """

    def __init__(self):
        prefix = settings.CACHES["default"].get("KEY_PREFIX", "portal")
        self.prefix = f"{prefix}:visitors"
        self.pending_days_key = f"{self.prefix}:pending-days"
        self.inflight_key = f"{self.prefix}:in-flight"
        self.online_key = f"{self.prefix}:online"
        self._script = None

    @property
    def redis(self):
        from django_redis import get_redis_connection

        return get_redis_connection("default")

    def pending_key(self, iso_day):
        return f"{self.prefix}:pending:{iso_day}"

    def record(self, day, key, now):
        if self._script is None:
            self._script = self.redis.register_script(RECORD_SCRIPT)
        self._script(
            keys=[
                f"{self.prefix}:seen:{day.isoformat()}",
                self.pending_key(day.isoformat()),
                self.pending_days_key,
                self.online_key,
            ],
            args=[key, now.timestamp(), day.isoformat(), settings.VISITORS_ONLINE_SECONDS],
        )

    def pending_by_day(self):
        """{iso day: visits not yet in the database}, pending and in flight, read in one transaction."""
        redis = self.redis
        days = sorted(d.decode() for d in redis.smembers(self.pending_days_key))
        pipe = redis.pipeline(transaction=True)
        pipe.hgetall(self.inflight_key)
        if days:
            pipe.mget([self.pending_key(d) for d in days])
        results = pipe.execute()
        counts = {d.decode(): int(v) for d, v in results[0].items()}
        for day, value in zip(days, results[1] if days else [], strict=True):
            counts[day] = counts.get(day, 0) + int(value or 0)
        return counts

    def pending(self, today, yesterday, month_start, now):
        counts = self.pending_by_day()
        online = self.redis.zcount(
            self.online_key, now.timestamp() - settings.VISITORS_ONLINE_SECONDS, "+inf"
        )
        return {
            "total": sum(counts.values()),
            "today": counts.get(today.isoformat(), 0),
            "yesterday": counts.get(yesterday.isoformat(), 0),
            "this_month": sum(v for d, v in counts.items() if d >= month_start.isoformat()),
            "online": online,
        }

    def flush(self, today):
        """Move pending counts into DailyVisits; returns the visits moved."""
        redis = self.redis
        moved = 0
        # one flush at a time, even when cron fires on two hosts
        with redis.lock(f"{self.prefix}:flush-lock", timeout=120, blocking_timeout=30):
            take = redis.register_script(TAKE_SCRIPT)
            flat = take(
                keys=[self.pending_days_key, self.inflight_key],
                args=[f"{self.prefix}:pending:", today.isoformat()],
            )
            inflight = {flat[i].decode(): int(flat[i + 1]) for i in range(0, len(flat), 2)}
            for iso, count in sorted(inflight.items()):
                if count:
                    with transaction.atomic():
                        add_daily_visits(date.fromisoformat(iso), count)
                    moved += count
                if redis.hincrby(self.inflight_key, iso, -count) <= 0:
                    redis.hdel(self.inflight_key, iso)
        return moved


def add_daily_visits(day, count):
    DailyVisits.objects.get_or_create(day=day)
    DailyVisits.objects.filter(day=day).update(visits=F("visits") + count)


def get_store():
    return RedisStore() if settings.REDIS_URL else DatabaseStore()


# --- the public functions ---------------------------------------------------------------


COOKIE_PATTERN = re.compile(r"[0-9]{8}-[0-9]{1,5}")


def _recently_counted(cookie, day_stamp, second):
    """True if our cookie says this browser was counted today less than a minute ago."""
    if not COOKIE_PATTERN.fullmatch(cookie):  # anything else (tampered, old format) is ignored
        return False
    day, _, at = cookie.partition("-")
    return day == day_stamp and 0 <= second - int(at) < 60


def record_visit(request, response):
    """Record a page view, then set the cookie that spares the next minute's views a write."""
    now = timezone.now()
    local = timezone.localtime(now)
    day_stamp = f"{local:%Y%m%d}"
    second = local.hour * 3600 + local.minute * 60 + local.second
    if _recently_counted(request.COOKIES.get(COOKIE_NAME, ""), day_stamp, second):
        return
    stamp = f"{day_stamp}-{second}"
    day = local.date()
    key = visitor_key(request, day)
    try:
        get_store().record(day, key, now)
    except DatabaseError:
        logger.exception("visitor counter: could not record a visit")
        return
    except Exception as error:  # Redis unreachable: keep counting in the database
        if not isinstance(error, RedisSkipped):  # the breaker has logged the outage already
            logger.warning("visitor counter: Redis unavailable, recording in the database", exc_info=True)
        try:
            DatabaseStore().record(day, key, now)
        except DatabaseError:
            logger.exception("visitor counter: could not record a visit")
            return
    response.set_cookie(
        COOKIE_NAME,
        stamp,
        max_age=86400,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def compute_counts(now=None):
    now = now or timezone.now()
    today = timezone.localdate(now)
    yesterday = today - timedelta(days=1)
    month_start = today.replace(day=1)
    stored = DailyVisits.objects.aggregate(
        total=Sum("visits", default=0),
        today=Sum("visits", filter=Q(day=today), default=0),
        yesterday=Sum("visits", filter=Q(day=yesterday), default=0),
        this_month=Sum("visits", filter=Q(day__gte=month_start), default=0),
    )
    parts = [stored, DatabaseStore().pending(today, yesterday, month_start, now)]
    if settings.REDIS_URL:
        try:
            parts.append(RedisStore().pending(today, yesterday, month_start, now))
        except Exception as error:
            if not isinstance(error, RedisSkipped):
                logger.warning("visitor counter: Redis unavailable, showing stored counts", exc_info=True)
    fields = ("online", "today", "yesterday", "this_month", "total")
    return VisitorCounts(**{name: sum(part.get(name, 0) for part in parts) for name in fields})


def current_counts():
    """The counts shown in the footer, reused for a few seconds so a page view reads no table."""
    counts = cache.get(COUNTS_CACHE_KEY)
    if counts is None:
        counts = compute_counts()
        cache.set(COUNTS_CACHE_KEY, counts, settings.VISITORS_COUNTS_CACHE_SECONDS)
    return counts


def flush_visits():
    """Move gathered counts into DailyVisits; returns how many visits were moved."""
    today = timezone.localdate()
    moved = DatabaseStore().flush(today)
    if settings.REDIS_URL:
        moved += RedisStore().flush(today)
    cache.delete(COUNTS_CACHE_KEY)
    return moved


def daily_series(days=90):
    """Visits per day for the last ``days`` days, oldest first, today included."""
    today = timezone.localdate()
    start = today - timedelta(days=days - 1)
    per_day = dict(DailyVisits.objects.filter(day__gte=start).values_list("day", "visits"))
    for day, count in (
        VisitorSeen.objects.filter(day__gte=start)
        .values("day")
        .annotate(n=Count("id"))
        .values_list("day", "n")
    ):
        per_day[day] = per_day.get(day, 0) + count
    if settings.REDIS_URL:
        try:
            for iso, count in RedisStore().pending_by_day().items():
                day = date.fromisoformat(iso)
                if day >= start:
                    per_day[day] = per_day.get(day, 0) + count
        except Exception as error:
            if not isinstance(error, RedisSkipped):
                logger.warning("visitor counter: Redis unavailable for the daily series", exc_info=True)
    return [(start + timedelta(days=i), per_day.get(start + timedelta(days=i), 0)) for i in range(days)]
