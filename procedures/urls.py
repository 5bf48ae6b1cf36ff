from django.urls import path, re_path

from procedures import views

app_name = "procedures"

urlpatterns = [
    path("thu-tuc-hanh-chinh/", views.procedure_list, name="list"),
    re_path(r"^thu-tuc-hanh-chinh/(?P<code>\d\.\d{6})/$", views.procedure_detail, name="detail"),
    re_path(
        r"^thu-tuc-hanh-chinh/(?P<code>\d\.\d{6})/giay-to-can-mang/$",
        views.procedure_checklist,
        name="checklist",
    ),
    path("mot-cua/", views.desk, name="desk"),
    path("tra-cuu-ho-so/", views.lookup, name="lookup"),
    path("thong-ke-ho-so/", views.statistics, name="statistics"),
    path("thong-ke-ho-so/toan-tinh/", views.province_statistics, name="province-statistics"),
    path("chat-luong-dich-vu/", views.service_quality, name="quality"),
    path("danh-gia-ho-so/", views.rate_dossier, name="rate"),
]
