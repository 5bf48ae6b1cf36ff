"""The province demo (make run): Điện Biên and three communes, each on its own host."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from portal import roles
from portal.models import Unit
from tests.demo import load_demo
from website.models import DemoRecord

pytestmark = pytest.mark.django_db

HOSTS = {
    "dienbien.localhost": "Cổng thông tin điện tử tỉnh Điện Biên",
    "muongang.dienbien.localhost": "Cổng thông tin điện tử Huyện Mường Ảng",
    "127.0.0.1": "Cổng thông tin điện tử Huyện Mường Ảng",
    "bunglao.dienbien.localhost": "Trang thông tin điện tử Xã Búng Lao",
    "angto.dienbien.localhost": "Trang thông tin điện tử Xã Ẳng Tở",
}


@pytest.fixture
def province():
    load_demo("--province")


def title_of(host, path="/"):
    response = Client().get(path, HTTP_HOST=host)
    assert response.status_code == 200, (host, path)
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip()


def test_each_unit_of_the_province_answers_on_its_host(province):
    for host, title in HOSTS.items():
        assert title_of(host) == title, host
    assert Client().get("/", HTTP_HOST="khong-co.dienbien.localhost").status_code == 404
    muongang = Unit.objects.get(code="03253")
    assert muongang.parent.unit_name == "Tỉnh Điện Biên"
    assert set(Unit.objects.get(code="11").children.values_list("code", flat=True)) == {
        "03253",
        "03256",
        "03259",
    }


def test_a_communes_news_stays_on_its_site(province):
    bunglao = Client().get("/tin-tuc/", HTTP_HOST="bunglao.dienbien.localhost").content.decode()
    assert "Búng Lao ra quân làm đường giao thông nông thôn" in bunglao
    assert "Mường Ảng đẩy mạnh cải cách hành chính" not in bunglao
    muongang = Client().get("/tin-tuc/", HTTP_HOST="127.0.0.1").content.decode()
    assert "Mường Ảng đẩy mạnh cải cách hành chính" in muongang and "Búng Lao ra quân" not in muongang


def test_the_province_shows_news_chosen_from_its_communes(province):
    home = Client().get("/", HTTP_HOST="dienbien.localhost").content.decode()
    assert "Tin từ các xã, phường" in home
    assert 'href="http://bunglao.dienbien.localhost/tin-tuc/' in home
    listing = Client().get("/tin-tu-cac-xa/", HTTP_HOST="dienbien.localhost").content.decode()
    assert "Xã Búng Lao" in listing
    # loading again adds nothing
    load_demo("--province")
    from news.models import ArticleProposal
    from portal import units

    with units.everywhere():
        assert ArticleProposal.objects.count() == 2
        assert ArticleProposal.objects.filter(status="da-nhan").count() == 1


def signin(client, username):
    response = client.post(reverse("admin:login"), {"username": username, "password": "MuongAng@2020"})
    assert response.status_code == 302, username


def test_the_province_demo_accounts_work_in_their_units(province):
    client = Client(HTTP_HOST="dienbien.localhost")  # the province's host serves everyone's admin
    signin(client, "bientap.bunglao")
    listing = client.get(reverse("admin:news_article_changelist")).content.decode()
    assert "Búng Lao ra quân" in listing and "cải cách hành chính" not in listing
    client.logout()
    signin(client, "quantri.tinh")
    picker = client.get(reverse("admin:choose-unit")).content.decode()
    for name in ("Tỉnh Điện Biên", "Huyện Mường Ảng", "Xã Búng Lao", "Xã Ẳng Tở"):
        assert name in picker
    user = Unit.objects.get(code="11").memberships.get().user
    assert roles.roles_in(user, Unit.objects.get(code="03256")) == {roles.ADMINISTRATOR}


def test_loading_the_province_demo_again_changes_nothing(province):
    keys = set(DemoRecord.objects.values_list("key", flat=True))
    units = list(Unit.objects.values_list("code", "unit_name", "parent_id"))
    load_demo("--province")
    assert set(DemoRecord.objects.values_list("key", flat=True)) == keys
    assert list(Unit.objects.values_list("code", "unit_name", "parent_id")) == units


def test_the_province_demo_shows_its_pages_across_units(province):
    """The province's host of the demo: the directory of its communes, their figures side by side (each
    commune has a 2020 register), and the lookup of a commune's dossier."""
    client = Client(HTTP_HOST="dienbien.localhost")
    directory = client.get("/don-vi-hanh-chinh/").content.decode()
    for name in ("Huyện Mường Ảng", "Xã Búng Lao", "Xã Ẳng Tở", "Lò Văn Tiến, Chủ tịch UBND xã"):
        assert name in directory
    assert 'href="http://bunglao.dienbien.localhost/"' in directory
    response = client.get("/thong-ke-ho-so/toan-tinh/")
    assert response.status_code == 200 and response.context["label"] == "năm 2020"
    figures = {row.name: row.figures.received for row in response.context["report"].rows}
    assert figures["Huyện Mường Ảng"] > 2000 and figures["Xã Búng Lao"] == 204 and figures["Xã Ẳng Tở"] == 110
    lookup = client.get("/tra-cuu-ho-so/", {"ma": "000.00.25.H19-200102-0001"})
    assert lookup.status_code == 200 and "Xã Búng Lao" in lookup.content.decode()
