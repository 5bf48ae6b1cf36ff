"""Generate volume for benchmarks: many articles, documents, procedures and dossiers.

    manage.py generate_volume --articles 100000 --documents 20000 --procedures 2000 --dossiers 100000
    manage.py generate_volume --articles 1000 --procedures 1000 --dossiers 4000 --units 500   # PostgreSQL

With ``--units N`` the installation is brought to N units: generated communes, each with a copy of what
was generated in the unit (see website.demo.many_units); the unit then answers on 127.0.0.1 if it had
no host name.

Generated items are marked (slugs starting with «khoi-luong-», procedure codes starting with «8.»,
dossier codes with «BENCH-»), added on top of the demo content, and topped up to the counts asked:
running the command twice adds nothing. ``--clear`` removes them. Texts are Vietnamese sentences
made from a few hundred phrases, so searches meet realistic word frequencies.
"""

import random
import time
from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from news.models import Article, ArticleStatus, Category, Document, DocumentType
from portal import units
from portal.text import fold
from procedures.models import Agency, Dossier, Field, Procedure, UnitProcedure
from website import search_index
from website.demo import many_units
from website.demo.data import demo_unit
from website.models import SearchEntry

SLUG = "khoi-luong-"
CODE = "8."
DOSSIER_PREFIX = "BENCH-"
FILE = "van-ban/khoi-luong/van-ban-mau.pdf"
BATCH = 2000

ACTIONS = [
    "Hội nghị",
    "Kiểm tra",
    "Triển khai",
    "Tập huấn",
    "Tuyên truyền",
    "Tổng kết",
    "Sơ kết",
    "Ra quân",
    "Đẩy mạnh",
    "Nâng cao hiệu quả",
    "Hướng dẫn",
    "Giám sát",
    "Đánh giá",
    "Phát động",
    "Khánh thành",
]
TOPICS = [
    "cải cách hành chính",
    "xây dựng nông thôn mới",
    "phòng chống dịch bệnh",
    "chuyển đổi số",
    "giảm nghèo bền vững",
    "an toàn giao thông",
    "phòng cháy chữa cháy rừng",
    "bảo vệ môi trường",
    "phát triển cây cà phê",
    "trồng cây mắc ca",
    "chăm sóc sức khỏe nhân dân",
    "dân số kế hoạch hóa gia đình",
    "an ninh trật tự",
    "tuyển quân",
    "phổ cập giáo dục",
    "xây dựng đời sống văn hóa",
    "đăng ký khai sinh",
    "cấp giấy chứng nhận quyền sử dụng đất",
    "bảo hiểm y tế",
    "tiêm chủng mở rộng",
    "phòng chống thiên tai",
    "khuyến nông",
    "du lịch cộng đồng",
    "đầu tư công",
    "thu ngân sách",
    "dịch vụ công trực tuyến",
]
PLACES = [
    "thị trấn Mường Ảng",
    "xã Ẳng Nưa",
    "xã Ẳng Cang",
    "xã Ẳng Tở",
    "xã Búng Lao",
    "xã Xuân Lao",
    "xã Mường Đăng",
    "xã Ngối Cáy",
    "xã Mường Lạn",
    "xã Nặm Lịch",
    "bản Co Hắm",
    "bản Hón",
]
SENTENCES = [
    "Ủy ban nhân dân huyện yêu cầu các cơ quan, đơn vị triển khai nghiêm túc.",
    "Người dân được hướng dẫn tận tình tại Bộ phận Một cửa.",
    "Kết quả đạt được góp phần nâng cao đời sống của nhân dân các dân tộc.",
    "Hội nghị đã thảo luận, thống nhất các giải pháp trong thời gian tới.",
    "Đoàn công tác ghi nhận những kết quả tích cực và chỉ ra một số tồn tại.",
    "Các xã, thị trấn chủ động rà soát, báo cáo kết quả trước ngày 15 hằng tháng.",
    "Cán bộ, công chức thực hiện đúng quy trình, công khai, minh bạch.",
    "Phòng Văn hóa và Thông tin phối hợp tuyên truyền rộng rãi trên hệ thống loa truyền thanh.",
]


def article_text(rng, n):
    action, topic, place = rng.choice(ACTIONS), rng.choice(TOPICS), rng.choice(PLACES)
    title = f"{action} {topic} tại {place} năm {2016 + n % 10}"
    summary = f"{action} công tác {topic} tại {place}. {rng.choice(SENTENCES)}"
    body = "".join(f"<p>{rng.choice(SENTENCES)} {rng.choice(SENTENCES)}</p>" for _ in range(3))
    return title, summary, body


