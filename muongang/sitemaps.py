from django.contrib.sitemaps import Sitemap

from citizens.sitemaps import CitizensSitemap, QuestionSitemap
from news.sitemaps import ArticleSitemap, CategorySitemap, DocumentSitemap, PageSitemap
from procedures.sitemaps import DeskSitemap, ProcedureSitemap


class HomeSitemap(Sitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["/"]

    def location(self, item):
        return item


SITEMAPS = {
    "trang-chu": HomeSitemap,
    "gioi-thieu": PageSitemap,
    "chuyen-muc": CategorySitemap,
    "tin-tuc": ArticleSitemap,
    "van-ban": DocumentSitemap,
    "cong-dan": CitizensSitemap,
    "hoi-dap": QuestionSitemap,
    "mot-cua": DeskSitemap,
    "thu-tuc": ProcedureSitemap,
}
