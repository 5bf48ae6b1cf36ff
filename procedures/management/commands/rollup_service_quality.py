"""Write the service-quality figures of each unit (procedures/quality.py) from its dossier register.

    manage.py rollup_service_quality            # every unit, this month and the last; run it every hour
    manage.py rollup_service_quality --all      # every month since the first dossier (after a large import)
    manage.py rollup_service_quality --unit 03158

Safe to run twice, and at the same time as itself: rows that did not change are not written.
"""

import time

from django.core.management.base import BaseCommand

from portal import units
from portal.models import Unit
from procedures.quality import months_to_roll, rollup


class Command(BaseCommand):
    help = "Tổng hợp số liệu chất lượng dịch vụ theo tháng, lĩnh vực của từng đơn vị."

    def add_arguments(self, parser):
        units.add_unit_argument(parser)
        parser.add_argument("--all", action="store_true", help="mọi tháng kể từ hồ sơ đầu tiên")

    def handle(self, *args, **options):
        began = time.perf_counter()
        if options["unit"]:
            chosen = [units.for_command(options["unit"])]
        else:
            with units.everywhere():
                chosen = list(Unit.objects.order_by("code"))
        written = 0
        for unit in chosen:
            with units.activate(unit):
                written += rollup(months_to_roll(all_months=options["all"]))
        self.stdout.write(
            f"Đã tổng hợp số liệu chất lượng dịch vụ của {len(chosen)} đơn vị: "
            f"{written} dòng thay đổi, trong {time.perf_counter() - began:.1f} giây."
        )
