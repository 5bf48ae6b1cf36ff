"""The unit's profile («Giới thiệu», Nghị định 224/2026/NĐ-CP Điều 9 khoản 1 điểm c): every unit has a page for
each item — organisation, natural conditions, history, cultural traditions, relics and scenic spots — as a
draft until staff publish it; /gioi-thieu/ shows them in the decree's order with the map and the leaders, each
with its last update (Điều 9 khoản 3); no page takes the address of the map or the leaders."""

import importlib
import json
import re
import types
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.utils import timezone

from news.models import Page, ProfileItem
from news.profile import ITEMS, ensure_profile_pages
from portal import geo, roles, units
from portal.models import Unit, UnitHost
from tests import factories
from tests.demo import load_demo

pytestmark = pytest.mark.django_db

A_HOST, B_HOST = "a.dienbien.localhost", "b.dienbien.localhost"
DECREE_ORDER = [
    "Cơ cấu tổ chức",
    "Bản đồ hành chính",
    "Điều kiện tự nhiên",
    "Lịch sử",
    "Truyền thống văn hóa",
    "Di tích, danh thắng",
    "Lãnh đạo",
]
SQUARE = json.dumps(
    {"type": "Polygon", "coordinates": [[[103, 21], [103.05, 21], [103.05, 21.05], [103, 21.05], [103, 21]]]}
).encode()


def publish_profile(title_suffix=""):
    """Write and publish the unit in scope's items, in the reverse of the decree's order of the menu."""
    for n, page in enumerate(Page.objects.exclude(profile_item="").order_by("-order")):
        page.title += title_suffix
        page.body = f"<p>Nội dung: {page.title}.</p>"
        page.is_published = True
        page.order = n
        page.save()


def editor_client():
    client = Client()
    client.force_login(factories.staff_user(roles.EDITOR))
    return client


def test_the_items_are_the_decree_s_in_its_order():
    assert [item.value for item in ITEMS] == ProfileItem.values
    assert ProfileItem.labels == [
        "Tổ chức bộ máy hành chính",
        "Điều kiện tự nhiên",
        "Lịch sử",
        "Truyền thống văn hóa",
        "Di tích, danh thắng",
    ]


def test_a_new_unit_gets_the_five_items_as_drafts_the_public_sees_only_once_published():
    new = units.create_unit("03004", "Xã Mới", "xa", hosts=["moi.dienbien.localhost"])
    visitor = Client(HTTP_HOST="moi.dienbien.localhost")
    with units.activate(new):
        drafts = {page.profile_item: page for page in Page.objects.exclude(profile_item="")}
    assert sorted(drafts) == sorted(ProfileItem.values)
    for item in ITEMS:
        page = drafts[item.value]
        assert (page.slug, page.title, page.is_published) == (item.slug, item.title, False)
        assert "BẢN NHÁP" in page.body and "Hãy viết:" in page.body  # it tells staff what to write
        assert visitor.get(f"/gioi-thieu/{item.slug}/").status_code == 404
    index = visitor.get("/gioi-thieu/")
    html = index.content.decode()
    # nothing of the drafts; the leaders' page is there (it says when no leader is entered yet)
    assert index.status_code == 200 and 'href="/gioi-thieu/lanh-dao/"' in html
    assert "BẢN NHÁP" not in html and "/gioi-thieu/lich-su/" not in html

    with units.activate(new):
        page = drafts["lich-su"]
        page.body = "<p>Xã được thành lập từ lâu.</p>"
        page.is_published = True
        page.save()
    shown = visitor.get("/gioi-thieu/lich-su/").content.decode()
    assert "Xã được thành lập từ lâu." in shown
    assert f"Cập nhật lần cuối: {timezone.localtime(page.updated_at):%d/%m/%Y}" in shown
    assert "/gioi-thieu/lich-su/" in visitor.get("/gioi-thieu/").content.decode()
    # the menu and the page's breadcrumbs lead to the whole profile
    menu = shown[shown.index('aria-label="Menu chính"') :]
    assert '<a href="/gioi-thieu/">Tất cả thông tin giới thiệu</a>' in menu
    assert '<a href="/gioi-thieu/">Giới thiệu</a>' in shown[shown.index('aria-label="Đường dẫn"') :]


