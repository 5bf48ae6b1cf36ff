from django.contrib.sitemaps import Sitemap
from django.db.models import OuterRef, Subquery

from news.models import Article, Category, Document, Page


class PageSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return Page.objects.published().order_by("order", "pk")

    def lastmod(self, obj):
        return obj.updated_at


class ArticleSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8
    limit = 5000

    def items(self):
        return Article.objects.published().only("slug", "updated_at").order_by("-published_at", "-pk")

    def lastmod(self, obj):
        return obj.updated_at


class CategorySitemap(Sitemap):
    changefreq = "daily"
    priority = 0.7

    def items(self):
        public = Article.objects.published().filter(category=OuterRef("pk")).order_by("-published_at")
        return Category.objects.annotate(latest=Subquery(public.values("published_at")[:1])).order_by(
            "order", "pk"
        )

    def lastmod(self, obj):
        return max(obj.updated_at, obj.latest) if obj.latest else obj.updated_at


class DocumentSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return Document.objects.published().only("slug", "updated_at").order_by("-issued_on", "-pk")

    def lastmod(self, obj):
        return obj.updated_at
