import logging
import mimetypes
import re
from datetime import date

from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db import OperationalError, connection, transaction
from django.http import FileResponse, Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils import timezone
from django.utils.csp import CSP
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_safe
from django.views.static import serve

from citizens.views import too_many
from news import proposals
from portal import geo, storage, units
from portal.cache import before_due, cached
from portal.contributions import forget, offers
from portal.models import Unit
from portal.ratelimit import allow
from portal.views import province_only
from portal.visitors import is_bot
from website import directory, measurement, search_index
from website import search as engine
from website.forms import DirectoryForm, RemovalForm, SearchForm

logger = logging.getLogger(__name__)


@require_safe
def home(request):
    """The home page. Its content is rendered once per content version and day and kept in the shared
    cache (and again when the next scheduled article falls due); only the layout around it is rendered
    per request, so the page stays cheap even with the page cache off."""

    def build():
        # each app's part of the home page (portal.contributions.Offer.home); "due" is when a part
        # changes by itself (a scheduled article), which ends the cached copy early
        context, dues = {"site": Unit.load()}, []
        for offer in offers():
            if offer.home:
                part = offer.home()
                dues.append(part.pop("due", None))
                context.update(part)
        if context["site"].is_province:
            # the news the province chose from its communes, linking to their sites (news.proposals); the
            # scheme and port of the links are the request's, as the page cache keys pages by host
            context["commune_news"] = proposals.latest(context["site"], request)
        due = min((moment for moment in dues if moment), default=None)
        return {"html": loader.render_to_string("home_main.html", context), "due": due}

    main = cached(
        f"home-main:{timezone.localdate():%Y%m%d}",
        build,
        fresh=before_due,
    )
    return render(request, "home.html", {"main": mark_safe(main["html"])})


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /quan-tri/",
        "Disallow: /tra-cuu-ho-so/",
        "Disallow: /phan-anh-kien-nghi/tra-cuu/",
        "Disallow: /yeu-cau-xoa-du-lieu-ca-nhan/",
        "Disallow: /co-chu/",
        "Disallow: /tim-kiem/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


SEARCH_PER_PAGE = 10


def _how_many(count):
    """1.234 with a dot; past the counting cap, "hơn 1.000"."""
    if count > engine.COUNT_CAP:
        return f"hơn {intcomma(engine.COUNT_CAP)}"
    return intcomma(count)


SEARCH_MAX_PAGES = 50


class _bounded:
    """A province-wide search (every unit's entries) on PostgreSQL stops after settings.PROVINCE_SEARCH_MS:
    some words are costly across hundreds of units (issue 16.4's benchmark), and a search must never hold a
    web worker for long. A unit's own search is not bounded."""

    def __init__(self, scope):
        self.on = scope is not None and connection.vendor == "postgresql"
        self.atomic = transaction.atomic() if self.on else None

    def __enter__(self):
        if self.on:
            self.atomic.__enter__()
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL statement_timeout = %s", [f"{int(settings.PROVINCE_SEARCH_MS)}ms"])
        return self

    def __exit__(self, *exc):
        return self.atomic.__exit__(*exc) if self.on else False


