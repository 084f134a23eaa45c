from __future__ import annotations

from celery import shared_task

from . import engine


@shared_task(ignore_result=True)
def calendar_tick() -> int:
    """Sent by beat every minute. Idempotent: a second run finds nothing due."""
    return len(engine.tick())
