"""Procedures per unit (issue 15): the catalogue is national, each unit shows only the procedures it carries
out, and its dossiers, lookup and statistics are its own. Unit A (the test's unit) and commune B each answer
on their own host; nothing of A shows on B, by URL, by id or in a form."""

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.test import Client

from portal import roles, units
from portal.models import UnitHost
from procedures import exchange
from procedures.models import Dossier, Field, Procedure, UnitProcedure
from procedures.stats import Period, dossier_stats
from tests import factories

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
A_HOST = "xa-a.dienbien.localhost"
B_HOST = "xa-b.dienbien.localhost"
SHARED_CODE = "000.00.14.H19-200203-0001"


@pytest.fixture
def world(unit):
    """A carries out «Thủ tục riêng của A» and the shared one; B only the shared one. Each has a dossier with
    the same code, and A one more."""
    factories.site_settings(unit_name="Xã A")
    UnitHost.objects.create(unit=unit, host=A_HOST, is_primary=True)
    b = factories.unit("03001", "Xã B", hosts=[B_HOST])
    units.hosts_changed()
    own_field = factories.procedure_field(name="Lĩnh vực riêng của A")
    a_only = factories.procedure(code="1.000001", name="Thủ tục riêng của A", field=own_field)
    shared = factories.procedure(code="1.000002", name="Thủ tục chung")
    a_dossier = factories.dossier(code=SHARED_CODE, procedure=a_only, applicant_name="Người nộp của A")
    a_other = factories.dossier(code="000.00.14.H19-200204-0007", procedure=a_only)
    with units.activate(b):
        UnitProcedure.objects.create(procedure=shared, reception_address="Bộ phận một cửa xã B")
        b_dossier = factories.dossier(code=SHARED_CODE, procedure=shared, applicant_name="Người nộp của B")
    return {
        "a": unit,
        "b": b,
        "a_only": a_only,
        "shared": shared,
        "a_dossier": a_dossier,
        "a_other": a_other,
        "b_dossier": b_dossier,
    }


def on(host):
    return Client(HTTP_HOST=host)


# --- public pages -----------------------------------------------------------------------------------------


def test_a_procedure_the_unit_does_not_carry_out_is_not_on_its_site(world):
    a_only = world["a_only"]
    for url in (a_only.get_absolute_url(), a_only.get_checklist_url()):
        assert on(A_HOST).get(url).status_code == 200
        assert on(B_HOST).get(url).status_code == 404
    page = on(B_HOST).get(world["shared"].get_absolute_url()).content.decode()
    assert "Bộ phận một cửa xã B" in page  # B's own desk details
    assert "Bộ phận một cửa xã B" not in on(A_HOST).get(world["shared"].get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    "query", ["", "?q=1.000001", "?q=rieng", "?linh_vuc=linh-vuc-rieng-cua-a", "?cap=xa", "?page=1"]
)
def test_the_list_and_its_search_by_field_show_only_the_units_procedures(world, query):
    b_page = on(B_HOST).get(f"/thu-tuc-hanh-chinh/{query}").content.decode()
    assert "Thủ tục riêng của A" not in b_page
    if not query or query in ("?cap=xa", "?page=1"):
        assert "Thủ tục chung" in b_page
    a_page = on(A_HOST).get(f"/thu-tuc-hanh-chinh/{query}").content.decode()
    assert "Thủ tục riêng của A" in a_page


def test_a_procedure_switched_off_by_the_unit_leaves_its_site(world):
    UnitProcedure.objects.filter(procedure=world["a_only"]).update(is_active=False)
    assert on(A_HOST).get(world["a_only"].get_absolute_url()).status_code == 404
    assert "Thủ tục riêng của A" not in on(A_HOST).get("/thu-tuc-hanh-chinh/").content.decode()


def test_the_sitemap_lists_only_the_units_procedures(world):
    response = on(B_HOST).get("/sitemap.xml")
    assert response.status_code == 200
    text = response.content.decode()
    assert "1.000001" not in text
    assert "1.000001" in on(A_HOST).get("/sitemap.xml").content.decode()


