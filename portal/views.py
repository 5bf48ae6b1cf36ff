from functools import wraps

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe

from portal import snapshots, units
from portal.models import Unit


def province_only(view):
    """A province-wide page (Nghị định 224/2026/NĐ-CP, Điều 11: a commune's site is a component of the
    provincial portal): served on the province's host; a commune's host answers 404, as for any page it has not."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        site = units.current(required=False)
        if site is None or not site.is_province:
            raise Http404("Trang này chỉ có trên cổng thông tin của tỉnh.")
        return view(request, *args, **kwargs)

    return wrapper


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


def _fallback_site(use_database=True):
    """Site settings for an error page, without risking another database error.

    The 503 page does not ask the database at all (it is down: asking would make the visitor wait
    for the connect or pool timeout a second time); it uses the cached settings, else blank ones.
    """
    try:
        if not use_database:
            return (
                units.current(required=False) or Unit()
            )  # the unit comes from the host map, not the database
        return Unit.load()
    except Exception:
        return Unit()


def render_error_page(request, status):
    """Render an error page in the layout without touching the database through context processors.

    Used for 500 and 503, which must render while the database is down.
    """
    if status == 503 and (snapshot := snapshots.for_request(request)) is not None:
        response = HttpResponse(snapshot, status=503)  # the unit's essentials, with their banner
        response["Retry-After"] = "30"
        return response
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


def unknown_host(request):
    """A host name no unit answers on: a plain 404 that shows nothing of any unit (portal.units)."""
    html = loader.get_template("error.html").render(
        {
            "site": Unit(),
            "status": 404,
            "title": "Không có trang thông tin điện tử ở địa chỉ này",
            "message": "Tên miền này chưa được gán cho đơn vị nào. Hãy kiểm tra lại địa chỉ, hoặc mở cổng "
            "thông tin của tỉnh để tìm trang của xã, phường.",
            "website_links": [],
            "main_menu": [],
            "visitor_counts": None,
            "error_page": True,
        }
    )
    return HttpResponse(html, status=404)


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
    """A query string with a NUL byte or bytes that are not UTF-8 (portal.middleware.QueryStringMiddleware)."""
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
def favicon(request):
    """Browsers and the admin ask for /favicon.ico; send them to the hashed static icon."""
    return HttpResponsePermanentRedirect(static("img/favicon.png"))


TEXT_SIZE_CHOICES = {"nho", "vua", "lon"}
# a chosen text size → the class of <body> (the page cache keeps one copy per size)
TEXT_SIZES = {"nho": "co-chu-nho", "lon": "co-chu-lon"}


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
