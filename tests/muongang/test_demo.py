import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from muongang.models import Link, SiteSettings


def snapshot():
    """Every row of the portal's and auth's tables, as stored."""
    rows = {}
    for model in apps.get_models():
        if model._meta.app_label in {"muongang", "news", "citizens", "procedures", "auth"}:
            rows[model._meta.label] = sorted(map(repr, model.objects.values_list()))
    return rows


@pytest.mark.django_db
def test_demo_content_loads_and_a_second_run_changes_nothing(settings):
    call_command("load_demo", verbosity=0)
    first = snapshot()
    files = sorted(p.relative_to(settings.MEDIA_ROOT) for p in settings.MEDIA_ROOT.rglob("*") if p.is_file())
    call_command("load_demo", verbosity=0)
    assert snapshot() == first
    assert (
        sorted(p.relative_to(settings.MEDIA_ROOT) for p in settings.MEDIA_ROOT.rglob("*") if p.is_file())
        == files
    )

    site = SiteSettings.load()
    assert (site.unit_name, site.unit_level, site.parent_unit) == (
        "Huyện Mường Ảng",
        "huyen",
        "Tỉnh Điện Biên",
    )
    assert site.emblem and site.banner
    names = set(Link.objects.values_list("name", flat=True))
    assert {
        "Cổng thông tin điện tử tỉnh Điện Biên",
        "Cổng Dịch vụ công quốc gia",
        "Cổng thông tin điện tử Chính phủ",
    } <= names


@pytest.mark.django_db
def test_demo_accounts_can_sign_in_to_the_admin():
    call_command("load_demo", verbosity=0)
    User = get_user_model()
    assert User.objects.get(username="admin").is_superuser
    for username, group in [
        ("bientap", "Biên tập viên"),
        ("phongvien", "Phóng viên"),
        ("tiepdan", "Cán bộ tiếp dân"),
    ]:
        user = User.objects.get(username=username)
        assert user.is_staff and not user.is_superuser
        assert list(user.groups.values_list("name", flat=True)) == [group]
    client = Client()
    response = client.post(
        "/quan-tri/login/?next=/quan-tri/", {"username": "bientap", "password": "MuongAng@2020"}
    )
    assert response.status_code == 302 and response.url == "/quan-tri/"
    assert "Trang giới thiệu" in client.get("/quan-tri/").content.decode()


@pytest.mark.django_db
def test_demo_introduction_pages_follow_decree_42(client):
    call_command("load_demo", verbosity=0)
    overview = client.get("/gioi-thieu/tong-quan/").content.decode()
    assert "Mường Ảng" in overview and "01/07/2025" in overview
    organisation = client.get("/gioi-thieu/co-cau-to-chuc/").content.decode()
    assert '<img src="/media/demo/so-do-to-chuc.png"' in organisation and "Phòng Tư pháp" in organisation
    leaders = client.get("/gioi-thieu/lanh-dao-va-can-bo-dau-moi/").content.decode()
    assert "Lãnh đạo và cán bộ đầu mối liên hệ" in leaders
    for label in ("Điện thoại", "Thư điện tử", "Văn phòng HĐND và UBND huyện"):
        assert label in leaders
    assert "Chủ tịch UBND huyện" in leaders and "mailto:" in leaders and "tel:" in leaders
