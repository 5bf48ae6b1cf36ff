from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class WebsiteConfig(AppConfig):
    """The front: the home page, search, sitemap and robots, the demo and the volume commands."""

    name = "website"
    verbose_name = "Trang chủ và tìm kiếm"

    def ready(self):
        from website import search_index

        post_save.connect(search_index.on_save, dispatch_uid="portal-search-saved", weak=False)
        post_delete.connect(search_index.on_delete, dispatch_uid="portal-search-deleted", weak=False)
