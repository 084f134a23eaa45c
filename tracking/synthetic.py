"""Synthetic progress for demos and benchmarks: ``manage.py synthetic
--progress N`` gives every synthetic commitment that has none yet N progress
updates, spread over its milestones in date order, each with one or two
evidence links (no files) and a few disputed. Synthetic plans only."""

from __future__ import annotations

import datetime as dt
import random
from argparse import ArgumentParser

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from core import synthetic
from core.models import Origin
from plans.models import Milestone
from plans.synthetic import LABEL
from proposals.services import normalise

from .models import REPORTABLE, Evidence, ProgressUpdate
from .services import refresh_current

BATCH = 2000
DISPUTED_SHARE = 0.05
NOTES = [
    "Se avanzó según lo planificado.",
    "Se realizaron reuniones con la sociedad civil.",
    "Hubo retrasos por cambios en el equipo a cargo.",
    "Se publicó un informe parcial.",
    "Se completó el entregable comprometido.",
]
EVIDENCE = ["Acta de reunión", "Informe de avance", "Conjunto de datos", "Registro fotográfico"]


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument(
        "--progress",
        type=int,
        default=0,
        help="Progress updates per synthetic commitment, with evidence links.",
    )


def generate(options: dict, seed: int) -> dict[str, int]:
    per_commitment = options.get("progress") or 0
    if per_commitment <= 0:
        return {}
    rng = random.Random(seed + 15)
    milestones = (
        Milestone.objects.filter(commitment__plan__origin=Origin.SYNTHETIC)
        .exclude(
            Exists(ProgressUpdate.objects.filter(milestone__commitment=OuterRef("commitment")))
        )
        .order_by("commitment_id", "number")
        .values_list(
            "pk",
            "commitment_id",
            "commitment__responsible_institution_id",
            "commitment__title",
            "title",
            "start_date",
        )
    )
    by_commitment: dict[int, list[tuple]] = {}
    for row in milestones.iterator(chunk_size=BATCH):
        by_commitment.setdefault(row[1], []).append(row)
    updates = evidence = 0
    with transaction.atomic():
        batch: list[tuple[ProgressUpdate, list[str], str]] = []
        for rows in by_commitment.values():
            batch += _updates(rng, rows, per_commitment)
            if len(batch) >= BATCH:
                updates, evidence = _save(batch, updates, evidence)
                batch = []
        updates, evidence = _save(batch, updates, evidence)
        refresh_current(row[0] for rows in by_commitment.values() for row in rows)
    return {"progress updates": updates, "evidence links": evidence}


def _updates(rng: random.Random, rows: list[tuple], count: int) -> list:
    """``count`` updates over the commitment's milestones, in order: each
    milestone's status only moves forward."""
    now = timezone.now()
    made = []
    step = [0] * len(rows)
    for index in range(count):
        position = min(index * len(rows) // count, len(rows) - 1)
        milestone_id, _commitment, institution_id, commitment_title, title, start = rows[position]
        step[position] = min(step[position] + rng.randint(0, 2), len(REPORTABLE) - 1)
        begins = dt.datetime.combine(start or now.date(), dt.time(12), tzinfo=dt.UTC)
        reported_at = min(begins + dt.timedelta(days=30 * (index + 1)), now)
        disputed = rng.random() < DISPUTED_SHARE
        update = ProgressUpdate(
            milestone_id=milestone_id,
            institution_id=institution_id,
            status=REPORTABLE[step[position]],
            note=f"{LABEL} {rng.choice(NOTES)}",
            reported_at=reported_at,
            origin=Origin.SYNTHETIC,
            is_disputed=disputed,
            dispute_note="La Mesa no pudo verificar la evidencia (dato sintético)."
            if disputed
            else "",
            disputed_at=reported_at + dt.timedelta(days=3) if disputed else None,
        )
        titles = rng.sample(EVIDENCE, rng.randint(1, 2))
        made.append((update, titles, f"{commitment_title} {title}"))
    return made


def _save(batch: list, updates: int, evidence: int) -> tuple[int, int]:
    if not batch:
        return updates, evidence
    created = ProgressUpdate.objects.bulk_create([update for update, _t, _w in batch])
    rows = [
        Evidence(
            update_id=update.pk,
            title=f"{LABEL} {title}",
            url=f"https://example.org/sintetico/{update.pk}/{index}",
            created_at=update.reported_at,
            search_document=normalise(f"{title} {update.note} {words}"),
        )
        for update, (_update, titles, words) in zip(created, batch, strict=True)
        for index, title in enumerate(titles, start=1)
    ]
    Evidence.objects.bulk_create(rows, batch_size=BATCH)
    return updates + len(created), evidence + len(rows)


def clear() -> dict[str, int]:
    deleted, _ = ProgressUpdate.objects.filter(origin=Origin.SYNTHETIC).delete()
    return {"progress updates, evidence and current progress": deleted}


GENERATOR = synthetic.Generator("tracking", add_arguments, generate, clear)
