"""The demonstration process and the synthetic data set have scores and
decisions, labelled, and never touch the official record."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from core.models import Origin, OutboundEmail
from plans.models import ActionPlan, Commitment
from selection import synthetic
from selection.models import Assessment, Decision, SelectionReport
from tests.helpers import create_demo_process
from worktables.models import Draft

pytestmark = pytest.mark.django_db


def test_the_demo_has_scores_a_decision_and_its_report(seeded, client):
    plan = create_demo_process()
    drafts = Draft.objects.filter(table__plan=plan, published_at__isnull=False)
    scored = Assessment.objects.filter(draft__in=drafts)
    assert scored.filter(verifiable__isnull=False).count() == 6  # three seats, two drafts
    assert scored.filter(verifiable__isnull=True).count() == 1  # an observer's comment
    decision = Decision.objects.get(draft__table__plan=plan)
    assert decision.outcome == "not_selected"
    assert {f["code"] for f in decision.findings} >= {"vague_milestone", "dates_outside"}
    undecided = drafts.exclude(pk=decision.draft_id).get()
    assert undecided.version == 2  # the sound one is left for people to decide
    assert SelectionReport.objects.filter(plan=plan).exists()
    assert not Commitment.objects.filter(plan=plan, draft__isnull=False).exists()

    page = client.get(f"/planes/{plan.slug}/seleccion/").content.decode()
    assert "origin-notice" in page
    assert "No dice qué entregará ni cuándo" in page
    vague = client.get(decision.draft.get_absolute_url()).content.decode()
    assert "Qué corregir:" in vague


def test_seeding_the_demo_again_starts_the_selection_afresh(seeded):
    create_demo_process()
    plan = create_demo_process()
    assert Decision.objects.filter(draft__table__plan=plan).count() == 1
    assert Assessment.objects.filter(draft__table__plan=plan).count() == 7


def test_synthetic_drafts_get_scores_decisions_and_a_report(seeded):
    out = io.StringIO()
    call_command(
        "synthetic", "--plans", "2", "--commitments", "4", "--proposals", "40",
        "--selection-drafts", "6", stdout=out,
    )  # fmt: skip
    plans = ActionPlan.objects.filter(origin=Origin.SYNTHETIC)
    drafts = Draft.objects.filter(table__plan__in=plans, published_at__isnull=False)
    assert drafts.count() == 2 * (2 + 6)
    decisions = Decision.objects.filter(draft__in=drafts)
    assert decisions.count() == drafts.count()
    assert decisions.filter(outcome="selected").exists()
    assert decisions.filter(outcome="not_selected").exists()
    selected = decisions.filter(outcome="selected").values_list("draft__commitment", flat=True)
    assert None not in set(selected)
    assert Commitment.objects.filter(pk__in=selected, plan__origin=Origin.SYNTHETIC).count() == len(
        selected
    )
    assert Assessment.objects.filter(draft__in=drafts).count() == drafts.count() * 3
    assert SelectionReport.objects.filter(plan__in=plans).count() == 2
    assert not OutboundEmail.objects.filter(template="proposal_status").exists()
    # The official record is untouched.
    assert not Decision.objects.exclude(draft__table__plan__origin=Origin.SYNTHETIC).exists()
    # A second run adds nothing; clearing removes it all.
    assert synthetic.generate({}, seed=0)["decisions"] == 0
    call_command("synthetic", "--clear", stdout=out)
    assert not SelectionReport.objects.exists()
    assert not Decision.objects.exists() and not Assessment.objects.exists()
