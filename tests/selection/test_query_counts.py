"""The selection report makes the same number of queries with 5 drafts
behind it as with 500 (a page of 50 at a time): pinned, so a new query is a
decision. Rows are bulk inserted: the page is measured, not the setup."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from plans.models import Commitment
from selection.models import Assessment, Decision, SelectionReport
from tests.selection.factories import make_world
from worktables.models import Draft, DraftMilestone

pytestmark = pytest.mark.django_db

# plan; report; selection stage; forum (its rules on names); totals; a page of
# drafts with table, institution and decision; their milestones; their scores
# added up; the draft plan's commitments.
EXPECTED = 9
# ...and each member's scores by name, when the forum's rules allow it.
EXPECTED_NAMED = EXPECTED + 1


def grow(world, drafts: int) -> None:
    """Up to ``drafts`` published drafts, each with two milestones, three
    scores and (two in three) a decision; a third of those selected."""
    now = timezone.now()
    have = Draft.objects.filter(table__plan=world.plan).count()
    made = Draft.objects.bulk_create(
        Draft(
            table=world.table,
            title=f"Borrador masivo {n}",
            problem="Problema.",
            description="Descripción.",
            expected_results="Resultados." if n % 5 else "",
            responsible_institution=world.institution,
            transparency=True,
            published_at=now,
        )
        for n in range(have, drafts)
    )
    DraftMilestone.objects.bulk_create(
        DraftMilestone(
            draft=draft,
            number=n,
            title=f"Hito {n}",
            deliverable="Informe" if n == 1 else "",
            start_date=dt.date(2031, n, 1),
            end_date=dt.date(2031, n + 1, 1) if draft.pk % 7 else None,
        )
        for draft in made
        for n in (1, 2)
    )
    seats = [world.presides, world.civil, world.academia]
    Assessment.objects.bulk_create(
        Assessment(
            draft=draft,
            member=seat,
            verifiable=bool(draft.pk % 2),
            transparency=True,
            potential="modest",
            feasibility="high",
            comment="Nota interna.",
        )
        for draft in made
        for seat in seats
    )
    decided = [draft for draft in made if draft.pk % 3]
    Decision.objects.bulk_create(
        Decision(
            draft=draft,
            outcome="selected" if draft.pk % 3 == 1 else "not_selected",
            public_reason=f"Razón {draft.pk}.",
            draft_version=1,
        )
        for draft in decided
    )
    start = (Commitment.objects.filter(plan=world.plan).count() or 0) + 1
    for number, draft in enumerate((d for d in decided if d.pk % 3 == 1), start=start):
        draft.commitment = Commitment.objects.create(
            plan=world.plan,
            number=number,
            title=draft.title,
            responsible_institution=world.institution,
        )
    Draft.objects.bulk_update([d for d in decided if d.pk % 3 == 1], ["commitment"])
    SelectionReport.objects.get_or_create(plan=world.plan)


def queries(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
        assert response.status_code == 200, url
    return [query["sql"] for query in context.captured_queries]


@pytest.mark.parametrize("named", [False, True], ids=["totals only", "named by the rules"])
def test_the_report_makes_the_same_queries_with_5_and_500_drafts(client, settings, named):
    settings.PAGE_CACHE_SECONDS = 0  # measure the page, not the cache
    world = make_world(proposals=0)
    world.forum.publish_member_scores = named
    world.forum.save()
    url = f"/planes/{world.plan.slug}/seleccion/"
    grow(world, 5)
    small = queries(client, url)
    grow(world, 500)
    large = queries(client, url)
    last_page = queries(client, url + "?pagina=10")
    assert len(large) == len(small) == len(last_page), "\n".join(large)
    assert len(small) == (EXPECTED_NAMED if named else EXPECTED), "\n".join(small)


def test_the_500_drafts_really_are_behind_the_report(client, settings):
    """A guard for the test above."""
    settings.PAGE_CACHE_SECONDS = 0
    world = make_world(proposals=0)
    grow(world, 500)
    url = f"/planes/{world.plan.slug}/seleccion/"
    page = client.get(url).content.decode()
    assert "De 500 borradores de compromiso" in page
    assert page.count('<li class="selection-draft') == 50
    assert "Página 1 de 10" in page
    last = client.get(url + "?pagina=10").content.decode()
    assert "Borrador masivo 499" in last
    assert Commitment.objects.filter(plan=world.plan).count() > 100
    assert "Nota interna." not in page
