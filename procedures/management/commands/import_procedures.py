from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from procedures import exchange


class Command(BaseCommand):
    help = "Nhập thủ tục hành chính từ tệp JSON hoặc CSV (thêm mới hoặc cập nhật theo mã thủ tục)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="Đường dẫn tệp JSON hoặc CSV")

    def handle(self, *args, **options):
        try:
            report = exchange.import_procedures(Path(options["path"]).read_bytes())
        except (OSError, exchange.FileRejected) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(report.summary())
        if report.errors:
            raise CommandError("\n".join(report.errors))
