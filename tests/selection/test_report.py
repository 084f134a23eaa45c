"""The selection report publishes itself when the selection stage closes:
every draft with its decision, reason and score summary (by criterion,
without names unless the forum's rules allow them), and the draft plan."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from selection import effects, services
from selection.models import SelectionReport
from stages import engine
from stages.models import StageEvent, StageKind
from tests.selection.factories import make_world, milestone, score
from tests.stages.factories import StageFactory

pytestmark = pytest.mark.django_db

OPENS = dt.datetime(2030, 11, 2, 3, tzinfo=dt.UTC)
CLOSES = dt.datetime(2030, 11, 30, 3, tzinfo=dt.UTC)


@pytest.fixture
def world(db):
    world = make_world()
    StageFactory(plan=world.plan, kind=StageKind.SELECTION, starts_at=OPENS, ends_at=CLOSES)
    return world


def report_page(client, world) -> str:
    response = client.get(f"/planes/{world.plan.slug}/seleccion/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_report_publishes_itself_when_the_selection_closes(client, world):
    vague = world.add_draft(
        title="Promover la justicia cercana", milestones=[milestone(1, deliverable="")]
    )
    with time_machine.travel(OPENS + dt.timedelta(days=3), tick=False):
        engine.tick()
        score(world.civil, world.draft, values=("transparency", "accountability"))
        score(world.academia, world.draft, verifiable=False, potential="modest")
        services.decide(world.draft.pk, "selected", "Cumple los criterios.", world.decider)
        services.decide(vague.pk, "not_selected", "Le faltan entregables.", world.decider)
        waiting = report_page(client, world)
    assert "El informe aún no es público" in waiting
    assert "cuando cierra la selección, el 30 de noviembre de 2030" in waiting
    assert "Cumple los criterios." not in waiting
    assert not SelectionReport.objects.exists()

    with time_machine.travel(CLOSES + dt.timedelta(minutes=1), tick=False):
        events = engine.tick()
        page = report_page(client, world)
    closed = next(e for e in events if e.edge == "end" and e.stage.kind == StageKind.SELECTION)
    assert closed.result == StageEvent.Result.DONE
    run = closed.runs.get(effect__endswith=".publish_selection_report")
    assert run.outcome == "El informe de selección es público."
    assert SelectionReport.objects.get(plan=world.plan).published_at == CLOSES + dt.timedelta(
        minutes=1
    )

    assert "Publicado el 30 de noviembre de 2030." in page
    assert "De 2 borradores de compromiso, 1 seleccionados y 1 no seleccionados." in page
    # The draft plan, with the commitment the selected draft became.
    world.draft.refresh_from_db()
    commitment = world.draft.commitment
    assert f'href="/planes/{world.plan.slug}/compromisos/{commitment.number}/"' in page
    # Every draft, its decision, reason, findings and scores by criterion.
    assert 'data-status="selected"' in page and 'data-status="not_selected"' in page
    assert "Cumple los criterios." in page and "Le faltan entregables." in page
    assert "Revisión SMART: 0 observaciones" in page
    assert "Revisión SMART: 3 observaciones" in page  # one milestone, no deliverable or result
    assert "sí 1 · no 1" in page
    assert "Transparencia 2 · Rendición de cuentas 1" in page
    assert "Moderado 1" in page
    # Without names: the forum's rules do not allow them.
    assert "Red de Sociedad Civil" not in page and "Red Academica" not in page
    assert "sin los nombres de los integrantes" in page
    assert effects.publish_selection_report(closed.stage, closed) == (
        "El informe de selección ya era público."
    )


def test_the_forums_rules_may_name_each_members_scores(client, world):
    score(world.civil, world.draft, potential="modest", comment="Una nota interna.")
    world.forum.publish_member_scores = True
    world.forum.save()
    services.publish_report(world.plan)
    page = report_page(client, world)
    assert "Puntajes de cada integrante" in page
    assert '<th scope="row">Red de Sociedad Civil</th>' in page
    assert "Una nota interna." not in page  # comments are never published


def test_staff_may_publish_the_report_before_the_stage_closes(client, world):
    client.force_login(world.decider)
    response = client.post(f"/gestion/seleccion/{world.plan.slug}/publicar/")
    assert response["Location"] == f"/gestion/seleccion/?plan={world.plan.slug}"
    assert SelectionReport.objects.filter(plan=world.plan).exists()
    client.logout()
    assert "Sin decisión registrada" in report_page(client, world)
    # A decision recorded later shows at once (the page cache is refreshed).
    services.decide(world.draft.pk, "not_selected", "No cabe en este plan.", world.decider)
    assert "No cabe en este plan." in report_page(client, world)


def test_the_plan_page_and_the_draft_page_link_to_the_published_report(client, world):
    services.decide(world.draft.pk, "not_selected", "No cabe en este plan.", world.decider)
    draft_page = client.get(world.draft.get_absolute_url()).content.decode()
    assert "No cabe en este plan." not in draft_page  # not before the report
    assert (
        "Lee el informe de selección"
        not in client.get(world.plan.get_absolute_url()).content.decode()
    )
    services.publish_report(world.plan)
    draft_page = client.get(world.draft.get_absolute_url()).content.decode()
    assert "La decisión de la Mesa de Gobierno Abierto" in draft_page
    assert "No cabe en este plan." in draft_page
    plan_page = client.get(world.plan.get_absolute_url()).content.decode()
    assert "0 borradores de compromiso seleccionados de 1 decididos" in plan_page
    assert f'href="/planes/{world.plan.slug}/seleccion/">Lee el informe de selección' in plan_page


def test_an_unknown_plan_has_no_report(client, db):
    assert client.get("/planes/no-existe/seleccion/").status_code == 404


def test_the_home_page_leads_to_the_selection_while_it_is_open(client, world):
    with time_machine.travel(OPENS + dt.timedelta(days=1), tick=False):
        page = client.get("/").content.decode()
    assert f'href="/planes/{world.plan.slug}/seleccion/">Sigue la selección</a>' in page
