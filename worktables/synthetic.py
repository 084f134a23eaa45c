"""Synthetic sessions, work tables, drafts, minutes and registrations
(``manage.py synthetic [--registrations N]``, see core/synthetic.py).

Each synthetic plan without sessions gets three awareness sessions and two
work tables with two sessions each, every session with published minutes;
each table gets the plan's synthetic proposals that reached a table, and one
published draft taking up those that were integrated. ``--registrations N``
spreads N registrations over the synthetic sessions. Everything is bulk
inserted and belongs to synthetic plans only; addresses are
``@example.invalid``."""

from __future__ import annotations

import datetime as dt
import random
from argparse import ArgumentParser
from itertools import cycle

from django.db import transaction
from django.utils import timezone

from core.models import Origin
from core.synthetic import Generator, Summary
from plans.models import ActionPlan
from plans.synthetic import LABEL
from proposals.models import Proposal, ProposerSector, Region, Status
from stages.models import StageKind

from .models import (
    Draft,
    DraftMilestone,
    DraftProposal,
    DraftVersion,
    Event,
    EventKind,
    Minutes,
    Modality,
    Registration,
    RegistrationStatus,
    TableAssignment,
    WorkTable,
)

BATCH = 2000
THEMES = ["Justicia y datos abiertos", "Salud y transparencia"]
AT_A_TABLE = [Status.ASSIGNED, Status.INTEGRATED, Status.SELECTED]
# Registrations' statuses, in proportion.
STATUSES = [
    (RegistrationStatus.CONFIRMED, 0.8),
    (RegistrationStatus.WAITING, 0.08),
    (RegistrationStatus.PENDING, 0.06),
    (RegistrationStatus.CANCELLED, 0.06),
]


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument(
        "--registrations",
        type=int,
        default=0,
        help="Registrations in all, spread over the synthetic sessions.",
    )


def generate(options: dict, seed: int) -> Summary:
    summary: Summary = {}
    with transaction.atomic():
        plans = ActionPlan.objects.filter(origin=Origin.SYNTHETIC, events__isnull=True)
        for plan in plans.prefetch_related("stages").order_by("slug"):
            rng = random.Random(f"{seed}:{plan.slug}:worktables")
            for key, count in _plan(plan, rng).items():
                summary[key] = summary.get(key, 0) + count
        total = options.get("registrations") or 0
        if total:
            summary["registrations"] = _registrations(total, random.Random(seed + 12))
    return summary


def _start(plan: ActionPlan, kind: str) -> dt.datetime:
    stage = next((stage for stage in plan.stages.all() if stage.kind == kind), None)
    if stage is not None:
        return stage.starts_at
    return dt.datetime(plan.start_year, 4, 1, 12, tzinfo=dt.UTC)


def _session(plan, title, start, table=None) -> Event:
    return Event(
        plan=plan,
        table=table,
        kind=EventKind.TABLE if table else EventKind.AWARENESS,
        origin=Origin.SYNTHETIC,
        title=f"{LABEL} {title}",
        description="Sesión de prueba.",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        modality=Modality.HYBRID,
        address="Dirección de prueba 123",
        region=Region.METROPOLITANA,
        capacity=100_000,
        waiting_list_size=100_000,
    )


