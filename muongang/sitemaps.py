from django.contrib.sitemaps import Sitemap

from news.sitemaps import PageSitemap
from procedures.sitemaps import DeskSitemap, ProcedureSitemap


class HomeSitemap(Sitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["/"]

    def location(self, item):
        return item


# Later apps add their sections here.
SITEMAPS = {"trang-chu": HomeSitemap, "gioi-thieu": PageSitemap}
SITEMAPS |= {"mot-cua": DeskSitemap, "thu-tuc": ProcedureSitemap}
