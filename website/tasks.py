"""The website's background work (django.tasks; the worker, `manage.py db_worker`, runs it)."""

from django.tasks import task
from django.utils import timezone

from portal.models import JobRun
from website import search_index


@task
def rebuild_search_index():
    """The whole search index made again (website.search_index.rebuild), away from any web request: at
    500,000 entries it takes minutes. Its outcome is kept as the job run «rebuild_search_index». Safe to run twice: each run makes the index from the content as it is then,
    in one transaction, so searches see the old index until the new one is whole."""
    began = timezone.now()
    JobRun.objects.update_or_create(
        name="rebuild_search_index",
        defaults={"started_at": began, "finished_at": None, "ok": None, "message": ""},
    )
    try:
        total = search_index.rebuild()
    except Exception as exc:
        JobRun.objects.filter(name="rebuild_search_index").update(
            finished_at=timezone.now(), ok=False, message=f"Lỗi: {exc}"[:2000]
        )
        raise
    finished = timezone.now()
    message = (
        f"Đã dựng lại chỉ mục tìm kiếm: {total} mục, trong {(finished - began).total_seconds():.0f} giây."
    )
    JobRun.objects.filter(name="rebuild_search_index").update(finished_at=finished, ok=True, message=message)
    return message
