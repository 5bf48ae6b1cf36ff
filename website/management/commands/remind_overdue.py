"""Mail each member of staff what is overdue for them (website.reminders); run daily by the scheduler."""

from django.core.management.base import BaseCommand

from website.reminders import remind_all


class Command(BaseCommand):
    help = "Gửi thư nhắc việc quá hạn (phản ánh, hồ sơ…) cho từng cán bộ có việc quá hạn."

    def handle(self, *args, **options):
        queued = remind_all()
        self.stdout.write(f"Đã xếp {queued} thư nhắc việc quá hạn.")
