"""The work tables' share of ``manage.py seed``: the MGA staff group may run
sessions and tables; and the demonstration process gets sessions, tables,
drafts and registrations (see core/seeding.py)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from plans.models import ActionPlan, Institution
from plans.services import demo_plan
from proposals.services import MODERATORS_GROUP
from stages.services import local_midnight

from . import services
from .models import (
    Event,
    EventKind,
    Minutes,
    Modality,
    Registration,
    RegistrationStatus,
    TableAssignment,
    WorkTable,
)


def grant_staff_permission() -> None:
    """The moderators' group (created by proposals) also runs the sessions and
    work tables. Running it again changes nothing."""
    group, _created = Group.objects.get_or_create(name=MODERATORS_GROUP)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="worktables", codename="run_worktables")
    )


# --- The demonstration process ------------------------------------------------------

DEMO_INSTITUTIONS = [
    "Poder Judicial",
    "Defensoría Penal Pública",
    "Consejo para la Transparencia",
    "Fundación Datos Protegidos",
]

DEMO_PEOPLE = [
    ("Camila Rojas (demostración)", "civil_society", "biobio"),
    ("Ignacio Fuentes (demostración)", "citizen", "araucania"),
    ("Valentina Soto (demostración)", "academia", "valparaiso"),
    ("Matías Díaz (demostración)", "public", "metropolitana"),
    ("Fernanda Muñoz (demostración)", "private", "maule"),
    ("Josefa Herrera (demostración)", "citizen", "los_lagos"),
]


def seed_demo(today: dt.date) -> None:
    """(Re)create the demonstration's sessions, tables, drafts and registrations
    around ``today``, on the demonstration calendar (stages/services.py):
    one awareness session past (with its minutes), two to come (one full,
    with people waiting); two tables, one published early with its draft
    (two versions), the other waiting for the results stage to publish its
    draft. It makes no proposals of its own: people trying the portal send
    theirs, and staff assign them to these tables and take them up in drafts."""
    plan = demo_plan()
    if plan is None:
        return
    _clear_demo(plan)
    # Justice's then health's: the first of each is the draft's responsible institution.
    by_name = {i.name: i for i in Institution.objects.filter(name__in=DEMO_INSTITUTIONS)}
    institutions = [by_name[name] for name in DEMO_INSTITUTIONS if name in by_name]

    def at(days: int, hour: int, minute: int = 0) -> dt.datetime:
        return local_midnight(today + dt.timedelta(days=days)) + dt.timedelta(
            hours=hour, minutes=minute
        )

    past = _event(
        plan,
        "Jornada en línea: ¿qué es el gobierno abierto?",
        at(-5, 18, 30),
        modality=Modality.ONLINE,
        capacity=80,
    )
    Minutes.objects.create(
        event=past,
        text=(
            "Se presentó qué es el gobierno abierto, el calendario del proceso y cómo "
            "enviar una propuesta. Hubo preguntas sobre cómo se eligen los compromisos."
        ),
        attendance={"citizen": 23, "civil_society": 9, "academia": 4, "public": 6},
        published_at=timezone.now(),
    )
    full = _event(
        plan,
        "Jornada en Valparaíso: cómo proponer un compromiso",
        at(3, 10),
        modality=Modality.IN_PERSON,
        address="Biblioteca Santiago Severín, Plaza Victoria s/n, Valparaíso",
        region="valparaiso",
        capacity=3,
        waiting_list_size=5,
    )
    online = _event(
        plan,
        "Jornada en línea: cómo participar en las mesas de trabajo",
        at(8, 18, 30),
        modality=Modality.ONLINE,
        capacity=100,
    )
    _register(past, RegistrationStatus.CONFIRMED, 4)
    _register(full, RegistrationStatus.CONFIRMED, 3)
    _register(full, RegistrationStatus.WAITING, 1, first=3)
    _register(online, RegistrationStatus.CONFIRMED, 2)
    _register(online, RegistrationStatus.PENDING, 1, first=2)

    justice = WorkTable.objects.create(
        plan=plan,
        name="Justicia abierta",
        description="Acercar la justicia a las personas con datos y lenguaje claro.",
        facilitators="Equipo de la Mesa de Gobierno Abierto (demostración)",
    )
    health = WorkTable.objects.create(
        plan=plan,
        name="Datos abiertos de salud",
        description="Información de salud pública útil y comparable.",
        facilitators="Equipo de la Mesa de Gobierno Abierto (demostración)",
    )
    justice.institutions.set(institutions[:2])
    health.institutions.set(institutions[2:])

    kickoff = _event(
        plan,
        "Mesa de justicia abierta: sesión de arranque",
        at(-2, 15),
        table=justice,
        modality=Modality.HYBRID,
        address="Teatinos 120, Santiago",
        region="metropolitana",
        capacity=25,
    )
    _register(kickoff, RegistrationStatus.CONFIRMED, 3)
    services.save_minutes(
        kickoff.pk,
        "La mesa revisó las propuestas recibidas y acordó un borrador sobre sentencias abiertas.",
        {"civil_society": 5, "academia": 3, "public": 4, "citizen": 2},
    )
    for table, days in ((justice, 20), (health, 14), (health, 28)):
        session = _event(
            plan,
            f"Mesa {table.name.lower()}: sesión de trabajo",
            at(days, 15),
            table=table,
            modality=Modality.HYBRID,
            address="Teatinos 120, Santiago",
            region="metropolitana",
            capacity=25,
        )
        _register(session, RegistrationStatus.CONFIRMED, 2)

    first = services.save_draft(
        justice,
        _draft_data(
            "Sentencias judiciales en datos abiertos",
            institutions[:1],
        ),
    )
    services.save_draft(
        justice,
        _draft_data(
            "Sentencias judiciales en datos abiertos y anonimizadas",
            institutions[:1],
            extra_milestone=True,
        ),
        draft_id=first.pk,
    )
    services.publish_table(justice.pk)  # early: the results stage is still ahead
    services.save_draft(
        health,
        _draft_data(
            "Listas de espera en salud, abiertas por establecimiento",
            institutions[2:3],
        ),
    )


def _clear_demo(plan: ActionPlan) -> None:
    TableAssignment.objects.filter(table__plan=plan).delete()
    WorkTable.objects.filter(plan=plan).delete()  # drafts, their sessions
    Event.objects.filter(plan=plan).delete()  # awareness sessions, registrations


def _event(plan: ActionPlan, title: str, starts_at: dt.datetime, **fields) -> Event:
    table = fields.pop("table", None)
    duration = dt.timedelta(hours=2, minutes=30 if fields.get("modality") == "in_person" else 0)
    return Event.objects.create(
        plan=plan,
        table=table,
        kind=EventKind.TABLE if table else EventKind.AWARENESS,
        origin=plan.origin,
        title=title,
        description=(
            "Una sesión de demostración: inscríbete con tu correo para probar cómo "
            "funciona la inscripción."
        ),
        starts_at=starts_at,
        ends_at=starts_at + duration,
        online_url=""
        if fields.get("modality") == Modality.IN_PERSON
        else "https://reunion.example.org/demostracion",
        accessibility_note="Interpretación en lengua de señas chilena y subtítulos en vivo.",
        **fields,
    )


def _register(event: Event, status: str, count: int, first: int = 0) -> None:
    now = timezone.now()
    for n in range(first, first + count):
        name, sector, region = DEMO_PEOPLE[n % len(DEMO_PEOPLE)]
        Registration.objects.create(
            event=event,
            origin=event.origin,
            status=status,
            name=name,
            email=f"inscrita{n}.{event.pk}@example.org",
            sector=sector,
            region=region,
            consent_at=now,
            confirmed_at=None if status == RegistrationStatus.PENDING else now,
            seat_at=now if status == RegistrationStatus.CONFIRMED else None,
        )


def _draft_data(title: str, responsible, extra_milestone=False):
    year = timezone.localdate().year + 1
    milestones = [
        services.MilestoneData(
            1,
            "Diagnóstico de la información publicada",
            "Informe de diagnóstico publicado",
            dt.date(year, 3, 1),
            dt.date(year, 6, 30),
        ),
        services.MilestoneData(
            2,
            "Publicación en datos abiertos",
            "Conjunto de datos publicado y actualizado cada mes",
            dt.date(year, 7, 1),
            dt.date(year, 12, 31),
        ),
    ]
    if extra_milestone:
        milestones.append(
            services.MilestoneData(
                3,
                "Protocolo de anonimización",
                "Protocolo aprobado y publicado",
                dt.date(year, 4, 1),
                dt.date(year, 8, 31),
            )
        )
    return services.DraftData(
        title=title,
        problem="La información existe, pero no se publica de forma abierta ni comparable.",
        description="Publicar la información en datos abiertos, con lenguaje claro.",
        expected_results="Cualquier persona puede consultar y reutilizar la información.",
        actors="Organismos públicos responsables; sociedad civil; academia.",
        responsible_institution=responsible[0] if responsible else None,
        transparency=True,
        accountability=True,
        milestones=milestones,
    )
