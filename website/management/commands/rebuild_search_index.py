from django.core.management.base import BaseCommand

from website import search_index


class Command(BaseCommand):
    help = "Dựng lại toàn bộ chỉ mục tìm kiếm (/tim-kiem/) từ nội dung đang công khai."

    def handle(self, *args, **options):
        total = search_index.rebuild(stdout=self.stdout if options["verbosity"] > 1 else None)
        self.stdout.write(f"Đã dựng lại chỉ mục tìm kiếm: {total} mục.")
