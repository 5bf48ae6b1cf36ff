"""Nothing of one unit can be reached from another (issue 15 item 3), whatever the page or the model.

Nothing here is a hand-kept list. Unit A is the demo's Mường Ảng, with all its content; unit B is a
commune of the same province on its own host, with staff in every role. The admin URLs come from the
admin's registry (every unit-owned model's change, history and delete page, for A's objects by id); the
public URLs from A's sitemap (every public page of A, and the lists and pages any unit has). A new model,
admin page or public page is tested as soon as it exists.
"""

import re
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from portal import roles, units
from portal.models import Unit, UnitHost
from tests import factories
from tests.demo import load_demo

pytestmark = pytest.mark.django_db

A_HOST, B_HOST = "muongang.dienbien.localhost", "xa-b.dienbien.localhost"
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
# at most this many objects of each model are tried (their pages are alike)
PER_MODEL = 3


@pytest.fixture
def demo(unit):
    """A: the demo (Mường Ảng) on its host; B: a commune with nothing yet and staff in every role."""
    load_demo()
    a = Unit.objects.get(code="03253")
    UnitHost.objects.create(unit=a, host=A_HOST, is_primary=True)
    b = factories.unit("03001", "Xã Búng Lao", hosts=[B_HOST])
    staff = {
        role: factories.staff_user(role, username=f"b-{n}", in_unit=b)
        for n, role in enumerate(roles.ROLE_PERMISSIONS)
    }
    return a, b, staff


def unit_owned_admins():
    for model, model_admin in admin.site._registry.items():
        if issubclass(model, units.UnitOwned):
            yield model, model_admin


def test_no_admin_page_of_b_shows_an_object_of_a(demo):
    a, b, staff = demo
    tried = 0
    clients = {role: Client(HTTP_HOST=B_HOST) for role in staff}
    for role, client in clients.items():
        client.force_login(staff[role])
    superuser = factories.staff_user(username="sieu", is_superuser=True)
    for model, _model_admin in unit_owned_admins():
        with units.activate(a):
            objects = list(model.objects.order_by("pk")[:PER_MODEL])
        info = (model._meta.app_label, model._meta.model_name)
        for obj in objects:
            for page in ("change", "history", "delete"):
                url = reverse(f"admin:{info[0]}_{info[1]}_{page}", args=[obj.pk])
                for role, client in clients.items():
                    response = client.get(url)
                    assert response.status_code in (302, 403, 404), (role, url, response.status_code)
                    if response.status_code == 302:
                        assert response.url == reverse("admin:index"), (role, url)  # "not found"
                    tried += 1
                # a superuser working in B does not see A's objects in B either
                boss = Client(HTTP_HOST=B_HOST)
                boss.force_login(superuser)
                boss.post(reverse("admin:choose-unit"), {"unit": b.pk})
                response = boss.get(url)
                assert response.status_code in (302, 403, 404), url
                if response.status_code == 302:
                    assert response.url == reverse("admin:index"), url
            # nor can any of B's staff delete it by posting
            for client in clients.values():
                client.post(reverse(f"admin:{info[0]}_{info[1]}_delete", args=[obj.pk]), {"post": "yes"})
            with units.everywhere():
                assert model.objects.filter(pk=obj.pk).exists(), (model, obj.pk)
    assert tried > 100  # every unit-owned admin page was asked for, with the demo's objects


def a_public_urls(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    tree = ElementTree.fromstring(response.content)
    return [urlsplit(loc.text).path for loc in tree.findall("s:url/s:loc", SITEMAP_NS)]


def test_no_public_page_of_b_shows_anything_of_a(demo):
    a, b, _staff = demo
    a_client, b_client = Client(HTTP_HOST=A_HOST), Client(HTTP_HOST=B_HOST)
    paths = a_public_urls(a_client)
    assert len(paths) > 40
    b_paths = set(a_public_urls(b_client))
    assert not set(paths) - {"/"} <= b_paths  # B's sitemap is B's
    # what any unit's site has (lists, forms) answers on B, and shows nothing of A
    a_titles = re.compile(r"Mường Ảng|cải cách hành chính|Lò Văn Minh|0215 3868")
    for path in paths:
        a_page = a_client.get(path)
        assert a_page.status_code == 200, path
        b_page = b_client.get(path)
        if b_page.status_code == 200:
            assert path in b_paths or path in ("/",) or not a_titles.search(b_page.content.decode()), path
            assert not a_titles.search(b_page.content.decode()), path
        else:
            assert b_page.status_code == 404, (path, b_page.status_code)
    # and A's search finds its content where B's finds none of it
    article = "/muong-ang-day-manh-cai-cach-hanh-chinh-nam-2020/"
    assert article in a_client.get("/tim-kiem/", {"q": "cai cach hanh chinh"}).content.decode()
    found_on_b = b_client.get("/tim-kiem/", {"q": "cai cach hanh chinh"}).content.decode()
    assert article not in found_on_b and not a_titles.search(found_on_b)
