from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.units import unit_in_scope
from procedures import exchange


class Command(BaseCommand):
    help = "Nhập thủ tục hành chính vào danh mục quốc gia từ tệp JSON hoặc CSV (thêm mới hoặc cập nhật theo mã thủ tục)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="Đường dẫn tệp JSON hoặc CSV")
        parser.add_argument(
            "--unit",
            metavar="MÃ",
            help=(
                "Mã đơn vị hành chính của đơn vị thực hiện các thủ tục nhập vào (để trống khi có nhiều đơn vị: "
                "chỉ nhập danh mục)"
            ),
        )

    def handle(self, *args, **options):
        try:
            data = Path(options["path"]).read_bytes()
            # the unit (given, or the only one) then carries out the procedures of the file; with several
            # units and none given, only the national catalogue changes
            with unit_in_scope(options["unit"], required=False):
                report = exchange.import_procedures(data)
        except (OSError, exchange.FileRejected) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(report.summary())
        if report.errors:
            raise CommandError("\n".join(report.errors))
