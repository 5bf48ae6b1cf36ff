from django.core.management.base import BaseCommand

from website import search_index


class Command(BaseCommand):
    help = (
        "Dựng lại toàn bộ chỉ mục tìm kiếm (/tim-kiem/) từ nội dung đang công khai. Với --nen, giao cho tiến "
        "trình chạy việc nền (db_worker) làm và trả lời ngay."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--nen", action="store_true", help="xếp vào hàng đợi việc nền thay vì làm ngay trong lệnh này"
        )

    def handle(self, *args, **options):
        if options["nen"]:
            from website.tasks import rebuild_search_index

            result = rebuild_search_index.enqueue()
            self.stdout.write(
                f"Đã xếp việc dựng lại chỉ mục tìm kiếm vào hàng đợi (mã {result.id}); tiến trình chạy việc nền "
                "sẽ làm. Kết quả: công việc «rebuild_search_index» trong /healthz."
            )
            return
        total = search_index.rebuild(stdout=self.stdout if options["verbosity"] > 1 else None)
        self.stdout.write(f"Đã dựng lại chỉ mục tìm kiếm: {total} mục.")
