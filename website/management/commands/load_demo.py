"""Fill the portal with the demo content of Huyện Mường Ảng, tỉnh Điện Biên (as the unit was in 2020).

The content is data, in the top-level ``demo/`` folder (``website.demo.data``); the loaders in
``website.demo`` create it through the apps' models and, for procedures, through the import staff use.
Python computes only what is not data: the images and PDFs, and the 2020 dossiers.

Creates only what the demo has never created (``website.demo.ledger.Ledger``) and never changes a record that
exists: ``make run`` loads the demo every time, and what staff changed (the unit's name, the hotline, a
link, a leader, an article, a procedure…) stays as they left it. A second run changes nothing.
"""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from portal import roles, units
from website.demo import citizens, news, procedures, site
from website.demo import units as province
from website.demo.data import read
from website.demo.ledger import Ledger


class Command(BaseCommand):
    help = (
        "Nạp nội dung minh họa của Huyện Mường Ảng: chỉ thêm những gì chưa từng nạp, "
        "không bao giờ sửa bản ghi đã có (chạy lại nhiều lần không thay đổi gì)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--province",
            action="store_true",
            help="thêm tỉnh Điện Biên và hai xã nữa, mỗi đơn vị một tên miền *.dienbien.localhost (make run)",
        )

    def handle(self, *args, **options):
        with transaction.atomic():
            roles.sync_roles(apps, missing_only=True)  # the groups exist even after a database flush
            ledger = Ledger()
            data = read("site")
            muongang = site.the_unit(ledger, data["site"])
            with units.activate(muongang):
                site.load(ledger, data)
                news.load(ledger, read("news"))
                # before the citizens: the holidays count in feedback due dates
                procedures.load(ledger, read("holidays")["holidays"], self.stdout)
                citizens.load(ledger, read("citizens"))
            if options["province"]:
                province.load(ledger, read("units"), muongang, data["password"])
            ledger.prefix = ""
            site.load_boundaries(ledger)
            created = len(ledger.new)
            ledger.save()
        if created:
            self.stdout.write(self.style.SUCCESS(f"Đã nạp nội dung minh họa ({created} mục mới)."))
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    "Nội dung minh họa đã có; không thay đổi gì (dữ liệu cán bộ đã sửa được giữ)."
                )
            )