def _plan(plan: ActionPlan, rng: random.Random) -> Summary:
    awareness = _start(plan, StageKind.AWARENESS) + dt.timedelta(hours=21)
    worktables = _start(plan, StageKind.WORKTABLES) + dt.timedelta(hours=19)
    results = _start(plan, StageKind.RESULTS)
    tables = WorkTable.objects.bulk_create(
        WorkTable(
            plan=plan,
            name=f"{LABEL} {theme}",
            description="Mesa de prueba.",
            facilitators="Equipo de prueba",
            results_published_at=results,
        )
        for theme in THEMES
    )
    events = [
        _session(plan, f"Jornada de sensibilización {n}", awareness + dt.timedelta(days=7 * n))
        for n in range(1, 4)
    ]
    events += [
        _session(plan, f"Sesión {n} de la mesa", worktables + dt.timedelta(days=10 * n), table)
        for table in tables
        for n in (1, 2)
    ]
    events = Event.objects.bulk_create(events)
    Minutes.objects.bulk_create(
        Minutes(
            event=event,
            text=f"{LABEL} Acta de prueba.",
            attendance={sector: rng.randint(0, 30) for sector in ProposerSector.values},
            published_at=results if event.table_id else event.ends_at,
        )
        for event in events
    )
    proposals = list(
        Proposal.objects.filter(plan=plan, status__in=AT_A_TABLE)
        .order_by("pk")
        .values_list("pk", "status")
    )
    turns = cycle(tables)
    placed = [(pk, status, next(turns)) for pk, status in proposals]
    TableAssignment.objects.bulk_create(
        (TableAssignment(proposal_id=pk, table=table) for pk, _status, table in placed),
        batch_size=BATCH,
    )
    drafts = Draft.objects.bulk_create(
        Draft(
            table=table,
            title=f"{LABEL} Compromiso de {table.name.removeprefix(LABEL).strip().lower()}",
            problem="Problema de prueba.",
            description="Descripción de prueba.",
            expected_results="Resultados de prueba.",
            actors="Actores de prueba.",
            transparency=True,
            created_at=worktables,
            updated_at=worktables,
            published_at=results,
        )
        for table in tables
    )
    by_table = dict(zip([t.pk for t in tables], drafts, strict=True))
    DraftMilestone.objects.bulk_create(
        DraftMilestone(
            draft=draft,
            number=n,
            title=f"Hito de prueba {n}",
            deliverable="Entregable de prueba",
            start_date=dt.date(plan.start_year + 1, n, 1),
            end_date=dt.date(plan.start_year + 1, n + 3, 28),
        )
        for draft in drafts
        for n in (1, 2, 3)
    )
    DraftVersion.objects.bulk_create(
        DraftVersion(draft=draft, number=1, created_at=worktables, snapshot={}) for draft in drafts
    )
    links = DraftProposal.objects.bulk_create(
        (
            DraftProposal(draft=by_table[table.pk], proposal_id=pk, integrated_at=results)
            for pk, status, table in placed
            if status != Status.ASSIGNED
        ),
        batch_size=BATCH,
    )
    return {
        "sessions": len(events),
        "work tables": len(tables),
        "drafts": len(drafts),
        "proposals at tables": len(placed),
        "proposals in drafts": len(links),
    }


def _registrations(total: int, rng: random.Random) -> int:
    events = list(
        Event.objects.filter(origin=Origin.SYNTHETIC).order_by("pk").values_list("pk", "ends_at")
    )
    if not events:
        return 0
    start = Registration.objects.filter(origin=Origin.SYNTHETIC).count()
    statuses, weights = zip(*STATUSES, strict=True)
    now = timezone.now()
    made = 0
    for first in range(0, total, BATCH):
        rows = []
        for n in range(first, min(first + BATCH, total)):
            event_id, ends_at = events[n % len(events)]
            status = rng.choices(statuses, weights)[0]
            confirmed = None if status == RegistrationStatus.PENDING else ends_at
            rows.append(
                Registration(
                    event_id=event_id,
                    origin=Origin.SYNTHETIC,
                    status=status,
                    name="Persona sintética",
                    email=f"asistente{start + n}@example.invalid",
                    sector=rng.choice(ProposerSector.values),
                    region=rng.choice(Region.values),
                    consent_at=now,
                    confirmed_at=confirmed,
                    seat_at=confirmed if status == RegistrationStatus.CONFIRMED else None,
                )
            )
        made += len(Registration.objects.bulk_create(rows, batch_size=BATCH))
    return made


def clear() -> Summary:
    TableAssignment.objects.filter(table__plan__origin=Origin.SYNTHETIC).delete()
    tables, _ = WorkTable.objects.filter(plan__origin=Origin.SYNTHETIC).delete()
    events, _ = Event.objects.filter(plan__origin=Origin.SYNTHETIC).delete()
    return {"work tables, sessions and what they hold": tables + events}


GENERATOR = Generator("worktables", add_arguments, generate, clear)
