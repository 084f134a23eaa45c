"""The API's rate limit, in its own module: DRF's settings import it while
rest_framework.views is being loaded."""

from __future__ import annotations

from django.conf import settings
from rest_framework.throttling import BaseThrottle

from core.ratelimit import client_ip, exceeded

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """A rate as DRF reads it: 300/minute -> (300, 60)."""
    number, period = rate.split("/")
    return int(number), PERIODS[period[0]]


class ClientRateThrottle(BaseThrottle):
    """``API_RATE_LIMIT`` requests per client address (the one the rate limits
    of the forms use: core.ratelimit.client_ip), counted like theirs: one
    counter per client and window in the shared cache, one round trip per
    request. (DRF's SimpleRateThrottle reads and rewrites a list of the time of
    every request in the window: as long as the limit, on every request.)"""

    def allow_request(self, request, view) -> bool:
        limit, self.window = parse_rate(settings.API_RATE_LIMIT)
        return not exceeded("api", client_ip(request), limit, self.window)

    def wait(self) -> int:
        """Seconds to wait, at most: the window starts at a client's first request."""
        return self.window
