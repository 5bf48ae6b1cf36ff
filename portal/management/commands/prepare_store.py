import time

from django.core.management.base import BaseCommand, CommandError

from portal import storage


class Command(BaseCommand):
    help = (
        "Tạo bucket trên kho lưu trữ đối tượng (MEDIA_STORAGE_URL) nếu chưa có, rồi thử ghi, đọc và xóa một "
        "tệp. Không có MEDIA_STORAGE_URL thì tệp nằm trên đĩa máy này và không có gì phải làm. Chạy một lần "
        "khi triển khai (dịch vụ migrate của compose.yaml chạy lệnh này); chạy lại cũng không sao."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--wait",
            type=int,
            default=0,
            metavar="GIÂY",
            help="thử lại trong chừng ấy giây khi kho chưa trả lời (kho vừa khởi động cùng lúc)",
        )

    def handle(self, *args, **options):
        if not storage.object_storage_configured():
            self.stdout.write("Không dùng kho lưu trữ đối tượng: tệp tải lên nằm trên đĩa máy này.")
            return
        deadline = time.monotonic() + options["wait"]
        while True:
            try:
                created = storage.prepare_bucket()
                break
            except Exception as exc:  # any failure is told in words, with the store's own message
                if time.monotonic() >= deadline:
                    raise CommandError(f"Kho lưu trữ đối tượng không dùng được: {exc}") from exc
                time.sleep(2)
        bucket = storage.STORE["bucket_name"]
        self.stdout.write(
            f"Đã tạo bucket {bucket}; ghi, đọc và xóa thử đều được."
            if created
            else f"Bucket {bucket} đã có; ghi, đọc và xóa thử đều được."
        )
