from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = "Tin tức và trang giới thiệu"
    # what the app offers the front and the kernel (portal/contributions.py)
    contributions = "news.contributions.OFFER"

    def ready(self):
        from django.db.models.signals import post_save, pre_delete

        from news.models import Article
        from news.proposals import article_changed

        # an article the province shows («Tin từ các xã, phường») changes the province's pages too
        post_save.connect(article_changed, sender=Article, dispatch_uid="news_proposal_article_saved")
        pre_delete.connect(article_changed, sender=Article, dispatch_uid="news_proposal_article_deleted")
