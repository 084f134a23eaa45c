"""The registration pages, as a visitor uses them: the session's page, the
form, the link in the e-mail, the registration's own page. Bad input gets a
clear Spanish message and changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from core.models import OutboundEmail
from tests.worktables.factories import EventFactory, RegistrationFactory, in_days
from worktables import services
from worktables.models import Registration, RegistrationStatus

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Camila Rojas",
    "email": "camila.rojas@example.org",
    "sector": "civil_society",
    "organisation": "",
    "region": "biobio",
    "accessibility_needs": "",
    "consent": "on",
    "website": "",
}


def post(client, event, **overrides):
    return client.post(f"/eventos/{event.pk}/inscripcion/", {**FORM, **overrides})


def nothing_changed(before: tuple[int, int]) -> bool:
    return (Registration.objects.count(), OutboundEmail.objects.count()) == before


def counts() -> tuple[int, int]:
    return Registration.objects.count(), OutboundEmail.objects.count()


def test_the_session_page_shows_the_seats_left_and_never_the_link_or_the_people(client):
    event = EventFactory(capacity=3)
    RegistrationFactory(event=event, name="Asistente Reservada")
    page = client.get(event.get_absolute_url()).content.decode()
    assert event.title in page
    assert "Quedan 2 cupos" in page
    assert "hora de Chile" in page
    assert "sala-secreta" not in page
    assert "Asistente Reservada" not in page
    assert f"/eventos/{event.pk}/inscripcion/" in page


def test_a_registration_refreshes_the_seats_left_at_once(client):
    event = EventFactory(capacity=3)
    assert "Quedan 3 cupos" in client.get(event.get_absolute_url()).content.decode()
    registration = services.register(
        event.pk, services.Attendee("A", "a@example.org", "citizen", "aysen")
    )
    services.confirm(registration.token)
    assert "Quedan 2 cupos" in client.get(event.get_absolute_url()).content.decode()


def test_a_visitor_registers_and_is_asked_to_confirm(client):
    event = EventFactory()
    response = post(client, event)
    assert response.status_code == 302
    assert response["Location"] == f"/eventos/{event.pk}/inscripcion/enviada/"
    registration = Registration.objects.get()
    assert registration.status == RegistrationStatus.PENDING
    assert registration.origin == event.origin
    page = client.get(response["Location"]).content.decode()
    assert "Revisa tu correo" in page


def test_the_link_in_the_email_asks_then_confirms_and_shows_the_link_to_join(client):
    event = EventFactory()
    post(client, event)
    registration = Registration.objects.get()
    asked = client.get(f"/inscripciones/{registration.token}/confirmar/")
    assert asked.status_code == 200
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.PENDING  # a mail scanner confirms nothing
    response = client.post(f"/inscripciones/{registration.token}/confirmar/")
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "tu cupo está confirmado" in page
    assert "https://reunion.example.org/sala-secreta" in page
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_the_registration_page_cancels_in_one_click_and_promotes_the_next(client):
    event = EventFactory(capacity=1)
    seated = RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=RegistrationStatus.WAITING)
    page = client.get(f"/inscripciones/{seated.token}/").content.decode()
    assert "Cancelar mi inscripción" in page
    response = client.post(f"/inscripciones/{seated.token}/cancelar/")
    assert response.status_code == 302
    assert "tu inscripción está cancelada" in client.get(response["Location"]).content.decode()
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED
    assert OutboundEmail.objects.filter(key=f"registration-promoted:{waiting.pk}").exists()


def test_a_person_waiting_does_not_see_the_link_to_join(client):
    waiting = RegistrationFactory(status=RegistrationStatus.WAITING)
    page = client.get(f"/inscripciones/{waiting.token}/").content.decode()
    assert "lista de espera" in page
    assert "sala-secreta" not in page


# --- Bad input: a clear message, nothing changed -------------------------------------


def test_a_full_session_with_a_full_waiting_list_is_refused(client):
    event = EventFactory(capacity=1, waiting_list_size=1)
    RegistrationFactory(event=event)
    RegistrationFactory(event=event, status=RegistrationStatus.WAITING)
    before = counts()
    response = post(client, event)
    assert response.status_code == 409
    assert "Esta sesión está llena, y también su lista de espera." in response.content.decode()
    assert nothing_changed(before)


def test_a_full_session_offers_the_waiting_list(client):
    event = EventFactory(capacity=1, waiting_list_size=3)
    RegistrationFactory(event=event)
    assert (
        "Inscribirme en la lista de espera" in client.get(event.get_absolute_url()).content.decode()
    )
    form = client.get(f"/eventos/{event.pk}/inscripcion/").content.decode()
    assert "entras a la lista de espera" in form
    assert post(client, event).status_code == 302


def test_a_second_registration_with_the_same_email_is_refused(client):
    event = EventFactory()
    RegistrationFactory(event=event, email="Camila.Rojas@example.org")
    before = counts()
    response = post(client, event)
    assert response.status_code == 409
    assert "Este correo ya está inscrito en esta sesión." in response.content.decode()
    assert nothing_changed(before)


def test_registering_again_before_confirming_the_email_is_refused(client):
    event = EventFactory()
    post(client, event)
    before = counts()
    response = post(client, event, name="Otra Persona")
    assert response.status_code == 409
    assert "Este correo ya está inscrito en esta sesión." in response.content.decode()
    assert nothing_changed(before)


def test_an_unconfirmed_email_gets_no_seat_after_the_session_was_cancelled(client):
    event = EventFactory()
    post(client, event)
    registration = Registration.objects.get()
    services.cancel_event(event.pk, "Sin quórum")
    before = counts()
    response = client.post(f"/inscripciones/{registration.token}/confirmar/")
    assert response.status_code == 409
    assert "Esta sesión se canceló" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.PENDING
    assert nothing_changed(before)


def test_a_cancelled_session_takes_no_registration(client):
    event = EventFactory(status="cancelled", cancellation_reason="Sin quórum")
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Esta sesión se canceló." in page
    before = counts()
    response = post(client, event)
    assert response.status_code == 409
    assert "Esta sesión se canceló: ya no recibe inscripciones." in response.content.decode()
    assert nothing_changed(before)


def test_a_past_session_takes_no_registration(client):
    start = in_days(-3)
    event = EventFactory(starts_at=start, ends_at=start + dt.timedelta(hours=2))
    before = counts()
    response = post(client, event)
    assert response.status_code == 409
    assert "Esta sesión ya comenzó o ya se realizó" in response.content.decode()
    assert nothing_changed(before)


@pytest.mark.parametrize("pk", ["999999", "9" * 30])
def test_a_forged_session_id_is_not_found(client, pk):
    before = counts()
    response = client.post(f"/eventos/{pk}/inscripcion/", FORM)
    assert response.status_code == 404
    assert "No hay ninguna página en esta dirección" in response.content.decode()
    assert client.get(f"/eventos/{pk}/").status_code == 404
    assert nothing_changed(before)


@pytest.mark.parametrize("path", ["", "confirmar/"])
def test_a_forged_token_is_not_found(client, path):
    RegistrationFactory()
    before = counts()
    assert client.get(f"/inscripciones/no-es-un-token/{path}").status_code == 404
    assert client.post(f"/inscripciones/no-es-un-token/{path or 'cancelar/'}").status_code == 404
    assert nothing_changed(before)


def test_a_form_with_errors_lists_them_in_spanish_and_changes_nothing(client):
    event = EventFactory()
    before = counts()
    response = post(client, event, email="no-es-un-correo", consent="")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Revisa el formulario" in page
    assert "Necesitamos tu consentimiento para inscribirte." in page
    assert nothing_changed(before)


def test_a_bot_filling_the_hidden_field_is_sent_away_without_a_registration(client):
    event = EventFactory()
    before = counts()
    assert post(client, event, website="https://spam.example").status_code == 302
    assert nothing_changed(before)


def test_a_persons_registration_page_is_never_kept_by_a_cache(client):
    registration = RegistrationFactory()
    response = client.get(f"/inscripciones/{registration.token}/")
    assert "no-store" in response["Cache-Control"]
    assert "/inscripciones/" in client.get("/robots.txt").content.decode()
