"""Import and export of procedures (JSON, CSV) and dossiers (CSV, XLSX): commands, admin pages, errors."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from openpyxl import Workbook

from portal import roles
from procedures import exchange
from procedures.models import Dossier, Paper, Procedure, Step
from tests import factories

pytestmark = pytest.mark.django_db
EXAMPLES = Path(__file__).resolve().parents[2] / "procedures" / "examples"


def rows():
    """Every row of the procedures tables, as stored."""
    from django.apps import apps

    return {
        model._meta.label: sorted(map(repr, model.objects.values_list()))
        for model in apps.get_app_config("procedures").get_models()
    }


@pytest.mark.parametrize("name", ["thu-tuc.json", "thu-tuc.csv"])
def test_example_file_imports_and_a_second_import_changes_nothing(name):
    report = exchange.import_procedures((EXAMPLES / name).read_bytes())
    assert report.errors == []
    assert sorted(report.created) == ["1.001193", "1.001612", "1.001776"]
    birth = Procedure.objects.get(code="1.001193")
    assert birth.name == "Đăng ký khai sinh" and birth.field.name == "Hộ tịch" and birth.level == "xa"
    assert birth.steps.count() == 3 and birth.channels.count() == 3
    assert "Miễn lệ phí" in birth.channels.first().fee and "\n" in birth.channels.first().fee
    assert Procedure.objects.get(code="1.001776").internal_steps.count() == 3
    before = rows()
    second = exchange.import_procedures((EXAMPLES / name).read_bytes())
    assert second.unchanged and not second.created and not second.updated
    assert rows() == before


@pytest.mark.parametrize("kind", ["json", "csv"])
def test_export_then_import_changes_nothing(kind):
    exchange.import_procedures((EXAMPLES / "thu-tuc.json").read_bytes())
    before = rows()
    exported = getattr(exchange, f"export_{kind}")(exchange.export_queryset().order_by("code"))
    report = exchange.import_procedures(exported.encode())
    assert (report.created, report.updated, report.errors) == ([], [], [])
    assert len(report.unchanged) == 3
    assert rows() == before
    # and the two formats carry the same content
    other = "csv" if kind == "json" else "json"
    assert exchange.import_procedures(
        getattr(exchange, f"export_{other}")(exchange.export_queryset()).encode()
    ).unchanged


def test_a_changed_record_updates_by_code_and_replaces_its_parts():
    exchange.import_procedures((EXAMPLES / "thu-tuc.json").read_bytes())
    items = json.loads((EXAMPLES / "thu-tuc.json").read_text())
    items[0]["ten"] = "Đăng ký khai sinh (sửa)"
    items[0]["trinh_tu"] = ["Bước duy nhất."]
    report = exchange.import_procedures(json.dumps(items).encode())
    assert report.updated == [items[0]["ma_thu_tuc"]] and len(report.unchanged) == 2
    procedure = Procedure.objects.get(code=items[0]["ma_thu_tuc"])
    assert procedure.name == "Đăng ký khai sinh (sửa)"
    assert list(procedure.steps.values_list("text", flat=True)) == ["Bước duy nhất."]


def test_bad_rows_are_named_with_row_and_field_and_never_half_saved():
    text = (EXAMPLES / "thu-tuc.csv").read_text()
    bad = text.replace("1.001612,", "1.00161X,").replace("Cấp huyện", "Cấp trung ương", 1)
    bad = bad.replace("Trực tiếp | 03 ngày", "Gửi thư | 03 ngày", 1)
    report = exchange.import_procedures(bad.encode())
    assert sorted(report.created) == ["1.001193", "1.001776"]
    messages = "\n".join(report.errors)
    assert "trường «Mã thủ tục»: «1.00161X» không đúng dạng" in messages
    assert "trường «Cấp thực hiện»: «Cấp trung ương» không hợp lệ" in messages
    assert "trường «Cách thức thực hiện», mục 1: hình thức nộp «Gửi thư» không hợp lệ" in messages
    row = {m.split(":")[0] for m in report.errors}
    assert len(row) == 1 and row.pop().startswith("Dòng ")  # all three on the one bad row
    assert not Procedure.objects.filter(code__in=["1.00161X", "1.001612"]).exists()


def test_errors_in_parts_name_the_item_and_nothing_of_the_procedure_is_written():
    items = json.loads((EXAMPLES / "thu-tuc.json").read_text())
    record = items[0]
    record["thanh_phan_ho_so"][0]["ban_chinh"] = "hai"
    record["can_cu_phap_ly"][0]["ngay_ban_hanh"] = "2014-11-20"
    record["cach_thuc"][0]["hinh_thuc"] = "Fax"
    report = exchange.import_procedures(json.dumps([record]).encode())
    assert report.created == []
    messages = "\n".join(report.errors)
    assert (
        "Mục số 1: trường «Thành phần hồ sơ», mục 1, số bản chính: «hai» không phải là số nguyên" in messages
    )
    assert "ngày ban hành «2014-11-20» phải có dạng ngày/tháng/năm" in messages
    assert "hình thức nộp «Fax» không hợp lệ" in messages
    assert Procedure.objects.count() == 0 and Step.objects.count() == 0 and Paper.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", "không phải là tệp văn bản"),
        (b'[{"ma_thu_tuc": ', "Tệp JSON không hợp lệ"),
        ("ma,ten\n1,2\n".encode("utf-16"), "không phải là tệp văn bản"),
        (b"ma,ten\n1,2\n", "Tệp CSV thiếu cột"),
        (b"PK\x03\x04 not really a workbook", "chỉ nhập từ tệp JSON hoặc CSV"),
    ],
)
def test_files_that_cannot_be_read_are_refused_as_a_whole(data, message):
    with pytest.raises(exchange.FileRejected, match=message):
        exchange.import_procedures(data)


def test_management_commands_import_and_export(tmp_path, capsys):
    call_command("import_procedures", str(EXAMPLES / "thu-tuc.csv"))
    assert "Thêm mới 3" in capsys.readouterr().out
    target = tmp_path / "xuat.json"
    call_command("export_procedures", str(target))
    assert json.loads(target.read_text())[0]["ma_thu_tuc"] == "1.001193"
    call_command("import_procedures", str(target))
    assert "không đổi 3" in capsys.readouterr().out
    bad = tmp_path / "loi.json"
    bad.write_text('[{"ma_thu_tuc": "abc"}]')
    with pytest.raises(CommandError, match="Mục số 1"):
        call_command("import_procedures", str(bad))


def test_desk_imports_and_exports_in_the_admin(client):
    factories.site_settings(unit_level="tinh")  # the national catalogue is changed at a province
    user = factories.staff_user(roles.DESK)
    client.force_login(user)
    page = client.get("/quan-tri/procedures/procedure/")
    assert "Nhập từ tệp" in page.content.decode()
    with open(EXAMPLES / "thu-tuc.json", "rb") as upload:
        response = client.post("/quan-tri/procedures/procedure/nhap/", {"file": upload}, follow=True)
    # the import runs as a background task (at once in the tests); its page shows the report
    assert response.redirect_chain[0][0].startswith("/quan-tri/procedures/importrun/")
    assert response.status_code == 200
    assert "Thêm mới 3" in response.content.decode()
    assert Procedure.objects.get(code="1.001193").updated_by == user
    response = client.post(
        "/quan-tri/procedures/procedure/nhap/",
        {"file": io.BytesIO(b'[{"ma_thu_tuc": "1.001193", "ten": ""}]')},
        follow=True,
    )
    assert "Mục số 1: trường «Tên thủ tục» không được để trống." in response.content.decode()
    ids = list(Procedure.objects.values_list("pk", flat=True))
    response = client.post(
        "/quan-tri/procedures/procedure/", {"action": "export_csv", "_selected_action": ids}
    )
    assert response["Content-Type"].startswith("text/csv")
    assert exchange.import_procedures(response.content).unchanged


def test_only_the_desk_may_import():
    from django.test import Client

    client = Client()
    client.force_login(factories.staff_user(roles.EDITOR))
    assert client.get("/quan-tri/procedures/procedure/nhap/").status_code == 403


# --- dossiers ---------------------------------------------------------------------------------------------


@pytest.fixture
def catalogue():
    exchange.import_procedures((EXAMPLES / "thu-tuc.json").read_bytes())
    factories.procedure(code="2.000815", name="Chứng thực bản sao", processing_days=0)


def xlsx(rows):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("name", ["ho-so.csv", "ho-so.xlsx"])
def test_dossier_spreadsheet_imports_and_updates_by_code(catalogue, name):
    report = exchange.import_dossiers((EXAMPLES / name).read_bytes())
    assert report.errors == [] and len(report.created) == 3
    first = Dossier.objects.get(code="000.00.14.H19-201102-0001")
    assert first.status == "10" and first.applicant_name == "Lò Văn Pọm"
    # due date computed from the procedure's 3 working days: Mon 02/11 → Thu 05/11 at closing time
    assert f"{timezone.localtime(first.due_at):%d/%m/%Y %H:%M}" == "05/11/2020 17:00"
    # a same-day certification received at 14:00 and done at 16:30 is on time, not late since 14:00
    same_day = Dossier.objects.get(code="000.00.14.H19-201103-0001")
    assert (
        same_day.status == "9"
        and f"{timezone.localtime(same_day.due_at):%d/%m/%Y %H:%M}" == "03/11/2020 17:00"
    )
    assert same_day.timeliness == "dung_han" and not same_day.is_late
    again = exchange.import_dossiers((EXAMPLES / name).read_bytes())
    assert len(again.unchanged) == 3 and not again.updated


def test_dossier_rows_with_errors_save_nothing_and_name_row_and_column(catalogue):
    data = xlsx(
        [
            ["Mã hồ sơ", "Mã thủ tục", "Ngày tiếp nhận", "Trạng thái", "Người nộp"],
            ["000.00.14.H19-201102-0001", 1.001612, "02/11/2020 08:15", "Đang xử lý", "Lò Văn Pọm"],
            ["SAI-MA", "1.001612", "02/11/2020 08:15", "Đang xử lý", "Lò Văn Pọm"],
            ["000.00.14.H19-201102-0003", "9.999999", "31/02/2020", "Đã bay", ""],
            ["000.00.14.H19-201102-0004", "1.001612", "02/11/2020 08:15", "Đã trả kết quả", "Cà Văn Sáng"],
        ]
    )
    report = exchange.import_dossiers(data)
    messages = "\n".join(report.errors)
    assert "Dòng 3, cột «Mã hồ sơ»" in messages
    assert "Dòng 4, cột «Mã thủ tục»: không có thủ tục mã «9.999999»" in messages
    assert "Dòng 4, cột «Ngày tiếp nhận»: «31/02/2020»" in messages
    assert "Dòng 4, cột «Trạng thái»" in messages and "Dòng 4, cột «Người nộp»" in messages
    assert "Dòng 5, cột «Ngày có kết quả»: hồ sơ «Đã trả kết quả» cần ngày có kết quả" in messages
    assert "Dòng 2" not in messages  # a code typed as a number in the spreadsheet still counts
    assert Dossier.objects.count() == 0


def test_fake_or_wrong_dossier_files_are_refused(catalogue):
    with pytest.raises(exchange.FileRejected, match="không phải là bảng tính Excel"):
        exchange.import_dossiers(b"PK\x03\x04" + b"\x00" * 100)
    with pytest.raises(exchange.FileRejected, match="thiếu cột «Mã hồ sơ»"):
        exchange.import_dossiers("Mã,Tên\n1,2\n".encode())
    with pytest.raises(exchange.FileRejected, match="chỉ nhập từ tệp CSV hoặc Excel"):
        exchange.import_dossiers(b'[{"a": 1}]')


def test_dossier_import_command_and_admin_page(catalogue, client, capsys):
    call_command("import_dossiers", str(EXAMPLES / "ho-so.xlsx"))
    assert "Thêm mới 3" in capsys.readouterr().out
    client.force_login(factories.staff_user(roles.DESK))
    with open(EXAMPLES / "ho-so.csv", "rb") as upload:
        response = client.post("/quan-tri/procedures/dossier/nhap/", {"file": upload}, follow=True)
    assert "không đổi 3" in response.content.decode()


def test_too_long_values_are_reported_not_crashing_the_database():
    items = json.loads((EXAMPLES / "thu-tuc.json").read_text())
    items[0]["can_cu_phap_ly"][0]["so_ky_hieu"] = "9" * 150
    items[1]["so_quyet_dinh"] = "Q" * 150
    report = exchange.import_procedures(json.dumps(items).encode())
    messages = "\n".join(report.errors)
    assert "Mục số 1: trường «Căn cứ pháp lý», mục 1: phần «so_ky_hieu» dài quá 100 ký tự." in messages
    assert "Mục số 2: trường «Số quyết định công bố» dài quá 100 ký tự." in messages
    assert report.created == [items[2]["ma_thu_tuc"]]


def test_a_dossier_code_twice_in_one_file_is_refused(catalogue):
    row = "000.00.14.H19-201102-0001,1.001612,02/11/2020 08:15,Đang xử lý,Lò Văn Pọm"
    data = f"Mã hồ sơ,Mã thủ tục,Ngày tiếp nhận,Trạng thái,Người nộp\n{row}\n{row}\n".encode()
    report = exchange.import_dossiers(data)
    assert report.errors == ["Dòng 3, cột «Mã hồ sơ»: mã 000.00.14.H19-201102-0001 đã có ở dòng 2."]
    assert Dossier.objects.count() == 0
