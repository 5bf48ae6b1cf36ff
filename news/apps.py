from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = "Tin tức và trang giới thiệu"
    # what the app offers the front and the kernel (portal/contributions.py)
    contributions = "news.contributions.OFFER"
