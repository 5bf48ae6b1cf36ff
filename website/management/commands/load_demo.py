"""Fill the portal with the demo content of Huyện Mường Ảng, tỉnh Điện Biên (as the unit was in 2020).

Creates only what the demo has never created (``website.demo.ledger.Ledger``) and never changes a record that
exists: ``make run`` loads the demo every time, and what staff changed (the unit's name, the hotline, a
link, a leader, an article, a procedure…) stays as they left it. A second run changes nothing.
"""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.db import transaction
from PIL import Image

from citizens import demo as citizens_demo
from citizens.models import Official
from news import demo as news_demo
from news.models import Page
from portal import roles
from portal.models import Link, SiteSettings, UnitLevel
from portal.richtext import sanitize_html
from procedures import demo as procedures_demo
from website.demo import images as demo_images
from website.demo.ledger import Ledger

DEMO_PASSWORD = "MuongAng@2020"
ACCOUNTS = [
    # username, full name, role (None = superuser)
    ("admin", "Quản trị hệ thống", None),
    ("quantri", "Nguyễn Thu Trang", roles.ADMINISTRATOR),
    ("bientap", "Lò Thị Hoa", roles.EDITOR),
    ("phongvien", "Quàng Văn Dũng", roles.REPORTER),
    ("motcua", "Vũ Thị Lan", roles.DESK),
    ("tiepdan", "Cà Văn Thắng", roles.RECEPTION),
]

SITE = {
    "unit_name": "Huyện Mường Ảng",
    "unit_level": UnitLevel.HUYEN,
    "parent_unit": "Tỉnh Điện Biên",
    "authority_name": "Ủy ban nhân dân huyện Mường Ảng",
    "portal_title": "Cổng thông tin điện tử Huyện Mường Ảng",
    "welcome": "Chào mừng bạn đến với Cổng thông tin điện tử Huyện Mường Ảng",
    "address": "Tổ dân phố 2, thị trấn Mường Ảng, huyện Mường Ảng, tỉnh Điện Biên",
    "phone": "0215 3868 006",
    "fax": "0215 3868 007",
    "email": "ubnd@muongang.dienbien.gov.vn",
    "hotline": "0215 3868 111",
    "working_hours": (
        "Thứ Hai đến thứ Sáu, trừ ngày nghỉ lễ, Tết\n"
        "Buổi sáng: 07 giờ 00 – 11 giờ 30\n"
        "Buổi chiều: 13 giờ 30 – 17 giờ 00"
    ),
    "responsible_person": "Chánh Văn phòng HĐND và UBND huyện Mường Ảng",
    "licence": "Giấy phép thiết lập trang thông tin điện tử số 01/GP-STTTT (số liệu minh họa)",
}

LINKS = [
    ("Cổng thông tin điện tử tỉnh Điện Biên", "https://dienbien.gov.vn/"),
    ("Cổng Dịch vụ công quốc gia", "https://dichvucong.gov.vn/"),
    ("Cổng dịch vụ công tỉnh Điện Biên", "https://dichvucong.dienbien.gov.vn/"),
    ("Cổng thông tin điện tử Chính phủ", "https://chinhphu.vn/"),
    ("Cơ sở dữ liệu quốc gia về văn bản pháp luật", "https://vbpl.vn/"),
    ("Báo Điện Biên Phủ", "https://baodienbienphu.info.vn/"),
]

OFFICIALS = [
    # name, title, unit, phone, email, leader
    (
        "Lò Văn Minh",
        "Chủ tịch UBND huyện",
        "Ủy ban nhân dân huyện",
        "0215 3868 101",
        "chutich@muongang.dienbien.gov.vn",
        True,
    ),
    (
        "Quàng Thị Thu",
        "Phó Chủ tịch UBND huyện",
        "Ủy ban nhân dân huyện",
        "0215 3868 102",
        "pct.vanxa@muongang.dienbien.gov.vn",
        True,
    ),
    (
        "Trần Đức Hải",
        "Phó Chủ tịch UBND huyện",
        "Ủy ban nhân dân huyện",
        "0215 3868 103",
        "pct.kinhte@muongang.dienbien.gov.vn",
        True,
    ),
    (
        "Nguyễn Văn Bình",
        "Chánh Văn phòng",
        "Văn phòng HĐND và UBND huyện",
        "0215 3868 006",
        "vanphong@muongang.dienbien.gov.vn",
        False,
    ),
    (
        "Lường Thị Mai",
        "Trưởng phòng",
        "Phòng Tư pháp",
        "0215 3868 120",
        "tuphap@muongang.dienbien.gov.vn",
        False,
    ),
    (
        "Đỗ Minh Tuấn",
        "Công chức đầu mối",
        "Bộ phận Tiếp nhận và Trả kết quả",
        "0215 3868 111",
        "motcua@muongang.dienbien.gov.vn",
        False,
    ),
]

