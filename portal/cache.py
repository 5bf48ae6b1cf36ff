"""Shared caching of content fragments, invalidated by a content version.

Every save or delete of published content bumps one version number in the
shared cache (Redis when configured), so every process sees a change at once;
cached fragments are keyed by that version and simply stop being read.
"""

import time

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "portal:content-version"
# Models whose changes do not alter what visitors see.


def content_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        # Start from the clock, not from 1: if the key was evicted, fragments cached
        # under an old small number must never become current again.
        cache.add(VERSION_KEY, time.time_ns(), None)
        version = cache.get(VERSION_KEY) or 0
    return version


def bump_content_version(**_kwargs):
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not in the cache (evicted, or Redis restarted)
        cache.set(VERSION_KEY, time.time_ns(), None)


def cached(name, build, timeout=3600, fresh=None):
    """Return ``build()`` cached under ``name`` for the current content version.

    ``fresh(value)``, when given, can declare a cached value stale for reasons the
    version does not see, such as the time a scheduled article is due.
    """
    key = f"portal:{name}:v{content_version()}"
    value = cache.get(key)
    if value is None or (fresh is not None and not fresh(value)):
        value = build()
        cache.set(key, value, timeout)
    return value


def peek(name):
    """The value ``cached(name, …)`` holds for the current content version, or None; never builds it."""
    return cache.get(f"portal:{name}:v{content_version()}")


def on_model_change(sender, **kwargs):
    """Bump now, and again when the transaction commits.

    The second bump matters: between the save and the commit another request may
    still read the old rows and cache them under the new version.
    """
    # a model whose rows no page shows (counters, what citizens send, logs) says so: ``changes_pages = False``
    if getattr(sender, "changes_pages", True):
        bump_content_version()
        transaction.on_commit(bump_content_version)
