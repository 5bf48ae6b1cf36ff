"""Imports from files in the background: the admin's «Nhập từ tệp» stores the file and enqueues a task; the
task imports it and keeps its progress on the run (``ImportRun``), which the admin's run page shows.

How progress is seen while the import's transaction is open, on PostgreSQL and on SQLite:

1. Checking. ``exchange`` checks every row before writing anything, outside any transaction of its own:
   each batch of rows checked (and the errors so far) is an ordinary UPDATE of the run, committed at once
   (the worker runs tasks in autocommit), so the run page sees it. Checking is most of the work of a
   procedure file, and a dossier file with one bad row stops here, having written nothing.
2. Writing. All the rows to write are written in one transaction, so no half of a file is ever seen, and a
   failure or a cancellation rolls every row back. The run's row is never written by that transaction: on
   PostgreSQL each batch's progress goes through a second connection of its own, in autocommit, and the
   cancel flag is read there too (so the page's «Hủy», an UPDATE of the run, never waits on the import's
   locks). SQLite has one writer at a time: a second connection would wait for the import's own write lock,
   so there the rows written are not reported while the transaction runs (the page says it is writing; the
   counts come when it commits), and a run that is writing can no longer be cancelled (the page says so
   instead of waiting for the lock). PostgreSQL is what production runs; SQLite serves the demo, whose
   tasks run at once in the request anyway.

The task takes ids (the run's unit is put in scope by the task: the worker has none) and does nothing for
a run that is no longer waiting: cancelled before a worker took it, or already taken by another worker.
"""

import logging

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models.functions import Coalesce
from django.db.models.sql import UpdateQuery
from django.db.models.sql.constants import ROW_COUNT
from django.tasks import task
from django.utils import timezone

from portal import units
from portal.models import Unit
from procedures import exchange
from procedures.models import ImportKind, ImportRun, ImportStatus

logger = logging.getLogger(__name__)

IMPORTERS = {
    ImportKind.PROCEDURES: exchange.import_procedures,
    ImportKind.DOSSIERS: exchange.import_dossiers,
}
STALE_SECONDS = 10 * 60  # a running run with no progress for this long is taken for dead (a worker killed)
MAX_ERRORS_KEPT = 20000  # errors kept on the run for its page and its report (the count is always exact)
CHANGES_KEPT = 1000  # the codes a dry run would create or update, kept for its page (the counts are exact)
ERRORS_WHILE_RUNNING = 200  # the first errors, written with each batch: the page shows them as they come


def start_import(*, kind, upload, user, dry_run=False):
    """Keep the uploaded file with a new run of the unit in scope, and queue the task that imports it.

    The run and the queued task are written together: with the database queue both rows commit at once,
    so a task never waits for a run that is not there, nor a run for a task that was never queued. (With the
    immediate backend of the demo and the tests, the task runs here, and the run is finished on return.)"""
    run = ImportRun(kind=kind, created_by=user, file_name=upload.name[:255], dry_run=dry_run)
    run.unit = units.current()
    run.file.save(upload.name, upload, save=False)
    try:
        with transaction.atomic():
            run.save()
            result = import_file.enqueue(run.unit_id, run.pk)
            ImportRun.objects.filter(pk=run.pk, task_id="").update(task_id=str(result.id)[:64])
    except Exception:
        run.file.delete(save=False)  # nothing was recorded: keep no file of it either
        raise
    run.refresh_from_db()
    return run


def run_for_real(run, user):
    """Import for real the file of a dry run (``run.may_run_for_real``): a new run, of the same file."""
    from django.core.files.base import ContentFile

    with run.file.open("rb") as stored:
        upload = ContentFile(stored.read(), name=run.file_name)
    return start_import(kind=run.kind, upload=upload, user=user)


