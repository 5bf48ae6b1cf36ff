from django.apps import AppConfig


class ProceduresConfig(AppConfig):
    name = "procedures"
    verbose_name = "Thủ tục hành chính và một cửa"
    # what the app offers the front and the kernel (portal/contributions.py)
    contributions = "procedures.contributions.OFFER"
