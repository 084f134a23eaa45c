"""Before the selection closes, each member of the Mesa with a portal account
is reminded, by name, of the drafts they have not scored yet."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from core.mail import build_message
from core.models import OutboundEmail
from selection import services
from stages import engine
from stages.models import StageKind
from tests.selection.factories import make_world, score
from tests.stages.factories import StageFactory

pytestmark = pytest.mark.django_db

CLOSES = dt.datetime(2030, 11, 30, 3, tzinfo=dt.UTC)


@pytest.fixture
def world(db):
    world = make_world()
    StageFactory(
        plan=world.plan,
        kind=StageKind.SELECTION,
        starts_at=dt.datetime(2030, 11, 2, 3, tzinfo=dt.UTC),
        ends_at=CLOSES,
    )
    return world


def reminders(world) -> dict[str, OutboundEmail]:
    stage = world.plan.stages.get(kind=StageKind.SELECTION)
    with time_machine.travel(stage.closing_soon_at + dt.timedelta(minutes=1), tick=False):
        engine.tick()
    rows = OutboundEmail.objects.filter(template="forum_selection_closing")
    return {row.to: row for row in rows}


def test_each_member_is_reminded_of_the_drafts_they_have_not_scored(world):
    second = world.add_draft(title="Datos abiertos de la defensa penal")
    decided = world.add_draft(title="Un borrador ya decidido")
    services.decide(decided.pk, "not_selected", "No cabe en este plan.", world.decider)
    score(world.civil, world.draft)
    score(world.civil, second)
    score(world.academia, world.draft)

    sent = reminders(world)
    academia = build_message(sent[world.academia.user.email])
    assert "Aún no has evaluado este borrador:" in academia.body
    assert "- Datos abiertos de la defensa penal" in academia.body
    assert "Sentencias judiciales en datos abiertos" not in academia.body  # scored
    assert "Un borrador ya decidido" not in academia.body  # closed
    assert "/gestion/seleccion/" in academia.body

    presides = build_message(sent[world.presides.user.email])
    assert "Aún no has evaluado estos 2 borradores:" in presides.body
    assert "<li>Sentencias judiciales en datos abiertos</li>" in presides.alternatives[0][0]

    civil = build_message(sent[world.civil.user.email])
    assert "Ya evaluaste todos los borradores que siguen abiertos. Gracias." in civil.body

    observer = build_message(sent[world.observer.user.email])
    assert "Aún no has evaluado" not in observer.body and "Ya evaluaste" not in observer.body
    assert observer.subject.startswith("Recordatorio para la Mesa")


def test_running_the_reminder_again_queues_nothing_new(world):
    first = reminders(world)
    assert len(first) == 4
    stage = world.plan.stages.get(kind=StageKind.SELECTION)
    event = stage.events.get(edge="closing_soon")
    from selection.effects import remind_forum_of_selection
    from stages.effects import queued

    assert remind_forum_of_selection(stage, event) == queued(0)
    assert OutboundEmail.objects.filter(template="forum_selection_closing").count() == 4
