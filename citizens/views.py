from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from citizens import ical, services
from citizens.forms import FeedbackForm, LookupForm, UsefulnessForm
from citizens.models import (
    FIRST_WEEK_YEAR,
    WEEKDAY_NAMES,
    CitizenSettings,
    ContactOffice,
    Feedback,
    Hotline,
    Official,
    Question,
    QuestionTopic,
    ReceptionSchedule,
    ReceptionSession,
    UsefulnessVote,
    WorkEntry,
    monday_of,
    parse_week,
    week_param,
)
from portal.cache import cached
from portal.ratelimit import allow
from portal.text import normalise_phone

# (limit, period in seconds) per client
FEEDBACK_LIMIT = (10, 3600)  # records saved
FEEDBACK_ATTEMPTS_LIMIT = (30, 3600)  # every post, valid or not (uploads cost)
LOOKUP_LIMIT = (10, 600)
USEFULNESS_LIMIT = (20, 3600)
SENT_MAX_AGE = 24 * 3600
NEUTRAL_LOOKUP = (
    "Không tìm thấy phản ánh, kiến nghị nào khớp với mã và số điện thoại đã nhập. "
    "Xin kiểm tra lại cả hai, hoặc gọi đường dây nóng để được giúp."
)


def too_many(request):
    return render(
        request,
        "error.html",
        {
            "status": 429,
            "title": "Bạn đã gửi quá nhiều lần",
            "message": "Để bảo vệ hệ thống, mỗi máy chỉ được gửi một số lần nhất định trong một khoảng thời gian. "
            "Xin thử lại sau ít phút, hoặc gọi đường dây nóng.",
        },
        status=429,
    )


# --- Contacts --------------------------------------------------------------------------------------------------


def _contacts():
    """Hotlines, offices and officials, cached per content version (no query on a warm cache)."""
    return {
        "citizen_settings": CitizenSettings.load(),
        **cached(
            "citizens-contacts",
            lambda: {
                "hotlines": list(Hotline.objects.active()),
                "offices": list(ContactOffice.objects.active()),
                "officials": list(Official.objects.active()),
            },
        ),
    }


@require_safe
def contact(request):
    return render(request, "citizens/contact.html", {**_contacts(), "breadcrumbs": [("Liên hệ", None)]})


@require_safe
def contact_en(request):
    return render(request, "citizens/contact_en.html", _contacts())


# --- Leaders (Điều 9 khoản 1 điểm c: a short biography and the duties of each leader) ----------------------


def _portrait(official):
    """(url, width, height) of a leader's portrait when its file is there, else None (the page goes without)."""
    from django.core.files.storage import default_storage

    from portal.models import file_present

    if official.photo and file_present(default_storage, official.photo.name, "ảnh chân dung"):
        return official.photo.url, official.photo_width, official.photo_height
    return None


@require_safe
def leaders(request):
    """/gioi-thieu/lanh-dao/: the unit's leaders, each with portrait, title, term and what they are in charge of."""
    people = cached("citizens-leaders", lambda: list(Official.objects.leaders()))
    return render(
        request,
        "citizens/leaders.html",
        {
            "leaders": [(person, _portrait(person)) for person in people],
            "breadcrumbs": [("Giới thiệu", "/gioi-thieu/"), ("Lãnh đạo", None)],
        },
    )


@require_safe
def leader(request, pk):
    """/gioi-thieu/lanh-dao/<id>/: one leader of the unit: biography, duties, term and how to reach them."""
    person = get_object_or_404(Official.objects.leaders(), pk=pk)
    return render(
        request,
        "citizens/leader.html",
        {
            "person": person,
            "portrait": _portrait(person),
            "breadcrumbs": [
                ("Giới thiệu", "/gioi-thieu/"),
                ("Lãnh đạo", "/gioi-thieu/lanh-dao/"),
                (person.name, None),
            ],
        },
    )


# --- Citizen reception ------------------------------------------------------------------------------------------


@require_safe
def reception(request):
    today = timezone.localdate()
    past = Paginator(ReceptionSession.objects.past(today), 10).get_page(request.GET.get("page"))
    schedules = list(ReceptionSchedule.objects.active())
    return render(
        request,
        "citizens/reception.html",
        {
            "citizen_settings": CitizenSettings.load(),
            "schedules": schedules,
            "upcoming": services.upcoming_sessions(today=today, schedules=schedules),
            "page_obj": past,
            "breadcrumbs": [("Tiếp công dân", None)],
        },
    )


@require_safe
def reception_rules(request):
    return render(
        request,
        "citizens/reception_rules.html",
        {"breadcrumbs": [("Tiếp công dân", reverse("citizens:reception")), ("Nội quy tiếp công dân", None)]},
    )


@require_safe
def reception_ics(request):
    today = timezone.localdate()
    sessions = services.reception_sessions(
        today - timedelta(days=30), today + timedelta(days=services.HORIZON_DAYS)
    )
    body = ical.calendar(sessions, host=request.get_host().split(":")[0], name="Lịch tiếp công dân")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="lich-tiep-cong-dan.ics"'
    return response


