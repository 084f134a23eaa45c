"""Writes of the sessions: scheduling, changing and cancelling them (staff),
and a person's registration (register, confirm the e-mail, cancel), with the
e-mails each step sends.

Seats are decided under a row lock on the session: whoever confirms first
takes the last seat; the next one waits. Every e-mail goes through the outbox
with a key naming the step and the person, so a step run twice sends nothing
twice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from core import activity
from core.mail import Email, queue_email, queue_many
from core.models import Origin
from plans.models import ActionPlan

from ..invitations import invitation
from ..models import (
    ACTIVE_STATUSES,
    Event,
    EventKind,
    Registration,
    RegistrationStatus,
    WorkTable,
)

REMINDER_HOURS = 24
# What registered people are told about when staff change it.
NOTIFIED_FIELDS = ("title", "starts_at", "ends_at", "modality", "address", "region", "online_url")
EDITABLE_FIELDS = (
    "title",
    "description",
    "starts_at",
    "ends_at",
    "modality",
    "address",
    "region",
    "online_url",
    "capacity",
    "waiting_list_size",
    "accessibility_note",
)
# Demonstration sessions send their e-mails (people try the portal with their
# own address); synthetic ones never do.
NOTIFIED_ORIGINS = {Origin.OFFICIAL, Origin.DEMO}


class RegistrationRefused(Exception):
    """The registration cannot go ahead; the message says why, in the
    visitor's language."""


class EventNotChanged(Exception):
    """Staff asked for a change the session does not allow (past, cancelled)."""


@dataclass(frozen=True)
class Attendee:
    """What a person gives when registering."""

    name: str
    email: str
    sector: str
    region: str
    organisation: str = ""
    accessibility_needs: str = ""
    language: str = "es-cl"


# --- Staff: sessions ------------------------------------------------------------------


def schedule(plan: ActionPlan, data: dict, actor=None, table: WorkTable | None = None) -> Event:
    """A new session of ``plan``: an awareness session, or one of ``table``'s."""
    if table is not None and table.plan_id != plan.pk:
        raise EventNotChanged(_("Choose a work table of this process."))
    with transaction.atomic():
        event = Event.objects.create(
            plan=plan,
            table=table,
            kind=EventKind.TABLE if table else EventKind.AWARENESS,
            origin=plan.origin,
            **{name: data[name] for name in EDITABLE_FIELDS if name in data},
        )
        activity.log(actor, "event.scheduled", event, message=event.title)
    return event


def update(event_id: int, data: dict, actor=None) -> Event:
    """Change a session. If what people rely on changed (time, place, link),
    its revision moves on and each registered person is told once; more seats
    go to the first people waiting."""
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event_id)
        if event.is_cancelled:
            raise EventNotChanged(_("This session was cancelled: it cannot change any more."))
        if event.ends_at <= timezone.now():
            raise EventNotChanged(_("This session already took place: it cannot change any more."))
        changed = [
            name for name in EDITABLE_FIELDS if name in data and getattr(event, name) != data[name]
        ]
        for name in changed:
            setattr(event, name, data[name])
        notify = any(name in NOTIFIED_FIELDS for name in changed)
        if notify:
            event.revision += 1
        event.save()
        if notify:
            _notify_registered(event, "changed")
        _fill_seats(event)
        if changed:
            activity.log(actor, "event.changed", event, message=", ".join(changed))
    return event


def cancel_event(event_id: int, reason: str, actor=None) -> Event:
    """Cancel a session; every registered person is told once, and people
    with a seat get the invitation's withdrawal."""
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event_id)
        if event.is_cancelled:
            return event
        if event.ends_at <= timezone.now():
            raise EventNotChanged(_("This session already took place: it cannot be cancelled."))
        event.status = Event.Status.CANCELLED
        event.cancellation_reason = reason
        event.revision += 1
        event.save()
        _notify_registered(event, "event_cancelled")
        activity.log(actor, "event.cancelled", event, public=True, message=reason)
    return event


# --- The public: registration -----------------------------------------------------------


def register(event_id: int, attendee: Attendee) -> Registration:
    """Register a person; the seat counts only once they confirm the e-mail."""
    with transaction.atomic():
        event = Event.objects.select_for_update().filter(pk=event_id).first()
        if event is None:
            raise RegistrationRefused(_("This session does not exist."))
        _check_open(event)
        same = Registration.objects.filter(event=event, status__in=ACTIVE_STATUSES)
        if same.annotate(lower=Lower("email")).filter(lower=attendee.email.lower()).exists():
            raise RegistrationRefused(_duplicate())
        seats, waiting = _counts(event)
        if seats >= event.capacity and waiting >= event.waiting_list_size:
            raise RegistrationRefused(_full(event))
        try:
            with transaction.atomic():
                registration = Registration.objects.create(
                    event=event,
                    origin=event.origin,
                    name=attendee.name,
                    email=attendee.email,
                    sector=attendee.sector,
                    region=attendee.region,
                    organisation=attendee.organisation,
                    accessibility_needs=attendee.accessibility_needs,
                    language=attendee.language,
                    consent_at=timezone.now(),
                )
        except IntegrityError:  # the same address, sent twice at once
            raise RegistrationRefused(_duplicate()) from None
        _queue(registration, event, "confirm")
    return registration


