"""What the news app offers the portal (portal.contributions): its home sections, search, sitemap, and
what a new unit's site starts with."""

from django.urls import reverse

from news import proposals
from news.counters import flush_article_views
from news.home import home_news
from news.menu import intro_pages
from news.models import Article, ArticleEvent, ArticleStatus, Category, Page, ProposalStatus
from news.profile import ensure_profile_pages
from news.sitemaps import ArticleSitemap, CategorySitemap, DocumentSitemap, PageSitemap
from portal import units
from portal.contributions import Offer, SearchSource, Waiting
from portal.text import plain, sentences, start_of_day


def _article(obj):
    if obj.status != "da-xuat-ban" or not obj.published_at:
        return None
    return {
        "title": obj.title,
        "body": sentences(obj.summary, plain(obj.body)),
        "url": reverse("news:article", kwargs={"slug": obj.slug}),
        "date": obj.published_at,
    }


def _document(obj):
    if not obj.is_published:
        return None
    # "Kế hoạch số 3855/KH-UBND của UBND tỉnh Điện Biên, ban hành ngày 27/12/2019, do Lê Thành Đô ký."
    facts = f"{obj.get_doc_type_display()} số {obj.number} của {obj.issuer}, ban hành ngày {obj.issued_on:%d/%m/%Y}"
    if obj.effective_on:
        facts += f", có hiệu lực từ ngày {obj.effective_on:%d/%m/%Y}"
    if obj.signer:
        facts += f", do {obj.signer} ký"
    return {
        "title": f"{obj.number} – {obj.summary}" if obj.summary else obj.number,
        "body": sentences(facts),
        "terms": "văn bản",
        "url": reverse("news:document", kwargs={"slug": obj.slug}),
        "label": obj.number,
        "date": start_of_day(obj.issued_on),
    }


def _page(obj):
    if not obj.is_published:
        return None
    return {
        "title": obj.title,
        "body": sentences(obj.summary, plain(obj.body)),
        "url": reverse("news:page", kwargs={"slug": obj.slug}),
        "date": obj.updated_at,
    }


def home():
    return {**home_news(), "intro_pages": intro_pages()}


# The sections every site starts with (those of the demo, demo/news.toml): staff rename, add or remove them.
DEFAULT_CATEGORIES = [
    # slug, name, show on the home page, is the notices' section, description
    (
        "tin-tuc-su-kien",
        "Tin tức - Sự kiện",
        True,
        False,
        "Hoạt động của chính quyền và các sự kiện nổi bật trên địa bàn.",
    ),
    (
        "cai-cach-hanh-chinh",
        "Cải cách hành chính",
        True,
        False,
        "Kết quả cải cách thủ tục, một cửa, chính quyền số.",
    ),
    ("kinh-te", "Kinh tế", True, False, "Nông nghiệp, hạ tầng, thu ngân sách và đầu tư."),
    ("van-hoa-xa-hoi", "Văn hóa - Xã hội", True, False, "Giáo dục, y tế, văn hóa, an sinh xã hội."),
    (
        "quoc-phong-an-ninh",
        "Quốc phòng - An ninh",
        False,
        False,
        "Quân sự địa phương, trật tự an toàn xã hội.",
    ),
    (
        "nong-thon-moi",
        "Xây dựng nông thôn mới",
        False,
        False,
        "Chương trình mục tiêu quốc gia xây dựng nông thôn mới.",
    ),
    ("thong-bao", "Thông báo", False, True, "Thông báo của Ủy ban nhân dân tới người dân và tổ chức."),
]

# The introduction pages every site starts with besides the profile's items (news.profile, which adds
# "Cơ cấu tổ chức"): created as empty drafts that staff fill in and publish.
DEFAULT_PAGES = [
    # slug, title ("{name}": the unit's name), lists the leaders and contact officials, menu order
    ("tong-quan", "Tổng quan về {name}", False, 1),
    ("chuc-nang-nhiem-vu", "Chức năng, nhiệm vụ", False, 2),
    ("lanh-dao-va-can-bo-dau-moi", "Lãnh đạo và cán bộ đầu mối", True, 4),
]


