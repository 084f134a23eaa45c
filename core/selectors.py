"""Reads of what core owns: the outbox's state, for the staff pages."""

from __future__ import annotations

from django.db.models import Count

from .models import OutboundEmail


def email_counts() -> list[tuple[OutboundEmail.Status, int]]:
    counts = dict.fromkeys(OutboundEmail.Status.values, 0)
    counts.update(
        OutboundEmail.objects.order_by()
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return [(OutboundEmail.Status(status), n) for status, n in counts.items()]


def failed_emails(limit: int = 50):
    return OutboundEmail.objects.filter(status=OutboundEmail.Status.FAILED).order_by("-id")[:limit]
