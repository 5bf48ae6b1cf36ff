"""Rebuilding the search index is background work: `rebuild_search_index --nen` queues it for the worker and
answers at once; the worker makes the index again and records the outcome, which /healthz shows."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from portal import units
from portal.models import JobRun
from tests import factories
from website.models import SearchEntry


@pytest.mark.django_db(transaction=True)
def test_the_index_is_rebuilt_by_the_worker_and_the_run_is_reported(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    article = factories.article(title="Chuyển đổi số ở xã Búng Lao")
    with units.everywhere():
        SearchEntry.objects.all().delete()  # as after a bulk change made outside the ORM
    out = StringIO()
    call_command("rebuild_search_index", "--nen", stdout=out)
    assert "Đã xếp việc dựng lại chỉ mục tìm kiếm vào hàng đợi" in out.getvalue()
    with units.everywhere():
        assert not SearchEntry.objects.exists()  # nothing until a worker runs
    call_command("db_worker", "--batch", "--no-startup-delay")
    with units.everywhere():
        assert list(SearchEntry.objects.values_list("title", flat=True)) == [article.title]
    run = JobRun.objects.get(name="rebuild_search_index")
    assert run.ok is True and run.message.startswith("Đã dựng lại chỉ mục tìm kiếm: 1 mục")
    health = Client().get("/healthz").content.decode()
    assert re.search(r"job rebuild_search_index: last run \d+ s ago, ok\n", health), health
