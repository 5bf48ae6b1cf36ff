"""«Nhập từ tệp» as a background task (issue 20, item 1): a run per file, its progress page, «Hủy», all or
nothing per file, the error report to download, and runs seen only in their unit by who may import."""

import csv
import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings as live_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from portal import roles
from procedures import exchange, imports
from procedures.admin import describe_progress
from procedures.models import Dossier, ImportKind, ImportRun, ImportStatus, Procedure
from tests import factories

pytestmark = pytest.mark.django_db
EXAMPLES = Path(__file__).resolve().parents[2] / "procedures" / "examples"
HEADERS = "Mã hồ sơ,Mã thủ tục,Ngày tiếp nhận,Trạng thái,Người nộp\n"
GOOD = "000.00.14.H19-201102-0001,1.001612,02/11/2020 08:15,Đang xử lý,Lò Văn Pọm\n"
BAD = "SAI-MA,1.001612,02/11/2020 08:15,Đang xử lý,Lò Văn Pọm\n"


@pytest.fixture
def catalogue():
    exchange.import_procedures((EXAMPLES / "thu-tuc.json").read_bytes())
    factories.procedure(code="2.000815", name="Chứng thực bản sao", processing_days=0)


def desk_client(user=None):
    client = Client()
    client.force_login(user or factories.staff_user(roles.DESK))
    return client


def upload(content, name="ho-so.csv"):
    return SimpleUploadedFile(name, content)


def post_dossiers(client, content, name="ho-so.csv"):
    return client.post("/quan-tri/procedures/dossier/nhap/", {"file": upload(content, name)}, follow=True)


def test_an_import_in_the_admin_makes_a_run_that_the_task_completes(catalogue):
    user = factories.staff_user(roles.DESK, first_name="Hoa", last_name="Lò Thị")
    response = post_dossiers(desk_client(user), (EXAMPLES / "ho-so.csv").read_bytes())
    run = ImportRun.objects.get()
    assert response.redirect_chain == [(f"/quan-tri/procedures/importrun/{run.pk}/change/", 302)]
    assert (run.kind, run.status, run.file_name, run.created_by) == (
        ImportKind.DOSSIERS,
        ImportStatus.DONE,
        "ho-so.csv",
        user,
    )
    assert (run.total_rows, run.rows_checked, run.rows_to_write, run.rows_written) == (3, 3, 3, 3)
    assert (run.created_count, run.updated_count, run.unchanged_count, run.error_count) == (3, 0, 0, 0)
    assert run.started_at and run.finished_at and run.finished_at >= run.started_at
    assert Dossier.objects.count() == 3
    # the file is kept privately: under PRIVATE_MEDIA_ROOT, never under MEDIA_ROOT, with no public URL
    stored = Path(run.file.path)
    assert stored.is_relative_to(Path(live_settings.PRIVATE_MEDIA_ROOT))
    assert stored.read_bytes() == (EXAMPLES / "ho-so.csv").read_bytes()
    assert not Path(live_settings.MEDIA_ROOT).exists() or not any(
        Path(live_settings.MEDIA_ROOT).rglob("*.csv")
    )
    with pytest.raises(ValueError):
        run.file.url  # noqa: B018
    page = response.content.decode()
    assert "Thêm mới 3, cập nhật 0, không đổi 0, lỗi 0." in page
    assert "Lò Thị Hoa" in page and f"{timezone.localtime(run.created_at):%d/%m/%Y %H:%M}" in page
    assert 'http-equiv="refresh"' not in page  # finished: the page no longer reloads itself
    # the list of runs, to come back to
    listing = desk_client(user).get("/quan-tri/procedures/importrun/").content.decode()
    assert "ho-so.csv" in listing and "Xong" in listing


