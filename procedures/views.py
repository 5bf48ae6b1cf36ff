from dataclasses import replace
from datetime import date, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from portal import ratelimit, units
from portal.cache import cached, content_version, remembered
from portal.sql import Shape
from portal.text import slugify_vi
from portal.views import province_only
from procedures import province, quality
from procedures.forms import (
    CatalogueFilterForm,
    LookupForm,
    ProvinceStatsForm,
    QualityYearForm,
    RatingForm,
    StatsForm,
)
from procedures.models import (
    Dossier,
    DossierRating,
    Procedure,
    ServiceCommitment,
    ServiceFault,
    UnitProcedure,
)
from procedures.stats import bar_chart, cached_stats, current_period, summary_stats

PER_PAGE = 20


@require_safe
def procedure_list(request):
    form = CatalogueFilterForm(request.GET or None)
    procedures = Procedure.objects.carried_out()  # only the procedures this unit carries out
    filters = form.cleaned_filters() if form.is_bound else {}
    if filters.get("q"):
        procedures = procedures.search(filters["q"])
    for key, lookup in (("cap", "level"), ("muc_do", "online_level")):
        if filters.get(key):
            procedures = procedures.filter(**{lookup: filters[key]})
    counts = dict(procedures.values_list("field_id").annotate(n=Count("pk")).order_by())
    field = filters.get("linh_vuc")
    if field:
        procedures = procedures.filter(field=field)
    page_obj = Paginator(
        procedures.select_related("field").order_by("field__order", "name"), PER_PAGE
    ).get_page(request.GET.get("page"))
    fields = [(item, counts.get(item.pk, 0)) for item in form.fields["linh_vuc"].queryset]
    return render(
        request,
        "procedures/procedure_list.html",
        {
            "form": form,
            "page_obj": page_obj,
            "fields": fields,
            "current_field": field,
            "searched": bool(filters),
            "breadcrumbs": [("Thủ tục hành chính", None)],
        },
        status=400 if form.is_bound and form.errors else 200,
    )


# A national procedure with its steps, channels, papers, legal bases and agencies, per code and content
# version: the same for every unit that carries it out, and changed only by the catalogue (a change moves
# the content version). Kept by the process, so a page asks the database only for the unit's pick.
_structures = {}


def _structure(code):
    queryset = Procedure.objects.active().select_related(
        "field", "implementing_agency", "competent_agency", "authorised_agency", "coordinating_agency"
    )
    procedure = (
        queryset.prefetch_related("steps", "channels", "papers", "legal_bases", "internal_steps")
        .filter(code=code)
        .first()
    )
    if procedure is not None:
        procedure.paper_groups = _paper_groups(procedure)
    return procedure


# the unit's desk details of a procedure it carries out: the procedure page's one query, compiled once per
# process and unit (portal.sql)
DESK_OF = Shape(
    UnitProcedure,
    lambda code: UnitProcedure.objects.filter(
        is_active=True, procedure__code=code, procedure__is_active=True
    ).order_by("pk")[:1],
    code="-- the code asked for --",
)


def _procedure(code):
    """(procedure, the unit's desk details): a procedure the unit of the host does not carry out is not on
    its site (404)."""
    desk = DESK_OF.first(code=code)
    if desk is None:
        raise Http404("Đơn vị không thực hiện thủ tục này.")
    version = content_version()
    if "0" in version.split("."):  # the shared cache did not answer: no version to trust
        procedure = _structure(code)
    else:
        procedure = remembered(
            _structures, (code, version), lambda: _structure(code), settings.MEDIA_PRESENCE_SECONDS, 2000
        )
    if procedure is None:
        raise Http404("Không có thủ tục này.")
    return procedure, desk


def _paper_groups(procedure):
    """Papers grouped by case, in their order: [(case, [papers])]."""
    groups = {}
    for paper in procedure.papers.all():
        groups.setdefault(paper.case, []).append(paper)
    return list(groups.items())


@require_safe
def procedure_detail(request, code):
    procedure, desk = _procedure(code)
    return render(
        request,
        "procedures/procedure_detail.html",
        {
            "procedure": procedure,
            "desk": desk,
            "paper_groups": procedure.paper_groups,
            "breadcrumbs": [
                ("Thủ tục hành chính", "/thu-tuc-hanh-chinh/"),
                (procedure.field.name, f"/thu-tuc-hanh-chinh/?linh_vuc={procedure.field.slug}"),
                (procedure.code, None),
            ],
        },
    )


