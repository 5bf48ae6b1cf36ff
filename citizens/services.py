"""Writes with side effects: feedback intake (code, record, files, receipt mail) and the staff answer."""

import logging
from datetime import timedelta

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from citizens.models import (
    CitizenSettings,
    DailyCounter,
    Feedback,
    FeedbackAttachment,
    FeedbackStatus,
    Question,
    ReceptionSchedule,
    ReceptionSession,
    SessionStatus,
    WorkEntry,
)
from portal import units
from portal.cache import cached
from portal.models import Unit
from portal.workdays import add_working_days, holidays_between, next_working_day

logger = logging.getLogger(__name__)
# How far ahead the periodic schedules are laid out (page, feed, home page).
HORIZON_DAYS = 35


def next_code(day):
    """PAKN-YYYYMMDD-NNNN; the day's counter row is locked until the caller's transaction ends."""
    counter, _ = DailyCounter.objects.select_for_update().get_or_create(day=day)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"PAKN-{day:%Y%m%d}-{counter.last:04d}"


def submit_feedback(*, lookup_url, files=(), **fields):
    """Save a citizen's feedback and its files in one transaction; mail the receipt after the commit.

    ``fields`` are Feedback fields (name, address, phone, email, subject, content, consent_publish…);
    ``lookup_url`` is the absolute address of the lookup page, for the mail.
    """
    today = timezone.localdate()
    with transaction.atomic():
        feedback = Feedback(
            code=next_code(today),
            due_date=add_working_days(today, CitizenSettings.load().feedback_due_days),
            **fields,
        )
        feedback.save()
        for position, upload in enumerate(files, start=1):
            FeedbackAttachment.objects.create(
                feedback=feedback,
                position=position,
                file=upload,
                original_name=upload.name[:200],
                content_type=upload.detected_type,
                size=upload.size,
            )
        if feedback.email:
            unit = units.current()
            transaction.on_commit(lambda: in_unit(unit, send_receipt, feedback.pk, lookup_url), robust=True)
    return feedback


def in_unit(unit, function, *args):
    """Run ``function`` in ``unit``: a mail sent after the commit (or, one day, by a worker) reads the item
    and the name of the unit it belongs to, whatever is in scope then."""
    with units.activate(unit):
        return function(*args)


def _mail(feedback, subject, body):
    """Send one message; a failure is logged and noted on the record, never raised."""
    try:
        send_mail(subject, body, None, [feedback.email])
    except Exception as exc:  # any backend error (SMTP down, refused address…) must not lose the record
        logger.exception("Không gửi được thư cho phản ánh %s", feedback.code)
        Feedback.objects.filter(pk=feedback.pk).update(
            mail_error=f"{timezone.localtime():%d/%m/%Y %H:%M}: {exc}"[:300]
        )
        return False
    return True


def _lookup_text(feedback, lookup_url):
    return (
        f"Mã theo dõi: {feedback.code}\n"
        f"Tra cứu tại: {lookup_url} (nhập mã và số điện thoại đã khai).\n"
        f"Hạn trả lời dự kiến: {feedback.due_date:%d/%m/%Y}."
    )


def send_receipt(pk, lookup_url):
    feedback = Feedback.objects.get(pk=pk)
    site = Unit.load()
    body = (
        f"Kính gửi {feedback.name},\n\n"
        f"{site.authority_name or site.display_name} đã nhận phản ánh, kiến nghị «{feedback.subject}» "
        f"của ông/bà lúc {timezone.localtime(feedback.created_at):%H:%M %d/%m/%Y}.\n\n"
        f"{_lookup_text(feedback, lookup_url)}\n\n"
        "Thư này được gửi tự động, xin đừng trả lời thư."
    )
    if _mail(feedback, f"Đã nhận phản ánh, kiến nghị {feedback.code}", body):
        Feedback.objects.filter(pk=pk).update(receipt_sent_at=timezone.now(), mail_error="")


