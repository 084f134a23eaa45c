"""Celery tasks of the work tables: thin, each calls a service."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(ignore_result=True)
def send_event_reminders() -> int:
    """Beat runs it every 10 minutes; the outbox's keys make it idempotent."""
    return services.queue_reminders()
