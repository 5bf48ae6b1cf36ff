"""Dossier statistics for a period, by aggregate queries whose number does not depend on the data.

For a period [start, end):
- received = carried over (received before start, not finished before start) + new (by channel);
- resolved in the period: early (before the due day), on time (by the due time), late;
- in progress at the end: within time, or overdue (due before the end of the period, or before now);
- returned or withdrawn in the period (not received, withdrawn, stopped);
- on-time rate = (early + on time) / resolved.
"""

import calendar
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from procedures.models import RESOLVED, WITHDRAWN, Channel, Dossier, Field

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


@dataclass
class Period:
    year: int
    month: int | None = None  # one month
    to_month: int | None = None  # January to this month

    @property
    def start(self):
        month = self.month or 1
        return timezone.make_aware(datetime(self.year, month, 1))

    @property
    def end(self):
        last = self.month or self.to_month or 12
        days = calendar.monthrange(self.year, last)[1]
        return timezone.make_aware(
            datetime.combine(datetime(self.year, last, days), time.min) + timedelta(days=1)
        )

    @property
    def label(self):
        if self.month:
            return f"tháng {self.month:02d}/{self.year}"
        if self.to_month and self.to_month < 12:
            return f"từ tháng 01 đến tháng {self.to_month:02d}/{self.year}"
        return f"năm {self.year}"


@dataclass
class Stats:
    period: Period
    total: Row
    fields: list = field(default_factory=list)
    months: list = field(default_factory=list)  # (month, received, resolved) for views longer than a month


def _counters(start, end, now):
    in_progress = Q(finished_at__isnull=True) | Q(finished_at__gte=end)
    resolved = Q(status__in=RESOLVED, finished_at__gte=start, finished_at__lt=end)
    new = Q(received_at__gte=start)
    return {
        "carried": Count("pk", filter=Q(received_at__lt=start)),
        "new": Count("pk", filter=new),
        "new_truc_tiep": Count("pk", filter=new & Q(channel=Channel.TRUC_TIEP)),
        "new_truc_tuyen": Count("pk", filter=new & Q(channel=Channel.TRUC_TUYEN)),
        "new_buu_chinh": Count("pk", filter=new & Q(channel=Channel.BUU_CHINH)),
        "resolved": Count("pk", filter=resolved),
        "early": Count("pk", filter=resolved & Q(finished_date__lt=F("due_date"))),
        "on_time": Count(
            "pk", filter=resolved & Q(finished_date__gte=F("due_date"), finished_at__lte=F("due_at"))
        ),
        "late": Count("pk", filter=resolved & Q(finished_at__gt=F("due_at"))),
        "in_progress": Count("pk", filter=in_progress),
        "within": Count("pk", filter=in_progress & Q(due_at__gte=min(end, now))),
        "overdue": Count("pk", filter=in_progress & Q(due_at__lt=min(end, now))),
        "withdrawn": Count("pk", filter=Q(status__in=WITHDRAWN, finished_at__gte=start, finished_at__lt=end)),
    }


def dossier_stats(period, now=None):
    """Statistics of ``period``: overall, per field, and per month; three queries whatever the data."""
    now = now or timezone.now()
    start, end = period.start, period.end
    relevant = Dossier.objects.filter(received_at__lt=end).filter(
        Q(finished_at__isnull=True) | Q(finished_at__gte=start)
    )
    per_field = (
        relevant.annotate(finished_date=TruncDate("finished_at"), due_date=TruncDate("due_at"))
        .values("procedure__field_id")
        .annotate(**_counters(start, end, now))
        .order_by()
    )
    by_field = {row.pop("procedure__field_id"): row for row in per_field}
    total = Row("Tổng cộng")
    rows = []
    for item in Field.objects.order_by("order", "name"):
        row = Row(item.name, **by_field.get(item.pk, {}))
        total.add(row)
        if row.received or row.withdrawn:
            rows.append(row)
    months = []
    if not period.month:
        received = dict(
            Dossier.objects.filter(received_at__gte=start, received_at__lt=end)
            .annotate(month=TruncMonth("received_at"))
            .values_list("month")
            .annotate(n=Count("pk"))
            .order_by()
        )
        resolved = dict(
            Dossier.objects.filter(status__in=RESOLVED, finished_at__gte=start, finished_at__lt=end)
            .annotate(month=TruncMonth("finished_at"))
            .values_list("month")
            .annotate(n=Count("pk"))
            .order_by()
        )
        received = {key.month: n for key, n in received.items()}
        resolved = {key.month: n for key, n in resolved.items()}
        last = period.to_month or 12
        months = [(m, received.get(m, 0), resolved.get(m, 0)) for m in range(1, last + 1)]
    return Stats(period=period, total=total, fields=rows, months=months)


CHART_WIDTH, CHART_HEIGHT, CHART_TOP = 640, 240, 20


def bar_chart(groups):
    """Geometry of a grouped bar chart (received and resolved) drawn in SVG by the template.

    ``groups`` is a list of (label, received, resolved).
    """
    peak = max((max(a, b) for _, a, b in groups), default=0) or 1
    slot = CHART_WIDTH / max(len(groups), 1)
    bar = slot * 0.36
    plot = CHART_HEIGHT - CHART_TOP - 30
    bars = []
    for index, (label, received, resolved) in enumerate(groups):
        x = index * slot + slot * 0.14
        items = []
        for offset, value, css in ((0, received, "bar-received"), (bar, resolved, "bar-resolved")):
            height = round(value / peak * plot, 1)
            items.append(
                {
                    "x": round(x + offset, 1),
                    "y": round(CHART_TOP + plot - height, 1),
                    "width": round(bar, 1),
                    "height": height,
                    "value": value,
                    "css": css,
                }
            )
        bars.append({"label": label, "items": items, "label_x": round(index * slot + slot / 2, 1)})
    return {
        "bars": bars,
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "baseline": CHART_TOP + plot,
        "label_y": CHART_TOP + plot + 20,
        "peak": peak,
    }
