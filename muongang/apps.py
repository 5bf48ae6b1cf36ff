from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save

PORTAL_APPS = {"muongang", "news", "procedures", "citizens"}


class MuongangConfig(AppConfig):
    name = "muongang"
    verbose_name = "Cổng thông tin"
    default = True

    def ready(self):
        from muongang.cache import on_model_change

        def content_changed(sender, **kwargs):
            if sender._meta.app_label in PORTAL_APPS:
                on_model_change(sender, **kwargs)

        post_save.connect(content_changed, dispatch_uid="portal-content-saved", weak=False)
        post_delete.connect(content_changed, dispatch_uid="portal-content-deleted", weak=False)

        from muongang import search_index

        post_save.connect(search_index.on_save, dispatch_uid="portal-search-saved", weak=False)
        post_delete.connect(search_index.on_delete, dispatch_uid="portal-search-deleted", weak=False)
