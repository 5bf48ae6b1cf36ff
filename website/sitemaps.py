from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from portal import units
from portal.contributions import offers


class HomeSitemap(Sitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["/"]

    def location(self, item):
        return item


class PoliciesSitemap(Sitemap):
    """The privacy page and the accessibility statement."""

    changefreq = "monthly"
    priority = 0.3

    def items(self):
        return ["privacy", "accessibility"]

    def location(self, item):
        return reverse(item)


class ProvinceSitemap(Sitemap):
    """The province's pages across its units, on the province's host only."""

    changefreq = "weekly"
    priority = 0.5

    def items(self):
        site = units.current(required=False)
        return (
            ["unit-directory", "procedures:province-statistics", "measurement"]
            if site and site.is_province
            else []
        )

    def location(self, item):
        return reverse(item)


def sitemaps():
    """The home page, then every app's sections (portal.contributions), in INSTALLED_APPS order, then the
    privacy page and the accessibility statement."""
    sections = {"trang-chu": HomeSitemap}
    for offer in offers():
        sections.update(offer.sitemaps)
    sections["toan-tinh"] = ProvinceSitemap
    sections["chinh-sach"] = PoliciesSitemap
    return sections
