"""The province's measurement of every unit's site (Nghị định 224/2026/NĐ-CP, Điều 12): how completely and
how promptly each unit publishes what the law asks, how accessible and fast its pages are, how much they are
used. ``measure_units`` writes the figures into roll-up tables (``UnitMeasurement``, one row per unit, and
``MonthlyFigure``, one row per unit, month and figure); the admin's page and the public summary only read
them (``report``), in the same few queries whatever the number of units.

It lives in the front because it reads every app's records.
"""

import logging
import re
import time
from dataclasses import dataclass
from datetime import date, timedelta
from html.parser import HTMLParser

from django.conf import settings
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max, Q, Sum
from django.db.models.functions import TruncMonth
from django.http.request import validate_host
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from portal import units, workdays
from portal.models import DailyVisits, Unit
from portal.text import fold, thousands
from website.models import Figure, MissedSearch, MonthlyFigure, UnitMeasurement

logger = logging.getLogger(__name__)

SILENT_DAYS = 30  # a unit that published nothing for this long is listed
RECEPTION_AHEAD = 5  # working days (Luật Tiếp công dân Điều 24)
MONTHS = 12  # the charts' span
SLOW_MS = 1000  # a page slower than this is a problem
HEAVY_BYTES = 300 * 1024  # an HTML page heavier than this is a problem (its images and styles not counted)
# what the checker says it is: no visit is counted for it (portal.visitors.is_bot: "monitor")
USER_AGENT = "PortalMeasure/1.0 (monitor; Điều 12 NĐ 224/2026)"
# the unit's main pages, checked on every run (and its latest article)
CHECKED_PAGES = (
    ("/", "Trang chủ"),
    ("/tin-tuc/", "Tin tức"),
    ("/van-ban/", "Văn bản"),
    ("/thu-tuc-hanh-chinh/", "Thủ tục hành chính"),
    ("/gioi-thieu/", "Giới thiệu"),
    ("/lien-he/", "Liên hệ"),
    ("/tiep-cong-dan/", "Tiếp công dân"),
    ("/tim-kiem/?q=thu+tuc", "Tìm kiếm"),
)


# --- completeness --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Required:
    key: str
    label: str


def required_items():
    """What every unit's site must publish, in the order the table shows it: the profile of Điều 9 khoản 1
    điểm c (its pages, the map, the leaders), contacts and hotline, the reception schedule for the coming
    weeks, the procedures the unit carries out and its documents."""
    from news.profile import ITEMS

    return [
        *(Required(item.value, item.title) for item in ITEMS),
        Required("ban-do", "Bản đồ hành chính"),
        Required("lanh-dao", "Lãnh đạo (tiểu sử, nhiệm vụ)"),
        Required("lien-he", "Địa chỉ, điện thoại liên hệ"),
        Required("duong-day-nong", "Đường dây nóng"),
        Required("lich-tiep", "Lịch tiếp công dân các tuần tới"),
        Required("thu-tuc", "Danh mục thủ tục hành chính"),
        Required("van-ban", "Danh mục văn bản"),
    ]


def _latest(*moments):
    found = [moment for moment in moments if moment]
    return max(found) if found else None


