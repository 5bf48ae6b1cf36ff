"""One installation, many units (issue 15): hosts, scoping, rights per unit, adding a unit."""

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from portal import roles, units
from portal.cache import cached
from portal.models import Link, Membership, Unit, UnitHost
from portal.ratelimit import allow
from tests import factories

pytestmark = pytest.mark.django_db

A_HOST, B_HOST = "xa-a.dienbien.localhost", "xa-b.dienbien.localhost"


@pytest.fixture
def two_units(unit):
    """The test's unit as commune A on its host, and commune B on its own, each with a link."""
    factories.site_settings(unit_name="Xã Nậm Lịch", portal_title="Cổng thông tin điện tử Xã Nậm Lịch")
    UnitHost.objects.create(unit=unit, host=A_HOST, is_primary=True)
    UnitHost.objects.create(unit=unit, host="namlich.example.vn")  # an alias
    b = factories.unit("03001", "Xã Búng Lao", hosts=[B_HOST])
    factories.link(name="Liên kết của Nậm Lịch", url="https://namlich.example.vn/")
    with units.activate(b):
        factories.link(name="Liên kết của Búng Lao", url="https://bunglao.example.vn/")
    return unit, b


def page(host, path="/", **kwargs):
    return Client().get(path, HTTP_HOST=host, **kwargs)


def test_each_host_shows_its_own_unit_and_nothing_of_the_other(two_units):
    a_home, b_home = page(A_HOST).content.decode(), page(B_HOST).content.decode()
    assert "Xã Nậm Lịch" in a_home and "Liên kết của Nậm Lịch" in a_home
    assert "Búng Lao" not in a_home
    assert "Xã Búng Lao" in b_home and "Liên kết của Búng Lao" in b_home
    assert "Nậm Lịch" not in b_home


def test_a_host_no_unit_has_gets_a_plain_404_with_nothing_of_any_unit(two_units):
    response = page("khac.dienbien.localhost")
    html = response.content.decode()
    assert response.status_code == 404
    assert "chưa được gán cho đơn vị nào" in html
    assert "Nậm Lịch" not in html and "Búng Lao" not in html
    assert page("khac.dienbien.localhost", "/tin-tuc/").status_code == 404


def test_an_alias_sends_visitors_to_the_primary_host_but_this_machine_stays_where_it_is(two_units):
    response = page("namlich.example.vn", "/tin-tuc/?page=2")
    assert response.status_code == 301
    assert response["Location"] == f"http://{A_HOST}/tin-tuc/?page=2"
    UnitHost.objects.create(unit=two_units[0], host="127.0.0.1")
    assert page("127.0.0.1").status_code == 200  # the demo at http://127.0.0.1:8000/


def test_one_unit_without_host_names_answers_on_every_host(unit):
    factories.site_settings()
    for host in ("testserver", "127.0.0.1", "anything.example.vn"):
        response = page(host)
        assert response.status_code == 200 and "Xã Nậm Lịch" in response.content.decode(), host


def test_a_new_unit_answers_at_once_without_a_restart(two_units):
    assert page("xa-moi.dienbien.localhost").status_code == 404  # the map of hosts is warm
    units.create_unit("03002", "Xã Ẳng Tở", "xa", hosts=["xa-moi.dienbien.localhost"])
    response = page("xa-moi.dienbien.localhost")
    assert response.status_code == 200 and "Xã Ẳng Tở" in response.content.decode()


def test_unit_owned_data_read_without_a_unit_fails_loudly(two_units):
    with units.activate(None), pytest.raises(units.NoUnitInScope):
        list(Link.objects.all())
    with units.everywhere():
        assert Link.objects.count() == 2  # cross-unit code says so
    assert list(Link.objects.values_list("name", flat=True)) == ["Liên kết của Nậm Lịch"]


def test_a_record_saved_in_a_unit_belongs_to_it(two_units):
    _, b = two_units
    with units.activate(b):
        link = Link.objects.create(name="Mới", url="https://moi.example.vn/")
    assert link.unit == b
    assert not Link.objects.filter(pk=link.pk).exists()  # not in A's


def test_caches_and_rate_limits_are_per_unit(two_units, rf, rate_limit_window):
    a, b = two_units
    assert cached("probe", lambda: "A") == "A"
    with units.activate(b):
        assert cached("probe", lambda: "B") == "B"
    assert cached("probe", lambda: "again") == "A"
    request = rf.get("/tra-cuu-ho-so/", REMOTE_ADDR="203.0.113.9")
    assert [allow(request, "probe", 2) for _ in range(3)] == [True, True, False]
    with units.activate(b):
        assert allow(request, "probe", 2)  # B's site counts this client on its own


def test_a_role_gives_rights_in_its_unit_only(two_units):
    a, b = two_units
    editor = factories.staff_user(roles.EDITOR)
    assert editor.has_perm("news.change_article")
    with units.activate(b):
        fresh = type(editor).objects.get(pk=editor.pk)
        assert not fresh.has_perm("news.change_article")
    client = Client(HTTP_HOST=A_HOST)  # the admin answers on the units' hosts
    client.force_login(editor)
    assert client.get(reverse("admin:portal_link_changelist"), HTTP_HOST=A_HOST).status_code == 200
    with units.activate(b):
        b_link = Link.objects.get()
    # the admin works in the person's unit whatever the host: B's link is not there
    response = client.get(reverse("admin:portal_link_change", args=[b_link.pk]), HTTP_HOST=B_HOST)
    assert response.status_code == 302 and response.url == reverse("admin:index")  # "not found"


