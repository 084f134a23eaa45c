"""A small fixed-window rate limit on the cache, for public forms."""

from __future__ import annotations

import hashlib
import ipaddress
import logging

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

logger = logging.getLogger(__name__)


def client_ip(request: HttpRequest) -> str:
    """The visitor's address, for rate limits.

    With ``TRUSTED_PROXY_COUNT = 0`` (the default) it is ``REMOTE_ADDR`` and
    X-Forwarded-For is ignored: anyone can send that header. Behind N trusted
    proxies, each appends the address it received the request from, so the
    client is the N-th address from the right; what stands further left was
    written by the client and is never read. A header with fewer than N
    entries, or an entry that is not an IP address, means the request did not
    come through the proxies as configured: fall back to ``REMOTE_ADDR``."""
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    entries = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    if len(entries) < count:
        return remote
    try:
        trusted = [ipaddress.ip_address(entry.strip()) for entry in entries[-count:]]
    except ValueError:
        return remote
    client = trusted[0]
    # A dual-stack proxy may write an IPv4 client as ::ffff:a.b.c.d: count it once.
    return str(getattr(client, "ipv4_mapped", None) or client)


def exceeded(scope: str, ident: str, limit: int, window_seconds: int) -> bool:
    """Count one attempt for ``ident`` in ``scope``; True once over ``limit``.
    While the cache cannot be reached nothing is counted and nothing refused:
    the forms' other defences (honeypot, minimum fill time) still apply."""
    digest = hashlib.sha256(ident.casefold().encode()).hexdigest()[:32]
    key = f"ratelimit:{scope}:{digest}"
    try:
        count = cache.incr(key)  # one round trip while the window lasts
    except ValueError:  # no window yet, or it has just ended: start one
        if cache.add(key, 1, timeout=window_seconds):
            count = 1
        else:  # another request started it in between
            try:
                count = cache.incr(key)
            except ValueError:  # and it ended in between: rare, let it through
                return False
    if count is None:  # the cache is down (settings.REDIS_CACHE_OPTIONS)
        logger.warning("rate limit %s not counted: the cache is unreachable", scope)
        return False
    return count > limit