def completeness(unit, now):
    """Each required item of the unit in scope: whether it exists, whether it is published and when it was
    last changed (the age the table shows)."""
    from citizens.models import ContactOffice, Hotline, Official, ReceptionSchedule, ReceptionSession
    from news.models import Document, Page
    from procedures.models import UnitProcedure

    found = {}
    pages = {
        page.profile_item: page
        for page in Page.objects.exclude(profile_item="").only("profile_item", "is_published", "updated_at")
    }
    for item in required_items()[:5]:
        page = pages.get(item.key)
        found[item.key] = (page is not None, bool(page and page.is_published), page and page.updated_at)
    has_map = bool(unit.boundary) or (
        unit.is_province and Unit.objects.filter(parent=unit, boundary__isnull=False).exists()
    )
    found["ban-do"] = (has_map, has_map, unit.updated_at if has_map else None)
    leaders = list(Official.objects.leaders().only("biography", "duties", "updated_at"))
    described = bool(leaders) and all(
        leader.biography.strip() and leader.duties.strip() for leader in leaders
    )
    found["lanh-dao"] = (bool(leaders), described, _latest(*(leader.updated_at for leader in leaders)))
    offices = ContactOffice.objects.filter(is_active=True).aggregate(n=Count("pk"), last=Max("updated_at"))
    contact = bool(unit.address and (unit.phone or unit.email)) or bool(offices["n"])
    found["lien-he"] = (contact, contact, _latest(offices["last"], unit.updated_at if contact else None))
    lines = Hotline.objects.filter(is_active=True).aggregate(n=Count("pk"), last=Max("updated_at"))
    hotline = bool(unit.hotline) or bool(lines["n"])
    found["duong-day-nong"] = (
        hotline,
        hotline,
        _latest(lines["last"], unit.updated_at if unit.hotline else None),
    )
    today = timezone.localdate(now)
    schedules = ReceptionSchedule.objects.active().aggregate(n=Count("pk"), last=Max("updated_at"))
    sessions = ReceptionSession.objects.filter(
        date__gte=today, date__lte=today + timedelta(days=21)
    ).aggregate(n=Count("pk"), last=Max("updated_at"))
    reception = bool(schedules["n"] or sessions["n"])
    found["lich-tiep"] = (reception, reception, _latest(schedules["last"], sessions["last"]))
    carried = UnitProcedure.objects.filter(is_active=True).aggregate(n=Count("pk"), last=Max("updated_at"))
    found["thu-tuc"] = (bool(carried["n"]), bool(carried["n"]), carried["last"])
    documents = Document.objects.aggregate(
        n=Count("pk"), shown=Count("pk", filter=Q(is_published=True)), last=Max("updated_at")
    )
    found["van-ban"] = (bool(documents["n"]), bool(documents["shown"]), documents["last"])
    items = []
    for item in required_items():
        present, published, updated = found[item.key]
        items.append(
            {
                "key": item.key,
                "label": item.label,
                "present": present,
                "published": published,
                "updated": timezone.localtime(updated).strftime("%d/%m/%Y") if updated else "",
                "age_days": (now - updated).days if updated else None,
            }
        )
    return items


def score(items):
    return round(100 * sum(1 for item in items if item["published"]) / len(items)) if items else 0


# what an item that is there but does not count yet lacks, when it is not «chưa công khai» (a draft)
INCOMPLETE = {"lanh-dao": "thiếu tiểu sử hoặc nhiệm vụ"}


def missing_of(items):
    """What the unit lacks, in words: «chưa có» when it is not there, «chưa công khai» when it is a draft."""
    return [
        f"{item['label']}: "
        + (INCOMPLETE.get(item["key"], "chưa công khai") if item["present"] else "chưa có")
        for item in items
        if not item["published"]
    ]


# --- timeliness ----------------------------------------------------------------------------------------


def last_publication(now):
    """When the unit in scope last published an article or a document."""
    from news.models import Article, Document

    article = Article.objects.published(now).aggregate(last=Max("published_at"))["last"]
    document = Document.objects.published().aggregate(last=Max("created_at"))["last"]
    return _latest(article, document)


def reception_timeliness(today):
    """(published ahead, sessions published late): whether citizens can see the reception days of the next
    5 working days now (a periodic schedule in force, or a session at least 5 working days ahead), and how
    many sessions of the last 90 days and the coming ones were published less than 5 working days before
    their day (Luật Tiếp công dân Điều 24)."""
    from citizens.models import ReceptionSchedule, ReceptionSession

    horizon = workdays.add_working_days(today, RECEPTION_AHEAD)
    ahead = (
        ReceptionSchedule.objects.active().exists()
        or ReceptionSession.objects.filter(date__gte=horizon).exists()
    )
    sessions = list(
        ReceptionSession.objects.filter(date__gte=today - timedelta(days=90)).values_list(
            "date", "created_at"
        )
    )
    late = 0
    if sessions:
        first = min(day for day, _ in sessions) - timedelta(days=RECEPTION_AHEAD * 2 + 40)
        holidays = workdays.holidays_between(first, max(day for day, _ in sessions))
        for day, created in sessions:
            deadline = workdays.subtract_working_days(day, RECEPTION_AHEAD, holidays)
            if timezone.localtime(created).date() > deadline:
                late += 1
    return ahead, late


# --- accessibility and speed ----------------------------------------------------------------------------


