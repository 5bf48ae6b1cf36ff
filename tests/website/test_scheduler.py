"""The one scheduler (`manage.py run_scheduler`): each job at its time, never twice at once, failures recorded
without stopping the others, and /healthz telling the age of each job's last run."""

import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from portal import jobs
from portal.models import JobRun

ROOT = Path(__file__).resolve().parents[2]


def last_start(name):
    return JobRun.objects.filter(name=name).values_list("started_at", flat=True).first()


def schedule(clock_at=None):
    call_command("run_scheduler", "--once")


@pytest.mark.django_db(transaction=True)
def test_a_job_runs_at_its_interval_and_not_before(settings, time_machine):
    settings.SCHEDULED_JOBS = {"flush_visits": 60}
    start = timezone.now().replace(microsecond=0)
    time_machine.move_to(start, tick=False)
    schedule()
    assert last_start("flush_visits") == start
    assert JobRun.objects.get(name="flush_visits").ok is True
    time_machine.move_to(start + timedelta(seconds=30), tick=False)
    schedule()
    assert last_start("flush_visits") == start  # not yet due
    time_machine.move_to(start + timedelta(seconds=61), tick=False)
    schedule()
    assert last_start("flush_visits") == start + timedelta(seconds=61)


@pytest.mark.django_db(transaction=True)
def test_a_daily_job_runs_once_a_day_after_its_time(settings, time_machine, tmp_path):
    settings.SCHEDULED_JOBS = {"anonymise_personal_data": "02:30"}
    day = timezone.localdate() + timedelta(days=1)
    at = lambda hour, minute, days=0: timezone.make_aware(  # noqa: E731
        datetime.combine(day + timedelta(days=days), datetime.min.time()).replace(hour=hour, minute=minute)
    )
    time_machine.move_to(at(2, 0), tick=False)
    schedule()
    assert last_start("anonymise_personal_data") is None
    time_machine.move_to(at(2, 31), tick=False)
    schedule()
    assert last_start("anonymise_personal_data") == at(2, 31)
    time_machine.move_to(at(23, 0), tick=False)
    schedule()
    assert last_start("anonymise_personal_data") == at(2, 31)  # once that day
    time_machine.move_to(at(2, 29, days=1), tick=False)
    schedule()
    assert last_start("anonymise_personal_data") == at(2, 31)
    time_machine.move_to(at(2, 30, days=1), tick=False)
    schedule()
    assert last_start("anonymise_personal_data") == at(2, 30, days=1)


@pytest.mark.django_db(transaction=True)
def test_a_failing_job_is_recorded_with_its_error_and_the_others_run(settings, client, time_machine):
    # create_unit without its arguments fails as a broken job would: with a CommandError
    settings.SCHEDULED_JOBS = {"create_unit": 60, "flush_visits": 60, "write_snapshots": 900}
    settings.SNAPSHOT_ROOT = settings.MEDIA_ROOT.parent / "snapshots"
    start = timezone.now().replace(microsecond=0)
    time_machine.move_to(start, tick=False)
    schedule()
    failed = JobRun.objects.get(name="create_unit")
    assert failed.ok is False and "the following arguments are required" in failed.message
    assert failed.finished_at is not None
    assert JobRun.objects.get(name="flush_visits").ok is True
    assert JobRun.objects.get(name="write_snapshots").ok is True
    assert (settings.SNAPSHOT_ROOT / "hosts.json").exists()

    time_machine.move_to(start + timedelta(seconds=125), tick=False)
    health = client.get("/healthz")
    assert health.status_code == 200
    lines = health.content.decode().splitlines()
    assert lines[0] == "ok"
    assert "job flush_visits: last run 125 s ago, ok, late" in lines
    assert "job write_snapshots: last run 125 s ago, ok" in lines
    failed_line = next(line for line in lines if line.startswith("job create_unit:"))
    assert failed_line.startswith("job create_unit: last run 125 s ago, failed")
    assert "arguments are required" in failed_line


@pytest.mark.django_db(transaction=True)
def test_healthz_names_a_scheduled_job_that_never_ran(settings, client):
    settings.SCHEDULED_JOBS = {"flush_visits": 60, "anonymise_personal_data": "02:30"}
    JobRun.objects.create(name="flush_visits", started_at=timezone.now(), finished_at=timezone.now(), ok=True)
    body = client.get("/healthz").content.decode()
    assert "job anonymise_personal_data: never run" in body
    assert "job flush_visits: last run 0 s ago, ok" in body


