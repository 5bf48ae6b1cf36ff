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


@pytest.mark.django_db(transaction=True)
def test_the_scheduler_prunes_the_queue_s_finished_tasks_after_two_weeks(settings, time_machine):
    from datetime import timedelta

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.SCHEDULED_JOBS = {"prune_db_task_results": 60}
    start = timezone.now()
    time_machine.move_to(start, tick=False)
    note.enqueue("cũ", "xong")
    call_command("db_worker", "--batch", "--no-startup-delay")
    time_machine.move_to(start + timedelta(days=13), tick=False)
    note.enqueue("mới", "xong")
    call_command("db_worker", "--batch", "--no-startup-delay")
    time_machine.move_to(start + timedelta(days=15), tick=False)
    call_command("run_scheduler", "--once")
    assert JobRun.objects.get(name="prune_db_task_results").ok is True
    assert [result.args_kwargs["args"] for result in DBTaskResult.objects.all()] == [["mới", "xong"]]
