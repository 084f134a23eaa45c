"""The transactional e-mail outbox, shared by every app.

Queue inside the transaction that makes the change; the row commits with it and
delivery is scheduled only after commit::

    queue_email(f"tracking-code:{proposal.pk}", proposal.email, "tracking_code", {...})

Guarantees:

- idempotent queuing: the ``key`` is unique, so queuing the same thing twice
  (a retried request, an effect that runs again) creates one row;
- nothing lost: the row is the record of what must go out. If the broker is
  down at enqueue time the row stays queued and the beat task
  ``send_queued_emails`` sends it later; transient SMTP errors are retried;
  permanent ones mark the row failed, and ``retry_failed`` requeues it; a
  transient error that outlasts the task's retries leaves the row queued for
  the sweep, until ``EMAIL_GIVE_UP_AFTER`` (see :func:`give_up`);
- nothing sent twice by a redelivered or duplicated task: each row is claimed
  by a conditional update (queued -> sent) in the same short transaction as its
  SMTP send, and a row that is no longer queued is skipped.
  The one gap SMTP leaves open: a worker killed after the server accepted a
  message and before the commit sends that one message again. Its Message-ID
  is derived from the row, so the receiving side can recognise the copy.

Templates: ``templates/email/<template>_subject.txt``, ``_body.txt`` and
``_body.html``, rendered in the row's language with the row's ``context`` plus
``unsubscribe_url`` and ``site_url``.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.message import SafeMIMEText
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from kombu.exceptions import OperationalError

from .models import OutboundEmail

logger = logging.getLogger(__name__)

BATCH_SIZE = 100  # ids per delivery task
INSERT_CHUNK = 1000
SWEEP_LIMIT = 20_000  # rows re-enqueued per sweep, so a huge backlog is spread out

Status = OutboundEmail.Status


@dataclass(frozen=True)
class Email:
    """One e-mail to queue with :func:`queue_many`."""

    key: str
    to: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    language: str = "es-cl"
    unsubscribe_url: str = ""
    attachments: list[dict[str, str]] = field(default_factory=list)


# --- Queuing ------------------------------------------------------------------


def queue_email(
    key: str,
    to: str,
    template: str,
    context: dict[str, Any],
    language: str = "es-cl",
    unsubscribe_url: str = "",
    attachments: list[dict[str, str]] | None = None,
) -> OutboundEmail:
    """Queue one e-mail; a second call with the same key returns the first row.
    ``attachments``: small text files, ``{"filename", "mimetype", "content"}``
    each (see :func:`text_attachment`)."""
    email, created = OutboundEmail.objects.get_or_create(
        key=key,
        defaults={
            "to": to,
            "template": template,
            "context": context,
            "language": language,
            "unsubscribe_url": unsubscribe_url,
            "attachments": attachments or [],
        },
    )
    if created:
        transaction.on_commit(partial(enqueue, [email.pk]), robust=True)
    return email


def queue_many(emails: Iterable[Email]) -> int:
    """Queue many e-mails in bulk (a fan-out to every subscriber). Keys that
    already exist are left alone. Returns how many rows were created."""
    new_ids: list[int] = []
    for chunk in _chunks(emails, INSERT_CHUNK):
        keys = [email.key for email in chunk]
        existing = set(OutboundEmail.objects.filter(key__in=keys).values_list("key", flat=True))
        fresh = [email for email in chunk if email.key not in existing]
        # ignore_conflicts: a concurrent writer may insert the same key meanwhile.
        OutboundEmail.objects.bulk_create(
            [
                OutboundEmail(
                    key=email.key,
                    to=email.to,
                    template=email.template,
                    context=email.context,
                    language=email.language,
                    unsubscribe_url=email.unsubscribe_url,
                    attachments=email.attachments,
                )
                for email in fresh
            ],
            ignore_conflicts=True,
        )
        new_ids += OutboundEmail.objects.filter(
            key__in=[email.key for email in fresh], status=Status.QUEUED
        ).values_list("pk", flat=True)
    if new_ids:
        transaction.on_commit(partial(enqueue, sorted(new_ids)), robust=True)
    return len(new_ids)


def enqueue(ids: Sequence[int]) -> None:
    """Send delivery tasks for ``ids``, 100 per task. Called after commit. If the
    broker is down the rows stay queued: the beat sweep picks them up."""
    from .tasks import send_emails

    for batch in _chunks(ids, BATCH_SIZE):
        try:
            send_emails.delay(batch)
        except OperationalError:
            logger.warning(
                "outbox: broker unreachable, %d e-mail(s) stay queued for the sweep",
                len(ids),
                exc_info=True,
            )
            return


def retry_failed(ids: Iterable[int]) -> int:
    """Put failed e-mails back in the queue (staff, after fixing the cause)."""
    ids = list(ids)
    with transaction.atomic():
        requeued = list(
            OutboundEmail.objects.select_for_update()
            .filter(pk__in=ids, status=Status.FAILED)
            .values_list("pk", flat=True)
        )
        OutboundEmail.objects.filter(pk__in=requeued).update(status=Status.QUEUED, last_error="")
        if requeued:
            transaction.on_commit(partial(enqueue, requeued), robust=True)
    return len(requeued)


def stale_queued_ids(older_than: dt.timedelta, limit: int = SWEEP_LIMIT) -> list[int]:
    cutoff = timezone.now() - older_than
    return list(
        OutboundEmail.objects.filter(status=Status.QUEUED, created_at__lte=cutoff)
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )


# --- Delivery -----------------------------------------------------------------


def deliver(ids: Sequence[int]) -> int:
    """Send the queued e-mails among ``ids`` over one SMTP connection; returns how
    many were sent. Rows already sent or failed are skipped. A transient error
    (connection lost, 4xx reply) is recorded on the row and raised, for the task
    to retry; a permanent one (5xx) fails the row and the batch goes on."""
    pending = list(OutboundEmail.objects.filter(pk__in=ids, status=Status.QUEUED).order_by("pk"))
    if not pending:
        return 0
    sent = 0
    with get_connection() as connection:
        for email in pending:
            try:
                sent += _deliver_one(connection, email)
            except OSError as error:  # smtplib.SMTPException is an OSError too
                OutboundEmail.objects.filter(pk=email.pk, status=Status.QUEUED).update(
                    attempts=F("attempts") + 1, last_error=_describe(error)
                )
                raise
    return sent


def _deliver_one(connection, email: OutboundEmail) -> int:
    message = build_message(email, connection)
    with transaction.atomic():
        # The claim: this UPDATE locks the row until the commit that follows the
        # send. A duplicate task waits for the lock, then finds the row no longer
        # queued and sends nothing; if the send fails, the rollback requeues it.
        claimed = OutboundEmail.objects.filter(pk=email.pk, status=Status.QUEUED).update(
            status=Status.SENT,
            sent_at=timezone.now(),
            attempts=F("attempts") + 1,
            last_error="",
        )
        if not claimed:
            return 0
        try:
            message.send()
        except (smtplib.SMTPResponseException, smtplib.SMTPRecipientsRefused) as error:
            if not _is_permanent(error):
                raise
            OutboundEmail.objects.filter(pk=email.pk).update(
                status=Status.FAILED, last_error=_describe(error)
            )
            logger.warning("outbox: e-mail %s failed: %s", email.pk, _describe(error))
            return 0
    return 1


def give_up(ids: Sequence[int], error: BaseException) -> int:
    """The task's retries ran out on a transient error (the SMTP server down or
    refusing for a while). Rows queued for less than ``EMAIL_GIVE_UP_AFTER``
    stay queued, with the error, and the beat sweep tries them again, as a mail
    server keeps a message in its queue for days; older ones are failed, for
    staff to see and send again. Returns how many were failed."""
    cutoff = timezone.now() - dt.timedelta(seconds=settings.EMAIL_GIVE_UP_AFTER)
    pending = OutboundEmail.objects.filter(pk__in=ids, status=Status.QUEUED)
    pending.filter(created_at__gt=cutoff).update(last_error=_describe(error))
    return pending.filter(created_at__lte=cutoff).update(
        status=Status.FAILED, last_error=_describe(error)
    )


def build_message(email: OutboundEmail, connection=None) -> EmailMultiAlternatives:
    context = {
        **email.context,
        "unsubscribe_url": email.unsubscribe_url,
        "site_url": settings.SITE_URL,
    }
    prefix = f"email/{email.template}"
    with translation.override(email.language):
        subject = " ".join(render_to_string(f"{prefix}_subject.txt", context).split())
        text = render_to_string(f"{prefix}_body.txt", context)
        html = render_to_string(f"{prefix}_body.html", context)
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    # The same Message-ID on any copy lets the receiving side discard it.
    headers = {"Message-ID": f"<outbox-{email.pk}@{domain}>"}
    if email.unsubscribe_url:
        headers["List-Unsubscribe"] = f"<{email.unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[email.to],
        headers=headers,
        connection=connection,
    )
    message.attach_alternative(html, "text/html")
    for attachment in email.attachments:
        message.attach(text_attachment(**attachment))
    return message


def text_attachment(filename: str, mimetype: str, content: str) -> SafeMIMEText:
    """A text file for an e-mail. ``mimetype`` may carry parameters, as an
    invitation needs (``text/calendar; method=REQUEST``): Django's own
    ``attach()`` takes a bare type only."""
    kind, *params = (part.strip() for part in mimetype.split(";"))
    basetype, subtype = kind.split("/", 1)
    if basetype != "text":
        raise ValueError(f"the outbox attaches text files only, not {kind}")
    part = SafeMIMEText(content, subtype, "utf-8")
    for param in params:
        name, _sep, value = param.partition("=")
        if name and name.lower() != "charset":
            part.set_param(name, value.strip('"'))
    part.add_header("Content-Disposition", "attachment", filename=filename)
    return part


def _is_permanent(error: smtplib.SMTPException) -> bool:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        return bool(codes) and all(code >= 500 for code in codes)
    return getattr(error, "smtp_code", 0) >= 500


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:1000]


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def prune_sent(cutoff: dt.datetime) -> dict[str, int]:
    """Forget whom sent or failed e-mails went to, and what they said, once older
    than ``cutoff``. The row (its key) stays, so nothing is ever sent twice."""
    count = (
        OutboundEmail.objects.filter(created_at__lt=cutoff)
        .exclude(status=Status.QUEUED)
        .exclude(to="")
        .update(to="", context={}, unsubscribe_url="", attachments=[])
    )
    return {"e-mails forgotten": count}
