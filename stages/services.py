"""Writes to the calendar: stages from reference data and for the
demonstration process, and the notices' subscriptions (double opt-in)."""

from __future__ import annotations

import datetime as dt
import secrets
import zoneinfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from core.mail import queue_email
from plans.models import ActionPlan, Origin
from plans.services import DEMO_SLUG

from . import reference_data as ref
from .models import Stage, StageKind, Subscription


def local_midnight(day: dt.date) -> dt.datetime:
    """The first instant of ``day`` in Chile's time zone."""
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    return dt.datetime.combine(day, dt.time.min, tzinfo=tz)


def stage_bounds(first_day: dt.date, last_day: dt.date) -> dict[str, dt.datetime]:
    """A stage that runs over whole days, ``last_day`` included."""
    return {
        "starts_at": local_midnight(first_day),
        "ends_at": local_midnight(last_day + dt.timedelta(days=1)),
    }


# --- Reference data and the demonstration process ----------------------------------


def seed_fifth_plan_calendar() -> None:
    """The exact 2020 calendar of the 5th plan. Running it again changes nothing."""
    fifth = ActionPlan.objects.get(origin=Origin.OFFICIAL, number=ref.FIFTH_PLAN_NUMBER)
    for kind, first_day, last_day, description in ref.FIFTH_PLAN_CALENDAR:
        Stage.objects.update_or_create(
            plan=fifth,
            kind=kind,
            defaults={**stage_bounds(first_day, last_day), "description": description},
        )


# How the demonstration calendar is laid out around today: (kind, first day,
# last day) as offsets in days. Reception is open today; later stages are ahead.
DEMO_CALENDAR = [
    (StageKind.AWARENESS, -10, 20),
    (StageKind.RECEPTION, -3, 11),
    (StageKind.WORKTABLES, 12, 40),
    (StageKind.RESULTS, 41, 55),
    (StageKind.SELECTION, 56, 75),
    (StageKind.CONSULTATION, 56, 75),
    (StageKind.PUBLICATION, 76, 90),
]


def seed_demo_calendar(today: dt.date) -> None:
    """Shift the demonstration process's calendar so that it runs around ``today``."""
    plan = ActionPlan.objects.get(slug=DEMO_SLUG)
    for kind, first, last in DEMO_CALENDAR:
        Stage.objects.update_or_create(
            plan=plan,
            kind=kind,
            defaults=stage_bounds(
                today + dt.timedelta(days=first), today + dt.timedelta(days=last)
            ),
        )


# --- Subscriptions ------------------------------------------------------------------


def subscribe(email: str, language: str) -> None:
    """Ask ``email`` to confirm. An address already confirmed gets nothing, so a
    stranger cannot flood it; one pending or unsubscribed gets a new link."""
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().for_email(email).first()
        if subscription is None:
            try:
                with transaction.atomic():
                    subscription = Subscription.objects.create(email=email, language=language)
            except IntegrityError:  # a concurrent request created it first
                return
        elif subscription.confirmed_at and not subscription.unsubscribed_at:
            return
        else:
            subscription.language = language
            subscription.confirmed_at = None
            subscription.unsubscribed_at = None
            subscription.save(update_fields=["language", "confirmed_at", "unsubscribed_at"])
        queue_email(
            f"subscription-confirm:{subscription.pk}:{secrets.token_hex(8)}",
            subscription.email,
            "subscription_confirm",
            {
                "confirm_url": absolute_url("stages:subscription_confirm", subscription, language),
                "notice_hours": settings.CALENDAR_CLOSING_NOTICE_HOURS,
            },
            language=language,
            unsubscribe_url=absolute_url("stages:unsubscribe", subscription, language),
        )


def confirm(subscription: Subscription) -> None:
    Subscription.objects.filter(pk=subscription.pk, confirmed_at__isnull=True).update(
        confirmed_at=timezone.now(), unsubscribed_at=None
    )


def unsubscribe(subscription: Subscription) -> None:
    Subscription.objects.filter(pk=subscription.pk, unsubscribed_at__isnull=True).update(
        unsubscribed_at=timezone.now()
    )


def absolute_url(name: str, subscription: Subscription, language: str) -> str:
    with translation.override(language):
        return settings.SITE_URL + reverse(name, args=[subscription.token])


def prune_subscriptions(cutoff: dt.datetime) -> dict[str, int]:
    """Forget addresses that unsubscribed, or never confirmed, before ``cutoff``."""
    stale = Subscription.objects.filter(unsubscribed_at__lt=cutoff) | Subscription.objects.filter(
        confirmed_at__isnull=True, created_at__lt=cutoff
    )
    deleted, _ = stale.delete()
    return {"subscriptions": deleted}
