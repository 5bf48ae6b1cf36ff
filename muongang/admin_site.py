from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    default_site = "muongang.admin_site.PortalAdminSite"


class PortalAdminSite(admin.AdminSite):
    """The Django admin at /quan-tri/, titled with the unit's name from the site settings."""

    site_url = "/"
    index_title = "Quản trị nội dung"

    def each_context(self, request):
        from muongang.models import SiteSettings

        context = super().each_context(request)
        site = SiteSettings.load()
        context["site_header"] = f"Quản trị — {site.title}"
        context["site_title"] = site.title
        return context
