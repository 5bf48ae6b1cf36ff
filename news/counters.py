"""Article view counts, on the visitor counter's principle: cheap per view, exact in the end.

Without Redis a view is one UPDATE … SET view_count = view_count + 1 (no read,
no race). With Redis a view is one HINCRBY in a hash; ``flush_article_views``
(run by the ``flush_visits`` command) moves the counts into the table through an
in-flight hash, so a flush that fails loses nothing. Bots and staff previews are
not counted. The hash is keyed by article id, which is unique across units: one hash
serves every unit, and the flush (which runs outside any request) writes them all.
"""

import logging
import uuid

from django.conf import settings
from django.db.models import F

from portal import units
from portal.redis_breaker import RedisSkipped
from portal.visitors import BATCH_FIELD, apply_once, finish_batch, is_bot, read_batch

logger = logging.getLogger(__name__)


def _keys():
    prefix = settings.CACHES["default"].get("KEY_PREFIX", "portal")
    return f"{prefix}:article-views", f"{prefix}:article-views:in-flight"


def _redis():
    from django_redis import get_redis_connection

    return get_redis_connection("default")


def count_view_of(request, pk):
    """Count a view of article ``pk`` (also called for an article page served from the page cache)."""
    if is_bot(request.META.get("HTTP_USER_AGENT", "")):
        return 0
    from news.models import Article

    if settings.REDIS_URL:
        try:
            _redis().hincrby(_keys()[0], pk, 1)
            return 0  # it is among the pending views
        except Exception as error:
            if not isinstance(error, RedisSkipped):  # the breaker has logged the outage already
                logger.warning("article views: Redis unavailable, counting in the database", exc_info=True)
    Article.objects.filter(pk=pk).update(view_count=F("view_count") + 1)
    return 1


def shown_views(request, article, count=True):
    """The views to show on ``article``'s page, this one counted first when ``count`` (not for a bot): the
    table's count and those waiting in Redis, asked in the same round trip as the count itself."""
    count = count and not is_bot(request.META.get("HTTP_USER_AGENT", ""))
    if settings.REDIS_URL:
        pending, inflight = _keys()
        try:
            with _redis().pipeline(transaction=False) as pipe:
                if count:
                    pipe.hincrby(pending, article.pk, 1)
                else:
                    pipe.hget(pending, article.pk)
                pipe.hget(inflight, article.pk)
                return article.view_count + sum(int(v or 0) for v in pipe.execute())
        except Exception as error:
            if not isinstance(error, RedisSkipped):  # the breaker has logged the outage already
                logger.warning("article views: Redis unavailable, counting in the database", exc_info=True)
    if not count:
        return article.view_count
    from news.models import Article

    Article.objects.filter(pk=article.pk).update(view_count=F("view_count") + 1)
    return article.view_count + 1


# Rename the pending hash to the in-flight one and give it a batch id, atomically; or, when the
# in-flight hash is still there (a flush was interrupted), return that batch untouched.
TAKE_SCRIPT = """
if redis.call('EXISTS', KEYS[2]) == 0 then
  if redis.call('EXISTS', KEYS[1]) == 0 then return {} end
  redis.call('RENAME', KEYS[1], KEYS[2])
end
redis.call('HSETNX', KEYS[2], ARGV[2], ARGV[1])  -- a new batch, or one left without an id by an earlier version
return redis.call('HGETALL', KEYS[2])
"""


def flush_article_views():
    """Move the counts from Redis into the table; return how many views were moved.

    Each batch is written once (portal.visitors.apply_once), so a flush interrupted after its
    commit is not added again by the next one.
    """
    if not settings.REDIS_URL:
        return 0
    from news.models import Article

    pending, inflight = _keys()
    client = _redis()
    take = client.register_script(TAKE_SCRIPT)
    new = uuid.uuid4().hex
    moved = 0
    while True:  # an interrupted flush's batch first, if any, then the new one
        batch, counts = read_batch(take(keys=[pending, inflight], args=[new, BATCH_FIELD]))
        if batch is None:
            return moved

        def write(counts=counts):
            # the counts of every unit's articles (their ids are global), outside any request
            with units.everywhere():
                for pk, views in counts.items():
                    Article.objects.filter(pk=int(pk)).update(view_count=F("view_count") + views)

        if apply_once(batch, write):
            moved += sum(counts.values())
        finish_batch(client, inflight, batch)
        if batch == new:
            return moved
