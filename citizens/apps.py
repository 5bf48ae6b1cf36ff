from django.apps import AppConfig


class CitizensConfig(AppConfig):
    name = "citizens"
    verbose_name = "Liên hệ và tiếp công dân"
    # what the app offers the front and the kernel (portal/contributions.py)
    contributions = "citizens.contributions.OFFER"
