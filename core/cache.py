"""The page cache: whole responses of public pages, kept in the shared cache
(Redis in production) for anonymous visitors.

A public view opts in with ``@public_page``. A response is stored and served
only when nothing in it can belong to one visitor:

- the request carries no session and no pending messages (anyone signed in,
  or with something to be told, gets a fresh page);
- rendering did not touch the session nor use a CSRF token, and set no cookie
  (a page with a POST form is never stored: its token is the visitor's own);
- the answer is a plain 200, not a streamed download.

The key is the language and the full address (path and query string) under a
**version**. Any change to data the public sees moves the version on, after
its transaction commits, so every page shows the change at once:

- saving or deleting a row of a model declared public (core/public.py) does it
  through signals;
- a write that bypasses signals (``QuerySet.update``, ``bulk_create``) calls
  :func:`bump` itself; so does the calendar engine when an edge fires (a stage
  opening changes what pages say).

Entries also expire after ``PAGE_CACHE_SECONDS``, so wording that depends on
the clock ("closes in 3 days") never lags for long.

A stored page keeps a gzip copy too, under its own key, sent to browsers that
accept it (all of them): compressed once when stored, never per request. A
plan of 500 commitments is 530 kB of HTML and about 40 kB gzipped; at that
size, reading and sending the bytes, not making them, limited a cached page.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.middleware.gzip import re_accepts_gzip
from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string

VERSION_KEY = "pagecache:version"
# When the version last moved (a Unix time): the API's Last-Modified.
CHANGED_KEY = "pagecache:changed_at"
# Headers a stored page keeps; the rest (cookies, Vary on a session) would be
# one visitor's.
KEPT_HEADERS = ("Content-Type", "Content-Language", "Content-Disposition")

View = Callable[..., HttpResponse]


def public_page(view: View) -> View:
    """Serve this view's anonymous answers from the page cache."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not settings.PAGE_CACHE_SECONDS or not _anonymous_read(request):
            return view(request, *args, **kwargs)
        accepts_gzip = re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", ""))
        encoding = GZIP if accepts_gzip else PLAIN
        key, stored = _lookup(request, encoding)
        if stored is not None:
            response = _answer(*stored)
            response["X-Page-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if _storable(request, response):
            variants = _variants(response)
            cache.set_many({f"{key}:{name}": entry for name, entry in variants.items()}, _ttl())
            response = _answer(*variants[encoding])
            response["X-Page-Cache"] = "miss"
        return response

    wrapped.public_page = True
    return wrapped


PLAIN, GZIP = "plain", "gzip"


def _variants(response: HttpResponse) -> dict[str, tuple]:
    """What to store: the page as it is, and what a browser that accepts gzip
    gets, apart, so that a hit reads only the bytes it sends. A stored page
    holds no secret (no token, no session), so no BREACH padding is needed."""
    status, content = response.status_code, response.content
    headers = [(name, response[name]) for name in KEPT_HEADERS if name in response]
    compressed = compress_string(content) if len(content) >= 200 else content
    if len(compressed) >= len(content):  # not worth it: the same bytes for both
        same = (status, content, None, headers)
        return {PLAIN: same, GZIP: same}
    return {
        PLAIN: (status, content, PLAIN, headers),
        GZIP: (status, compressed, GZIP, headers),
    }


def _answer(status: int, content: bytes, encoding: str | None, headers) -> HttpResponse:
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    if encoding:  # there is another encoding of this address
        patch_vary_headers(response, ("Accept-Encoding",))
    if encoding == GZIP:
        response["Content-Encoding"] = "gzip"
    return response


def bump() -> None:
    """Every stored page is stale from now on: at once, and again when the
    current transaction commits, so a request that stored the old data in
    between (it could not see the change yet) is not served either."""
    _bump_now()
    transaction.on_commit(_bump_now, robust=True)


def _bump_now() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet, or it expired
        cache.add(VERSION_KEY, 1, timeout=None)
        cache.incr(VERSION_KEY)
    cache.set(CHANGED_KEY, time.time(), timeout=None)


def _version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY) or 1
    return version


# The version this process last read: a hit asks Redis for the version and the
# page stored under this one in a single MGET (one round trip, not two). The
# page is used only if the version read with it is the same; after a bump, the
# second try reads the new version first, as before.
_last_seen = {"version": None}


def _lookup(request: HttpRequest, encoding: str) -> tuple[str, tuple | None]:
    """The key of this page under the current version, and what is stored there."""
    address = f"{request.LANGUAGE_CODE}|{request.get_full_path()}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    guess = _last_seen["version"]
    if guess is not None:
        key = f"pagecache:{guess}:{digest}"
        found = cache.get_many([VERSION_KEY, f"{key}:{encoding}"])
        if found.get(VERSION_KEY) == guess:
            return key, found.get(f"{key}:{encoding}")
    _last_seen["version"] = version = _version()
    key = f"pagecache:{version}:{digest}"  # and ":plain" or ":gzip"
    return key, cache.get(f"{key}:{encoding}")


def state() -> tuple[int, float]:
    """The version of the public data and when it last changed (Unix time):
    what the API's ETag and Last-Modified are made of. A cache that lost the
    time (emptied, or older than this code) starts it now: a client then
    fetches once more, never a stale copy."""
    found = cache.get_many([VERSION_KEY, CHANGED_KEY])  # one round trip, as a rule
    version, changed = found.get(VERSION_KEY), found.get(CHANGED_KEY)
    if version is None:
        version = _version()
    if changed is None:
        changed = time.time()
        if not cache.add(CHANGED_KEY, changed, timeout=None):
            changed = cache.get(CHANGED_KEY) or changed
    return version, changed


def _anonymous_read(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    session = getattr(request, "session", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not (session is not None and session.accessed)
        and not response.has_header("Cache-Control")  # the view said how to cache itself
    )


def _ttl() -> int:
    return settings.PAGE_CACHE_SECONDS


def _on_change(sender, **kwargs) -> None:
    if kwargs.get("raw"):  # fixtures being loaded
        return
    bump()


def watch(*models) -> None:
    """Move the version on whenever a row of these models is saved or deleted."""
    for model in models:
        uid = f"pagecache:{model._meta.label_lower}"
        post_save.connect(_on_change, sender=model, dispatch_uid=uid + ":save")
        post_delete.connect(_on_change, sender=model, dispatch_uid=uid + ":delete")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                _on_change, sender=field.remote_field.through, dispatch_uid=uid + field.name
            )
