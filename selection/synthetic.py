"""Synthetic scores, decisions and selection reports (``manage.py synthetic
[--selection-drafts N]``, see core/synthetic.py).

Each synthetic plan's published drafts without a decision get a score from
every scoring seat of the forum (when the forum is loaded), a decision (one
draft in three not selected) and the plan gets its published report.
``--selection-drafts N`` first adds N published drafts to each synthetic
plan's first table, to load the selection report with many drafts. A
selected draft is linked to one of the plan's synthetic commitments (made by
the plans generator) instead of making a new one. Everything is bulk
inserted and belongs to synthetic plans only; proposals are left as the
proposals generator made them (no e-mail is ever queued)."""

from __future__ import annotations

import datetime as dt
import random
from argparse import ArgumentParser

from django.db import transaction
from django.utils import timezone

from core.models import Origin
from core.synthetic import Generator, Summary
from plans.models import ActionPlan, Commitment, ForumMember, OGPValue
from plans.synthetic import LABEL
from stages.models import StageKind
from worktables.models import Draft, DraftMilestone, DraftVersion, WorkTable

from .models import (
    Assessment,
    AssessmentRevision,
    Decision,
    DecisionEvent,
    Feasibility,
    Outcome,
    Potential,
    SelectionReport,
)

BATCH = 2000


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument(
        "--selection-drafts",
        type=int,
        default=0,
        help="Published drafts to add to each synthetic plan, for the selection report.",
    )


def generate(options: dict, seed: int) -> Summary:
    summary = {"drafts for the selection": 0, "scores": 0, "decisions": 0, "selection reports": 0}
    seats = [seat for seat in ForumMember.objects.order_by("order", "pk") if not seat.is_observer]
    with transaction.atomic():
        plans = ActionPlan.objects.filter(origin=Origin.SYNTHETIC).prefetch_related("stages")
        for plan in plans.order_by("slug"):
            rng = random.Random(f"{seed}:{plan.slug}:selection")
            extra = options.get("selection_drafts") or 0
            summary["drafts for the selection"] += _drafts(plan, extra)
            for key, count in _plan(plan, seats, rng).items():
                summary[key] += count
    return summary


def _closes(plan: ActionPlan) -> dt.datetime:
    stage = next((s for s in plan.stages.all() if s.kind == StageKind.SELECTION), None)
    return stage.ends_at if stage else dt.datetime(plan.start_year, 11, 30, 12, tzinfo=dt.UTC)


def _drafts(plan: ActionPlan, count: int) -> int:
    table = WorkTable.objects.filter(plan=plan).order_by("pk").first()
    if table is None or not count:
        return 0
    published = table.results_published_at or timezone.now()
    drafts = Draft.objects.bulk_create(
        (
            Draft(
                table=table,
                title=f"{LABEL} Borrador {n} para la selección",
                problem="Problema de prueba.",
                description="Descripción de prueba.",
                expected_results="Resultados de prueba." if n % 4 else "",
                actors="Actores de prueba.",
                transparency=bool(n % 2),
                participation=not n % 2,
                created_at=published,
                updated_at=published,
                published_at=published,
            )
            for n in range(1, count + 1)
        ),
        batch_size=BATCH,
    )
    DraftMilestone.objects.bulk_create(
        (
            DraftMilestone(
                draft=draft,
                number=n,
                title=f"Hito de prueba {n}",
                deliverable="Entregable de prueba",
                start_date=dt.date(plan.start_year, n * 3, 1),
                end_date=dt.date(plan.start_year, n * 3 + 2, 28),
            )
            for draft in drafts
            for n in (1, 2)
        ),
        batch_size=BATCH,
    )
    DraftVersion.objects.bulk_create(
        (DraftVersion(draft=d, number=1, created_at=published, snapshot={}) for d in drafts),
        batch_size=BATCH,
    )
    return len(drafts)


def _plan(plan: ActionPlan, seats: list[ForumMember], rng: random.Random) -> Summary:
    drafts = list(
        Draft.objects.filter(table__plan=plan, published_at__isnull=False, decision__isnull=True)
        .order_by("pk")
        .only("pk", "version", "published_at")
    )
    closes = _closes(plan)
    assessments = Assessment.objects.bulk_create(
        (
            Assessment(
                draft=draft,
                member=seat,
                verifiable=rng.random() < 0.8,
                **{value: rng.random() < 0.5 for value in OGPValue.values},
                potential=rng.choice(Potential.values),
                feasibility=rng.choice(Feasibility.values),
                submitted_at=draft.published_at,
                updated_at=draft.published_at,
            )
            for draft in drafts
            for seat in seats
        ),
        batch_size=BATCH,
    )
    AssessmentRevision.objects.bulk_create(
        (
            AssessmentRevision(
                assessment=assessment,
                number=1,
                submitted_at=assessment.submitted_at,
                content={"synthetic": True},
            )
            for assessment in assessments
        ),
        batch_size=BATCH,
    )
    free = list(
        Commitment.objects.filter(plan=plan, draft__isnull=True).order_by("number")[: len(drafts)]
    )
    decisions, linked = [], []
    for index, draft in enumerate(drafts):
        selected = index % 3 != 2 and bool(free)
        if selected:
            draft.commitment = free.pop(0)
            linked.append(draft)
        decisions.append(
            Decision(
                draft=draft,
                outcome=Outcome.SELECTED if selected else Outcome.NOT_SELECTED,
                public_reason=f"{LABEL} Razón pública de prueba.",
                draft_version=draft.version,
                decided_at=closes - dt.timedelta(days=1),
            )
        )
    Decision.objects.bulk_create(decisions, batch_size=BATCH)
    Draft.objects.bulk_update(linked, ["commitment"], batch_size=BATCH)
    DecisionEvent.objects.bulk_create(
        (
            DecisionEvent(
                draft_id=decision.draft_id,
                action=DecisionEvent.Action.DECIDED,
                outcome=decision.outcome,
                public_reason=decision.public_reason,
                at=decision.decided_at,
            )
            for decision in decisions
        ),
        batch_size=BATCH,
    )
    _report, created = SelectionReport.objects.get_or_create(
        plan=plan, defaults={"published_at": closes}
    )
    return {
        "scores": len(assessments),
        "decisions": len(decisions),
        "selection reports": int(created),
    }


def clear() -> Summary:
    # Drafts, their scores and decisions go with the work tables' share.
    deleted, _ = SelectionReport.objects.filter(plan__origin=Origin.SYNTHETIC).delete()
    return {"selection reports": deleted}


GENERATOR = Generator("selection", add_arguments, generate, clear)
