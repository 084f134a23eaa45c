"""The API's rate limit, in its own module: DRF's settings import it while
rest_framework.views is being loaded."""

from __future__ import annotations

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from core.ratelimit import client_ip


class ClientRateThrottle(SimpleRateThrottle):
    """``API_RATE_LIMIT`` requests per client address (the one the rate limits
    of the forms use: core.ratelimit.client_ip), counted in the shared cache."""

    scope = "api"

    def get_rate(self) -> str:
        return settings.API_RATE_LIMIT

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request)}
