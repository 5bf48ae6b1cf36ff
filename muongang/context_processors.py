from django.utils.functional import SimpleLazyObject

from muongang import menu, visitors
from muongang.cache import cached
from muongang.models import Link, SiteSettings

TEXT_SIZES = {"nho": "co-chu-nho", "lon": "co-chu-lon"}


def portal(request):
    """What every page's layout needs; each piece is read only if the template uses it."""
    return {
        "site": SimpleLazyObject(SiteSettings.load),
        "website_links": SimpleLazyObject(lambda: cached("links", lambda: list(Link.objects.active()))),
        "main_menu": SimpleLazyObject(lambda: menu.main_menu(request.path)),
        "visitor_counts": SimpleLazyObject(visitors.current_counts),
        "text_size": request.COOKIES.get("co_chu", "") if request.COOKIES.get("co_chu") in TEXT_SIZES else "",
    }
