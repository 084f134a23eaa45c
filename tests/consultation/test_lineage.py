"""Each commitment's lineage: the proposals, the table and its sessions, the
draft and the consultation that shaped it."""

from __future__ import annotations

import pytest
from django.utils import timezone

from proposals.models import Status
from tests.consultation.factories import CommentFactory
from tests.proposals.factories import ProposalFactory
from tests.worktables.factories import DraftFactory, TableSessionFactory
from worktables.models import DraftProposal

pytestmark = pytest.mark.django_db


def test_the_lineage_shows_what_shaped_the_commitment(client, commitment):
    session = TableSessionFactory(table__plan=commitment.plan, title="Sesión de la mesa de datos")
    draft = DraftFactory(
        table=session.table, commitment=commitment, published_at=timezone.now(), title="Borrador A"
    )
    proposal = ProposalFactory(plan=commitment.plan, status=Status.INTEGRATED, title="Mi propuesta")
    hidden = ProposalFactory(plan=commitment.plan, status=Status.RECEIVED, title="No publicada")
    DraftProposal.objects.create(draft=draft, proposal=proposal)
    DraftProposal.objects.create(draft=draft, proposal=hidden)
    CommentFactory(commitment=commitment)
    html = client.get(
        f"/planes/{commitment.plan.slug}/compromisos/{commitment.number}/origen/"
    ).content.decode()
    for text in ("Mi propuesta", session.table.name, "Sesión de la mesa de datos", "Borrador A"):
        assert text in html
    assert "No publicada" not in html
    assert "1 comentario" in html


def test_an_unpublished_draft_stays_out(client, commitment):
    DraftFactory(commitment=commitment, published_at=None, title="Borrador secreto")
    html = client.get(
        f"/planes/{commitment.plan.slug}/compromisos/{commitment.number}/origen/"
    ).content.decode()
    assert "Borrador secreto" not in html
    assert "No surgió de una mesa de trabajo" in html
