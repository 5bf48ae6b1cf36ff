from django.contrib.sitemaps import Sitemap

from news.models import Page


class PageSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return Page.objects.published().order_by("order", "pk")

    def lastmod(self, obj):
        return obj.updated_at