@require_safe
def procedure_checklist(request, code):
    procedure, desk = _procedure(code)
    return render(
        request,
        "procedures/procedure_checklist.html",
        {
            "procedure": procedure,
            "desk": desk,
            "paper_groups": procedure.paper_groups,
            "breadcrumbs": [
                ("Thủ tục hành chính", "/thu-tuc-hanh-chinh/"),
                (procedure.code, procedure.get_absolute_url()),
                ("Danh sách giấy tờ cần mang", None),
            ],
        },
    )


@require_safe
def desk(request):
    stats = summary_stats()
    return render(
        request,
        "procedures/desk.html",
        {"stats": stats, "lookup_form": LookupForm(), "breadcrumbs": [("Bộ phận một cửa", None)]},
    )


@never_cache
@require_safe
def lookup(request):
    context = {"breadcrumbs": [("Bộ phận một cửa", "/mot-cua/"), ("Tra cứu hồ sơ", None)]}
    if "ma" not in request.GET:
        context["form"] = LookupForm()
        return render(request, "procedures/lookup.html", context)
    if not ratelimit.allow(request, "tra-cuu-ho-so", 20, 60):
        context["form"] = LookupForm(initial={"ma": request.GET.get("ma", "")[:40]})
        context["limited"] = True
        response = render(request, "procedures/lookup.html", context, status=429)
        response["Retry-After"] = "60"
        return response
    form = LookupForm(request.GET)
    context["form"] = form
    if not form.is_valid():
        return render(request, "procedures/lookup.html", context, status=400)
    code = form.cleaned_data["ma"]
    site = units.current()
    if site.is_province:  # the province's host finds the code in every unit of the province
        found = province.find_dossiers(site, code)
    else:
        dossier = Dossier.objects.select_related("procedure__implementing_agency").filter(code=code).first()
        found = [(dossier, dossier.timeline())] if dossier is not None else []
    if not found:
        context["not_found"] = code
        return render(request, "procedures/lookup.html", context, status=404)
    context["results"] = [_lookup_result(request, site, dossier, timeline) for dossier, timeline in found]
    return render(request, "procedures/lookup.html", context)


def _lookup_result(request, site, dossier, timeline):
    """What the lookup shows of one dossier: the same as ever, and which unit holds it. A dossier of another
    unit (found from the province's host) is rated on that unit's own site."""
    rate_query = f"?{urlencode({'ma': dossier.code})}"
    if dossier.unit_id == site.pk:
        holder, holder_url, rate_url = site, "", reverse("procedures:rate") + rate_query
    else:
        holder = dossier.unit
        holder_url = units.site_url(holder, request)
        rate_url = units.site_url(holder, request, reverse("procedures:rate") + rate_query)
    procedure_url = dossier.procedure.get_absolute_url()
    if holder.pk != site.pk:  # the procedure as the holder carries it out, on its own site
        procedure_url = units.site_url(holder, request, procedure_url)
    return {
        "dossier": dossier,
        "timeline": timeline,
        "procedure_url": procedure_url,
        "holder": holder,
        "holder_url": holder_url,
        "rate_url": rate_url,
        "elsewhere": holder.pk != site.pk,
    }


@require_safe
def statistics(request):
    years = cached(
        "dossier-years",
        lambda: [d.year for d in Dossier.objects.dates("received_at", "year", order="DESC")],
        timeout=300,
    )
    today = timezone.localdate()
    form = StatsForm(request.GET or None, initial={"nam": today.year}, years=years)
    context = {"form": form, "breadcrumbs": [("Bộ phận một cửa", "/mot-cua/"), ("Thống kê hồ sơ", None)]}
    if form.is_bound and not form.is_valid():
        return render(request, "procedures/statistics.html", context, status=400)
    period = form.period() if form.is_bound else current_period(today)
    stats = cached_stats(period)
    if request.GET.get("xuat") in {"csv", "xlsx"}:
        return statistics_file(stats, request.GET["xuat"])
    if stats.months:
        year = stats.period.year
        chart = bar_chart([(f"{m:02d}/{year}", received, resolved) for m, received, resolved in stats.months])
    else:
        chart = bar_chart([(row.label, row.received, row.resolved) for row in stats.fields])
    other_years = [year for year in years if year != period.year]
    first, last = date(period.year, period.start.month, 1), date(period.year, period.last_month, 1)
    service = cached(f"quality:{first}:{last}", lambda: quality.report(first, last), timeout=300)
    context.update({"stats": stats, "chart": chart, "other_years": other_years, "service": service})
    return render(request, "procedures/statistics.html", context)


