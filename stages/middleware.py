from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from . import engine

TICK_LOCK = "calendar:in-process-tick"

logger = logging.getLogger(__name__)


class InProcessCalendarMiddleware:
    """Without Celery beat (the embedded default), page views stand in for it:
    at most once a minute, the first request runs the calendar's tick and the
    outbox sweep (e-mails that an SMTP hiccup left queued). Whatever goes wrong
    there is logged, never shown to the visitor whose request ran it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.CALENDAR_TICK_IN_REQUESTS and cache.add(TICK_LOCK, 1, timeout=60):
            from core.tasks import send_queued_emails

            try:
                engine.tick()
                send_queued_emails()
            except Exception:
                logger.exception("calendar: the in-process tick failed")
        return self.get_response(request)
