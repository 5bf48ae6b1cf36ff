"""The citizens part of the demo: contacts, hotlines, reception schedule, the leaders' work calendar of a week
of 2020, feedback in each status, Q&A.

Data: ``demo/citizens.toml``. Computed here: the reception sessions' dates (relative to the week the demo
is first loaded), the feedback due dates (working days, ``portal.workdays``) and answer times.
Created once, by natural keys; a record that exists is never changed (``website.demo.ledger``).
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from citizens.models import (
    CitizenSettings,
    ContactOffice,
    Feedback,
    FeedbackStatus,
    Hotline,
    Official,
    Question,
    QuestionTopic,
    ReceptionSchedule,
    ReceptionSession,
    SessionStatus,
    WorkEntry,
)
from portal.workdays import add_working_days


def load(ledger, data, stdout=None):
    """Create what the demo has never created; a record that exists is never changed."""
    today = timezone.localdate()
    settings = data["settings"]
    if ledger.first_time("citizens.citizensettings") and not CitizenSettings.objects.exists():
        CitizenSettings.objects.create(**settings)
    for order, item in enumerate(data["hotlines"], start=1):
        ledger.create(
            Hotline,
            {"number": item["number"]},
            name=item["name"],
            name_en=item["name_en"],
            note=item["note"],
            order=order,
            is_active=True,
        )
    for order, item in enumerate(data["offices"], start=1):
        ledger.create(
            ContactOffice,
            {"email": item["email"]},
            name=item["name"],
            name_en=item["name_en"],
            handles=item["handles"],
            phone=item["phone"],
            order=order,
            address=item.get("address", ""),
        )

    presider = data["schedule"]["presider"]
    values = {k: v for k, v in data["schedule"].items() if k != "presider"}
    schedule = ledger.create(ReceptionSchedule, {"presider": presider}, **values)
    monday = today - timedelta(days=today.weekday())
    for item in data["sessions"]:
        day = monday + timedelta(days=item["days_from_monday"])
        status = item["status"]
        if status == SessionStatus.POSTPONED and schedule is None:
            schedule = ReceptionSchedule.objects.filter(presider=presider).first()
        deadline = item.get("registration_days_before")
        ledger.create(
            ReceptionSession,
            {"topics": item["topics"]},
            date=day,
            start_time=item["start_time"],
            end_time=item["end_time"],
            presider=item["presider"],
            place=item["place"],
            participants=item["participants"],
            status=status,
            postponed_reason=item["postponed_reason"],
            registration_deadline=day - timedelta(days=deadline) if deadline else None,
            schedule=schedule if status == SessionStatus.POSTPONED else None,
        )

    work_calendar(ledger, data.get("work_calendar", []))

    for order, item in enumerate(data["topics"], start=1):
        ledger.create(QuestionTopic, {"slug": item["slug"]}, name=item["name"], order=order)
    for item in data["questions"]:
        title = item["title"]
        if (
            not ledger.first_time(f"citizens.question:{title}")
            or Question.objects.filter(title=title).exists()
        ):
            continue
        topic = QuestionTopic.objects.filter(slug=item["topic"]).first()
        if topic is None:  # staff deleted the demo topic
            continue
        Question.objects.create(
            title=title,
            topic=topic,
            question=item["question"],
            answer=item["answer"],
            answering_unit=item["answering_unit"],
            answered_on=item["answered_on"],
            is_published=True,
        )

    officer = get_user_model().objects.filter(username="tiepdan").first()
    for item in data["feedback"]:
        code, status = item["code"], item["status"]
        if not ledger.first_time(f"citizens.feedback:{code}") or Feedback.objects.filter(code=code).exists():
            continue  # staff may have worked on it since, or deleted it
        created = timezone.make_aware(item["created"])
        closed = status not in (FeedbackStatus.NEW, FeedbackStatus.PROCESSING)
        answer = item["answer"]
        feedback = Feedback.objects.create(
            code=code,
            name=item["name"],
            address=item["address"],
            phone=item["phone"],
            email=item["email"],
            subject=item["subject"],
            content=item["content"],
            consent_publish=status == FeedbackStatus.ANSWERED,
            status=status,
            assigned_to=officer if status != FeedbackStatus.NEW else None,
            due_date=add_working_days(created.date(), settings["feedback_due_days"]),
            answer=answer,
            answering_unit=item.get("answering_unit", "") if answer else "",
            transferred_to=item["transferred_to"],
            answered_at=created + timedelta(days=14) if closed else None,
        )
        Feedback.objects.filter(pk=feedback.pk).update(created_at=created, updated_at=created)
    if stdout:
        stdout.write("Đã nạp liên hệ, lịch tiếp công dân, phản ánh và hỏi đáp minh họa.")


def work_calendar(ledger, items):
    """The published entries of a week of 2020 (the demo is 2020 content: this week's page says it has no
    calendar and links to that week). Leaders are the demo's officials, found by name."""
    officials = {o.name: o for o in Official.objects.all()}
    for item in items:
        entry = ledger.create(
            WorkEntry,
            {"day": item["day"], "start_time": item["start_time"], "content": item["content"]},
            end_time=item.get("end_time"),
            leader_text=item.get("leader_text", ""),
            place=item["place"],
            participants=item.get("participants", ""),
            preparation=item.get("preparation", ""),
            is_published=True,
        )
        if entry is not None:
            entry.leaders.set([officials[name] for name in item.get("leaders", []) if name in officials])
