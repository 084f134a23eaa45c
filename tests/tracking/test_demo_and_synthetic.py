"""The demonstration process and the synthetic data set include progress
updates with evidence, labelled, and never mix with the official record."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from core.models import Origin
from plans import synthetic as plan_synthetic
from plans.models import Commitment, Milestone
from tests.helpers import create_demo_process
from tracking import synthetic
from tracking.models import CurrentProgress, Evidence, Officer, ProgressUpdate

pytestmark = pytest.mark.django_db


def test_the_demo_plan_gets_commitments_updates_and_evidence(db):
    plan = create_demo_process(dt.date(2031, 5, 20))
    assert plan.commitments.count() == 2
    updates = ProgressUpdate.objects.filter(milestone__commitment__plan=plan)
    assert updates.count() == 5
    assert set(updates.values_list("origin", flat=True)) == {Origin.DEMO}
    assert updates.filter(is_disputed=True).count() == 1
    assert Evidence.objects.filter(update__in=updates, file="").count() == 5
    # Milestones are laid out around the day of the seed: one is overdue.
    overdue = Milestone.objects.filter(commitment__plan=plan, end_date__lt=dt.date(2031, 5, 20))
    assert overdue.count() == 2
    assert CurrentProgress.objects.filter(milestone__commitment__plan=plan).count() == 3
    assert not Officer.objects.exists()  # no demonstration account


def test_seeding_the_demo_again_starts_it_afresh(db):
    create_demo_process(dt.date(2031, 5, 20))
    plan = create_demo_process(dt.date(2031, 9, 1))
    assert ProgressUpdate.objects.count() == 5
    assert Commitment.objects.filter(plan=plan).count() == 2
    first = Milestone.objects.get(commitment__plan=plan, commitment__number=1, number=1)
    assert first.end_date == dt.date(2031, 9, 1) - dt.timedelta(days=60)


def test_the_demo_uses_the_plans_own_commitments_when_it_has_some(db):
    from plans.services import create_demo_plan
    from tests.plans.factories import CommitmentFactory, MilestoneFactory

    plan = create_demo_plan(dt.date(2031, 5, 20))
    own = CommitmentFactory(plan=plan, number=1, title="Compromiso de la demostración")
    MilestoneFactory(commitment=own, number=1)
    create_demo_process(dt.date(2031, 5, 20))
    assert list(plan.commitments.values_list("title", flat=True)) == [own.title]
    assert ProgressUpdate.objects.filter(milestone__commitment=own).count() == 2


def test_synthetic_progress_gives_each_commitment_its_updates_with_links():
    plan_synthetic.generate(plans=2, commitments=6, milestones=3)
    made = synthetic.generate({"progress": 4}, seed=3)
    assert made["progress updates"] == 2 * 6 * 4
    assert made["evidence links"] >= made["progress updates"]
    for commitment in Commitment.objects.all():
        assert ProgressUpdate.objects.filter(milestone__commitment=commitment).count() == 4
    assert not Evidence.objects.exclude(file="").exists()
    assert set(ProgressUpdate.objects.values_list("origin", flat=True)) == {Origin.SYNTHETIC}
    assert CurrentProgress.objects.exists()
    # A second run adds nothing to commitments that already have progress.
    assert synthetic.generate({"progress": 4}, seed=3)["progress updates"] == 0


def test_each_milestones_synthetic_status_only_moves_forward():
    from tracking.models import REPORTABLE

    plan_synthetic.generate(plans=1, commitments=20, milestones=2)
    synthetic.generate({"progress": 6}, seed=0)
    order = {status: index for index, status in enumerate(REPORTABLE)}
    for milestone in Milestone.objects.all():
        statuses = [
            order[status]
            for status in milestone.progress_updates.order_by("reported_at", "pk").values_list(
                "status", flat=True
            )
        ]
        assert statuses == sorted(statuses)


def test_the_synthetic_command_adds_and_clears_progress(db):
    out = io.StringIO()
    call_command("synthetic", plans=1, commitments=3, milestones=2, progress=2, stdout=out)
    assert "6 progress updates" in out.getvalue()
    call_command("synthetic", clear=True, stdout=io.StringIO())
    assert not ProgressUpdate.objects.exists() and not Evidence.objects.exists()
