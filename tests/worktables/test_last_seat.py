"""Two people taking the last seat at the same moment never both get it: the
session's row lock orders them, on PostgreSQL, with real threads."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from tests.conftest import require_service
from tests.worktables.factories import EventFactory, RegistrationFactory
from worktables import services
from worktables.models import Registration, RegistrationStatus


def at_once(calls) -> list[BaseException]:
    barrier = threading.Barrier(len(calls))
    errors: list[BaseException] = []

    def run(call):
        try:
            barrier.wait()
            call()
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("people", [2, 6])
def test_people_confirming_at_once_never_share_the_last_seat(people):
    require_service(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL)")
    event = EventFactory(capacity=2, waiting_list_size=10)
    RegistrationFactory(event=event)  # one seat taken: one left
    pending = [
        RegistrationFactory(event=event, status=RegistrationStatus.PENDING, confirmed_at=None)
        for _ in range(people)
    ]
    errors = at_once([lambda token=r.token: services.confirm(token) for r in pending])
    assert errors == []
    statuses = list(
        Registration.objects.filter(pk__in=[r.pk for r in pending]).values_list("status", flat=True)
    )
    assert statuses.count(RegistrationStatus.CONFIRMED) == 1
    assert statuses.count(RegistrationStatus.WAITING) == people - 1
    assert Registration.objects.filter(event=event, status="confirmed").count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_cancellation_and_a_confirmation_at_once_give_the_freed_seat_once():
    require_service(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL)")
    event = EventFactory(capacity=1, waiting_list_size=10)
    seated = RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=RegistrationStatus.WAITING)
    late = RegistrationFactory(event=event, status=RegistrationStatus.PENDING, confirmed_at=None)
    errors = at_once([lambda: services.cancel(seated.token), lambda: services.confirm(late.token)])
    assert errors == []
    assert Registration.objects.filter(event=event, status="confirmed").count() == 1
    # Whoever came first, the one seat went to exactly one person.
    waiting.refresh_from_db()
    late.refresh_from_db()
    assert {waiting.status, late.status} == {"confirmed", "waiting"}


@pytest.mark.django_db(transaction=True)
def test_the_same_address_sent_twice_at_once_registers_once():
    require_service(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL)")
    event = EventFactory()
    refused: list[str] = []

    def register():
        try:
            services.register(
                event.pk, services.Attendee("Ana", "ana@example.org", "citizen", "maule")
            )
        except services.RegistrationRefused as error:
            refused.append(str(error))

    assert at_once([register, register, register]) == []
    assert Registration.objects.filter(event=event).count() == 1
    assert len(refused) == 2
