"""The moderation page asks only for what the chosen decision needs: no
decision is chosen beforehand, "integrated" and "selected" need the draft or
the commitment it went into (checked on the server, in Spanish), fields of
another decision are ignored, and the moderator sees whether the proposer
chose to show their name."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from proposals.models import Proposal, ProposalEvent, Status
from proposals.services import Change, TransitionNotAllowed, transition
from tests.plans.factories import ActionPlanFactory, CommitmentFactory
from tests.proposals.factories import ProposalFactory
from tests.worktables.factories import DraftFactory, WorkTableFactory
from worktables import services as tables
from worktables.models import DraftVersion

pytestmark = pytest.mark.django_db


def page_of(proposal: Proposal) -> str:
    return f"/gestion/propuestas/{proposal.pk}/"


@pytest.fixture
def at_a_table(moderator):
    """A proposal its work table is working on, in a plan with a commitment."""
    table = WorkTableFactory(name="Justicia abierta")
    proposal = ProposalFactory(plan=table.plan, status=Status.PUBLISHED)
    tables.assign(proposal.pk, table, moderator)
    proposal.refresh_from_db()
    return proposal


def test_no_decision_is_chosen_beforehand(moderator_client, demo):
    proposal = ProposalFactory(plan=demo)
    page = moderator_client.get(page_of(proposal)).content.decode()
    select = page[
        page.index('name="to_status"') : page.index("</select>", page.index('name="to_status"'))
    ]
    options = re.findall(r'<option value="([^"]*)"( selected)?', select)
    assert options[0] == ("", " selected")
    assert {value for value, _selected in options} == {"", "published", "not_admitted", "merged"}


def test_saving_without_a_decision_changes_nothing_and_says_so(moderator_client, demo):
    proposal = ProposalFactory(plan=demo)
    response = moderator_client.post(
        page_of(proposal), {"to_status": "", "expected_status": "received"}
    )
    assert response.status_code == 400
    assert "Elige una decisión: no se cambió nada." in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == Status.RECEIVED and not proposal.events.exists()


def test_fields_of_another_decision_are_ignored(moderator_client, demo):
    proposal = ProposalFactory(plan=demo)
    response = moderator_client.post(
        page_of(proposal),
        {
            "to_status": "published",
            "expected_status": "received",
            "merged_into": "NO-EXISTE",
            "not_admitted_reason": "no-es-un-motivo",
            "destination": "commitment:999999",
        },
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Status.PUBLISHED
    assert proposal.not_admitted_reason == "" and proposal.merged_into is None


def test_each_decision_has_its_own_group_of_fields(moderator_client, at_a_table):
    page = moderator_client.get(page_of(at_a_table)).content.decode()
    assert 'data-decision="integrated selected"' in page
    assert 'class="decision-fields" data-decision="merged"' in page
    assert 'data-decision="not_admitted"' not in page  # not a choice from "assigned"


def test_integrated_without_where_is_refused_in_spanish(moderator_client, at_a_table):
    response = moderator_client.post(
        page_of(at_a_table), {"to_status": "integrated", "expected_status": "assigned"}
    )
    assert response.status_code == 400
    assert (
        "Elige el borrador de compromiso o el compromiso en que se integró."
        in response.content.decode()
    )
    at_a_table.refresh_from_db()
    assert at_a_table.status == Status.ASSIGNED


def test_the_status_machine_refuses_it_too(at_a_table, moderator):
    with pytest.raises(TransitionNotAllowed, match="Elige el borrador de compromiso"):
        transition(at_a_table.pk, Change(Status.INTEGRATED), moderator)
    other_plan = CommitmentFactory(plan=ActionPlanFactory())
    with pytest.raises(TransitionNotAllowed, match="del propio plan de la propuesta"):
        transition(at_a_table.pk, Change(Status.INTEGRATED, commitment=other_plan), moderator)


def test_integrated_into_a_commitment_of_its_plan(moderator_client, client, at_a_table):
    commitment = CommitmentFactory(plan=at_a_table.plan, number=2, title="Justicia abierta")
    page = moderator_client.get(page_of(at_a_table)).content.decode()
    assert f'value="commitment:{commitment.pk}"' in page
    moderator_client.post(
        page_of(at_a_table),
        {
            "to_status": "integrated",
            "expected_status": "assigned",
            "destination": f"commitment:{commitment.pk}",
            "public_reason": "La mesa la incorporó al compromiso.",
        },
    )
    at_a_table.refresh_from_db()
    assert at_a_table.status == Status.INTEGRATED and at_a_table.commitment == commitment
    step = ProposalEvent.objects.filter(proposal=at_a_table).latest("pk")
    assert step.link_url == commitment.get_absolute_url()
    assert step.link_label == "Compromiso n.º 2: Justicia abierta"
    # Both ways: the proposal's page links to it, and its page lists the proposal.
    public = client.get(at_a_table.get_absolute_url()).content.decode()
    assert f'href="{commitment.get_absolute_url()}"' in public
    listed = client.get(commitment.get_absolute_url()).content.decode()
    assert f'href="{at_a_table.get_absolute_url()}"' in listed


def test_a_commitment_of_another_plan_is_not_a_choice(moderator_client, at_a_table):
    elsewhere = CommitmentFactory(plan=ActionPlanFactory())
    response = moderator_client.post(
        page_of(at_a_table),
        {
            "to_status": "integrated",
            "expected_status": "assigned",
            "destination": f"commitment:{elsewhere.pk}",
        },
    )
    assert response.status_code == 400
    at_a_table.refresh_from_db()
    assert at_a_table.status == Status.ASSIGNED


def test_integrated_into_a_published_draft_of_its_table(moderator_client, client, at_a_table):
    table = at_a_table.table_assignment.table
    tables.publish_table(table.pk)
    draft = DraftFactory(table=table, title="Sentencias abiertas", published_at=timezone.now())
    page = moderator_client.get(page_of(at_a_table)).content.decode()
    assert f'value="draft:{draft.pk}"' in page
    response = moderator_client.post(
        page_of(at_a_table),
        {
            "to_status": "integrated",
            "expected_status": "assigned",
            "destination": f"draft:{draft.pk}",
            "public_reason": "Se suma al borrador de la mesa.",
        },
        follow=True,
    )
    assert "Listo: quedó integrada en el borrador “Sentencias abiertas”." in (
        response.content.decode()
    )
    at_a_table.refresh_from_db()
    assert at_a_table.status == Status.INTEGRATED
    step = ProposalEvent.objects.filter(proposal=at_a_table).latest("pk")
    assert step.public_reason == "Se suma al borrador de la mesa."
    assert step.link_url == f"/borradores/{draft.pk}/"
    # The draft keeps a version naming it, and its page lists it.
    assert (
        at_a_table.tracking_code
        in DraftVersion.objects.filter(draft=draft).latest("number").snapshot["proposals"]
    )
    assert (
        f'href="{at_a_table.get_absolute_url()}"'
        in client.get(f"/borradores/{draft.pk}/").content.decode()
    )


def test_a_draft_not_published_yet_takes_it_up_for_later(moderator_client, at_a_table):
    draft = DraftFactory(table=at_a_table.table_assignment.table, title="Borrador en curso")
    response = moderator_client.post(
        page_of(at_a_table),
        {
            "to_status": "integrated",
            "expected_status": "assigned",
            "destination": f"draft:{draft.pk}",
        },
        follow=True,
    )
    assert "cuando se publiquen los resultados de la mesa" in response.content.decode()
    at_a_table.refresh_from_db()
    assert at_a_table.status == Status.ASSIGNED  # integrated once the draft is public
    assert draft.links.filter(proposal=at_a_table).exists()


def test_a_draft_of_another_table_is_not_a_choice(moderator_client, at_a_table):
    other = DraftFactory(table=WorkTableFactory(plan=at_a_table.plan, name="Otra mesa"))
    page = moderator_client.get(page_of(at_a_table)).content.decode()
    assert f'value="draft:{other.pk}"' not in page


def test_selected_needs_a_commitment(moderator_client, at_a_table, moderator):
    commitment = CommitmentFactory(plan=at_a_table.plan)
    draft = DraftFactory(table=at_a_table.table_assignment.table, published_at=timezone.now())
    tables.take_up(draft.pk, at_a_table.pk, moderator)
    at_a_table.refresh_from_db()
    assert at_a_table.status == Status.INTEGRATED
    response = moderator_client.post(
        page_of(at_a_table),
        {
            "to_status": "selected",
            "expected_status": "integrated",
            "destination": f"draft:{draft.pk}",
        },
    )
    assert response.status_code == 400
    assert "Elige el compromiso para el que se seleccionó." in response.content.decode()
    moderator_client.post(
        page_of(at_a_table),
        {
            "to_status": "selected",
            "expected_status": "integrated",
            "destination": f"commitment:{commitment.pk}",
        },
    )
    at_a_table.refresh_from_db()
    assert at_a_table.status == Status.SELECTED and at_a_table.commitment == commitment


@pytest.mark.parametrize(
    ("fields", "shown"),
    [
        (
            {"show_name": True, "public_name": "Camila Rojas"},
            "Se muestra: eligió mostrar su nombre",
        ),
        ({"show_name": False}, "No se muestra: eligió mantener su nombre en privado."),
    ],
)
def test_the_moderator_sees_the_show_my_name_choice(moderator_client, demo, fields, shown):
    proposal = ProposalFactory(plan=demo, name="Camila Rojas", **fields)
    page = moderator_client.get(page_of(proposal)).content.decode()
    assert "Nombre en la página pública" in page
    assert shown in page


def test_the_queue_asks_for_a_decision_too(moderator_client, demo):
    ProposalFactory(plan=demo)
    page = moderator_client.get("/gestion/propuestas/").content.decode()
    select = page[
        page.index('name="to_status"') : page.index("</select>", page.index('name="to_status"'))
    ]
    options = re.findall(r'<option value="([^"]*)"', select)
    assert options == ["", "published", "not_admitted", "not_selected"]