def test_a_dossier_file_with_one_bad_row_writes_nothing_and_reports_the_row(catalogue):
    client = desk_client()
    response = post_dossiers(client, (HEADERS + GOOD + BAD).encode())
    run = ImportRun.objects.get()
    assert run.status == ImportStatus.FAILED and run.error_count == 1
    assert Dossier.objects.count() == 0
    page = response.content.decode()
    assert "Các lỗi cần sửa" in page
    assert "Dòng 3, cột «Mã hồ sơ»: «SAI-MA» không đúng dạng mã hồ sơ" in page
    assert "không hồ sơ nào được lưu" in page
    # the error report: UTF-8 with a byte-order mark (Excel reads the Vietnamese), the row and the reason
    csv_url = f"/quan-tri/procedures/importrun/{run.pk}/loi.csv"
    assert csv_url in page
    report = client.get(csv_url)
    assert report["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="loi-nhap-tu-tep-{run.pk}.csv"' in report["Content-Disposition"]
    assert report.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(report.content.decode("utf-8-sig"))))
    assert rows[0] == ["Dòng", "Lỗi"]
    assert rows[1][0] == "3" and rows[1][1].startswith("Cột «Mã hồ sơ»: «SAI-MA» không đúng dạng")
    assert len(rows) == 2
    sheet = client.get(f"/quan-tri/procedures/importrun/{run.pk}/loi.xlsx")
    assert sheet["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = load_workbook(io.BytesIO(sheet.content), read_only=True)
    values = list(book.worksheets[0].iter_rows(values_only=True))
    assert values[0] == ("Dòng", "Lỗi") and values[1][0] == 3 and "SAI-MA" in values[1][1]
    assert client.get(f"/quan-tri/procedures/importrun/{run.pk}/loi.pdf").status_code == 404


def test_procedures_keep_their_rule_a_bad_procedure_is_not_written_the_others_are():
    factories.site_settings(unit_level="tinh")  # the national catalogue is changed at a province
    client = desk_client()
    good = (EXAMPLES / "thu-tuc.json").read_text()
    data = good.replace('"ten": "Đăng ký khai sinh"', '"ten": ""', 1).encode()
    response = client.post(
        "/quan-tri/procedures/procedure/nhap/", {"file": upload(data, "thu-tuc.json")}, follow=True
    )
    run = ImportRun.objects.get()
    assert run.kind == ImportKind.PROCEDURES and run.status == ImportStatus.DONE
    assert (run.created_count, run.error_count) == (2, 1)
    assert not Procedure.objects.filter(code="1.001193").exists() and Procedure.objects.count() == 2
    assert "Mục số 1: trường «Tên thủ tục» không được để trống." in response.content.decode()
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(f"/quan-tri/procedures/importrun/{run.pk}/loi.csv").content.decode("utf-8-sig")
            )
        )
    )
    assert rows == [["Mục số", "Lỗi"], ["1", "Trường «Tên thủ tục» không được để trống."]]


def test_a_file_the_import_cannot_read_fails_the_run_with_its_reason(catalogue):
    response = post_dossiers(desk_client(), b'[{"a": 1}]', name="ho-so.json")
    run = ImportRun.objects.get()
    assert run.status == ImportStatus.FAILED
    assert "Hồ sơ chỉ nhập từ tệp CSV hoặc Excel (.xlsx)." in response.content.decode()
    assert Dossier.objects.count() == 0


class CancelWhenWritten(exchange.NoProgress):
    """A follower who cancels once the rows have been written, inside the import's transaction."""

    def written(self, done, errors):
        raise exchange.Cancelled


def test_a_cancel_during_the_write_rolls_back_every_row_written(catalogue):
    with pytest.raises(exchange.Cancelled):
        exchange.import_dossiers((EXAMPLES / "ho-so.csv").read_bytes(), progress=CancelWhenWritten())
    assert Dossier.objects.count() == 0
    with pytest.raises(exchange.Cancelled):
        exchange.import_procedures(
            (EXAMPLES / "thu-tuc.csv").read_bytes().replace(b"1.001193", b"1.009193"),
            progress=CancelWhenWritten(),
        )
    assert not Procedure.objects.filter(code="1.009193").exists()


def _waiting_run(content=b"", kind=ImportKind.DOSSIERS, user=None):
    run = ImportRun(kind=kind, file_name="ho-so.csv", created_by=user)
    run.file.save("ho-so.csv", io.BytesIO(content), save=False)
    run.save()
    return run


def test_a_run_whose_cancel_came_after_the_worker_took_it_stops_at_the_next_batch(catalogue, unit):
    run = _waiting_run((EXAMPLES / "ho-so.csv").read_bytes())
    ImportRun.objects.filter(pk=run.pk).update(cancel_requested=True)
    assert imports.import_file.call(unit.pk, run.pk) == "đã hủy"
    run.refresh_from_db()
    assert run.status == ImportStatus.CANCELLED and run.finished_at
    assert "không dữ liệu nào được ghi" in run.message
    assert Dossier.objects.count() == 0