# --- The leaders' weekly work calendar ------------------------------------------------------------------------

# The .ics feed: the published entries from this many weeks before the week asked for to this many after.
ICS_WEEKS_BEFORE, ICS_WEEKS_AFTER = 4, 8
BAD_WEEK = (
    "Tuần «{value}» không đúng. Ghi tuần theo dạng năm-W-số tuần, như 2020-W45 "
    "(tuần từ 01 đến 52, hoặc 53 trong năm có 53 tuần; năm từ {first} đến {last})."
)


def _week_asked(request, today):
    """(Monday of the week asked for by ``?tuan=``, or of this week; the error message, or None)."""
    value = request.GET.get("tuan", "").strip()
    if not value:
        return monday_of(today), None
    try:
        return parse_week(value[:20], today), None
    except ValueError:
        message = BAD_WEEK.format(value=value[:20], first=FIRST_WEEK_YEAR, last=today.year + 2)
        return monday_of(today), message


def _week_link(monday):
    sunday = monday + timedelta(days=6)
    return {
        "param": week_param(monday),
        "url": f"{reverse('citizens:work-calendar')}?tuan={week_param(monday)}",
        "number": monday.isocalendar().week,
        "year": monday.isocalendar().year,
        "monday": monday,
        "sunday": sunday,
    }


@require_safe
def work_calendar(request):
    today = timezone.localdate()
    monday, error = _week_asked(request, today)
    sunday = monday + timedelta(days=6)
    entries = list(WorkEntry.objects.published().between(monday, sunday).prefetch_related("leaders"))
    by_day = {}
    for entry in entries:
        by_day.setdefault(entry.day, []).append(entry)
    # Monday to Friday always (a working day without an entry says so); the weekend only when it has entries
    days = [
        {"date": day, "name": WEEKDAY_NAMES[n], "entries": by_day.get(day, []), "today": day == today}
        for n, day in ((n, monday + timedelta(days=n)) for n in range(7))
        if n < 5 or day in by_day
    ]
    latest = None
    if not entries:  # point to the nearest week that has a calendar
        latest_day = WorkEntry.objects.published().order_by("-day").values_list("day", flat=True).first()
        if latest_day is not None:
            latest = _week_link(monday_of(latest_day))
    this_week = monday_of(today)
    return render(
        request,
        "citizens/work_calendar.html",
        {
            "week": _week_link(monday),
            "previous": _week_link(monday - timedelta(days=7)),
            "next": _week_link(monday + timedelta(days=7)),
            "this_week": _week_link(this_week),
            "is_this_week": monday == this_week,
            "days": days if entries else [],
            "latest": latest,
            "error": error,
            "breadcrumbs": [("Lịch công tác", None)],
        },
        status=400 if error else 200,
    )


