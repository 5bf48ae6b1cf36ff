from django.urls import path

from news import feeds, views

app_name = "news"

urlpatterns = [
    path("gioi-thieu/", views.intro_index, name="intro-index"),
    path("gioi-thieu/<slug:slug>/", views.page_detail, name="page"),
    path("tin-tuc/", views.article_list, name="articles"),
    path("tin-tuc/rss/", feeds.LatestArticlesFeed(), name="feed"),
    path("tin-tuc/chuyen-muc/<slug:slug>/", views.category_detail, name="category"),
    path("tin-tuc/chuyen-muc/<slug:slug>/rss/", feeds.CategoryFeed(), name="category-feed"),
    path("tin-tu-cac-xa/", views.commune_news, name="commune-news"),
    path("tin-tuc/<slug:slug>/", views.article_detail, name="article"),
    path("tin-tuc/xem-truoc/<str:token>/", views.article_preview, name="article-preview"),
    path("van-ban/", views.document_list, name="documents"),
    path("van-ban/tep/<path:name>", views.document_file, name="document-file"),
    path("van-ban/<slug:slug>/", views.document_detail, name="document"),
    path("van-ban/<slug:slug>/tai-ve/", views.document_download, name="document-download"),
]
