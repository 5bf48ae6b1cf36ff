from django.core.management.base import BaseCommand

from muongang.visitors import flush_visits
from news.counters import flush_article_views


class Command(BaseCommand):
    help = (
        "Chuyển số lượt truy cập đã gom (trong Redis, hoặc mã băm khách của các ngày trước) vào bảng "
        "thống kê theo ngày, và lượt xem bài viết vào từng bài. Chạy định kỳ, ví dụ mỗi phút, bằng cron hoặc systemd timer."
    )

    def handle(self, *args, **options):
        moved = flush_visits()
        self.stdout.write(f"Đã chuyển {moved} lượt truy cập vào thống kê theo ngày.")
        views = flush_article_views()
        self.stdout.write(f"Đã cộng {views} lượt xem vào các bài viết.")