@require_safe
def search(request):
    """/tim-kiem/?q=: one search over news, documents, procedures, Q&A and introduction pages."""
    form = SearchForm(request.GET)
    context = {
        "form": form,
        "kinds": search_index.kinds(),
        "chosen_kind": request.GET.get("loai", ""),
        # the kind and date fields fold away on a phone unless they are in use
        "filters_open": any(request.GET.get(name) for name in ("loai", "tu", "den")),
        "results": None,
    }
    if not form.is_valid():
        return render(request, "search/results.html", context, status=400)
    data = form.cleaned_data
    query = engine.parse(data["q"])
    if engine.is_symbols_only(data["q"]):
        form.add_error("q", "Từ khóa chỉ có dấu và ký hiệu. Hãy gõ chữ hoặc số, ví dụ: «khai sinh», «3855».")
        return render(request, "search/results.html", context, status=400)
    if not query.words:
        return render(request, "search/results.html", context)
    try:
        number = min(max(int(request.GET.get("page", 1)), 1), SEARCH_MAX_PAGES)
    except ValueError:
        number = 1
    options = {"kind": data["loai"] or None, "date_from": data["tu"], "date_to": data["den"]}
    scope = _search_scope(request, context)
    try:
        with _bounded(scope):
            results = engine.search(
                query, offset=(number - 1) * SEARCH_PER_PAGE, limit=SEARCH_PER_PAGE, scope=scope, **options
            )
            if results.total and not results.entries:  # a page past the end: show the last one
                number = min((results.total - 1) // SEARCH_PER_PAGE + 1, SEARCH_MAX_PAGES)
                results = engine.search(
                    query,
                    offset=(number - 1) * SEARCH_PER_PAGE,
                    limit=SEARCH_PER_PAGE,
                    scope=scope,
                    **options,
                )
    except OperationalError:
        if scope is None:
            raise
        logger.warning("a province-wide search was stopped after %s ms", settings.PROVINCE_SEARCH_MS)
        context["too_slow"] = True
        return render(request, "search/results.html", context, status=503)
    if (
        not results.total
        and number == 1
        and not any(options.values())
        and not is_bot(request.headers.get("User-Agent", ""))  # nor the measurement's own check
    ):
        # what citizens look for and the site does not have (the province's measurement, Điều 12)
        measurement.record_missed_search(data["q"])
    shown = min(results.total, SEARCH_PER_PAGE * SEARCH_MAX_PAGES)
    page_obj = Paginator(range(shown), SEARCH_PER_PAGE).get_page(number)
    labels = dict(search_index.kinds())
    undated = search_index.undated_kinds()
    link = _result_link(request, scope)
    for suggestion in results.suggestions:
        suggestion.url = link(suggestion)[0] or suggestion.url
    page_obj.object_list = [
        {
            "entry": entry,
            "url": url,
            "unit_name": unit_name,
            "kind": labels[entry.kind],
            "title": engine.highlight(entry.title, results.query),
            "snippet": engine.snippet(entry.body, results.query),
            # procedures and pages carry the date they were last edited, not one worth showing
            "show_date": entry.date and entry.kind not in undated,
        }
        for entry in results.entries
        for url, unit_name in [link(entry)]
    ]
    context.update(
        {
            "results": results,
            "page_obj": page_obj,
            "all_total": _how_many(sum(results.counts.values())),
            "total": _how_many(results.total),
            # past the cap the counts by kind come from a sample: show the kinds, not the numbers
            "kind_counts": [
                (
                    value,
                    label,
                    "" if results.capped else _how_many(results.counts[value]),
                    results.counts[value],
                )
                for value, label in search_index.kinds()
            ],
            "capped": results.total > shown,
            "filtered": bool(data["loai"] or data["tu"] or data["den"]),
            "unit_facet": _unit_facet(request, scope, results) if scope else [],
            "all_units_url": _without(request, UNIT_PARAM) if scope else "",
        }
    )
    return render(request, "search/results.html", context)


SCOPE_PARAM, PROVINCE_WIDE, UNIT_PARAM = "pham-vi", "toan-tinh", "don-vi"
FACET_UNITS = (
    10  # the units with the most results listed in the facet (and the one chosen, if not among them)
)


def _search_scope(request, context):
    """The province-wide scope («Toàn tỉnh», ``?pham-vi=toan-tinh``, narrowed by ``?don-vi=<mã>``) on the
    province's host; None elsewhere: a commune's host searches the commune only, whatever the query says."""
    site = units.current(required=False)
    context["offers_province_wide"] = bool(site and site.is_province)
    if not context["offers_province_wide"] or request.GET.get(SCOPE_PARAM) != PROVINCE_WIDE:
        return None
    code = request.GET.get(UNIT_PARAM, "")
    chosen = next((unit for unit in units.province_units(site) if code and unit.code == code), None)
    context.update(province_wide=True, chosen_unit=chosen)
    return engine.province_scope(site, chosen.pk if chosen else None)


def _without(request, *names):
    query = request.GET.copy()
    for name in (*names, "page"):
        query.pop(name, None)
    return "?" + query.urlencode()


def _result_link(request, scope):
    """(address, unit's name) of a result: its path on this site, or in a province-wide search, on the site of
    the unit it belongs to (a shared entry, a national procedure, is the province's own page)."""
    site = units.current(required=False)

    def link(entry):
        if scope is None or entry.unit_id in (None, site.pk):
            return entry.url, (site.unit_name if scope is not None else "")
        unit = units.unit_by_id(entry.unit_id)
        if unit is None:
            return "", ""
        return units.site_url(unit, request, entry.url), unit.unit_name

    return link


def _unit_facet(request, scope, results):
    """The units with results, most first (name, count, the address narrowing to it, whether chosen)."""
    counted = sorted(
        ((units.unit_by_id(unit_id), n) for unit_id, n in results.unit_counts.items()),
        key=lambda pair: (-pair[1], pair[0].unit_name if pair[0] else ""),
    )
    counted = [(unit, n) for unit, n in counted if unit is not None]
    shown = counted[:FACET_UNITS]
    if scope.chosen and all(unit.pk != scope.chosen for unit, _n in shown):
        shown += [(unit, n) for unit, n in counted if unit.pk == scope.chosen]
    facet = []
    for unit, n in shown:
        query = request.GET.copy()
        query.pop("page", None)
        query[UNIT_PARAM] = unit.code
        facet.append(
            {
                "name": unit.unit_name,
                "count": "" if results.capped else _how_many(n),
                "url": "?" + query.urlencode(),
                "chosen": unit.pk == scope.chosen,
            }
        )
    return facet


# Uploads shown in pages (photos) are served inline; anything else only as a download, so no
# uploaded file can ever be opened as a page of this site. No script runs in a media response.
INLINE_MEDIA_TYPES = {"image/jpeg", "image/png", "image/webp", "image/gif", "image/avif"}
MEDIA_CSP = {"default-src": [CSP.NONE], "img-src": [CSP.SELF], "sandbox": True}


def serve_media(request, path):
    """/media/ when the app serves uploads itself (DJANGO_SERVE_MEDIA): Django's serve, with safe headers.

    A path out of MEDIA_ROOT (``../``) gets a 404; nosniff comes from SecurityMiddleware. Document files
    are not under MEDIA_ROOT (they are public only while their document is): their old addresses here
    are sent to the view that checks.
    """
    if path.startswith("van-ban/"):
        return HttpResponsePermanentRedirect(reverse("news:document-file", kwargs={"name": path}))
    try:
        if storage.object_storage_configured():
            response = _serve_from_store(path)
        else:
            response = serve(request, path, document_root=settings.MEDIA_ROOT)
    except SuspiciousFileOperation:
        raise Http404("Không có tệp này.") from None
    content_type = response.get("Content-Type", "").split(";")[0].strip()
    if response.status_code == 200 and content_type not in INLINE_MEDIA_TYPES:
        disposition = response.get("Content-Disposition", "")
        response["Content-Disposition"] = re.sub(r"^inline\b", "attachment", disposition) or "attachment"
        if content_type.startswith("text/") or content_type in {"image/svg+xml", "application/xhtml+xml"}:
            response["Content-Type"] = "application/octet-stream"
    response._csp_config = MEDIA_CSP
    return response


def _serve_from_store(path):
    """/media/<path> read from the object store (portal.storage): the type from the name, as Django's serve
    gives it from the disk. A missing file is a 404; a store that does not answer a 503, not a 500."""
    if not path or path.endswith("/") or ".." in path.split("/"):
        raise Http404("Không có tệp này.")
    try:
        handle = default_storage.open(path, "rb")
    except FileNotFoundError:
        raise Http404("Không có tệp này.") from None
    except storage.StoreUnavailable:
        logger.warning("Kho lưu trữ tệp không trả lời khi đọc %s", path, exc_info=True)
        response = HttpResponse("Kho lưu trữ tệp tạm thời không trả lời.\n", status=503)
        response["Retry-After"] = "30"
        response["Content-Type"] = "text/plain; charset=utf-8"
        return response
    content_type, encoding = mimetypes.guess_type(path)
    response = FileResponse(handle, content_type=content_type or "application/octet-stream")
    if encoding:
        response.headers["Content-Type"] = "application/octet-stream"
    return response


# --- Personal data and accessibility (Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15; Luật Chuyển đổi số Đ35) --------

# When the accessibility statement was last written and its checks last run; change it with the statement.
ACCESSIBILITY_STATEMENT_DATE = date(2026, 12, 2)


@require_safe
def privacy(request):
    """/chinh-sach-du-lieu-ca-nhan/: what each form keeps, why, how long, the subject's rights, whom to ask;
    each app adds the part about its own forms (Offer.templates["personal_data"]). The unit's page, from
    its data, kept in the page cache like every public page."""
    return render(request, "website/privacy.html", {"breadcrumbs": [("Chính sách dữ liệu cá nhân", None)]})


@require_safe
def accessibility(request):
    """/tuyen-bo-tiep-can/: the standard followed, the known problems and how to report one."""
    return render(
        request,
        "website/accessibility.html",
        {
            "statement_date": ACCESSIBILITY_STATEMENT_DATE,
            "breadcrumbs": [("Tuyên bố về khả năng tiếp cận", None)],
        },
    )


def _map_shapes(site):
    """The units drawn on ``site``'s map: a province's communes, or a commune with its neighbours (the
    communes of its province whose shapes come near its own); each (unit, is_site)."""
    with_boundary = Unit.objects.filter(boundary__isnull=False).only(
        "pk", "code", "unit_name", "unit_level", "boundary", "boundary_is_illustrative", "parent_id"
    )
    if site.is_province:
        return [(unit, False) for unit in with_boundary.filter(parent=site).order_by("unit_name")]
    if not site.boundary:
        return []
    drawn = [(site, True)]
    if site.parent_id:
        own = geo.bounds(site.boundary, margin=0.02)
        drawn += [
            (unit, False)
            for unit in with_boundary.filter(parent_id=site.parent_id)
            .exclude(pk=site.pk)
            .order_by("unit_name")
            if geo.overlaps(own, geo.bounds(unit.boundary))
        ]
    return drawn


def _unit_map(request):
    site = units.current()
    drawn = _map_shapes(site)
    picture = geo.draw([(unit.pk, unit.boundary) for unit, _ in drawn])
    if picture is None:
        return None
    by_pk = {unit.pk: (unit, is_site) for unit, is_site in drawn}
    for item in picture["items"]:
        unit, is_site = by_pk[item["key"]]
        item.update(
            {
                "name": unit.unit_name,
                "is_site": is_site,
                # with the request's scheme and port: the demo on :8000 links to the other units on :8000
                "url": "" if is_site else units.site_url(unit, request),
            }
        )
    picture["illustrative"] = any(unit.boundary_is_illustrative for unit, _ in drawn)
    picture["items"].sort(key=lambda item: (not item["is_site"], item["name"]))  # the list below the map
    picture["layers"] = sorted(picture["items"], key=lambda item: item["is_site"])  # the unit's own on top
    return picture


@require_safe
def unit_map(request):
    """/gioi-thieu/ban-do-hanh-chinh/: the unit's boundary with its neighbours, or a province's communes,
    as an inline SVG map whose shapes link to the units' sites (Điều 9 khoản 1 điểm c, Nghị định 224/2026)."""
    # a neighbour's new boundary is the neighbour's change: seen here within five minutes
    _, colon, port = request.get_host().rpartition(":")
    key = f"unit-map:{request.scheme}:{port if colon and port.isdigit() else ''}"
    picture = cached(key, lambda: _unit_map(request), timeout=300)
    if picture is None:
        raise Http404("Đơn vị chưa có bản đồ ranh giới.")
    return render(
        request,
        "website/unit_map.html",
        {"map": picture, "breadcrumbs": [("Giới thiệu", "/gioi-thieu/"), ("Bản đồ hành chính", None)]},
    )


@require_safe
@province_only
def unit_directory(request):
    """/don-vi-hanh-chinh/ on the province's host: every commune, ward and special zone of the province with
    its code, address, phones, head and a link to its own site; filtered by kind and by name (accents
    optional). A commune's host answers 404."""
    form = DirectoryForm(request.GET or None)
    filters = form.filters() if form.is_bound else {"loai": "", "ten": ""}
    entries, counts = directory.entries(units.current(), request, filters["loai"], filters["ten"])
    kinds = [
        (value, label, counts.get(value, 0))
        for value, label in directory.KINDS + directory.OTHER_KINDS
        if (value, label) in directory.KINDS or counts.get(value)
    ]
    return render(
        request,
        "website/unit_directory.html",
        {
            "form": form,
            "entries": entries,
            "kinds": kinds,
            "chosen_kind": filters["loai"],
            "filtered": any(filters.values()),
            # not under «Giới thiệu»: a province whose introduction pages are still drafts has no /gioi-thieu/
            "breadcrumbs": [("Đơn vị hành chính", None)],
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@require_safe
@province_only
def measurement_summary(request):
    """/danh-gia-cong-thong-tin/ on the province's host: the public summary of the province's measurement of
    every unit's site (Điều 12, Nghị định 224/2026/NĐ-CP), read from the roll-ups of ``measure_units``;
    filtered by kind (?loai=xa), sorted (?sap_xep=-toc_do), as CSV or XLSX (?xuat=). A commune's host: 404."""
    context, status = measurement.page_context(
        request, units.current(), lambda unit: units.site_url(unit, request)
    )
    kind = request.GET.get("xuat")
    if kind in ("csv", "xlsx") and status == 200:
        return measurement.download(context["rows"], kind, timezone.localdate())
    context["breadcrumbs"] = [("Đánh giá cổng thông tin", None)]
    return render(request, "website/measurement.html", context, status=status)


REMOVAL_LIMIT = (10, 600)  # requests per client, as the feedback lookup
NEUTRAL_REMOVAL = (
    "Không tìm thấy hồ sơ, phản ánh nào khớp với mã và số điện thoại đã nhập, hoặc thông tin cá nhân của nó đã "
    "được xóa. Xin kiểm tra lại cả hai, hoặc liên hệ cơ quan theo địa chỉ dưới đây."
)


@require_http_methods(["GET", "HEAD", "POST"])
def personal_data_removal(request):
    """/yeu-cau-xoa-du-lieu-ca-nhan/: a citizen asks, with their code and phone, that their personal data be
    removed (Luật Bảo vệ dữ liệu cá nhân Điều 4, 14). Each app answers for its records (Offer.forget): removed
    now when the case is closed, flagged to be removed at its closing otherwise. A wrong code or phone gets
    one neutral message; nothing about the request is kept beyond the flag on the record."""
    form, result, not_found, status = RemovalForm(), None, False, 200
    if request.method == "POST":
        if not allow(request, "personal-data-removal", *REMOVAL_LIMIT):
            return too_many(request)
        form = RemovalForm(request.POST)
        if request.POST.get("website"):
            form.add_error(None, "Không gửi được: ô «Để trống ô này» phải để trống.")
        elif form.is_valid():
            result = forget(form.cleaned_data["code"], form.cleaned_data["phone"])
            not_found = result is None
            if result is not None:
                form = RemovalForm()
        status = 400 if form.errors else 200
    return render(
        request,
        "website/personal_data_removal.html",
        {
            "form": form,
            "result": result,
            "not_found": not_found,
            "neutral_message": NEUTRAL_REMOVAL,
            "breadcrumbs": [
                ("Chính sách dữ liệu cá nhân", reverse("privacy")),
                ("Yêu cầu xóa dữ liệu cá nhân", None),
            ],
        },
        status=status,
    )