ORG_ROOT = "ỦY BAN NHÂN DÂN HUYỆN"
ORG_BRANCHES = [
    (
        "Lãnh đạo UBND",
        ["Chủ tịch UBND huyện", "Phó Chủ tịch phụ trách kinh tế", "Phó Chủ tịch phụ trách văn hóa - xã hội"],
    ),
    (
        "Cơ quan chuyên môn",
        [
            "Văn phòng HĐND và UBND",
            "Phòng Nội vụ",
            "Phòng Tư pháp",
            "Phòng Tài chính - Kế hoạch",
            "Phòng Tài nguyên và Môi trường",
            "Phòng Lao động - TB và XH",
        ],
    ),
    (
        "Cơ quan chuyên môn (tiếp)",
        [
            "Phòng Kinh tế và Hạ tầng",
            "Phòng Nông nghiệp và PTNT",
            "Phòng Văn hóa và Thông tin",
            "Phòng Giáo dục và Đào tạo",
            "Phòng Y tế",
            "Thanh tra huyện",
        ],
    ),
    (
        "Đơn vị sự nghiệp",
        [
            "Trung tâm Văn hóa - Truyền thanh - Truyền hình",
            "Ban Quản lý dự án",
            "Trung tâm Dịch vụ nông nghiệp",
        ],
    ),
]

CHART_PATH = "demo/so-do-to-chuc.png"


def org_list_html():
    parts = ["<ul>"]
    for heading, items in ORG_BRANCHES:
        parts.append(f"<li><strong>{heading}</strong><ul>")
        parts.extend(f"<li>{item}</li>" for item in items)
        parts.append("</ul></li>")
    parts.append("</ul>")
    return "".join(parts)


def pages(chart_url, chart_size):
    return [
        {
            "slug": "tong-quan",
            "title": "Tổng quan về huyện Mường Ảng",
            "order": 1,
            "summary": "Vị trí, đất đai, dân cư và các đơn vị hành chính của huyện Mường Ảng, tỉnh Điện Biên.",
            "body": (
                "<p>Mường Ảng là huyện miền núi ở phía đông tỉnh Điện Biên, được thành lập năm 2006 trên cơ sở "
                "tách một phần diện tích và dân số của huyện Tuần Giáo. Quốc lộ 279 chạy qua trung tâm huyện, "
                "nối Mường Ảng với thành phố Điện Biên Phủ và các tỉnh miền núi phía Bắc.</p>"
                "<h2>Đơn vị hành chính</h2>"
                "<p>Huyện có 10 đơn vị hành chính cấp xã: thị trấn Mường Ảng và các xã Ẳng Cang, Ẳng Nưa, Ẳng Tở, "
                "Búng Lao, Xuân Lao, Mường Đăng, Ngối Cáy, Mường Lạn, Nặm Lịch.</p>"
                "<h2>Dân cư và kinh tế</h2>"
                "<p>Đồng bào các dân tộc Thái, Kinh, Khơ Mú, Mông cùng sinh sống trên địa bàn. Cây cà phê chè là "
                "cây trồng chủ lực, đã hình thành vùng nguyên liệu tập trung cùng với lúa nước, ngô, cây ăn quả "
                "và chăn nuôi.</p>"
                "<h2>Ghi chú về bản minh họa</h2>"
                "<p>Nội dung của cổng là dữ liệu minh họa theo thời điểm năm 2020. Từ ngày 01/07/2025, chính quyền "
                "địa phương được tổ chức theo hai cấp và không còn cấp huyện; cổng thông tin này có thể dùng cho "
                "cấp xã bằng cách đổi cấu hình đơn vị trong trang quản trị.</p>"
            ),
        },
        {
            "slug": "chuc-nang-nhiem-vu",
            "title": "Chức năng, nhiệm vụ",
            "order": 2,
            "summary": "Chức năng, nhiệm vụ và quyền hạn của Ủy ban nhân dân huyện.",
            "body": (
                "<p>Ủy ban nhân dân huyện do Hội đồng nhân dân huyện bầu, là cơ quan chấp hành của Hội đồng nhân "
                "dân và là cơ quan hành chính nhà nước ở địa phương.</p>"
                "<h2>Nhiệm vụ chính</h2>"
                "<ul>"
                "<li>Xây dựng, trình Hội đồng nhân dân và tổ chức thực hiện kế hoạch phát triển kinh tế - xã hội, "
                "dự toán ngân sách hằng năm của huyện.</li>"
                "<li>Quản lý nhà nước về đất đai, tài nguyên, xây dựng, giao thông, nông nghiệp trên địa bàn.</li>"
                "<li>Tổ chức giải quyết thủ tục hành chính cho người dân và doanh nghiệp theo cơ chế một cửa, "
                "một cửa liên thông.</li>"
                "<li>Tiếp công dân, giải quyết khiếu nại, tố cáo, phản ánh, kiến nghị theo quy định.</li>"
                "<li>Bảo đảm quốc phòng, an ninh và trật tự, an toàn xã hội.</li>"
                "</ul>"
            ),
        },
        {
            "slug": "co-cau-to-chuc",
            "title": "Cơ cấu tổ chức",
            "order": 3,
            "summary": "Sơ đồ tổ chức của Ủy ban nhân dân huyện và các cơ quan, đơn vị trực thuộc.",
            "body": (
                "<p>Bộ máy của Ủy ban nhân dân huyện gồm lãnh đạo Ủy ban, các cơ quan chuyên môn và các đơn vị "
                "sự nghiệp trực thuộc.</p>"
                f'<figure><img src="{chart_url}" alt="Sơ đồ tổ chức Ủy ban nhân dân huyện Mường Ảng; '
                f'danh sách các cơ quan, đơn vị có ở ngay dưới hình" width="{chart_size[0]}" '
                f'height="{chart_size[1]}">'
                "<figcaption>Sơ đồ tổ chức Ủy ban nhân dân huyện</figcaption></figure>"
                "<h2>Danh sách cơ quan, đơn vị</h2>" + org_list_html()
            ),
        },
        {
            "slug": "lanh-dao-va-can-bo-dau-moi",
            "title": "Lãnh đạo và cán bộ đầu mối",
            "order": 4,
            "summary": "Họ tên, chức vụ, đơn vị, điện thoại và thư điện tử của lãnh đạo và cán bộ đầu mối liên hệ.",
            "show_officials": True,
            "body": (
                "<p>Người dân, doanh nghiệp có thể liên hệ trực tiếp với lãnh đạo và cán bộ đầu mối dưới đây "
                "trong giờ hành chính. Phản ánh, kiến nghị về thủ tục hành chính xin gửi qua mục Phản ánh kiến "
                "nghị để được theo dõi và trả lời.</p>"
                "<p>Họ tên, số điện thoại và thư điện tử trong bản minh họa là giả định.</p>"
            ),
        },
    ]


