import re
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.test import Client, override_settings
from django.urls import path

from tests import factories
from tests.demo import load_demo

BROWSER_UA = "Mozilla/5.0 (Linux; Android 12; SM-A127F) AppleWebKit/537.36 Chrome/120 Mobile Safari/537.36"
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
ROOT = Path(__file__).resolve().parents[2]


def h1_count(html):
    return len(re.findall(r"<h1[\s>]", html))


def sitemap_paths(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    tree = ElementTree.fromstring(response.content)
    return [re.sub(r"^https?://[^/]+", "", loc.text) for loc in tree.findall("s:url/s:loc", SITEMAP_NS)]


@pytest.mark.django_db
def test_every_public_url_has_one_h1_the_unit_and_the_counter(client):
    load_demo()
    paths = sitemap_paths(client)
    assert "/" in paths and "/gioi-thieu/tong-quan/" in paths and len(paths) >= 5
    for url in paths:
        response = client.get(url, HTTP_USER_AGENT=BROWSER_UA)
        html = response.content.decode()
        assert response.status_code == 200, url
        assert h1_count(html) == 1, url
        assert "Huyện Mường Ảng" in html, url
        assert "Thống kê truy cập" in html and "Tổng truy cập" in html, url
        assert "Liên kết Website" in html and "Cổng Dịch vụ công quốc gia" in html, url
        assert '<html lang="vi"' in html, url


@pytest.mark.django_db
def test_a_commune_portal_shows_its_own_unit_and_nothing_of_muong_ang(client):
    factories.site_settings()  # Xã Nậm Lịch
    factories.page(title="Giới thiệu xã")
    html = client.get("/").content.decode()
    assert "Xã Nậm Lịch" in html and "Cổng thông tin điện tử Xã Nậm Lịch" in html
    assert "Mường Ảng" not in html
    assert "tel:02153000111" in html  # the commune's hotline in the header


@pytest.mark.django_db
def test_site_before_setup_still_renders(client):
    response = client.get("/")
    assert response.status_code == 200
    assert h1_count(response.content.decode()) == 1


@pytest.mark.django_db
def test_intro_pages_in_menu_order_with_officials(client):
    factories.site_settings()
    second = factories.page(title="Cơ cấu tổ chức", order=2)
    first = factories.page(title="Tổng quan", order=1)
    factories.page(title="Bản nháp", order=3, is_published=False)
    # (not «Lãnh đạo»: /gioi-thieu/lanh-dao/ is the leaders' own page, citizens.views.leaders)
    leaders = factories.page(title="Lãnh đạo và cán bộ đầu mối", order=4, show_officials=True)
    factories.official(
        name="Lò Văn Minh", title="Chủ tịch UBND", phone="0215 3868 101", email="ct@example.vn"
    )
    factories.official(name="Ẩn Danh", is_active=False)

    html = client.get("/").content.decode()
    menu = html[html.index('aria-label="Menu chính"') :]
    assert menu.index("Tổng quan") < menu.index("Cơ cấu tổ chức") < menu.index("Lãnh đạo")
    assert "Bản nháp" not in html
    index = client.get("/gioi-thieu/").content.decode()  # the profile, then the other pages in menu order
    assert index.index(first.get_absolute_url()) < index.index(second.get_absolute_url())
    assert client.get(second.get_absolute_url()).status_code == 200
    assert client.get("/gioi-thieu/ban-nhap/").status_code == 404

    page = client.get(leaders.get_absolute_url()).content.decode()
    assert "Lò Văn Minh" in page and "Chủ tịch UBND" in page
    assert 'href="tel:02153868101"' in page and 'href="mailto:ct@example.vn"' in page
    assert "Ẩn Danh" not in page


@pytest.mark.django_db
def test_page_body_is_sanitised_on_save(client):
    factories.site_settings()
    page = factories.page(
        title="Trang thử",
        body='<p onclick="alert(1)">Xin chào<script>alert(2)</script></p><a href="javascript:alert(3)">x</a>'
        '<img src="https://evil.example/x.png" onerror="alert(4)"><img src="http://insecure.example/y.png">'
        '<iframe src="https://evil.example"></iframe><a href="https://dienbien.gov.vn">Tỉnh</a>',
    )
    html = client.get(page.get_absolute_url()).content.decode()
    body = html[html.index('class="prose"') :]
    for payload in (
        "alert(1)",
        "<script",
        "javascript:",
        "onerror",
        "<iframe",
        "insecure.example",
        "evil.example",
    ):
        assert payload not in body
    assert 'rel="noopener noreferrer"' in body and "Xin chào" in body


@pytest.mark.django_db
def test_404_page_in_vietnamese_in_the_layout(client):
    factories.site_settings()
    response = client.get("/khong-co-trang-nay/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy trang" in html and "Về trang chủ" in html
    assert "Xã Nậm Lịch" in html and h1_count(html) == 1


def _boom(request):
    raise RuntimeError("lỗi thử nghiệm")


def _forbidden(request):
    raise PermissionDenied


def _suspicious(request):
    raise SuspiciousOperation("yêu cầu lạ")


urlpatterns = [path("loi/", _boom), path("cam/", _forbidden), path("la/", _suspicious)]
handler400 = "portal.views.bad_request"
handler403 = "portal.views.permission_denied"
handler500 = "portal.views.server_error"


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_500_page_in_vietnamese(client):
    factories.site_settings()
    client.raise_request_exception = False
    response = client.get("/loi/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "Hệ thống gặp sự cố" in html and "Xã Nậm Lịch" in html and h1_count(html) == 1


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_400_and_403_pages_in_vietnamese(client):
    factories.site_settings()
    response = client.get("/cam/")
    assert response.status_code == 403 and "Không có quyền truy cập" in response.content.decode()
    response = client.get("/la/")
    assert response.status_code == 400 and "Yêu cầu không hợp lệ" in response.content.decode()


@pytest.mark.django_db
def test_expired_form_token_gets_a_vietnamese_403():
    factories.site_settings()
    client = Client(enforce_csrf_checks=True)
    response = client.post("/quan-tri/login/", {"username": "a", "password": "b"})
    html = response.content.decode()
    assert response.status_code == 403 and "Phiên làm việc đã hết hạn" in html and "Xã Nậm Lịch" in html


def test_pages_answer_503_in_vietnamese_when_the_database_is_down(tmp_path):
    """A real unreachable PostgreSQL (nothing listens on port 1): no 500, no hang."""
    script = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "c = Client(raise_request_exception=False)\n"
        "r = c.get('/'); print(r.status_code); print(r.content.decode())\n"
        "r = c.get('/healthz'); print('HEALTH', r.status_code, r.content.decode().strip())\n"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "muongang.settings_test",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
        "MEDIA_ROOT": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.startswith("503\n"), result.stdout + result.stderr
    assert "Hệ thống tạm thời gián đoạn" in result.stdout
    assert "HEALTH 503 database unavailable" in result.stdout


@pytest.mark.django_db
def test_healthz_robots_and_sitemap(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    # without Redis and an object store (the tests' settings): the database, the process's own cache
    assert response.content.decode().splitlines() == [
        "ok",
        "database: ok",
        "cache: local memory, this process only",
    ]
    assert response["Content-Type"].startswith("text/plain")
    robots = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in robots and "Disallow: /quan-tri/" in robots
    factories.page(title="Tổng quan")
    assert "/gioi-thieu/tong-quan/" in sitemap_paths(client)


@pytest.mark.django_db
def test_pages_answer_head_requests(client):
    factories.site_settings()
    page = factories.page(title="Tổng quan")
    for url in ("/", page.get_absolute_url(), "/robots.txt", "/healthz"):
        assert client.head(url).status_code == 200, url
    assert client.post("/").status_code == 405


@pytest.mark.django_db
def test_healthz_answers_probes_by_address_over_plain_http(client, settings):
    settings.ALLOWED_HOSTS = ["muongang.example.vn"]
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/healthz", HTTP_HOST="10.1.2.3:8000")
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert client.get("/", HTTP_HOST="10.1.2.3:8000").status_code == 400  # other pages keep the host check


def test_favicon_leads_to_the_static_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response.url.endswith("img/favicon.png")