@pytest.mark.urls("tests.news.urls_with_leaders")
def test_the_profile_follows_the_decree_s_order_with_the_map_the_leaders_and_each_last_update(unit):
    factories.site_settings()
    ensure_profile_pages(Page, unit.pk)
    publish_profile()
    # 18:30 UTC on 30/11 is 01:30 on 01/12 in Hà Nội: the date shown is the local one
    Page.objects.filter(profile_item="lich-su").update(updated_at=datetime(2026, 11, 30, 18, 30, tzinfo=UTC))
    factories.page(title="Tổng quan về xã", order=0)
    Unit.objects.filter(pk=unit.pk).update(boundary=geo.read_boundary(SQUARE))
    units.hosts_changed()

    html = Client().get("/gioi-thieu/").content.decode()
    profile = html[
        html.index('class="tiles profile"') : html.index("</ol>", html.index('class="tiles profile"'))
    ]
    positions = [profile.index(f"<strong>{label}</strong>") for label in DECREE_ORDER]
    assert positions == sorted(positions)
    assert 'href="/gioi-thieu/ban-do-hanh-chinh/"' in profile and 'href="/gioi-thieu/lanh-dao/"' in profile
    lich_su = profile[profile.index("<strong>Lịch sử</strong>") :]
    assert lich_su.index("Cập nhật lần cuối: 01/12/2026") < lich_su.index("</li>")
    assert len(re.findall(r"Cập nhật lần cuối: \d\d/\d\d/\d{4}", profile)) == 5
    assert "Tổng quan về xã" in html[html.index("Các trang giới thiệu khác") :]
    assert len(re.findall(r"<h1\b", html)) == 1


@pytest.mark.urls("tests.news.urls_without_leaders")
def test_without_a_leaders_page_or_a_map_the_profile_links_to_neither(unit):
    factories.site_settings()
    ensure_profile_pages(Page, unit.pk)
    publish_profile()
    html = Client().get("/gioi-thieu/").content.decode()
    assert "Điều kiện tự nhiên" in html
    assert "/gioi-thieu/lanh-dao/" not in html and "/gioi-thieu/ban-do-hanh-chinh/" not in html


def test_staff_who_edit_pages_see_the_drafts_visitors_do_not(unit):
    factories.site_settings()
    ensure_profile_pages(Page, unit.pk)
    Page.objects.filter(profile_item="lich-su").update(is_published=True)
    visitor = Client().get("/gioi-thieu/").content.decode()
    assert "chưa công khai" not in visitor and "/quan-tri/" not in visitor
    staff = editor_client().get("/gioi-thieu/").content.decode()
    note = staff[staff.index("Mục giới thiệu bắt buộc chưa công khai") :]
    assert len(re.findall(r'href="/quan-tri/news/page/\d+/change/"', note[: note.index("</div>")])) == 4
    # a draft: a preview for them, not found for everyone else
    assert Client().get("/gioi-thieu/di-tich-danh-thang/").status_code == 404
    preview = editor_client().get("/gioi-thieu/di-tich-danh-thang/")
    assert preview.status_code == 200 and "Bản xem trước" in preview.content.decode()
    assert '<meta name="robots" content="noindex, nofollow">' in preview.content.decode()


def historical_apps():
    return MigrationExecutor(connection).loader.project_state(("news", "0011_page_profile_item")).apps


