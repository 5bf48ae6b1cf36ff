from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from procedures.models import Procedure


class ProcedureSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.7

    def items(self):
        return Procedure.objects.carried_out().order_by("code")

    def lastmod(self, item):
        return item.updated_at


class DeskSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return [
            "procedures:list",
            "procedures:desk",
            "procedures:lookup",
            "procedures:statistics",
            "procedures:quality",
            "procedures:rate",
        ]

    def location(self, item):
        return reverse(item)
