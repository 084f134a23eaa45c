"""A work table's commitment drafts: the structure of a commitment, the
citizen proposals each takes up, a version per change; invisible to the
public until the results stage opens (or staff publish the table early),
when the proposals become "integrated" with a link both ways."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from core.models import OutboundEmail
from proposals.models import ProposalEvent, Status
from proposals.services import Change, TransitionNotAllowed, transition
from stages import engine
from stages.models import StageKind
from tests.core.factories import UserFactory
from tests.plans.factories import ActionPlanFactory, InstitutionFactory
from tests.proposals.factories import ProposalFactory
from tests.stages.factories import StageFactory
from tests.worktables.factories import (
    EventFactory,
    TableSessionFactory,
    WorkTableFactory,
)
from worktables import services
from worktables.models import Draft, DraftVersion, Minutes

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(db):
    return UserFactory(username="facilitadora", is_staff=True)


@pytest.fixture
def table(db):
    return WorkTableFactory(name="Justicia abierta")


def assigned(table, staff, **fields):
    proposal = ProposalFactory(plan=table.plan, status=Status.PUBLISHED, **fields)
    services.assign(proposal.pk, table, staff)
    return proposal


def milestone(number=1, **fields) -> services.MilestoneData:
    return services.MilestoneData(
        number=number,
        title=fields.get("title", "Diagnóstico de las sentencias publicadas"),
        deliverable=fields.get("deliverable", "Informe publicado"),
        start_date=dt.date(2031, 3, 1),
        end_date=dt.date(2031, 6, 30),
    )


def data(**overrides) -> services.DraftData:
    values = {
        "title": "Sentencias en datos abiertos",
        "problem": "Las sentencias no se publican en formato abierto.",
        "description": "Publicar todas las sentencias en datos abiertos.",
        "expected_results": "Cualquier persona descarga las sentencias.",
        "actors": "Poder Judicial; Fundación Datos Protegidos",
        "transparency": True,
        "milestones": [milestone()],
        **overrides,
    }
    return services.DraftData(**values)


def test_the_assignment_step_links_to_the_tables_public_page(table, staff, client):
    proposal = assigned(table, staff)
    step = ProposalEvent.objects.get(proposal=proposal, to_status=Status.ASSIGNED)
    assert step.link_url == f"/mesas/{table.pk}/"
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert f'href="/mesas/{table.pk}/"' in page
    assert table.name in client.get(step.link_url).content.decode()


def test_a_draft_has_the_commitment_structure_and_keeps_its_versions(table, staff):
    institution = InstitutionFactory(name="Poder Judicial")
    draft = services.save_draft(table, data(responsible_institution=institution), staff)
    assert (draft.version, draft.milestones.count()) == (1, 1)
    first = draft.versions.get()
    assert (first.number, first.author, first.changed) == (1, staff, [])
    assert first.snapshot["responsible_institution"] == "Poder Judicial"

    changed = data(
        responsible_institution=institution,
        title="Sentencias abiertas y anonimizadas",
        milestones=[milestone(), milestone(2, title="Anonimizar")],
    )
    services.save_draft(table, changed, staff, draft_id=draft.pk)
    services.save_draft(table, changed, staff, draft_id=draft.pk)  # nothing new: no version
    draft.refresh_from_db()
    assert draft.version == 2
    latest = draft.versions.get(number=2)
    assert latest.changed == ["title", "milestones"]
    assert latest.changed_labels == ["título", "hitos"]
    assert latest.snapshot["milestones"][1]["title"] == "Anonimizar"
    assert DraftVersion.objects.filter(draft=draft).count() == 2


def test_a_draft_takes_up_only_proposals_still_at_its_table(table, staff):
    here = assigned(table, staff)
    other_table = WorkTableFactory(plan=table.plan)
    elsewhere = assigned(other_table, staff)
    with pytest.raises(services.DraftRefused):
        services.save_draft(table, data(proposal_ids=[here.pk, elsewhere.pk]), staff)
    assert not Draft.objects.exists()
    first = services.save_draft(table, data(proposal_ids=[here.pk]), staff)
    with pytest.raises(services.DraftRefused, match=here.tracking_code):
        services.save_draft(table, data(title="Otro", proposal_ids=[here.pk]), staff)
    assert list(first.proposals.all()) == [here]


def test_drafts_stay_hidden_until_the_results_stage_opens_and_then_publish_themselves(
    client, staff
):
    """The time-machine test of issue 12: no staff action between the two looks."""
    plan = ActionPlanFactory(origin="official")
    results = StageFactory(
        plan=plan,
        kind=StageKind.RESULTS,
        starts_at=timezone.now() + dt.timedelta(days=5),
        ends_at=timezone.now() + dt.timedelta(days=20),
    )
    table = WorkTableFactory(plan=plan, name="Datos de salud")
    session = TableSessionFactory(
        table=table,
        starts_at=timezone.now() - dt.timedelta(days=2),
        ends_at=timezone.now() - dt.timedelta(days=2) + dt.timedelta(hours=2),
    )
    services.save_minutes(session.pk, "Acordamos tres hitos.", {"academia": 4}, staff)
    proposal = assigned(table, staff)
    draft = services.save_draft(table, data(proposal_ids=[proposal.pk]), staff)

    assert client.get(draft.get_absolute_url()).status_code == 404
    assert draft.title not in client.get(table.get_absolute_url()).content.decode()
    assert "Acordamos tres hitos" not in client.get(session.get_absolute_url()).content.decode()
    trail = client.get(proposal.get_absolute_url()).content.decode()
    assert draft.title not in trail

    with time_machine.travel(results.starts_at + dt.timedelta(minutes=1), tick=False):
        engine.tick()

    page = client.get(draft.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert proposal.tracking_code in html  # the draft links its proposal...
    assert f'href="/mesas/{table.pk}/"' in html  # ...its table...
    assert f'href="/eventos/{session.pk}/"' in html  # ...and the table's sessions
    trail = client.get(proposal.get_absolute_url()).content.decode()
    assert f'href="/borradores/{draft.pk}/"' in trail  # the proposal links the draft
    assert f'href="/mesas/{table.pk}/"' in trail  # and the table
    proposal.refresh_from_db()
    assert proposal.status == Status.INTEGRATED
    assert draft.title in client.get(table.get_absolute_url()).content.decode()
    assert "Acordamos tres hitos" in client.get(session.get_absolute_url()).content.decode()
    # The proposer is told, through the outbox.
    assert OutboundEmail.objects.filter(to=proposal.email, context__status="integrated").exists()


def test_publishing_a_table_early_and_the_engine_later_publish_once(table, staff):
    proposal = assigned(table, staff)
    draft = services.save_draft(table, data(proposal_ids=[proposal.pk]), staff)
    first = services.publish_table(table.pk, staff)
    again = services.publish_plan_results(table.plan)
    assert (first.drafts, first.integrated) == (1, 1)
    assert (again.drafts, again.minutes, again.integrated) == (0, 0, 0)
    draft.refresh_from_db()
    assert draft.published_at is not None
    assert ProposalEvent.objects.filter(proposal=proposal, to_status="integrated").count() == 1


def test_a_draft_written_after_publication_is_public_at_once(table, staff):
    services.publish_table(table.pk, staff)
    proposal = assigned(table, staff)
    draft = services.save_draft(table, data(proposal_ids=[proposal.pk]), staff)
    assert draft.published_at is not None
    proposal.refresh_from_db()
    assert proposal.status == Status.INTEGRATED


def test_a_proposal_that_moved_on_meanwhile_is_left_as_it_is(table, staff):
    proposal = assigned(table, staff)
    services.save_draft(table, data(proposal_ids=[proposal.pk]), staff)
    transition(proposal.pk, Change(Status.NOT_SELECTED, public_reason="Fuera de plazo"), staff)
    assert services.publish_table(table.pk, staff).integrated == 0
    proposal.refresh_from_db()
    assert proposal.status == Status.NOT_SELECTED


def test_an_integrated_proposal_cannot_leave_its_draft(table, staff):
    proposal = assigned(table, staff)
    draft = services.save_draft(table, data(proposal_ids=[proposal.pk]), staff)
    services.publish_table(table.pk, staff)
    with pytest.raises(services.DraftRefused):
        services.save_draft(table, data(proposal_ids=[]), staff, draft_id=draft.pk)
    assert list(draft.proposals.all()) == [proposal]


def test_a_proposal_the_table_did_not_take_up_gets_a_public_reason(table, staff, client):
    proposal = assigned(table, staff)
    with pytest.raises(TransitionNotAllowed):
        services.set_aside(proposal.pk, table, "  ", staff)
    services.set_aside(proposal.pk, table, "Se trabajará en el próximo plan.", staff)
    proposal.refresh_from_db()
    assert proposal.status == Status.NOT_SELECTED
    trail = client.get(proposal.get_absolute_url()).content.decode()
    assert "Se trabajará en el próximo plan." in trail


def test_a_proposal_taken_up_by_a_draft_cannot_be_set_aside_or_moved(table, staff):
    proposal = assigned(table, staff)
    services.save_draft(table, data(proposal_ids=[proposal.pk]), staff)
    with pytest.raises(TransitionNotAllowed):
        services.set_aside(proposal.pk, table, "No", staff)
    with pytest.raises(TransitionNotAllowed):
        services.assign(proposal.pk, WorkTableFactory(plan=table.plan), staff)


def test_integrating_needs_a_commitment_or_a_link(staff):
    proposal = ProposalFactory(status=Status.ASSIGNED)
    with pytest.raises(TransitionNotAllowed, match="compromiso"):
        transition(proposal.pk, Change(Status.INTEGRATED), staff)


def test_an_awareness_sessions_minutes_are_published_by_staff(staff, client):
    start = timezone.now() - dt.timedelta(days=1)
    event = EventFactory(starts_at=start, ends_at=start + dt.timedelta(hours=2))
    services.save_minutes(event.pk, "Vinieron vecinos de tres comunas.", {"citizen": 12}, staff)
    assert "tres comunas" not in client.get(event.get_absolute_url()).content.decode()
    services.publish_minutes(event.pk, staff)
    page = client.get(event.get_absolute_url()).content.decode()
    assert "tres comunas" in page
    assert "Asistieron 12 personas" in page


def test_a_table_sessions_minutes_wait_for_the_tables_results(table, staff):
    session = TableSessionFactory(table=table)
    services.save_minutes(session.pk, "Acta", {}, staff)
    with pytest.raises(services.MinutesRefused):
        services.publish_minutes(session.pk, staff)
    assert Minutes.objects.get().published_at is None
