"""Moving models between apps loses nothing: a database populated before the
move (the outbox in ogp_portal, the calendar in plans, the work table on the
proposal) is migrated forward and every row is where the new code looks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("ogp_portal", "0001_outbox"),
    ("plans", "0003_subscriptions"),
    ("proposals", "0003_newest_first_index"),
    ("worktables", "0001_initial"),
]
AT = dt.datetime(2030, 8, 10, 4, tzinfo=dt.UTC)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_a_populated_database_migrates_forward_without_losing_a_row():
    old = _migrate(BEFORE)
    Plan = old.get_model("plans", "ActionPlan")
    Institution = old.get_model("plans", "Institution")
    plan = Plan.objects.create(
        slug="p", title="Plan", start_year=2030, end_year=2032, origin="demo"
    )
    stage = old.get_model("plans", "Stage").objects.create(
        plan=plan, kind="reception", starts_at=AT, ends_at=AT + dt.timedelta(days=14)
    )
    old.get_model("plans", "StageEvent").objects.create(
        stage=stage, edge="start", due_at=AT, fired_at=AT, result="done", log="queued 3 e-mails"
    )
    old.get_model("plans", "Subscription").objects.create(email="a@example.org", token="t1")
    old.get_model("ogp_portal", "OutboundEmail").objects.create(
        key="k1", to="a@example.org", template="stage_opened"
    )
    table = old.get_model("worktables", "WorkTable").objects.create(plan=plan, name="Justicia")
    Institution.objects.create(name="Institución")
    old.get_model("proposals", "Proposal").objects.create(
        plan=plan,
        tracking_code="GAD-AAAA-BBBB",
        status="assigned",
        title="T",
        problem="P",
        description="D",
        activities="A",
        transparency=True,
        name="Camila",
        email="camila@example.org",
        show_name=True,
        sector="citizen",
        region="biobio",
        consent_at=AT,
        worktable=table,
    )

    executor = MigrationExecutor(connection)
    _migrate(executor.loader.graph.leaf_nodes())

    from core.models import OutboundEmail
    from proposals.models import Proposal
    from stages.models import Stage, StageEvent, Subscription
    from worktables.models import TableAssignment

    assert Stage.objects.get().kind == "reception"
    assert StageEvent.objects.get().log == "queued 3 e-mails"
    assert Subscription.objects.get().token == "t1"
    assert OutboundEmail.objects.get().key == "k1"
    proposal = Proposal.objects.get()
    assert (proposal.origin, proposal.public_name) == ("demo", "Camila")
    assert TableAssignment.objects.get(proposal=proposal).table.name == "Justicia"
