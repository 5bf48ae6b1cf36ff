"""Background work with Django's own tasks framework: queued in the database, run by `manage.py db_worker`."""

import pytest
from django.conf import settings as live_settings
from django.core.management import call_command
from django.tasks import TaskResultStatus, task

from portal.models import JobRun


@task
def note(name, message):
    return JobRun.objects.create(name=name, message=message).pk


def test_production_queues_tasks_in_the_database_and_tests_run_them_at_once():
    import muongang.settings as production

    assert production.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert "django_tasks_db" in production.INSTALLED_APPS
    assert live_settings.TASKS["default"]["BACKEND"] == "django.tasks.backends.immediate.ImmediateBackend"


@pytest.mark.django_db(transaction=True)
def test_a_queued_task_waits_for_the_worker_and_the_worker_runs_it(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    result = note.enqueue("thử", "Đã chạy trong tiến trình nền")
    assert result.status == TaskResultStatus.READY
    assert not JobRun.objects.filter(name="thử").exists()  # nothing until a worker runs
    call_command("db_worker", "--batch", "--no-startup-delay")
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert JobRun.objects.get(pk=result.return_value).message == "Đã chạy trong tiến trình nền"