def confirm(token: str) -> Registration:
    """The person opened the link in their e-mail: they get a seat if one is
    left, else a place on the waiting list. A second click changes nothing."""
    with transaction.atomic():
        registration = _lock(token)
        if registration.status != RegistrationStatus.PENDING:
            return registration
        event = registration.event
        _check_open(event)
        seats, waiting = _counts(event)
        if seats >= event.capacity and waiting >= event.waiting_list_size:
            raise RegistrationRefused(_full(event))
        now = timezone.now()
        registration.confirmed_at = now
        if seats < event.capacity:
            registration.status = RegistrationStatus.CONFIRMED
            registration.seat_at = now
        else:
            registration.status = RegistrationStatus.WAITING
        registration.save(update_fields=["status", "confirmed_at", "seat_at"])
        seated = registration.status == RegistrationStatus.CONFIRMED
        _queue(registration, event, "seat" if seated else "waiting")
    return registration


def cancel(token: str) -> Registration:
    """The person gives up their place; a freed seat goes to the first person
    waiting, who is told by e-mail."""
    with transaction.atomic():
        registration = _lock(token)
        if registration.status == RegistrationStatus.CANCELLED:
            return registration
        event = registration.event
        if event.ends_at <= timezone.now():
            raise RegistrationRefused(_("This session already took place."))
        had_seat = registration.status == RegistrationStatus.CONFIRMED
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at"])
        if had_seat:
            _queue(registration, event, "cancelled")
            _fill_seats(event)
    return registration


def _lock(token: str) -> Registration:
    """The registration and its session, both locked, the session first (as
    every other write here does, so two of them cannot deadlock)."""
    event_id = Registration.objects.filter(token=token).values_list("event_id", flat=True).first()
    if event_id is None:
        raise Registration.DoesNotExist
    event = Event.objects.select_for_update().get(pk=event_id)
    registration = Registration.objects.select_for_update().get(token=token)
    registration.event = event
    return registration


def _check_open(event: Event) -> None:
    if event.is_cancelled:
        raise RegistrationRefused(
            _("This session was cancelled: it no longer takes registrations.")
        )
    if event.has_started():
        raise RegistrationRefused(
            _("This session already started or took place: it no longer takes registrations.")
        )
    if event.origin == Origin.SYNTHETIC:
        raise RegistrationRefused(_("This is a synthetic test session: it takes no registrations."))


def _duplicate() -> str:
    return _(
        "This e-mail is already registered for this session. Look for the e-mail we sent "
        "you: its link confirms or cancels the registration."
    )


def _full(event: Event) -> str:
    if event.waiting_list_size:
        return _("This session is full, and so is its waiting list.")
    return _("This session is full.")


def _counts(event: Event) -> tuple[int, int]:
    """(seats taken, people waiting)."""
    counts = Registration.objects.filter(event=event).aggregate(
        seats=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=RegistrationStatus.WAITING)),
    )
    return counts["seats"], counts["waiting"]


def _fill_seats(event: Event) -> int:
    """Give free seats to the people waiting, first confirmed first. The
    caller holds the session's lock."""
    if event.is_cancelled or event.has_started():
        return 0
    seats, _waiting = _counts(event)
    free = event.capacity - seats
    if free <= 0:
        return 0
    promoted = list(
        Registration.objects.select_for_update()
        .filter(event=event, status=RegistrationStatus.WAITING)
        .order_by("confirmed_at", "pk")[:free]
    )
    now = timezone.now()
    for registration in promoted:
        registration.status = RegistrationStatus.CONFIRMED
        registration.seat_at = now
        registration.save(update_fields=["status", "seat_at"])
        _queue(registration, event, "promoted")
    return len(promoted)


# --- Reminders ----------------------------------------------------------------------------


def queue_reminders(now: dt.datetime | None = None) -> int:
    """One e-mail per person with a seat, 24 hours before their session. The
    key names the session and the person: running this again (beat every 10
    minutes, a task redelivered after a worker died) queues nothing new."""
    now = now or timezone.now()
    soon = Event.objects.filter(
        status=Event.Status.SCHEDULED,
        starts_at__gt=now,
        starts_at__lte=now + dt.timedelta(hours=REMINDER_HOURS),
        origin__in=NOTIFIED_ORIGINS,
    )
    seated = (
        Registration.objects.filter(event__in=soon, status=RegistrationStatus.CONFIRMED)
        .select_related("event")
        .order_by("pk")
    )
    with transaction.atomic():
        return queue_many(
            Email(
                key=f"event-reminder:{registration.event_id}:{registration.pk}",
                to=registration.email,
                template="event_notice",
                context=notice_context(registration, registration.event, "reminder"),
                language=registration.language,
            )
            for registration in seated.iterator(chunk_size=500)
        )