def test_the_dossier_lookup_finds_only_the_hosts_dossiers(world):
    other = world["a_other"].code
    assert on(A_HOST).get("/tra-cuu-ho-so/", {"ma": other}).status_code == 200
    assert on(B_HOST).get("/tra-cuu-ho-so/", {"ma": other}).status_code == 404
    # the same code in both units: each host finds its own
    b_page = on(B_HOST).get("/tra-cuu-ho-so/", {"ma": SHARED_CODE}).content.decode()
    assert "Thủ tục chung" in b_page and "Thủ tục riêng của A" not in b_page
    a_page = on(A_HOST).get("/tra-cuu-ho-so/", {"ma": SHARED_CODE}).content.decode()
    assert "Thủ tục riêng của A" in a_page


def test_statistics_count_only_the_units_dossiers(world):
    period = Period(2020)
    assert dossier_stats(period).total.received == 2
    with units.activate(world["b"]):
        assert dossier_stats(period).total.received == 1
    # A's figures are cached first: B's page still shows B's
    for host, expected in ((A_HOST, 2), (B_HOST, 1), (A_HOST, 2)):
        response = on(host).get("/thong-ke-ho-so/", {"nam": 2020})
        assert response.context["stats"].total.received == expected
    b_page = on(B_HOST).get("/thong-ke-ho-so/", {"nam": 2020}).content.decode()
    assert "Lĩnh vực riêng của A" not in b_page


def test_the_desk_page_and_home_box_count_only_the_units_dossiers(world):
    today = datetime.now(HCM)
    factories.dossier(code="000.00.14.H19-200205-0001", received_at=today, procedure=world["a_only"])
    # this year: A's new dossier and its two still open, B's one still open
    assert on(A_HOST).get("/mot-cua/").context["stats"].total.received == 3
    assert on(B_HOST).get("/mot-cua/").context["stats"].total.received == 1
    assert on(A_HOST).get("/").context["desk_stats"].total.received == 3
    assert on(B_HOST).get("/").context["desk_stats"].total.received == 1


# --- codes per unit ---------------------------------------------------------------------------------------


def test_the_same_dossier_code_and_procedure_in_two_units(world):
    with units.everywhere():
        assert Dossier.objects.filter(code=SHARED_CODE).count() == 2
    assert Dossier.objects.get(code=SHARED_CODE).applicant_name == "Người nộp của A"
    with units.activate(world["b"]):
        assert Dossier.objects.get(code=SHARED_CODE).applicant_name == "Người nộp của B"
    UnitProcedure.objects.get(procedure=world["shared"])  # both carry it out, each its own row


# --- the admin --------------------------------------------------------------------------------------------


def admin_of(unit, role):
    client = Client(HTTP_HOST=A_HOST)  # one admin host serves every unit
    client.force_login(factories.staff_user(role, in_unit=unit))
    return client


def not_shown(response):
    """Django's admin answers an object it does not find with a redirect to the index (or 404/403)."""
    if response.status_code == 302:
        return "/change/" not in response["Location"] and "/delete/" not in response["Location"]
    return response.status_code in (403, 404)


@pytest.mark.parametrize("role", [roles.DESK, roles.ADMINISTRATOR])
def test_b_staff_cannot_reach_a_dossiers_or_a_list_by_id(world, role):
    client = admin_of(world["b"], role)
    a_dossier = world["a_dossier"]
    a_pick = UnitProcedure.objects.get(procedure=world["a_only"])
    for url in (
        f"/quan-tri/procedures/dossier/{a_dossier.pk}/change/",
        f"/quan-tri/procedures/dossier/{a_dossier.pk}/delete/",
        f"/quan-tri/procedures/unitprocedure/{a_pick.pk}/change/",
        f"/quan-tri/procedures/unitprocedure/{a_pick.pk}/delete/",
    ):
        assert not_shown(client.get(url)), url
    assert client.get(f"/quan-tri/procedures/dossier/{a_dossier.pk}/phieu-xin-loi/").status_code in (403, 404)
    listing = client.get("/quan-tri/procedures/dossier/").content.decode()
    assert world["a_other"].code not in listing
    picks = client.get("/quan-tri/procedures/unitprocedure/").content.decode()
    assert "Thủ tục riêng của A" not in picks and "Thủ tục chung" in picks
    assert client.post(
        f"/quan-tri/procedures/dossier/{a_dossier.pk}/delete/", {"post": "yes"}
    ).status_code in (
        302,
        403,
        404,
    )
    with units.everywhere():
        assert Dossier.objects.filter(pk=a_dossier.pk).exists()


