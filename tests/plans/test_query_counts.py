"""A public page makes the same number of SQL queries whatever the amount of data.

Each test loads a page with a little data, grows the data (more plans,
commitments, milestones, actors, forum members and meetings) and loads it again: the count
must not change, and it is pinned so a new query is a conscious decision. If a
count grows, fetch the related rows in plans/selectors.py (select_related or
prefetch_related) instead of raising the number here.
"""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import Origin
from plans import synthetic
from plans.models import (
    ActionPlan,
    Forum,
    ForumMeeting,
    ForumMember,
    Institution,
    PlanDocument,
    Sector,
)
from proposals.models import Status
from tests.helpers import create_demo_process
from tests.plans.factories import (
    ActionPlanFactory,
    CommitmentFactory,
    InstitutionFactory,
    MilestoneFactory,
)
from tests.proposals.factories import ProposalFactory
from tests.stages.factories import StageFactory

SLUG = "plan-con-datos"

# Pinned query counts, the same for few and many rows.
EXPECTED = {
    "home": 2,  # the open process with its stages (one query), the official plans with counts
    "plan_list": 2,  # official plans, other plans (each with its count)
    # the plan with its count, its stages, its commitments with institution; the
    # work tables panel: the next sessions, the tables (their published drafts
    # are one more when there are tables: tests/worktables/test_query_counts.py);
    # the selection's panel: its report, if public, with the decisions counted
    # the consultation's panel: its stage and the publication, one query; the
    # plan's official documents; the proposals' panel: its numbers, one
    # aggregate
    "plan": 9,
    # commitment with plan and institution, actors, milestones, the plan's IRM
    # reports; the proposals that led to it (proposals' panel); then the
    # progress timeline (tracking's panel): progress, each milestone's current
    # progress, updates with institution (no updates here, so no evidence query:
    # tests/tracking/test_query_counts.py pins the page with them); the
    # consultation's panel: its stage and the commitment's comments, one query
    "commitment": 9,
    "forum": 4,  # the forum, its members with institution, its meetings, who attended them
    # The download looks up the plan (1), then the export (commitments with plan
    # and institution, actors, milestones). The export runs in chunks of 500
    # commitments, so a plan past 500 adds two per chunk.
    "csv": 4,
    "json": 4,
}

PAGES = {
    "home": "/",
    "plan_list": "/planes/",
    "plan": f"/planes/{SLUG}/",
    "commitment": f"/planes/{SLUG}/compromisos/1/",
    "forum": "/mesa-de-gobierno-abierto/",
    "csv": f"/planes/{SLUG}/compromisos.csv",
    "json": f"/planes/{SLUG}/compromisos.json",
}


def fill(
    plans: int,
    commitments: int,
    milestones: int,
    actors: int,
    others: int,
    members: int,
    documents: int = 1,
    proposals: int = 1,
):
    """Grow the data set up to the given sizes (adding only what is missing).

    ``plans`` official plans on the list (one of them, SLUG, gets the
    commitments, each with ``milestones`` milestones and ``actors`` actors,
    ``documents`` official documents and ``proposals`` proposals in every
    status, those integrated or selected into its first commitment),
    ``others`` synthetic plans, ``members`` forum members and as many meetings.
    """
    plan = ActionPlan.objects.filter(slug=SLUG).first() or ActionPlanFactory(slug=SLUG)
    for _ in range(plans - ActionPlan.objects.filter(origin=Origin.OFFICIAL).count()):
        StageFactory(plan=ActionPlanFactory())
    existing = ActionPlan.objects.filter(origin=Origin.SYNTHETIC).count()
    for index in range(existing, others):
        ActionPlanFactory(origin=Origin.SYNTHETIC, number=None, slug=f"sintetico-{index:04d}")
    for number in range(plan.commitments.count() + 1, commitments + 1):
        CommitmentFactory(plan=plan, number=number)
    sectors = list(Sector)
    pool = [InstitutionFactory(name=f"Actor {n}", sector=sectors[n % 5]) for n in range(actors)]
    for commitment in plan.commitments.all():
        for number in range(commitment.milestones.count() + 1, milestones + 1):
            MilestoneFactory(commitment=commitment, number=number)
        commitment.actors.add(*pool)
    for index in range(plan.documents.count(), documents):
        PlanDocument.objects.create(
            plan=plan,
            kind=PlanDocument.Kind.IRM_RESULTS if index % 2 else PlanDocument.Kind.ACTION_PLAN,
            title=f"Documento {index}",
            url=f"https://www.opengovpartnership.org/documents/{index}.pdf",
        )
    statuses = list(Status)
    first = plan.commitments.order_by("number").first()
    for index in range(plan.proposals.count(), proposals):
        status = statuses[index % len(statuses)]
        into = first if status in (Status.INTEGRATED, Status.SELECTED) else None
        ProposalFactory(
            plan=plan,
            status=status,
            commitment=into,
            merged_into=plan.proposals.order_by("pk").first() if status == Status.MERGED else None,
        )
    forum, _ = Forum.objects.get_or_create(name="Mesa de Gobierno Abierto")
    for order in range(forum.members.count(), members):
        ForumMember.objects.create(
            forum=forum,
            institution=Institution.objects.order_by("pk")[order % 3],
            position=f"Integrante {order}",
            role=ForumMember.Role.CIVIL_SOCIETY,
            order=order,
        )
    for number in range(forum.meetings.count(), members):
        meeting = ForumMeeting.objects.create(
            forum=forum,
            held_on=f"2024-{number % 12 + 1:02d}-15",
            title=f"Sesión {number}",
            agenda="Seguimiento del plan.",
        )
        meeting.attendees.set(forum.members.all())


