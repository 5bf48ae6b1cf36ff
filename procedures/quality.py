"""Service-quality figures of a unit (Điều 19 khoản 2, Nghị định 224/2026/NĐ-CP; Điều 34 khoản 2, Luật
Chuyển đổi số): the roll-up that writes them and the sums that pages read.

``rollup(months)`` writes, for the unit in scope, one ``MonthlyFigures`` row per month and field from the
dossier register, the ratings and the catalogue; ``rollup_service_quality`` runs it on a timer. Pages
read only those rows (at most 12 × the number of fields a year), so a page costs the same whatever the
size of the register.

Definitions, the ones the page states:
- received online: dossiers received through the online channel (Channel.TRUC_TUYEN), by month received;
- resolved online: resolved dossiers received online whose result was returned online, by month resolved;
- processing time: working days from the day of reception to the day the result was ready (0: the same
  day), against the procedure's legal time (``Procedure.processing_days``); the 90th percentile is the
  time within which nine dossiers in ten were resolved;
- on time: resolved early or on time, as the statistics count it;
- satisfaction: the average of citizens' ratings (1–5) and the share of ratings of 4 or 5.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from portal import units
from portal.cache import cached, content_changed
from portal.workdays import holidays_between, working_days_between
from procedures.models import (
    RESOLVED,
    Channel,
    CommentStatus,
    Dossier,
    DossierRating,
    Field,
    MonthlyFigures,
    OnlineLevel,
    Procedure,
    Timeliness,
)

COUNTS = [
    "procedures",
    "procedures_full",
    "procedures_partial",
    "received",
    "received_online",
    "resolved",
    "resolved_online",
    "on_time",
    "late",
    "days_total",
    "legal_days_total",
    "ratings",
    "rating_total",
    "satisfied",
]


def month_start(day):
    return date(day.year, day.month, 1)


def next_month(day):
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _aware(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def _figures_of_month(month, holidays, catalogue):
    """{field_id: {count: value, "days": {…}}} of the unit in scope for the month starting ``month``."""
    start, end = _aware(month), _aware(next_month(month))
    rows = {}

    def row(field_id):
        return rows.setdefault(field_id, {name: 0 for name in COUNTS} | {"days": {}})

    received = (
        Dossier.objects.filter(received_at__gte=start, received_at__lt=end)
        .values("procedure__field_id")
        .annotate(n=Count("pk"), online=Count("pk", filter=Q(channel=Channel.TRUC_TUYEN)))
        .order_by()
    )
    for values in received:
        figures = row(values["procedure__field_id"])
        figures["received"], figures["received_online"] = values["n"], values["online"]
    resolved = Dossier.objects.filter(
        status__in=RESOLVED, finished_at__gte=start, finished_at__lt=end
    ).values_list(
        "procedure__field_id",
        "received_at",
        "finished_at",
        "timeliness",
        "channel",
        "result_online",
        "procedure__processing_days",
    )
    for field_id, received_at, finished_at, timeliness, channel, result_online, legal in resolved.iterator():
        figures = row(field_id)
        figures["resolved"] += 1
        figures["resolved_online"] += channel == Channel.TRUC_TUYEN and result_online
        if timeliness == Timeliness.QUA_HAN:
            figures["late"] += 1
        else:
            figures["on_time"] += 1
        used = working_days_between(
            timezone.localdate(received_at), timezone.localdate(finished_at), holidays
        )
        figures["days_total"] += used
        figures["legal_days_total"] += legal or 0
        figures["days"][str(used)] = figures["days"].get(str(used), 0) + 1
    ratings = (
        DossierRating.objects.filter(created_at__gte=start, created_at__lt=end)
        .values("dossier__procedure__field_id")
        .annotate(n=Count("pk"), total=Sum("score"), satisfied=Count("pk", filter=Q(score__gte=4)))
        .order_by()
    )
    for values in ratings:
        figures = row(values["dossier__procedure__field_id"])
        figures["ratings"], figures["rating_total"] = values["n"], values["total"]
        figures["satisfied"] = values["satisfied"]
    for field_id, counts in catalogue.items():
        row(field_id).update(counts)
    return rows


def _catalogue():
    """{field_id: counts} of the procedures the unit in scope carries out, as they are now."""
    per_field = (
        Procedure.objects.carried_out()
        .values("field_id")
        .annotate(
            n=Count("pk"),
            full=Count("pk", filter=Q(online_level=OnlineLevel.TOAN_TRINH)),
            partial=Count("pk", filter=Q(online_level=OnlineLevel.MOT_PHAN)),
        )
        .order_by()
    )
    return {
        v["field_id"]: {
            "procedures": v["n"],
            "procedures_full": v["full"],
            "procedures_partial": v["partial"],
        }
        for v in per_field
    }


def rollup(months, now=None):
    """Write the figures of the unit in scope for each month in ``months`` (first days); returns the rows
    written. A month that has ended keeps the catalogue counts it was last rolled up with; rows whose
    figures did not change are left as they are, so a second run writes nothing."""
    now = now or timezone.now()
    months = sorted(set(months))
    if not months:
        return 0
    holidays = holidays_between(months[0] - timedelta(days=400), next_month(months[-1]))
    catalogue_now = _catalogue()
    this_month = month_start(timezone.localdate(now))
    existing_rows = {}
    for row in MonthlyFigures.objects.filter(month__in=months):
        existing_rows.setdefault(row.month, {})[row.field_id] = row
    stale, new, changed = [], [], []
    for month in months:
        existing = existing_rows.get(month, {})
        if month < this_month and existing:
            catalogue = {
                field_id: {
                    name: getattr(row, name)
                    for name in ("procedures", "procedures_full", "procedures_partial")
                }
                for field_id, row in existing.items()
            }
        else:
            catalogue = catalogue_now
        rows = _figures_of_month(month, holidays, catalogue)
        stale += [row.pk for field_id, row in existing.items() if field_id not in rows]
        for field_id, figures in rows.items():
            row = existing.get(field_id)
            if row is None:
                new.append(MonthlyFigures(unit=units.current(), month=month, field_id=field_id, **figures))
            elif any(getattr(row, k) != v for k, v in figures.items()):
                for name, value in figures.items():
                    setattr(row, name, value)
                changed.append(row)
    # written together, a few statements for every month (84 months of the demo: 7 s one row at a time)
    with transaction.atomic():
        if stale:
            MonthlyFigures.objects.filter(pk__in=stale).delete()
        for row in new + changed:
            row.rolled_up_at = now
        MonthlyFigures.objects.bulk_create(new, batch_size=500)
        MonthlyFigures.objects.bulk_update(changed, [*_FIGURES, "rolled_up_at"], batch_size=500)
        written = len(stale) + len(new) + len(changed)
        if written:  # bulk writes send no post_save: the pages' cached figures are moved on here
            content_changed(units.current_id())
    return written


# the figures a roll-up writes (besides the month, the field and the time)
_FIGURES = [
    f.name
    for f in MonthlyFigures._meta.concrete_fields
    if f.name not in ("id", "unit", "month", "field", "rolled_up_at")
]


def months_to_roll(all_months=False, now=None):
    """The months the scheduled job rolls up: this month and the last (dossiers finished or rated late in a
    month are counted when it is rolled up again); with ``all_months``, every month since the first dossier."""
    today = timezone.localdate(now or timezone.now())
    this_month = month_start(today)
    if not all_months:
        return [month_start(this_month - timedelta(days=1)), this_month]
    first = Dossier.objects.order_by("received_at").values_list("received_at", flat=True).first()
    month = month_start(timezone.localdate(first)) if first else this_month
    months = []
    while month <= this_month:
        months.append(month)
        month = next_month(month)
    return months


# --- What the pages read -----------------------------------------------------------------------------


def _share(part, whole):
    return round(part * 100 / whole, 1) if whole else None


@dataclass
class Quality:
    """The sums of roll-up rows (a month, a field, a year) and the figures the page shows from them."""

    label: str = ""
    procedures: int = 0
    procedures_full: int = 0
    procedures_partial: int = 0
    received: int = 0
    received_online: int = 0
    resolved: int = 0
    resolved_online: int = 0
    on_time: int = 0
    late: int = 0
    days_total: int = 0
    legal_days_total: int = 0
    ratings: int = 0
    rating_total: int = 0
    satisfied: int = 0
    days: dict = field(default_factory=dict)

    def add(self, row, catalogue=True):
        for name in COUNTS:
            if catalogue or not name.startswith("procedures"):
                setattr(self, name, getattr(self, name) + getattr(row, name))
        for used, n in row.days.items():
            self.days[used] = self.days.get(used, 0) + n

    @property
    def full_share(self):
        return _share(self.procedures_full, self.procedures)

    @property
    def partial_share(self):
        return _share(self.procedures_partial, self.procedures)

    @property
    def received_online_share(self):
        return _share(self.received_online, self.received)

    @property
    def resolved_online_share(self):
        return _share(self.resolved_online, self.resolved)

    @property
    def on_time_rate(self):
        return _share(self.on_time, self.resolved)

    @property
    def average_days(self):
        return round(self.days_total / self.resolved, 1) if self.resolved else None

    @property
    def average_legal_days(self):
        return round(self.legal_days_total / self.resolved, 1) if self.resolved else None

    @property
    def p90_days(self):
        """The working days within which 90 % of the resolved dossiers were resolved."""
        if not self.resolved:
            return None
        needed, seen = 0.9 * sum(self.days.values()), 0
        for used in sorted(self.days, key=int):
            seen += self.days[used]
            if seen >= needed:
                return int(used)
        return None

    @property
    def satisfaction(self):
        return round(self.rating_total / self.ratings, 2) if self.ratings else None

    @property
    def satisfied_share(self):
        return _share(self.satisfied, self.ratings)


@dataclass
class Report:
    first: date
    last: date  # the first day of the last month
    total: Quality
    months: list
    fields: list
    rolled_up_at: datetime | None

    @property
    def is_empty(self):
        return not (self.total.received or self.total.resolved or self.total.ratings or self.total.procedures)


def report(first, last):
    """The figures of the unit in scope for the months ``first``…``last`` (first days), from the roll-ups.

    The catalogue counts of a span are those of its latest month (the procedures offered, not a sum)."""
    rows = list(MonthlyFigures.objects.filter(month__gte=first, month__lte=last).order_by("month"))
    latest = max((row.month for row in rows), default=None)
    names = dict(Field.objects.values_list("pk", "name"))
    total, by_month, by_field = Quality("Tổng cộng"), {}, {}
    for row in rows:
        in_latest = row.month == latest
        total.add(row, catalogue=in_latest)
        by_month.setdefault(row.month, Quality(f"{row.month:%m/%Y}")).add(row)
        by_field.setdefault(row.field_id, Quality(names.get(row.field_id, ""))).add(row, catalogue=in_latest)
    fields = sorted(by_field.values(), key=lambda q: q.label)
    return Report(
        first=first,
        last=last,
        total=total,
        months=[q for m, q in sorted(by_month.items()) if q.received or q.resolved or q.ratings],
        fields=[q for q in fields if q.received or q.resolved or q.ratings or q.procedures],
        rolled_up_at=max((row.rolled_up_at for row in rows), default=None),
    )


def year_report(year):
    """The year's figures (to this month for the current year), cached per unit and content version."""
    return cached(f"quality:{year}", lambda: report(date(year, 1, 1), date(year, 12, 1)), timeout=300)