def test_the_page_of_a_running_run_shows_progress_time_left_and_reloads_itself(catalogue):
    client = desk_client()
    run = _waiting_run()
    now = timezone.now()
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportStatus.RUNNING,
        started_at=now - timedelta(seconds=10),
        total_rows=1000,
        rows_checked=500,
        error_count=2,
        errors=["Dòng 7, cột «Mã hồ sơ»: sai.", "Dòng 9, cột «Trạng thái»: sai."],
    )
    run.refresh_from_db()
    # a quarter of the work (check every row, then write every row) in 10 s: about 30 s left
    assert run.seconds_left(now) == 30
    assert "Đã kiểm tra 500/1.000 dòng" in describe_progress(run)
    page = client.get(f"/quan-tri/procedures/importrun/{run.pk}/change/").content.decode()
    assert '<meta http-equiv="refresh" content="2">' in page
    assert "Đã kiểm tra 500/1.000 dòng" in page and "còn khoảng" in page
    assert "Lỗi đến lúc này: 2." in page and "Dòng 9, cột «Trạng thái»: sai." in page
    assert 'value="Hủy"' in page
    assert "<script>" not in page.split("</head>")[1]  # no inline script (CSP): the refresh is a meta tag
    # «Hủy» on a running run: the task stops at its next batch
    response = client.post(f"/quan-tri/procedures/importrun/{run.pk}/huy/", follow=True)
    run.refresh_from_db()
    assert run.cancel_requested and run.status == ImportStatus.RUNNING
    assert "Đã yêu cầu hủy" in response.content.decode()


def test_a_run_that_is_writing_is_cancelled_on_postgresql_and_left_to_finish_on_sqlite(catalogue):
    run = _waiting_run()
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportStatus.RUNNING,
        started_at=timezone.now(),
        total_rows=10,
        rows_checked=10,
        rows_to_write=10,
    )
    run.refresh_from_db()
    assert "đang ghi vào cơ sở dữ liệu" in describe_progress(run)
    said = imports.cancel(run)
    run.refresh_from_db()
    if connection.vendor == "sqlite":  # one writer: the «Hủy» would wait for the import's write lock
        assert (
            said.startswith("Lần nhập đang ghi dữ liệu nên không hủy được nữa") and not run.cancel_requested
        )
    else:
        assert said.startswith("Đã yêu cầu hủy") and run.cancel_requested


def test_a_run_whose_worker_stopped_mid_way_is_closed_by_cancel(catalogue, clock):
    run = _waiting_run()
    ImportRun.objects.filter(pk=run.pk).update(status=ImportStatus.RUNNING, started_at=timezone.now())
    clock.shift(timedelta(minutes=11))
    run.refresh_from_db()
    assert imports.cancel(run).startswith("Đã hủy lần nhập bị dừng giữa chừng")
    run.refresh_from_db()
    assert run.status == ImportStatus.CANCELLED and run.finished_at


def test_another_unit_and_who_may_not_import_get_no_run():
    factories.site_settings()
    run = _waiting_run()
    other = factories.unit("03002", "Xã Khác")
    outsider = factories.staff_user(roles.DESK, in_unit=other)
    for url in (
        f"/quan-tri/procedures/importrun/{run.pk}/change/",
        f"/quan-tri/procedures/importrun/{run.pk}/loi.csv",
    ):
        assert desk_client(outsider).get(url).status_code == 404, url
    assert desk_client(outsider).post(f"/quan-tri/procedures/importrun/{run.pk}/huy/").status_code == 404
    assert "ho-so.csv" not in desk_client(outsider).get("/quan-tri/procedures/importrun/").content.decode()
    # in the unit, an editor (who may not import dossiers) does not see the desk's runs either
    editor = desk_client(factories.staff_user(roles.EDITOR))
    assert editor.get(f"/quan-tri/procedures/importrun/{run.pk}/change/").status_code in (403, 404)
    run.refresh_from_db()
    assert run.status == ImportStatus.WAITING and not run.cancel_requested
    # a commune's desk follows its dossier imports, not the national catalogue's (changed at a province)
    run.kind = ImportKind.PROCEDURES
    run.save()
    assert desk_client().get(f"/quan-tri/procedures/importrun/{run.pk}/change/").status_code == 404


