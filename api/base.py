"""What every API endpoint shares: read-only, cursor pagination, filters, a
rate limit per client, and conditional GET tied to the page cache's version.

**Conditional GET.** The page cache's version (core/cache.py) moves on
whenever anything the public may see changes, so it is also the version of
every API answer: the ETag is a digest of that version, the address and the
language; Last-Modified is when the version last moved. A client that sends
the ETag back (``If-None-Match``) gets ``304 Not Modified`` before any query
runs. Last-Modified has HTTP's one-second resolution: two changes within one
second share it, so clients should prefer the ETag. Answers are also kept in
the cache under the same key, so a repeated request costs no query either.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache as default_cache
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response

from core import cache as page_cache

from .throttling import ClientRateThrottle


class Cursor(CursorPagination):
    """Pages of 50 (``page_size`` up to 500) in id order: a harvester walks
    the ``next`` links and never sees a row twice or misses one, even while
    rows are added."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    ordering = "id"

    def get_page_size(self, request) -> int:
        """DRF quietly falls back to the default on a bad value: here it is a 400."""
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if not 1 <= size <= self.max_page_size:
            message = _("A whole number from 1 to %(max)d.") % {"max": self.max_page_size}
            raise ValidationError({self.page_size_query_param: [message]})
        return size

    def get_schema_operation_parameters(self, view) -> list[dict]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
        return parameters


def validators(request) -> tuple[str, int]:
    """(ETag, Last-Modified as a Unix time) of the answer to ``request``."""
    version, changed = page_cache.state()
    parts = [
        str(version),
        repr(changed),
        request.get_host(),
        request.get_full_path(),
        translation.get_language() or "",
        # Nothing shown depends on the date today, but a day's change of it
        # costs one fetch a day: cheap insurance.
        timezone.localdate().isoformat(),
    ]
    digest = hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]
    return f'"{digest}"', int(changed)


class PublicViewSet(viewsets.ReadOnlyModelViewSet):
    """A read-only endpoint of public records. A subclass names its
    serializer, its queryset (an ``api.selectors`` function) and its filters."""

    pagination_class = Cursor
    # Any text after the list's address reaches the viewset, which answers a
    # JSON 404 for what is not an id (DRF's default pattern left "0.5" to the
    # HTML 404 page).
    lookup_value_regex = "[^/]+"
    filter_backends = [DjangoFilterBackend]
    throttle_classes = [ClientRateThrottle]

    def dispatch(self, request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return super().dispatch(request, *args, **kwargs)
        etag, last_modified = validators(request)
        self.cache_key = "api:" + etag.strip('"')
        not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if not_modified is not None:
            return not_modified
        response = super().dispatch(request, *args, **kwargs)
        if response.status_code == 200:
            response["ETag"] = etag
            response["Last-Modified"] = http_date(last_modified)
            # Keep it, but ask again each time: the 304 makes that cheap.
            response["Cache-Control"] = "no-cache"
        return response

    def list(self, request, *args, **kwargs):
        return self._cached(super().list, request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        return self._cached(super().retrieve, request, *args, **kwargs)

    def _cached(self, handler, request, *args, **kwargs) -> Response:
        """The data of an earlier identical request (same version, address and
        language), else the handler's, kept for PAGE_CACHE_SECONDS."""
        seconds = settings.PAGE_CACHE_SECONDS
        if seconds:
            data = default_cache.get(self.cache_key)
            if data is not None:
                response = Response(data)
                response["X-Page-Cache"] = "hit"
                return response
        response = handler(request, *args, **kwargs)
        if seconds and response.status_code == 200:
            default_cache.set(self.cache_key, response.data, seconds)
            response["X-Page-Cache"] = "miss"
        return response
