from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = "Tin tức và trang giới thiệu"
    # what the app offers the front and the kernel (portal/contributions.py)
    contributions = "news.contributions.OFFER"

    def ready(self):
        from django.db.models.signals import post_delete, post_save, pre_delete

        from news import images
        from news.models import Article, Photo
        from news.proposals import article_changed

        # an article the province shows («Tin từ các xã, phường») changes the province's pages too
        post_save.connect(article_changed, sender=Article, dispatch_uid="news_proposal_article_saved")
        pre_delete.connect(article_changed, sender=Article, dispatch_uid="news_proposal_article_deleted")

        # a deleted article's photo and a deleted library photo leave no file behind, however deleted
        # (one by one, the admin's bulk action, a unit's removal)
        for model, fields in ((Article, images.ARTICLE_COVER), (Photo, images.LIBRARY_PHOTO)):
            post_delete.connect(
                lambda sender, instance, fields=fields, **kwargs: images.after_delete(instance, fields),
                sender=model,
                dispatch_uid=f"news_{model.__name__}_photo_deleted",
                weak=False,
            )
