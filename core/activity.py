"""The activity log: one call every app makes after a change staff or the
public should be able to trace (who, when, what, public or internal)."""

from __future__ import annotations

from typing import Any

from django.db import models

from .models import ActivityLog


def log(
    actor,
    action: str,
    target: models.Model,
    *,
    message: str = "",
    public: bool = False,
    **data: Any,
) -> ActivityLog:
    """Record ``action`` (e.g. ``"proposal.published"``) on ``target`` by ``actor``
    (a user, or None for the portal itself). Call it inside the transaction that
    makes the change, so the entry exists exactly when the change does."""
    return ActivityLog.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        is_public=public,
        message=message,
        data=data,
    )


def for_target(target: models.Model):
    return ActivityLog.objects.filter(
        target_type=target._meta.label_lower, target_id=str(target.pk)
    ).select_related("actor")