class Command(BaseCommand):
    help = (
        "Nạp nội dung minh họa của Huyện Mường Ảng: chỉ thêm những gì chưa từng nạp, "
        "không bao giờ sửa bản ghi đã có (chạy lại nhiều lần không thay đổi gì)."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            roles.sync_roles(apps, missing_only=True)  # the groups exist even after a database flush
            ledger = Ledger()
            self.site(ledger)
            self.links(ledger)
            self.officials(ledger)
            self.pages(ledger)
            self.accounts(ledger)
            news_demo.load(ledger)
            procedures_demo.load(ledger, self.stdout)  # first: the holidays count in feedback due dates
            citizens_demo.load(ledger)
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

    def site(self, ledger):
        if not ledger.first_time("portal.sitesettings") or SiteSettings.objects.filter(pk=1).exists():
            return
        site = SiteSettings(**SITE)
        site.emblem.save("bieu-trung.png", ContentFile(demo_images.emblem_png()), save=False)
        site.banner.save("bang-ron.jpg", ContentFile(demo_images.banner_jpeg()), save=False)
        site.save()

    def links(self, ledger):
        for order, (name, url) in enumerate(LINKS, start=1):
            ledger.create(Link, {"url": url}, name=name, order=order, is_active=True)

    def officials(self, ledger):
        for order, (name, title, unit, phone, email, leader) in enumerate(OFFICIALS, start=1):
            ledger.create(
                Official,
                {"email": email},
                name=name,
                title=title,
                title_en=citizens_demo.OFFICIAL_TITLES_EN.get(email, ""),
                unit=unit,
                phone=phone,
                is_leader=leader,
                order=order,
            )

    def pages(self, ledger):
        missing = [
            values["slug"]
            for values in pages("", (0, 0))
            if ledger.first_time(f"news.page:{values['slug']}")
            and not Page.objects.filter(slug=values["slug"]).exists()
        ]
        if not missing:
            return
        if not default_storage.exists(CHART_PATH):
            default_storage.save(CHART_PATH, ContentFile(demo_images.org_chart_png(ORG_ROOT, ORG_BRANCHES)))
        with default_storage.open(CHART_PATH) as chart, Image.open(chart) as image:
            chart_size = image.size
        for values in pages(default_storage.url(CHART_PATH), chart_size):
            if values["slug"] in missing:
                Page.objects.create(**{**values, "body": sanitize_html(values["body"])})

    def accounts(self, ledger):
        User = get_user_model()
        for username, full_name, role in ACCOUNTS:
            # an account staff deleted (or renamed) is not brought back with the published demo password
            if (
                not ledger.first_time(f"auth.user:{username}")
                or User.objects.filter(username=username).exists()
            ):
                continue
            first, _, last = full_name.rpartition(" ")
            if role is None:
                User.objects.create_superuser(
                    username, f"{username}@example.invalid", DEMO_PASSWORD, first_name=last, last_name=first
                )
                continue
            user = User.objects.create_user(
                username,
                f"{username}@example.invalid",
                DEMO_PASSWORD,
                first_name=last,
                last_name=first,
                is_staff=True,
            )
            user.groups.add(Group.objects.get(name=role))
