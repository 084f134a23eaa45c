"""Models shared by every app: the transactional e-mail outbox."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboundEmail(models.Model):
    """One e-mail to one recipient. Apps write a row in the same transaction as
    the change it reports (``ogp_portal.mail.queue_email``); a task sends it
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
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("queued at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
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
