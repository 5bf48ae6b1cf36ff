"""What an app offers the rest of the portal, declared in one place per app.

An app's AppConfig names its offer: ``contributions = "news.contributions.OFFER"``. The front (website)
reads every installed app's offer to build the home page, the search index and the sitemap; the kernel
reads it for the few things a shared piece needs from whichever app has it (when a scheduled publication
falls due, counters to write, a list another app shows). No app imports another: adding a fourth app
means adding it to INSTALLED_APPS and writing its offer.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from django.apps import apps
from django.utils.module_loading import import_string

from portal.text import normalise_phone


@dataclass(frozen=True)
class SearchSource:
    """A model whose public objects are found by the site-wide search (/tim-kiem/)."""

    model: str  # "news.article"
    kind: str  # its value in the index and the ?loai= filter: "tin-tuc"
    label: str  # shown to readers: "Tin tức"
    build: (
        Callable  # obj → {"title", "body", "url", "date", optional "terms", "label"}, or None when not public
    )
    related: tuple = ()  # related fields ``build`` reads (select_related when the index is rebuilt)
    order: int = 100  # place of the kind among the filters
    show_date: bool = True  # a result shows its date (False where the date is only the last edit)
    # for a model every unit shares (the national procedures): () → the ids of those the unit in scope
    # shows (a queryset of ids); a unit-owned model's entries belong to its unit and need none
    shown_in_unit: Callable | None = None


@dataclass(frozen=True)
class Waiting:
    """One line of the admin's home: how many items wait for the person, and the list that shows them."""

    label: str  # "Bài chờ duyệt"
    count: int
    url: str  # the admin list, filtered to exactly those items
    urgent: bool = False  # late or overdue: shown as such


@dataclass(frozen=True)
class Offer:
    # the home page: () → a dict merged into the context of home_main.html
    home: Callable | None = None
    search: tuple[SearchSource, ...] = ()
    # the sitemap: section name → Sitemap class
    sitemaps: dict = field(default_factory=dict)
    # () → the next moment public content changes by itself (a scheduled article), or None
    next_change: Callable | None = None
    # () → None: write what Redis counted to the database (the flush_visits loop)
    flush: Callable | None = None
    # name → callable, for what another app shows or names: "officials" (the unit's leaders),
    # "procedure_by_code" (a procedure named by its code, or None), "unit_heads" (unit ids → {unit id: the
    # head among its leaders}, for the province's directory of its communes)
    provides: dict = field(default_factory=dict)
    # name → template, rendered where a page asks for the name ({% offered "page_end" %})
    templates: dict = field(default_factory=dict)
    # (unit) → None: what a new unit's site starts with (default categories, introduction pages as drafts)
    new_unit: Callable | None = None
    # Personal data (Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15, Điều 14: deleted when the purpose is met or
    # the retention period ends). (unit, cutoff: datetime) → int: with ``unit`` in scope, anonymise the
    # records whose case is closed and whose personal data is older than ``cutoff`` (or whose sender asked
    # for removal), and say how many; running it again finds nothing more. Called by anonymise_all().
    anonymise: Callable | None = None
    # (code, phone_digits) → a Forgotten, or None when the app has no record with that code and phone in
    # the unit in scope: the citizen's request to remove their personal data (/yeu-cau-xoa-du-lieu-ca-nhan/)
    forget: Callable | None = None
    # (request) → [Waiting]: what waits for the signed-in person in the unit in scope, as far as their rights
    # go (the admin's home); a constant number of queries, whatever the amount of content
    waiting: Callable | None = None


@dataclass(frozen=True)
class Forgotten:
    """What an app answers to a request to remove a citizen's personal data (Offer.forget)."""

    message: str  # said to the citizen, in Vietnamese
    removed: bool  # True: removed now; False: refused or deferred (``reason`` says why)
    reason: str = ""  # "" when removed; "open": removed when the case is closed; another word otherwise


@cache
def offers():
    """Every installed app's offer, in INSTALLED_APPS order."""
    found = []
    for config in apps.get_app_configs():
        path = getattr(config, "contributions", None)
        if path:
            found.append(import_string(path))
    return tuple(found)


def provided(name, *args, default=None):
    """What the app that provides ``name`` answers for ``args``, or ``default`` when no app provides it."""
    for offer in offers():
        if name in offer.provides:
            return offer.provides[name](*args)
    return default


def templates(name):
    """The templates the apps offer under ``name``."""
    return [offer.templates[name] for offer in offers() if name in offer.templates]


def next_change():
    """The earliest moment some app's public content changes by itself, or None."""
    moments = [
        moment for offer in offers() if offer.next_change for moment in [offer.next_change()] if moment
    ]
    return min(moments, default=None)


def search_sources():
    """model label → SearchSource, of every app."""
    return {source.model: source for offer in offers() for source in offer.search}


def new_unit(unit):
    """Give a new unit what every site starts with, from each app (called with the unit in scope)."""
    for offer in offers():
        if offer.new_unit:
            offer.new_unit(unit)


def anonymise_all(unit, cutoff):
    """Anonymise the personal data older than ``cutoff`` in ``unit`` (closed cases only), in every app that
    keeps some; app label → how many records. Works with ``unit`` in scope whatever the caller has."""
    from portal import units

    done = {}
    with units.activate(unit):
        for config in apps.get_app_configs():
            offer = _offer_of(config)
            if offer is not None and offer.anonymise:
                done[config.label] = offer.anonymise(unit, cutoff)
    return done


def forget(code, phone):
    """A citizen's request to remove their personal data, named by a tracking code and the phone given
    with it, in the unit in scope: the first app that has the record answers (a Forgotten), else None
    (also when the phone is not a phone number)."""
    phone_digits = normalise_phone(phone)
    if not phone_digits or not code:
        return None
    for offer in offers():
        if offer.forget:
            answer = offer.forget(code, phone_digits)
            if answer is not None:
                return answer
    return None


def _offer_of(config):
    path = getattr(config, "contributions", None)
    return import_string(path) if path else None


def waiting_for(request):
    """Every app's lines of what waits for the signed-in person (the admin's home), in INSTALLED_APPS order."""
    return [line for offer in offers() if offer.waiting for line in offer.waiting(request)]
