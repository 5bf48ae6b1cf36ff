from django.core.management.base import BaseCommand

from muongang.visitors import flush_visits


class Command(BaseCommand):
    help = (
        "Chuyển số lượt truy cập đã gom (trong Redis, hoặc mã băm khách của các ngày trước) vào bảng "
        "thống kê theo ngày. Chạy định kỳ, ví dụ mỗi phút, bằng cron hoặc systemd timer."
    )

    def handle(self, *args, **options):
        moved = flush_visits()
        self.stdout.write(f"Đã chuyển {moved} lượt truy cập vào thống kê theo ngày.")