STATS_COLUMNS = [
    "STT",
    "Lĩnh vực",
    "Kỳ trước chuyển sang",
    "Mới tiếp nhận trực tiếp",
    "Mới tiếp nhận trực tuyến",
    "Mới tiếp nhận qua bưu chính",
    "Tổng tiếp nhận",
    "Đã giải quyết",
    "Trước hạn",
    "Đúng hạn",
    "Quá hạn",
    "Đang giải quyết",
    "Đang giải quyết trong hạn",
    "Đang giải quyết quá hạn",
    "Trả lại, rút",
    "Tỷ lệ đúng hạn (%)",
]


def statistics_file(stats, kind):
    """The statistics table of the period as a spreadsheet (``?xuat=csv`` or ``xlsx`` on the page, issue 17.4):
    a row per field and the total, the columns of the page's table, numbers as numbers."""
    from procedures.exchange import as_csv, as_xlsx

    def cells(number, row):
        return [
            number,
            row.label,
            row.carried,
            row.new_truc_tiep,
            row.new_truc_tuyen,
            row.new_buu_chinh,
            row.received,
            row.resolved,
            row.early,
            row.on_time,
            row.late,
            row.in_progress,
            row.within,
            row.overdue,
            row.withdrawn,
            row.on_time_rate if row.on_time_rate is not None else "",
        ]

    rows = [STATS_COLUMNS, *(cells(n, row) for n, row in enumerate(stats.fields, start=1))]
    rows.append(cells("", replace(stats.total, label="Tổng cộng")))
    if kind == "csv":  # a rate as a Vietnamese writes it (and as the province's table gives it): 66,7
        rows = [[*row[:-1], str(row[-1]).replace(".", ",")] for row in rows]
    name = f"thong-ke-ho-so-{slugify_vi(stats.period.label)}"
    if kind == "xlsx":
        content = as_xlsx(rows, "Thống kê hồ sơ")
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        content, content_type = as_csv(rows), "text/csv; charset=utf-8"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response


SORT_COLUMNS = [
    ("ten", "Đơn vị"),
    ("ma", "Mã ĐVHC"),
    ("tiep_nhan", "Tiếp nhận"),
    ("giai_quyet", "Đã giải quyết"),
    ("dung_han", "Trước và đúng hạn"),
    ("qua_han", "Quá hạn"),
    ("ty_le", "Tỷ lệ đúng hạn"),
]


@require_safe
@province_only
def province_statistics(request):
    """/thong-ke-ho-so/toan-tinh/ on the province's host: the whole province's dossier figures and a table by
    unit for a year or a month, read from the roll-ups (never the register); sortable by each column
    (?sap_xep=), as CSV with ?xuat=csv. A commune's host answers 404."""
    site = units.current()
    years = province.years(site)
    today = timezone.localdate()
    bound = "nam" in request.GET or "thang" in request.GET
    form = ProvinceStatsForm(request.GET if bound else None, years=years)
    year, month, status = (years[0] if years else today.year), None, 200
    if bound:
        if form.is_valid():
            year, month = form.cleaned_data["nam"], form.cleaned_data["thang"]
        else:
            status = 400
    if not bound:
        form = ProvinceStatsForm(initial={"nam": year}, years=years)
    first, last = (date(year, month, 1),) * 2 if month else (date(year, 1, 1), date(year, 12, 1))
    sort, descending = province.parse_sort(request.GET.get("sap_xep"))
    report = province.figures(
        site, first, last, lambda unit: units.site_url(unit, request), sort=sort, descending=descending
    )
    label = f"tháng {month:02d}/{year}" if month else f"năm {year}"
    period = {"nam": year, **({"thang": month} if month else {})}
    if request.GET.get("xuat") == "csv" and status == 200:
        response = HttpResponse(province.as_csv(report, site), content_type="text/csv; charset=utf-8")
        name = f"thong-ke-ho-so-toan-tinh-{year}" + (f"-{month:02d}" if month else "")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    columns = []
    for key, title in SORT_COLUMNS:
        # a column sorts ascending at first (the figures: largest first), and the other way when it is the one
        first_descending = key not in ("ma", "ten")
        next_descending = not descending if key == sort else first_descending
        columns.append(
            {
                "title": title,
                "url": "?" + urlencode({**period, "sap_xep": ("-" if next_descending else "") + key}),
                "sorted": ("descending" if descending else "ascending") if key == sort else "",
            }
        )
    with_figures = [row for row in report.rows if row.figures.received or row.figures.resolved]
    chart = bar_chart([(row.name, row.figures.received, row.figures.resolved) for row in with_figures])
    context = {
        "form": form,
        "report": report,
        "label": label,
        "columns": columns,
        "chart": chart,
        "csv_url": "?" + urlencode({**period, "sap_xep": ("-" if descending else "") + sort, "xuat": "csv"}),
        "other_years": [y for y in years if y != year],
        "breadcrumbs": [
            ("Bộ phận một cửa", "/mot-cua/"),
            ("Thống kê hồ sơ", reverse("procedures:statistics")),
            ("Toàn tỉnh", None),
        ],
    }
    return render(request, "procedures/province_statistics.html", context, status=status)


