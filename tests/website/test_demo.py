import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from portal.models import Link, Unit
from tests.demo import load_demo


def snapshot():
    """Every row of the portal's and auth's tables, as stored."""
    rows = {}
    for model in apps.get_models():
        if model._meta.app_label in {"portal", "website", "news", "citizens", "procedures", "auth"}:
            rows[model._meta.label] = sorted(map(repr, model.objects.values_list()))
    return rows


@pytest.mark.django_db
def test_the_demo_put_back_for_a_later_test_is_the_demo_loaded(settings):
    """tests.demo keeps what the command left and writes it back for later tests: the same rows, read
    through the models (dates, flags, JSON), the same permissions of each role, the same files."""
    from django.contrib.auth.models import Group

    from tests import demo

    def files():
        return sorted(
            p.relative_to(settings.MEDIA_ROOT) for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()
        )

    def roles():
        return {g.name: sorted(g.permissions.values_list("codename", flat=True)) for g in Group.objects.all()}

    call_command("load_demo", verbosity=0)
    loaded, loaded_files, loaded_roles = snapshot(), files(), roles()
    kept = demo._take(1000)
    Unit.objects.update(unit_name="Đã sửa")
    for path in settings.MEDIA_ROOT.rglob("*.webp"):
        path.unlink()
    demo._restore(kept)
    assert snapshot() == loaded
    assert files() == loaded_files
    assert roles() == loaded_roles


@pytest.mark.django_db
def test_demo_content_loads_and_a_second_run_changes_nothing(settings):
    load_demo()
    first = snapshot()
    files = sorted(p.relative_to(settings.MEDIA_ROOT) for p in settings.MEDIA_ROOT.rglob("*") if p.is_file())
    call_command("load_demo", verbosity=0)  # again, for real
    assert snapshot() == first
    assert (
        sorted(p.relative_to(settings.MEDIA_ROOT) for p in settings.MEDIA_ROOT.rglob("*") if p.is_file())
        == files
    )

    site = Unit.load()
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
    # the demo's feedback is due by the working-day rule of the holiday table, like a citizen's
    from citizens.models import Feedback
    from portal.workdays import add_working_days

    for item in Feedback.objects.all():
        assert item.due_date == add_working_days(timezone.localdate(item.created_at), 20), item.code


@pytest.mark.django_db
def test_demo_accounts_can_sign_in_to_the_admin():
    load_demo()
    User = get_user_model()
    assert User.objects.get(username="admin").is_superuser
    for username, group in [
        ("bientap", "Biên tập viên"),
        ("phongvien", "Phóng viên"),
        ("tiepdan", "Cán bộ tiếp dân"),
    ]:
        user = User.objects.get(username=username)
        assert user.is_staff and not user.is_superuser
        assert list(user.memberships.values_list("role", flat=True)) == [group]
    client = Client()
    response = client.post(
        "/quan-tri/login/?next=/quan-tri/", {"username": "bientap", "password": "MuongAng@2020"}
    )
    assert response.status_code == 302 and response.url == "/quan-tri/"
    assert "Trang giới thiệu" in client.get("/quan-tri/").content.decode()


@pytest.mark.django_db
def test_demo_introduction_pages(client):
    load_demo()
    overview = client.get("/gioi-thieu/tong-quan/").content.decode()
    assert "Mường Ảng" in overview and "01/07/2025" in overview
    organisation = client.get("/gioi-thieu/co-cau-to-chuc/").content.decode()
    assert '<img src="/media/demo/so-do-to-chuc.png"' in organisation and "Phòng Tư pháp" in organisation
    leaders = client.get("/gioi-thieu/lanh-dao-va-can-bo-dau-moi/").content.decode()
    assert "Lãnh đạo và cán bộ đầu mối liên hệ" in leaders
    for label in ("Điện thoại", "Thư điện tử", "Văn phòng HĐND và UBND huyện"):
        assert label in leaders
    assert "Chủ tịch UBND huyện" in leaders and "mailto:" in leaders and "tel:" in leaders


