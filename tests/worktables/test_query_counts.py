"""The pages of sessions, tables and drafts make the same number of queries
with 2 rows behind them as with 200: pinned, so a new query is a decision."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from plans.models import Institution
from proposals.models import Status
from tests.plans.factories import ActionPlanFactory, InstitutionFactory
from tests.proposals.factories import ProposalFactory
from tests.worktables.factories import (
    DraftFactory,
    EventFactory,
    RegistrationFactory,
    TableSessionFactory,
    WorkTableFactory,
)
from worktables.models import (
    DraftMilestone,
    DraftProposal,
    DraftVersion,
    Minutes,
    MinutesAttachment,
    TableAssignment,
)

pytestmark = pytest.mark.django_db

EXPECTED = {
    "events": 2,  # the plan; its sessions with their tables and seat counts
    "event": 3,  # the session with plan, table and counts; its minutes; their documents
    # table with plan; institutions; sessions with counts; drafts; proposals (a page of 50)
    # and their count
    "table": 6,
    # draft with table, plan, institution; milestones; versions; proposals; sessions; the
    # selection's panel: the decision, once the report is public (its SMART check reads
    # what the page loaded)
    "draft": 6,
    # the plan page: plan, commitments, stages; the panel's sessions, tables, drafts;
    # the selection's report, if public; the consultation's panel (its stage and the
    # publication); the plan's official documents; the proposals' numbers
    "plan": 10,
}


@pytest.fixture
def world(db):
    plan = ActionPlanFactory(slug="plan-con-mesas")
    table = WorkTableFactory(plan=plan, results_published_at=timezone.now())
    draft = DraftFactory(table=table, published_at=timezone.now())
    past = timezone.now() - dt.timedelta(days=3)
    session = TableSessionFactory(table=table, starts_at=past, ends_at=past + dt.timedelta(hours=2))
    minutes = Minutes.objects.create(event=session, text="Acta", published_at=timezone.now())
    return {"plan": plan, "table": table, "draft": draft, "session": session, "minutes": minutes}


def grow(world, rows: int) -> None:
    """Up to ``rows`` of everything each page lists."""
    plan, table, draft = world["plan"], world["table"], world["draft"]
    session, minutes = world["session"], world["minutes"]
    for n in range(plan.events.count(), rows):
        if n % 2:
            EventFactory(plan=plan, starts_at=timezone.now() + dt.timedelta(days=n + 1))
        else:
            TableSessionFactory(table=table, starts_at=timezone.now() + dt.timedelta(days=n + 1))
    for _n in range(session.registrations.count(), rows):
        RegistrationFactory(event=session)
    for n in range(table.institutions.count(), rows):
        table.institutions.add(InstitutionFactory(name=f"Institución invitada {n}"))
    for _n in range(TableAssignment.objects.filter(table=table).count(), rows):
        proposal = ProposalFactory(plan=plan, status=Status.ASSIGNED)
        TableAssignment.objects.create(proposal=proposal, table=table)
        DraftProposal.objects.create(draft=draft, proposal=proposal)
    for n in range(draft.milestones.count(), rows):
        DraftMilestone.objects.create(
            draft=draft,
            number=n + 1,
            title=f"Hito {n}",
            deliverable="Informe",
            start_date=dt.date(2031, 1, 1),
            end_date=dt.date(2031, 2, 1),
        )
    for n in range(draft.versions.count(), rows):
        DraftVersion.objects.create(draft=draft, number=n + 1, changed=["title"], snapshot={})
    for n in range(minutes.attachments.count(), rows):
        MinutesAttachment.objects.create(minutes=minutes, title=f"Doc {n}", file="x.pdf", size=9)
    for n in range(table.plan.worktables.count(), rows // 10):
        DraftFactory(
            table=WorkTableFactory(plan=plan, name=f"Mesa {n}"), published_at=timezone.now()
        )


def pages(world) -> dict[str, str]:
    return {
        "events": f"/planes/{world['plan'].slug}/jornadas/",
        "event": world["session"].get_absolute_url(),
        "table": world["table"].get_absolute_url(),
        "draft": world["draft"].get_absolute_url(),
        "plan": world["plan"].get_absolute_url(),
    }


def queries(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
        assert response.status_code == 200, url
    return [query["sql"] for query in context.captured_queries]


@pytest.mark.parametrize("page", list(EXPECTED))
def test_the_query_count_does_not_grow_with_the_data(client, world, page, settings):
    settings.PAGE_CACHE_SECONDS = 0  # measure the page, not the cache
    grow(world, 2)
    small = queries(client, pages(world)[page])
    grow(world, 200)
    large = queries(client, pages(world)[page])
    assert len(large) == len(small), "\n".join(["More queries with more data:", *large])
    assert len(small) == EXPECTED[page], "\n".join(small)


def test_the_large_data_set_shows_on_the_pages(client, world, settings):
    """A guard for the test above: 200 rows really are behind each page."""
    settings.PAGE_CACHE_SECONDS = 0
    grow(world, 200)
    urls = pages(world)
    assert client.get(urls["events"]).content.decode().count('class="event-card') == 200
    draft = client.get(urls["draft"]).content.decode()
    assert "Hito 199" in draft and "Versión 200" in draft
    table = client.get(urls["table"]).content.decode()
    assert "Institución invitada 199" in table
    assert table.count('class="proposal-card') == 50  # a page of them
    assert "Página 1 de 4" in table
    assert Institution.objects.count() >= 200
    assert client.get(urls["event"]).content.decode().count("Doc ") == 200
