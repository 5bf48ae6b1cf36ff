from django.urls import path

from news import views

app_name = "news"

urlpatterns = [
    path("gioi-thieu/", views.intro_index, name="intro-index"),
    path("gioi-thieu/<slug:slug>/", views.page_detail, name="page"),
]
