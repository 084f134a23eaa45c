from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from core.models import Origin
from plans.models import ActionPlan
from stages.models import Stage, StageKind
from tests.plans.factories import ActionPlanFactory, CommitmentFactory, MilestoneFactory
from tests.stages.factories import StageFactory

pytestmark = pytest.mark.django_db


def _violates(make) -> bool:
    try:
        with transaction.atomic():
            make()
    except IntegrityError:
        return True
    return False


def test_a_plan_cannot_end_before_it_starts():
    assert _violates(lambda: ActionPlanFactory(start_year=2022, end_year=2020))


def test_two_official_plans_cannot_share_a_number():
    ActionPlanFactory(number=7)
    assert _violates(lambda: ActionPlanFactory(number=7, slug="otro"))


def test_demo_and_synthetic_plans_do_not_take_official_numbers():
    ActionPlanFactory(number=7)
    ActionPlanFactory(number=7, slug="demo-7", origin=Origin.DEMO)
    assert ActionPlan.objects.filter(number=7).count() == 2


def test_commitment_numbers_are_unique_within_a_plan():
    commitment = CommitmentFactory(number=1)
    assert _violates(lambda: CommitmentFactory(plan=commitment.plan, number=1))
    CommitmentFactory(number=1)  # another plan may reuse it


def test_ogp_ids_are_unique_but_may_be_empty():
    CommitmentFactory(ogp_id="CL0063")
    CommitmentFactory(ogp_id="")
    CommitmentFactory(ogp_id="")
    assert _violates(lambda: CommitmentFactory(ogp_id="CL0063"))


def test_the_database_rejects_a_malformed_ogp_id():
    assert _violates(lambda: CommitmentFactory(ogp_id="cl63"))


def test_a_milestone_cannot_end_before_it_starts():
    assert _violates(
        lambda: MilestoneFactory(start_date=dt.date(2030, 5, 1), end_date=dt.date(2030, 4, 1))
    )


def test_a_stage_must_end_after_it_starts():
    start = dt.datetime(2030, 8, 10, tzinfo=dt.UTC)
    assert _violates(lambda: StageFactory(starts_at=start, ends_at=start))


def test_a_plan_has_one_stage_of_each_kind():
    stage = StageFactory(kind=StageKind.RECEPTION)
    assert _violates(lambda: StageFactory(plan=stage.plan, kind=StageKind.RECEPTION))


def test_a_stage_is_open_from_its_start_until_just_before_its_end():
    stage = StageFactory()
    assert not stage.is_open(stage.starts_at - dt.timedelta(seconds=1))
    assert stage.is_open(stage.starts_at)
    assert stage.is_open(stage.last_moment)
    assert not stage.is_open(stage.ends_at)
    assert list(Stage.objects.open_at(stage.starts_at)) == [stage]
    assert not Stage.objects.open_at(stage.ends_at).exists()


def test_a_commitment_lists_the_ogp_values_it_serves():
    commitment = CommitmentFactory(transparency=True, participation=True)
    assert [value.value for value in commitment.ogp_values] == [
        "transparency",
        "participation",
    ]
