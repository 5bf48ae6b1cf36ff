"""The introduction pages as the main menu lists them."""

from news.models import Page
from portal.cache import cached


def intro_pages():
    """(title, url) of the introduction pages in menu order, cached per content version."""
    return cached(
        "intro-menu",
        lambda: [(p.title, p.get_absolute_url()) for p in Page.objects.in_menu().only("title", "slug")],
        here=True,  # every page's menu: kept by the process too (tuples, never changed)
    )
