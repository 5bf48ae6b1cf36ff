import re

from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import SuspiciousFileOperation
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.csp import CSP
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe
from django.views.static import serve

from muongang import search as engine
from muongang.cache import cached, peek
from muongang.forms import SearchForm
from muongang.menu import intro_pages
from muongang.models import SearchKind, SiteSettings

ERROR_PAGES = {
    400: (
        "Yêu cầu không hợp lệ",
        "Máy chủ không hiểu yêu cầu này. Vui lòng kiểm tra lại địa chỉ hoặc dữ liệu đã nhập.",
    ),
    403: ("Không có quyền truy cập", "Bạn không có quyền xem trang này, hoặc phiên làm việc đã hết hạn."),
    404: (
        "Không tìm thấy trang",
        "Trang bạn tìm không có hoặc đã được chuyển đi. Hãy kiểm tra lại địa chỉ, dùng ô tìm kiếm "
        "hoặc trở về trang chủ.",
    ),
    405: (
        "Không mở được trang theo cách này",
        "Địa chỉ này chỉ nhận dữ liệu gửi từ một biểu mẫu của cổng thông tin, không mở trực tiếp được. "
        "Hãy quay lại trang trước và dùng nút trên trang.",
    ),
    500: (
        "Hệ thống gặp sự cố",
        "Đã có lỗi xảy ra khi xử lý yêu cầu. Sự cố đã được ghi lại; vui lòng thử lại sau ít phút.",
    ),
    503: (
        "Hệ thống tạm thời gián đoạn",
        "Cổng thông tin đang tạm thời không truy cập được cơ sở dữ liệu. Vui lòng thử lại sau ít phút.",
    ),
}


@require_safe
def home(request):
    """The home page. Its content is rendered once per content version and day and kept in the shared
    cache (and again when the next scheduled article falls due); only the layout around it is rendered
    per request, so the page stays cheap even with the page cache off."""
    from citizens.services import next_reception_session
    from news.home import home_news
    from procedures import home as procedures_home

    def build():
        news = home_news()
        context = {
            "site": SiteSettings.load(),
            "intro_pages": intro_pages(),
            "next_reception": next_reception_session(),
            **news,
            **procedures_home.context(),
        }
        return {"html": loader.render_to_string("home_main.html", context), "due": news["due"]}

    main = cached(
        f"home-main:{timezone.localdate():%Y%m%d}",
        build,
        fresh=lambda data: not data["due"] or data["due"] > timezone.now(),
    )
    return render(request, "home.html", {"main": mark_safe(main["html"])})


def _fallback_site(use_database=True):
    """Site settings for an error page, without risking another database error.

    The 503 page does not ask the database at all (it is down: asking would make the visitor wait
    for the connect or pool timeout a second time); it uses the cached settings, else blank ones.
    """
    try:
        if not use_database:
            return peek("site-settings") or SiteSettings()
        return SiteSettings.load()
    except Exception:
        return SiteSettings()


def render_error_page(request, status):
    """Render an error page in the layout without touching the database through context processors.

    Used for 500 and 503, which must render while the database is down.
    """
    title, message = ERROR_PAGES[status]
    context = {
        "site": _fallback_site(use_database=status != 503),
        "status": status,
        "title": title,
        "message": message,
        "website_links": [],
        "main_menu": [],
        "visitor_counts": None,
        "error_page": True,
    }
    html = loader.get_template("error.html").render(context)
    response = HttpResponse(html, status=status)
    if status == 503:
        response["Retry-After"] = "30"
    return response


def _error_view(status):
    def view(request, exception=None):
        title, message = ERROR_PAGES[status]
        return render(
            request, "error.html", {"status": status, "title": title, "message": message}, status=status
        )

    view.__name__ = f"error_{status}"
    return view


bad_request = _error_view(400)
permission_denied = _error_view(403)
page_not_found = _error_view(404)
method_not_allowed = _error_view(405)


def bad_query_string(request):
    """A query string with a NUL byte or bytes that are not UTF-8 (muongang.middleware.QueryStringMiddleware)."""
    return render(
        request,
        "error.html",
        {
            "status": 400,
            "title": "Địa chỉ trang không hợp lệ",
            "message": "Địa chỉ có ký tự không đọc được (ký tự rỗng, hoặc chữ không mã hóa theo UTF-8), "
            "thường do liên kết bị cắt hoặc sao chép sai. Hãy quay lại trang trước, hoặc gõ lại từ khóa "
            "vào ô tìm kiếm.",
        },
        status=400,
    )