def test_the_dossier_form_offers_only_the_units_procedures(world):
    client = admin_of(world["b"], roles.DESK)
    form = client.get("/quan-tri/procedures/dossier/add/").context["adminform"].form
    assert list(form.fields["procedure"].queryset) == [world["shared"]]
    found = client.get(
        "/quan-tri/autocomplete/",
        {"app_label": "procedures", "model_name": "dossier", "field_name": "procedure", "term": ""},
    ).json()
    assert [item["text"] for item in found["results"]] == [str(world["shared"])]
    # a procedure B does not carry out is refused
    response = client.post(
        "/quan-tri/procedures/dossier/add/",
        {
            "code": "000.00.14.H19-200203-0099",
            "procedure": world["a_only"].pk,
            "channel": "truc_tiep",
            "status": "2",
            "received_at_0": "03/02/2020",
            "received_at_1": "09:00",
            "applicant_name": "Lò Văn Pọm",
        },
    )
    assert response.status_code == 200 and "procedure" in response.context["adminform"].form.errors


def test_a_code_taken_in_the_unit_is_refused_in_the_form_not_by_a_server_error(world):
    client = admin_of(world["b"], roles.DESK)
    response = client.post(
        "/quan-tri/procedures/dossier/add/",
        {
            "code": SHARED_CODE,
            "procedure": world["shared"].pk,
            "channel": "truc_tiep",
            "status": "2",
            "received_at_0": "03/02/2020",
            "received_at_1": "09:00",
            "applicant_name": "Lò Văn Pọm",
        },
    )
    assert response.status_code == 200
    assert "Đơn vị đã có hồ sơ mang mã này." in response.content.decode()