def cancel(run):
    """Cancel a run: a waiting one at once, a running one at its next batch. Returns what to tell the person."""
    if run.status == ImportStatus.WAITING:
        if ImportRun.objects.filter(pk=run.pk, status=ImportStatus.WAITING).update(
            status=ImportStatus.CANCELLED, cancel_requested=True, finished_at=timezone.now()
        ):
            return "Đã hủy lần nhập trước khi bắt đầu; không dữ liệu nào được ghi."
        run.refresh_from_db()
    if run.status != ImportStatus.RUNNING:
        return f"Lần nhập đã kết thúc ({run.get_status_display().lower()}): không còn gì để hủy."
    if run.is_writing and connection.vendor == "sqlite":
        return "Lần nhập đang ghi dữ liệu nên không hủy được nữa; hãy chờ kết thúc."
    if (timezone.now() - run.updated_at).total_seconds() > STALE_SECONDS:
        # no worker has moved it for a long while (stopped mid-way): its transaction died with it
        ImportRun.objects.filter(pk=run.pk, status=ImportStatus.RUNNING).update(
            status=ImportStatus.CANCELLED,
            cancel_requested=True,
            finished_at=timezone.now(),
            message="Tiến trình nhập đã dừng giữa chừng; không dữ liệu nào được ghi.",
        )
        return "Đã hủy lần nhập bị dừng giữa chừng; không dữ liệu nào được ghi."
    ImportRun.objects.filter(pk=run.pk, status=ImportStatus.RUNNING).update(cancel_requested=True)
    return "Đã yêu cầu hủy: lần nhập dừng ở lô dòng kế tiếp và không ghi dữ liệu nào."


class RunProgress(exchange.NoProgress):
    """The hooks of ``exchange``'s imports, written on the run where the admin reads them (see the module's
    docstring for how, while the write transaction is open)."""

    def __init__(self, run):
        self.pk = run.pk
        self.side = None  # the second connection, on PostgreSQL, while writing
        self.in_write = False

    def read(self, total):
        self._update(total_rows=total)

    def checked(self, done, errors):
        self._update(rows_checked=done, **self._errors(errors))
        self._stop_if_cancelled()

    def writing(self, count):
        self._update(rows_to_write=count)
        self._stop_if_cancelled()
        self.in_write = True

    def written(self, done, errors):
        self._update(rows_written=done, **self._errors(errors))
        self._stop_if_cancelled()

    def close(self):
        if self.side is not None:
            self.side.close()
            self.side = None

    @staticmethod
    def _errors(errors):
        return {"error_count": len(errors), "errors": list(errors[:ERRORS_WHILE_RUNNING])}

    def _connection(self):
        """Where to write: the task's own connection, except while the import's transaction is open."""
        if not self.in_write:
            return connection
        if connection.vendor == "postgresql":
            if self.side is None:
                self.side = connections.create_connection(DEFAULT_DB_ALIAS)
            return self.side
        return None  # SQLite: one writer at a time (see above)

    def _update(self, **fields):
        target = self._connection()
        if target is None:
            return
        fields["updated_at"] = timezone.now()
        if target is connection:
            ImportRun._base_manager.filter(pk=self.pk).update(**fields)
            return
        query = UpdateQuery(ImportRun)
        query.add_update_values(fields)
        query.add_filter("pk", self.pk)
        query.get_compiler(connection=target).execute_sql(ROW_COUNT)

    def _stop_if_cancelled(self):
        target = self._connection() or connection
        if target is connection:
            cancelled = ImportRun._base_manager.filter(pk=self.pk, cancel_requested=True).exists()
        else:
            table = target.ops.quote_name(ImportRun._meta.db_table)
            with target.cursor() as cursor:
                cursor.execute(f"SELECT cancel_requested FROM {table} WHERE id = %s", [self.pk])
                row = cursor.fetchone()
            cancelled = bool(row and row[0])
        if cancelled:
            raise exchange.Cancelled


def _finish(run_pk, status, **fields):
    ImportRun._base_manager.filter(pk=run_pk).update(status=status, finished_at=timezone.now(), **fields)


