"""What the news app offers the portal (portal.contributions): its home sections, search and sitemap."""

from django.urls import reverse

from news.counters import flush_article_views
from news.home import home_news
from news.menu import intro_pages
from news.models import Article
from news.sitemaps import ArticleSitemap, CategorySitemap, DocumentSitemap, PageSitemap
from portal.contributions import Offer, SearchSource
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
)
