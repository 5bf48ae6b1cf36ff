"""The news app's background work (django.tasks; the worker, `manage.py db_worker`, runs it)."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from portal import units
from portal.cache import bump_content_version
from portal.storage import StoreUnavailable

logger = logging.getLogger(__name__)


@task
def make_cover_renditions(article_pk, cover_name, attempt=1):
    """The sizes of an article's photo (news.images.make_renditions), made away from the editor's request
    when uploads are on the object store (settings.RENDITIONS_IN_BACKGROUND). Pages show the original
    until this has run; then the article's pages are made again (the content version moves).

    Safe to run twice, and harmless once the photo was replaced: it works only on the photo it was asked
    for, if the article still has it and has no renditions of it yet."""
    from news import images
    from news.models import Article

    with units.everywhere():
        article = (
            Article.objects.filter(pk=article_pk).only("pk", "unit", "cover", "cover_renditions").first()
        )
    if article is None or article.cover.name != cover_name:
        return "bỏ qua: ảnh đã đổi hoặc bài đã xóa"
    if article.cover_renditions:
        return "đã có"
    try:
        renditions = images.make_renditions(cover_name)
    except (
        StoreUnavailable
    ) as exc:  # the store is down: try again later; the page shows the original meanwhile
        delays = settings.RENDITIONS_RETRY_SECONDS
        if attempt > len(delays):
            raise
        logger.warning("renditions of %s not made (%s); again in %s s", cover_name, exc, delays[attempt - 1])
        again = make_cover_renditions
        if again.get_backend().supports_defer:
            again = again.using(run_after=timezone.now() + timedelta(seconds=delays[attempt - 1]))
        again.enqueue(article_pk, cover_name, attempt=attempt + 1)
        return f"kho lưu trữ không trả lời; sẽ thử lại (lần {attempt + 1})"
    with transaction.atomic():
        with units.everywhere():
            updated = Article.objects.filter(pk=article_pk, cover=cover_name).update(
                cover_renditions=renditions
            )
        if updated:
            bump_content_version(article.unit_id)
            transaction.on_commit(lambda: bump_content_version(article.unit_id))
    if not updated:  # replaced meanwhile: these files belong to no article
        images.delete_renditions(renditions)
        return "bỏ qua: ảnh đã đổi"
    return f"{sum(len(v) for v in renditions.values())} tệp"
