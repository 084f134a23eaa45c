"""What became of a proposal, both ways: an integrated or selected proposal
links to the draft and the commitment it went into (its public page and its
tracking page), and the commitment's and the draft's pages list the public
proposals that led to them. A plan's page counts its proposals."""

from __future__ import annotations

import pytest

from proposals import selectors
from proposals.models import ProposalEvent, Status
from proposals.services import Change, transition
from tests.core.factories import UserFactory
from tests.plans.factories import ActionPlanFactory, CommitmentFactory
from tests.proposals.factories import ProposalFactory
from tests.worktables.factories import DraftFactory, WorkTableFactory
from tests.worktables.test_drafts import assigned
from worktables import services as tables

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(db):
    return UserFactory(username="facilitadora", is_staff=True)


@pytest.fixture
def table(db):
    return WorkTableFactory(name="Justicia abierta")


def integrated_into_a_draft(table, staff):
    """A proposal a published draft takes up, as the results stage leaves it."""
    proposal = assigned(table, staff)
    draft = DraftFactory(table=table, title="Sentencias en datos abiertos")
    draft.links.create(proposal=proposal)
    tables.publish_table(table.pk, staff)
    return proposal, draft


def test_an_integrated_proposal_links_to_its_draft_and_the_draft_lists_it(client, table, staff):
    proposal, draft = integrated_into_a_draft(table, staff)
    proposal.refresh_from_db()
    assert proposal.status == Status.INTEGRATED

    for path in (proposal.get_absolute_url(), f"/propuestas/seguimiento/{proposal.tracking_code}/"):
        page = client.get(path).content.decode()
        where = page[page.index("Adónde llegó") :]
        assert (
            f'<a href="/borradores/{draft.pk}/">Borrador de compromiso: {draft.title}</a>' in where
        )

    draft_page = client.get(f"/borradores/{draft.pk}/").content.decode()
    assert f'href="{proposal.get_absolute_url()}"' in draft_page


def test_a_selected_proposal_links_to_the_commitment_which_lists_public_ones_only(
    client, table, staff
):
    proposal, draft = integrated_into_a_draft(table, staff)
    commitment = CommitmentFactory(plan=table.plan, number=4, title="Justicia abierta")
    transition(proposal.pk, Change(Status.SELECTED, commitment=commitment), staff)
    private = ProposalFactory(plan=table.plan, status=Status.RECEIVED, commitment=commitment)

    page = client.get(proposal.get_absolute_url()).content.decode()
    where = page[page.index("Adónde llegó") :]
    assert f'href="/borradores/{draft.pk}/"' in where  # where it went first...
    assert f'href="{commitment.get_absolute_url()}"' in where  # ...and what it became
    assert "Compromiso n.º 4 del " in where

    commitment_page = client.get(commitment.get_absolute_url()).content.decode()
    assert "Propuestas ciudadanas que originaron este compromiso" in commitment_page
    assert f'href="{proposal.get_absolute_url()}"' in commitment_page
    assert private.tracking_code not in commitment_page
    assert f'href="{private.get_absolute_url()}"' not in commitment_page


def test_a_commitment_no_proposal_led_to_has_no_such_list(client):
    commitment = CommitmentFactory()
    page = client.get(commitment.get_absolute_url()).content.decode()
    assert "Propuestas ciudadanas que originaron" not in page


def test_a_proposal_still_at_its_table_links_nowhere_yet(client, table, staff):
    proposal = assigned(table, staff)
    assert "Adónde llegó" not in client.get(proposal.get_absolute_url()).content.decode()


# --- A plan's numbers ----------------------------------------------------------------


def test_a_plans_numbers_count_the_not_admitted_and_every_step(
    client, staff, django_assert_num_queries
):
    plan = ActionPlanFactory()
    for status, n in [
        (Status.RECEIVED, 1),
        (Status.NOT_ADMITTED, 3),
        (Status.PUBLISHED, 2),
        (Status.INTEGRATED, 2),
        (Status.SELECTED, 1),
    ]:
        ProposalFactory.create_batch(n, plan=plan, status=status)
    survivor = plan.proposals.filter(status=Status.PUBLISHED).first()
    ProposalFactory(plan=plan, status=Status.MERGED, merged_into=survivor)
    # Integrated, then not selected: still counted as integrated.
    passed = ProposalFactory(plan=plan, status=Status.NOT_SELECTED)
    ProposalEvent.objects.create(proposal=passed, to_status=Status.INTEGRATED, actor_role="system")
    ProposalFactory(plan=plan, status=Status.NOT_SELECTED)  # set aside at its table
    ProposalFactory(plan=ActionPlanFactory(), status=Status.NOT_ADMITTED)  # another plan's

    with django_assert_num_queries(1):
        figures = selectors.plan_figures(plan)
    assert figures == {
        "received": 12,
        "pending": 1,
        "not_admitted": 3,
        "published": 8,
        "integrated": 4,
        "selected": 1,
    }
    page = client.get(plan.get_absolute_url()).content.decode()
    section = page[page.index('id="propuestas-del-plan"') :]
    assert "Recibidas</dt>" in section and ">12</dd>" in section
    assert "No admitidas</dt>" in section and ">3</dd>" in section
    assert f'href="/propuestas/?plan={plan.slug}"' in section


def test_a_plans_numbers_do_not_mix_in_other_records(db):
    plan = ActionPlanFactory()
    ProposalFactory(plan=plan, status=Status.PUBLISHED)
    # A record of another origin under the same plan (a copy gone wrong) is not history.
    ProposalFactory(plan=plan, status=Status.PUBLISHED, origin="synthetic")
    assert selectors.plan_figures(plan)["received"] == 1


def test_a_plan_with_no_proposals_says_so(client):
    plan = ActionPlanFactory()
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "No se recibieron propuestas para este plan a través de este portal." in page
    assert f"/propuestas/?plan={plan.slug}" not in page
