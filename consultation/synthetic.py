"""Synthetic consultation comments for demos and benchmarks: ``manage.py
synthetic --comments N`` spreads N comments over the synthetic plans'
commitments (and the plans as a whole), with stances, sectors, regions and
statuses in realistic proportions, and answers most of them.

A million rows must take seconds, not hours: on PostgreSQL the comments go
in with COPY and the responses with one INSERT ... SELECT; elsewhere in
batches. Synthetic plans only."""

from __future__ import annotations

import datetime as dt
import random
import secrets
from argparse import ArgumentParser

from django.db import connection, transaction
from django.utils import timezone

from core import synthetic
from core.models import Origin
from plans.models import ActionPlan, Commitment
from proposals.models import ProposerSector, Region

from .models import Comment, CommentStatus, Flag, Response, Section, Stance

BATCH = 5000
LABEL = "[Sintético]"
# (status, share)
STATUSES = [
    (CommentStatus.PUBLISHED, 0.92),
    (CommentStatus.PENDING, 0.03),
    (CommentStatus.FLAGGED, 0.02),
    (CommentStatus.HIDDEN, 0.03),
]
ON_THE_PLAN = 0.05  # comments on the plan as a whole
# One commitment everyone talks about (the first synthetic one): the page with
# thousands of comments that the benchmarks measure.
HOT_SHARE = 0.1
ANSWERED_TENTHS = 7  # of each ten counted comments, how many are answered
COLUMNS = [
    "plan_id",
    "commitment_id",
    "section",
    "origin",
    "stance",
    "text",
    "name",
    "sector",
    "region",
    "email",
    "consent_at",
    "language",
    "token",
    "status",
    "created_at",
    "confirmed_at",
    "hidden_reason",
]
TEXTS = [
    "Propongo que los datos se publiquen en formato abierto y con frecuencia mensual.",
    "Estoy de acuerdo con el compromiso, pero falta un plazo claro para el primer hito.",
    "No está claro quién rinde cuentas si el entregable se atrasa.",
    "Sería bueno incluir a las organizaciones regionales en la mesa de seguimiento.",
    "El problema está bien descrito; la solución debería considerar a las personas mayores.",
]


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument(
        "--comments",
        type=int,
        default=0,
        help="Consultation comments in all, spread over the synthetic plans (up to 1 000 000).",
    )


def generate(options: dict, seed: int) -> dict[str, int]:
    total = options.get("comments") or 0
    plans = list(ActionPlan.objects.filter(origin=Origin.SYNTHETIC).values_list("pk", flat=True))
    if not total or not plans:
        return {}
    commitments = list(
        Commitment.objects.filter(plan__origin=Origin.SYNTHETIC)
        .order_by("pk")
        .values_list("pk", "plan_id")
    )
    rng = random.Random(seed + 14)
    with transaction.atomic():
        rows = _rows(rng, total, plans, commitments)
        if connection.vendor == "postgresql":
            _copy(rows)
        else:
            _batches(rows)
        answered = _answer()
    return {"consultation comments": total, "reasoned responses": answered}


def _rows(rng: random.Random, total: int, plans: list[int], commitments: list[tuple[int, int]]):
    statuses = [status for status, _share in STATUSES]
    shares = [share for _status, share in STATUSES]
    stances, sectors, regions = Stance.values, ProposerSector.values, Region.values
    sections = [Section.WHOLE, Section.PROBLEM, Section.DESCRIPTION, Section.RESULTS]
    prefix = secrets.token_hex(4)
    start = timezone.now() - dt.timedelta(days=30)
    for index in range(total):
        draw = rng.random()
        if commitments and draw < HOT_SHARE:
            commitment_id, plan_id = commitments[0]
            section = rng.choice(sections)
        elif commitments and draw >= HOT_SHARE + ON_THE_PLAN:
            commitment_id, plan_id = commitments[rng.randrange(len(commitments))]
            section = rng.choice(sections)
        else:
            commitment_id, plan_id, section = None, plans[rng.randrange(len(plans))], Section.WHOLE
        status = rng.choices(statuses, weights=shares)[0]
        at = start + dt.timedelta(seconds=index * 2)
        yield (
            plan_id,
            commitment_id,
            section,
            Origin.SYNTHETIC,
            rng.choice(stances),
            f"{LABEL} {rng.choice(TEXTS)}",
            f"Persona sintética {index % 997}",
            rng.choice(sectors),
            rng.choice(regions),
            f"sintetica{index}@example.invalid",
            at,
            "es-cl",
            f"sint-{prefix}-{index}",
            status,
            at,
            None if status == CommentStatus.PENDING else at,
            "Ocultado por la moderación (dato sintético)."
            if status == CommentStatus.HIDDEN
            else "",
        )


def _copy(rows) -> None:
    table = Comment._meta.db_table
    # psycopg 3's COPY: rows stream to the server without an INSERT each.
    statement = f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)


def _batches(rows) -> None:
    batch = []
    for row in rows:
        batch.append(Comment(**dict(zip(COLUMNS, row, strict=True))))
        if len(batch) == BATCH:
            Comment.objects.bulk_create(batch)
            batch = []
    if batch:
        Comment.objects.bulk_create(batch)


def _answer() -> int:
    """Answer most counted synthetic comments, in the database: one statement."""
    comments = Comment._meta.db_table
    responses = Response._meta.db_table
    outcomes = ["incorporated", "partly", "not_incorporated", "out_of_scope"]
    outcome = (
        "CASE (c.id %% 4) "
        + " ".join(f"WHEN {index} THEN '{value}'" for index, value in enumerate(outcomes))
        + " END"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {responses} (comment_id, outcome, reason, responded_at, updated_at) "  # noqa: S608  (no input: constants only)
            f"SELECT c.id, {outcome}, %s, c.confirmed_at, c.confirmed_at FROM {comments} c "
            f"WHERE c.origin = %s AND c.status IN (%s, %s) AND (c.id %% 10) < %s "
            f"AND NOT EXISTS (SELECT 1 FROM {responses} r WHERE r.comment_id = c.id)",
            [
                f"{LABEL} Respuesta razonada de la Mesa.",
                Origin.SYNTHETIC,
                CommentStatus.PUBLISHED,
                CommentStatus.FLAGGED,
                ANSWERED_TENTHS,
            ],
        )
        return cursor.rowcount


def clear() -> dict[str, int]:
    """Straight in the database: Django's delete would load a million rows to
    send their signals (the page cache is bumped once by the registry)."""
    comments = Comment._meta.db_table
    synthetic_ids = f"SELECT id FROM {comments} WHERE origin = %s"  # noqa: S608
    with connection.cursor() as cursor:
        for model in (Response, Flag):
            cursor.execute(
                f"DELETE FROM {model._meta.db_table} WHERE comment_id IN ({synthetic_ids})",  # noqa: S608
                [Origin.SYNTHETIC],
            )
        reset = f"UPDATE {comments} SET parent_id = NULL WHERE origin = %s"  # noqa: S608
        cursor.execute(reset, [Origin.SYNTHETIC])
        cursor.execute(f"DELETE FROM {comments} WHERE origin = %s", [Origin.SYNTHETIC])  # noqa: S608
        deleted = cursor.rowcount
    return {"consultation comments": deleted}


GENERATOR = synthetic.Generator("consultation", add_arguments, generate, clear)
