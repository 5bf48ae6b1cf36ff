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
  database sees no write per visit. Every VISITORS_FLUSH_SECONDS (5 s) one
  process of the site moves the pending counts into ``DailyVisits`` in one batch
  (``flush_in_background``, started by gunicorn.conf.py; the ``flush_visits``
  command does the same once), so a Redis that restarts empty loses at most the
  visits of those last seconds.

A browser that keeps our small cookie (``tc``: the day and minute it was last
counted, nothing that identifies it) causes at most one write a minute.

Every count belongs to a unit (issue 15): a page view is counted for the unit of
its host (the unit in scope), each unit has its own Redis keys and its own rows,
and the counts shown (footer, admin chart) are those of the unit in scope. The
flush moves every unit's counts at once, explicitly across units.
"""

import hashlib
import hmac
import ipaddress
import logging
import re
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from portal import cache as cache_reads
from portal import units
from portal.models import DailyVisits, FlushedBatch, Unit, VisitorSeen
from portal.redis_breaker import RedisSkipped

logger = logging.getLogger(__name__)

COOKIE_NAME = "tc"


@cache_reads.reads_along
def counts_cache_key(unit_id=None):
    """Where the footer's counts of a unit (by default the unit in scope) are kept a few seconds; every page
    reads them, so they come in the round trip that reads the content versions (portal.cache.reads_along)."""
    return f"portal:u{units.current_id() if unit_id is None else unit_id}:visitor-counts"


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


def client_network(request):
    """The client as rate limits and the login lockout count it: its IPv4 address, or its IPv6 /64
    written as the /64's first address (``2001:db8:ab:cd::``, still a valid address for the database).

    An IPv6 subscriber (a home line, a phone) is given a whole /64 and can use any of its 2^64
    addresses, so counting single addresses would let one client pose as millions. An IPv4 address
    written as IPv6 (``::ffff:203.0.113.9``, from a dual-stack socket) is that IPv4 address.
    """
    address = client_ip(request)
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address[:64]
    if ip.version == 6:
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False).network_address)
    return str(ip)


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
        """A visit to the site of the unit in scope."""
        VisitorSeen.objects.bulk_create(
            [VisitorSeen(unit=units.current(), day=day, key=key, last_seen=now)],
            update_conflicts=True,
            unique_fields=["unit", "day", "key"],
            update_fields=["last_seen"],
        )

    def pending(self, today, yesterday, month_start, now):
        online_since = now - timedelta(seconds=settings.VISITORS_ONLINE_SECONDS)
        row = VisitorSeen.objects.filter(unit=units.current()).aggregate(
            total=Count("id"),
            today=Count("id", filter=Q(day=today)),
            yesterday=Count("id", filter=Q(day=yesterday)),
            this_month=Count("id", filter=Q(day__gte=month_start)),
            online=Count("id", filter=Q(last_seen__gte=online_since)),
        )
        return row

    def flush(self, today):
        """Roll the hashes of past days into DailyVisits and delete them, for every unit.

        Returns (visits moved, ids of the units whose counts moved)."""
        moved, moved_units = 0, set()
        with units.everywhere():
            past = VisitorSeen.objects.filter(day__lt=today).values_list("unit_id", "day").distinct()
            for unit_id, day in list(past):
                with transaction.atomic():
                    count, _ = VisitorSeen.objects.filter(unit_id=unit_id, day=day).delete()
                    add_daily_visits(unit_id, day, count)
                    moved += count
                    moved_units.add(unit_id)
        return moved, moved_units


# A page view of unit ARGV[5]'s site. KEYS: the unit's set of the day's visitors, its pending counter of
# the day, its set of days with pending counts, its "online" sorted set, the set of units with pending days.
RECORD_SCRIPT = """
local added = redis.call('SADD', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[1], 172800)
if added == 1 then
  redis.call('INCR', KEYS[2])
  redis.call('SADD', KEYS[3], ARGV[3])
  redis.call('SADD', KEYS[5], ARGV[5])