def few():
    fill(plans=1, commitments=2, milestones=1, actors=1, others=1, members=1)


def many():
    fill(
        plans=10,
        commitments=60,
        milestones=5,
        actors=3,
        others=10,
        members=12,
        documents=6,
        proposals=40,
    )


def queries_for(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
        assert response.status_code == 200, url
        if response.streaming:
            body = b"".join(response.streaming_content)
            assert body
    return [query["sql"] for query in context.captured_queries]


@pytest.fixture
def a_process_is_open(db):
    """The home page shows the open process; keep one open in both sizes."""
    create_demo_process()


@pytest.mark.parametrize("page", list(PAGES))
def test_the_query_count_does_not_grow_with_the_data(client, a_process_is_open, page):
    few()
    small = queries_for(client, PAGES[page])
    many()
    large = queries_for(client, PAGES[page])

    assert len(large) == len(small), "\n".join(["More queries with more data:", *large])
    assert len(small) == EXPECTED[page], "\n".join(small)


def test_many_really_is_more_data(client, a_process_is_open):
    """A guard for the test above: the large data set shows on the pages."""
    many()
    plan = ActionPlan.objects.get(slug=SLUG)
    assert plan.commitments.count() == 60
    assert ActionPlan.objects.filter(origin=Origin.OFFICIAL).count() == 10
    commitment = plan.commitments.get(number=1)
    assert commitment.milestones.count() == 5
    assert commitment.actors.count() == 3
    page = client.get(PAGES["commitment"]).content.decode()
    assert all(f"Actor {n}" in page for n in range(3))
    forum = client.get(PAGES["forum"]).content.decode()
    assert forum.count('class="forum-meeting"') == 12
    assert forum.count("Integrante 11") == 1 + 12  # the seat, and present at each meeting
    plan_page = client.get(PAGES["plan"]).content.decode()
    assert plan_page.count("Documento ") == 6
    assert ">40</dd>" in plan_page  # the proposals received
    assert page.count('href="/propuestas/') >= 2  # the proposals behind commitment 1
    csv = b"".join(client.get(PAGES["csv"]).streaming_content).decode()
    assert len(csv.splitlines()) == 1 + 60 * 5


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_a_download_past_one_chunk_adds_two_queries_per_chunk(
    client, db, fmt, django_assert_num_queries
):
    """The export streams 500 commitments at a time, so memory stays flat; each
    further chunk fetches its actors and milestones (2 queries)."""
    synthetic.generate(plans=1, commitments=501, milestones=1)
    plan = ActionPlan.objects.get(origin=Origin.SYNTHETIC)

    with django_assert_num_queries(EXPECTED[fmt] + 2):
        response = client.get(f"/planes/{plan.slug}/compromisos.{fmt}")
        body = b"".join(response.streaming_content)
    if fmt == "json":
        assert len(json.loads(body)["commitments"]) == 501
    else:
        assert len(body.decode().splitlines()) == 1 + 501
