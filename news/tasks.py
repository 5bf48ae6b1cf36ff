"""The news app's background work (django.tasks; the worker, `manage.py db_worker`, runs it)."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from portal.cache import bump_content_version
from portal.storage import is_store_error

logger = logging.getLogger(__name__)


@task
def make_photo_renditions(model, pk, name, attempt=1):
    """The sizes of a photo (news.images.make_renditions) — an article's cover (``model`` "news.article")
    or a library photo ("news.photo") — made away from the editor's request when uploads are on the object
    store (settings.RENDITIONS_IN_BACKGROUND). Pages show the original until this has run; then the
    unit's pages are made again (the content version moves).

    Safe to run twice, and harmless once the photo was replaced: it works only on the photo it was asked
    for, if the row still has it and has no renditions of it yet."""
    from django.apps import apps

    from news import images

    fields = {"news.article": images.ARTICLE_COVER, "news.photo": images.LIBRARY_PHOTO}[model]
    manager = apps.get_model(model)._base_manager
    row = manager.filter(pk=pk).values("unit_id", fields.file, fields.renditions).first()
    if row is None or row[fields.file] != name:
        return "bỏ qua: ảnh đã đổi hoặc đã xóa"
    if row[fields.renditions]:
        return "đã có"
    try:
        renditions = images.make_renditions(name)
    except Exception as exc:  # the store is down: try again later; the page shows the original meanwhile
        if not is_store_error(exc):
            raise
        delays = settings.RENDITIONS_RETRY_SECONDS
        if attempt > len(delays):
            raise
        logger.warning("renditions of %s not made (%s); again in %s s", name, exc, delays[attempt - 1])
        again = make_photo_renditions
        if again.get_backend().supports_defer:
            again = again.using(run_after=timezone.now() + timedelta(seconds=delays[attempt - 1]))
        again.enqueue(model, pk, name, attempt=attempt + 1)
        return f"kho lưu trữ không trả lời; sẽ thử lại (lần {attempt + 1})"
    with transaction.atomic():
        updated = manager.filter(pk=pk, **{fields.file: name}).update(**{fields.renditions: renditions})
        if updated:
            bump_content_version(row["unit_id"])
            transaction.on_commit(lambda: bump_content_version(row["unit_id"]))
    if not updated:  # replaced meanwhile: these files belong to no row
        images.delete_renditions(renditions)
        return "bỏ qua: ảnh đã đổi"
    return f"{sum(len(v) for v in renditions.values())} tệp"
