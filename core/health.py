"""/healthz: is the portal able to do its work? For load balancers and monitors."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

from .tasks import last_heartbeat

logger = logging.getLogger(__name__)


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _cache() -> str:
    cache.set("healthz", "ok", timeout=10)
    if cache.get("healthz") != "ok":
        raise RuntimeError("the cache did not return what was stored")
    return "ok"


def _broker() -> str:
    if not settings.CELERY_BROKER_URL:
        return "in-process"
    from celery import current_app as app

    with app.connection_for_write(url=settings.CELERY_BROKER_URL) as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return "ok"


CHECKS: dict[str, Callable[[], str]] = {
    "database": _database,
    "cache": _cache,
    "broker": _broker,
}


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    results: dict[str, str] = {}
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception as error:  # any failure means "down", and says why
            logger.warning("healthz: %s is down: %s", name, error)
            results[name] = "down"
    down = [name for name, state in results.items() if state == "down"]
    try:
        worker = last_heartbeat()
    except Exception:  # the cache being down is already reported above
        worker = None
    return JsonResponse(
        {
            "status": "down" if down else "ok",
            "checks": results,
            "down": down,
            # When a Celery worker last ran the heartbeat task that beat sends
            # every minute; informative, since tasks can run in-process.
            "worker_last_seen": worker,
        },
        status=503 if down else 200,
    )
