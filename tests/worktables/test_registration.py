"""A person registers for a session without an account, confirms the e-mail,
gets a seat (with a calendar invitation) or a place on the waiting list, and
cancels; a freed seat goes to the first person waiting."""

from __future__ import annotations

import zoneinfo

import pytest
from django.utils import translation
from icalendar import Calendar

from core.mail import build_message
from core.models import OutboundEmail
from tests.worktables.factories import EventFactory, RegistrationFactory, in_days
from worktables import services
from worktables.invitations import uid
from worktables.models import Registration, RegistrationStatus

pytestmark = pytest.mark.django_db

SANTIAGO = zoneinfo.ZoneInfo("America/Santiago")


def attendee(email: str = "camila.rojas@example.org", **fields) -> services.Attendee:
    return services.Attendee(
        name=fields.pop("name", "Camila Rojas"),
        email=email,
        sector="civil_society",
        region="biobio",
        **fields,
    )


def emails(registration: Registration) -> list[OutboundEmail]:
    return list(OutboundEmail.objects.filter(to=registration.email).order_by("pk"))


def invitation_of(email: OutboundEmail) -> Calendar:
    message = build_message(email).message()
    [part] = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    return part, Calendar.from_ical(part.get_payload(decode=True))


def seat(event, email="camila.rojas@example.org") -> Registration:
    registration = services.register(event.pk, attendee(email))
    return services.confirm(registration.token)


def test_a_registration_counts_only_once_the_email_is_confirmed():
    event = EventFactory(capacity=1)
    first = services.register(event.pk, attendee("primera@example.org"))
    assert first.status == RegistrationStatus.PENDING
    [confirm_mail] = emails(first)
    assert confirm_mail.key == f"registration-confirm:{first.pk}"
    assert f"/inscripciones/{first.token}/confirmar/" in confirm_mail.context["confirm_url"]
    assert confirm_mail.attachments == []  # no invitation before the address is proven
    # An unconfirmed registration holds no seat: someone confirming first takes it.
    second = seat(event, "segunda@example.org")
    assert second.status == RegistrationStatus.CONFIRMED
    assert services.confirm(first.token).status == RegistrationStatus.WAITING


def test_confirming_gives_a_seat_and_an_invitation_in_chile_time():
    event = EventFactory(starts_at=in_days(10, hour=18))
    registration = seat(event)
    assert registration.status == RegistrationStatus.CONFIRMED
    mail = OutboundEmail.objects.get(key=f"registration-seat:{registration.pk}")
    part, calendar = invitation_of(mail)
    assert part.get_param("method") == "REQUEST"
    assert calendar["METHOD"] == "REQUEST"
    [entry] = calendar.walk("VEVENT")
    start = entry.decoded("DTSTART")
    assert str(start.tzinfo) == "America/Santiago"
    assert start == event.starts_at
    assert (start.hour, start.minute) == (18, 30)
    assert entry["UID"] == uid(event)
    assert entry["SEQUENCE"] == 0
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["America/Santiago"]
    assert "reunion.example.org/sala-secreta" in str(entry["LOCATION"])
    assert str(entry["ATTENDEE"]) == "mailto:camila.rojas@example.org"
    # The seat's e-mail carries the link to join, and the one-click cancel page.
    assert mail.context["online_url"] == "https://reunion.example.org/sala-secreta"
    assert registration.token in mail.context["manage_url"]


def test_the_invitation_keeps_its_uid_for_every_person_and_change():
    event = EventFactory()
    one, two = seat(event, "uno@example.org"), seat(event, "dos@example.org")
    uids = {
        invitation_of(OutboundEmail.objects.get(key=f"registration-seat:{r.pk}"))[1].walk("VEVENT")[
            0
        ]["UID"]
        for r in (one, two)
    }
    assert uids == {uid(event)}


def test_clicking_the_confirmation_link_twice_changes_nothing():
    event = EventFactory()
    registration = seat(event)
    again = services.confirm(registration.token)
    assert again.status == RegistrationStatus.CONFIRMED
    assert OutboundEmail.objects.filter(key__startswith="registration-seat").count() == 1


def test_a_full_session_puts_people_on_the_waiting_list_in_order():
    event = EventFactory(capacity=1, waiting_list_size=2)
    seat(event, "sentada@example.org")
    first = seat(event, "primera@example.org")
    second = seat(event, "segunda@example.org")
    assert (first.status, second.status) == ("waiting", "waiting")
    waiting_mail = OutboundEmail.objects.get(key=f"registration-waiting:{first.pk}")
    assert waiting_mail.attachments == []
    assert waiting_mail.context["online_url"] == ""  # the link is for people with a seat


def test_cancelling_a_seat_promotes_the_first_person_waiting_and_tells_them():
    event = EventFactory(capacity=1)
    seated = seat(event, "sentada@example.org")
    first = seat(event, "primera@example.org")
    second = seat(event, "segunda@example.org")

    services.cancel(seated.token)

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == RegistrationStatus.CONFIRMED
    assert second.status == RegistrationStatus.WAITING
    promoted = OutboundEmail.objects.get(key=f"registration-promoted:{first.pk}")
    assert promoted.to == "primera@example.org"
    assert invitation_of(promoted)[1]["METHOD"] == "REQUEST"
    withdrawn = OutboundEmail.objects.get(key=f"registration-cancelled:{seated.pk}")
    part, calendar = invitation_of(withdrawn)
    assert part.get_param("method") == "CANCEL"
    assert calendar.walk("VEVENT")[0]["STATUS"] == "CANCELLED"
    # Cancelling again sends nothing and promotes nobody else.
    services.cancel(seated.token)
    second.refresh_from_db()
    assert second.status == RegistrationStatus.WAITING


def test_cancelling_a_place_on_the_waiting_list_frees_no_seat():
    event = EventFactory(capacity=1)
    seat(event, "sentada@example.org")
    waiting = seat(event, "espera@example.org")
    services.cancel(waiting.token)
    assert not OutboundEmail.objects.filter(key__startswith="registration-promoted").exists()
    assert not OutboundEmail.objects.filter(key=f"registration-cancelled:{waiting.pk}").exists()


def test_the_emails_speak_the_language_of_the_registration():
    event = EventFactory()
    with translation.override("en"):
        registration = services.register(event.pk, attendee(language="en"))
    message = build_message(emails(registration)[0])
    assert message.subject.startswith("Confirm your registration")
    spanish = services.register(event.pk, attendee("otra@example.org"))
    assert build_message(emails(spanish)[0]).subject.startswith("Confirma tu inscripción")


def test_a_synthetic_session_takes_no_registration():
    event = EventFactory(origin="synthetic")
    with pytest.raises(services.RegistrationRefused):
        services.register(event.pk, attendee())
    assert not Registration.objects.exists()


def test_erasing_old_registrations_keeps_the_counts():
    import datetime as dt

    from django.utils import timezone

    from core.retention import prune_all

    old = EventFactory(starts_at=in_days(-500), ends_at=in_days(-500) + dt.timedelta(hours=2))
    registration = RegistrationFactory(event=old)
    recent = RegistrationFactory()
    prune_all(timezone.now())
    registration.refresh_from_db()
    assert (registration.name, registration.email, registration.organisation) == ("", "", "")
    assert registration.accessibility_needs == ""
    assert registration.status == RegistrationStatus.CONFIRMED
    assert Registration.objects.get(pk=recent.pk).email == recent.email