def test_the_migration_gives_every_unit_its_items_once_and_marks_an_organisation_page(unit):
    migration = importlib.import_module("news.migrations.0011_page_profile_item")
    other = factories.unit("03004", "Xã Khác")
    old = datetime(2020, 5, 4, 3, 0, tzinfo=UTC)
    with units.everywhere():
        Page.objects.all().delete()  # as before the profile
    with units.activate(other):
        organisation = factories.page(title="Cơ cấu tổ chức", body="<p>Sơ đồ.</p>")
        factories.page(title="Tin khác")
    Page._base_manager.filter(pk=organisation.pk).update(updated_at=old)

    for _ in range(2):  # run twice: nothing doubled
        migration.profile_pages(historical_apps(), types.SimpleNamespace(connection=connection))
    with units.everywhere():
        for each in (unit, other):
            items = list(
                Page.objects.filter(unit=each).exclude(profile_item="").values_list("profile_item", flat=True)
            )
            assert sorted(items) == sorted(ProfileItem.values)
        kept = Page.objects.get(pk=organisation.pk)
        assert Page.objects.filter(unit=other).count() == 6  # the two pages and four new drafts
    # the organisation page is the item, as its writer left it (published, its own body and date)
    assert (kept.profile_item, kept.is_published, kept.body, kept.updated_at) == (
        "to-chuc-bo-may",
        True,
        "<p>Sơ đồ.</p>",
        old,
    )
    assert ensure_profile_pages(Page, other.pk) == 0


def test_another_unit_s_profile_never_shows(unit):
    UnitHost.objects.create(unit=unit, host=A_HOST, is_primary=True)
    other = factories.unit("03004", "Xã B", hosts=[B_HOST])
    units.hosts_changed()
    for each, name in ((unit, "Xã A"), (other, "Xã B")):
        with units.activate(each):
            ensure_profile_pages(Page, each.pk)
            publish_profile(f" của {name}")
    for host, mine, theirs in ((A_HOST, "Xã A", "Xã B"), (B_HOST, "Xã B", "Xã A")):
        for url in ("/gioi-thieu/", "/gioi-thieu/lich-su/"):
            html = Client(HTTP_HOST=host).get(url).content.decode()
            assert f"Lịch sử của {mine}" in html and f"của {theirs}" not in html, (host, url)


def page_form(**values):
    return {
        "title": "Trang mới",
        "slug": "",
        "summary": "",
        "body": "<p>Nội dung.</p>",
        "profile_item": "",
        "order": "9",
        "show_in_menu": "on",
        "is_published": "on",
        **values,
    }


@pytest.mark.parametrize("slug", ["lanh-dao", "ban-do-hanh-chinh"])
def test_a_page_cannot_take_the_address_of_the_leaders_or_the_map(slug):
    response = editor_client().post("/quan-tri/news/page/add/", page_form(title="Lãnh đạo xã", slug=slug))
    assert response.status_code == 200
    assert f"Đường dẫn «{slug}» dành cho" in response.content.decode()
    assert not Page.objects.filter(slug=slug).exists()
    # a title that would make that address gets another one
    assert factories.page(title="Lãnh đạo").slug == "lanh-dao-2"
    assert factories.page(title="Bản đồ hành chính").slug == "ban-do-hanh-chinh-2"


def test_the_admin_shows_the_items_keeps_them_and_refuses_a_second_page_for_one(unit):
    ensure_profile_pages(Page, unit.pk)
    free = factories.page(title="Trang tự do")
    client = editor_client()
    listing = client.get("/quan-tri/news/page/?muc=chua-cong-khai")
    assert listing.context["cl"].result_count == 5
    assert "Truyền thống văn hóa" in listing.content.decode()  # the item's column
    assert (
        client.get("/quan-tri/news/page/?muc=khac").context["cl"].result_count
        == Page.objects.filter(profile_item="").count()
    )

    page = Page.objects.get(profile_item="lich-su")
    assert client.get(f"/quan-tri/news/page/{page.pk}/delete/").status_code == 403
    client.post(
        "/quan-tri/news/page/",
        {"action": "delete_selected", "_selected_action": [page.pk, free.pk], "post": "yes"},
    )
    assert Page.objects.filter(pk=page.pk).exists()
    assert client.get(f"/quan-tri/news/page/{free.pk}/delete/").status_code == 200  # a free page may go

    # the item stays on its page: the form cannot take it off
    client.post(f"/quan-tri/news/page/{page.pk}/change/", page_form(title="Lịch sử xã", slug="lich-su"))
    page.refresh_from_db()
    assert (page.title, page.profile_item) == ("Lịch sử xã", "lich-su")
    # a second page for an item the unit has: a clear message, nothing saved
    response = client.post("/quan-tri/news/page/add/", page_form(slug="lich-su-2", profile_item="lich-su"))
    assert response.status_code == 200
    assert "Đơn vị đã có trang cho mục giới thiệu này" in response.content.decode()
    assert Page.objects.filter(profile_item="lich-su").count() == 1


