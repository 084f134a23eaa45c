"""The Mesa's decision on a draft: a public reason it cannot do without, an
explicit override (with its reason) for a draft with SMART findings, and for
a selected draft a commitment of the draft plan that keeps its lineage. The
proposals behind the draft move on with the reason, and each proposer gets
one e-mail."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from core.models import OutboundEmail
from plans.models import Commitment
from proposals.models import ProposalEvent, Status
from selection import services
from selection.models import Decision, DecisionEvent
from tests.plans.factories import CommitmentFactory
from tests.selection.factories import make_world, milestone, score
from tests.worktables.factories import DraftFactory

pytestmark = pytest.mark.django_db

REASON = "Cumple los criterios de OGP y la institución responsable se comprometió a cumplirlo."


@pytest.fixture
def world(db):
    return make_world()


@pytest.fixture
def decider(client, world):
    client.force_login(world.decider)
    return client


def decide_url(draft) -> str:
    return f"/gestion/seleccion/borradores/{draft.pk}/decision/"


# --- A reason, always ----------------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "   \n "])
def test_a_decision_without_a_reason_is_refused(world, decider, reason):
    with pytest.raises(services.SelectionRefused, match="Escribe la razón pública"):
        services.decide(world.draft.pk, "selected", reason, world.decider)
    response = decider.post(
        decide_url(world.draft), {"outcome": "not_selected", "public_reason": reason}
    )
    assert response.status_code == 400
    assert "Este campo es obligatorio." in response.content.decode()
    assert not Decision.objects.exists()
    assert not Commitment.objects.exists()
    assert {p.status for p in world.draft.proposals.all()} == {Status.INTEGRATED}


def test_an_override_of_smart_findings_without_a_reason_is_refused(world, decider):
    faulty = world.add_draft(
        title="Sentencias abiertas con hitos sin fechas",
        milestones=[milestone(1), milestone(2, start_date=None, end_date=None)],
    )
    with pytest.raises(services.SelectionRefused, match="1 observación SMART sin resolver"):
        services.decide(faulty.pk, "selected", REASON, world.decider)
    with pytest.raises(services.SelectionRefused, match="1 observación SMART sin resolver"):
        services.decide(faulty.pk, "selected", REASON, world.decider, override_reason="  ")
    page = decider.get(decide_url(faulty)).content.decode()
    assert "Al hito 2 le falta su fecha de inicio o de término." in page  # the findings, shown
    ticked = decider.post(
        decide_url(faulty), {"outcome": "selected", "public_reason": REASON, "override": "on"}
    )
    assert ticked.status_code == 400
    assert "Explica por qué se pasan por alto las observaciones." in ticked.content.decode()
    unticked = decider.post(decide_url(faulty), {"outcome": "selected", "public_reason": REASON})
    assert "pásalas por alto de forma explícita" in unticked.content.decode()
    assert not Decision.objects.exists()

    done = decider.post(
        decide_url(faulty),
        {
            "outcome": "selected",
            "public_reason": REASON,
            "override": "on",
            "override_reason": "La mesa fijará las fechas con la institución en diciembre.",
        },
    )
    assert done["Location"] == decide_url(faulty)
    decision = Decision.objects.get(draft=faulty)
    assert decision.override_reason.startswith("La mesa fijará las fechas")
    assert [finding["code"] for finding in decision.findings] == ["no_dates"]


def test_not_selecting_a_draft_with_findings_needs_no_override(world):
    faulty = world.add_draft(milestones=[milestone(1)])
    decision = services.decide(faulty.pk, "not_selected", "Le faltan hitos.", world.decider)
    assert decision.override_reason == ""
    assert [finding["code"] for finding in decision.findings] == ["few_milestones"]


def test_a_draft_without_a_responsible_institution_cannot_be_selected(world):
    orphan = world.add_draft(responsible_institution=None)
    with pytest.raises(services.SelectionRefused, match="necesita una institución responsable"):
        services.decide(orphan.pk, "selected", REASON, world.decider, override_reason="Igual.")


def test_an_unpublished_draft_cannot_be_decided(world):
    hidden = DraftFactory(table__plan=world.plan)
    with pytest.raises(services.SelectionRefused, match="Solo se puede decidir"):
        services.decide(hidden.pk, "not_selected", REASON, world.decider)


# --- Selected: a commitment of the draft plan, with its lineage ------------------------


def test_a_selected_draft_becomes_a_commitment_of_the_draft_plan_with_its_lineage(
    world, decider, client
):
    CommitmentFactory(plan=world.plan, number=1)  # numbering continues after it
    score(world.civil, world.draft)
    mail.outbox.clear()
    before = OutboundEmail.objects.count()
    response = decider.post(
        decide_url(world.draft), {"outcome": "selected", "public_reason": REASON}
    )
    assert response["Location"] == decide_url(world.draft)

    world.draft.refresh_from_db()
    commitment = world.draft.commitment
    assert commitment.plan == world.plan and commitment.number == 2
    assert (commitment.title, commitment.responsible_institution) == (
        world.draft.title,
        world.institution,
    )
    assert commitment.expected_results == world.draft.expected_results
    assert (commitment.transparency, commitment.accountability) == (True, True)
    assert [(m.number, m.deliverable, m.start_date) for m in commitment.milestones.all()] == [
        (1, "Informe publicado en el portal", dt.date(2031, 3, 1)),
        (2, "Informe publicado en el portal", dt.date(2031, 6, 1)),
    ]
    # The lineage: the draft (its table, sessions, proposals, versions) leads to it...
    assert commitment.draft == world.draft
    assert world.draft.table.sessions.exists() and world.draft.versions.exists()
    assert f"/borradores/{world.draft.pk}/" in commitment.source_note
    assert "Justicia abierta" in commitment.source_note
    # ...and each proposal's trail does too, with the reason; one e-mail each.
    for proposal in world.draft.proposals.all():
        assert proposal.status == Status.SELECTED
        assert proposal.commitment == commitment
        step = ProposalEvent.objects.filter(proposal=proposal).latest("pk")
        assert step.public_reason == REASON
        assert step.link_url == f"/planes/{world.plan.slug}/compromisos/2/"
        assert step.link_label.startswith("Compromiso n.º 2 del borrador del plan")
        page = client.get(proposal.get_absolute_url()).content.decode()
        assert REASON in page and 'href="/planes/plan-en-seleccion/compromisos/2/"' in page
    sent = OutboundEmail.objects.order_by("pk")[before:]
    assert sorted(e.to for e in sent) == sorted(p.email for p in world.proposals)
    assert all(e.template == "proposal_status" and e.context["reason"] == REASON for e in sent)

    # The commitment is public at once, in the draft plan; its page leads back.
    client.logout()
    plan_page = client.get(world.plan.get_absolute_url()).content.decode()
    assert world.draft.title in plan_page
    commitment_page = client.get(commitment.get_absolute_url()).content.decode()
    assert f"/borradores/{world.draft.pk}/" in commitment_page


def test_a_not_selected_draft_tells_its_proposers_why(world):
    services.decide(world.draft.pk, "not_selected", "No cabe en este plan.", world.decider)
    world.draft.refresh_from_db()
    assert world.draft.commitment is None
    assert not Commitment.objects.exists()
    for proposal in world.draft.proposals.all():
        assert proposal.status == Status.NOT_SELECTED
        step = ProposalEvent.objects.filter(proposal=proposal).latest("pk")
        assert step.public_reason == "No cabe en este plan."
        assert step.link_url == f"/planes/{world.plan.slug}/seleccion/"


def test_a_proposal_that_moved_on_is_left_as_it_is(world):
    from proposals.services import Change, transition

    moved = world.proposals[0]
    transition(moved.pk, Change(Status.NOT_SELECTED, public_reason="Se retiró."))
    services.decide(world.draft.pk, "selected", REASON, world.decider)
    moved.refresh_from_db()
    assert moved.status == Status.NOT_SELECTED and moved.commitment is None
    other = world.proposals[1]
    other.refresh_from_db()
    assert other.status == Status.SELECTED


# --- Once -------------------------------------------------------------------------------


def test_a_second_decision_is_refused_and_the_history_says_so(world, decider):
    services.decide(world.draft.pk, "selected", REASON, world.decider)
    response = decider.post(
        decide_url(world.draft), {"outcome": "not_selected", "public_reason": "Otra idea."}
    )
    page = decider.get(response["Location"]).content.decode()
    assert "Otra persona registró hace un momento la decisión sobre este borrador" in page
    assert Decision.objects.get().outcome == "selected"
    assert Commitment.objects.count() == 1
    history = list(DecisionEvent.objects.order_by("pk"))
    assert [(e.action, e.outcome) for e in history] == [
        ("decided", "selected"),
        ("refused", "not_selected"),
    ]
    assert history[1].note.startswith("Ya estaba decidido: «Seleccionada»")
    assert 'data-action="refused"' in page


def test_only_staff_with_the_permission_decide(client, world):
    client.force_login(world.civil.user)  # a member, but not MGA staff who decide
    assert client.get(decide_url(world.draft)).status_code == 403
    response = client.post(decide_url(world.draft), {"outcome": "selected", "public_reason": "x"})
    assert response.status_code == 403
    assert not Decision.objects.exists()


def test_the_decision_screen_shows_the_scores_summary_and_the_findings(world, decider):
    score(world.civil, world.draft, values=("transparency", "participation"), feasibility="low")
    score(world.academia, world.draft, verifiable=False, potential="modest")
    page = decider.get(decide_url(world.draft)).content.decode()
    assert "Puntajes, sumados" in page
    assert "2 integrantes" in page
    assert "sí 1 · no 1" in page
    assert "Participación ciudadana 1" in page
    assert "Baja 1" in page
    assert "Sin observaciones" in page