def years():
    """The years with dossiers or ratings, latest first (a month with only the catalogue counts is not one)."""
    active = MonthlyFigures.objects.filter(Q(received__gt=0) | Q(resolved__gt=0) | Q(ratings__gt=0))
    return cached(
        "quality-years",
        lambda: sorted({d.year for d in active.dates("month", "year")}, reverse=True),
        timeout=300,
    )


def published_comments(limit=5):
    """The latest comments staff approved, without anything that names the citizen."""
    return list(
        DossierRating.objects.filter(comment_status=CommentStatus.PUBLISHED)
        .exclude(comment="")
        .select_related("dossier__procedure")
        .order_by("-created_at")[:limit]
    )


# --- The unit's commitment, until its staff write their own (ServiceCommitment) -------------------------

DEFAULT_TEXTS = {
    "commitment": (
        "{authority} cam kết: giải quyết hồ sơ đúng thời hạn theo quy định, trả kết quả đúng hẹn; khi trễ hẹn, "
        "gửi phiếu xin lỗi và hẹn lại ngày trả; công khai tiến độ của từng hồ sơ trên trang tra cứu; "
        "giữ cổng thông tin và dịch vụ trực tuyến hoạt động liên tục, báo trước ít nhất 7 ngày làm việc "
        "khi phải tạm dừng để bảo trì."
    ),
    "how_to_report": (
        "Khi không truy cập được cổng, không nộp được hồ sơ trực tuyến hoặc thông tin bị sai, xin gọi "
        "{phone}, gửi thư tới {email}, hoặc gửi phản ánh, kiến nghị trên cổng. Xin ghi rõ trang, thời điểm "
        "và việc đang làm khi gặp sự cố."
    ),
    "handling": (
        "Sự cố được ghi nhận ngay khi nhận được báo; cán bộ phụ trách khắc phục và thông báo trên cổng khi "
        "sự cố kéo dài. Sau khi khắc phục, sự cố được công khai ở trang này cùng thời gian xảy ra, cách xử lý "
        "và việc đã làm để không lặp lại."
    ),
}


def texts(commitment):
    """The commitment's three texts, each the unit's own or the default written with its name and contacts,
    and its improvements as a list of lines."""
    site = units.current()
    authority = site.authority_name or f"Ủy ban nhân dân {site.unit_name}".strip()
    values = {
        "authority": authority,
        "phone": site.hotline or site.phone or "số điện thoại của cơ quan",
        "email": site.email or "thư điện tử của cơ quan",
    }
    found = {name: getattr(commitment, name) or text.format(**values) for name, text in DEFAULT_TEXTS.items()}
    found["improvements"] = [line.strip() for line in commitment.improvements.splitlines() if line.strip()]
    return found
