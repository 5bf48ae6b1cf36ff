from django.http import HttpResponse, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe

from muongang.cache import peek
from muongang.menu import intro_pages
from muongang.models import SiteSettings

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
    from citizens.services import next_reception_session
    from news.home import home_news
    from procedures import home as procedures_home

    context = {"intro_pages": intro_pages(), "next_reception": next_reception_session()}
    return render(request, "home.html", {**context, **home_news(), **procedures_home.context()})


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
