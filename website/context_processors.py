from django.core.exceptions import DisallowedHost
from django.utils.functional import SimpleLazyObject

from portal import units, visitors
from portal.cache import cached
from portal.models import Link, Maintenance, Unit
from portal.views import TEXT_SIZES
from website import menu


def portal(request):
    """What every page's layout needs; each piece is read only if the template uses it."""
    return {
        "site": SimpleLazyObject(Unit.load),
        "website_links": SimpleLazyObject(
            lambda: (
                cached("links", lambda: list(Link.objects.active())) if units.current(required=False) else []
            )
        ),
        "main_menu": SimpleLazyObject(lambda: menu.main_menu(request.path)),
        "maintenance": SimpleLazyObject(Maintenance.notice),
        "visitor_counts": SimpleLazyObject(visitors.current_counts),
        "page_url": SimpleLazyObject(lambda: _page_url(request)),
        "text_size": request.COOKIES.get("co_chu", "") if request.COOKIES.get("co_chu") in TEXT_SIZES else "",
    }


def _page_url(request):
    """This page's full address, for print; the path alone when the Host header is not one of ours
    (the 400 page answering that very request must not fail on it)."""
    try:
        return request.build_absolute_uri()
    except DisallowedHost:
        return request.get_full_path()
