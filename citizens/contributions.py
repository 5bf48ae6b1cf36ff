"""What the citizens app offers the portal (portal.contributions): the next reception day on the home page,
answered questions in the search and the sitemap, the unit's leaders for the introduction pages, and the
"Trang này có hữu ích không?" box and the feedback link that other apps' pages end with; a new unit's
contact and reception settings; the anonymising of feedback senders' personal data, the removal a sender asks
for, and what the privacy page says about the feedback form."""

from datetime import timedelta

from django.urls import reverse

from citizens import privacy
from citizens.models import CitizenSettings, Official
from citizens.services import next_reception_session
from citizens.sitemaps import CitizensSitemap, LeaderSitemap, QuestionSitemap
from portal import units
from portal.contributions import Offer, SearchSource, Waiting
from portal.text import sentences, start_of_day


def _question(obj):
    if not obj.is_published:
        return None
    answer = f"{obj.answering_unit} trả lời: {obj.answer}" if obj.answering_unit else obj.answer
    return {
        "title": obj.title,
        "body": sentences(obj.question, answer),
        "terms": "hỏi đáp",
        "url": reverse("citizens:question", args=[obj.pk]),
        "date": start_of_day(obj.answered_on),
    }


# Until the unit's staff write their own: citizens are received at the seat of the People's Committee on
# working days (Luật Tiếp công dân 2013, Điều 12, 15), and feedback is answered within the model's default.
DEFAULT_RECEPTION_HOURS = "Các ngày làm việc trong tuần (trừ ngày nghỉ lễ, Tết), trong giờ hành chính."


def _new_unit(unit):
    """A new unit's site starts with its contact and reception settings: where and when citizens are
    received (from the unit's own name and working hours), feedback due in the default number of days."""
    authority = unit.authority_name or f"Ủy ban nhân dân {unit.unit_name}".strip()
    with units.activate(unit):  # the unit's row, whatever the caller has in scope
        CitizenSettings.objects.get_or_create(
            defaults={
                "reception_place": f"Trụ sở {authority}"[:250],
                "reception_hours": unit.working_hours or DEFAULT_RECEPTION_HOURS,
            }
        )


def _unit_heads(unit_ids):
    """{unit_id: Official}: the head of each of ``unit_ids`` as its own site lists its leaders (the first
    leader shown, in the order its staff set), in one query whatever the number of units; for the province's
    directory of its communes, which reads across units."""
    heads = {}
    with units.everywhere():
        leaders = Official.objects.filter(unit_id__in=list(unit_ids), is_leader=True, is_active=True)
        for official in leaders.order_by("unit_id", "order", "pk"):
            heads.setdefault(official.unit_id, official)
    return heads


def waiting(request):
    """Reception staff: feedback due soon and overdue, and this week's reception sessions."""
    from django.db.models import Count, Q
    from django.utils import timezone

    from citizens.models import DUE_SOON_DAYS, Feedback, ReceptionSession

    user, lines = request.user, []
    if user.has_perm("citizens.change_feedback"):
        today = timezone.localdate()
        soon = Q(due_date__gte=today, due_date__lte=today + timedelta(days=DUE_SOON_DAYS))
        counts = Feedback.objects.open().aggregate(
            overdue=Count("pk", filter=Q(due_date__lt=today)), soon=Count("pk", filter=soon)
        )
        feedback = reverse("admin:citizens_feedback_changelist")
        lines += [
            Waiting("Phản ánh, kiến nghị quá hạn", counts["overdue"], f"{feedback}?han=qua-han", urgent=True),
            Waiting(
                f"Phản ánh, kiến nghị đến hạn trong {DUE_SOON_DAYS} ngày",
                counts["soon"],
                f"{feedback}?han=sap-den-han",
            ),
        ]
    if user.has_perm("citizens.change_receptionsession"):
        sessions = reverse("admin:citizens_receptionsession_changelist")
        count = ReceptionSession.objects.this_week().count()
        lines.append(Waiting("Buổi tiếp công dân tuần này", count, f"{sessions}?khi=tuan-nay"))
    return lines


OFFER = Offer(
    home=lambda: {"next_reception": next_reception_session()},
    search=(SearchSource("citizens.question", "hoi-dap", "Hỏi đáp", _question, order=40),),
    sitemaps={"cong-dan": CitizensSitemap, "hoi-dap": QuestionSitemap, "lanh-dao": LeaderSitemap},
    provides={"officials": lambda: list(Official.objects.active()), "unit_heads": _unit_heads},
    templates={
        "page_end": "citizens/includes/usefulness.html",
        "procedure_actions": "citizens/includes/procedure_feedback.html",
        # a section of /chinh-sach-du-lieu-ca-nhan/: the personal data the app's forms take
        "personal_data": "citizens/includes/personal_data.html",
    },
    new_unit=_new_unit,
    anonymise=privacy.anonymise_due,
    forget=privacy.forget,
    waiting=waiting,
)
