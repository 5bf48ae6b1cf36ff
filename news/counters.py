"""Article view counts, on the visitor counter's principle: cheap per view, exact in the end.

Without Redis a view is one UPDATE … SET view_count = view_count + 1 (no read,
no race). With Redis a view is one HINCRBY in a hash; ``flush_article_views``
(run by the ``flush_visits`` command) moves the counts into the table through an
in-flight hash, so a flush that fails loses nothing. Bots and staff previews are
not counted.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.db.models import F

from muongang.redis_breaker import RedisSkipped
from muongang.visitors import is_bot

logger = logging.getLogger(__name__)


def _keys():
    prefix = settings.CACHES["default"].get("KEY_PREFIX", "portal")
    return f"{prefix}:article-views", f"{prefix}:article-views:in-flight"


def _redis():
    from django_redis import get_redis_connection

    return get_redis_connection("default")


def count_view(request, article):
    """Count this view; return how many views the loaded ``article.view_count`` now lacks (besides pending ones)."""
    return count_view_of(request, article.pk)


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


def pending_views(article):
    """Views counted in Redis and not yet flushed (0 without Redis)."""
    if not settings.REDIS_URL:
        return 0
    try:
        pending, inflight = _keys()
        with _redis().pipeline(transaction=False) as pipe:
            pipe.hget(pending, article.pk)
            pipe.hget(inflight, article.pk)
            return sum(int(v or 0) for v in pipe.execute())
    except Exception:
        return 0


def flush_article_views():
    """Move the counts from Redis into the table; return how many views were moved."""
    if not settings.REDIS_URL:
        return 0
    from news.models import Article

    pending, inflight = _keys()
    client = _redis()
    if client.exists(pending) and not client.exists(inflight):
        client.rename(pending, inflight)
    counts = {int(k): int(v) for k, v in client.hgetall(inflight).items()}
    if not counts:
        return 0
    with transaction.atomic():
        for pk, views in counts.items():
            Article.objects.filter(pk=pk).update(view_count=F("view_count") + views)
    client.delete(inflight)
    return sum(counts.values())