def test_the_profile_costs_the_same_queries_however_many_pages(
    unit, settings, django_assert_max_num_queries, django_assert_num_queries
):
    settings.PAGE_CACHE = False
    factories.site_settings()
    ensure_profile_pages(Page, unit.pk)
    publish_profile()
    client = Client()
    client.get("/gioi-thieu/")  # warm the caches
    with django_assert_max_num_queries(30) as few:
        client.get("/gioi-thieu/")
    count = len(few)  # now: the next request empties the connection's query log
    for n in range(6):
        factories.page(title=f"Trang thêm {n}")
    client.get("/gioi-thieu/")  # the content changed: warm again
    with django_assert_num_queries(count):
        html = client.get("/gioi-thieu/").content.decode()
    assert "Trang thêm 5" in html


def test_the_demo_publishes_muong_ang_s_profile_and_the_communes_keep_their_drafts():

    load_demo("--province")
    muongang = Client(HTTP_HOST="muongang.dienbien.localhost")
    html = muongang.get("/gioi-thieu/").content.decode()
    profile = html[html.index('class="tiles profile"') :]
    titles = [
        "Cơ cấu tổ chức",
        "Bản đồ hành chính",
        "Điều kiện tự nhiên",
        "Lịch sử hình thành và phát triển",
        "Truyền thống văn hóa",
        "Di tích, danh thắng",
    ]
    positions = [profile.index(f"<strong>{title}</strong>") for title in titles]
    assert positions == sorted(positions)
    assert "Xòe Thái" in muongang.get("/gioi-thieu/truyen-thong-van-hoa/").content.decode()
    with units.everywhere():
        pages = Page.objects.exclude(profile_item="")
        assert {(p.unit.code, p.is_published) for p in pages.filter(unit__code="03253")} == {("03253", True)}
        assert pages.filter(unit__code="03253").count() == 5
        assert not pages.filter(unit__code="03253", body__contains="BẢN NHÁP").exists()
        communes = pages.filter(unit__code__in=["03256", "03259", "11"])
        assert communes.count() == 15 and not communes.filter(is_published=True).exists()
        before = sorted(Page.objects.values_list("pk", "updated_at"))
    load_demo("--province")
    with units.everywhere():
        assert sorted(Page.objects.values_list("pk", "updated_at")) == before


def test_a_page_at_an_address_now_taken_by_a_route_moves_aside(unit):
    import importlib

    from django.apps import apps as live_apps

    from news.models import Page

    Page.objects.bulk_create(
        [
            Page(unit=unit, title="Lãnh đạo", slug="lanh-dao"),
            Page(unit=unit, title="Lãnh đạo cũ", slug="lanh-dao-2"),
            Page(unit=unit, title="Bản đồ", slug="ban-do-hanh-chinh"),
        ]
    )
    migration = importlib.import_module("news.migrations.0012_pages_off_reserved_addresses")
    migration.move_pages(live_apps, None)
    assert set(Page.objects.values_list("title", "slug")) >= {
        ("Lãnh đạo", "lanh-dao-3"),
        ("Lãnh đạo cũ", "lanh-dao-2"),
        ("Bản đồ", "ban-do-hanh-chinh-2"),
    }
