"""The one scheduler of the periodic jobs (the `scheduler` service in compose.yaml).

    manage.py run_scheduler            # forever: every SCHEDULER_TICK_SECONDS, start the jobs that are due
    manage.py run_scheduler --once     # start what is due now, wait for it, exit (cron, tests)

The jobs and their times are settings.SCHEDULED_JOBS (name of a management command → seconds, or "HH:MM"
each day). It lives in the front because the jobs are the commands of every app. Each due job runs in a
thread of its own (on PostgreSQL; one after the other on SQLite, which has a single writer), so a long one (the nightly retention) never holds back the visit flush; portal.jobs
locks it (never twice at once, here or on another machine), skips it when another scheduler has just run
it, and records its time and outcome (portal.JobRun, shown by /healthz). Running several schedulers is
safe: a spare on a second machine takes over when the first stops.
"""

import io
import logging
import signal
import threading

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, close_old_connections, connection, connections

from portal import jobs

logger = logging.getLogger(__name__)


def command_job(name):
    """Run management command ``name``; what it prints becomes the run's message."""

    def job():
        out = io.StringIO()
        call_command(name, stdout=out, stderr=out)
        return out.getvalue()

    return job


OUTCOMES = {True: "thành công", False: "lỗi", None: "bỏ qua: đang chạy ở nơi khác hoặc vừa chạy xong"}


def run_job(name, when, outcomes):
    try:
        outcomes[name] = OUTCOMES[jobs.run(name, when, command_job(name))]
    except Exception:  # the record could not be written (database gone): the next tick tries again
        logger.exception("job %s: not run", name)
        outcomes[name] = "không chạy được: lỗi cơ sở dữ liệu"


def run_in_thread(name, when, outcomes):
    try:
        run_job(name, when, outcomes)
    finally:
        connections.close_all()  # this thread's connection (and with it any advisory lock it held)


class Command(BaseCommand):
    help = "Chạy các công việc định kỳ (chuyển số lượt truy cập, trang dự phòng, tổng hợp, ẩn danh) đúng giờ."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="chạy các việc đến hạn một lần rồi thoát")

    def handle(self, *args, **options):
        schedule = settings.SCHEDULED_JOBS
        for name, when in schedule.items():
            try:
                jobs.parse_when(when)
            except ValueError as exc:
                raise CommandError(f"SCHEDULED_JOBS[{name!r}]: {exc}") from exc
        stop = threading.Event()
        if not options["once"]:
            for sig in (signal.SIGTERM, signal.SIGINT):
                signal.signal(sig, lambda *_: stop.set())
            self.stdout.write(f"Bộ lập lịch: {', '.join(schedule)}")
        # SQLite has one writer at a time: its jobs run one after the other, in this thread
        parallel = connection.vendor != "sqlite"
        running, outcomes = {}, {}
        while True:
            close_old_connections()
            try:
                records = self.last_starts()
            except DatabaseError as exc:  # the database is down: try again at the next tick
                self.stderr.write(f"Không đọc được lịch chạy: {exc}")
                records = None
            for name, when in schedule.items() if records is not None else ():
                if name in running and running[name].is_alive():
                    continue
                if not jobs.is_due(when, records.get(name)):
                    continue
                if not parallel:
                    run_job(name, when, outcomes)
                    continue
                thread = threading.Thread(
                    target=run_in_thread, args=(name, when, outcomes), name=f"job-{name}"
                )
                running[name] = thread
                thread.start()
            if options["once"]:
                break
            if stop.wait(settings.SCHEDULER_TICK_SECONDS):
                break
        for thread in running.values():
            thread.join()
        if options["once"]:  # what ran, for the person or the cron job that started it
            for name, outcome in outcomes.items():
                self.stdout.write(f"{name}: {outcome}")

    def last_starts(self):
        from portal.models import JobRun

        return dict(JobRun.objects.values_list("name", "started_at"))
