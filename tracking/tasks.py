from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from . import reminders


@shared_task(ignore_result=True)
def send_progress_reminders() -> dict[str, int]:
    """Sent by beat every hour. Idempotent: each reminder has its key, so a
    second run queues nothing already queued."""
    return reminders.send_all(timezone.localdate())
