"""Similar proposals: after the first step a proposer sees the published
proposals most like theirs (trigram similarity on PostgreSQL, shared words
elsewhere), and a moderator sees each proposal's likely duplicates, ready to
merge."""

from __future__ import annotations

import re
import time

import pytest
import time_machine
from django.core import signing
from django.db import connection, transaction

from plans.models import ActionPlan
from proposals import selectors
from proposals.forms import FORM_STAMP_SALT
from proposals.models import Proposal, Status
from tests.conftest import require_service
from tests.plans.factories import ActionPlanFactory
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db

PUBLISHED = {
    "title": "Presupuestos municipales en datos abiertos",
    "problem": "Los vecinos no pueden saber en qué se gasta el presupuesto de su municipio.",
}
MINE = {
    "title": "Datos abiertos del gasto municipal",
    "problem": "Los vecinos no saben en qué se gasta el presupuesto municipal.",
}
UNRELATED = {
    "title": "Listas de espera en salud",
    "problem": "Las listas de espera en salud no se publican por establecimiento.",
}


def needs_postgresql():
    require_service(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL)")


def similar_titles(page: str) -> list[str]:
    section = re.search(r'<section class="similar-proposals.*?</section>', page, re.S)
    assert section, "no similar proposals section"
    return re.findall(r'id="propuesta-\d+"><a href="[^"]+">([^<]+)</a>', section.group(0))


def first_step(client, plan, **answers) -> str:
    """Send the first step; returns the second step's page."""
    data = {**MINE, **answers, "started": signing.dumps(time.time() - 60, salt=FORM_STAMP_SALT)}
    response = client.post(f"/planes/{plan.slug}/proponer/paso-1/", data)
    assert response.status_code == 302, response.content.decode()[:500]
    return client.get(response["Location"]).content.decode()


def test_a_proposer_sees_a_published_proposal_worded_like_theirs_before_sending(client, demo):
    needs_postgresql()
    close = ProposalFactory(plan=demo, status=Status.PUBLISHED, **PUBLISHED)
    ProposalFactory(plan=demo, status=Status.PUBLISHED, **UNRELATED)
    ProposalFactory(
        plan=demo, status=Status.RECEIVED, title="Gasto municipal abierto", problem=MINE["problem"]
    )

    page = first_step(client, demo)

    assert "Paso 2 de 4" in page
    assert similar_titles(page) == [close.title]
    assert f'href="/propuestas/{close.pk}/"' in page
    assert not Proposal.objects.filter(title=MINE["title"]).exists()  # not sent yet


def test_the_most_alike_comes_first(client, demo):
    needs_postgresql()
    ProposalFactory(plan=demo, status=Status.PUBLISHED, **PUBLISHED)
    same = ProposalFactory(
        plan=demo,
        status=Status.PUBLISHED,
        title="Gasto municipal en datos abiertos",
        problem=MINE["problem"],
    )
    titles = similar_titles(first_step(client, demo))
    assert titles[0] == same.title and PUBLISHED["title"] in titles


def test_an_official_proposer_sees_only_the_official_record(client, official):
    needs_postgresql()
    fourth = ActionPlan.objects.get(number=4, origin="official")
    earlier = ProposalFactory(plan=fourth, status=Status.PUBLISHED, **PUBLISHED)
    demo_plan = ActionPlanFactory(origin="demo", number=None, slug="demo-prueba")
    ProposalFactory(
        plan=demo_plan,
        status=Status.PUBLISHED,
        title="Presupuestos municipales abiertos",
        problem=PUBLISHED["problem"],
    )
    with time_machine.travel(official.stages.get(kind="reception").starts_at):
        page = first_step(client, official)
    assert similar_titles(page) == [earlier.title]


def test_the_trigram_indexes_serve_the_lookup(demo):
    """The look-up compares exactly the expressions of the GIN indexes
    (migration 0006): with sequential and plain index scans off, and no other
    condition, the only way left to answer it is through them. (At 100 000
    rows the planner picks them on its own; a test that size takes minutes.)"""
    needs_postgresql()
    ProposalFactory(plan=demo, status=Status.PUBLISHED, **PUBLISHED)
    queryset = Proposal.objects.all()
    sql, params = selectors.similar_query(
        queryset, MINE["title"], MINE["problem"]
    ).query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "proposal_title_trgm" in plan and "proposal_problem_trgm" in plan, plan
    assert "Seq Scan on proposals_proposal" not in plan, plan
    results = selectors.similar_proposals(queryset, MINE["title"], MINE["problem"])
    assert [p.title for p in results] == [PUBLISHED["title"]]