class _PageChecker(HTMLParser):
    UNLABELLED_TYPES = {"hidden", "submit", "button", "reset", "image"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.h1 = 0
        self.lang = None
        self.images_without_alt = 0
        self.controls = []  # (id, labelled by itself)
        self.label_for = set()
        self.in_label = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "html" and self.lang is None:
            self.lang = (attributes.get("lang") or "").strip()
        elif tag == "h1":
            self.h1 += 1
        elif tag == "img" and attributes.get("alt") is None:
            self.images_without_alt += 1
        elif tag == "label":
            self.in_label += 1
            if attributes.get("for"):
                self.label_for.add(attributes["for"])
        elif tag in ("input", "select", "textarea"):
            if tag == "input" and (attributes.get("type") or "text").lower() in self.UNLABELLED_TYPES:
                return
            named = any(attributes.get(name) for name in ("aria-label", "aria-labelledby", "title"))
            self.controls.append((attributes.get("id"), bool(self.in_label or named)))

    def handle_endtag(self, tag):
        if tag == "label" and self.in_label:
            self.in_label -= 1


def check_html(html):
    """The problems of a page's HTML that need no browser, in Vietnamese: exactly one h1, every image with
    an alt text, the page's language, every form field with a label."""
    checker = _PageChecker()
    checker.feed(html)
    checker.close()
    problems = []
    if checker.h1 == 0:
        problems.append("Không có tiêu đề chính (thẻ h1)")
    elif checker.h1 > 1:
        problems.append(f"Có {checker.h1} tiêu đề chính (thẻ h1), cần đúng một")
    if not checker.lang:
        problems.append("Không khai báo ngôn ngữ của trang (lang)")
    if checker.images_without_alt:
        problems.append(f"{checker.images_without_alt} ảnh thiếu mô tả thay thế (alt)")
    unlabelled = sum(1 for key, named in checker.controls if not named and key not in checker.label_for)
    if unlabelled:
        problems.append(f"{unlabelled} ô nhập liệu thiếu nhãn (label)")
    return problems


def check_response(path, title, status, content, elapsed_ms):
    """One checked page: its address, status, weight, time and problems."""
    problems = []
    if status != 200:
        problems.append(f"Không mở được (mã {status})")
    else:
        problems = check_html(content.decode("utf-8", "replace"))
        if len(content) > HEAVY_BYTES:
            problems.append(f"Trang nặng {round(len(content) / 1024):,} KB (quá {HEAVY_BYTES // 1024} KB)")
    if elapsed_ms > SLOW_MS:
        problems.append(f"Phản hồi chậm: {elapsed_ms:,} ms (quá {SLOW_MS:,} ms)".replace(",", "."))
    return {
        "path": path,
        "title": title,
        "status": status,
        "ms": elapsed_ms,
        "kb": round(len(content) / 1024, 1),
        "problems": problems,
    }


def host_of(unit):
    """The host name the checks ask the unit's pages on: its primary host; in a single-unit installation
    one the portal answers on; None when the unit has no site yet."""
    host = units.primary_host(unit)
    if host:
        return host
    answering, _ = units.for_host("localhost")
    if answering is not None and answering.pk == unit.pk:  # single-unit mode: every allowed host
        for candidate in ("localhost", *(h.lstrip(".") for h in settings.ALLOWED_HOSTS if h != "*")):
            if candidate and validate_host(candidate, settings.ALLOWED_HOSTS):
                return candidate
    return None


def secure():
    """What makes the in-process request one over HTTPS when the portal serves only HTTPS: else every page
    would answer with its redirect to https:// and be counted as not opening."""
    if not settings.SECURE_SSL_REDIRECT:
        return {}
    extra = {"secure": True}
    header = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if header:  # behind the proxy, Django believes its header only
        extra[header[0]] = header[1]
    return extra


def check_pages(unit, latest_article=None):
    """Ask each of the unit's main pages in-process (Django's test client, through every middleware, as a
    visitor without cookies) and check what comes back; worst first. Must run with no unit in scope."""
    from django.test import Client

    host = host_of(unit)
    if host is None:
        return []
    client = Client(HTTP_HOST=host, HTTP_USER_AGENT=USER_AGENT, raise_request_exception=False)
    over = secure()
    pages = list(CHECKED_PAGES)
    if latest_article:
        pages.append(latest_article)
    checked = []
    for path, title in pages:
        client.cookies.clear()  # each page as a first visit: no cookie keeps it out of the page cache
        began = time.perf_counter()
        try:
            response = client.get(path, **over)
            content = b"" if getattr(response, "streaming", False) else response.content
            status = response.status_code
        except Exception:  # noqa: BLE001 — one broken page must not stop the measurement of the others
            logger.exception("measure: %s%s failed", host, path)
            content, status = b"", 500
        elapsed = round((time.perf_counter() - began) * 1000)
        checked.append(check_response(path, title, status, content, elapsed))
    checked.sort(key=lambda page: (-len(page["problems"]), -page["ms"]))
    return checked


# --- use ------------------------------------------------------------------------------------------------

MISSED_QUERY_LENGTH = 100
_LONG_NUMBER = re.compile(r"\d{6,}")


def record_missed_search(text):
    """Count a search of the unit in scope that found nothing (its folded words, cut to 100 characters).
    A query with a long number (a phone, an identity card, a dossier code) is not kept: it may say who the
    citizen is."""
    query = " ".join(fold(text).split())[:MISSED_QUERY_LENGTH]
    if not query or _LONG_NUMBER.search(query):
        return
    unit = units.current(required=False)
    if unit is None:
        return
    day = timezone.localdate()
    rows = MissedSearch.objects.filter(unit=unit, day=day, query=query)
    if rows.update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            MissedSearch.objects.create(unit=unit, day=day, query=query)
    except IntegrityError:  # another request added it meanwhile
        rows.update(count=F("count") + 1)


def month_starts(today, count=MONTHS):
    """The first days of the last ``count`` months, oldest first, this month last."""
    year, month = today.year, today.month
    found = []
    for _ in range(count):
        found.append(date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return found[::-1]


def _per_month(queryset, field, value=None):
    rows = queryset.annotate(m=TruncMonth(field)).values("m").annotate(v=value or Count("pk")).order_by()
    found = {}
    for row in rows:
        moment = row["m"]
        key = moment.date() if hasattr(moment, "date") and callable(moment.date) else moment
        key = key.replace(day=1)
        found[key] = found.get(key, 0) + (row["v"] or 0)
    return found


def monthly_counts(first):
    """The unit in scope's counted figures per month since ``first``: {figure: {month: value}}."""
    from citizens.models import UsefulnessVote
    from news.models import Article, Document

    published = _per_month(Article.objects.published().filter(published_at__date__gte=first), "published_at")
    for month, value in _per_month(
        Document.objects.published().filter(created_at__date__gte=first), "created_at"
    ).items():
        published[month] = published.get(month, 0) + value
    votes = UsefulnessVote.objects.filter(created_at__date__gte=first)
    return {
        Figure.PUBLISHED: published,
        Figure.VISITS: _per_month(DailyVisits.objects.filter(day__gte=first), "day", Sum("visits")),
        Figure.MISSED_SEARCHES: _per_month(
            MissedSearch.objects.filter(unit=units.current(), day__gte=first), "day", Sum("count")
        ),
        Figure.USEFUL_YES: _per_month(votes.filter(useful=True), "created_at"),
        Figure.USEFUL_NO: _per_month(votes.filter(useful=False), "created_at"),
    }


def use_figures(today):
    """Most read articles, the searches that found nothing in the last 30 days, the votes of 12 months."""
    from citizens.models import UsefulnessVote
    from news.models import Article

    top = [
        {"title": article.title, "path": article.get_absolute_url(), "views": article.view_count}
        for article in Article.objects.published()
        .filter(view_count__gt=0)
        .order_by("-view_count", "-published_at")
        .only("title", "slug", "view_count", "published_at")[:5]
    ]
    missed = [
        {"query": row["query"], "count": row["n"]}
        for row in MissedSearch.objects.filter(unit=units.current(), day__gte=today - timedelta(days=30))
        .values("query")
        .annotate(n=Sum("count"))
        .order_by("-n", "query")[:10]
    ]
    votes = UsefulnessVote.objects.filter(created_at__date__gte=today - timedelta(days=365)).aggregate(
        yes=Count("pk", filter=Q(useful=True)), no=Count("pk", filter=Q(useful=False))
    )
    return top, missed, votes


# --- one run --------------------------------------------------------------------------------------------


def measure(unit, now=None, check=True):
    """Measure ``unit`` and write its rows: its UnitMeasurement and its MonthlyFigure rows of the last 12
    months. Rows that did not change are not written; safe to run twice and at the same time as itself.
    Returns the number of monthly rows written."""
    from news.models import Article

    now = now or timezone.now()
    today = timezone.localdate(now)
    months = month_starts(today)
    with units.activate(unit):
        items = completeness(unit, now)
        last = last_publication(now)
        ahead, late = reception_timeliness(today)
        top, missed, votes = use_figures(today)
        counts = monthly_counts(months[0])
        newest = Article.objects.published(now).order_by("-published_at").only("slug", "title").first()
        latest_article = (newest.get_absolute_url(), "Bài viết mới nhất") if newest else None
    pages = check_pages(unit, latest_article) if check else []
    passing = sum(1 for page in pages if not page["problems"])
    values = {
        "measured_at": now,
        "completeness": score(items),
        "items": items,
        "missing": missing_of(items),
        "last_published_at": last,
        "silent_days": (now - last).days if last else None,
        "reception_ahead": ahead,
        "late_sessions": late,
        "pages": pages,
        "pages_checked": len(pages),
        "pages_passing": passing,
        "accessibility": round(100 * passing / len(pages)) if pages else 0,
        "response_ms": round(sum(page["ms"] for page in pages) / len(pages)) if pages else 0,
        "visits_month": counts[Figure.VISITS].get(months[-1], 0),
        "top_pages": top,
        "missed_searches": missed,
        "missed_month": counts[Figure.MISSED_SEARCHES].get(months[-1], 0),
        "useful_yes": votes["yes"],
        "useful_no": votes["no"],
    }
    UnitMeasurement.objects.update_or_create(unit=unit, defaults=values)
    wanted = {}
    for figure, per_month in counts.items():
        for month in months:
            wanted[(month, figure)] = float(per_month.get(month, 0))
    # the measured figures: this month's value is the latest measurement (past months keep their last one)
    wanted[(months[-1], Figure.COMPLETENESS)] = float(values["completeness"])
    if pages:
        wanted[(months[-1], Figure.ACCESSIBILITY)] = float(values["accessibility"])
        wanted[(months[-1], Figure.RESPONSE_MS)] = float(values["response_ms"])
    return _write_figures(unit, months[0], wanted)


def _write_figures(unit, first, wanted):
    existing = {
        (row.month, row.figure): row for row in MonthlyFigure.objects.filter(unit=unit, month__gte=first)
    }
    new, changed = [], []
    for (month, figure), value in wanted.items():
        row = existing.get((month, figure))
        if row is None:
            new.append(MonthlyFigure(unit=unit, month=month, figure=figure, value=value))
        elif row.value != value:
            row.value = value
            changed.append(row)
    MonthlyFigure.objects.bulk_create(new, ignore_conflicts=True)
    MonthlyFigure.objects.bulk_update(changed, ["value"])
    return len(new) + len(changed)


# --- reading: the table, its sorting and filter, the charts, the files -------------------------------------


@dataclass
class Row:
    unit: Unit
    m: UnitMeasurement | None
    url: str = ""

    @property
    def silent(self):
        m = self.m
        return m is not None and (m.silent_days is None or m.silent_days >= SILENT_DAYS)


def _value(key):
    def get(row):
        m = row.m
        if key in ("ten", "ma"):
            return (fold(row.unit.unit_name), row.unit.code) if key == "ten" else row.unit.code
        if m is None:
            return None
        return {
            "day_du": m.completeness,
            "cap_nhat": m.silent_days if m.silent_days is not None else 10**6,
            "tiep_can": m.accessibility,
            "toc_do": m.response_ms,
            "truy_cap": m.visits_month,
            "tim_khong_thay": m.missed_month,
            "huu_ich": m.useful_share,
        }[key]

    return get


# (key, column title, descending at first: the worst first for each figure)
COLUMNS = [
    ("ten", "Đơn vị", False),
    ("ma", "Mã ĐVHC", False),
    ("day_du", "Mức đầy đủ", False),
    ("cap_nhat", "Ngày chưa đăng tin", True),
    ("tiep_can", "Trang đạt tiếp cận", False),
    ("toc_do", "Phản hồi (ms)", True),
    ("truy_cap", "Truy cập tháng này", True),
    ("tim_khong_thay", "Tìm không thấy", True),
    ("huu_ich", "Hữu ích", False),
]
SORT_KEYS = {key for key, _title, _first in COLUMNS}


def parse_sort(value, default="day_du"):
    value = value or default
    descending = value.startswith("-")
    key = value.lstrip("-")
    if key not in SORT_KEYS:
        return default, False
    return key, descending


def units_of(province, kind=""):
    """The province and its units (of ``kind``)."""
    found = Unit.objects.filter(Q(parent=province) | Q(pk=province.pk))
    return found.filter(unit_level=kind) if kind else found


# what only the admin's page shows of a measurement: read for the units of its page of the table only
ADMIN_LISTS = ("items", "top_pages", "missed_searches")


def report(province, kind="", sort="day_du", descending=False, site_url=None, detailed=True):
    """The province and its units (of ``kind``) with their latest measurement, sorted; units never measured
    last whatever the order. One query: the units with their measurement (the fields the pages show: not a
    unit's GeoJSON, which may weigh hundreds of kilobytes; without ``detailed``, not the lists only the
    admin's page shows)."""
    # only() names the measurement's fields one by one: only("measurement") would load all of them, and a
    # defer() after it is ignored (the public page read the admin's lists of every unit until 03/12/2026)
    measured = [
        f"measurement__{field.name}"
        for field in UnitMeasurement._meta.concrete_fields
        if detailed or field.name not in ADMIN_LISTS
    ]
    found = (
        units_of(province, kind)
        .select_related("measurement")
        .only("pk", "code", "unit_name", "unit_level", "parent_id", *measured)
    )
    rows = []
    for unit in found:
        try:
            measured = unit.measurement
        except UnitMeasurement.DoesNotExist:
            measured = None
        rows.append(Row(unit=unit, m=measured, url=site_url(unit) if site_url else ""))
    get = _value(sort)
    known = [row for row in rows if get(row) is not None]
    unknown = [row for row in rows if get(row) is None]
    known.sort(key=lambda row: (fold(row.unit.unit_name), row.unit.code))
    known.sort(key=get, reverse=descending)
    unknown.sort(key=lambda row: (fold(row.unit.unit_name), row.unit.code))
    return known + unknown


def sort_links(sort, descending, keep):
    """The table's column headings: each a link that sorts by it (again: the other way)."""
    from urllib.parse import urlencode

    columns = []
    for key, title, first_descending in COLUMNS:
        next_descending = not descending if key == sort else first_descending
        columns.append(
            {
                "title": title,
                "url": "?" + urlencode({**keep, "sap_xep": ("-" if next_descending else "") + key}),
                "sorted": ("descending" if descending else "ascending") if key == sort else "",
            }
        )
    return columns


AVERAGED = {Figure.COMPLETENESS, Figure.ACCESSIBILITY, Figure.RESPONSE_MS}
UNITS_OF = {
    Figure.COMPLETENESS: "%",
    Figure.ACCESSIBILITY: "%",
    Figure.RESPONSE_MS: " ms",
}


def charts(unit_ids, today):
    """A chart per figure over the last 12 months for ``unit_ids`` (ids, or a query of them): the sum of the units' counts, the
    average of their measured percentages and times. One query."""
    months = month_starts(today)
    rows = (
        MonthlyFigure.objects.filter(unit_id__in=unit_ids, month__gte=months[0])
        .values("month", "figure")
        .annotate(total=Sum("value"), n=Count("pk"))
        .order_by()
    )
    found = {}
    for row in rows:
        value = row["total"] / row["n"] if row["figure"] in AVERAGED else row["total"]
        found[(row["month"], row["figure"])] = value
    drawn = []
    for figure in Figure:
        series = [(month, found.get((month, figure.value))) for month in months]
        peak = max((value or 0 for _, value in series), default=0) or 1
        bars = []
        for index, (month, value) in enumerate(series):
            height = round((value or 0) * 100 / peak, 1)
            bars.append(
                {
                    "month": month,
                    "value": value,
                    "shown": "—" if value is None else thousands(round(value)),
                    "x": index * 10 + 1,
                    "y": round(100 - height, 1),
                    "height": height,
                }
            )
        drawn.append(
            {
                "figure": figure.value,
                "title": figure.label,
                "unit": UNITS_OF.get(figure, ""),
                "bars": bars,
                "empty": all(value is None for _, value in series),
            }
        )
    return drawn


FILE_COLUMNS = [
    "STT",
    "Đơn vị",
    "Mã ĐVHC",
    "Loại đơn vị",
    "Mức đầy đủ (%)",
    "Mục còn thiếu",
    "Lần đăng tin, văn bản gần nhất",
    "Số ngày chưa đăng tin",
    "Lịch tiếp công dân trước 5 ngày làm việc",
    "Buổi tiếp công bố muộn",
    "Trang đạt kiểm tra tiếp cận (%)",
    "Thời gian phản hồi trung bình (ms)",
    "Lượt truy cập tháng này",
    "Lượt tìm không thấy tháng này",
    "Phiếu hữu ích (%)",
    "Đo lúc",
]


def file_rows(rows):
    """The table as rows of a spreadsheet: the headings, then a row per unit (numbers as numbers)."""
    table = [FILE_COLUMNS]
    for number, row in enumerate(rows, start=1):
        m = row.m
        if m is None:
            table.append([number, row.unit.unit_name, row.unit.code, row.unit.get_unit_level_display()])
            continue
        last = timezone.localtime(m.last_published_at).strftime("%d/%m/%Y") if m.last_published_at else ""
        table.append(
            [
                number,
                row.unit.unit_name,
                row.unit.code,
                row.unit.get_unit_level_display(),
                m.completeness,
                "; ".join(m.missing),
                last,
                m.silent_days if m.silent_days is not None else "",
                "Có" if m.reception_ahead else "Không",
                m.late_sessions,
                m.accessibility if m.pages_checked else "",
                m.response_ms if m.pages_checked else "",
                m.visits_month,
                m.missed_month,
                m.useful_share if m.useful_share is not None else "",
                timezone.localtime(m.measured_at).strftime("%d/%m/%Y %H:%M"),
            ]
        )
    return table


def download(rows, kind, today):
    from django.http import HttpResponse

    from procedures.exchange import as_csv, as_xlsx

    table = file_rows(rows)
    name = f"danh-gia-cong-thong-tin-{today:%Y-%m-%d}"
    if kind == "xlsx":
        content = as_xlsx(table, "Đánh giá cổng thông tin")
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        content, content_type = as_csv(table), "text/csv; charset=utf-8"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response


def worst_pages(rows, limit=10):
    """The pages with the most problems across the units shown, from their stored checks."""
    found = []
    for row in rows:
        if row.m is None:
            continue
        for page in row.m.pages:
            if page["problems"]:
                found.append(
                    {**page, "unit": row.unit, "url": row.url.rstrip("/") + page["path"] if row.url else ""}
                )
    found.sort(key=lambda page: (-len(page["problems"]), -page["ms"]))
    return found[:limit]


# --- the tables' rows -----------------------------------------------------------------------------------
# Written here rather than in the template: a province of 500 units has 500 rows of 9 cells, and the admin's
# page 500 more of 12; through the template engine they cost 14,000 variable lookups (about 250 ms a view).


def table_rows(rows, detailed, sorted_by):
    """The <tr> of each unit in the measurement table (website/includes/measurement_table.html)."""
    out = []
    for row in rows:
        m, unit = row.m, row.unit
        code, name = escape(unit.code), escape(unit.unit_name)
        head = f'<a href="{escape(row.url)}">{name}</a>' if row.url else name
        if detailed and m is not None and m.missing:
            listed = "".join(f"<li>{escape(item)}</li>" for item in m.missing)
            head += (
                f'<details class="measure-missing"><summary>Còn thiếu {len(m.missing)} mục</summary>'
                f"<ul>{listed}</ul></details>"
            )
        cells = f'<th scope="row" class="unit-name sticky-col">{head}</th>'
        if m is None:
            cells += f'<td>{code}</td><td colspan="7">chưa đo</td>'
        else:
            gap = f"<br><small>thiếu {len(m.missing)} mục</small>" if not detailed and m.missing else ""
            silent = "chưa đăng tin" if m.silent_days is None else thousands(m.silent_days)
            if m.pages_checked:
                pages = (
                    f"<td>{m.accessibility}% <small>({m.pages_passing}/{m.pages_checked})</small></td>"
                    f"<td>{thousands(m.response_ms)}</td>"
                )
            else:
                pages = "<td>—</td><td>—</td>"
            if m.useful_share is None:
                useful = "<td>—</td>"
            else:
                votes = thousands(m.useful_yes + m.useful_no)
                useful = f"<td>{m.useful_share}% <small>({thousands(m.useful_yes)}/{votes})</small></td>"
            cells += (
                f'<td>{code}<br><a href="?{escape(sorted_by)}&amp;ma={code}#bieu-do" '
                f'aria-label="Biểu đồ 12 tháng của {name}">biểu đồ</a></td>'
                f"<td>{m.completeness}%{gap}</td><td>{silent}</td>{pages}"
                f"<td>{thousands(m.visits_month)}</td><td>{thousands(m.missed_month)}</td>{useful}"
            )
        out.append(f"<tr>{cells}</tr>")
    return mark_safe("\n".join(out))


def item_rows(rows):
    """The <tr> of each measured unit in the admin's table of required items and their age."""
    out = []
    for row in rows:
        if row.m is None:
            continue
        cells = [f'<tr><th scope="row">{escape(row.unit.unit_name)}</th>']
        for item in row.m.items:
            if item.get("published"):
                age = item.get("age_days")
                when = (
                    "<br><small>hôm nay</small>"
                    if age == 0
                    else f"<br><small>{age} ngày trước</small>"
                    if age is not None
                    else ""
                )
                cells.append(f"<td>✓ {escape(item.get('updated') or '')}{when}</td>")
            elif item.get("present"):
                cells.append('<td><span class="measure-gap">chưa công khai</span></td>')
            else:
                cells.append('<td><span class="measure-gap">chưa có</span></td>')
        out.append("".join(cells) + "</tr>")
    return mark_safe("\n".join(out))


def kinds():
    from portal.models import UnitLevel
    from website import directory

    return [(UnitLevel.TINH, "Tỉnh"), *directory.KINDS, *directory.OTHER_KINDS]


UNITS_PER_PAGE = 100


def _add_lists(rows):
    """Give the measurements of ``rows`` the lists ``report`` leaves out without ``detailed``: one query."""
    measured = [row.m for row in rows if row.m is not None]
    found = UnitMeasurement.objects.filter(pk__in=[m.pk for m in measured]).only("pk", *ADMIN_LISTS).in_bulk()
    for m in measured:
        for name in ADMIN_LISTS:
            setattr(m, name, getattr(found[m.pk], name))


def page_context(request, province, site_url, detailed=False):
    """(context, status) of the admin's page and of the public summary: the table filtered by kind
    (``?loai=xa``), sorted (``?sap_xep=-toc_do``), with its charts, lists and download links. A kind
    that does not exist gets the whole table and a 400."""
    from urllib.parse import urlencode

    kind, status = request.GET.get("loai", ""), 200
    if kind and kind not in dict(kinds()):
        kind, status = "", 400
    sort, descending = parse_sort(request.GET.get("sap_xep"))
    # the lists only the admin's page shows (required items, most read pages, missed searches) are read for
    # its page of units below, not for all 500: their JSON was half the view's time
    rows = report(province, kind, sort, descending, site_url, detailed=False)
    # a page of the table at a time: 500 units with what each lacks made a 1.1 MB page; the summaries below
    # it (silent units, schedules, charts, worst pages) and the downloads keep every unit
    page_obj = Paginator(rows, UNITS_PER_PAGE).get_page(request.GET.get("page"))
    shown = list(page_obj.object_list)
    if detailed:
        _add_lists(shown)
    keep = {"loai": kind} if kind else {}
    sorted_by = {**keep, "sap_xep": ("-" if descending else "") + sort}
    measured = [row.m.measured_at for row in rows if row.m is not None]
    # the charts of one unit (?ma=03256, from its row), else of every unit shown
    chosen = next((row.unit for row in rows if row.unit.code == request.GET.get("ma")), None)
    return {
        "rows": rows,
        "page_obj": page_obj,
        "shown": shown,
        "table_rows": table_rows(shown, detailed, urlencode(sorted_by)),
        "kinds": kinds(),
        "chosen_kind": kind,
        "bad_kind": status == 400,
        "columns": sort_links(sort, descending, keep),
        # every unit's as a subquery: a list of 500 ids cost the database driver more than the query did
        "charts": charts(
            [chosen.pk] if chosen else units_of(province, kind).values("pk"), timezone.localdate()
        ),
        "chart_unit": chosen,
        "all_charts_url": "?" + urlencode(sorted_by) + "#bieu-do",
        "sorted_by": urlencode(sorted_by),
        "csv_url": "?" + urlencode({**sorted_by, "xuat": "csv"}),
        "xlsx_url": "?" + urlencode({**sorted_by, "xuat": "xlsx"}),
        "silent": [row for row in rows if row.silent],
        "late_reception": [row for row in rows if row.m is not None and not row.m.reception_ahead],
        "worst_pages": worst_pages(rows),
        "measured_at": max(measured) if measured else None,
        "silent_limit": SILENT_DAYS,
        "required": required_items(),
    }, status
