"""Write each unit's essentials as a static page, served while the database is down (portal/snapshots.py).

    manage.py write_snapshots          # every unit; run it every 15 minutes (README, Deployment)

Each page holds the unit's contacts and hotlines, its coming reception sessions, the procedures it carries
out and the notice of a stop, as they are when it runs; ``hosts.json`` maps the host names to the units.
"""

import time

from django.core.management.base import BaseCommand
from django.template.loader import render_to_string
from django.utils import timezone

from citizens.models import ContactOffice, Hotline, ReceptionSession
from portal import snapshots, units
from portal.models import Maintenance, Unit, UnitHost
from procedures.models import Procedure


def essentials(unit):
    """What a citizen most needs from the unit's site when it is down (the unit in scope)."""
    return {
        "site": unit,
        "hotlines": list(Hotline.objects.filter(is_active=True)),
        "offices": list(ContactOffice.objects.filter(is_active=True)),
        "sessions": list(ReceptionSession.objects.upcoming()[:8]),
        "procedures": list(
            Procedure.objects.carried_out().select_related("field").order_by("field__name", "name")
        ),
        "stops": list(Maintenance.objects.not_over().order_by("starts_at")),
        "written_at": timezone.now(),
    }


class Command(BaseCommand):
    help = "Ghi trang thông tin thiết yếu của từng đơn vị, dùng khi cơ sở dữ liệu gián đoạn."

    def handle(self, *args, **options):
        began = time.perf_counter()
        with units.everywhere():
            every_unit = list(Unit.objects.order_by("code"))
            hosts = dict(UnitHost.objects.values_list("host", "unit__code"))
        if len(every_unit) == 1 and not hosts:  # a single-unit site answers on every host
            hosts = {"": every_unit[0].code}
        for unit in every_unit:
            with units.activate(unit):
                snapshots.write(
                    f"{unit.code}.html", render_to_string("website/snapshot.html", essentials(unit))
                )
        snapshots.write_hosts(hosts)
        self.stdout.write(
            f"Đã ghi trang thiết yếu của {len(every_unit)} đơn vị vào {snapshots.root()} "
            f"trong {time.perf_counter() - began:.1f} giây."
        )
