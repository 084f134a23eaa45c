"""A small fixed-window rate limit on the cache, for public forms."""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    # REMOTE_ADDR only: behind a proxy, have it set the client's address
    # (e.g. gunicorn's --forwarded-allow-ips), never trust a header blindly.
    return request.META.get("REMOTE_ADDR", "")


def exceeded(scope: str, ident: str, limit: int, window_seconds: int) -> bool:
    """Count one attempt for ``ident`` in ``scope``; True once over ``limit``."""
    digest = hashlib.sha256(ident.casefold().encode()).hexdigest()[:32]
    key = f"ratelimit:{scope}:{digest}"
    cache.add(key, 0, timeout=window_seconds)
    try:
        return cache.incr(key) > limit
    except ValueError:  # the window expired between add and incr
        return False
