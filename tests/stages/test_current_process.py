"""Which process the home page and the proposal pages show, read in one query."""

from __future__ import annotations

import datetime as dt

import pytest

from plans.models import Origin
from stages import engine, selectors
from stages.models import StageKind
from tests.plans.factories import ActionPlanFactory
from tests.stages.factories import StageFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2030, 8, 15, 12, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)


def plan_with(kind: str, starts: dt.datetime, ends: dt.datetime, **plan):
    stage = StageFactory(plan=ActionPlanFactory(**plan), kind=kind, starts_at=starts, ends_at=ends)
    return stage.plan


def test_an_official_process_with_an_open_stage_comes_before_a_demonstration():
    plan_with(StageKind.RECEPTION, NOW - DAY, NOW + DAY, origin=Origin.DEMO, number=None)
    official = plan_with(StageKind.WORKTABLES, NOW - DAY, NOW + DAY)
    assert selectors.current_process(NOW) == official


def test_a_process_open_now_comes_before_one_that_opens_later():
    plan_with(StageKind.RECEPTION, NOW + DAY, NOW + 9 * DAY)
    demo = plan_with(StageKind.RECEPTION, NOW - DAY, NOW + DAY, origin=Origin.DEMO, number=None)
    assert selectors.current_process(NOW) == demo


def test_with_nothing_open_it_is_the_next_to_open_and_never_a_finished_or_synthetic_one():
    plan_with(StageKind.RECEPTION, NOW - 9 * DAY, NOW - DAY)
    plan_with(StageKind.RECEPTION, NOW - DAY, NOW + DAY, origin=Origin.SYNTHETIC, number=None)
    later = plan_with(StageKind.RECEPTION, NOW + DAY, NOW + 9 * DAY)
    assert selectors.current_process(NOW) == later


def test_with_nothing_open_or_ahead_there_is_none():
    plan_with(StageKind.RECEPTION, NOW - 9 * DAY, NOW - DAY)
    assert selectors.current_process(NOW) is None


def test_it_reads_the_process_and_all_its_stages_in_one_query(django_assert_num_queries):
    plan = plan_with(StageKind.RECEPTION, NOW - DAY, NOW + DAY)
    StageFactory(plan=plan, kind=StageKind.WORKTABLES, starts_at=NOW + DAY, ends_at=NOW + 9 * DAY)
    StageFactory(plan=plan, kind=StageKind.AWARENESS, starts_at=NOW - 9 * DAY, ends_at=NOW - DAY)
    with django_assert_num_queries(1):
        process = selectors.current_process(NOW)
        calendar = selectors.calendar(process, NOW)
        assert engine.is_open(process, StageKind.RECEPTION, NOW)
    assert [item.stage.kind for item in calendar] == ["awareness", "reception", "worktables"]
    assert [item.state for item in calendar] == ["past", "open", "upcoming"]