def test_a_person_with_several_units_picks_one_and_only_theirs(two_units):
    a, b = two_units
    c = factories.unit("03003", "Xã Mường Lạn", hosts=["xa-c.dienbien.localhost"])
    editor = factories.staff_user(roles.EDITOR)
    Membership.objects.create(user=editor, unit=b, role=roles.EDITOR)
    client = Client(HTTP_HOST=A_HOST)  # the admin answers on the units' hosts
    client.force_login(editor)
    response = client.get(reverse("admin:portal_link_changelist"))
    assert response.status_code == 302 and response.url.startswith(reverse("admin:choose-unit"))
    picker = client.get(response.url).content.decode()
    assert "Xã Nậm Lịch" in picker and "Xã Búng Lao" in picker and "Mường Lạn" not in picker
    refused = client.post(reverse("admin:choose-unit"), {"unit": c.pk}, follow=True)
    assert "Bạn không làm việc ở đơn vị này" in refused.content.decode()
    client.post(reverse("admin:choose-unit"), {"unit": b.pk, "next": reverse("admin:portal_link_changelist")})
    listing = client.get(reverse("admin:portal_link_changelist")).content.decode()
    assert "Liên kết của Búng Lao" in listing and "Liên kết của Nậm Lịch" not in listing
    assert "Đang làm việc tại: <strong>Xã Búng Lao</strong>" in listing


def test_a_communes_administrator_sees_only_their_unit_and_adds_none(two_units):
    a, b = two_units
    administrator = factories.staff_user(roles.ADMINISTRATOR)
    client = Client(HTTP_HOST=A_HOST)  # the admin answers on the units' hosts
    client.force_login(administrator)
    response = client.get(reverse("admin:portal_unit_change", args=[b.pk]))
    assert response.status_code == 302 and response.url == reverse("admin:index")  # "not found"
    assert client.get(reverse("admin:portal_unit_add")).status_code == 403
    b_editor = factories.staff_user(roles.EDITOR, username="bientap.b", in_unit=b)
    users = client.get(reverse("admin:auth_user_changelist")).content.decode()
    assert b_editor.username not in users


def test_a_provinces_administrator_manages_its_communes_and_adds_one(two_units):
    a, b = two_units
    province = factories.unit("11", "Tỉnh Điện Biên", level="tinh", hosts=["dienbien.localhost"])
    Unit.objects.filter(pk__in=[a.pk, b.pk]).update(parent=province)
    units.hosts_changed()
    administrator = factories.staff_user(roles.ADMINISTRATOR, in_unit=province)
    client = Client(HTTP_HOST=A_HOST)  # the admin answers on the units' hosts
    client.force_login(administrator)
    client.post(reverse("admin:choose-unit"), {"unit": province.pk})
    listing = client.get(reverse("admin:portal_unit_changelist")).content.decode()
    assert "Tỉnh Điện Biên" in listing and "Xã Nậm Lịch" in listing and "Xã Búng Lao" in listing
    data = {
        "code": "03004",
        "unit_name": "Xã Ẳng Nưa",
        "unit_level": "xa",
        "parent": province.pk,
        "portal_title": "Trang thông tin điện tử Xã Ẳng Nưa",
        "retention_months": "24",
        "hosts-TOTAL_FORMS": "1",
        "hosts-INITIAL_FORMS": "0",
        "hosts-0-host": "angnua.dienbien.localhost",
        "hosts-0-is_primary": "on",
        "memberships-TOTAL_FORMS": "1",
        "memberships-INITIAL_FORMS": "0",
        "memberships-0-user": administrator.pk,
        "memberships-0-role": roles.ADMINISTRATOR,
    }
    response = client.post(reverse("admin:portal_unit_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    new = Unit.objects.get(code="03004")
    assert new.parent == province and roles.ADMINISTRATOR in roles.roles_in(administrator, new)
    assert "Xã Ẳng Nưa" in page("angnua.dienbien.localhost").content.decode()


def test_create_unit_adds_a_commune_in_one_step(two_units):
    first_admin = factories.staff_user(username="quantri.angto")
    province = factories.unit("11", "Tỉnh Điện Biên", level="tinh")
    call_command(
        "create_unit",
        "03005",
        "Xã Ẳng Tở",
        "--parent=11",
        "--host=angto.dienbien.localhost",
        "--host=angto.example.vn",
        "--admin=quantri.angto",
        verbosity=0,
    )
    unit = Unit.objects.get(code="03005")
    assert unit.parent == province and unit.unit_level == "xa"
    assert units.primary_host(unit) == "angto.dienbien.localhost"
    assert roles.roles_in(first_admin, unit) == {roles.ADMINISTRATOR}
    assert "Xã Ẳng Tở" in page("angto.dienbien.localhost").content.decode()
    assert page("angto.example.vn").status_code == 301


@pytest.mark.parametrize(
    "args, message",
    [
        (["03001", "Xã Trùng"], "Đã có đơn vị mã 03001"),
        (["3001", "Xã Sai Mã"], "Mã đơn vị hành chính gồm"),
        (["03006", "Xã Không Tỉnh", "--parent=99"], "Không có tỉnh, thành phố mã 99"),
        (["03006", "Xã Tên Miền", "--host=Xã Lạ.vn"], "Tên miền «xã lạ.vn»"),
        (["03006", "Xã Trùng Miền", f"--host={B_HOST}"], "đã là tên miền của"),
        (["03006", "Xã Không Người", "--admin=khong-co"], "Không có tài khoản «khong-co»"),
    ],
)
def test_create_unit_says_what_is_wrong_in_vietnamese(two_units, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("create_unit", *args, verbosity=0)
    assert not Unit.objects.filter(code="03006").exists()
