"""Measure every unit's site for the province (Nghị định 224/2026/NĐ-CP, Điều 12; website/measurement.py).

    manage.py measure_units                  # every unit: completeness, timeliness, page checks, use
    manage.py measure_units --unit 03256     # one unit
    manage.py measure_units --no-checks      # without asking the pages (their last results are dropped)

Run each night by the scheduler (settings.SCHEDULED_JOBS). Safe to run twice, and at the same time as
itself: each unit's row is replaced, its monthly rows are written only when they changed.
"""

import logging
import time

from django.core.management.base import BaseCommand, CommandError

from portal import units
from portal.models import Unit
from website import measurement

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Đo mức đầy đủ, kịp thời, tiếp cận, tốc độ và lượt dùng cổng thông tin của từng đơn vị."

    def add_arguments(self, parser):
        units.add_unit_argument(parser)
        parser.add_argument(
            "--no-checks", action="store_true", help="không mở thử các trang (chỉ đọc dữ liệu đã có)"
        )

    def handle(self, *args, **options):
        began = time.perf_counter()
        if options["unit"]:
            chosen = [units.for_command(options["unit"])]
        else:
            with units.everywhere():
                chosen = list(Unit.objects.order_by("code"))
        written, failed = 0, []
        # the pages are asked as a visitor asks them: through the middleware, which puts the unit of the
        # host in scope; no unit of the caller's may be in scope around it
        with units.activate(None):
            for unit in chosen:
                try:
                    written += measurement.measure(unit, check=not options["no_checks"])
                except Exception:  # one unit's fault must not leave the others unmeasured
                    logger.exception("measure_units: unit %s failed", unit.code)
                    failed.append(unit.code)
        self.stdout.write(
            f"Đã đo cổng thông tin của {len(chosen) - len(failed)} đơn vị: {written} dòng số liệu theo tháng "
            f"thay đổi, trong {time.perf_counter() - began:.1f} giây."
        )
        if failed:  # the scheduler records the run as failed and mails the administrators
            raise CommandError(f"Không đo được {len(failed)} đơn vị: {', '.join(failed)} (xem nhật ký).")
