"""The portal's URLs without any view named ``leaders``: the profile then links to no leaders' page."""

from muongang.urls import handler404, handler500  # noqa: F401
from muongang.urls import urlpatterns as portal_urls

urlpatterns = [pattern for pattern in portal_urls if getattr(pattern, "name", None) != "leaders"]