def send_answer(pk, lookup_url):
    feedback = Feedback.objects.get(pk=pk)
    body = (
        f"Kính gửi {feedback.name},\n\n"
        f"Phản ánh, kiến nghị {feedback.code} «{feedback.subject}» đã có kết quả: "
        f"{feedback.get_status_display().lower()}.\n\n"
        f"{feedback.answer or feedback.transferred_to}\n\n"
        f"{_lookup_text(feedback, lookup_url)}"
    )
    _mail(feedback, f"Trả lời phản ánh, kiến nghị {feedback.code}", body)


def record_staff_change(*, feedback, user, previous_status, lookup_url):
    """After staff save an item: stamp the answer time and mail the sender once it is closed."""
    feedback.changed_by = user
    closed_now = not feedback.is_open and previous_status != feedback.status
    if closed_now and feedback.status == FeedbackStatus.ANSWERED and not feedback.answered_at:
        feedback.answered_at = timezone.now()
    feedback.save()
    if closed_now and feedback.email:
        unit = units.current()
        transaction.on_commit(lambda: in_unit(unit, send_answer, feedback.pk, lookup_url), robust=True)


def question_from_feedback(*, feedback, topic):
    """A draft Q&A item from an answered item whose sender agreed: subject, content and answer, no personal data."""
    question, _ = Question.objects.get_or_create(
        feedback=feedback,
        defaults={
            "topic": topic,
            "title": feedback.subject,
            "question": feedback.content,
            "answer": feedback.answer,
            "answering_unit": feedback.answering_unit or Unit.load().authority_name,
            "answered_on": timezone.localdate(feedback.answered_at or timezone.now()),
            "is_published": False,
        },
    )
    return question


# --- Reception calendar ------------------------------------------------------------------------------------


def reception_sessions(start, end, schedules=None):
    """Individual sessions and the periodic schedules' occurrences from ``start`` to ``end``, by date.

    A periodic date falling on a weekend or holiday moves to the next working day; a date for which
    an individual session names the schedule (a change or a postponement) is left to that session.
    Three queries whatever the number of items.
    """
    sessions = list(ReceptionSession.objects.filter(date__gte=start, date__lte=end))
    replaced = {(s.schedule_id, s.date) for s in sessions if s.schedule_id}
    holidays = holidays_between(start, end + timedelta(days=30))
    for schedule in ReceptionSchedule.objects.active() if schedules is None else schedules:
        for planned in schedule.planned_dates(start, end):
            day = next_working_day(planned, holidays, after=False)
            if day > end or (schedule.pk, day) in replaced or (schedule.pk, planned) in replaced:
                continue
            sessions.append(
                ReceptionSession(
                    date=day,
                    start_time=schedule.start_time,
                    end_time=schedule.end_time,
                    presider=schedule.presider,
                    place=schedule.place,
                    participants=schedule.participants,
                    status=SessionStatus.PLANNED,
                    schedule=schedule,
                    updated_at=schedule.updated_at,
                )
            )
    return sorted(sessions, key=lambda s: (s.date, s.start_time))


def upcoming_sessions(today=None, schedules=None):
    today = today or timezone.localdate()
    return reception_sessions(today, today + timedelta(days=HORIZON_DAYS), schedules)


def next_reception_session(today=None):
    """The next reception session that takes place (not postponed), for the home page; None if none is planned.

    Cached per day and content version: no query on a warm cache.
    """
    today = today or timezone.localdate()

    def build():
        return next((s for s in upcoming_sessions(today=today) if not s.is_postponed), None) or False

    return cached(f"next-reception:{today:%Y%m%d}", build) or None


def copy_work_entries(*, entries, days, user=None):
    """Copy work-calendar entries ``days`` later, with their leaders, as drafts; returns how many."""
    done = 0
    with transaction.atomic():
        for entry in entries.prefetch_related("leaders"):
            leaders = list(entry.leaders.all())
            copy = WorkEntry(
                day=entry.day + timedelta(days=days),
                start_time=entry.start_time,
                end_time=entry.end_time,
                content=entry.content,
                leader_text=entry.leader_text,
                place=entry.place,
                participants=entry.participants,
                preparation=entry.preparation,
                is_published=False,
                changed_by=user,
            )
            copy.save()
            copy.leaders.set(leaders)
            done += 1
    return done
