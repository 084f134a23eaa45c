"""Reminders to the officers of responsible institutions, through the outbox:

- when a milestone of a plan in implementation passes its end date and is not
  reported complete: once per milestone and officer
  (``milestone-overdue:<milestone>:user-<id>``);
- twice a year, for every commitment of a plan in implementation: once per
  half-year, commitment and officer (``progress-semester:<commitment>:2027H1:user-<id>``).

The keys make them idempotent: beat runs this every hour and a second run in
the same half-year queues nothing new."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import formats, translation

from core.mail import Email, queue_many
from core.models import Origin
from plans.models import ActionPlan, Commitment, Completion, Milestone

from .models import Officer

REMINDED_ORIGINS = [Origin.OFFICIAL, Origin.DEMO]


def half_year(day: dt.date) -> str:
    return f"{day.year}H{1 if day.month <= 6 else 2}"


@transaction.atomic
def send_all(today: dt.date) -> dict[str, int]:
    return {
        "overdue milestones": queue_many(_overdue(today)),
        "half-yearly": queue_many(_half_yearly(today)),
    }


def _officers() -> dict[int, list[tuple[int, str]]]:
    """{institution id: [(user id, e-mail)]} of active officers with an e-mail."""
    officers: dict[int, list[tuple[int, str]]] = {}
    rows = (
        Officer.objects.filter(user__is_active=True)
        .exclude(user__email="")
        .values_list("institution_id", "user_id", "user__email")
        .order_by("institution_id", "user_id")
    )
    for institution_id, user_id, email in rows:
        officers.setdefault(institution_id, []).append((user_id, email))
    return officers


def _implementing() -> dict:
    return {
        "plan__status": ActionPlan.Status.IMPLEMENTATION,
        "plan__origin__in": REMINDED_ORIGINS,
    }


def _overdue(today: dt.date) -> Iterator[Email]:
    officers = _officers()
    if not officers:
        return
    milestones = (
        Milestone.objects.filter(
            end_date__lt=today,
            commitment__responsible_institution_id__in=list(officers),
            **{f"commitment__{key}": value for key, value in _implementing().items()},
        )
        .exclude(current_progress__status=Completion.COMPLETE)
        .select_related("commitment__plan")
        .order_by("pk")
    )
    with translation.override(settings.LANGUAGE_CODE):
        for milestone in milestones.iterator(chunk_size=2000):
            commitment = milestone.commitment
            context = {
                "milestone_title": f"{milestone.number}. {milestone.title}",
                "end_date": formats.date_format(milestone.end_date, "DATE_FORMAT"),
                "commitment_title": commitment.title,
                "plan_title": commitment.plan.title,
                "report_url": _absolute("tracking:staff_milestone", milestone.pk),
            }
            for user_id, email in officers[commitment.responsible_institution_id]:
                yield Email(
                    key=f"milestone-overdue:{milestone.pk}:user-{user_id}",
                    to=email,
                    template="progress_overdue",
                    context=context,
                    language=settings.LANGUAGE_CODE,
                )


def _half_yearly(today: dt.date) -> Iterator[Email]:
    officers = _officers()
    if not officers:
        return
    half = half_year(today)

    commitments = (
        Commitment.objects.filter(responsible_institution_id__in=list(officers), **_implementing())
        .select_related("plan")
        .order_by("pk")
    )
    with translation.override(settings.LANGUAGE_CODE):
        for commitment in commitments.iterator(chunk_size=2000):
            context = {
                "commitment_title": f"{commitment.number}. {commitment.title}",
                "plan_title": commitment.plan.title,
                "report_url": _absolute("tracking:staff_commitments"),
                "commitment_url": settings.SITE_URL + commitment.get_absolute_url(),
            }
            for user_id, email in officers[commitment.responsible_institution_id]:
                yield Email(
                    key=f"progress-semester:{commitment.pk}:{half}:user-{user_id}",
                    to=email,
                    template="progress_semester",
                    context=context,
                    language=settings.LANGUAGE_CODE,
                )


def _absolute(name: str, *args) -> str:
    return settings.SITE_URL + reverse(name, args=args)