@pytest.mark.django_db
def test_loading_the_demo_again_keeps_what_staff_changed(client):
    """`make run` loads the demo every time: it must add only what it never added and change nothing."""
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from citizens.models import Hotline, Official
    from news.models import Article, Category, Document
    from procedures.models import Dossier, Procedure
    from website.demo.news import CCHC_SLUG

    load_demo()
    # what the unit's staff change in the admin
    site = Unit.objects.get()
    site.unit_name, site.hotline = "Xã Mường Ảng", "0215 3999 999"
    site.save()
    link = Link.objects.get(url="https://chinhphu.vn/")
    link.name, link.url = "Cổng Chính phủ", "https://chinhphu.gov.vn/"
    link.save()
    Link.objects.get(url="https://vbpl.vn/").delete()  # a link the unit does not want
    chairman = Official.objects.get(email="chutich@muongang.dienbien.gov.vn")
    chairman.name, chairman.email = "Lò Văn Thành", "chutich@muongang.gov.vn"
    chairman.save()
    Hotline.objects.filter(number="0215 3868 100").update(note="Chỉ nghe máy sáng thứ Hai")
    article = Article.objects.get(slug=CCHC_SLUG)
    article.title = "Kết quả cải cách hành chính mười tháng năm 2020"
    article.save()
    Category.objects.filter(slug="thong-bao").update(name="Thông báo của xã")
    procedure = Procedure.objects.get(code="1.001193")
    procedure.name, procedure.processing_days = "Đăng ký khai sinh (đã cập nhật)", 1
    procedure.save()
    Document.objects.filter(number="3855/KH-UBND").update(signer="Người ký đã sửa")
    editors = Group.objects.get(name="Biên tập viên")
    kept_permissions = list(editors.permissions.all()[:3])
    editors.permissions.set(kept_permissions)  # the administrator trimmed a role
    get_user_model().objects.filter(username="phongvien").delete()  # an account the unit removed
    Dossier.objects.filter(pk=Dossier.objects.order_by("pk").first().pk).delete()
    counts = {model._meta.label: model.objects.count() for model in apps.get_models()}

    with CaptureQueriesContext(connection) as second:
        call_command("load_demo", verbosity=0)  # the command itself: its queries are counted

    assert len(second) < 60  # quick: it reads what it created before, and nothing per record
    assert {
        model._meta.label: model.objects.count() for model in apps.get_models()
    } == counts  # no duplicates
    assert set(Group.objects.get(name="Biên tập viên").permissions.all()) == set(kept_permissions)
    assert not get_user_model().objects.filter(username="phongvien").exists()
    assert Procedure.objects.get(code="1.001193").processing_days == 1
    assert Hotline.objects.get(number="0215 3868 100").note == "Chỉ nghe máy sáng thứ Hai"
    # and what a visitor sees
    home = client.get("/").content.decode()
    assert "Xã Mường Ảng" in home and "0215 3999 999" in home
    assert "Cổng Chính phủ" in home and "https://chinhphu.gov.vn/" in home
    assert "https://chinhphu.vn/" not in home and "https://vbpl.vn/" not in home
    leaders = client.get("/gioi-thieu/lanh-dao-va-can-bo-dau-moi/").content.decode()
    assert "Lò Văn Thành" in leaders and "Lò Văn Minh" not in leaders
    page = client.get(f"/tin-tuc/{CCHC_SLUG}/").content.decode()
    assert "<h1>Kết quả cải cách hành chính mười tháng năm 2020</h1>" in page
    assert "Thông báo của xã" in client.get("/tin-tuc/chuyen-muc/thong-bao/").content.decode()
    assert "Đăng ký khai sinh (đã cập nhật)" in client.get("/thu-tuc-hanh-chinh/1.001193/").content.decode()
