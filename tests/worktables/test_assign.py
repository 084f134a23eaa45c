from __future__ import annotations

import pytest

from proposals.models import ProposalEvent, Status
from proposals.services import Change, TransitionNotAllowed, transition
from tests.core.factories import UserFactory
from tests.plans.factories import ActionPlanFactory, CommitmentFactory
from tests.proposals.factories import ProposalFactory
from worktables.models import TableAssignment, WorkTable
from worktables.services import assign

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(db):
    return UserFactory(username="moderadora", is_staff=True)


def test_the_whole_path_to_a_selected_commitment(staff):
    proposal = ProposalFactory()
    table = WorkTable.objects.create(plan=proposal.plan, name="Justicia abierta")
    commitment = CommitmentFactory(plan=proposal.plan)
    transition(proposal.pk, Change(Status.PUBLISHED), staff)
    assign(proposal.pk, table, staff)
    transition(proposal.pk, Change(Status.INTEGRATED, commitment=commitment), staff)
    transition(proposal.pk, Change(Status.SELECTED), staff)
    proposal.refresh_from_db()
    assert proposal.commitment == commitment
    assert TableAssignment.objects.get(proposal=proposal).table == table
    assert list(proposal.events.values_list("to_status", flat=True)) == [
        "published",
        "assigned",
        "integrated",
        "selected",
    ]


def test_the_trail_names_the_table(staff):
    proposal = ProposalFactory(status=Status.PUBLISHED)
    table = WorkTable.objects.create(plan=proposal.plan, name="Justicia abierta")
    assign(proposal.pk, table, staff, public_reason="Trata de justicia")
    event = ProposalEvent.objects.get(proposal=proposal, to_status=Status.ASSIGNED)
    assert "Justicia abierta" in event.link_label
    assert event.public_reason == "Trata de justicia"


def test_moving_to_another_table_is_a_new_step_in_the_trail(staff):
    proposal = ProposalFactory(status=Status.PUBLISHED)
    first = WorkTable.objects.create(plan=proposal.plan, name="Justicia")
    second = WorkTable.objects.create(plan=proposal.plan, name="Datos")
    assign(proposal.pk, first, staff)
    assign(proposal.pk, second, staff)
    assert TableAssignment.objects.get(proposal=proposal).table == second
    assert ProposalEvent.objects.filter(proposal=proposal, to_status=Status.ASSIGNED).count() == 2


def test_a_table_of_another_process_is_refused(staff):
    proposal = ProposalFactory(status=Status.PUBLISHED)
    other = WorkTable.objects.create(plan=ActionPlanFactory(), name="Ajena")
    with pytest.raises(TransitionNotAllowed):
        assign(proposal.pk, other, staff)
    assert not TableAssignment.objects.exists()
    proposal.refresh_from_db()
    assert proposal.status == Status.PUBLISHED


def test_the_moderation_page_offers_the_tables_and_assigns(client, staff):
    staff.is_superuser = True
    staff.save()
    client.force_login(staff)
    proposal = ProposalFactory(status=Status.PUBLISHED)
    table = WorkTable.objects.create(plan=proposal.plan, name="Justicia abierta")
    page = client.get(f"/gestion/propuestas/{proposal.pk}/")
    assert "Justicia abierta" in page.content.decode()
    response = client.post(
        f"/gestion/propuestas/{proposal.pk}/mesa/",
        {"table": table.pk, "expected_status": "published"},
    )
    assert response.status_code == 302
    assert TableAssignment.objects.get(proposal=proposal).table == table


def test_assigning_needs_the_moderation_permission(client):
    client.force_login(UserFactory(username="otra", is_staff=True))
    proposal = ProposalFactory(status=Status.PUBLISHED)
    table = WorkTable.objects.create(plan=proposal.plan, name="Justicia abierta")
    response = client.post(f"/gestion/propuestas/{proposal.pk}/mesa/", {"table": table.pk})
    assert response.status_code == 403
    assert not TableAssignment.objects.exists()
