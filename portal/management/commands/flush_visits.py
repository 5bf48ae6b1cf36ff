import logging
import threading

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connections

from portal import units
from portal.contributions import offers
from portal.redis_breaker import RedisSkipped
from portal.visitors import RedisStore, flush_visits

logger = logging.getLogger(__name__)


def flush_all():
    """Visits (and past days' visitor hashes), then what the apps count in Redis (article views), into the
    database, for every unit: it runs outside any request, across units. Returns the visits moved and the
    app counts moved."""
    with units.everywhere():
        return flush_visits(), sum(offer.flush() for offer in offers() if offer.flush)


def flush_in_background(period=None):
    """Offer every ``period`` seconds (VISITORS_FLUSH_SECONDS) to move the counts gathered in Redis.

    Called in each gunicorn process (gunicorn.conf.py); a key in Redis lets one process of the whole
    site do it each time, so the database sees one small batch every few seconds whatever the
    number of processes and hosts, and a Redis restarted empty loses at most those seconds of visits.
    Returns the thread (None when there is nothing to do: no Redis, or the period is 0).
    """
    period = settings.VISITORS_FLUSH_SECONDS if period is None else period
    if not settings.REDIS_URL or period <= 0:
        return None
    stop = threading.Event()

    def run():
        store = RedisStore()
        while not stop.wait(period):
            try:
                if store.claim_flush(period):
                    flush_all()
            except RedisSkipped:
                pass  # Redis is failing (the breaker logged it): visits are counted in the database
            except Exception:
                logger.exception("visitor counter: the periodic flush failed; the next one will retry")
            finally:
                connections.close_all()  # this thread's connections (back to the pool, if any)

    thread = threading.Thread(target=run, name="flush-visits", daemon=True)
    thread.stop = stop
    thread.start()
    return thread


class Command(BaseCommand):
    help = (
        "Chuyển số lượt truy cập đã gom (trong Redis, hoặc mã băm khách của các ngày trước) vào bảng "
        "thống kê theo ngày, và lượt xem bài viết vào từng bài. Với Redis, gunicorn đã tự làm việc này "
        "mỗi VISITORS_FLUSH_SECONDS giây; lệnh này để chạy tay, hoặc bằng cron khi không dùng gunicorn.conf.py."
    )

    def handle(self, *args, **options):
        moved, views = flush_all()
        self.stdout.write(f"Đã chuyển {moved} lượt truy cập vào thống kê theo ngày.")
        self.stdout.write(f"Đã cộng {views} lượt xem vào các bài viết.")
