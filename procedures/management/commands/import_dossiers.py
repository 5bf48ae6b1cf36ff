from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.units import add_unit_argument, unit_in_scope
from procedures import exchange


class Command(BaseCommand):
    help = "Nhập hồ sơ của một đơn vị từ bảng tính CSV hoặc Excel (.xlsx) của hệ thống một cửa (cập nhật theo mã hồ sơ)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="Đường dẫn tệp CSV hoặc XLSX")
        add_unit_argument(parser)

    def handle(self, *args, **options):
        try:
            with unit_in_scope(options["unit"]):  # the dossiers of this unit's desk
                report = exchange.import_dossiers(Path(options["path"]).read_bytes())
        except (OSError, exchange.FileRejected) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(report.summary())
        if report.errors:
            raise CommandError("Không hồ sơ nào được lưu:\n" + "\n".join(report.errors))
