from django.apps import AppConfig, apps
from django.db.models.signals import post_delete, post_save


class PortalConfig(AppConfig):
    """The kernel: what every app shares (portal/README in the Architecture section of README.md)."""

    name = "portal"
    verbose_name = "Cổng thông tin"
    default = True

    def ready(self):
        from portal import lookups  # noqa: F401  (the folded lookup and SQLite's fold function)
        from portal.cache import on_model_change

        def content_changed(sender, **kwargs):
            # the kernel's own models and those of the apps that offer content (portal.contributions)
            label = sender._meta.app_label
            if label == self.label or getattr(apps.app_configs.get(label), "contributions", None):
                on_model_change(sender, **kwargs)

        post_save.connect(content_changed, dispatch_uid="portal-content-saved", weak=False)
        post_delete.connect(content_changed, dispatch_uid="portal-content-deleted", weak=False)

        from django.contrib.auth import get_user_model

        # Vietnamese order, family name first: Django's "first_name last_name" reads «thống Quản trị hệ».
        # The portal keeps the family and middle names in last_name (the demo loader, the user form).
        get_user_model().get_full_name = lambda user: f"{user.last_name} {user.first_name}".strip()

        from portal import units
        from portal.models import Unit, UnitHost

        # every process reloads its map of hosts and units (portal.units) when one changes
        for model in (Unit, UnitHost):
            post_save.connect(units.unit_saved, sender=model, dispatch_uid=f"hosts-saved-{model.__name__}")
            post_delete.connect(
                units.unit_saved, sender=model, dispatch_uid=f"hosts-deleted-{model.__name__}"
            )
