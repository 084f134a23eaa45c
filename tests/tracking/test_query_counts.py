"""The dashboard, the repository and the commitment's timeline make the same
number of SQL queries with 5 commitments and with 500: the aggregates are
computed in the database, never row by row. The counts are pinned."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import Origin
from plans import synthetic as plan_synthetic
from plans.models import ActionPlan, Commitment
from tracking import synthetic

pytestmark = pytest.mark.django_db

EXPECTED = {
    # plan choices, institution choices, summary, by status, by institution,
    # by plan, overdue milestones, page count, page rows
    "dashboard": 9,
    "dashboard, filtered": 10,  # and the institution named by the filter
    # the plan, institution choices, summary, by status, by institution,
    # overdue milestones, page count, page rows
    "plan dashboard": 8,
    # plan choices, the newest official document, count, rows
    "repository": 4,
    "repository, searched": 4,
    # the commitment page (3) with its plan's IRM reports, the proposals that
    # led to it (proposals' panel), the consultation's panel (its stage and
    # comments, one query) and the timeline: progress, each milestone's
    # current progress, updates with institution, their evidence
    "commitment": 10,
}


def grow(commitments: int) -> ActionPlan:
    """One synthetic plan shown as official, with ``commitments`` commitments of
    3 milestones and 2 progress updates each."""
    existing = Commitment.objects.count()
    if existing < commitments:
        plan_synthetic.generate(plans=1, commitments=commitments - existing, milestones=3)
        synthetic.generate({"progress": 2}, seed=1)
    # The official dashboard and repository show official plans only.
    ActionPlan.objects.filter(origin=Origin.SYNTHETIC).update(origin=Origin.OFFICIAL, number=None)
    from tracking.models import ProgressUpdate

    ProgressUpdate.objects.update(origin=Origin.OFFICIAL)
    return ActionPlan.objects.order_by("pk").first()


def count(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return [query["sql"] for query in queries]


def pages(plan: ActionPlan) -> dict[str, str]:
    institution = Commitment.objects.filter(plan=plan).first().responsible_institution_id
    return {
        "dashboard": "/avance/",
        "dashboard, filtered": f"/avance/?institution={institution}&value=transparency"
        "&status=limited&pagina=2",
        "plan dashboard": f"/planes/{plan.slug}/avance/",
        "repository": "/repositorio/",
        "repository, searched": f"/repositorio/?q=acta&stage=implementation&plan={plan.slug}",
        "commitment": f"/planes/{plan.slug}/compromisos/1/",
    }


@pytest.mark.parametrize("name", list(EXPECTED))
def test_the_query_count_is_the_same_with_5_and_500_commitments(client, settings, name):
    settings.PAGE_CACHE_SECONDS = 0
    few = count(client, pages(grow(5))[name])
    many = count(client, pages(grow(500))[name])
    assert Commitment.objects.count() >= 500
    assert len(many) == len(few), "\n".join(["More queries with more data:", *many])
    assert len(few) == EXPECTED[name], "\n".join(few)


def test_the_large_dashboard_really_shows_the_data(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    plan = grow(500)
    html = client.get(f"/planes/{plan.slug}/avance/").content.decode()
    assert "Página 1 de 10" in html
    assert html.count('class="chart-bar ') >= 50
