"""People with a seat are reminded 24 hours before their session, once, however
often the task runs; a change or a cancellation by staff reaches every
registered person once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone
from icalendar import Calendar

from core.mail import build_message
from core.models import OutboundEmail
from tests.worktables.factories import EventFactory, RegistrationFactory
from worktables import services
from worktables.models import RegistrationStatus

pytestmark = pytest.mark.django_db


def everyone(event):
    return {
        status: RegistrationFactory(event=event, status=status, email=f"{status}@example.org")
        for status in RegistrationStatus.values
    }


def keys(prefix: str) -> list[str]:
    rows = OutboundEmail.objects.filter(key__startswith=prefix)
    return sorted(rows.values_list("key", flat=True))


def calendar_of(email: OutboundEmail) -> Calendar:
    message = build_message(email).message()
    [part] = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    return part, Calendar.from_ical(part.get_payload(decode=True))


def test_people_with_a_seat_are_reminded_once_however_often_the_task_runs():
    now = timezone.now()
    event = EventFactory(starts_at=now + dt.timedelta(hours=20))
    people = everyone(event)
    assert services.queue_reminders(now) == 1
    assert services.queue_reminders(now) == 0
    assert services.queue_reminders(now + dt.timedelta(minutes=10)) == 0
    seated = people[RegistrationStatus.CONFIRMED]
    [reminder] = OutboundEmail.objects.filter(key__startswith="event-reminder")
    assert reminder.key == f"event-reminder:{event.pk}:{seated.pk}"
    assert reminder.to == seated.email
    assert reminder.context["online_url"] == event.online_url
    assert build_message(reminder).subject == f"Mañana: {event.title}"


def test_the_reminder_waits_until_24_hours_before():
    now = timezone.now()
    event = EventFactory(starts_at=now + dt.timedelta(hours=30))
    RegistrationFactory(event=event)
    assert services.queue_reminders(now) == 0
    assert services.queue_reminders(now + dt.timedelta(hours=6, minutes=1)) == 1


def test_cancelled_past_and_synthetic_sessions_send_no_reminder():
    now = timezone.now()
    for event in (
        EventFactory(starts_at=now + dt.timedelta(hours=5), status="cancelled"),
        EventFactory(starts_at=now - dt.timedelta(hours=1)),
        EventFactory(starts_at=now + dt.timedelta(hours=5), origin="synthetic"),
    ):
        RegistrationFactory(event=event)
    assert services.queue_reminders(now) == 0


def test_beat_runs_the_reminders_every_ten_minutes():
    from worktables.tasks import send_event_reminders

    entry = settings.CELERY_BEAT_SCHEDULE["event-reminders"]
    assert entry == {"task": send_event_reminders.name, "schedule": 600.0}
    event = EventFactory(starts_at=timezone.now() + dt.timedelta(hours=3))
    RegistrationFactory(event=event)
    send_event_reminders.delay()
    send_event_reminders.delay()
    assert len(keys("event-reminder")) == 1


def test_a_new_time_reaches_every_registered_person_once():
    event = EventFactory()
    people = everyone(event)
    new_start = event.starts_at + dt.timedelta(days=1)
    changes = {"starts_at": new_start, "ends_at": new_start + dt.timedelta(hours=2)}
    services.update(event.pk, changes)
    services.update(event.pk, changes)  # the same again: nothing new to say
    event.refresh_from_db()
    assert event.revision == 1
    told = {r.to for r in OutboundEmail.objects.filter(key__startswith="event-changed")}
    assert told == {"confirmed@example.org", "waiting@example.org"}
    seated = OutboundEmail.objects.get(key__startswith="event-changed", to="confirmed@example.org")
    part, calendar = calendar_of(seated)
    assert part.get_param("method") == "REQUEST"
    entry = calendar.walk("VEVENT")[0]
    assert entry["SEQUENCE"] == 1
    assert entry.decoded("DTSTART") == new_start
    waiting = OutboundEmail.objects.get(key__startswith="event-changed", to="waiting@example.org")
    assert waiting.attachments == []
    assert people  # pending and cancelled people were not written to


def test_a_change_nobody_relies_on_sends_nothing():
    event = EventFactory()
    everyone(event)
    services.update(event.pk, {"description": "Traigan sus preguntas."})
    assert keys("event-changed") == []


def test_more_seats_go_to_the_people_waiting():
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=RegistrationStatus.WAITING)
    services.update(event.pk, {"capacity": 2})
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED
    assert keys("registration-promoted") == [f"registration-promoted:{waiting.pk}"]


def test_a_cancellation_reaches_every_registered_person_once():
    event = EventFactory()
    everyone(event)
    services.cancel_event(event.pk, "La sala no está disponible.")
    services.cancel_event(event.pk, "La sala no está disponible.")
    emails = OutboundEmail.objects.filter(key__startswith="event-event_cancelled")
    assert {e.to for e in emails} == {"confirmed@example.org", "waiting@example.org"}
    seated = emails.get(to="confirmed@example.org")
    assert seated.context["reason"] == "La sala no está disponible."
    part, calendar = calendar_of(seated)
    assert part.get_param("method") == "CANCEL"
    assert calendar.walk("VEVENT")[0]["STATUS"] == "CANCELLED"
    assert build_message(seated).subject == f"Sesión cancelada: {event.title}"


def test_a_past_session_cannot_change_or_be_cancelled():
    start = timezone.now() - dt.timedelta(days=2)
    event = EventFactory(starts_at=start, ends_at=start + dt.timedelta(hours=2))
    with pytest.raises(services.EventNotChanged):
        services.update(event.pk, {"title": "Otro"})
    with pytest.raises(services.EventNotChanged):
        services.cancel_event(event.pk, "x")
