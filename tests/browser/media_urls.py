"""The portal's URLs plus uploaded media, for browser tests that need real images.

In tests DEBUG is off, so muongang.urls does not serve /media/; pages would show broken
images, which changes their layout (what is in the first viewport) and what they load.
The folder is read per request: each test has its own MEDIA_ROOT.
"""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from muongang.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


def media(request, path):
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [*urlpatterns, re_path(r"^media/(?P<path>.*)$", media)]
