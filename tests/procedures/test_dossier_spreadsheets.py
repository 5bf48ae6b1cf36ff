"""The desk downloads import templates from the import page and exports the dossier list as filtered."""

import csv
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from portal import roles
from procedures.exchange import DOSSIER_COLUMNS
from procedures.models import Dossier, Status
from tests import factories

pytestmark = pytest.mark.django_db
HEADINGS = [header for header, _required in DOSSIER_COLUMNS.values()]


def signed_in(role):
    client = Client()
    client.force_login(factories.staff_user(role))
    return client


def read(response):
    if response["Content-Type"].startswith("text/csv"):
        return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    return [["" if value is None else value for value in row] for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_the_import_page_offers_templates_whose_example_row_imports_as_it_is(kind):
    procedure = factories.procedure(code="1.001234")
    desk = signed_in(roles.DESK)
    page = desk.get("/quan-tri/procedures/dossier/nhap/").content.decode()
    assert "README" not in page
    assert f'href="/quan-tri/procedures/dossier/mau-nhap.{kind}"' in page
    response = desk.get(f"/quan-tri/procedures/dossier/mau-nhap.{kind}")
    assert response.status_code == 200
    assert f'filename="mau-nhap-ho-so.{kind}"' in response["Content-Disposition"]
    rows = read(response)
    assert rows[0] == HEADINGS and len(rows) == 2
    assert "1.001234" in rows[1]
    # the file as downloaded imports: one dossier, of the unit's procedure
    result = desk.post(
        "/quan-tri/procedures/dossier/nhap/",
        {"file": _upload(response.content, f"mau.{kind}")},
        follow=True,
    ).content.decode()
    assert "Các lỗi cần sửa" not in result
    dossier = Dossier.objects.get()
    assert dossier.procedure == procedure and dossier.applicant_name == "Nguyễn Văn An"


def _upload(content, name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def test_only_who_may_add_dossiers_gets_the_template():
    factories.procedure()
    assert signed_in(roles.EDITOR).get("/quan-tri/procedures/dossier/mau-nhap.xlsx").status_code == 403
    assert signed_in(roles.DESK).get("/quan-tri/procedures/dossier/mau-nhap.pdf").status_code == 404


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_the_export_follows_the_lists_filters_and_hides_applicants_from_those_who_may_not_see_them(kind):
    procedure = factories.procedure(code="1.004321")
    factories.dossier(procedure=procedure, code="000.00.14.H19-200203-0001", status=Status.DANG_XU_LY)
    factories.dossier(procedure=procedure, code="000.00.14.H19-200203-0002", status=Status.DA_TRA)
    desk = signed_in(roles.DESK)
    listing = desk.get("/quan-tri/procedures/dossier/?status__exact=4").content.decode()
    link = f'href="/quan-tri/procedures/dossier/xuat.{kind}?status__exact=4"'
    assert link in listing
    rows = read(desk.get(f"/quan-tri/procedures/dossier/xuat.{kind}?status__exact=4"))
    assert rows[0] == HEADINGS
    assert [row[0] for row in rows[1:]] == ["000.00.14.H19-200203-0001"]
    assert "Nguyễn Văn An" in rows[1] and "03/02/2020 09:00" in rows[1] and "Đang xử lý" in rows[1]
    everything = read(desk.get(f"/quan-tri/procedures/dossier/xuat.{kind}"))
    assert len(everything) == 3
    # administrators see dossiers without the applicants' personal data: so does their export
    rows = read(signed_in(roles.ADMINISTRATOR).get(f"/quan-tri/procedures/dossier/xuat.{kind}"))
    assert "Người nộp" not in rows[0] and "Điện thoại" not in rows[0] and "Mã hồ sơ" in rows[0]
    assert not any("Nguyễn Văn An" in row or "0912345678" in row for row in rows)
    assert signed_in(roles.EDITOR).get(f"/quan-tri/procedures/dossier/xuat.{kind}").status_code == 403


def test_the_procedure_import_page_offers_a_csv_template_that_imports_again(admin_client):
    factories.procedure(code="1.005555", name="Đăng ký khai sinh")
    page = admin_client.get("/quan-tri/procedures/procedure/nhap/").content.decode()
    assert 'href="/quan-tri/procedures/procedure/mau-nhap.csv"' in page
    response = admin_client.get("/quan-tri/procedures/procedure/mau-nhap.csv")
    assert response.status_code == 200 and "mau-nhap-thu-tuc.csv" in response["Content-Disposition"]
    rows = read(response)
    assert len(rows) == 2 and "1.005555" in rows[1] and "Đăng ký khai sinh" in rows[1]
    result = admin_client.post(
        "/quan-tri/procedures/procedure/nhap/", {"file": _upload(response.content, "mau.csv")}, follow=True
    ).content.decode()
    assert "Các lỗi cần sửa" not in result


def _read_bytes(content, kind):
    if kind == "csv":
        return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return [["" if value is None else value for value in row] for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_a_big_export_is_made_by_the_worker_and_kept_for_who_asked(
    kind, monkeypatch, django_capture_on_commit_callbacks
):
    from procedures import imports
    from procedures.models import DossierExport, ImportStatus

    monkeypatch.setattr(imports, "EXPORT_IN_REQUEST_ROWS", 2)  # as a register of 100,000 against 5,000
    procedure = factories.procedure(code="1.004321")
    for n in range(1, 5):
        status = Status.DANG_XU_LY if n < 4 else Status.DA_TRA
        factories.dossier(procedure=procedure, code=f"000.00.14.H19-200203-000{n}", status=status)
    desk = signed_in(roles.DESK)
    with django_capture_on_commit_callbacks(execute=True):
        response = desk.get(f"/quan-tri/procedures/dossier/xuat.{kind}?status__exact=4", follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == "/quan-tri/procedures/dossierexport/"
    assert "Đang tạo tệp 3 hồ sơ ở chế độ chạy nền" in page
    export = DossierExport.objects.get()
    assert export.status == ImportStatus.DONE and export.row_count == 3 and export.kind == kind
    assert "Tải tệp" in desk.get("/quan-tri/procedures/dossierexport/").content.decode()
    download = desk.get(f"/quan-tri/procedures/dossierexport/{export.pk}/tai-ve/")
    assert download.status_code == 200 and f".{kind}" in download["Content-Disposition"]
    assert "private" in download["Cache-Control"] and "no-store" in download["Cache-Control"]
    rows = _read_bytes(b"".join(download.streaming_content), kind)
    assert rows[0] == HEADINGS  # the list's filters, the applicant for who may see him
    assert sorted(row[0] for row in rows[1:]) == [f"000.00.14.H19-200203-000{n}" for n in (1, 2, 3)]
    assert "Nguyễn Văn An" in rows[1]
    # another member of the desk sees neither the export nor its file
    other = signed_in(roles.DESK)
    assert "3 hồ sơ" not in other.get("/quan-tri/procedures/dossierexport/").content.decode()
    assert other.get(f"/quan-tri/procedures/dossierexport/{export.pk}/tai-ve/").status_code == 404
    assert signed_in(roles.EDITOR).get("/quan-tri/procedures/dossierexport/").status_code == 403
    # removing it removes its file
    name = export.file.name
    desk.post(f"/quan-tri/procedures/dossierexport/{export.pk}/delete/", {"post": "yes"})
    assert not DossierExport.objects.exists() and not export.file.storage.exists(name)
