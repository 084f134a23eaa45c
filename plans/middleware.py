from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from . import engine

TICK_LOCK = "calendar:in-process-tick"


class InProcessCalendarMiddleware:
    """Without Celery beat (the embedded default), page views stand in for it:
    at most once a minute, the first request runs the calendar's tick and the
    outbox sweep (e-mails that an SMTP hiccup left queued)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.CALENDAR_TICK_IN_REQUESTS and cache.add(TICK_LOCK, 1, timeout=60):
            from ogp_portal.tasks import send_queued_emails

            engine.tick()
            send_queued_emails()
        return self.get_response(request)
