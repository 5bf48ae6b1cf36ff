"""The page cache's own guard against keeping a personal response, tested on the middleware alone.

Today no public view sets a cookie on a shareable request, so nothing else would notice if the guard
went: a response that sets a cookie (a session, a CSRF token, a message) or varies on cookies is
one person's, and must never be stored and replayed to the next visitor.
"""

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils.cache import patch_vary_headers

from portal.pagecache import PageCacheMiddleware, page_key

pytestmark = pytest.mark.django_db


def personal_with_cookie():
    response = HttpResponse("<p>Trang của một người</p>")
    response.set_cookie("sessionid", "bi-mat-cua-mot-nguoi")
    return response


def personal_varying_on_cookie():
    response = HttpResponse("<p>Trang của một người</p>")
    patch_vary_headers(response, ["Cookie"])
    return response


@pytest.mark.parametrize("personal", [personal_with_cookie, personal_varying_on_cookie])
def test_a_response_that_sets_or_varies_on_a_cookie_is_never_stored(settings, personal):
    settings.PAGE_CACHE = True
    request = RequestFactory().get("/tin-tuc/")
    response = PageCacheMiddleware(lambda _request: personal())(request)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert cache.get(page_key(request)) is None
    # the next visitor gets their own page, not the first one's
    other = PageCacheMiddleware(lambda _request: HttpResponse("<p>Trang chung</p>"))(
        RequestFactory().get("/tin-tuc/")
    )
    assert other.content == b"<p>Trang chung</p>" and not other.cookies


def test_the_same_page_without_a_cookie_is_stored(settings):
    """The other side, so that the test above cannot pass with a cache that stores nothing."""
    settings.PAGE_CACHE = True
    request = RequestFactory().get("/tin-tuc/")
    PageCacheMiddleware(lambda _request: HttpResponse("<p>Trang chung</p>"))(request)
    assert cache.get(page_key(request)) is not None
    replayed = PageCacheMiddleware(lambda _request: HttpResponse("<p>khác</p>"))(
        RequestFactory().get("/tin-tuc/")
    )
    assert replayed.content == b"<p>Trang chung</p>"


def test_what_answers_outside_any_unit_is_served_and_never_stored(settings):
    """The paths the unit middleware leaves without a unit (the benchmark's bare view): with the page cache
    on, the cache asked for the unit's next scheduled article to time the copy, and answered 500."""
    from portal import units

    settings.PAGE_CACHE = True
    request = RequestFactory().get("/bench-bare/")
    with units.activate(None):
        response = PageCacheMiddleware(lambda _request: HttpResponse("ok", content_type="text/plain"))(
            request
        )
    assert response.status_code == 200 and response.content == b"ok"
    assert "Cache-Control" not in response
