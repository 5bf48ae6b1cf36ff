"""Security headers on public pages, the admin and uploaded files; a strict CSP with no inline script."""

import re
from pathlib import Path

import pytest
from django.urls import include, path, re_path

from tests import factories
from tests.demo import load_demo
from tests.portal.test_settings import load
from website.views import serve_media

# /media/ is routed only when the app serves uploads itself (DJANGO_SERVE_MEDIA=1, as `make run` does).
urlpatterns = [re_path(r"^media/(?P<path>.*)$", serve_media), path("", include("muongang.urls"))]

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/156 Safari/537.36"
PRODUCTION_HTTPS = {
    "SECURE_SSL_REDIRECT": True,
    "SECURE_HSTS_SECONDS": 31536000,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
}


def csp(response):
    """The Content-Security-Policy header as {directive: [values]}."""
    policy = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        policy[name] = values
    return policy


@pytest.fixture
def https(settings):
    for name, value in PRODUCTION_HTTPS.items():
        setattr(settings, name, value)


def assert_common_headers(response):
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    permissions = dict(item.strip().split("=") for item in response["Permissions-Policy"].split(","))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"):
        assert permissions[feature] == "()", feature


@pytest.mark.django_db
def test_a_public_page_sends_every_security_header(client, https):
    factories.site_settings()
    response = client.get("/", secure=True, HTTP_USER_AGENT=BROWSER_UA)
    assert response.status_code == 200
    assert_common_headers(response)
    assert response["X-Frame-Options"] == "DENY"
    policy = csp(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"][0] == "'self'" and "'unsafe-inline'" not in policy["script-src"]
    assert policy["frame-ancestors"] == ["'none'"] and policy["object-src"] == ["'none'"]
    assert "style-src-attr" not in policy and policy["img-src"] == ["'self'"]
    # the visitor counter's cookie is secure over HTTPS too
    assert response.cookies["tc"]["secure"] and response.cookies["tc"]["httponly"]


@pytest.mark.django_db
def test_plain_http_is_sent_to_https(client, https):
    factories.site_settings()
    response = client.get("/tin-tuc/")
    assert response.status_code == 301 and response["Location"] == "https://testserver/tin-tuc/"


@pytest.mark.django_db
def test_the_admin_sends_every_security_header_and_only_the_editor_exceptions(client, https):
    factories.site_settings()
    response = client.get("/quan-tri/login/", secure=True)
    assert response.status_code == 200
    assert_common_headers(response)
    assert response["X-Frame-Options"] == "DENY"
    assert "no-store" in response["Cache-Control"]
    policy = csp(response)
    assert "'unsafe-inline'" not in policy["script-src"] and any(
        v.startswith("'nonce-") for v in policy["script-src"]
    )
    assert policy["img-src"] == ["'self'", "data:", "blob:"]
    assert policy["style-src"] == ["'self'"] and policy["style-src-attr"] == ["'unsafe-inline'"]
    assert policy["frame-ancestors"] == ["'none'"]
    # the login sets secure, HTTP-only cookies
    client.post(
        "/quan-tri/login/",
        {"username": factories.staff_user(username="bientap1").username, "password": "mat-khau-thu-nghiem"},
        secure=True,
    )
    session = client.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and client.cookies["csrftoken"]["secure"]


def test_production_settings_take_secrets_only_from_the_environment(monkeypatch):
    prod = load(monkeypatch, DJANGO_SECRET_KEY="k" * 60, EMAIL_HOST_PASSWORD="from-env")
    assert prod.SECRET_KEY == "k" * 60
    assert prod.MAILERS["default"]["OPTIONS"]["password"] == "from-env"
    assert prod.SECURE_CONTENT_TYPE_NOSNIFF and prod.X_FRAME_OPTIONS == "DENY"
    assert not hasattr(prod, "SECURE_PROXY_SSL_HEADER")  # opt-in only: a spoofable header otherwise
    settings_text = (Path(__file__).resolve().parents[2] / "muongang" / "settings.py").read_text()
    # no password or token written into the settings (the only written key is DEBUG's, refused without it)
    assert not re.search(r"(PASSWORD|TOKEN)\w*\s*=\s*['\"][^'\"]", settings_text)


# --- uploads ---------------------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    root = Path(settings.MEDIA_ROOT)
    (root / "anh").mkdir(parents=True)
    (root / "anh" / "bia.jpg").write_bytes(factories.photo_bytes(size=(40, 30)))
    (root / "tai-lieu").mkdir()
    (root / "tai-lieu" / "trang.html").write_text("<script>alert(1)</script>")
    (root / "tai-lieu" / "hinh.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    )
    (root / "tai-lieu" / "mau-don.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    (tmp_path / "bi-mat.txt").write_text("secret")  # outside MEDIA_ROOT
    return root


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_an_uploaded_photo_is_shown_with_safe_headers(client, https, media):
    response = client.get("/media/anh/bia.jpg", secure=True)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert not response.get("Content-Disposition", "").startswith("attachment")
    assert_common_headers(response)
    policy = csp(response)
    assert policy["default-src"] == ["'none'"] and "sandbox" in policy


@pytest.mark.django_db
@pytest.mark.urls(__name__)
@pytest.mark.parametrize("name", ["trang.html", "hinh.svg", "mau-don.pdf"])
def test_other_uploads_are_only_downloaded_never_opened_as_a_page(client, https, media, name):
    response = client.get(f"/media/tai-lieu/{name}", secure=True)
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] in {"application/octet-stream", "application/pdf"}
    assert "sandbox" in csp(response)


@pytest.mark.django_db
@pytest.mark.urls(__name__)
@pytest.mark.parametrize(
    "url",
    ["/media/../bi-mat.txt", "/media/%2e%2e/bi-mat.txt", "/media/anh/../../bi-mat.txt", "/media//etc/passwd"],
)
def test_no_path_leads_out_of_the_media_folder(client, media, url):
    response = client.get(url)
    assert response.status_code == 404
    assert b"secret" not in response.content


@pytest.mark.django_db
def test_a_document_is_downloaded_as_an_attachment(client):
    document = factories.document()
    response = client.get(f"{document.get_absolute_url()}tai-ve/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


# --- a strict CSP on every public page: no inline script, handler or style ------------------------

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)[^>]*>", re.IGNORECASE)
HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle\s*=", re.IGNORECASE)
PUBLIC_URLS = [
    "/tin-tuc/",
    "/van-ban/",
    "/thu-tuc-hanh-chinh/",
    "/mot-cua/",
    "/tra-cuu-ho-so/",
    "/tra-cuu-ho-so/?ma=000.00.00.H00-200101-0001",
    "/thong-ke-ho-so/",
    "/tiep-cong-dan/",
    "/tiep-cong-dan/noi-quy/",
    "/lien-he/",
    "/en/contact/",
    "/phan-anh-kien-nghi/",
    "/phan-anh-kien-nghi/tra-cuu/",
    "/hoi-dap/",
    "/khong-co-trang-nay/",
]
# The pages above that are meant to be a "not found" page (its policy is checked like any other's).
NOT_FOUND_URLS = {"/tra-cuu-ho-so/?ma=000.00.00.H00-200101-0001", "/khong-co-trang-nay/"}


def sitemap_paths(client):
    xml = client.get("/sitemap.xml").content.decode()
    return [re.sub(r"^https?://[^/]+", "", loc) for loc in re.findall(r"<loc>([^<]+)</loc>", xml)]


@pytest.mark.django_db
def test_no_public_page_needs_unsafe_inline(client):
    load_demo()
    in_sitemap = sitemap_paths(client)
    # the sitemap lists real pages of every kind (articles, documents, procedures, Q&A, pages)
    for prefix in ("/tin-tuc/", "/van-ban/", "/thu-tuc-hanh-chinh/", "/hoi-dap/", "/gioi-thieu/"):
        assert sum(path.startswith(prefix) and path != prefix for path in in_sitemap) >= 2, prefix
    urls = sorted(set(in_sitemap + PUBLIC_URLS))
    assert len(urls) > 40
    for url in urls:
        response = client.get(url, HTTP_USER_AGENT=BROWSER_UA)
        # every page of the sitemap is a real page; only the deliberate "not found" pages are 404s
        assert response.status_code == (404 if url in NOT_FOUND_URLS else 200), url
        assert re.search(r"<h1\b", response.content.decode()), url
        policy = csp(response)
        for directive in ("script-src", "style-src", "default-src"):
            assert "'unsafe-inline'" not in policy[directive], (url, directive)
            assert "'unsafe-eval'" not in policy[directive], (url, directive)
        assert "style-src-attr" not in policy and "script-src-attr" not in policy, url
        html = response.content.decode()
        assert not INLINE_SCRIPT.search(html), (url, INLINE_SCRIPT.search(html).group())
        assert not HANDLER.search(html), (url, HANDLER.search(html).group())
        assert not STYLE_ATTRIBUTE.search(html), (url, STYLE_ATTRIBUTE.search(html).group())


def test_public_templates_have_no_inline_script_handler_or_style():
    for template in TEMPLATES.rglob("*.html"):
        if template.relative_to(TEMPLATES).parts[0] == "admin":
            continue  # the admin has its own policy (settings.SECURE_CSP_ADMIN)
        text = template.read_text()
        for pattern in (INLINE_SCRIPT, HANDLER, STYLE_ATTRIBUTE):
            assert not pattern.search(text), (str(template), pattern.search(text).group())
