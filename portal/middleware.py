import logging
import unicodedata
from urllib.parse import quote, unquote_to_bytes

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.urls import reverse

from portal import cache, jobs, redis_breaker, roles, storage, units, visitors
from portal.views import bad_query_string, method_not_allowed, render_error_page, unknown_host

logger = logging.getLogger(__name__)


def database_answers():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        logger.error("database unavailable: %s", exc)
        return False
    return True


class HealthCheckMiddleware:
    """/healthz, plain text, never cached. The first line is what a load balancer needs:

    - 200 "ok": the database answers, and Redis and the object store when configured;
    - 200 "degraded: …": the database answers but Redis or the object store does not. The site still
      serves its pages (from the database; without the photos it cannot read), and every server shares
      the one Redis and the one store: a load balancer that pulled servers for this would pull all of
      them. Monitoring should alert on the word "degraded";
    - 503 "database unavailable": nothing can be served.

    Then one line per component: "database: ok", "cache: ok" (or "unavailable", or "local memory, this
    process only" without Redis), "store: ok" (or "unavailable: <reason>"; only with MEDIA_STORAGE_URL);
    and, once the scheduler has run (`manage.py run_scheduler`), one line per periodic job:
    "job write_snapshots: last run 42 s ago, ok" (or "failed: <error>", "running", "never run", and
    ", late" when its last start is older than twice its interval). Monitoring alerts on "failed" and "late".

    It runs first, before host validation and the HTTPS redirect, so that a
    container's health check or a load balancer can ask over plain HTTP by address.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path != "/healthz":
            return self.get_response(request)
        if not database_answers():
            body, status = "database unavailable\n", 503
        else:
            cache_state = redis_breaker.cache_state()
            store_state = storage.store_status()
            problems = []
            if cache_state == "unavailable":
                problems.append("cache (Redis) unavailable, pages served from the database")
            if store_state not in (None, "ok"):
                problems.append("store (object storage) unavailable, pages served without its files")
            body = f"degraded: {'; '.join(problems)}\n" if problems else "ok\n"
            body += "database: ok\n"
            body += f"cache: {cache_state or 'local memory, this process only'}\n"
            if store_state is not None:
                body += f"store: {store_state}\n"
            body += jobs.report()
            status = 200
        response = HttpResponse(body, status=status, content_type="text/plain; charset=utf-8")
        response["Cache-Control"] = "no-store"
        return response


class VisitorCounterMiddleware:
    """Counts visits after the page is made; never lets the counter break a page.

    Placed inside ``UnitMiddleware``: a page view is counted for the unit of the host (the unit in scope).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if visitors.should_count(request, response):
            visitors.record_visit(request, response)
        return response


class DatabaseDownMiddleware:
    """When the database cannot be reached, answer 503 with the Vietnamese error page at once.

    Other database errors (a missing table, a lock timeout) stay what they are: 500s with a traceback.
    The same for the object store (portal.storage): an upload or a read it could not serve, when no view
    handled it (an upload in the admin), is a 503 "try again later"; the admin's save was rolled back whole.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, storage.StoreUnavailable):
            logger.error("object store unavailable while serving %s", request.path, exc_info=exception)
            return render_error_page(request, 503)
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        # No connection could be made (or none came from the pool in time): the database is down, or
        # every pooled connection is busy; either way "try again later", and asking the database
        # again would only make the visitor wait the connect or pool timeout a second time.
        if connection.connection is None or not database_answers():
            logger.error("database unavailable while serving %s", request.path, exc_info=exception)
            return render_error_page(request, 503)
        return None


class AdminEditorCSPMiddleware:
    """Give admin responses the policy CKEditor needs (settings.SECURE_CSP_ADMIN); public pages keep the strict one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/quan-tri/"):
            response._csp_config = settings.SECURE_CSP_ADMIN
        return response


class PermissionsPolicyMiddleware:
    """Permissions-Policy (settings.PERMISSIONS_POLICY) on every response; Django has no setting for it."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}={allow}" for feature, allow in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


class NFCInputMiddleware:
    """Compose (NFC) every text value of the query string and the form data before any view sees it.

    Text pasted from Word or macOS often arrives decomposed (NFD). Normalising here, before the forms
    validate, means lengths are checked on the text as it will be stored, and searches match.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    @staticmethod
    def _composed(query_dict):
        if all(unicodedata.is_normalized("NFC", v) for _k, values in query_dict.lists() for v in values):
            return None
        copy = query_dict.copy()
        for key, values in query_dict.lists():
            copy.setlist(key, [unicodedata.normalize("NFC", v) for v in values])
        copy._mutable = False
        return copy

    def process_view(self, request, view_func, view_args, view_kwargs):
        if (get := self._composed(request.GET)) is not None:
            request.GET = get
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            if (post := self._composed(request.POST)) is not None:
                request.POST = post


