"""The news app's background work (django.tasks; the worker, `manage.py db_worker`, runs it)."""

import logging

from django.db import transaction
from django.tasks import task

from portal import units
from portal.cache import bump_content_version

logger = logging.getLogger(__name__)


@task
def make_cover_renditions(article_pk, cover_name):
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
    renditions = images.make_renditions(cover_name)
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
