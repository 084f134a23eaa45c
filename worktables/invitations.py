"""The iCalendar invitation that travels with a seat's e-mail (RFC 5545/5546).

One UID per session, so every calendar app files the first invitation, each
change (SEQUENCE = the session's revision) and a cancellation as the same
entry. Times carry TZID America/Santiago with its VTIMEZONE, so a phone set to
another zone still shows the session at the right moment."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from email.utils import parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, vCalAddress, vText
from icalendar import Event as CalendarEvent

from .models import Event, Registration

FILENAME = "invitacion.ics"


def uid(event: Event) -> str:
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"sesion-{event.pk}@{domain}"


def invitation(
    event: Event, registration: Registration, *, method: str = "REQUEST", description: str = ""
) -> dict[str, str]:
    """The invitation (``REQUEST``) or its withdrawal (``CANCEL``) for one
    person, as an outbox attachment."""
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    calendar = Calendar()
    calendar.add("prodid", "-//Gobierno Abierto Chile//Portal//ES")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    entry = CalendarEvent()
    entry.add("uid", uid(event))
    entry.add("sequence", event.revision)
    entry.add("dtstamp", timezone.now().astimezone(dt.UTC))
    entry.add("dtstart", event.starts_at.astimezone(tz))
    entry.add("dtend", event.ends_at.astimezone(tz))
    entry.add("summary", event.title)
    entry.add("url", settings.SITE_URL + event.get_absolute_url())
    if description:
        entry.add("description", description)
    location = ", ".join(filter(None, [event.address, event.get_region_display()]))
    if event.meets_online and event.online_url:
        location = ", ".join(filter(None, [location, event.online_url]))
    if location:
        entry.add("location", location)
    cancelled = method == "CANCEL" or event.is_cancelled
    entry.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    sender_name, sender = parseaddr(settings.DEFAULT_FROM_EMAIL)
    organizer = vCalAddress(f"mailto:{sender}")
    organizer.params["cn"] = vText(sender_name or sender)
    entry.add("organizer", organizer)
    attendee = vCalAddress(f"mailto:{registration.email}")
    attendee.params["cn"] = vText(registration.name)
    attendee.params["role"] = vText("REQ-PARTICIPANT")
    attendee.params["partstat"] = vText("ACCEPTED")
    attendee.params["rsvp"] = vText("FALSE")
    entry.add("attendee", attendee)
    calendar.add_component(entry)
    year = dt.timedelta(days=366)
    calendar.add_missing_timezones(
        first_date=(event.starts_at - year).date(), last_date=(event.ends_at + year).date()
    )
    return {
        "filename": FILENAME,
        "mimetype": f"text/calendar; method={method}",
        "content": calendar.to_ical().decode(),
    }
