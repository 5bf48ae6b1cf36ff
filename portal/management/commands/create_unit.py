"""manage.py create_unit: add a commune, ward or province to the installation in one step."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from portal import units
from portal.models import Unit, UnitHost, UnitLevel, host_validator


class Command(BaseCommand):
    help = (
        "Thêm một đơn vị (xã, phường, đặc khu hoặc tỉnh): mã, tên, loại, tên miền và quản trị viên đầu tiên. "
        "Trang của đơn vị có ngay các chuyên mục mặc định và trang giới thiệu (bản nháp), không cần khởi động lại."
    )

    def add_arguments(self, parser):
        parser.add_argument("code", help="mã đơn vị hành chính: 5 chữ số (xã, phường), 2 chữ số (tỉnh)")
        parser.add_argument("name", help="tên đầy đủ, như «Xã Ẳng Tở»")
        parser.add_argument(
            "--kind",
            default=UnitLevel.XA,
            choices=[value for value, _label in UnitLevel.choices],
            help="loại đơn vị",
        )
        parser.add_argument("--parent", help="mã của tỉnh, thành phố (với xã, phường, đặc khu)")
        parser.add_argument(
            "--host",
            action="append",
            default=[],
            help="tên miền; lần đầu là tên miền chính, các lần sau là tên phụ",
        )
        parser.add_argument("--admin", help="tên đăng nhập của quản trị viên đầu tiên (phải có sẵn)")

    def handle(self, *args, **options):
        with units.everywhere():
            if Unit.objects.filter(code=options["code"]).exists():
                raise CommandError(f"Đã có đơn vị mã {options['code']}.")
            parent = None
            if options["parent"]:
                parent = Unit.objects.filter(code=options["parent"]).first()
                if parent is None:
                    raise CommandError(f"Không có tỉnh, thành phố mã {options['parent']}.")
        hosts = [host.strip().lower().rstrip(".") for host in options["host"]]
        for host in hosts:
            try:
                host_validator(host)
            except ValidationError as error:
                raise CommandError(f"Tên miền «{host}»: {error.messages[0]}") from None
        with units.everywhere():
            taken = UnitHost.objects.filter(host__in=hosts).select_related("unit").first()
        if taken is not None:
            raise CommandError(f"«{taken.host}» đã là tên miền của {taken.unit}.")
        administrator = None
        if options["admin"]:
            administrator = get_user_model().objects.filter(username=options["admin"]).first()
            if administrator is None:
                raise CommandError(f"Không có tài khoản «{options['admin']}».")
        try:
            unit = units.create_unit(
                options["code"],
                options["name"],
                options["kind"],
                hosts=hosts,
                parent=parent,
                administrator=administrator,
            )
        except ValidationError as error:
            details = "; ".join(
                f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()
            )
            raise CommandError(f"Không tạo được đơn vị: {details}") from None
        where = f" tại http://{hosts[0]}/" if hosts else ""
        self.stdout.write(self.style.SUCCESS(f"Đã tạo {unit.unit_name} (mã {unit.code}){where}."))
