"""The portal's URLs with a leaders' page named ``leaders`` (as the citizens app gives it), for the profile's
link to it; the profile must work with and without it."""

from django.http import HttpResponse
from django.urls import path

from muongang.urls import handler404, handler500  # noqa: F401
from muongang.urls import urlpatterns as portal_urls

urlpatterns = [
    path("gioi-thieu/lanh-dao/", lambda request: HttpResponse("Lãnh đạo"), name="leaders"),
    *portal_urls,
]
