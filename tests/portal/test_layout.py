import re

import pytest
from django.urls import reverse

from portal import roles
from tests import factories


@pytest.fixture
def site(db):
    return factories.site_settings()


def test_layout_landmarks(client, site):
    html = client.get("/").content.decode()
    assert html.index('class="skip-link" href="#noi-dung"') < html.index('<main id="noi-dung"')
    for label in ("Menu chính", "Cỡ chữ"):
        assert f'aria-label="{label}"' in html
    assert 'role="search"' in html and 'action="/tim-kiem/"' in html
    assert '<label for="o-tim-kiem"' in html
    # every nav is labelled
    assert all("aria-label" in tag for tag in re.findall(r"<nav[^>]*>", html))
    # every image has an alt attribute
    assert all(" alt=" in tag for tag in re.findall(r"<img[^>]*>", html))


def test_links_box_same_tab_with_external_mark(client, site):
    factories.link(name="Cổng Dịch vụ công quốc gia", url="https://dichvucong.gov.vn/", order=1)
    factories.link(name="Liên kết tạm ẩn", url="https://an.example.vn/", is_active=False)
    html = client.get("/").content.decode()
    box = html[html.index("Liên kết Website") :]
    tag = re.search(r'<a href="https://dichvucong.gov.vn/"[^>]*>', box).group(0)
    assert 'target="_blank"' not in tag and 'class="external"' in tag
    assert "(trang web bên ngoài)" in box
    assert "Liên kết tạm ẩn" not in html


def test_links_box_follows_the_admin_at_once(client, site):
    link = factories.link(name="Báo Điện Biên Phủ")
    assert "Báo Điện Biên Phủ" in client.get("/").content.decode()
    link.name = "Báo Điện Biên Phủ điện tử"
    link.save()
    assert "Báo Điện Biên Phủ điện tử" in client.get("/").content.decode()
    link.delete()
    assert "Báo Điện Biên Phủ" not in client.get("/").content.decode()


def test_text_size_switch_persists_without_javascript(client, site):
    response = client.get("/co-chu/lon/?next=/gioi-thieu/")
    assert response.status_code == 302 and response.url == "/gioi-thieu/"
    assert response.cookies["co_chu"].value == "lon"
    html = client.get("/").content.decode()
    assert '<html lang="vi" class="co-chu-lon">' in html
    assert re.search(r'data-size="lon" aria-current="true"', html)
    client.get("/co-chu/vua/?next=/")
    assert '<html lang="vi">' in client.get("/").content.decode()


def test_text_size_switch_never_redirects_elsewhere(client, site):
    for target in ("https://evil.example/", "//evil.example/", "javascript:alert(1)"):
        response = client.get("/co-chu/nho/", {"next": target})
        assert response.status_code == 302 and response.url == "/"


def test_no_request_to_another_host_and_strict_csp(client, site):
    response = client.get("/")
    html = response.content.decode()
    resources = re.findall(r'<(?:script|img|link|source|iframe)[^>]+(?:src|href|srcset)="([^"]+)"', html)
    assert resources
    assert all(url.startswith("/") and not url.startswith("//") for url in resources), resources
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert "<script>" not in html and "style=" not in html


def test_print_stylesheet_hides_navigation_and_shows_link_targets(client, settings):
    css = (settings.BASE_DIR / "static/css/main.css").read_text()
    print_rules = css[css.index("@media print") :]
    assert ".main-nav" in print_rules and "display: none" in print_rules
    assert 'content: " (" attr(href) ")"' in print_rules


def test_admin_in_vietnamese_titled_with_the_unit(client, site, admin_user):
    client.force_login(admin_user)
    html = client.get(reverse("admin:index")).content.decode()
    assert "Cổng thông tin điện tử Xã Nậm Lịch" in html
    assert "Đăng xuất" in html and "Quản trị nội dung" in html
    assert reverse("admin:index") == "/quan-tri/"


