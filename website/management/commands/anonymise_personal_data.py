"""Anonymise the personal data whose retention period has passed, unit by unit (Luật Bảo vệ dữ liệu cá nhân
91/2025/QH15, Điều 14).

    manage.py anonymise_personal_data                  # every unit; run it every day (README, Deployment)
    manage.py anonymise_personal_data --unit 03256     # one unit
    manage.py anonymise_personal_data --dry-run        # say how many, change nothing

For each unit the cutoff is now minus the unit's retention period (Unit.retention_months); each app anonymises
its records of closed cases last changed before it, and those whose owner asked for removal
(portal.contributions.Offer.anonymise). Open cases are never touched; a second run finds nothing more.
"""

import calendar

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from portal import units
from portal.contributions import anonymise_all
from portal.models import Unit


class DryRun(Exception):
    """Raised to roll back what a dry run did."""


def months_before(moment, months):
    """The same day and time ``months`` calendar months earlier (the month's last day when it is shorter)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def cutoff_of(unit, now):
    """Personal data of closed cases last changed before this moment is due (in the unit's time zone)."""
    return months_before(timezone.localtime(now), unit.retention_months)


class Command(BaseCommand):
    help = "Ẩn danh dữ liệu cá nhân đã quá thời hạn lưu của từng đơn vị (chỉ các việc đã xử lý xong)."

    def add_arguments(self, parser):
        parser.add_argument("--unit", metavar="MÃ", help="chỉ đơn vị có mã đơn vị hành chính này")
        parser.add_argument(
            "--dry-run", action="store_true", help="chỉ đếm số bản ghi sẽ ẩn danh, không thay đổi gì"
        )

    def handle(self, *args, unit=None, dry_run=False, **options):
        with units.everywhere():
            chosen = Unit.objects.order_by("code")
            if unit:
                chosen = chosen.filter(code=unit)
            every_unit = list(chosen)
        if unit and not every_unit:
            raise CommandError(f"Không có đơn vị mã «{unit}».")
        now = timezone.now()
        total = 0
        for each in every_unit:
            cutoff = cutoff_of(each, now)
            try:
                with transaction.atomic():
                    done = anonymise_all(each, cutoff)
                    if dry_run:
                        raise DryRun
            except DryRun:
                pass
            count = sum(done.values())
            total += count
            detail = ", ".join(f"{label}: {n}" for label, n in done.items()) or "không có ứng dụng nào"
            verb = "sẽ ẩn danh" if dry_run else "đã ẩn danh"
            self.stdout.write(
                f"{each.unit_name or each.code} ({each.code}): {verb} {count} bản ghi "
                f"(thời hạn {each.retention_months} tháng, dữ liệu trước "
                f"{timezone.localtime(cutoff):%d/%m/%Y %H:%M}; {detail})."
            )
        verb = "Sẽ ẩn danh" if dry_run else "Đã ẩn danh"
        self.stdout.write(f"{verb} tổng cộng {total} bản ghi ở {len(every_unit)} đơn vị.")
