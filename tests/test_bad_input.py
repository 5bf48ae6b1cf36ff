"""Bad input in a query string never breaks a page: every public and admin list URL, every parameter.

Nothing here is a hand-kept list of pages or fields. The URLs come from the URL conf (every route
without an argument) and from the admin's registry (every list page); the admin's parameters from
each ModelAdmin (its list filters' own parameters, the bare field a hand-edited address uses, search,
date hierarchy, page and order); the public pages' parameters from their GET forms and their links
(and the links of one page of each kind they lead to). A new page, filter or field is tested as soon
as it exists.

Each value of the corpus goes into each parameter alone, so that one parameter's error cannot hide
another's 500. No answer may be a 5xx, a 4xx must say what went wrong in Vietnamese, and no value may
come back as markup.
"""

import re
import unicodedata
from html.parser import HTMLParser
from itertools import count
from urllib.parse import parse_qsl, quote, urlsplit

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.views.main import ORDER_VAR, PAGE_VAR, SEARCH_VAR
from django.db import transaction
from django.test import Client, RequestFactory
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse

from tests import factories

pytestmark = pytest.mark.django_db

# Each value as it stands in the query string (percent-encoded where it must be), with a name for reports.
CORPUS = {
    "ngày 31/12/9999": quote("31/12/9999"),
    "ngày 01/01/0001": quote("01/01/0001"),
    "ngày 99/99/9999": quote("99/99/9999"),
    "ngày 2020-13-45": "2020-13-45",
    "năm 9999": "9999",
    "NUL": "%00",
    "UTF-8 hỏng %C3%28": "%C3%28",
    "UTF-8 hỏng %FF": "%FF",
    "số khổng lồ": "99999999999999999999",
    "số âm khổng lồ": "-99999999999999999999",
    "1e400": "1e400",
    "số âm": "-1",
    "chữ số không phải ASCII (²)": "%C2%B2",
    "chuỗi rất dài": quote("đường " * 700),
    "chữ dựng sẵn NFD": quote(unicodedata.normalize("NFD", "Đăng ký khai sinh")),
    "thẻ script": quote('"><script>alert(1)</script>'),
}
REFLECTED = "<script>alert(1)"

