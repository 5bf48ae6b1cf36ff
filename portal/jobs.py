"""Periodic jobs: when each is due, a lock so that none runs twice at once, and the record of each run.

The scheduler (website's `manage.py run_scheduler`) names the jobs and their times (settings.SCHEDULED_JOBS);
this module knows nothing of what a job does. A run:

1. takes the job's lock without waiting: a PostgreSQL advisory lock (`pg_try_advisory_lock`), held by the
   connection of the thread that runs it, so a scheduler on another machine sees it taken; on SQLite (one
   machine) an exclusive file lock. Taken: the run is skipped, never queued behind;
2. under the lock, reads the job's last start again (another machine may have just run it) and skips
   if the job is no longer due;
3. records the start, runs, and records the end, ``ok`` and the error, in portal.JobRun. A failure is
   recorded and logged, never raised: the other jobs go on.
"""

import fcntl
import logging
import traceback
import zlib
from contextlib import contextmanager
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

logger = logging.getLogger(__name__)

# The advisory-lock keys of the portal's jobs: one 64-bit space shared with anything else on the server,
# so ours carry a fixed high half.
LOCK_NAMESPACE = 0x504F5254  # "PORT"


def lock_key(name):
    return (LOCK_NAMESPACE << 32) | zlib.crc32(name.encode())


@contextmanager
def job_lock(name):
    """Yield True when this process now holds the lock of job ``name`` (until the block ends), False when
    another process (here or on another machine) holds it. Never waits."""
    if connection.vendor == "postgresql":
        key = lock_key(name)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
            held = cursor.fetchone()[0]
        try:
            yield held
        finally:
            if held:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
        return
    folder = settings.JOB_LOCK_DIR
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / f"{name}.lock", "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def parse_when(when):
    """A job's time in settings: seconds (int) → timedelta; "HH:MM" → a time of day."""
    if isinstance(when, int):
        if when <= 0:
            raise ValueError(f"a job's interval must be positive seconds, not {when}")
        return timedelta(seconds=when)
    if isinstance(when, str):
        return time.fromisoformat(when)
    raise ValueError(f"a job's time is seconds or 'HH:MM', not {when!r}")


def is_due(when, last_start, now=None):
    """Is a job with time ``when`` (settings) due at ``now``, last started at ``last_start`` (or never)?

    Every N seconds: when it never ran or N seconds have passed since its last start. Daily at HH:MM (local
    time): when today's HH:MM has passed and it has not started since then (a scheduler started after
    HH:MM runs it at once; one stopped over HH:MM runs it when it comes back)."""
    now = now or timezone.now()
    schedule = parse_when(when)
    if last_start is None:
        return isinstance(schedule, timedelta) or timezone.localtime(now).time() >= schedule
    if isinstance(schedule, timedelta):
        return now - last_start >= schedule
    local = timezone.localtime(now)
    today_at = timezone.make_aware(datetime.combine(local.date(), schedule), local.tzinfo)
    return now >= today_at > last_start


def run(name, when, function):
    """Run job ``name`` if it is due and nobody runs it now; record the run. Returns True (ran, ok),
    False (ran, failed) or None (skipped: not due, or running elsewhere)."""
    from portal.models import JobRun

    with job_lock(name) as held:
        if not held:
            logger.info("job %s: running elsewhere, skipped", name)
            return None
        record, _ = JobRun.objects.get_or_create(name=name)
        if not is_due(when, record.started_at):
            return None
        was_ok = record.ok is not False
        record.started_at, record.finished_at, record.ok, record.message = timezone.now(), None, None, ""
        record.save()
        try:
            message = function()
        except (
            BaseException
        ) as exc:  # a job's failure (CommandError, a bug, SystemExit) never stops the others
            logger.exception("job %s failed", name)
            record.ok = False
            record.message = "".join(traceback.format_exception_only(exc)).strip()[:2000]
            if isinstance(exc, KeyboardInterrupt):
                raise
            if was_ok:  # the first failure of a run of failures: the platform's administrators are told
                _tell_failure(name, record.message)
        else:
            record.ok = True
            record.message = (message or "").strip()[:2000]
        finally:
            record.finished_at = timezone.now()
            try:
                record.save()
            except DatabaseError:
                logger.exception("job %s: its outcome could not be recorded", name)
        return record.ok


def _tell_failure(name, message):
    from portal.mail import mail_job_failed

    try:
        mail_job_failed.enqueue(name, message)
    except Exception:  # the queue itself down (the database): the log and /healthz still say it
        logger.exception("job %s: its failure could not be queued for mail", name)


def report(now=None):
    """Lines for /healthz: each job's last run, its age in seconds and its outcome; "" when the scheduler
    never ran here (no record). A job whose last start is older than twice its interval (or than a day and
    an hour, for a daily one) says "late"."""
    from portal.models import JobRun

    now = now or timezone.now()
    try:
        records = {record.name: record for record in JobRun.objects.all()}
    except DatabaseError:
        return ""
    if not records:
        return ""
    lines = []
    for name in sorted(set(records) | set(settings.SCHEDULED_JOBS)):
        record = records.get(name)
        if record is None or record.started_at is None:
            lines.append(f"job {name}: never run")
            continue
        age = int((now - record.started_at).total_seconds())
        state = {True: "ok", False: "failed", None: "running"}[record.ok]
        when = settings.SCHEDULED_JOBS.get(name)
        if when is not None:
            schedule = parse_when(when)
            limit = 2 * schedule if isinstance(schedule, timedelta) else timedelta(hours=25)
            if now - record.started_at > limit:
                state += ", late"
        line = f"job {name}: last run {age} s ago, {state}"
        if record.ok is False:
            line += f": {record.message.splitlines()[-1][:200] if record.message else ''}"
        lines.append(line)
    return "\n".join(lines) + "\n"
