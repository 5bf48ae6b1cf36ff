import os

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.http import HttpResponse
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from citizens import views as citizens_views
from news import views as news_views
from portal import views as kernel_views
from website import views
from website.sitemaps import sitemaps

urlpatterns = [
    path("", views.home, name="home"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps()}, name="sitemap"),
    path("tim-kiem/", views.search, name="search"),
    path("chinh-sach-du-lieu-ca-nhan/", views.privacy, name="privacy"),
    path("yeu-cau-xoa-du-lieu-ca-nhan/", views.personal_data_removal, name="personal-data-removal"),
    path("tuyen-bo-tiep-can/", views.accessibility, name="accessibility"),
    # before the introduction pages' /gioi-thieu/<slug>/ (news.urls)
    path("gioi-thieu/ban-do-hanh-chinh/", views.unit_map, name="unit-map"),
    path("gioi-thieu/lanh-dao/", citizens_views.leaders, name="leaders"),
    path("gioi-thieu/lanh-dao/<int:pk>/", citizens_views.leader, name="leader"),
    path("don-vi-hanh-chinh/", views.unit_directory, name="unit-directory"),
    path("danh-gia-cong-thong-tin/", views.measurement_summary, name="measurement"),
    path("co-chu/<slug:size>/", kernel_views.text_size, name="text-size"),
    path("favicon.ico", kernel_views.favicon),
    # staff bookmarks from before the kernel had its own name (its admin pages were under muongang/)
    re_path(
        r"^quan-tri/muongang/(?P<rest>.*)$",
        RedirectView.as_view(url="/quan-tri/portal/%(rest)s", permanent=True, query_string=True),
    ),
    path("quan-tri/", admin.site.urls),
    # CKEditor's upload goes through our checks first; the rest of its URLs as they come.
    path("ckeditor5/image_upload/", news_views.editor_upload, name="editor-upload"),
    path("ckeditor5/", include("django_ckeditor_5.urls")),
    path("", include("news.urls")),
    path("", include("citizens.urls")),
    path("", include("procedures.urls")),
]

if settings.DEBUG or settings.SERVE_MEDIA:
    # Without a web server in front (the demo, a small commune server), the app serves uploads itself.
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", views.serve_media),
    ]

# --- load benchmark only (scripts/bench.sh sets BENCH_BARE_VIEW=1) ----------------------------------
# The cheapest Django view, served through the same middleware by the same gunicorn: the baseline
# the benchmark's ratios are taken against. Absent unless the variable is set.
if os.environ.get("BENCH_BARE_VIEW") == "1":

    def bench_bare(request):
        return HttpResponse("ok", content_type="text/plain")

    urlpatterns.insert(0, path("bench-bare/", bench_bare))

handler400 = "portal.views.bad_request"
handler403 = "portal.views.permission_denied"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
