"""A per-client rate limit in the shared cache (Redis when configured, so every process counts together).

A fixed window: the first hit creates the counter with the window's lifetime,
the following ones increment it atomically. Used by the dossier lookup, the
feedback form and its lookup, and the "was this page useful" box.

A client is an IPv4 address or an IPv6 /64 (``client_network``): changing the
interface part of an IPv6 address does not make a new client.
"""

from django.core.cache import cache
from django.utils import timezone

from portal import units
from portal.visitors import client_network


def allow(request, scope, limit, period=60):
    """Count one hit of this client on ``scope``; False once more than ``limit`` hits fell in ``period`` seconds."""
    window = int(timezone.now().timestamp() // period)
    key = f"portal:rl:u{units.current_id()}:{scope}:{client_network(request)}:{window}"
    if cache.add(key, 1, period + 1):
        return limit >= 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, period + 1)
        count = 1
    if count is None:
        # Redis is down (django-redis ignores its errors and answers None): nobody can be counted,
        # so nobody is refused; the site keeps serving until Redis is back.
        return True
    return count <= limit
