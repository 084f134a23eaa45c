from __future__ import annotations

import datetime as dt
import smtplib

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from . import mail

HEARTBEAT_KEY = "celery:heartbeat"


@shared_task(ignore_result=True)
def heartbeat() -> None:
    """Proves that beat schedules and a worker runs: /healthz shows the time."""
    cache.set(HEARTBEAT_KEY, timezone.now().isoformat(), timeout=None)


def last_heartbeat() -> str | None:
    return cache.get(HEARTBEAT_KEY)


# --- E-mail outbox (core.mail) ---------------------------------------------

# smtplib's errors are OSErrors too: `mail.deliver` fails permanent (5xx) replies
# itself, so only transient trouble reaches the retry.
TRANSIENT_EMAIL_ERRORS = (
    smtplib.SMTPServerDisconnected,
    smtplib.SMTPConnectError,
    ConnectionError,
    TimeoutError,
    OSError,
)


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=TRANSIENT_EMAIL_ERRORS,
    retry_backoff=True,
    max_retries=5,
    ignore_result=True,
)
def send_emails(self, ids: list[int]) -> int:
    """Send up to 100 queued e-mails. Idempotent: rows already sent are skipped,
    so a redelivered or duplicated task sends nothing twice. When the retries
    run out the rows stay queued for the beat sweep (``mail.give_up``)."""
    try:
        return mail.deliver(ids)
    except TRANSIENT_EMAIL_ERRORS as error:
        if self.request.retries >= self.max_retries:
            mail.give_up(ids, error)
        raise


@shared_task(ignore_result=True)
def send_queued_emails(older_than_seconds: int | None = None) -> int:
    """Sent by beat every minute: re-enqueues e-mails still queued after a while
    (the broker was down when they were queued, or their task was lost)."""
    if older_than_seconds is None:
        older_than_seconds = settings.EMAIL_OUTBOX_SWEEP_AFTER
    ids = mail.stale_queued_ids(dt.timedelta(seconds=older_than_seconds))
    mail.enqueue(ids)
    return len(ids)


@shared_task(ignore_result=True)
def prune_personal_data() -> dict[str, int]:
    """Sent by beat daily: erase personal data past its retention period.
    Idempotent: what is erased stays erased and is not counted again."""
    from . import retention

    return retention.prune_all()
