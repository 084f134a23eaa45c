"""``manage.py synthetic`` gives synthetic plans sessions, tables, drafts and
minutes, and ``--registrations N`` the rows the benchmark needs; clearing
removes them and nothing else."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from tests.worktables.factories import EventFactory, RegistrationFactory
from worktables.models import (
    Draft,
    DraftProposal,
    Event,
    Minutes,
    Registration,
    TableAssignment,
    WorkTable,
)

pytestmark = pytest.mark.django_db


def synthetic(**options) -> str:
    out = io.StringIO()
    call_command("synthetic", stdout=out, seed=1, **options)
    return out.getvalue()


def test_synthetic_plans_get_sessions_tables_drafts_and_registrations(client):
    report = synthetic(plans=2, commitments=1, proposals=400, registrations=1000)
    assert "1000 registrations" in report
    assert Event.objects.filter(origin="synthetic").count() == 2 * 7
    assert WorkTable.objects.filter(plan__origin="synthetic").count() == 4
    assert Draft.objects.filter(published_at__isnull=False).count() == 4
    assert Minutes.objects.filter(published_at__isnull=False).count() == 14
    assert Registration.objects.filter(origin="synthetic").count() == 1000
    assert TableAssignment.objects.exists() and DraftProposal.objects.exists()
    assert all(
        a.proposal.plan_id == a.table.plan_id
        for a in TableAssignment.objects.select_related("proposal", "table")
    )
    draft = Draft.objects.first()
    assert client.get(draft.get_absolute_url()).status_code == 200
    assert client.get(f"/planes/{draft.table.plan.slug}/jornadas/").status_code == 200
    # Running again adds registrations, not a second set of sessions.
    synthetic(registrations=10)
    assert Event.objects.filter(origin="synthetic").count() == 2 * 7
    assert Registration.objects.count() == 1010


def test_clearing_removes_only_synthetic_rows():
    real = RegistrationFactory(event=EventFactory())
    synthetic(plans=1, commitments=1, proposals=50, registrations=20)
    synthetic(clear=True)
    assert list(Registration.objects.all()) == [real]
    assert list(Event.objects.all()) == [real.event]
    assert not WorkTable.objects.exists()
