"""Staff told of what is overdue (issue 20.2): once a day, each member of staff with an email gets one short
mail listing the overdue lines of their «Việc đang chờ bạn» in each unit they work in — feedback past its
due date, dossiers past theirs —, each a count and the link to the admin list filtered to those items.
Nothing overdue, no mail. Nothing of any case is in the mail (no names, no contents): only counts and links.

The lines are the admin home's own (``portal.contributions.waiting_for``), computed for the person in the
unit, so a mail says exactly what their home says. Each mail is a task, tried again when the server refuses.
"""

from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.tasks import task
from django.utils import timezone

from portal import units
from portal.contributions import waiting_for
from portal.mail import absolute_url, try_again
from portal.models import Membership, Unit


def overdue_lines(user, unit):
    """The urgent lines with something in them of ``user``'s admin home in ``unit`` (the unit in scope)."""
    return [line for line in waiting_for(SimpleNamespace(user=user)) if line.urgent and line.count]


def message(user, unit, lines):
    name = (f"{user.last_name} {user.first_name}".strip()) or user.username
    listed = "\n".join(f"- {line.label}: {line.count}\n  {absolute_url(unit, line.url)}" for line in lines)
    subject = f"Việc quá hạn đang chờ bạn — {unit.unit_name}"
    body = (
        f"Chào {name},\n\nĐến {timezone.localtime():%H:%M %d/%m/%Y}, tại {unit.unit_name} có việc quá hạn đang "
        f"chờ bạn:\n\n{listed}\n\nMỗi liên kết mở đúng danh sách các mục đó trong trang quản trị.\n\n"
        "Thư này được gửi tự động mỗi ngày khi có việc quá hạn, xin đừng trả lời thư."
    )
    return subject, body


@task
def mail_overdue(unit_pk, user_pk, attempt=1):
    unit = Unit.objects.get(pk=unit_pk)
    user = get_user_model().objects.filter(pk=user_pk, is_active=True).exclude(email="").first()
    if user is None:
        return "không có người nhận"
    with units.activate(unit):
        lines = overdue_lines(user, unit)
        if not lines:
            return "không có việc quá hạn"
        subject, body = message(user, unit, lines)
    try:
        send_mail(subject, body, None, [user.email])
    except Exception as exc:
        if try_again(mail_overdue, attempt, exc, unit_pk, user_pk):
            return f"sẽ thử lại (lần {attempt + 1})"
        raise
    return "đã gửi"


def remind_all():
    """Queue a reminder for each member of staff with an email, in each unit where something of theirs is
    overdue; return how many were queued."""
    queued = 0
    with units.everywhere():
        pairs = sorted(
            set(
                Membership.objects.filter(user__is_active=True)
                .exclude(user__email="")
                .values_list("unit_id", "user_id")
            )
        )
        people = get_user_model().objects.in_bulk({user_id for _, user_id in pairs})
        places = Unit.objects.in_bulk({unit_id for unit_id, _ in pairs})
    for unit_id, user_id in pairs:
        with units.activate(places[unit_id]):
            if overdue_lines(people[user_id], places[unit_id]):
                mail_overdue.enqueue(unit_id, user_id)
                queued += 1
    return queued
