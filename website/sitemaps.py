from django.contrib.sitemaps import Sitemap

from portal.contributions import offers


class HomeSitemap(Sitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["/"]

    def location(self, item):
        return item


def sitemaps():
    """The home page, then every app's sections (portal.contributions), in INSTALLED_APPS order."""
    sections = {"trang-chu": HomeSitemap}
    for offer in offers():
        sections.update(offer.sitemaps)
    return sections
