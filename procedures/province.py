"""What the province's host shows across its units (Nghị định 224/2026/NĐ-CP, Điều 11 and 12): the dossier
lookup in every unit of the province, and the dossier figures of the whole province by unit.

The figures come from the roll-up rows (``MonthlyFigures``, written by ``procedures.quality.rollup``), never
from the dossier register: a page costs the same few queries however many units and dossiers there are.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date

from django.db.models import Q, Sum

from portal import units
from portal.cache import cached
from portal.models import Unit
from portal.text import fold
from procedures.models import Dossier, MonthlyFigures
from procedures.quality import Quality

SUMMED = ["received", "received_online", "resolved", "on_time", "late"]


def province_units(province):
    """The province itself and its communes, wards and special zones."""
    return Unit.objects.filter(Q(pk=province.pk) | Q(parent=province))


# --- the lookup -------------------------------------------------------------------------------------------


def find_dossiers(province, code, limit=5):
    """The dossiers with ``code`` in any unit of ``province`` (never another province's), with their units;
    a code is unique in a unit, so several units may hold it."""
    with units.everywhere():
        found = list(
            Dossier.objects.filter(code=code, unit__in=province_units(province).values("pk"))
            .select_related("procedure__implementing_agency", "unit")
            .order_by("-received_at")[:limit]
        )
        # the steps belong to the dossier's unit, not to the province in scope: read them here
        timelines = [dossier.timeline() for dossier in found]
    return list(zip(found, timelines, strict=True))


# --- the figures by unit ----------------------------------------------------------------------------------


@dataclass
class UnitRow:
    unit: Unit
    url: str
    figures: Quality

    @property
    def name(self):
        return self.unit.unit_name


# ?sap_xep= value → the key a row sorts by
SORTS = {
    "ten": lambda row: (fold(row.unit.unit_name), row.unit.code),
    "ma": lambda row: row.unit.code,
    "tiep_nhan": lambda row: row.figures.received,
    "giai_quyet": lambda row: row.figures.resolved,
    "dung_han": lambda row: row.figures.on_time,
    "qua_han": lambda row: row.figures.late,
    "ty_le": lambda row: (row.figures.on_time_rate is not None, row.figures.on_time_rate or 0),
}
DEFAULT_SORT = "ten"


def parse_sort(value):
    """(column, descending) of a ?sap_xep= value such as "-ty_le"; an unknown one is the default."""
    value = (value or "")[:20]
    descending = value.startswith("-")
    column = value.removeprefix("-")
    if column not in SORTS:
        return DEFAULT_SORT, False
    return column, descending


@dataclass
class ProvinceFigures:
    first: date
    last: date
    total: Quality
    rows: list  # UnitRow, one per unit (those without figures too)
    months: list  # Quality per month with figures, for a year

    @property
    def is_empty(self):
        return not (self.total.received or self.total.resolved)


def figures(province, first, last, site_url, sort=DEFAULT_SORT, descending=False):
    """The figures of every unit of ``province`` for the months ``first``…``last`` (first days), summed from
    the roll-ups: by unit, the whole province, and by month. ``site_url(unit)`` gives each unit's address.
    Three queries whatever the number of units."""
    every_unit = list(
        province_units(province).only("pk", "code", "unit_name", "unit_level", "parent_id").order_by("code")
    )
    sums = {name: Sum(name) for name in SUMMED}
    with units.everywhere():
        span = MonthlyFigures.objects.filter(
            unit__in=[unit.pk for unit in every_unit], month__gte=first, month__lte=last
        )
        by_unit = {
            values.pop("unit_id"): values for values in span.values("unit_id").annotate(**sums).order_by()
        }
        by_month = list(span.values("month").annotate(**sums).order_by("month"))
    total = Quality("Toàn tỉnh")
    rows = []
    for unit in every_unit:
        values = by_unit.get(unit.pk) or {}
        quality = Quality(unit.unit_name, **{name: values.get(name) or 0 for name in SUMMED})
        if unit.pk == province.pk and not (quality.received or quality.resolved):
            continue  # the province's own desk shows only when it has dossiers
        for name in SUMMED:
            setattr(total, name, getattr(total, name) + getattr(quality, name))
        rows.append(UnitRow(unit=unit, url=site_url(unit), figures=quality))
    rows.sort(key=SORTS[DEFAULT_SORT])
    if sort != DEFAULT_SORT or descending:
        rows.sort(key=SORTS[sort], reverse=descending)
    months = [
        Quality(f"{values['month']:%m/%Y}", **{name: values[name] or 0 for name in SUMMED})
        for values in by_month
        if values["received"] or values["resolved"]
    ]
    return ProvinceFigures(first=first, last=last, total=total, rows=rows, months=months)


def years(province):
    """The years the province's units have figures for, latest first. Kept ten minutes (the roll-ups are
    made hourly): at 500 units the query reads 460,000 roll-up rows (about 100 ms) for a list that changes
    once a year."""

    def build():
        with units.everywhere():
            active = MonthlyFigures.objects.filter(unit__in=province_units(province).values("pk")).filter(
                Q(received__gt=0) | Q(resolved__gt=0)
            )
            return sorted({day.year for day in active.dates("month", "year")}, reverse=True)

    return cached(f"province-statistics-years-{province.pk}", build, timeout=600)


CSV_HEADER = [
    "Mã ĐVHC",
    "Đơn vị",
    "Tiếp nhận",
    "Đã giải quyết",
    "Trước và đúng hạn",
    "Quá hạn",
    "Tỷ lệ đúng hạn (%)",
]


def _rate(quality):
    rate = quality.on_time_rate
    return "" if rate is None else f"{rate:.1f}".replace(".", ",")


def as_csv(report, province):
    """The table as CSV, UTF-8 with a byte order mark so that Excel reads the Vietnamese letters right."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for row in report.rows:
        q = row.figures
        writer.writerow(
            [row.unit.code, row.unit.unit_name, q.received, q.resolved, q.on_time, q.late, _rate(q)]
        )
    q = report.total
    writer.writerow([province.code, "Toàn tỉnh", q.received, q.resolved, q.on_time, q.late, _rate(q)])
    return "\ufeff" + out.getvalue()