def _rate_bars(rows):
    """One bar per row: its on-time rate, as a share of 100 (drawn like the statistics' bars)."""
    return [
        {"label": row.label, "value": row.on_time_rate, "length": row.on_time_rate or 0}
        for row in rows
        if row.on_time_rate is not None
    ]


@require_safe
def service_quality(request):
    """The unit's service quality: the year's figures from the roll-ups, its commitment and its faults."""
    years = quality.years()
    today = timezone.localdate()
    form = QualityYearForm(request.GET or None, years=years)
    context = {"form": form, "breadcrumbs": [("Bộ phận một cửa", "/mot-cua/"), ("Chất lượng dịch vụ", None)]}
    status = 200
    year = years[0] if years else today.year
    if form.is_bound:
        if form.is_valid():
            year = form.cleaned_data["nam"]
        else:
            status = 400
    figures = quality.year_report(year)
    commitment = cached(
        "service-commitment", lambda: ServiceCommitment.objects.first() or ServiceCommitment()
    )
    since = timezone.now() - timedelta(days=365)
    faults = cached(
        "service-faults",
        lambda: list(ServiceFault.objects.filter(is_published=True, started_at__gte=since)[:50]),
        timeout=300,
    )
    context.update(
        {
            "year": year,
            "figures": figures,
            "bars": _rate_bars(figures.months),
            "texts": quality.texts(commitment),
            "faults": faults,
            "comments": quality.published_comments(),
        }
    )
    return render(request, "procedures/service_quality.html", context, status=status)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def rate_dossier(request):
    """A citizen rates a finished dossier, once, with its code and the phone number given at the desk."""
    context = {"breadcrumbs": [("Bộ phận một cửa", "/mot-cua/"), ("Đánh giá mức độ hài lòng", None)]}
    status = 200
    if request.method == "POST":
        if not ratelimit.allow(request, "danh-gia-ho-so", 10, 3600):
            response = render(request, "procedures/rate.html", {**context, "limited": True}, status=429)
            response["Retry-After"] = "3600"
            return response
        form = RatingForm(request.POST)
        if request.POST.get("website"):
            form.is_valid()
            form.add_error(None, "Không gửi được: ô «Để trống ô này» phải để trống.")
            status = 400
        elif form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    DossierRating.objects.create(
                        dossier=data["dossier"],
                        score=data["score"],
                        comment=data["comment"],
                        consented_at=timezone.now(),
                    )
            except IntegrityError:  # the same dossier rated twice at the same moment
                form.add_error(None, "Hồ sơ này đã được đánh giá; mỗi hồ sơ chỉ đánh giá một lần.")
                status = 400
            else:
                context["rated"] = data["dossier"]
                return render(request, "procedures/rate.html", context)
        else:
            status = 400
    else:
        form = RatingForm(initial={"ma": request.GET.get("ma", "")[:40]})
    context["form"] = form
    return render(request, "procedures/rate.html", context, status=status)
