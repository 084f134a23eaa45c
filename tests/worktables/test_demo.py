"""The demonstration process shows stages 1, 3 and 4 working: sessions (one
past with its minutes, one full with a waiting list), two tables, one
published early with its draft, the other waiting for the results stage."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from core.models import Origin
from proposals.models import Proposal, Status
from stages import engine
from stages.models import StageKind
from tests.helpers import create_demo_process
from tests.proposals.factories import ProposalFactory
from worktables import services
from worktables.models import Draft, Event, Registration, WorkTable

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(seeded):
    return create_demo_process()


def test_the_demo_has_sessions_tables_drafts_and_registrations(demo, client):
    events = Event.objects.filter(plan=demo)
    assert events.filter(kind="awareness").count() == 3
    assert WorkTable.objects.filter(plan=demo).count() == 2
    assert set(events.values_list("origin", flat=True)) == {Origin.DEMO}
    registrations = Registration.objects.filter(event__plan=demo)
    assert registrations.count() >= 10
    assert set(registrations.values_list("origin", flat=True)) == {Origin.DEMO}
    assert all(
        email.endswith("@example.org") for email in registrations.values_list("email", flat=True)
    )

    listing = client.get(f"/planes/{demo.slug}/jornadas/").content.decode()
    assert "origin-notice" in listing
    assert "Llena: lista de espera abierta" in listing
    past = events.filter(ends_at__lt=timezone.now(), kind="awareness").get()
    assert "Asistieron 42 personas" in client.get(past.get_absolute_url()).content.decode()


def test_one_table_is_published_early_and_the_other_waits_for_the_results_stage(
    demo, client, staff_user
):
    # The first: the selection's demonstration adds a vague one to the same table.
    public = Draft.objects.filter(table__plan=demo, table__name="Justicia abierta").earliest("pk")
    hidden = Draft.objects.get(table__plan=demo, table__name="Datos abiertos de salud")
    assert public.published_at and not hidden.published_at
    assert public.version == 2
    assert "Versión 2" in client.get(public.get_absolute_url()).content.decode()
    assert client.get(hidden.get_absolute_url()).status_code == 404
    # Someone trying the portal takes a proposal of theirs through the tables.
    proposal = ProposalFactory(plan=demo, status=Status.PUBLISHED)
    services.assign(proposal.pk, hidden.table, staff_user)
    data = services.DraftData(
        title=hidden.title,
        problem=hidden.problem,
        description=hidden.description,
        transparency=True,
        proposal_ids=[proposal.pk],
    )
    services.save_draft(hidden.table, data, staff_user, draft_id=hidden.pk)

    results = demo.stages.get(kind=StageKind.RESULTS)
    with time_machine.travel(results.starts_at + dt.timedelta(minutes=1), tick=False):
        engine.tick()
    assert client.get(hidden.get_absolute_url()).status_code == 200
    proposal.refresh_from_db()
    assert proposal.status == Status.INTEGRATED
    trail = client.get(proposal.get_absolute_url()).content.decode()
    assert f'href="/borradores/{hidden.pk}/"' in trail


def test_seeding_the_demo_again_recreates_it_without_duplicates(demo):
    counts = (Event.objects.count(), WorkTable.objects.count(), Draft.objects.count())
    create_demo_process()
    assert (Event.objects.count(), WorkTable.objects.count(), Draft.objects.count()) == counts
    assert not Proposal.objects.exists()  # the demonstration makes none of its own
