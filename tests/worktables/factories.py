from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from tests.plans.factories import ActionPlanFactory
from worktables.models import (
    Draft,
    Event,
    EventKind,
    Modality,
    Registration,
    RegistrationStatus,
    WorkTable,
)


def in_days(days: float, hour: int = 18) -> dt.datetime:
    """A moment ``days`` from now, at ``hour`` o'clock in Chile."""
    day = timezone.localtime() + dt.timedelta(days=days)
    return day.replace(hour=hour, minute=30, second=0, microsecond=0)


class WorkTableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkTable

    plan = factory.SubFactory(ActionPlanFactory)
    name = factory.Sequence(lambda n: f"Mesa de prueba {n}")
    description = "Cómo abrir los datos de la justicia."
    facilitators = "Ana Pérez, SEGPRES"


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    plan = factory.SubFactory(ActionPlanFactory)
    kind = EventKind.AWARENESS
    origin = factory.LazyAttribute(lambda event: event.plan.origin)
    title = factory.Sequence(lambda n: f"Jornada de prueba {n}")
    description = "Qué es el gobierno abierto y cómo participar."
    starts_at = factory.LazyFunction(lambda: in_days(7))
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + dt.timedelta(hours=2))
    modality = Modality.HYBRID
    address = "Teatinos 120, Santiago"
    region = "metropolitana"
    online_url = "https://reunion.example.org/sala-secreta"
    capacity = 10
    waiting_list_size = 5
    accessibility_note = "Acceso sin escalones; interpretación en lengua de señas."


class TableSessionFactory(EventFactory):
    table = factory.SubFactory(WorkTableFactory)
    plan = factory.LazyAttribute(lambda event: event.table.plan)
    kind = EventKind.TABLE


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    origin = factory.LazyAttribute(lambda registration: registration.event.origin)
    status = RegistrationStatus.CONFIRMED
    name = factory.Sequence(lambda n: f"Asistente Secreto {n}")
    email = factory.Sequence(lambda n: f"asistente{n}@example.org")
    sector = "civil_society"
    organisation = "Fundación Reservada"
    region = "biobio"
    accessibility_needs = "Necesidad privada de accesibilidad"
    consent_at = factory.LazyFunction(timezone.now)
    confirmed_at = factory.LazyFunction(timezone.now)
    seat_at = factory.LazyAttribute(
        lambda registration: (
            registration.confirmed_at
            if registration.status == RegistrationStatus.CONFIRMED
            else None
        )
    )


class DraftFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Draft

    table = factory.SubFactory(WorkTableFactory)
    title = factory.Sequence(lambda n: f"Borrador de compromiso {n}")
    problem = "Las sentencias no se publican en formato abierto."
    description = "Publicar las sentencias en datos abiertos."
    transparency = True
