"""The home page's "what can I do now?": each open stage comes with the thing
to do, first on the page; with nothing open, what comes next."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from plans.models import ActionPlan
from stages.actions import ACTIONS, action_for
from stages.models import StageKind

pytestmark = pytest.mark.django_db


def test_every_kind_of_stage_has_an_action():
    assert set(ACTIONS) == set(StageKind)


@pytest.fixture
def fifth(seeded):
    return ActionPlan.objects.get(number=5, origin="official")


def test_during_reception_the_first_thing_is_the_proposal_form(client, fifth):
    with time_machine.travel(dt.datetime(2020, 8, 20, 15, tzinfo=dt.UTC), tick=False):
        page = client.get("/").content.decode()
    now = page.index("¿Qué puedes hacer ahora?")
    form = page.index(f'href="/planes/{fifth.slug}/proponer/">Propón un compromiso</a>')
    tracker = page.index('class="process-tracker')
    assert now < form < tracker < page.index('id="titulo"')


def test_the_selection_leads_to_its_own_page(client, fifth):
    with time_machine.travel(dt.datetime(2020, 11, 20, 15, tzinfo=dt.UTC), tick=False):
        page = client.get("/").content.decode()
    # The selection has its own page: the report, and until it is public, its criteria.
    selection = action_for(StageKind.SELECTION, fifth)
    assert f'href="/planes/{fifth.slug}/seleccion/">{selection.label}</a>' in page


def test_during_the_consultation_the_first_thing_is_the_draft_plan(client, fifth):
    with time_machine.travel(dt.datetime(2020, 11, 20, 15, tzinfo=dt.UTC), tick=False):
        page = client.get("/").content.decode()
    assert f'href="/planes/{fifth.slug}/consulta/">Comenta el borrador del plan</a>' in page


def test_between_stages_it_says_what_opens_next(client, fifth):
    with time_machine.travel(dt.datetime(2020, 7, 20, 15, tzinfo=dt.UTC), tick=False):
        page = client.get("/").content.decode()
    assert "Ahora no hay ninguna etapa abierta" in page
    assert "Lo próximo: Jornadas de sensibilización, desde el 1 de agosto de 2020" in page
    assert 'href="/avisos/"' in page