def new_unit(unit):
    """A new unit's site starts with the default categories, its introduction pages as unpublished drafts
    (what exists already, by slug, is left as it is) and the profile's items as drafts that say what to
    write (news.profile)."""
    with units.activate(unit):
        for order, (slug, name, on_home, is_notice, description) in enumerate(DEFAULT_CATEGORIES, start=1):
            Category.objects.get_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "order": order,
                    "show_on_home": on_home,
                    "is_notice": is_notice,
                    "description": description,
                },
            )
        for slug, title, show_officials, order in DEFAULT_PAGES:
            Page.objects.get_or_create(
                slug=slug,
                defaults={
                    "title": title.format(name=unit.unit_name or "đơn vị"),
                    "order": order,
                    "show_officials": show_officials,
                    "is_published": False,
                },
            )
        ensure_profile_pages(Page, unit.pk)


def waiting(request):
    """Editors: the articles to review, and the profile's items not published yet. Reporters: their drafts,
    those sent back to them, those waiting."""
    lines = _articles_waiting(request)
    if request.user.has_perm("news.change_page"):
        drafts = Page.objects.exclude(profile_item="").filter(is_published=False).count()
        pages = reverse("admin:news_page_changelist")
        lines.append(Waiting("Mục giới thiệu bắt buộc chưa công khai", drafts, f"{pages}?muc=chua-cong-khai"))
    lines += _proposals_waiting(request)
    return lines


def _proposals_waiting(request):
    """A province's editors: the news the communes proposed, waiting for a decision. One query."""
    unit = units.current(required=False)
    if unit is None or not unit.is_province or not request.user.has_perm("news.decide_articleproposal"):
        return []
    count = proposals.addressed_to(unit).filter(status=ProposalStatus.WAITING).count()
    url = reverse("admin:news_articleproposal_changelist") + "?ket-qua=cho-xet"
    return [Waiting("Tin các xã, phường đề xuất chờ xét", count, url)]


def _articles_waiting(request):
    from django.db.models import Count, Q

    user, articles = request.user, reverse("admin:news_article_changelist")
    if user.has_perm("news.publish_article"):
        count = Article.objects.filter(status=ArticleStatus.REVIEW).count()
        return [Waiting("Bài chờ duyệt", count, f"{articles}?status__exact={ArticleStatus.REVIEW}")]
    if not user.has_perm("news.add_article"):
        return []
    draft = Q(status=ArticleStatus.DRAFT)
    counts = (
        Article.objects.filter(created_by=user)
        .with_last_action()
        .aggregate(
            drafts=Count("pk", filter=draft),
            returned=Count("pk", filter=draft & Q(last_action=ArticleEvent.Action.RETURNED)),
            review=Count("pk", filter=Q(status=ArticleStatus.REVIEW)),
        )
    )
    return [
        Waiting("Bài bị trả lại để sửa", counts["returned"], f"{articles}?viec=tra-lai", urgent=True),
        Waiting("Bài nháp của tôi", counts["drafts"], f"{articles}?status__exact={ArticleStatus.DRAFT}"),
        Waiting(
            "Bài của tôi đang chờ duyệt", counts["review"], f"{articles}?status__exact={ArticleStatus.REVIEW}"
        ),
    ]


OFFER = Offer(
    home=home,
    search=(
        SearchSource("news.article", "tin-tuc", "Tin tức", _article, order=10),
        SearchSource("news.document", "van-ban", "Văn bản", _document, order=20),
        SearchSource("news.page", "gioi-thieu", "Giới thiệu", _page, order=50, show_date=False),
    ),
    sitemaps={
        "gioi-thieu": PageSitemap,
        "chuyen-muc": CategorySitemap,
        "tin-tuc": ArticleSitemap,
        "van-ban": DocumentSitemap,
    },
    next_change=lambda: Article.objects.next_scheduled(),
    flush=flush_article_views,
    new_unit=new_unit,
    waiting=waiting,
)