def test_the_fallback_without_trigrams_ranks_by_shared_words(demo):
    close = ProposalFactory(plan=demo, status=Status.PUBLISHED, **PUBLISHED)
    ProposalFactory(plan=demo, status=Status.PUBLISHED, **UNRELATED)
    found = selectors.similar_by_words(Proposal.objects.all(), MINE["title"], MINE["problem"])
    assert found == [close]
    assert selectors.similar_by_words(Proposal.objects.all(), "", "de la que por") == []


def test_an_empty_first_step_finds_nothing(demo):
    ProposalFactory(plan=demo, status=Status.PUBLISHED, **PUBLISHED)
    assert selectors.similar_published(demo, "", "   ") == []


# --- Moderators -----------------------------------------------------------------


def duplicates_section(page: str) -> str:
    match = re.search(r'<section class="[^"]*likely-duplicates.*?</section>', page, re.S)
    assert match, "no duplicates section"
    return match.group(0)


def test_moderators_see_likely_duplicates_ready_to_merge(moderator_client, demo):
    needs_postgresql()
    received = ProposalFactory(plan=demo, status=Status.RECEIVED, **MINE)
    # A real code: the factory's own stop reading as codes past 9999 in a run.
    survivor = ProposalFactory(
        plan=demo, status=Status.PUBLISHED, tracking_code="GAD-7KQ2-M9XD", **PUBLISHED
    )
    ProposalFactory(plan=demo, status=Status.PUBLISHED, **UNRELATED)
    ProposalFactory(
        plan=demo, status=Status.NOT_ADMITTED, title="Gasto municipal", problem=MINE["problem"]
    )
    other_plan = ActionPlanFactory(origin="demo", number=None, slug="otro-demo")
    ProposalFactory(plan=other_plan, status=Status.PUBLISHED, **MINE)

    page = moderator_client.get(f"/gestion/propuestas/{received.pk}/").content.decode()
    section = duplicates_section(page)
    assert re.findall(r'data-code="([^"]+)"', section) == [survivor.tracking_code]
    merge = f'href="?fusionar={survivor.tracking_code}#decidir"'
    assert merge in section

    # The button fills in the existing merge decision...
    page = moderator_client.get(
        f"/gestion/propuestas/{received.pk}/?fusionar={survivor.tracking_code}"
    )
    page = page.content.decode()
    assert re.search(r'<option value="merged" selected>', page)
    assert f'name="merged_into" value="{survivor.tracking_code}"' in page
    # ...which the moderator saves, with a reason, as any merge.
    response = moderator_client.post(
        f"/gestion/propuestas/{received.pk}/",
        {
            "to_status": "merged",
            "expected_status": "received",
            "merged_into": survivor.tracking_code,
            "public_reason": "Propone lo mismo.",
        },
    )
    assert response.status_code == 302
    received.refresh_from_db()
    assert received.status == Status.MERGED and received.merged_into == survivor


def test_a_final_proposal_shows_its_duplicates_without_the_merge_button(moderator_client, demo):
    needs_postgresql()
    survivor = ProposalFactory(plan=demo, status=Status.PUBLISHED, **PUBLISHED)
    final = ProposalFactory(plan=demo, status=Status.SELECTED, **MINE)
    page = moderator_client.get(f"/gestion/propuestas/{final.pk}/").content.decode()
    section = duplicates_section(page)
    assert survivor.tracking_code in section and "fusionar=" not in section
    # A forged ?fusionar= on a proposal that cannot merge fills in nothing.
    page = moderator_client.get(
        f"/gestion/propuestas/{final.pk}/?fusionar=<script>"
    ).content.decode()
    assert "<script>" not in page.split("<main", 1)[1].split("</main>", 1)[0]


def test_the_duplicates_cost_one_query_however_many_proposals(
    moderator_client, demo, django_assert_num_queries
):
    received = ProposalFactory(plan=demo, status=Status.RECEIVED, **MINE)
    moderator_client.get(f"/gestion/propuestas/{received.pk}/")  # warm the session
    from django.db import connection as conn
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(conn) as few:
        moderator_client.get(f"/gestion/propuestas/{received.pk}/")
    ProposalFactory.create_batch(30, plan=demo, status=Status.PUBLISHED, **PUBLISHED)
    with CaptureQueriesContext(conn) as many:
        page = moderator_client.get(f"/gestion/propuestas/{received.pk}/").content.decode()
    assert len(many) == len(few)
    assert duplicates_section(page).count("data-code=") == selectors.SIMILAR_LIMIT
