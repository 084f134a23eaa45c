"""E-mail to the Mesa de Gobierno Abierto: every member with an active portal
account. Apps after plans call ``notify_forum`` from their effects and services."""

from __future__ import annotations

from django.conf import settings

from core.mail import Email, queue_many

from .models import ForumMember


def forum_member_emails() -> list[tuple[int, str]]:
    """(user id, e-mail) of every forum member with an active portal account."""
    return list(
        ForumMember.objects.filter(user__isnull=False, user__is_active=True)
        .exclude(user__email="")
        .values_list("user_id", "user__email")
        .distinct()
        .order_by("user_id")
    )


def notify_forum(key: str, template: str, context: dict) -> int:
    """Queue one e-mail per member; ``key`` names the occasion (e.g. the calendar
    event), so calling again for the same occasion queues nothing new."""
    return queue_many(
        Email(
            key=f"{key}:user-{user_id}",
            to=email,
            template=template,
            context=context,
            language=settings.LANGUAGE_CODE,
        )
        for user_id, email in forum_member_emails()
    )
