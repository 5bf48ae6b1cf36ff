"""The staff guide (docs/huong-dan/) is read in the admin: the home links each person to their role's page,
every page of the guide opens with its screenshots, and nothing of it is open to the public."""

import re

import pytest
from django.test import Client

from portal import guide, roles, units
from portal.models import UnitHost
from tests import factories

pytestmark = pytest.mark.django_db
HOST = "muongang.dienbien.localhost"


@pytest.fixture
def host(unit):
    UnitHost.objects.create(unit=unit, host=HOST, is_primary=True)
    factories.site_settings()
    units.hosts_changed()
    return HOST


def signed_in(role):
    client = Client(HTTP_HOST=HOST)
    client.force_login(factories.staff_user(role))
    return client


@pytest.mark.parametrize(
    ("role", "page"),
    [
        (roles.REPORTER, "phong-vien"),
        (roles.EDITOR, "bien-tap-vien"),
        (roles.DESK, "mot-cua"),
        (roles.RECEPTION, "tiep-dan"),
        (roles.ADMINISTRATOR, "quan-tri"),
    ],
)
def test_the_admin_home_links_each_role_to_its_page_of_the_guide(host, role, page):
    client = signed_in(role)
    home = client.get("/quan-tri/").content.decode()
    section = home.split('id="huong-dan"')[1].split("</section>")[0]
    links = re.findall(r'href="([^"]+)"', section)
    assert links == [f"/quan-tri/huong-dan/{page}/", "/quan-tri/huong-dan/"]
    response = client.get(links[0])
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>" in html and "[← Mục lục" not in html  # rendered, not shown as Markdown
    images = re.findall(r'<img src="([^"]+)"', html)
    assert images, "each role's page shows what the screen looks like"
    for src in images:
        picture = client.get(src)
        assert picture.status_code == 200, src
        assert picture["Content-Type"] == "image/jpeg"
        assert b"".join(picture.streaming_content)[:3] == b"\xff\xd8\xff"  # a real JPEG
    assert 'href="/quan-tri/huong-dan/"' in html  # back to the contents


def test_the_contents_link_every_page_and_every_link_of_the_guide_opens(host):
    client = signed_in(roles.REPORTER)
    contents = client.get("/quan-tri/huong-dan/").content.decode()
    pages = set(re.findall(r'href="(/quan-tri/huong-dan/[a-z-]+/)"', contents))
    assert pages == {f"/quan-tri/huong-dan/{name}/" for name in guide.ROLE_PAGES.values()}
    for url in pages:
        html = client.get(url).content.decode()
        for link in re.findall(r'href="(/quan-tri/huong-dan/[^"]*)"', html):
            assert client.get(link).status_code == 200, (url, link)
        assert ".md" not in " ".join(re.findall(r'href="([^"]+)"', html)), url


def test_the_guide_is_for_staff_only_and_refuses_other_names(host):
    public = Client(HTTP_HOST=HOST)
    response = public.get("/quan-tri/huong-dan/phong-vien/")
    assert response.status_code == 302 and "/quan-tri/login/" in response["Location"]
    assert public.get("/quan-tri/huong-dan/anh/phong-vien-viet-bai.jpg").status_code == 302
    client = signed_in(roles.REPORTER)
    for bad in (
        "/quan-tri/huong-dan/khong-co/",
        "/quan-tri/huong-dan/anh/khong-co.jpg",
        "/quan-tri/huong-dan/anh/..%2F..%2Fsettings.py",
        "/quan-tri/huong-dan/anh/README.md",
        "/quan-tri/huong-dan/anh/x%00.jpg",
    ):
        assert client.get(bad).status_code == 404, bad
