"""Each list answers in a fixed number of queries, with 3 rows or 40 of
everything (the page cache is off here, so the queries really run)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from proposals.models import Status
from proposals.services import Change, transition
from tests.plans.factories import ActionPlanFactory, CommitmentFactory, MilestoneFactory
from tests.proposals.factories import ProposalFactory
from tests.stages.factories import StageFactory
from tests.tracking.factories import link, report
from tests.worktables.factories import DraftFactory, EventFactory, WorkTableFactory
from worktables.models import DraftMilestone, DraftProposal

pytestmark = pytest.mark.django_db

# (address, queries): the page, then each prefetched relation once.
ENDPOINTS = [
    ("/api/v1/plans/", 1),
    ("/api/v1/stages/", 1),
    ("/api/v1/institutions/", 1),
    ("/api/v1/commitments/", 3),  # commitments, their actors, their milestones
    ("/api/v1/proposals/", 2),  # proposals, their public trail
    ("/api/v1/events/", 1),
    ("/api/v1/drafts/", 3),  # drafts, their milestones, their published proposals
    ("/api/v1/progress-updates/", 2),  # updates, their evidence
]


def make(count: int) -> None:
    plan = ActionPlanFactory()
    table = WorkTableFactory(plan=plan)
    for n in range(count):
        StageFactory(plan=ActionPlanFactory(), kind="reception")
        commitment = CommitmentFactory(plan=plan)
        commitment.actors.add(commitment.responsible_institution)
        milestone = MilestoneFactory(commitment=commitment)
        report(milestone, links=[link()])
        proposal = ProposalFactory(plan=plan)
        transition(proposal.pk, Change(Status.PUBLISHED))
        EventFactory(plan=plan)
        draft = DraftFactory(table=table, published_at=timezone.now())
        DraftMilestone.objects.create(
            draft=draft,
            number=n,
            title="Hito",
            deliverable="Informe",
            start_date=milestone.start_date,
            end_date=milestone.end_date,
        )
        DraftProposal.objects.create(draft=draft, proposal=proposal)


@pytest.mark.parametrize(("path", "queries"), ENDPOINTS)
@pytest.mark.parametrize("count", [3, 40])
def test_a_list_costs_the_same_queries_whatever_its_length(
    client, settings, django_assert_num_queries, path, queries, count
):
    settings.PAGE_CACHE_SECONDS = 0
    make(count)
    with django_assert_num_queries(queries):
        response = client.get(path)
    assert len(response.json()["results"]) >= count