end
redis.call('ZADD', KEYS[4], ARGV[2], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', tonumber(ARGV[2]) - tonumber(ARGV[4]))
redis.call('EXPIRE', KEYS[4], tonumber(ARGV[4]) + 60)
return added
"""


# Move every unit's pending counts into the in-flight hash (fields "unit|day") under a new batch id,
# atomically; or, when the in-flight hash is still there (a flush was interrupted), return that batch
# untouched. A unit leaves the set of units with pending days once it has none (no visit today).
# KEYS: that set of units, the in-flight hash, the set of days of a version before units (fields "day").
# ARGV: the keys' prefix, today, the new batch id, the batch field.
TAKE_SCRIPT = """
if redis.call('EXISTS', KEYS[2]) == 1 then
  redis.call('HSETNX', KEYS[2], ARGV[4], ARGV[3])  -- left by an earlier version, without an id
  return redis.call('HGETALL', KEYS[2])
end
local moved = 0
local function take(days_key, counter_prefix, field_prefix)
  local left = 0
  for _, day in ipairs(redis.call('SMEMBERS', days_key)) do
    local key = counter_prefix .. day
    local n = tonumber(redis.call('GET', key) or '0')
    if n > 0 then
      redis.call('HINCRBY', KEYS[2], field_prefix .. day, n)
      moved = moved + n
    end
    redis.call('DEL', key)
    if day < ARGV[2] then redis.call('SREM', days_key, day) else left = left + 1 end
  end
  return left
end
for _, unit in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local base = ARGV[1] .. 'u' .. unit .. ':'
  if take(base .. 'pending-days', base .. 'pending:', unit .. '|') == 0 then
    redis.call('SREM', KEYS[1], unit)
  end
end
take(KEYS[3], ARGV[1] .. 'pending:', '')
if moved > 0 then redis.call('HSET', KEYS[2], ARGV[4], ARGV[3]) end
return redis.call('HGETALL', KEYS[2])
"""

BATCH_FIELD = "batch"  # the in-flight hash's field holding its batch id (the others are "unit|day")
# Delete the in-flight hash if it is still the given batch (another flush may have taken a new one).
FINISH_SCRIPT = """
if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then return redis.call('DEL', KEYS[1]) end
return 0
"""


def finish_batch(redis, key, batch):
    redis.eval(FINISH_SCRIPT, 1, key, BATCH_FIELD, batch)


def read_batch(flat_or_dict):
    """(batch id or None, {field: int}) from an in-flight hash as Redis returns it."""
    if isinstance(flat_or_dict, dict):
        items = flat_or_dict.items()
    else:
        items = zip(flat_or_dict[::2], flat_or_dict[1::2], strict=True)
    batch, counts = None, {}
    for field, value in items:
        field = field.decode() if isinstance(field, bytes) else field
        if field == BATCH_FIELD:
            batch = value.decode() if isinstance(value, bytes) else value
        else:
            counts[field] = int(value)
    return batch, counts


def apply_once(batch, apply):
    """Run ``apply()`` in one transaction with the record of ``batch``; False if it was applied before."""
    now = timezone.now()
    with transaction.atomic():
        _, created = FlushedBatch.objects.get_or_create(key=batch, defaults={"moved_at": now})
        if not created:
            return False
        apply()
        FlushedBatch.objects.filter(moved_at__lt=now - timedelta(days=1)).delete()
    return True


def is_applied(batch):
    return batch is not None and FlushedBatch.objects.filter(key=batch).exists()


def split_field(field):
    """(unit id or None, iso day) of an in-flight field: "12|2026-12-02"; a bare day was counted by a
    version before units (None: the installation's first unit, as the migration gave it the rows)."""
    unit, _, day = field.rpartition("|")
    return (int(unit) if unit else None), day


class RedisStore:
    """Counts gathered in Redis, per unit, flushed to the database in batches.

    A flush first moves every unit's pending counts into an "in-flight" hash with a new batch id (one
    atomic script), writes them to the database in one transaction with the record of that id
    (``FlushedBatch``), then deletes the hash if it still holds that batch. A flush interrupted
    before its commit leaves the hash for the next one, which writes it; interrupted after its
    commit, the next one finds the id recorded and only deletes the hash: nothing is lost or
    counted twice. The footer reads its unit's pending and in-flight counts, leaving out a batch
    already written, so it does not double (except within the milliseconds between its two reads).

    Keys: ``…:u<unit>:seen:<day>`` (the day's visitors), ``…:u<unit>:pending:<day>`` (visits not yet
    in the database), ``…:u<unit>:pending-days``, ``…:u<unit>:online``; shared by the units:
    ``…:pending-units`` (the units with pending days) and ``…:in-flight`` (fields "unit|day").
    """

    def __init__(self):
        prefix = settings.CACHES["default"].get("KEY_PREFIX", "portal")
        self.prefix = f"{prefix}:visitors"
        self.pending_units_key = f"{self.prefix}:pending-units"
        self.legacy_days_key = f"{self.prefix}:pending-days"  # a version before units: one unit
        self.inflight_key = f"{self.prefix}:in-flight"
        self._script = None

    @property
    def redis(self):
        from django_redis import get_redis_connection

        return get_redis_connection("default")

    def unit_key(self, unit_id, name):
        return f"{self.prefix}:u{unit_id}:{name}"

    def pending_key(self, unit_id, iso_day):
        return self.unit_key(unit_id, f"pending:{iso_day}")

    def record(self, day, key, now):
        """A visit to the site of the unit in scope."""
        unit_id = units.current().pk
        if self._script is None:
            self._script = self.redis.register_script(RECORD_SCRIPT)
        self._script(
            keys=[
                self.unit_key(unit_id, f"seen:{day.isoformat()}"),
                self.pending_key(unit_id, day.isoformat()),
                self.unit_key(unit_id, "pending-days"),
                self.unit_key(unit_id, "online"),
                self.pending_units_key,
            ],
            args=[key, now.timestamp(), day.isoformat(), settings.VISITORS_ONLINE_SECONDS, unit_id],
        )

    def pending_by_day(self):
        """{iso day: visits of the unit in scope not yet in the database}, pending and in flight, read in
        one transaction."""
        unit_id = units.current().pk
        redis = self.redis
        days = sorted(d.decode() for d in redis.smembers(self.unit_key(unit_id, "pending-days")))
        pipe = redis.pipeline(transaction=True)
        pipe.hgetall(self.inflight_key)
        if days:
            pipe.mget([self.pending_key(unit_id, d) for d in days])
        results = pipe.execute()
        batch, inflight = read_batch(results[0])
        counts = {}
        if not is_applied(batch):  # else written to the database a moment ago, the hash not yet deleted
            for field, count in inflight.items():
                unit, day = split_field(field)
                if unit == unit_id:
                    counts[day] = counts.get(day, 0) + count
        for day, value in zip(days, results[1] if days else [], strict=True):
            counts[day] = counts.get(day, 0) + int(value or 0)
        return counts

    def pending(self, today, yesterday, month_start, now):
        counts = self.pending_by_day()
        online = self.redis.zcount(
            self.unit_key(units.current().pk, "online"),
            now.timestamp() - settings.VISITORS_ONLINE_SECONDS,
            "+inf",
        )
        return {
            "total": sum(counts.values()),
            "today": counts.get(today.isoformat(), 0),
            "yesterday": counts.get(yesterday.isoformat(), 0),
            "this_month": sum(v for d, v in counts.items() if d >= month_start.isoformat()),
            "online": online,
        }

    def claim_flush(self, period):
        """True for one caller in ``period`` seconds among every process and host of the site."""
        return bool(self.redis.set(f"{self.prefix}:flush-due", 1, nx=True, px=int(period * 1000)))

    def flush(self, today):
        """Move every unit's pending counts into DailyVisits; returns (visits moved, ids of their units).

        Safe to run in several processes at once: a batch is taken atomically, written once, and its
        hash deleted only if it is still that batch.
        """
        redis = self.redis
        take = redis.register_script(TAKE_SCRIPT)
        new = uuid.uuid4().hex
        moved, moved_units = 0, set()
        while True:  # an interrupted flush's batch first, if any, then the new one
            flat = take(
                keys=[self.pending_units_key, self.inflight_key, self.legacy_days_key],
                args=[f"{self.prefix}:", today.isoformat(), new, BATCH_FIELD],
            )
            batch, counts = read_batch(flat)
            if batch is None:  # nothing pending
                return moved, moved_units
            per_unit = {}
            for field, count in counts.items():
                unit_id, iso = split_field(field)
                if unit_id is None:
                    unit_id = first_unit_id()
                    if unit_id is None:
                        logger.warning(
                            "visitor counter: %s visits of %s without a unit to count them", count, iso
                        )
                        continue
                key = (unit_id, date.fromisoformat(iso))
                per_unit[key] = per_unit.get(key, 0) + count

            def write(per_unit=per_unit):
                for (unit_id, day), count in sorted(per_unit.items()):
                    add_daily_visits(unit_id, day, count)

            if apply_once(batch, write):
                moved += sum(per_unit.values())
                moved_units.update(unit_id for unit_id, _ in per_unit)
            finish_batch(redis, self.inflight_key, batch)
            if batch == new:
                return moved, moved_units


def first_unit_id():
    """The unit the counts of a version before units belong to (portal.migrations._units.default_unit)."""
    return Unit.objects.order_by("pk").values_list("pk", flat=True).first()


def add_daily_visits(unit_id, day, count):
    with units.everywhere():  # the flush writes every unit's counts
        DailyVisits.objects.get_or_create(unit_id=unit_id, day=day)
        DailyVisits.objects.filter(unit_id=unit_id, day=day).update(visits=F("visits") + count)


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
    """The counts of the unit in scope (``NoUnitInScope`` without one)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    yesterday = today - timedelta(days=1)
    month_start = today.replace(day=1)
    stored = DailyVisits.objects.filter(unit=units.current()).aggregate(
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
    """The counts of the unit in scope shown in the footer, reused for a few seconds so a page view
    reads no table. A page outside any unit (an error page before the host's unit is known) shows none."""
    if units.current(required=False) is None:
        return VisitorCounts()
    key = counts_cache_key()
    counts = cache_reads.read_along(key)
    if counts is None:
        counts = compute_counts()
        cache.set(key, counts, settings.VISITORS_COUNTS_CACHE_SECONDS)
    return counts


def flush_visits():
    """Move every unit's gathered counts into DailyVisits; returns how many visits were moved."""
    today = timezone.localdate()
    with units.everywhere():  # every unit's counts, whatever unit (if any) the caller is in
        moved, moved_units = DatabaseStore().flush(today)
        if settings.REDIS_URL:
            more, more_units = RedisStore().flush(today)
            moved += more
            moved_units |= more_units
    if moved_units:
        cache.delete_many([counts_cache_key(unit_id) for unit_id in sorted(moved_units)])
    return moved


def daily_series(days=90):
    """The unit in scope's visits per day for the last ``days`` days, oldest first, today included."""
    today = timezone.localdate()
    start = today - timedelta(days=days - 1)
    unit = units.current()
    per_day = dict(DailyVisits.objects.filter(unit=unit, day__gte=start).values_list("day", "visits"))
    for day, count in (
        VisitorSeen.objects.filter(unit=unit, day__gte=start)
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
