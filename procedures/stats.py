"""Dossier statistics for a period, by aggregate queries whose number does not depend on the data.

For a period [start, end):
- received = carried over (received before start, not finished before start) + new (by channel);
- resolved in the period: early (before the due day), on time (by the due time), late;
- in progress at the end: within time, or overdue (due before the end of the period, or before now);
- returned or withdrawn in the period (not received, withdrawn, stopped);
- on-time rate = (early + on time) / resolved.
"""

import calendar
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from django.db import connection
from django.db.models import BooleanField, Count, Q
from django.db.models.expressions import RawSQL
from django.utils import timezone

from portal.cache import cached
from procedures.models import WITHDRAWN, Channel, Dossier, Field, Procedure, Timeliness

COUNTERS = [
    "carried",
    "new",
    "new_truc_tiep",
    "new_truc_tuyen",
    "new_buu_chinh",
    "resolved",
    "early",
    "on_time",
    "late",
    "in_progress",
    "within",
    "overdue",
    "withdrawn",
]


@dataclass
class Row:
    label: str
    carried: int = 0
    new: int = 0
    new_truc_tiep: int = 0
    new_truc_tuyen: int = 0
    new_buu_chinh: int = 0
    resolved: int = 0
    early: int = 0
    on_time: int = 0
    late: int = 0
    in_progress: int = 0
    within: int = 0
    overdue: int = 0
    withdrawn: int = 0

    @property
    def received(self):
        return self.carried + self.new

    @property
    def on_time_rate(self):
        """Percentage of resolved dossiers resolved early or on time, or None when none was resolved."""
        if not self.resolved:
            return None
        return round((self.early + self.on_time) * 100 / self.resolved, 1)

    def add(self, other):
        for name in COUNTERS:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass(frozen=True)
class Period:
    """A year, a month of it, or January to a month; ``as_of`` cuts it at the end of that day.

    The figures of a period are the register as it stood at its end: a dossier is in progress as of a
    date if it was received by then and not finished by then.
    """

    year: int
    month: int | None = None  # one month
    to_month: int | None = None  # January to this month
    as_of: date | None = None  # the figures as they stood at the end of this day

    @property
    def start(self):
        month = self.month or 1
        return timezone.make_aware(datetime(self.year, month, 1))

    @property
    def full_end(self):
        """The end of the months asked for, ignoring ``as_of``."""
        last = self.month or self.to_month or 12
        days = calendar.monthrange(self.year, last)[1]
        return timezone.make_aware(
            datetime.combine(date(self.year, last, days), time.min) + timedelta(days=1)
        )

    @property
    def end(self):
        if self.as_of is None:
            return self.full_end
        return min(
            self.full_end, timezone.make_aware(datetime.combine(self.as_of + timedelta(days=1), time.min))
        )

    @property
    def last_month(self):
        return timezone.localtime(self.end - timedelta(microseconds=1)).month

    def until(self, today):
        """This period as of ``today`` when it has not ended yet (so that it says how far it goes)."""
        if self.as_of is None and self.start.date() <= today < self.full_end.date():
            return replace(self, as_of=today)
        return self

    @property
    def label(self):
        if self.month:
            text = f"tháng {self.month:02d}/{self.year}"
        elif self.to_month and self.to_month < 12:
            text = f"từ tháng 01 đến tháng {self.to_month:02d}/{self.year}"
        else:
            text = f"năm {self.year}"
        if self.as_of and self.end < self.full_end:
            text += f", tính đến ngày {self.as_of:%d/%m/%Y}"
        return text

    @property
    def query(self):
        """The query string of /thong-ke-ho-so/ for this period (as of today needs no date: it is the default)."""
        params = {"nam": self.year, "thang": self.month, "den_thang": self.to_month}
        if self.as_of and self.end < self.full_end and self.as_of < timezone.localdate():
            params["den_ngay"] = f"{self.as_of:%d/%m/%Y}"
        return urlencode({k: v for k, v in params.items() if v}, safe="/")


def current_period(today=None):
    """The current year, as of today: what the home page and the desk show by default."""
    today = today or timezone.localdate()
    return Period(today.year, as_of=today)


@dataclass
class Stats:
    period: Period
    total: Row
    fields: list = field(default_factory=list)
    months: list = field(default_factory=list)  # (month, received, resolved) for views longer than a month

    @property
    def is_empty(self):
        """No dossier at all in the period (none received in it, none carried over into it)."""
        return self.total.received == 0


TIMELINESS = {Timeliness.TRUOC_HAN: "early", Timeliness.DUNG_HAN: "on_time", Timeliness.QUA_HAN: "late"}


def _month_bounds(period):
    last = period.last_month
    tz = timezone.get_current_timezone()
    bounds = [datetime(period.year, m, 1, tzinfo=tz) for m in range(1, last + 1)]
    return list(zip(bounds, [*bounds[1:], period.end], strict=True))


