"""Synthetic proposals for demos and benchmarks: ``manage.py synthetic
--proposals N`` spreads N proposals over the synthetic plans, with statuses,
histories and merges in realistic proportions. Synthetic plans only."""

from __future__ import annotations

import random
from argparse import ArgumentParser

from django.db import transaction
from django.utils import timezone

from core import synthetic
from core.models import Origin
from plans import synthetic as plan_synthetic
from plans.models import ActionPlan, Institution

from .models import (
    ActorRole,
    NotAdmittedReason,
    Proposal,
    ProposalEvent,
    ProposerSector,
    Region,
    Status,
)
from .services import CODE_ALPHABET, search_document

BATCH = 2000

# (final status, share, the path of statuses that leads there)
PATHS = [
    (Status.RECEIVED, 0.10, []),
    (Status.PUBLISHED, 0.33, [Status.PUBLISHED]),
    (Status.NOT_ADMITTED, 0.10, [Status.NOT_ADMITTED]),
    (Status.ASSIGNED, 0.15, [Status.PUBLISHED, Status.ASSIGNED]),
    (Status.INTEGRATED, 0.10, [Status.PUBLISHED, Status.ASSIGNED, Status.INTEGRATED]),
    (
        Status.SELECTED,
        0.08,
        [Status.PUBLISHED, Status.ASSIGNED, Status.INTEGRATED, Status.SELECTED],
    ),
    (Status.NOT_SELECTED, 0.07, [Status.PUBLISHED, Status.NOT_SELECTED]),
    (Status.MERGED, 0.07, [Status.MERGED]),
]

TOPICS = [
    "presupuestos municipales",
    "compras públicas",
    "datos de salud",
    "transporte público",
    "educación",
    "medio ambiente",
    "lobby",
    "acceso a la información",
    "justicia",
    "participación juvenil",
    "pueblos originarios",
    "datos abiertos de agua",
]


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument(
        "--proposals",
        type=int,
        default=0,
        help="Proposals in all, spread over the synthetic plans.",
    )


def generate(options: dict, seed: int) -> dict[str, int]:
    total = options.get("proposals") or 0
    plans = list(ActionPlan.objects.filter(origin=Origin.SYNTHETIC).order_by("pk"))
    if not total or not plans:
        return {}
    rng = random.Random(seed + 4)
    institutions = list(
        Institution.objects.filter(origin=Origin.SYNTHETIC).values_list("pk", flat=True)
    )
    made = events = 0
    with transaction.atomic():
        for start in range(0, total, BATCH):
            size = min(BATCH, total - start)
            created, paths = _proposals(rng, plans, institutions, size)
            made += len(created)
            events += _histories(rng, created, paths)
    return {"proposals": made, "proposal history entries": events}


def _proposals(rng, plans, institutions, size):
    shares = [share for _status, share, _path in PATHS]
    now = timezone.now()
    proposals, paths = [], []
    for _ in range(size):
        status, _share, path = rng.choices(PATHS, weights=shares)[0]
        topic = rng.choice(TOPICS)
        plan = rng.choice(plans)
        proposal = Proposal(
            plan=plan,
            origin=Origin.SYNTHETIC,
            tracking_code="GAS-"
            + "".join(rng.choice(CODE_ALPHABET) for _ in range(4))
            + "-"
            + "".join(rng.choice(CODE_ALPHABET) for _ in range(4)),
            status=Status.RECEIVED if status == Status.MERGED else status,
            title=f"{plan_synthetic.LABEL} Más apertura en {topic}",
            problem=f"Hoy no se publica información suficiente sobre {topic}.",
            description=f"Publicar datos abiertos y rendir cuentas sobre {topic}.",
            activities="Diagnóstico; estándar de datos; publicación periódica.",
            responsible_institution_id=rng.choice(institutions)
            if institutions and rng.random() < 0.7
            else None,
            transparency=True,
            accountability=rng.random() < 0.5,
            participation=rng.random() < 0.4,
            technology=rng.random() < 0.3,
            name="Persona sintética",
            email=f"sintetica{rng.randrange(10**9)}@example.invalid",
            sector=rng.choice(ProposerSector.values),
            region=rng.choice(Region.values),
            consent_at=now,
            not_admitted_reason=rng.choice(NotAdmittedReason.values)
            if status == Status.NOT_ADMITTED
            else "",
        )
        proposal.search_document = search_document(proposal)
        proposals.append(proposal)
        paths.append(path)
    created = Proposal.objects.bulk_create(proposals, batch_size=BATCH, ignore_conflicts=False)
    _merge(rng, created, paths)
    return created, paths


def _merge(rng, proposals, paths) -> None:
    """Merged ones point at a published proposal of the same plan in the batch."""
    survivors: dict[int, list[Proposal]] = {}
    for proposal in proposals:
        if proposal.status == Status.PUBLISHED:
            survivors.setdefault(proposal.plan_id, []).append(proposal)
    to_update = []
    for proposal, path in zip(proposals, paths, strict=True):
        if path == [Status.MERGED]:
            candidates = survivors.get(proposal.plan_id)
            if candidates:
                proposal.status = Status.MERGED
                proposal.merged_into = rng.choice(candidates)
                to_update.append(proposal)
            else:
                path.clear()  # nothing to merge into: it stays received
    Proposal.objects.bulk_update(to_update, ["status", "merged_into"], batch_size=BATCH)


def _histories(rng, proposals, paths) -> int:
    events = []
    for proposal, path in zip(proposals, paths, strict=True):
        events.append(
            ProposalEvent(
                proposal=proposal, to_status=Status.RECEIVED, actor_role=ActorRole.PROPOSER
            )
        )
        previous = Status.RECEIVED
        for status in path:
            events.append(
                ProposalEvent(
                    proposal=proposal,
                    from_status=previous,
                    to_status=status,
                    actor_role=ActorRole.MODERATOR,
                    public_reason="Revisada por la Mesa (dato sintético).",
                    related=proposal.merged_into if status == Status.MERGED else None,
                )
            )
            previous = status
    ProposalEvent.objects.bulk_create(events, batch_size=BATCH)
    return len(events)


def clear() -> dict[str, int]:
    synthetic_proposals = Proposal.objects.filter(plan__origin=Origin.SYNTHETIC)
    # Merged ones first: they point at their survivors (PROTECT).
    synthetic_proposals.filter(merged_into__isnull=False).update(
        merged_into=None, status=Status.RECEIVED
    )
    deleted, _ = synthetic_proposals.delete()
    return {"proposals and history entries": deleted}


GENERATOR = synthetic.Generator("proposals", add_arguments, generate, clear)