def query_string_is_unreadable(query_string):
    """True when the query string holds a NUL byte or bytes that are not UTF-8, raw or percent-encoded.

    Django would pass the NUL on (PostgreSQL refuses it in any text: a 500 wherever a filter reaches
    the database) and would silently turn bad bytes into "\ufffd". The WSGI server hands the raw bytes
    over as Latin-1 text (PEP 3333).
    """
    if query_string.isascii() and "%" not in query_string and "\x00" not in query_string:
        return False
    try:
        raw = unquote_to_bytes(query_string.encode("latin-1"))
    except UnicodeEncodeError:  # not from a WSGI server (a test client): already text
        raw = unquote_to_bytes(query_string.encode("utf-8", "surrogatepass"))
    if b"\x00" in raw:
        return True
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


class QueryStringMiddleware:
    """Refuse an unreadable query string with the Vietnamese 400 page before any view or filter sees it,
    and give a bare 405 (a form's address opened directly) the Vietnamese error page.

    It sits inside the CSP middlewares, so both pages carry the same headers as any other.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if query_string_is_unreadable(request.META.get("QUERY_STRING", "")):
            return bad_query_string(request)
        response = self.get_response(request)
        if response.status_code == 405 and not response.streaming and not response.content:
            page = method_not_allowed(request)
            page["Allow"] = response.get("Allow", "")
            return page
        return response


class UnitMiddleware:
    """Put in scope the unit whose site this host is (portal.units); a host no unit has gets a plain 404.

    An alias host sends the visitor to the unit's primary host (301). With one unit and no host names
    (``make run``, a commune on its own server) that unit answers on every allowed host.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    # what answers the same for every unit, without asking which (nor the database): the icon, and the
    # benchmark's bare view (scripts/bench.sh), the baseline that pages are measured against
    UNIT_FREE = ("/favicon.ico", "/bench-bare/")

    def __call__(self, request):
        if request.path in self.UNIT_FREE:
            return self.get_response(request)
        host = request.get_host().rsplit(":", 1)[0].lower().rstrip(".")
        try:
            unit, primary = units.for_host(host)
        except (OperationalError, InterfaceError):
            logger.error("database unavailable while finding the unit of %s", host)
            return render_error_page(request, 503)
        if unit is None:
            return unknown_host(request)
        # an alias sends visitors to the primary host; this machine's own names (127.0.0.1, localhost) and
        # the admin answer where they are asked
        if primary and not request.path.startswith(settings.ADMIN_PATH) and not is_local(host):
            port = request.get_port()
            default_port = "443" if request.is_secure() else "80"
            address = (
                primary if port == default_port or ":" not in request.get_host() else f"{primary}:{port}"
            )
            return HttpResponsePermanentRedirect(f"{request.scheme}://{address}{request.get_full_path()}")
        request.unit = unit
        with units.activate(unit), cache.one_version_per_read(request):
            return self.get_response(request)


class AdminUnitMiddleware:
    """In the admin, the unit in scope is the one the person works in (their membership), whatever the host.

    A person with several units picks one (/quan-tri/don-vi/); the choice is kept in the session.
    Placed after the authentication middleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(settings.ADMIN_PATH) or not request.user.is_authenticated:
            return self.get_response(request)
        unit = roles.working_unit(request)
        if unit is None:
            # several units and none chosen yet, or none at all: only the picker, the units' own pages
            # (a superuser adds the first one there) and signing out work without a unit
            free = [reverse("admin:choose-unit"), reverse("admin:logout"), reverse("admin:jsi18n")]
            if request.path in free or request.path.startswith(reverse("admin:portal_unit_changelist")):
                return self.get_response(request)
            return HttpResponseRedirect(
                f"{reverse('admin:choose-unit')}?next={quote(request.get_full_path())}"
            )
        request.unit = unit
        with units.activate(unit):
            return self.get_response(request)


def is_local(host):
    """127.0.0.1, [::1], localhost: the machine's own names, never sent elsewhere."""
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