def test_a_units_administrator_goes_straight_to_its_settings(client, site):
    # a commune's administrator has one unit: the list leads to it; adding units is the province's work
    client.force_login(factories.staff_user(roles.ADMINISTRATOR))
    response = client.get(reverse("admin:portal_unit_changelist"))
    assert response.status_code == 302 and response.url.endswith(f"/{site.pk}/change/")
    assert client.get(reverse("admin:portal_unit_add")).status_code == 403
    data = {
        **INLINES,
        "unit_name": "Xã Mường Ảng",
        "unit_level": "xa",
        "parent_unit": "Tỉnh Điện Biên",
        "authority_name": "",
        "portal_title": "Cổng thông tin điện tử Xã Mường Ảng",
        "welcome": "",
        "address": "",
        "phone": "0215 3868 006",
        "fax": "",
        "email": "",
        "hotline": "abc",
        "working_hours": "",
        "responsible_person": "",
        "licence": "",
        "retention_months": "24",
    }
    response = client.post(reverse("admin:portal_unit_change", args=[site.pk]), data)
    assert response.status_code == 200
    assert "Số điện thoại chỉ gồm chữ số" in response.content.decode()
    data["hotline"] = "0215 3868 111"
    response = client.post(reverse("admin:portal_unit_change", args=[site.pk]), data)
    assert response.status_code == 302
    assert "Xã Mường Ảng" in client.get("/").content.decode()


# the unit's host names and staff (empty inline formsets)
INLINES = {
    "hosts-TOTAL_FORMS": "0",
    "hosts-INITIAL_FORMS": "0",
    "memberships-TOTAL_FORMS": "0",
    "memberships-INITIAL_FORMS": "0",
}


def _settings_form(**files):
    data = {
        **INLINES,
        "code": "99999",
        "parent": "",
        "unit_name": "Xã Nậm Lịch",
        "unit_level": "xa",
        "parent_unit": "",
        "authority_name": "",
        "portal_title": "Cổng thông tin điện tử Xã Nậm Lịch",
        "welcome": "",
        "address": "",
        "phone": "",
        "fax": "",
        "email": "",
        "hotline": "",
        "working_hours": "",
        "responsible_person": "",
        "licence": "",
        "retention_months": "24",
    }
    data.update(files)
    return data


def test_emblem_must_be_a_real_image_of_reasonable_size(client, site, admin_user):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    client.force_login(admin_user)
    url = reverse("admin:portal_unit_change", args=[site.pk])
    fake = SimpleUploadedFile("quoc-huy.png", b"<script>alert(1)</script>", content_type="image/png")
    response = client.post(url, _settings_form(emblem=fake))
    assert response.status_code == 200 and "hình ảnh hợp lệ" in response.content.decode()

    buffer = io.BytesIO()
    Image.effect_noise((1200, 1200), 100).convert("RGB").save(buffer, format="BMP")
    huge = SimpleUploadedFile("quoc-huy.bmp", buffer.getvalue(), content_type="image/bmp")
    assert huge.size > 1024 * 1024
    response = client.post(url, _settings_form(emblem=huge))
    assert response.status_code == 200 and "Dung lượng tối đa là 1 MB" in response.content.decode()

    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), "red").save(buffer, format="PNG")
    good = SimpleUploadedFile("quoc-huy.png", buffer.getvalue(), content_type="image/png")
    assert client.post(url, _settings_form(emblem=good)).status_code == 302
    html = client.get("/").content.decode()
    assert re.search(r'<img class="emblem" src="/media/site/quoc-huy[^"]*\.png" alt=""', html)


def test_cached_fragments_are_invalidated_again_when_the_save_commits(
    client, site, django_capture_on_commit_callbacks
):
    from portal.cache import content_version

    link = factories.link(name="Cổng tỉnh")
    before = content_version()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        link.name = "Cổng thông tin tỉnh"
        link.save()
    assert content_version() > before  # at once
    after_save = content_version()
    assert callbacks  # and once more when the transaction commits
    for callback in callbacks:
        callback()
    assert content_version() > after_save


def test_the_stylesheet_has_balanced_braces():
    """One missing brace silently drops every rule after it (a merge once did that)."""
    from pathlib import Path

    from django.conf import settings

    css = (Path(settings.BASE_DIR) / "static" / "css" / "main.css").read_text()
    depth = 0
    for number, line in enumerate(css.splitlines(), start=1):
        depth += line.count("{") - line.count("}")
        assert depth >= 0, f"line {number}: a closing brace too many"
        if line.startswith("/*"):
            assert depth == 0, f"line {number}: a section starts inside an unclosed block"
    assert depth == 0
