"""The admin's search boxes ignore diacritics and case (issue 17.2): staff type «ve sinh» or «NGUYEN» as often
as «vệ sinh», and codes and numbers are found as typed. Runs on SQLite (a registered fold function) and on
PostgreSQL (unaccent), so both marks apply."""

import pytest
from django.test import Client

from news.models import ArticleStatus
from portal import roles, units
from portal.models import UnitHost
from procedures.models import Status
from tests import factories

pytestmark = pytest.mark.django_db
HOST = "muongang.dienbien.localhost"


@pytest.fixture
def admin_client(unit):
    UnitHost.objects.create(unit=unit, host=HOST, is_primary=True)
    factories.site_settings()
    units.hosts_changed()
    client = Client(HTTP_HOST=HOST)
    client.force_login(factories.staff_user(roles.ADMINISTRATOR))
    return client


def found(client, url, query):
    response = client.get(url, {"q": query})
    assert response.status_code == 200, query
    return sorted(str(row) for row in response.context["cl"].result_list)


def test_article_search_ignores_diacritics_and_case(admin_client):
    factories.article(title="Ra quân tổng vệ sinh môi trường", status=ArticleStatus.PUBLISHED)
    factories.article(title="Đường giao thông nông thôn", status=ArticleStatus.DRAFT)
    factories.article(title="Hội nghị sơ kết", status=ArticleStatus.PUBLISHED)
    url = "/quan-tri/news/article/"
    assert found(admin_client, url, "ve sinh") == ["Ra quân tổng vệ sinh môi trường"]
    assert found(admin_client, url, "vệ sinh") == ["Ra quân tổng vệ sinh môi trường"]
    assert found(admin_client, url, "VE SINH MOI") == ["Ra quân tổng vệ sinh môi trường"]
    # đ is folded to d, and a word typed decomposed (NFD, as pasted from macOS) is the same word
    assert found(admin_client, url, "duong giao") == ["Đường giao thông nông thôn"]
    assert found(admin_client, url, "Đường") == ["Đường giao thông nông thôn"]
    assert found(admin_client, url, "\u0110u\u031bo\u031b\u0300ng") == ["Đường giao thông nông thôn"]
    # no false friends: the folded words must all be there
    assert found(admin_client, url, "ve sinh duong") == []
    # a search term that is only LIKE's own wildcards finds nothing rather than everything
    assert found(admin_client, url, "%") == []
    assert found(admin_client, url, "_") == []


def test_codes_and_numbers_are_found_as_typed(admin_client):
    factories.document(number="3855/KH-UBND", summary="Kế hoạch cải cách hành chính")
    factories.document(number="12/QĐ-UBND", summary="Quyết định thành lập tổ công tác")
    url = "/quan-tri/news/document/"
    assert len(found(admin_client, url, "3855/KH")) == 1
    assert len(found(admin_client, url, "kh-ubnd")) == 1
    assert len(found(admin_client, url, "12/qd")) == 1
    assert len(found(admin_client, url, "cai cach hanh chinh")) == 1
    dossier = factories.dossier(status=Status.DANG_XU_LY)
    response = admin_client.get("/quan-tri/procedures/dossier/", {"q": dossier.code.lower()})
    assert [row.pk for row in response.context["cl"].result_list] == [dossier.pk]


def test_people_are_found_by_their_names_without_accents(admin_client):
    factories.staff_user(roles.REPORTER, username="trang", first_name="Trang", last_name="Nguyễn Thu")
    url = "/quan-tri/auth/user/"
    response = admin_client.get(url, {"q": "nguyen thu trang"})
    assert [user.username for user in response.context["cl"].result_list] == ["trang"]


def test_search_stays_inside_the_unit(admin_client):
    factories.article(title="Vệ sinh an toàn thực phẩm", status=ArticleStatus.PUBLISHED)
    other = factories.unit("88888", "Xã Búng Lao", hosts=["bunglao.dienbien.localhost"])
    with units.activate(other):
        factories.article(title="Vệ sinh môi trường ở xã khác", status=ArticleStatus.PUBLISHED)
    assert found(admin_client, "/quan-tri/news/article/", "ve sinh") == ["Vệ sinh an toàn thực phẩm"]


def quick_filters(html):
    import re

    return re.findall(
        r'<li><a href="([^"]+)"( aria-current="page")?>([^<]+)</a></li>', html.split("Lọc nhanh:")[1]
    )


def test_lists_offer_quick_filters_for_the_common_questions_and_mark_the_one_in_use(admin_client):
    from datetime import timedelta

    from django.utils import timezone

    factories.feedback(subject="Quá hạn", due_date=timezone.localdate() - timedelta(days=1))
    factories.feedback(subject="Còn hạn", due_date=timezone.localdate() + timedelta(days=20))
    html = admin_client.get("/quan-tri/citizens/feedback/").content.decode()
    links = quick_filters(html)
    assert [label for _, _, label in links] == [
        "Quá hạn",
        "Sắp đến hạn",
        "Mới, chưa xử lý",
        "Chưa giao cán bộ",
    ]
    assert not any(current for _, current, _ in links)
    overdue = admin_client.get("/quan-tri/citizens/feedback/?han=qua-han")
    assert [row.subject for row in overdue.context["cl"].result_list] == ["Quá hạn"]
    links = quick_filters(overdue.content.decode())
    assert [label for _, current, label in links if current] == ["Quá hạn"]
    assert ("?", "", "Bỏ lọc") in links  # a way back to the whole list
    for url, _, label in links:  # every quick filter is a list Django accepts, not the «bad filter» redirect
        response = admin_client.get("/quan-tri/citizens/feedback/" + url.replace("&amp;", "&"))
        assert response.status_code == 200, label
    for path in ("/quan-tri/news/article/", "/quan-tri/procedures/dossier/"):
        html = admin_client.get(path).content.decode()
        for url, _, label in quick_filters(html):
            assert admin_client.get(path + url.replace("&amp;", "&")).status_code == 200, label


def test_lists_use_the_whole_width(admin_client):
    html = admin_client.get("/quan-tri/news/article/").content.decode()
    # no app list beside the page (it took 300 px of 1280 and squeezed titles to a word a line)
    assert 'id="nav-sidebar"' not in html
    assert "/static/css/admin" in html  # the portal's list widths, on every admin page