@pytest.mark.django_db(transaction=True)
@pytest.mark.sqlite
def test_on_sqlite_a_job_whose_file_lock_is_held_is_skipped(settings, tmp_path):
    settings.SCHEDULED_JOBS = {"flush_visits": 60}
    settings.JOB_LOCK_DIR = tmp_path / "locks"
    with jobs.job_lock("flush_visits") as held:
        assert held
        # another process of this machine: its own open file description, refused at once
        other = subprocess.run(
            [
                sys.executable,
                "-c",
                "import fcntl, sys; f = open(sys.argv[1], 'a+')\n"
                "try: fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB); print('taken')\n"
                "except BlockingIOError: print('busy')",
                str(tmp_path / "locks" / "flush_visits.lock"),
            ],
            capture_output=True,
            text=True,
        )
        assert other.stdout.strip() == "busy"
        schedule()
        assert last_start("flush_visits") is None
    schedule()
    assert JobRun.objects.get(name="flush_visits").ok is True


def test_times_in_settings_are_checked():
    assert jobs.parse_when(60) == timedelta(seconds=60)
    assert str(jobs.parse_when("02:30")) == "02:30:00"
    for wrong in (0, -5, "half past two", 1.5):
        with pytest.raises(ValueError):
            jobs.parse_when(wrong)


# --- PostgreSQL: two schedulers, as on two machines ---------------------------------------------------------


def scheduler_process(tmp_path):
    """`manage.py run_scheduler --once` in a process of its own, on the test database, as a scheduler on
    another machine would run."""
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "muongang.settings_test",
        "SNAPSHOT_ROOT": str(tmp_path / "snapshots"),
        "TASKS_BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "run_scheduler", "--once"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_schedulers_on_postgresql_never_run_a_job_at_the_same_time(tmp_path):
    db = connection.settings_dict
    # a scheduler on another machine in the middle of write_snapshots: it holds the job's advisory lock
    other = psycopg.connect(
        host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, user=db["USER"], dbname=db["NAME"]
    )
    other.autocommit = True
    other.execute("SELECT pg_advisory_lock(%s)", [jobs.lock_key("write_snapshots")])
    try:
        process = scheduler_process(tmp_path)
        output, _ = process.communicate(timeout=120)
        assert process.returncode == 0, output
        assert "write_snapshots: bỏ qua: đang chạy ở nơi khác" in output
        # the other jobs ran; the one running elsewhere was left to it
        assert JobRun.objects.get(name="flush_visits").ok is True
        assert last_start("write_snapshots") is None
        assert not (tmp_path / "snapshots" / "hosts.json").exists()
    finally:
        other.execute("SELECT pg_advisory_unlock(%s)", [jobs.lock_key("write_snapshots")])
        other.close()

    # two schedulers started together: the job runs once (the other finds it locked, or just run)
    first, second = scheduler_process(tmp_path), scheduler_process(tmp_path)
    outputs = []
    for process in (first, second):
        output, _ = process.communicate(timeout=180)
        assert process.returncode == 0, output
        outputs.append(output)
    # one ran it; the other found it locked ("bỏ qua") or, starting a moment later, no longer due (silent)
    assert sum("write_snapshots: thành công" in output for output in outputs) == 1, outputs
    assert JobRun.objects.get(name="write_snapshots").ok is True
    assert (tmp_path / "snapshots" / "hosts.json").exists()
    flushed = JobRun.objects.get(name="flush_visits")
    assert flushed.ok is True


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_advisory_lock_is_refused_to_a_second_connection():
    db = connection.settings_dict
    with jobs.job_lock("rollup_service_quality") as held:
        assert held
        with psycopg.connect(
            host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, user=db["USER"], dbname=db["NAME"]
        ) as other:
            key = jobs.lock_key("rollup_service_quality")
            assert other.execute("SELECT pg_try_advisory_lock(%s)", [key]).fetchone()[0] is False
    with psycopg.connect(
        host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, user=db["USER"], dbname=db["NAME"]
    ) as other:
        assert other.execute("SELECT pg_try_advisory_lock(%s)", [key]).fetchone()[0] is True


@pytest.mark.django_db
def test_superusers_see_the_last_runs_in_the_admin_in_vietnamese(admin_client):
    JobRun.objects.create(
        name="write_snapshots",
        started_at=timezone.now(),
        finished_at=timezone.now(),
        ok=False,
        message="OSError: không ghi được tệp",
    )
    index = admin_client.get("/quan-tri/").content.decode()
    assert "Lần chạy công việc định kỳ" in index
    assert "Task Result" not in index and "Django Tasks" not in index
    listing = admin_client.get("/quan-tri/portal/jobrun/").content.decode()
    assert "write_snapshots" in listing and "Lỗi" in listing and "Kết quả" in listing