@require_safe
def work_calendar_ics(request):
    today = timezone.localdate()
    monday, error = _week_asked(request, today)
    if error:
        return render(
            request,
            "error.html",
            {"status": 400, "title": "Tuần không đúng", "message": error},
            status=400,
        )
    first = monday - timedelta(weeks=ICS_WEEKS_BEFORE)
    last = monday + timedelta(weeks=ICS_WEEKS_AFTER, days=6)
    entries = WorkEntry.objects.published().between(first, last).prefetch_related("leaders")
    body = ical.calendar(
        entries,
        host=request.get_host().split(":")[0],
        name="Lịch công tác tuần",
        lines_of=ical.work_entry_lines,
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="lich-cong-tac.ics"'
    return response


# --- Feedback ---------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def feedback(request):
    # "Phản ánh về thủ tục này" on a procedure's page carries its code.
    form = FeedbackForm(initial={"procedure": request.GET.get("thu-tuc", "")[:20]})
    status = 200
    if request.method == "POST":
        if not allow(request, "feedback-post", *FEEDBACK_ATTEMPTS_LIMIT):
            return too_many(request)
        form = FeedbackForm(request.POST, request.FILES)
        if request.POST.get("website"):
            messages.error(request, "Không gửi được: ô «Để trống ô này» phải để trống.")
            status = 400
        elif form.is_valid():
            if not allow(request, "feedback", *FEEDBACK_LIMIT):
                return too_many(request)
            item = services.submit_feedback(
                lookup_url=request.build_absolute_uri(reverse("citizens:feedback-lookup")),
                files=form.cleaned_data["attachments"],
                # the form is valid only with the consent box ticked (Luật 91/2025/QH15 Điều 9): keep when
                consented_at=timezone.now(),
                **form.record_fields(),
            )
            token = signing.TimestampSigner(salt="pakn-sent").sign(item.code)
            return redirect(f"{reverse('citizens:feedback-sent')}?ma={token}")
        else:
            status = 400
    return render(
        request,
        "citizens/feedback_form.html",
        {"form": form, "breadcrumbs": [("Phản ánh, kiến nghị", None)]},
        status=status,
    )


@require_safe
def feedback_sent(request):
    try:
        code = signing.TimestampSigner(salt="pakn-sent").unsign(
            request.GET.get("ma", ""), max_age=SENT_MAX_AGE
        )
    except signing.BadSignature:
        return redirect("citizens:feedback-lookup")
    item = get_object_or_404(Feedback.objects.only("code", "due_date", "email"), code=code)
    return render(
        request,
        "citizens/feedback_sent.html",
        {
            "item": item,
            "breadcrumbs": [("Phản ánh, kiến nghị", reverse("citizens:feedback")), ("Đã gửi", None)],
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def feedback_lookup(request):
    form, item, not_found, status = LookupForm(), None, False, 200
    if request.method == "POST":
        if not allow(request, "feedback-lookup", *LOOKUP_LIMIT):
            return too_many(request)
        form = LookupForm(request.POST)
        if form.is_valid():
            phone = normalise_phone(form.cleaned_data["phone"])
            item = (
                Feedback.objects.filter(code=form.cleaned_data["code"], phone_digits=phone).first()
                if phone
                else None
            )
            not_found = item is None
            if item:
                form = LookupForm()  # an empty form to look up another code
        status = 400 if form.errors else 200
    return render(
        request,
        "citizens/feedback_lookup.html",
        {
            "form": form,
            "item": item,
            "not_found": not_found,
            "neutral_message": NEUTRAL_LOOKUP,
            "breadcrumbs": [("Phản ánh, kiến nghị", reverse("citizens:feedback")), ("Tra cứu", None)],
        },
        status=status,
    )


# --- Q&A --------------------------------------------------------------------------------------------------------


@require_safe
def question_list(request):
    query = request.GET.get("q", "").strip()[:200]
    topics = list(QuestionTopic.objects.all())
    asked = request.GET.get("chu-de", "")
    topic = next((t for t in topics if t.slug == asked), None)
    questions = Question.objects.published().select_related("topic").search(query)
    if topic:
        questions = questions.filter(topic=topic)
    page = Paginator(questions, 15).get_page(request.GET.get("page"))
    return render(
        request,
        "citizens/question_list.html",
        {
            "topics": topics,
            "topic": topic,
            "query": query,
            "page_obj": page,
            # an unknown topic (a mistyped or outdated link) is left out, and the page says so
            "unknown_topic": bool(asked) and topic is None,
            "breadcrumbs": [("Hỏi đáp", None)],
        },
        status=400 if asked and topic is None else 200,
    )


@require_safe
def question_detail(request, pk):
    question = get_object_or_404(Question.objects.published().select_related("topic"), pk=pk)
    return render(
        request,
        "citizens/question_detail.html",
        {
            "question": question,
            "breadcrumbs": [
                ("Hỏi đáp", reverse("citizens:questions")),
                (question.topic.name, f"{reverse('citizens:questions')}?chu-de={question.topic.slug}"),
                (question.title, None),
            ],
        },
    )


# --- "Trang này có hữu ích không?" -----------------------------------------------------------------------------


def from_this_site(request):
    """True only when the browser says the form was sent from a page of this very site.

    Its Origin must be this site's (or one of CSRF_TRUSTED_ORIGINS, as for every form of the site);
    a browser that sends no Origin must send a Referer on this site. A post that says neither (a
    script, a browser made to hide both) or says ``Origin: null`` (a sandboxed frame, a data: page,
    a redirect across sites) is not taken as ours.
    """
    here = f"{request.scheme}://{request.get_host()}"
    origin = request.headers.get("Origin")
    if origin is not None:
        return origin == here or origin in settings.CSRF_TRUSTED_ORIGINS
    referer = request.headers.get("Referer", "")
    return referer == here or referer.startswith(here + "/")


# A vote is harmless and anonymous, so its form carries no CSRF token: the pages that show it
# (articles, procedures, introduction pages, Q&A) can then be kept in the page cache and shared
# by every visitor. What protects it instead: only posts the browser says come from this site's
# own pages are taken, and each client may vote USEFULNESS_LIMIT times an hour.
@csrf_exempt
@require_POST
def usefulness(request):
    if not from_this_site(request):
        return render(
            request,
            "error.html",
            {
                "status": 403,
                "title": "Không ghi nhận được đánh giá",
                "message": "Đánh giá chỉ được nhận khi gửi từ chính trang của cổng thông tin. Nếu trình duyệt "
                "của bạn chặn thông tin về trang đã gửi, xin góp ý qua mục «Phản ánh, kiến nghị».",
            },
            status=403,
        )
    form = UsefulnessForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "error.html",
            {
                "status": 400,
                "title": "Không ghi nhận được đánh giá",
                "message": "Đánh giá gửi lên không hợp lệ (góp ý tối đa 1.000 ký tự). Xin quay lại trang và thử lại.",
            },
            status=400,
        )
    if not allow(request, "usefulness", *USEFULNESS_LIMIT):
        return too_many(request)
    data = form.cleaned_data
    UsefulnessVote.objects.create(
        path=data["path"], title=data["title"], useful=data["useful"] == "co", comment=data["comment"]
    )
    messages.success(request, "Cảm ơn bạn đã cho biết ý kiến về trang này.")
    target = data["path"] if url_has_allowed_host_and_scheme(data["path"], allowed_hosts=None) else "/"
    return HttpResponseRedirect(f"{target}#noi-dung")