class Command(BaseCommand):
    help = "Sinh thêm bài viết, văn bản, thủ tục và hồ sơ thử nghiệm để đo hiệu năng (chạy lại không sinh trùng)."

    def add_arguments(self, parser):
        units.add_unit_argument(parser)
        parser.add_argument("--articles", type=int, default=0)
        parser.add_argument("--documents", type=int, default=0)
        parser.add_argument("--procedures", type=int, default=0)
        parser.add_argument("--dossiers", type=int, default=0)
        parser.add_argument(
            "--units",
            type=int,
            default=0,
            help="Đưa số đơn vị lên N bằng các xã thử nghiệm, mỗi xã một bản nội dung đã sinh (PostgreSQL)",
        )
        parser.add_argument("--clear", action="store_true", help="Xóa mọi thứ đã sinh rồi dừng")

    def execute(self, *args, **options):
        with units.unit_in_scope(options.get("unit") or demo_unit()):  # made and measured in one unit
            return super().execute(*args, **options)

    def handle(self, *args, **options):
        if options["clear"]:
            self.clear()
            return
        if not Category.objects.exists() or not Field.objects.exists():
            raise CommandError("Chưa có nội dung minh họa; hãy chạy load_demo trước.")
        if options["units"] and connection.vendor != "postgresql":
            raise CommandError(
                "--units chỉ chạy trên PostgreSQL (các bản sao được chép bằng INSERT … SELECT)."
            )
        began = time.perf_counter()
        self.top_up(
            "bài viết", Article.objects.filter(slug__startswith=SLUG), options["articles"], self.articles
        )
        self.top_up(
            "văn bản", Document.objects.filter(slug__startswith=SLUG), options["documents"], self.documents
        )
        self.top_up(
            "thủ tục", Procedure.objects.filter(code__startswith=CODE), options["procedures"], self.procedures
        )
        if options["dossiers"]:
            existing = Dossier.objects.filter(code__startswith=DOSSIER_PREFIX).count()
            if existing != options["dossiers"]:
                call_command(
                    "bench_dossier_stats", count=options["dossiers"], runs=0, stdout=self.stdout, verbosity=0
                )
        if options["units"]:
            many_units.ensure(units.current(), options["units"], SLUG, DOSSIER_PREFIX, self.stdout.write)
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        self.stdout.write(f"Xong trong {time.perf_counter() - began:.0f} giây.")

    def top_up(self, label, existing, wanted, make):
        have = existing.count()
        if wanted <= have:
            return
        self.stdout.write(f"Sinh {wanted - have:,} {label} (đã có {have:,})…")
        rng = random.Random(have)
        for start in range(have, wanted, BATCH):
            with transaction.atomic():
                created = make(rng, range(start, min(start + BATCH, wanted)))
                entries = [e for e in (search_index.entry_for(obj) for obj in created) if e is not None]
                SearchEntry.objects.bulk_create(entries)
                search_index.save_words(search_index.vocabulary(entries))

    def articles(self, rng, numbers):
        categories = list(Category.objects.order_by("pk"))
        now = timezone.now()
        items = []
        for n in numbers:
            title, summary, body = article_text(rng, n)
            items.append(
                Article(
                    unit=units.current(),
                    title=title,
                    slug=f"{SLUG}{n + 1}",
                    summary=summary,
                    body=body,
                    category=categories[n % len(categories)],
                    status=ArticleStatus.PUBLISHED,
                    # spread over ten years, one every hour or so back from now
                    published_at=now - timedelta(minutes=53 * (n + 1)),
                    author_name="Ban biên tập",
                    search_text=fold(f"{title} {summary}"),
                )
            )
        return Article.objects.bulk_create(items)

    def documents(self, rng, numbers):
        if not default_storage.exists(FILE):
            default_storage.save(FILE, ContentFile(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"))
        types = list(DocumentType.values)
        items = []
        for n in numbers:
            issued = date(2016, 1, 1) + timedelta(days=n % 3650)
            number = f"{n + 1}/{rng.choice(['KH', 'QĐ', 'TB', 'BC', 'CV'])}-UBND"
            summary = f"{rng.choice(ACTIONS)} {rng.choice(TOPICS)} trên địa bàn {rng.choice(PLACES)}"
            items.append(
                Document(
                    unit=units.current(),
                    doc_type=types[n % len(types)],
                    number=number,
                    slug=f"{SLUG}vb-{n + 1}",
                    issuer="Ủy ban nhân dân huyện Mường Ảng",
                    issued_on=issued,
                    summary=summary,
                    signer="Lò Văn Minh",
                    file=FILE,
                    file_name="van-ban-mau.pdf",
                    search_text=fold(f"{number} {summary}"),
                )
            )
        return Document.objects.bulk_create(items)

    def procedures(self, rng, numbers):
        fields = list(Field.objects.order_by("pk"))
        agencies = list(Agency.objects.order_by("pk"))
        items = []
        for n in numbers:
            name = f"{rng.choice(['Cấp', 'Đăng ký', 'Gia hạn', 'Điều chỉnh', 'Thu hồi'])} {rng.choice(TOPICS)} ({n + 1})"
            code = f"{CODE}{n + 1:06d}"
            items.append(
                Procedure(
                    code=code,
                    name=name,
                    level="xa" if n % 2 else "huyen",
                    field=fields[n % len(fields)],
                    implementing_agency=agencies[n % len(agencies)],
                    processing_days=n % 20,
                    search_text=fold(f"{code} {name}"),
                )
            )
        created = Procedure.objects.bulk_create(items)
        # national records, carried out by the unit the volume is made in
        UnitProcedure.objects.bulk_create([UnitProcedure(unit=units.current(), procedure=p) for p in created])
        by_pk = {f.pk: f for f in fields}
        for procedure in created:  # the index reads the field's name
            procedure.field = by_pk[procedure.field_id]
        return created

    def clear(self):
        if connection.vendor == "postgresql":
            many_units.clear(self.stdout.write)
        with transaction.atomic():
            kinds = {
                "tin-tuc": Article.objects.filter(slug__startswith=SLUG),
                "van-ban": Document.objects.filter(slug__startswith=SLUG),
                "thu-tuc": Procedure.objects.filter(code__startswith=CODE),
            }
            Dossier.objects.filter(code__startswith=DOSSIER_PREFIX)._raw_delete(Dossier.objects.db)
            with units.everywhere():
                UnitProcedure.objects.filter(procedure__code__startswith=CODE).delete()
            for kind, queryset in kinds.items():
                SearchEntry.objects.filter(kind=kind, object_id__in=queryset.values("pk")).delete()
                queryset._raw_delete(queryset.db)
        self.stdout.write("Đã xóa nội dung thử nghiệm.")
