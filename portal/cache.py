"""Shared caching of content fragments, invalidated by a content version, per unit.

Every save or delete of published content bumps a version number in the shared cache (Redis when
configured), so every process sees a change at once; cached fragments are keyed by that version and
simply stop being read. Each unit has its own version (a commune's new article leaves the other
communes' caches alone) and there is one for what all units share (holidays, the national procedures);
a fragment's key holds the unit in scope and both versions.
"""

import secrets
import time
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from portal import units

VERSION_KEY = "portal:content-version"
# Models whose changes do not alter what visitors see.


def _unit_key(unit_id):
    return f"{VERSION_KEY}:u{unit_id}"


# A page read reads the versions once (portal.middleware.UnitMiddleware): every fragment of one page then
# comes from the same version, and a page costs one round trip to Redis for them, not one per fragment.
_read_versions = ContextVar("portal_read_versions", default=None)
# Inside ``bumps_at_the_end``: the units whose content changed, bumped once when the block ends.
_deferred_bumps = ContextVar("portal_deferred_bumps", default=None)


@contextmanager
def one_version_per_read(request):
    """For a GET or HEAD request, the content versions are read once and kept until it is answered."""
    if request.method not in ("GET", "HEAD"):
        yield
        return
    token = _read_versions.set({})
    try:
        yield
    finally:
        _read_versions.reset(token)


def content_version():
    """The version of what the pages of the unit in scope show: the shared one and the unit's own."""
    unit_id = units.current_id()
    read = _read_versions.get()
    if read is not None and unit_id in read:
        return read[unit_id]
    version = _read_content_version(unit_id, read)
    if read is not None:
        read[unit_id] = version
    return version


# Keys (a function of the unit's id) that every page of a unit reads, fetched in the same round trip as the
# content versions: ``read_along`` gives their values. Registered once, at import.
_read_along = []


def reads_along(key_of):
    """Register ``key_of(unit_id)``, a cache key every page reads (the footer's visitor counts), to be
    fetched with the content versions: a page then pays no round trip of its own for it."""
    _read_along.append(key_of)
    return key_of


def read_along(key):
    """``cache.get(key)`` for a key registered with ``reads_along``: in a page read, the value fetched with
    the content versions (the versions are read first if they were not yet)."""
    read = _read_versions.get()
    if read is None:
        return cache.get(key)
    content_version()
    along = read.get(("along", units.current_id()), {})
    return along[key] if key in along else cache.get(key)


def _read_content_version(unit_id, read=None):
    keys = [VERSION_KEY, _unit_key(unit_id)] if unit_id else [VERSION_KEY]
    along = [key_of(unit_id) for key_of in _read_along] if unit_id and read is not None else []
    found = cache.get_many(keys + along)
    if along:
        read[("along", unit_id)] = {key: found.get(key) for key in along}
    versions = []
    for key in keys:
        version = found.get(key)
        if version is None:
            # Start from the clock, not from 1: if the key was evicted, fragments cached
            # under an old small number must never become current again.
            cache.add(key, _fresh_version(), None)
            version = cache.get(key) or 0
        versions.append(str(version))
    return ".".join(versions)


def bump_content_version(unit_id=None, **_kwargs):
    """A change of the unit ``unit_id``'s content, or (None) of what every unit shows."""
    key = _unit_key(unit_id) if unit_id else VERSION_KEY
    try:
        cache.incr(key)
    except ValueError:  # not in the cache (evicted, or Redis restarted)
        cache.set(key, _fresh_version(), None)


def _fresh_version():
    """A starting version no process has seen: the clock, plus a random part for a clock that stands still
    (a test's frozen time) or that another machine reads a little behind; parts of pages kept in a process
    (portal.templatetags.portal.reused) must not be taken for the new version's."""
    return time.time_ns() + secrets.randbelow(1_000_000_000)


def before_due(data):
    """``fresh`` for a cached dict whose "due" is when a scheduled article appears (None: none waits): the
    value holds until then."""
    return not data["due"] or data["due"] > timezone.now()


# Values of ``cached(…, here=True)`` this process has read, by key (which holds the content version).
_here = {}
HERE_SECONDS = 60


def cached(name, build, timeout=3600, fresh=None, here=False):
    """Return ``build()`` cached under ``name`` for the current content version.

    ``fresh(value)``, when given, can declare a cached value stale for reasons the
    version does not see, such as the time a scheduled article is due.

    ``here``: the value is also kept by this process for a minute, for what every page reads (the menu,
    the maintenance notice): a value cached for a version never changes, so a page then costs no round trip
    to the shared cache for it. Only for values no caller changes (they are shared by the process's
    threads); never while the shared cache does not answer (no version to trust).
    """
    version = content_version()
    key = f"portal:u{units.current_id()}:{name}:v{version}"
    here = here and "0" not in version.split(".")
    if here:
        known = _here.get(key)
        if known is not None and known[1] > time.monotonic() and (fresh is None or fresh(known[0])):
            return known[0]
    value = cache.get(key)
    if value is None or (fresh is not None and not fresh(value)):
        value = build()
        cache.set(key, value, timeout)
    if here:
        if len(_here) >= 5000:
            _here.clear()
        _here[key] = (value, time.monotonic() + HERE_SECONDS)
    return value


def peek(name):
    """The value ``cached(name, …)`` holds for the current content version, or None; never builds it."""
    return cache.get(f"portal:u{units.current_id()}:{name}:v{content_version()}")


@contextmanager
def bumps_at_the_end():
    """Saves of many rows in one go (an import of 100,000 dossiers): the content versions they move are
    bumped once when the block ends, and again at the commit, instead of twice a row (a round trip to the
    shared cache each). Pages read inside the block may be older than its writes, as they would be anyway
    until the commit."""
    changed = set()
    token = _deferred_bumps.set(changed)
    try:
        yield
    finally:
        _deferred_bumps.reset(token)
        for unit_id in changed:
            bump_content_version(unit_id)
            transaction.on_commit(lambda unit_id=unit_id: bump_content_version(unit_id))


def on_model_change(sender, **kwargs):
    """Bump now, and again when the transaction commits.

    The second bump matters: between the save and the commit another request may
    still read the old rows and cache them under the new version.
    """
    # a model whose rows no page shows (counters, what citizens send, logs) says so: ``changes_pages = False``
    if getattr(sender, "changes_pages", True):
        instance = kwargs.get("instance")
        # a unit's own record, or the unit itself (its settings), or something every unit shows
        unit_id = getattr(instance, "unit_id", None) or (
            instance.pk if sender._meta.label == "portal.Unit" else None
        )
        content_changed(unit_id)


def content_changed(unit_id):
    """What the unit ``unit_id`` shows changed (None: what every unit shows), by a write that sends no
    signal (a bulk update): its version is bumped now and at the commit, or at the end of ``bumps_at_the_end``."""
    deferred = _deferred_bumps.get()
    if deferred is not None:
        deferred.add(unit_id)
        return
    bump_content_version(unit_id)
    transaction.on_commit(lambda: bump_content_version(unit_id))


def remembered(store, key, build, seconds, limit=50_000):
    """``build()``, kept in ``store`` (a dict of this process) for ``seconds`` under ``key``; with 0 seconds,
    built each time. For what is costly to find and may be a little old, never for what differs by visitor."""
    if not seconds:
        return build()
    now = time.time()
    known = store.get(key)
    if known is not None and known[1] > now:
        return known[0]
    value = build()
    if len(store) >= limit:
        store.clear()
    store[key] = (value, now + seconds)
    return value