@task
def import_file(unit_pk, run_pk):
    """Import the run's file into its unit; the outcome and the report are kept on the run."""
    unit = Unit.objects.get(pk=unit_pk)
    with units.activate(unit):
        started = ImportRun.objects.filter(pk=run_pk, status=ImportStatus.WAITING).update(
            status=ImportStatus.RUNNING, started_at=timezone.now()
        )
        if not started:
            return "không chạy: lần nhập không còn chờ"
        run = ImportRun.objects.select_related("created_by").get(pk=run_pk)
        progress = RunProgress(run)
        try:
            with run.file.open("rb") as stored:
                data = stored.read()
            report = IMPORTERS[run.kind](data, user=run.created_by, progress=progress, dry_run=run.dry_run)
        except exchange.Cancelled:
            _finish(
                run_pk, ImportStatus.CANCELLED, message="Đã hủy theo yêu cầu; không dữ liệu nào được ghi."
            )
            return "đã hủy"
        except exchange.FileRejected as exc:
            _finish(run_pk, ImportStatus.FAILED, message=str(exc))
            return "tệp bị từ chối"
        except Exception:
            logger.exception("import run %s failed", run_pk)
            _finish(
                run_pk,
                ImportStatus.FAILED,
                message="Lỗi ngoài dự kiến khi nhập; không dữ liệu nào được ghi. Hãy báo quản trị hệ thống.",
            )
            raise
        finally:
            progress.close()
        written = report.created or report.updated or report.unchanged
        _finish(
            run_pk,
            ImportStatus.DONE if written or not report.errors else ImportStatus.FAILED,
            message=_outcome(run.kind, report, run.dry_run),
            changes={"created": report.created[:CHANGES_KEPT], "updated": report.updated[:CHANGES_KEPT]}
            if run.dry_run
            else {},
            error_count=len(report.errors),
            errors=report.errors[:MAX_ERRORS_KEPT],
            created_count=len(report.created),
            updated_count=len(report.updated),
            unchanged_count=len(report.unchanged),
            rows_written=Coalesce("rows_to_write", 0),
        )
        return report.summary()


def _outcome(kind, report, dry_run=False):
    if dry_run:
        if report.errors and kind == ImportKind.DOSSIERS:
            return "Tệp có dòng lỗi: nhập thật thì không hồ sơ nào được lưu. Hãy sửa tệp theo danh sách lỗi."
        if not (report.created or report.updated):
            return "Tệp không có gì mới so với dữ liệu hiện có: nhập thật cũng không thay đổi gì."
        return "Chưa ghi gì. Xem các mã sẽ thay đổi bên dưới, rồi bấm «Nhập thật tệp này» nếu đúng."
    if not report.errors:
        return "Đã nhập xong."
    if kind == ImportKind.DOSSIERS:
        return "Tệp có dòng lỗi nên không hồ sơ nào được lưu; hãy sửa tệp theo danh sách lỗi rồi nhập lại."
    return "Các thủ tục có lỗi không được lưu; các thủ tục khác đã được lưu."


# --- big exports of the dossier register -------------------------------------------------------------------

EXPORT_IN_REQUEST_ROWS = 5000  # up to this many dossiers the file is made in the request itself


def start_export(*, dossiers, kind, personal, user, label):
    """Queue the export of ``dossiers`` (a filtered queryset of the unit in scope) as a file of ``kind``."""
    import pickle

    from procedures.models import DossierExport

    with transaction.atomic():
        run = DossierExport.objects.create(
            created_by=user,
            kind=kind,
            personal=personal,
            label=label[:300],
            query=pickle.dumps(dossiers.query),
        )
        transaction.on_commit(lambda: export_dossiers.enqueue(run.unit_id, run.pk))
    return run


@task
def export_dossiers(unit_pk, run_pk):
    """Make the file of a queued export: the dossiers its query selects, in the import's columns."""
    import pickle

    from django.core.files.base import ContentFile

    from procedures.models import Dossier, DossierExport

    with units.everywhere():
        run = DossierExport.objects.select_related("unit").filter(pk=run_pk, unit_id=unit_pk).first()
    if run is None or run.status != ImportStatus.WAITING:
        return "bỏ qua: không còn chờ"
    with units.activate(run.unit):
        DossierExport.objects.filter(pk=run.pk).update(status=ImportStatus.RUNNING)
        try:
            dossiers = Dossier.objects.all()
            dossiers.query = pickle.loads(bytes(run.query))
            rows = exchange.dossier_export_rows(dossiers, personal=run.personal)
            content = exchange.as_xlsx(rows, "Hồ sơ") if run.kind == "xlsx" else exchange.as_csv(rows)
            if isinstance(content, str):
                content = content.encode("utf-8")
            run.file.save(f"ho-so.{run.kind}", ContentFile(content), save=False)
        except Exception:
            logger.exception("export %s failed", run.pk)
            DossierExport.objects.filter(pk=run.pk).update(
                status=ImportStatus.FAILED,
                finished_at=timezone.now(),
                message="Không tạo được tệp; hãy thử lại, hoặc báo quản trị hệ thống nếu vẫn lỗi.",
            )
            raise
        DossierExport.objects.filter(pk=run.pk).update(
            status=ImportStatus.DONE, file=run.file.name, row_count=len(rows) - 1, finished_at=timezone.now()
        )
    return f"{len(rows) - 1} hồ sơ"
