"""`make run`'s last step (scripts/run_demo.sh): gunicorn as in production and the tasks' worker beside it,
on the demo's SQLite database; Ctrl+C stops both."""

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.production.servers import ROOT, app_env, fetch, free_port, manage

# the demo's embedded database; on PostgreSQL runs it would only repeat itself
pytestmark = pytest.mark.sqlite


def session_members(session_id):
    """The processes of a session (the script started with start_new_session), read from /proc."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        if fields[0] != "Z" and int(fields[3]) == session_id:  # state, ppid, pgrp, session
            members.append(stat.parent.name)
    return members


def test_the_demo_serves_with_gunicorn_its_worker_runs_tasks_and_ctrl_c_stops_both(static_root, tmp_path):
    port = free_port()
    env = app_env(
        database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        static_root=static_root,
        media_root=tmp_path,
        DJANGO_SERVE_MEDIA="1",
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(tmp_path / "mails"),
        PORT=str(port),
    )
    env.pop("TASKS_BACKEND", None)  # the default: the queue in the database, as `make run` has it
    manage(env, "migrate", "--noinput", "-v0")
    # the platform's administrator, who is told of a failed job by mail
    manage(
        env,
        "shell",
        "-c",
        "from django.contrib.auth.models import User; User.objects.create_superuser('qt', 'qt@example.vn', 'x')",
    )
    log = open(tmp_path / "run.log", "wb")  # noqa: SIM115 - closed below
    demo = subprocess.Popen(
        ["bash", "scripts/run_demo.sh"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 40
        while True:
            try:
                health = fetch(port, "/healthz", timeout=3)
                break
            except OSError:
                assert demo.poll() is None and time.monotonic() < deadline, (tmp_path / "run.log").read_text()
                time.sleep(0.3)
        assert health.status == 200 and health.text.startswith("ok\n")
        assert "gunicorn" in (tmp_path / "run.log").read_text()  # not the development server

        # a task queued by the site is run by the worker beside it: the mail lands in mails/
        manage(
            env,
            "shell",
            "-c",
            "from portal.mail import mail_job_failed; mail_job_failed.enqueue('thu', 'lỗi')",
        )
        deadline = time.monotonic() + 30
        while not list((tmp_path / "mails").glob("*")) and time.monotonic() < deadline:
            time.sleep(0.3)
        assert list((tmp_path / "mails").glob("*")), (tmp_path / "run.log").read_text()
        assert len(session_members(demo.pid)) >= 4  # the script, gunicorn (master and worker), db_worker

        os.killpg(demo.pid, signal.SIGINT)  # Ctrl+C in the terminal: the whole foreground group
        assert demo.wait(timeout=30) in (0, 130)
        time.sleep(0.5)
        left = session_members(demo.pid)
        assert left == [], f"still running: {left}"
        try:
            fetch(port, "/healthz", timeout=2)
            raise AssertionError("still answering after Ctrl+C")
        except OSError:
            pass
    finally:
        if demo.poll() is None:
            os.killpg(demo.pid, signal.SIGKILL)
            demo.wait()
        log.close()
