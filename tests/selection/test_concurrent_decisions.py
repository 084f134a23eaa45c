"""Two MGA staff deciding the same draft at the same moment leave one
decision, one commitment, one e-mail per proposer and a history that says
what happened to each: the draft's row lock orders them, on PostgreSQL, with
real threads."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from core.models import OutboundEmail
from plans.models import Commitment
from proposals.models import Status
from selection import services
from selection.models import Decision, DecisionEvent
from tests.conftest import require_service
from tests.selection.factories import make_world, staff


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "outcomes", [("selected", "not_selected"), ("selected", "selected")], ids=["differ", "agree"]
)
def test_two_staff_deciding_at_once_leave_one_decision_and_a_clear_history(outcomes):
    require_service(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL)")
    world = make_world()
    people = [world.decider, staff("otra-secretaria", "decide_draft")]
    emails_before = OutboundEmail.objects.filter(template="proposal_status").count()
    barrier = threading.Barrier(2)
    results: dict[str, str] = {}

    def act(user, outcome):
        try:
            barrier.wait()
            services.decide(world.draft.pk, outcome, f"Razón de {user.username}.", user)
            results[user.username] = "done"
        except services.SelectionRefused as refusal:
            results[user.username] = str(refusal)
        except BaseException as error:  # pragma: no cover - reported below
            results[user.username] = f"error: {error!r}"
        finally:
            connection.close()

    threads = [
        threading.Thread(target=act, args=(person, outcome))
        for person, outcome in zip(people, outcomes, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    winner = next(name for name, result in results.items() if result == "done")
    loser = next(name for name in results if name != winner)
    assert "Otra persona registró hace un momento la decisión" in results[loser]

    decision = Decision.objects.get()
    assert decision.decided_by.username == winner
    assert decision.public_reason == f"Razón de {winner}."
    assert Commitment.objects.count() == (1 if decision.is_selected else 0)
    wanted = Status.SELECTED if decision.is_selected else Status.NOT_SELECTED
    assert {p.status for p in world.draft.proposals.all()} == {wanted}
    emails = OutboundEmail.objects.filter(template="proposal_status").count() - emails_before
    assert emails == len(world.proposals)  # one each, from the decision that stood

    history = list(DecisionEvent.objects.order_by("pk"))
    assert [(e.action, e.actor.username) for e in history] == [
        ("decided", winner),
        ("refused", loser),
    ]
    assert history[1].public_reason == f"Razón de {loser}."
    assert history[1].note.startswith("Ya estaba decidido")