# --- E-mails ---------------------------------------------------------------------------

# Which notices bring the invitation (REQUEST) or its withdrawal (CANCEL).
INVITES = {"seat": "REQUEST", "promoted": "REQUEST", "cancelled": "CANCEL"}


def _queue(registration: Registration, event: Event, notice: str) -> None:
    if event.origin not in NOTIFIED_ORIGINS:
        return
    queue_email(
        f"registration-{notice}:{registration.pk}",
        registration.email,
        "event_notice",
        notice_context(registration, event, notice),
        language=registration.language,
        attachments=_attachments(registration, event, INVITES.get(notice)),
    )


def _notify_registered(event: Event, notice: str) -> int:
    """Tell everyone with a seat or waiting, once per revision of the session."""
    if event.origin not in NOTIFIED_ORIGINS:
        return 0
    people = Registration.objects.filter(
        event=event,
        status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING],
    ).order_by("pk")
    return queue_many(_notices(event, people.iterator(chunk_size=500), notice))


def _notices(event: Event, people: Iterable[Registration], notice: str) -> Iterator[Email]:
    for registration in people:
        seated = registration.status == RegistrationStatus.CONFIRMED
        method = ("CANCEL" if notice == "event_cancelled" else "REQUEST") if seated else None
        yield Email(
            key=f"event-{notice}:{event.pk}:{event.revision}:{registration.pk}",
            to=registration.email,
            template="event_notice",
            context=notice_context(registration, event, notice),
            language=registration.language,
            attachments=_attachments(registration, event, method),
        )


def _attachments(registration: Registration, event: Event, method: str | None) -> list[dict]:
    if method is None:
        return []
    with translation.override(registration.language):
        description = "\n\n".join(
            filter(
                None,
                [
                    event.description,
                    _("Your registration, to see it or cancel it: %(url)s")
                    % {"url": _url(registration, "worktables:registration")},
                ],
            )
        )
    return [invitation(event, registration, method=method, description=description)]


def _url(registration: Registration, name: str) -> str:
    with translation.override(registration.language):
        return settings.SITE_URL + reverse(name, args=[registration.token])


def when(event: Event) -> str:
    """ "3 de septiembre de 2026, 18:30 a 20:00 (hora de Chile)", in the active language."""
    start, end = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
    day = formats.date_format(start, "DATE_FORMAT")
    if start.date() == end.date():
        return _("%(day)s, %(start)s to %(end)s (Chile time)") % {
            "day": day,
            "start": formats.time_format(start, "TIME_FORMAT"),
            "end": formats.time_format(end, "TIME_FORMAT"),
        }
    return _("%(start)s to %(end)s (Chile time)") % {
        "start": formats.date_format(start, "DATETIME_FORMAT"),
        "end": formats.date_format(end, "DATETIME_FORMAT"),
    }


def notice_context(registration: Registration, event: Event, notice: str) -> dict:
    """What an e-mail about a session says, fixed when queued, in the
    recipient's language. The online link only goes to people with a seat."""
    seated = registration.status == RegistrationStatus.CONFIRMED
    with translation.override(registration.language):
        return {
            "notice": notice,
            "name": registration.name,
            "title": event.title,
            "when": when(event),
            "modality": str(event.get_modality_display()),
            "address": event.address if event.meets_in_person else "",
            "region": str(event.get_region_display()) if event.region else "",
            "online_url": event.online_url if seated and event.meets_online else "",
            "accessibility_note": event.accessibility_note,
            "reason": event.cancellation_reason,
            "event_url": settings.SITE_URL + event.get_absolute_url(),
            "manage_url": _url(registration, "worktables:registration"),
            "confirm_url": _url(registration, "worktables:registration_confirm"),
            "waiting": registration.status == RegistrationStatus.WAITING,
        }


# --- Personal data ---------------------------------------------------------------------

ERASED = {"name": "", "email": "", "organisation": "", "accessibility_needs": ""}


def prune_registrations(cutoff: dt.datetime) -> dict[str, int]:
    """Erase attendees' details once their session ended before ``cutoff``;
    how many came (the statuses) stays."""
    count = Registration.objects.filter(
        event__ends_at__lt=cutoff, personal_data_erased_at__isnull=True
    ).update(**ERASED, personal_data_erased_at=timezone.now())
    return {"registrations erased": count}
