"""The page cache: whole public pages for anonymous visitors, kept in the shared cache.

A page is stored under its address (host, path and query), the reader's text size, the day and
the content version of ``portal.cache``. Every save or delete of content bumps that version in
the shared cache, so a publication shows at once in every process: pages cached under the old
version are never read again and expire by themselves. An entry lives ``PAGE_CACHE_SECONDS`` (no
longer than the footer's counter numbers are reused) and never past the moment the next scheduled
article falls due, so a scheduled article appears on time.

Never cached, and sent as ``Cache-Control: private, no-store``: anything but GET, the admin, the
feedback pages, lookups with their question (``/tra-cuu-ho-so/?ma=``), any request carrying a cookie
other than the anonymous ones (a session, a message), and any response that sets a cookie or varies
on cookies (a form's CSRF token, the session). Errors, redirects and files pass through untouched.

Cached pages are sent ``public, max-age=0, must-revalidate`` with an ETag: browsers ask again each
time (so a publication is seen at once and the visit is counted) and get a 304 when nothing changed.
The visitor counter is outside this middleware, so it counts pages served from here as well; a view
whose page needs more on every view (the article's view count) registers it with ``on_cache_hit``.
"""

import hashlib
import logging
import zlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import has_vary_header, set_response_etag
from django.utils.module_loading import import_string

from portal import contributions, units
from portal.cache import before_due, cached, content_version
from portal.views import TEXT_SIZES

logger = logging.getLogger(__name__)

PUBLIC = "public, max-age=0, must-revalidate"
PERSONAL = "private, no-store"
# The cookies of an anonymous visitor besides a CSRF cookie left by a form: the counter's, the text size.
ANONYMOUS_COOKIES = {"tc", "co_chu"}
# Pages for one person (forms, their confirmations and lookups, votes) and the admin.
PERSONAL_PATHS = (
    "/quan-tri/",
    "/ckeditor5/",
    "/phan-anh-kien-nghi/",
    "/danh-gia-trang/",
    "/co-chu/",
    "/yeu-cau-xoa-du-lieu-ca-nhan/",
)
# Lookups answer one person's question: never cached once asked (the dossier lookup view is never_cache anyway).
LOOKUP_PARAMETERS = {"/tra-cuu-ho-so/": "ma"}

SHAREABLE, PERSONAL_REQUEST = "shareable", "personal"


def on_cache_hit(response, func, *args):
    """Call ``func(request, *args)`` again each time this response is served from the page cache.

    ``func`` must be a module-level function and ``args`` plain values (they are stored with the page).
    """
    hooks = getattr(response, "_page_cache_hooks", [])
    hooks.append((f"{func.__module__}.{func.__qualname__}", args))
    response._page_cache_hooks = hooks


def request_kind(request):
    """SHAREABLE, PERSONAL_REQUEST, or None for what this middleware leaves alone (static, media)."""
    path = request.path
    if path.startswith((settings.STATIC_URL, settings.MEDIA_URL)):
        return None
    if units.current(required=False) is None:  # what answers outside any unit (the icon): never a page
        return None
    if request.method not in ("GET", "HEAD") or path.startswith(PERSONAL_PATHS):
        return PERSONAL_REQUEST
    if (parameter := LOOKUP_PARAMETERS.get(path)) and request.GET.get(parameter):
        return PERSONAL_REQUEST
    if not set(request.COOKIES) <= ANONYMOUS_COOKIES | {settings.CSRF_COOKIE_NAME}:
        return PERSONAL_REQUEST
    return SHAREABLE


def page_key(request):
    size = request.COOKIES.get("co_chu", "")
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    raw = f"{address}|{size if size in TEXT_SIZES else ''}|{timezone.localdate():%Y%m%d}"
    return f"portal:page:v{content_version()}:{hashlib.sha256(raw.encode()).hexdigest()[:40]}"


def next_scheduled():
    """When public content next changes by itself, a scheduled article say (None if nothing is waiting)."""

    def build():
        from portal.models import Maintenance  # a stop's notice appears and goes by itself too

        moments = [m for m in (contributions.next_change(), Maintenance.next_change()) if m]
        return {"due": min(moments, default=None)}

    data = cached("next-scheduled", build, fresh=before_due)
    return data["due"]


def lifetime():
    """Seconds a page may be kept: PAGE_CACHE_SECONDS, cut short by the next scheduled publication."""
    seconds = settings.PAGE_CACHE_SECONDS
    due = next_scheduled()
    if due is not None:
        seconds = min(seconds, int((due - timezone.now()).total_seconds()))
    return seconds


def is_shareable(response):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not has_vary_header(response, "Cookie")
        and not response.has_header("Cache-Control")
    )


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        kind = request_kind(request)
        if kind is None:
            return self.get_response(request)
        key = None
        if kind == SHAREABLE and settings.PAGE_CACHE and request.method == "GET":
            key = page_key(request)
            entry = cache.get(key)
            if entry is not None:
                return self.replay(request, entry)
        response = self.get_response(request)
        if kind == SHAREABLE and is_shareable(response):
            response["Cache-Control"] = PUBLIC
            set_response_etag(response)
            if key is not None and (seconds := lifetime()) >= 1:
                cache.set(key, self.entry(response), seconds)
        elif kind == PERSONAL_REQUEST or response.cookies or has_vary_header(response, "Cookie"):
            response.headers.setdefault("Cache-Control", PERSONAL)
        return response

    @staticmethod
    def entry(response):
        headers = list(response.headers.items())
        body = zlib.compress(response.content, 1)
        return (response.status_code, headers, body, getattr(response, "_page_cache_hooks", []))

    @staticmethod
    def replay(request, entry):
        status, headers, body, hooks = entry
        response = HttpResponse(zlib.decompress(body), status=status)
        for name, value in headers:
            response.headers[name] = value
        for path, args in hooks:
            try:
                import_string(path)(request, *args)
            except Exception:
                logger.exception("page cache: %s failed on a cached page", path)
        return response