# --- through the real queue: django-tasks-db and `manage.py db_worker` --------------------------------------


@pytest.fixture
def with_roles():
    """The role groups again: a test before that flushed the database took those of the migrations."""
    from django.apps import apps

    from portal.roles import sync_roles

    sync_roles(apps)


@pytest.mark.django_db(transaction=True)
def test_through_the_database_queue_the_worker_runs_the_import(settings, with_roles, catalogue):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client = desk_client()
    response = post_dossiers(client, (EXAMPLES / "ho-so.csv").read_bytes())
    run = ImportRun.objects.get()
    assert run.status == ImportStatus.WAITING and run.task_id
    page = response.content.decode()
    assert "Đã nhận tệp «ho-so.csv»" in page and "Đang chờ tiến trình nền bắt đầu." in page
    assert '<meta http-equiv="refresh" content="2">' in page
    assert Dossier.objects.count() == 0  # nothing until a worker runs it
    call_command("db_worker", "--batch", "--no-startup-delay")
    run.refresh_from_db()
    assert run.status == ImportStatus.DONE and run.created_count == 3
    assert Dossier.objects.count() == 3
    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.get(id=run.task_id).status == "SUCCESSFUL"


@pytest.mark.django_db(transaction=True)
def test_cancelling_a_waiting_run_stops_it_and_writes_nothing(settings, with_roles, catalogue):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client = desk_client()
    post_dossiers(client, (EXAMPLES / "ho-so.csv").read_bytes())
    run = ImportRun.objects.get()
    response = client.post(f"/quan-tri/procedures/importrun/{run.pk}/huy/", follow=True)
    assert "Đã hủy lần nhập trước khi bắt đầu" in response.content.decode()
    run.refresh_from_db()
    assert run.status == ImportStatus.CANCELLED
    call_command("db_worker", "--batch", "--no-startup-delay")
    run.refresh_from_db()
    assert run.status == ImportStatus.CANCELLED and run.started_at is None
    assert Dossier.objects.count() == 0
    # the page no longer offers «Hủy» nor reloads itself
    page = client.get(f"/quan-tri/procedures/importrun/{run.pk}/change/").content.decode()
    assert 'value="Hủy"' not in page and 'http-equiv="refresh"' not in page


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_progress_and_cancel_cross_the_open_write_transaction(catalogue):
    """While the import's transaction is open, what it writes of its progress is seen by others at once,
    and a cancel written by another connection reaches it (without either waiting for a lock)."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    run = _waiting_run()
    ImportRun.objects.filter(pk=run.pk).update(status=ImportStatus.RUNNING, started_at=timezone.now())
    progress = imports.RunProgress(run)
    progress.writing(10)
    other = connections.create_connection("default")
    try:
        with transaction.atomic():
            Dossier.objects.count()  # the import's transaction is open
            progress.written(5, ["Dòng 2: sai."])
            with other.cursor() as cursor:
                cursor.execute(
                    "SELECT rows_written, error_count FROM procedures_importrun WHERE id = %s", [run.pk]
                )
                assert cursor.fetchone() == (5, 1)
                cursor.execute(
                    "UPDATE procedures_importrun SET cancel_requested = true WHERE id = %s", [run.pk]
                )
            with pytest.raises(exchange.Cancelled):
                progress.written(6, [])
    finally:
        other.close()
        progress.close()


def test_a_dry_run_says_what_would_change_writes_nothing_and_can_then_be_imported(catalogue):
    client = desk_client()
    existing = "000.00.14.H19-201102-0002,1.001612,02/11/2020 09:00,Đang xử lý,Cà Văn Thắng\n"
    post_dossiers(client, (HEADERS + existing).encode())  # one dossier already in the register
    changed = existing.replace("Đang xử lý", "Đã trả kết quả").replace(",Cà", ",Cà")
    content = (HEADERS + GOOD + changed.replace("Đã trả kết quả", "Yêu cầu bổ sung giấy tờ")).encode()
    response = client.post(
        "/quan-tri/procedures/dossier/nhap/", {"file": upload(content), "dry_run": "on"}, follow=True
    )
    run = ImportRun.objects.latest("pk")
    assert run.dry_run and run.status == ImportStatus.DONE
    assert (run.created_count, run.updated_count, run.unchanged_count) == (1, 1, 0)
    assert Dossier.objects.count() == 1  # nothing written
    assert Dossier.objects.get().get_status_display() == "Đang xử lý"
    page = response.content.decode()
    assert "Chạy thử: sẽ thêm mới 1, cập nhật 1, không đổi 0, lỗi 0; chưa ghi gì." in page
    assert "Sẽ thêm mới (1)" in page and "000.00.14.H19-201102-0001" in page
    assert "Sẽ cập nhật (1)" in page and "000.00.14.H19-201102-0002" in page
    assert "Nhập thật tệp này" in page
    # «Nhập thật tệp này»: the same file, imported for real in a new run
    response = client.post(f"/quan-tri/procedures/importrun/{run.pk}/nhap-that/", follow=True)
    real = ImportRun.objects.latest("pk")
    assert real.pk != run.pk and not real.dry_run and real.status == ImportStatus.DONE
    assert response.redirect_chain[-1][0] == f"/quan-tri/procedures/importrun/{real.pk}/change/"
    assert (real.created_count, real.updated_count) == (1, 1)
    assert Dossier.objects.count() == 2
    assert Dossier.objects.get(code="000.00.14.H19-201102-0002").get_status_display() == (
        "Yêu cầu bổ sung giấy tờ"
    )
    assert "Nhập thật tệp này" not in response.content.decode()


def test_a_dry_run_of_a_file_with_a_bad_row_lists_it_and_offers_no_import(catalogue):
    client = desk_client()
    response = client.post(
        "/quan-tri/procedures/dossier/nhap/",
        {"file": upload((HEADERS + GOOD + BAD).encode()), "dry_run": "on"},
        follow=True,
    )
    run = ImportRun.objects.get()
    assert run.dry_run and run.error_count == 1 and Dossier.objects.count() == 0
    page = response.content.decode()
    assert "Dòng 3" in page and "Nhập thật tệp này" not in page
    # a forged «Nhập thật» of it writes nothing either
    client.post(f"/quan-tri/procedures/importrun/{run.pk}/nhap-that/")
    assert ImportRun.objects.count() == 1 and Dossier.objects.count() == 0
    # nor does another unit's desk reach it
    other = factories.unit("88888", "Xã Búng Lao")
    stranger = factories.staff_user(roles.DESK, in_unit=other)
    assert desk_client(stranger).post(f"/quan-tri/procedures/importrun/{run.pk}/nhap-that/").status_code in {
        302,
        404,
    }
    assert ImportRun.objects.count() == 1


def test_a_dry_run_of_procedures_names_what_would_change(catalogue):
    data = (EXAMPLES / "thu-tuc.json").read_bytes()
    report = exchange.import_procedures(data, dry_run=True)
    assert report.unchanged and not report.created and not report.updated  # already imported as they are
    before = Procedure.objects.count()
    Procedure.objects.filter(code=report.unchanged[0]).update(name="Tên cũ")
    report = exchange.import_procedures(data, dry_run=True)
    assert report.updated == [report.updated[0]] and len(report.updated) == 1
    assert Procedure.objects.get(code=report.updated[0]).name == "Tên cũ"  # still not written
    assert Procedure.objects.count() == before


def test_an_import_moves_the_units_pages_once_not_once_a_row(
    catalogue, monkeypatch, django_capture_on_commit_callbacks
):
    """100,000 rows must not make 200,000 round trips to the shared cache: the content version moves once at
    the end of the writing and once at the commit, and the pages then show the new dossiers."""
    from portal import cache as content_cache

    bumps = []
    real = content_cache.bump_content_version
    monkeypatch.setattr(
        content_cache, "bump_content_version", lambda unit_id=None: bumps.append(unit_id) or real(unit_id)
    )
    before = content_cache.content_version()
    rows = "".join(
        f"000.00.14.H19-201102-{n:04d},1.001612,02/11/2020 08:15,Đang xử lý,Lò Văn Pọm\n" for n in range(1, 6)
    )
    with django_capture_on_commit_callbacks(execute=True):
        report = exchange.import_dossiers((HEADERS + rows).encode())
    assert len(report.created) == 5 and Dossier.objects.count() == 5
    unit_id = Dossier.objects.first().unit_id
    assert bumps == [unit_id, unit_id]
    assert content_cache.content_version() != before
