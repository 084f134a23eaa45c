"""On PostgreSQL, search reads the stored, GIN-indexed vector: the plan uses the
index for a rare word and never recomputes to_tsvector row by row (which made
a word found in most proposals take seconds at 100 000 proposals)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from proposals import selectors
from proposals.models import Proposal, Status
from tests.conftest import require_service
from tests.plans.factories import ActionPlanFactory

ROWS = 8_000


@pytest.fixture
def many(db):
    require_service(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL)")
    plan = ActionPlanFactory()
    at = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
    Proposal.objects.bulk_create(
        (
            Proposal(
                plan=plan,
                tracking_code=f"GAT-{n:05d}",
                status=Status.PUBLISHED,
                title=f"Propuesta {n}",
                problem="Un problema público descrito con detalle. " * 25,
                description="d",
                activities="a",
                transparency=True,
                name="x",
                email="x@example.org",
                sector="citizen",
                region="biobio",
                consent_at=at,
                search_document=(
                    "datos abiertos municipales"
                    + (" ornitorrinco" if n % 2000 == 0 else "")
                    + f" palabra{n % 97}"
                ),
            )
            for n in range(ROWS)
        ),
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE proposals_proposal")


def explain(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_the_trigger_fills_the_vector_even_for_bulk_inserts(many):
    assert not Proposal.objects.filter(search_vector__isnull=True).exists()
    assert selectors.search(Proposal.objects.all(), "ornitorrinco").count() == ROWS // 2000


def test_a_rare_word_is_found_through_the_gin_index(many):
    plan = explain(selectors.search(selectors.public_proposals(origin=None), "Ornitorrinco"))
    assert "proposal_search_vector" in plan, plan
    assert "to_tsvector" not in plan, plan


def test_a_common_word_never_recomputes_the_vector(many):
    queryset = selectors.search(selectors.public_proposals(origin=None), "datos")
    for query in (queryset, queryset.order_by()[:1001]):
        plan = explain(query)
        assert "to_tsvector" not in plan, plan
    ranked = selectors.by_relevance(queryset, "datos")[:20]
    assert "to_tsvector" not in explain(ranked)
    assert len(list(ranked)) == 20
