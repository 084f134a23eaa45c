from __future__ import annotations

import pytest
from django.core.management import call_command

from proposals.models import Proposal, ProposalEvent, Status

pytestmark = pytest.mark.django_db


def test_synthetic_proposals_come_with_statuses_histories_and_merges(seeded, demo):
    call_command("synthetic", plans=2, commitments=2, proposals=600, seed=1)
    proposals = Proposal.objects.filter(plan__origin="synthetic")
    assert proposals.count() == 600
    statuses = set(proposals.values_list("status", flat=True))
    assert {Status.RECEIVED, Status.PUBLISHED, Status.MERGED, Status.SELECTED} <= statuses
    merged = proposals.filter(status=Status.MERGED).select_related("merged_into")
    assert all(p.merged_into.plan_id == p.plan_id for p in merged)
    assert ProposalEvent.objects.count() > 600
    assert all(p.title.startswith("[Sintético]") for p in proposals[:20])


def test_clearing_removes_synthetic_proposals_only(seeded, demo):
    from tests.proposals.factories import ProposalFactory

    real = ProposalFactory(plan=demo)
    before = set(Proposal.objects.values_list("pk", flat=True))  # the demo's own, and this one
    call_command("synthetic", plans=1, commitments=1, proposals=50, seed=1)
    call_command("synthetic", clear=True)
    assert set(Proposal.objects.values_list("pk", flat=True)) == before
    assert real.pk in before
