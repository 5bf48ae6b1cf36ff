import sys

from django.core.management.base import BaseCommand

from procedures import exchange


class Command(BaseCommand):
    help = "Xuất danh mục thủ tục ra tệp JSON hoặc CSV (cùng định dạng với lệnh import_procedures)."

    def add_arguments(self, parser):
        parser.add_argument(
            "path", nargs="?", default="-", help="Tệp đích (.json hoặc .csv); «-» là màn hình"
        )
        parser.add_argument(
            "--format", choices=["json", "csv"], help="Mặc định theo đuôi tệp, không có thì JSON"
        )

    def handle(self, *args, **options):
        path = options["path"]
        kind = options["format"] or ("csv" if path.endswith(".csv") else "json")
        procedures = exchange.export_queryset().order_by("code")
        text = exchange.export_csv(procedures) if kind == "csv" else exchange.export_json(procedures)
        if path == "-":
            sys.stdout.write(text)
        else:
            with open(path, "w", encoding="utf-8", newline="") as target:
                target.write(text)
            self.stdout.write(f"Đã xuất {procedures.count()} thủ tục ra {path}.")
