"""Mail sent by background tasks (django.tasks): enqueued when the change commits, tried again when the
mail server refuses (settings.NOTIFICATION_RETRY_SECONDS), and the one mail the platform sends to whoever
runs it: a periodic job that fails (portal.jobs).

The apps' own notifications (a feedback's sender, the reception staff, the overdue reminders) build on
``enqueue_on_commit``, ``try_again`` and ``describe``.
"""

import logging
import smtplib
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.tasks import task
from django.utils import timezone

logger = logging.getLogger(__name__)


def enqueue_on_commit(task_, *args, **kwargs):
    """Enqueue ``task_`` once the current transaction commits (at once outside one); never raises into
    the caller's request: a queue that cannot be written is logged, the change is kept."""
    transaction.on_commit(partial(task_.enqueue, *args, **kwargs), robust=True)


def describe(exc):
    """A mail error as staff can read it (the server's own words, decoded)."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "; ".join(
            f"máy chủ thư từ chối {address}: {code} {reply.decode('utf-8', 'replace')}"
            for address, (code, reply) in exc.recipients.items()
        )
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"máy chủ thư trả lời {exc.smtp_code} {exc.smtp_error.decode('utf-8', 'replace')}"
    return str(exc) or exc.__class__.__name__


def try_again(task_, attempt, exc, *args):
    """Enqueue the next attempt after its delay; False when no attempt is left."""
    delays = settings.NOTIFICATION_RETRY_SECONDS
    if attempt > len(delays):
        return False
    delay = delays[attempt - 1]
    logger.warning("mail not sent (%s), attempt %s; again in %s s", describe(exc), attempt, delay)
    if delay and task_.get_backend().supports_defer:
        task_ = task_.using(run_after=timezone.now() + timedelta(seconds=delay))
    task_.enqueue(*args, attempt=attempt + 1)
    return True


def absolute_url(unit, path):
    """``path`` on ``unit``'s own site, for a mail (no request to take the host from): its primary host name,
    over HTTPS unless settings.HTTPS is off; the path alone when the unit has no host name."""
    from portal import units

    host = units.primary_host(unit)
    scheme = "https" if settings.HTTPS else "http"
    return f"{scheme}://{host}{path}" if host else path


def operators():
    """Who runs the platform: the superusers with an email (the installation's administrators)."""
    users = get_user_model().objects.filter(is_superuser=True, is_active=True).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


@task
def mail_job_failed(name, message, attempt=1):
    """Tell the platform's administrators that periodic job ``name`` failed (the first failure of a run of
    failures: a job failing every minute sends one mail, not one a minute)."""
    recipients = operators()
    if not recipients:
        return "không có địa chỉ thư của quản trị hệ thống"
    subject = f"Việc định kỳ «{name}» bị lỗi"
    body = (
        f"Việc định kỳ «{name}» chạy lúc {timezone.localtime():%H:%M %d/%m/%Y} bị lỗi:\n\n{message}\n\n"
        "Trang /healthz cho biết lần chạy gần nhất của từng việc; nhật ký của tiến trình scheduler có chi tiết. "
        "Thư này chỉ gửi ở lần lỗi đầu tiên; khi việc chạy lại bình thường, lần lỗi sau sẽ được báo lại.\n\n"
        "Thư này được gửi tự động, xin đừng trả lời thư."
    )
    try:
        send_mail(subject, body, None, recipients)
    except Exception as exc:
        if try_again(mail_job_failed, attempt, exc, name, message):
            return f"sẽ thử lại (lần {attempt + 1})"
        raise
    return "đã gửi"