def test_a_commune_reads_the_catalogue_and_keeps_its_own_list(world):
    client = admin_of(world["b"], roles.DESK)
    shared = world["shared"]
    assert client.get(f"/quan-tri/procedures/procedure/{shared.pk}/change/").status_code == 200  # to read
    assert client.get("/quan-tri/procedures/procedure/add/").status_code == 403
    assert client.get("/quan-tri/procedures/field/add/").status_code == 403
    assert client.get("/quan-tri/procedures/agency/add/").status_code == 403
    assert client.get("/quan-tri/procedures/procedure/nhap/").status_code == 403
    response = client.post(f"/quan-tri/procedures/procedure/{shared.pk}/change/", {"name": "Đổi tên"})
    assert response.status_code == 403
    assert Procedure.objects.get(pk=shared.pk).name == "Thủ tục chung"
    # B picks A's procedure from the national catalogue, with its own desk details
    response = client.post(
        "/quan-tri/procedures/unitprocedure/add/",
        {"procedure": world["a_only"].pk, "is_active": "on", "reception_address": "Tầng 1 UBND xã B"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    with units.activate(world["b"]):
        assert UnitProcedure.objects.get(procedure=world["a_only"]).reception_address == "Tầng 1 UBND xã B"
    assert on(B_HOST).get(world["a_only"].get_absolute_url()).status_code == 200
    # picking it twice is refused in the form
    response = client.post("/quan-tri/procedures/unitprocedure/add/", {"procedure": world["a_only"].pk})
    assert response.status_code == 200 and "Đơn vị đã có thủ tục này" in response.content.decode()
    # the action on the catalogue's list picks several at once
    other = factories.procedure(carried_out=False, code="1.000003", name="Thủ tục thứ ba")
    response = client.post(
        "/quan-tri/procedures/procedure/", {"action": "pick_for_unit", "_selected_action": [other.pk]}
    )
    assert response.status_code == 302
    with units.activate(world["b"]):
        assert UnitProcedure.objects.filter(procedure=other).exists()
    assert not UnitProcedure.objects.filter(procedure=other).exists()  # not A's


@pytest.mark.parametrize("role", [roles.DESK, roles.ADMINISTRATOR])
def test_a_province_changes_the_national_catalogue(world, role):
    province = factories.unit("11", "Tỉnh Điện Biên", level="tinh", hosts=["dienbien.localhost"])
    client = admin_of(province, role)
    assert client.get("/quan-tri/procedures/procedure/add/").status_code == 200
    assert client.get("/quan-tri/procedures/field/add/").status_code == 200
    response = client.post("/quan-tri/procedures/field/add/", {"name": "Lĩnh vực mới", "order": 0})
    assert response.status_code == 302
    assert Field.objects.filter(name="Lĩnh vực mới").exists()


def test_a_superuser_changes_the_catalogue_in_any_unit(world, admin_user):
    client = Client(HTTP_HOST=A_HOST)
    client.force_login(admin_user)
    assert client.get("/quan-tri/procedures/procedure/add/").status_code in (200, 302)


# --- imports and code outside a request -------------------------------------------------------------------


def test_dossiers_are_imported_into_the_unit_in_scope(world):
    header = "Mã hồ sơ,Mã thủ tục,Ngày tiếp nhận,Trạng thái,Người nộp\n"
    with units.activate(world["b"]):
        report = exchange.import_dossiers(
            (header + f"{world['a_other'].code},1.000002,03/02/2020 09:00,Được tiếp nhận,Lò Văn A\n").encode()
        )
        assert report.created == [world["a_other"].code] and not report.errors
        # a procedure B does not carry out
        report = exchange.import_dossiers(
            (
                header + "000.00.14.H19-200203-0042,1.000001,03/02/2020 09:00,Được tiếp nhận,Lò Văn A\n"
            ).encode()
        )
        assert report.errors and "danh mục thủ tục của đơn vị" in report.errors[0]
    assert Dossier.objects.get(code=world["a_other"].code).applicant_name != "Lò Văn A"


def test_imported_procedures_are_national_and_picked_by_the_importing_unit(world):
    record = exchange.export_record(world["shared"]) | {"ma_thu_tuc": "1.000009", "ten": "Thủ tục nhập"}
    with units.activate(world["b"]):
        report = exchange.import_procedures(json.dumps([record], ensure_ascii=False).encode())
        assert report.created == ["1.000009"]
        assert UnitProcedure.objects.filter(procedure__code="1.000009").exists()
    assert Procedure.objects.filter(code="1.000009").exists()  # national
    assert not UnitProcedure.objects.filter(procedure__code="1.000009").exists()  # A did not pick it


def test_the_import_command_needs_a_unit_when_there_are_several(world, tmp_path):
    path = tmp_path / "ho-so.csv"
    path.write_text("Mã hồ sơ,Mã thủ tục,Ngày tiếp nhận,Trạng thái,Người nộp\n")
    with units.activate(None):
        with pytest.raises(Exception, match="--unit"):
            call_command("import_dossiers", str(path))
        call_command("import_dossiers", str(path), "--unit", "03001")


def test_unit_data_read_without_a_unit_fails_loudly(world):
    with units.activate(None):
        with pytest.raises(units.NoUnitInScope):
            Dossier.objects.count()
        with pytest.raises(units.NoUnitInScope):
            list(Procedure.objects.carried_out())
        with pytest.raises(units.NoUnitInScope):
            exchange.import_dossiers(
                b"M\xc3\xa3 h\xe1\xbb\x93 s\xc6\xa1,M\xc3\xa3 th\xe1\xbb\xa7 t\xe1\xbb\xa5c\n"
            )
        assert Procedure.objects.count() == 2  # the catalogue is national: read anywhere