# Letters only Vietnamese writes; a message in Vietnamese has some.
VIETNAMESE = re.compile(r"[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.I)
# Where a page says what went wrong: an alert, an error of a form or a field, the error page, a message.
MESSAGE_START = re.compile(r'<[a-z]+\b[^>]*(?:role="alert"|class="[^"]*(?:error|message))[^>]*>')
TAG = re.compile(r"<[^>]+>")

PUBLIC_PAGE = "page"  # the public lists' page number (the admin's is PAGE_VAR, "p")

_addresses = count(1)


# --- which URLs ---------------------------------------------------------------------------------------------


def _plain_routes(patterns=None, prefix=""):
    """Every route of the URL conf that takes no argument, except the admin's and the editor's uploads."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern).lstrip("^").rstrip("$")
        if isinstance(entry, URLResolver):
            if entry.namespace != "admin" and not route.startswith("ckeditor5/"):
                yield from _plain_routes(entry.url_patterns, route)
        elif isinstance(entry, URLPattern) and not entry.pattern.regex.groups and "<" not in route:
            if not route.startswith(("media/", "bench-bare/", "ckeditor5/")):
                yield "/" + route


PUBLIC_PATHS = sorted(set(_plain_routes()))
ADMIN_LISTS = sorted(
    (model._meta.label, reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"))
    for model in admin.site._registry
)
ADMIN_PAGES = sorted(
    {reverse("admin:index"), reverse("admin:login"), reverse("admin:autocomplete")}
    | {reverse("admin:app_list", args=[model._meta.app_label]) for model in admin.site._registry}
)


# --- which parameters ------------------------------------------------------------------------------------


class _Parameters(HTMLParser):
    """What a visitor can send from a page: its GET forms' fields, its same-site links' query keys."""

    def __init__(self, path):
        super().__init__()
        self.path = path
        self.by_path = {}  # path → parameter names
        self.links = set()  # same-site paths linked without a query
        self.form = None  # the action of the GET form being read

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            get = (attrs.get("method") or "get").lower() == "get"
            self.form = (attrs.get("action") or self.path) if get else None
        elif tag in ("input", "select", "textarea") and self.form and attrs.get("name"):
            if attrs.get("type") not in ("submit", "button", "reset"):
                self.by_path.setdefault(self.form, set()).add(attrs["name"])
        elif tag == "a" and attrs.get("href"):
            url = urlsplit(attrs["href"])
            if url.scheme or url.netloc or not url.path.startswith("/"):
                return
            if url.query:
                self.by_path.setdefault(url.path, set()).update(k for k, _ in parse_qsl(url.query))
            else:
                self.links.add(url.path)

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None


def _text(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def _read(client, path, targets):
    response = client.get(path)
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return set()
    parser = _Parameters(path)
    parser.feed(_text(response))
    for target, names in parser.by_path.items():
        targets.setdefault(target, {PUBLIC_PAGE}).update(names)
    return parser.links


def public_targets(client):
    """{path: parameter names}: each list page with the names its forms and links send, plus "page"."""
    targets = {path: {PUBLIC_PAGE} for path in PUBLIC_PATHS}
    links = set()
    for path in PUBLIC_PATHS:
        links |= _read(client, path, targets)
    # one page of each kind the lists lead to (an article, a procedure…): its links carry parameters
    # of their own, such as the feedback form's ?thu-tuc= on a procedure's page
    seen_routes = {resolve(path).route for path in PUBLIC_PATHS}
    for path in sorted(links):
        try:
            route = resolve(path).route
        except Resolver404:
            continue
        if route not in seen_routes and not path.startswith(("/quan-tri/", "/media/", "/static/")):
            seen_routes.add(route)
            _read(client, path, targets)
    return {path: names for path, names in targets.items() if not path.startswith("/quan-tri/")}


def admin_parameters(model, user):
    """What a list page of the admin reads: its filters', the bare fields, search, date hierarchy, page, order.

    The filters are built as Django's ChangeList builds them, but each one counts even when it shows
    nothing (a relation with a single choice hides its filter, and still reads its parameter).
    A filter's ``__isnull`` parameter is left out: Django reads it only as true or false.
    """
    from django.contrib.admin import FieldListFilter
    from django.contrib.admin.utils import get_fields_from_path

    model_admin = admin.site._registry[model]
    request = RequestFactory().get("/")
    request.user = user
    names = {SEARCH_VAR, PAGE_VAR, ORDER_VAR}
    for item in model_admin.get_list_filter(request):
        if callable(item):
            spec = item(request, {}, model, model_admin)
        else:
            path, make = item if isinstance(item, (tuple, list)) else (item, FieldListFilter.create)
            field = get_fields_from_path(model, path)[-1] if isinstance(path, str) else path
            spec = make(field, request, {}, model, model_admin, field_path=path)
            names.add(path)  # ?status=… as a person edits the address, next to ?status__exact=…
        names.update(name for name in spec.expected_parameters() if not name.endswith("__isnull"))
    if model_admin.date_hierarchy:
        names.update(f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month", "day"))
    return sorted(names)


# --- sending it ------------------------------------------------------------------------------------------


def _says_what_went_wrong(html):
    """True when an error message of the page (not merely its layout or its form labels) is Vietnamese."""
    return any(
        VIETNAMESE.search(TAG.sub(" ", html[start.end() : start.end() + 600]))
        for start in MESSAGE_START.finditer(html)
    )


def _check(client, url, follow=True):
    """(what is wrong or None, the response)."""
    n = next(_addresses)
    # each request from its own address, so that rate limits do not hide what a value does
    address = f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"
    savepoint = transaction.savepoint_create()
    response = client.get(url, follow=follow, REMOTE_ADDR=address)
    if response.status_code >= 500:
        transaction.savepoint_rollback(savepoint)  # a database error leaves the transaction unusable
        return f"{response.status_code}", response
    transaction.savepoint_commit(savepoint)
    body = _text(response)
    if 400 <= response.status_code < 500 and not _says_what_went_wrong(body):
        return f"{response.status_code} without a Vietnamese message", response
    if REFLECTED in body:
        return f"{response.status_code} with the value as markup", response
    return None, response


def each_value(client, path, names, base="", follow=True):
    """Each corpus value in each parameter alone: ([what went wrong], {redirect targets not followed})."""
    problems, redirects = [], set()
    for name in sorted(names):
        for label, value in CORPUS.items():
            url = f"{path}?{base}{quote(name)}={value}"
            problem, response = _check(client, url, follow)
            if problem:
                problems.append(f"{problem} ← {label} in «{name}»: {url[:150]}")
            elif 300 <= response.status_code < 400:
                redirects.add(response["Location"])
    return problems, redirects


def every_parameter_at_once(client, path, names):
    problems = []
    for label, value in CORPUS.items():
        url = f"{path}?" + "&".join(f"{quote(name)}={value}" for name in sorted(names))
        problem, _ = _check(client, url)
        if problem:
            problems.append(f"{problem} ← {label} in every parameter: {url[:150]}")
    return problems


@pytest.fixture
def content():
    """A little of everything, so that every list, filter and search has rows to work on."""
    factories.site_settings()
    factories.article(title="Cải cách hành chính")
    factories.document()
    factories.question()
    factories.feedback()
    factories.dossier(procedure=factories.procedure(name="Đăng ký khai sinh"))
    factories.page(title="Giới thiệu chung")
    factories.reception_schedule()


@pytest.fixture
def superuser():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("quantri", "quantri@example.vn", "mat-khau-thu-nghiem")


def _client(user=None):
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def test_the_discovery_finds_the_pages_and_parameters_people_use(content, superuser):
    """Guards the discovery itself: were it to find nothing, the tests below would pass on nothing."""
    targets = public_targets(_client())
    assert {"q", "tu", "den", "loai"} <= targets["/tim-kiem/"]
    assert {"q", "loai", "co-quan", "nam"} <= targets["/van-ban/"]
    assert {"q", "linh_vuc", "cap", "muc_do"} <= targets["/thu-tuc-hanh-chinh/"]
    assert {"nam", "thang", "den_thang"} <= targets["/thong-ke-ho-so/"]
    assert "thu-tuc" in targets["/phan-anh-kien-nghi/"]  # found on a procedure's page
    assert "chu-de" in targets["/hoi-dap/"]
    assert ("news.Article", "/quan-tri/news/article/") in ADMIN_LISTS
    from news.models import Article
    from procedures.models import Dossier

    assert {"status", "status__exact", "published_at__year", "q"} <= set(admin_parameters(Article, superuser))
    assert {"status__exact", "procedure__field__id__exact", "received_at__day"} <= set(
        admin_parameters(Dossier, superuser)
    )


@pytest.mark.parametrize("who", ["anonymous", "superuser"])
def test_bad_values_in_public_query_strings_never_break_a_page(content, superuser, who):
    client = _client(superuser if who == "superuser" else None)
    problems = []
    for path, names in sorted(public_targets(client).items()):
        problems += each_value(client, path, names)[0]
        if "q" in names:  # the dates and kinds of a search count only once there is a word to search
            problems += each_value(client, path, names - {"q"}, base="q=cai&")[0]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("label", "path"), ADMIN_LISTS, ids=[label for label, _ in ADMIN_LISTS])
def test_bad_values_in_admin_list_filters_never_break_the_admin(content, superuser, label, path):
    names = admin_parameters(apps.get_model(label), superuser)
    staff = _client(superuser)
    problems, redirects = each_value(staff, path, names, follow=False)
    for target in sorted(redirects):  # where a refused filter leads (the bare list, with a message)
        problem, _ = _check(staff, target)
        if problem:
            problems.append(f"{problem} ← after a redirect to {target}")
    # an anonymous visitor is sent to the login page before any filter runs: the redirect carries
    # the whole query string in ?next=, so every parameter at once tries it
    problems += every_parameter_at_once(_client(), path, names)
    assert not problems, "\n".join(problems)


def test_bad_values_on_the_admin_home_login_and_autocomplete(content, superuser):
    # the login page and the autocomplete read these; the home and each app's page read none
    reading = {
        reverse("admin:login"): ["next"],
        reverse("admin:autocomplete"): ["term", "app_label", "model_name", "field_name", PUBLIC_PAGE],
    }
    problems = []
    for path in ADMIN_PAGES:
        names = reading.get(path, [SEARCH_VAR, PAGE_VAR])
        if path in reading:
            problems += each_value(_client(superuser), path, names)[0]
        problems += every_parameter_at_once(_client(superuser), path, names)
        problems += every_parameter_at_once(_client(), path, names)
    assert not problems, "\n".join(problems)


# --- the cases of the issue, as a person sees them ----------------------------------------------------------


def test_a_search_date_out_of_range_is_a_vietnamese_400_and_a_date_in_range_searches(content):
    response = _client().get("/tim-kiem/?q=cai&den=31/12/9999")
    assert response.status_code == 400
    assert "Ngày phải trong khoảng 01/01/1900 đến 31/12/2100." in response.content.decode()
    response = _client().get("/tim-kiem/?q=cai&tu=01/01/0001")
    assert response.status_code == 400
    assert "Ngày phải trong khoảng 01/01/1900 đến 31/12/2100." in response.content.decode()
    found = _client().get("/tim-kiem/?q=cai&tu=01/01/1900&den=31/12/2100")
    assert found.status_code == 200
    assert "cách hành chính</a>" in found.content.decode()


@pytest.mark.parametrize(
    "url", ["/quan-tri/news/article/?status=%00", "/quan-tri/news/article/?q=%FF", "/tim-kiem/?q=cai%C3%28"]
)
def test_a_nul_or_bytes_that_are_not_utf8_get_a_vietnamese_400(content, superuser, url):
    response = _client(superuser).get(url)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Địa chỉ trang không hợp lệ" in html and "ký tự không đọc được" in html
    assert response["Content-Security-Policy"]  # the page carries the headers of every other page


@pytest.mark.parametrize(
    ("url", "filtered_list"),
    [
        ("/quan-tri/news/article/?published_at__year=9999", "/quan-tri/news/article/"),
        ("/quan-tri/news/article/?e=1&published_at__year=99999999999999999999", "/quan-tri/news/article/"),
        ("/quan-tri/auth/user/?groups=khong-phai-so", "/quan-tri/auth/user/"),  # Django's own users admin
        ("/quan-tri/news/article/?featured__exact=khong-phai", "/quan-tri/news/article/"),
    ],
)
def test_an_unusable_admin_filter_is_dropped_and_the_whole_list_says_why(
    content, superuser, url, filtered_list
):
    from portal.admin_site import BAD_FILTER_MESSAGE

    response = _client(superuser).get(url, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == f"{filtered_list}?e=1"
    html = response.content.decode()
    assert BAD_FILTER_MESSAGE in html
    assert "Lỗi cơ sở dữ liệu" not in html  # Django's page for a bad filter next to e=1
    assert ("Cải cách hành chính" if "article" in url else "quantri") in html  # the whole list


def test_an_unusable_document_filter_is_left_out_and_said(content):
    response = _client().get("/van-ban/?nam=%C2%B2&loai=ke-hoach")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Không có văn bản nào ban hành năm này; đã bỏ qua điều kiện «Năm»." in html
    assert "về cải cách hành chính" in html  # the valid filter still applies and finds the document
    assert "Tìm thấy 1 văn bản." in html


def test_an_unknown_question_topic_is_left_out_and_said(content):
    response = _client().get("/hoi-dap/?chu-de=khong-co-chu-de-nay")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Không có chủ đề này (liên kết có thể đã cũ); dưới đây là câu hỏi của mọi chủ đề." in html
    assert "Câu hỏi" in html and "Xin hỏi thủ tục đăng ký khai sinh?" in html


def test_a_form_address_opened_directly_gets_a_vietnamese_405(content):
    response = _client().get("/danh-gia-trang/")
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert "Không mở được trang theo cách này" in response.content.decode()


@pytest.mark.parametrize("selected", ["abc", "%00", "99999999999999999999"])
def test_an_admin_action_on_a_forged_selection_does_nothing_and_says_so(content, superuser, selected):
    from urllib.parse import unquote

    from news.models import Article, ArticleStatus
    from portal.admin_site import BAD_SELECTION_MESSAGE

    article = Article.objects.get()
    response = _client(superuser).post(
        "/quan-tri/news/article/",
        {"action": "withdraw_selected", "_selected_action": [str(article.pk), unquote(selected)]},
        follow=True,
    )
    assert response.status_code == 200
    assert response.redirect_chain == [("/quan-tri/news/article/", 302)]
    assert BAD_SELECTION_MESSAGE in response.content.decode()
    article.refresh_from_db()
    assert article.status == ArticleStatus.PUBLISHED  # not even the valid row was withdrawn


def test_an_admin_add_form_filled_from_the_address_keeps_what_its_fields_accept(content, superuser):
    client = _client(superuser)
    response = client.get(
        "/quan-tri/news/document/add/?issued_on=99/99/9999&related_articles=1,abc&summary=K%E1%BA%BF%20ho%E1%BA%A1ch"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Giá trị điền sẵn trong địa chỉ cho ô «Ngày ban hành» không hợp lệ nên đã được bỏ qua." in html
    assert (
        "Giá trị điền sẵn trong địa chỉ cho ô «Bài viết liên quan» không hợp lệ nên đã được bỏ qua." in html
    )
    assert re.search(r"<textarea [^>]*name=\"summary\"[^>]*>\s*Kế hoạch</textarea>", html)
    # a good date still fills the form, as a date the editor reads
    html = client.get("/quan-tri/news/article/add/?published_at=16/11/2020%2007:00").content.decode()
    assert 'name="published_at_0" value="16/11/2020"' in html and 'value="07:00' in html
