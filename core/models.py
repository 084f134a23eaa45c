"""What every app shares: where a record comes from, the transactional e-mail
outbox, and the activity log every app writes through."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import public


class Origin(models.TextChoices):
    """Where a record comes from. Only official records are history; the others
    are labelled everywhere they appear and never counted with the official ones."""

    OFFICIAL = "official", _("Official record")
    DEMO = "demo", _("Demonstration")
    SYNTHETIC = "synthetic", _("Synthetic data")


class OutboundEmail(models.Model):
    """One e-mail to one recipient. Apps write a row in the same transaction as
    the change it reports (``core.mail.queue_email``); a task sends it
    after commit. The row, not the broker, is the record of what must go out,
    so a lost task or a broker that is down delays an e-mail but never drops it."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    key = models.CharField(
        _("idempotency key"),
        max_length=200,
        unique=True,
        help_text=_("What the e-mail is about and for whom; queuing it again creates nothing."),
    )
    to = models.EmailField(_("recipient"))
    language = models.CharField(_("language"), max_length=10, default="es-cl")
    template = models.CharField(_("template"), max_length=100)
    context = models.JSONField(_("context"), default=dict, blank=True)
    unsubscribe_url = models.URLField(_("unsubscribe address"), max_length=500, blank=True)
    # Small text files sent with the e-mail (an iCalendar invitation):
    # [{"filename": ..., "mimetype": "text/calendar; method=REQUEST", "content": ...}].
    # The database default lets code that predates the column (a server not
    # yet restarted after the migration) go on queuing e-mails.
    attachments = models.JSONField(_("attachments"), default=list, db_default=[], blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("queued at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        # The table keeps the name it had when the outbox lived in ogp_portal.
        db_table = "ogp_portal_outboundemail"
        ordering = ["-created_at", "-id"]
        verbose_name = _("outbound e-mail")
        verbose_name_plural = _("outbound e-mails")
        indexes = [
            # The beat sweep looks for rows still queued after a while.
            models.Index(
                fields=["created_at"],
                condition=models.Q(status="queued"),
                name="outbound_email_queued",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template} → {self.to} ({self.get_status_display()})"


class ActivityLog(models.Model):
    """Who did what, when, to which record: the audit trail every app writes
    through ``core.activity.log``. Public entries may be shown on the record's
    page; internal ones only to staff."""

    at = models.DateTimeField(_("date"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("staff member"),
    )
    action = models.CharField(_("action"), max_length=100)
    # The record acted on, as "app_label.model" and its primary key: kept as text
    # so the log outlives the record and needs no join to be read.
    target_type = models.CharField(_("record type"), max_length=100)
    target_id = models.CharField(_("record"), max_length=64)
    is_public = models.BooleanField(_("public"), default=False)
    message = models.TextField(_("what happened"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("activity log entry")
        verbose_name_plural = _("activity log")
        indexes = [
            models.Index(fields=["target_type", "target_id", "-at"], name="activity_target"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target_type}#{self.target_id}"


# Personal data the privacy checks look for (core/public.py); never on a page.
public.declare(
    OutboundEmail,
    fields=["id", "key", "template", "status", "created_at", "sent_at"],
    personal=["to", "context", "unsubscribe_url", "attachments"],
    on_pages=False,
)