def csrf_failure(request, reason=""):
    """A form sent without a valid security token (an expired page, cookies blocked)."""
    return render(
        request,
        "error.html",
        {
            "status": 403,
            "title": "Phiên làm việc đã hết hạn",
            "message": "Biểu mẫu không gửi được vì mã bảo mật đã hết hạn hoặc trình duyệt chặn cookie. "
            "Vui lòng tải lại trang, nhập lại và gửi lần nữa.",
        },
        status=403,
    )


def server_error(request):
    return render_error_page(request, 500)


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /quan-tri/",
        "Disallow: /tra-cuu-ho-so/",
        "Disallow: /phan-anh-kien-nghi/tra-cuu/",
        "Disallow: /co-chu/",
        "Disallow: /tim-kiem/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_safe
def favicon(request):
    """Browsers and the admin ask for /favicon.ico; send them to the hashed static icon."""
    return HttpResponsePermanentRedirect(static("img/favicon.png"))


TEXT_SIZE_CHOICES = {"nho", "vua", "lon"}


@require_safe
def text_size(request, size):
    """The A- A A+ switch without JavaScript: remember the choice in a cookie and go back."""
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        target = "/"
    response = HttpResponseRedirect(target)
    if size == "vua" or size not in TEXT_SIZE_CHOICES:
        response.delete_cookie("co_chu")
    else:
        response.set_cookie("co_chu", size, max_age=365 * 86400, samesite="Lax")
    return response


SEARCH_PER_PAGE = 10


def _how_many(count):
    """1.234 with a dot; past the counting cap, "hơn 1.000"."""
    if count > engine.COUNT_CAP:
        return f"hơn {intcomma(engine.COUNT_CAP)}"
    return intcomma(count)


SEARCH_MAX_PAGES = 50


@require_safe
def search(request):
    """/tim-kiem/?q=: one search over news, documents, procedures, Q&A and introduction pages."""
    form = SearchForm(request.GET)
    context = {
        "form": form,
        "kinds": SearchKind.choices,
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
    results = engine.search(query, offset=(number - 1) * SEARCH_PER_PAGE, limit=SEARCH_PER_PAGE, **options)
    if results.total and not results.entries:  # a page past the end: show the last one
        number = min((results.total - 1) // SEARCH_PER_PAGE + 1, SEARCH_MAX_PAGES)
        results = engine.search(
            query, offset=(number - 1) * SEARCH_PER_PAGE, limit=SEARCH_PER_PAGE, **options
        )
    shown = min(results.total, SEARCH_PER_PAGE * SEARCH_MAX_PAGES)
    page_obj = Paginator(range(shown), SEARCH_PER_PAGE).get_page(number)
    labels = dict(SearchKind.choices)
    page_obj.object_list = [
        {
            "entry": entry,
            "kind": labels[entry.kind],
            "title": engine.highlight(entry.title, results.query),
            "snippet": engine.snippet(entry.body, results.query),
            # procedures and pages carry the date they were last edited, not one worth showing
            "show_date": entry.date and entry.kind not in (SearchKind.PROCEDURE, SearchKind.PAGE),
        }
        for entry in results.entries
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
                for value, label in SearchKind.choices
            ],
            "capped": results.total > shown,
            "filtered": bool(data["loai"] or data["tu"] or data["den"]),
        }
    )
    return render(request, "search/results.html", context)


def login_locked(request, original_response=None, credentials=None):
    """django-axes: this username is locked, from this client or from everywhere (AXES_LOCKOUT_CALLABLE)."""
    if getattr(request, "account_locked", False):
        message = (
            "Tài khoản này đã bị nhập sai mật khẩu nhiều lần, từ nhiều nơi, nên việc đăng nhập tạm thời bị "
            f"khóa. Khóa tự mở sau {settings.LOGIN_ACCOUNT_LOCK_MINUTES} phút kể từ lần nhập sai gần nhất; "
            "nếu cần vào ngay, xin liên hệ quản trị viên của cổng thông tin để được mở khóa."
        )
    else:
        message = (
            f"Đã nhập sai mật khẩu {settings.AXES_FAILURE_LIMIT} lần cho tài khoản này từ địa chỉ (mạng) "
            "của bạn, nên việc đăng nhập tạm thời bị khóa. Xin liên hệ quản trị viên của cổng thông tin "
            "để được mở khóa."
        )
    response = render(
        request,
        "error.html",
        {"status": 429, "title": "Tạm khóa đăng nhập", "message": message},
        status=429,
    )
    response["Cache-Control"] = "private, no-store"
    return response


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