def _counters(start, end, now):
    """The conditional counts of one aggregate; the sums (new, resolved, in progress) are added up in Python.

    A resolved dossier always has its timeliness set (``Dossier.save``), so the three timeliness
    counts together are the resolved ones.
    """
    in_progress = Q(finished_at__isnull=True) | Q(finished_at__gte=end)
    closed_in = Q(finished_at__gte=start, finished_at__lt=end)
    new = Q(received_at__gte=start)
    return {
        "relevant": Count("*"),
        **{f"new_{c}": Count("pk", filter=new & Q(channel=c)) for c in Channel.values},
        **{name: Count("pk", filter=closed_in & Q(timeliness=value)) for value, name in TIMELINESS.items()},
        "within": Count("pk", filter=in_progress & Q(due_at__gte=min(end, now))),
        "overdue": Count("pk", filter=in_progress & Q(due_at__lt=min(end, now))),
        "withdrawn": Count("pk", filter=closed_in & Q(status__in=WITHDRAWN)),
    }


def _row(values):
    new = sum(values[f"new_{c}"] for c in Channel.values)
    return Row(
        "",
        carried=values.pop("relevant") - new,
        new=new,
        resolved=sum(values[name] for name in TIMELINESS.values()),
        in_progress=values["within"] + values["overdue"],
        **values,
    )


def dossier_stats(period, now=None):
    """Statistics of ``period``: overall, per field, and per month, in three queries whatever the data.

    One aggregate query over the dossiers of the period (conditional counts), grouped by
    procedure rather than by field so that the big table is not joined; the procedures are
    added up per field here.
    """
    now = now or timezone.now()
    start, end = period.start, period.end
    if connection.vendor == "postgresql":
        # received before the end and not finished before the start, as a range overlap that the
        # GiST index dossier_active_range answers without reading the whole register
        relevant = Dossier.objects.filter(
            RawSQL(
                "tstzrange(received_at, finished_at, '[]') && tstzrange(%s, %s, '[)')",
                (start, end),
                output_field=BooleanField(),
            )
        )
    else:
        relevant = Dossier.objects.filter(received_at__lt=end).filter(
            Q(finished_at__isnull=True) | Q(finished_at__gte=start)
        )
    counters = _counters(start, end, now)
    months = [] if period.month else _month_bounds(period)
    # running counts up to the end of each month (one comparison a row each); months are their differences.
    # Every dossier read here was received before the end and finished, if at all, after the start.
    for n, (_, month_end) in enumerate(months, start=1):
        counters[f"received_{n}"] = Count("pk", filter=Q(received_at__lt=month_end))
        counters[f"resolved_{n}"] = Count("pk", filter=Q(finished_at__lt=month_end) & ~Q(timeliness=""))
    per_procedure = relevant.values("procedure_id").annotate(**counters).order_by()
    field_of = dict(Procedure.objects.order_by().values_list("pk", "field_id"))
    by_field = {}
    month_totals = [[n, 0, 0] for n in range(1, len(months) + 1)]
    for values in per_procedure:
        received_before, resolved_before = (
            values["relevant"] - sum(values[f"new_{c}"] for c in Channel.values),
            0,
        )
        for n, totals in enumerate(month_totals, start=1):
            received, resolved = values.pop(f"received_{n}"), values.pop(f"resolved_{n}")
            totals[1] += received - received_before
            totals[2] += resolved - resolved_before
            received_before, resolved_before = received, resolved
        row = by_field.setdefault(field_of[values.pop("procedure_id")], Row(""))
        row.add(_row(values))
    total = Row("Tổng cộng")
    rows = []
    for item in Field.objects.order_by("order", "name"):
        row = by_field.get(item.pk) or Row("")
        row.label = item.name
        total.add(row)
        if row.received or row.withdrawn:
            rows.append(row)
    return Stats(period=period, total=total, fields=rows, months=[tuple(m) for m in month_totals])


def bar_chart(groups):
    """A horizontal bar chart (received and resolved per group) that the template draws in HTML.

    ``groups`` is a list of (label, received, resolved). Each bar's length is its share of the largest
    value, in percent: the template draws it as an SVG ``rect`` of that width in a ``viewBox`` 100 wide
    stretched to the row, so the chart reflows to any width (a phone, the largest text size) while its
    labels and numbers stay ordinary text, and the strict CSP holds (no inline style).
    """
    peak = max((max(a, b) for _, a, b in groups), default=0) or 1
    rows = [
        {
            "label": label,
            "received": received,
            "resolved": resolved,
            "received_length": round(received * 100 / peak, 1),
            "resolved_length": round(resolved * 100 / peak, 1),
        }
        for label, received, resolved in groups
    ]
    return {"rows": rows, "peak": peak}


def cached_stats(period):
    """The statistics of ``period`` from the shared cache for five minutes (and per content version)."""
    key = (
        f"dossier-stats:{period.year}:{period.month}:{period.to_month}:{period.as_of}:{timezone.localdate()}"
    )
    return cached(key, lambda: dossier_stats(period), timeout=300)


def summary_stats():
    """The summary shown on /mot-cua/ and the home page: the current year as of today, whatever it holds."""
    return cached_stats(current_period())
