from __future__ import annotations

import datetime as dt
import threading
import zoneinfo

import pytest
import time_machine
from django.db import connection

from plans.models import ActionPlan
from stages import engine
from stages.models import Edge, EffectRun, Stage, StageEvent, StageKind
from tests.conftest import require_service

SANTIAGO = zoneinfo.ZoneInfo("America/Santiago")


def _at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=SANTIAGO)


@pytest.fixture
def fifth(seeded):
    return ActionPlan.objects.get(number=5, origin="official")


@pytest.fixture
def recorded():
    """A test effect on every edge; it records each call."""
    calls: list[tuple[int, str]] = []

    def effect(stage, event):
        calls.append((stage.pk, event.edge))
        return "recorded"

    engine.on_edge(Edge.START, label="test")(effect)
    engine.on_edge(Edge.CLOSING_SOON, label="test")(effect)
    engine.on_edge(Edge.END, label="test")(effect)
    yield calls
    engine._effects[:] = [e for e in engine._effects if e.func is not effect]


MOMENTS = [
    (_at(2020, 8, 5, 12), [StageKind.AWARENESS]),
    (_at(2020, 8, 10, 0, 0), [StageKind.AWARENESS, StageKind.RECEPTION]),
    (_at(2020, 8, 24, 23, 59), [StageKind.AWARENESS, StageKind.RECEPTION]),
    (_at(2020, 8, 25, 0, 0), [StageKind.AWARENESS]),
    (_at(2020, 9, 15, 9), [StageKind.WORKTABLES]),
    (_at(2020, 10, 15, 9), [StageKind.RESULTS]),
    (_at(2020, 11, 15, 9), [StageKind.SELECTION, StageKind.CONSULTATION]),
    (_at(2020, 12, 15, 9), [StageKind.PUBLICATION]),
    (_at(2021, 1, 1, 0, 0), []),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("moment", "kinds"), MOMENTS)
def test_it_reports_the_stage_open_at_any_moment(fifth, moment, kinds):
    with time_machine.travel(moment, tick=False):
        assert [stage.kind for stage in engine.current_stages(fifth)] == kinds


@pytest.mark.django_db
@pytest.mark.parametrize(("moment", "kinds"), MOMENTS)
def test_the_home_page_shows_the_stage_open_at_any_moment(client, fifth, moment, kinds):
    with time_machine.travel(moment, tick=False):
        page = client.get("/").content.decode()
    for kind in StageKind:
        marker = f'data-open-stage="{kind.value}"'
        assert (marker in page) == (kind in kinds), (kind, page)


@pytest.mark.django_db
def test_a_tick_fires_each_due_edge_once_and_a_second_tick_nothing(fifth, recorded):
    reception = fifth.stages.get(kind=StageKind.RECEPTION)
    with time_machine.travel(_at(2020, 8, 10, 0, 1), tick=False):
        first = engine.tick()
        second = engine.tick()
    assert {(e.stage.kind, e.edge) for e in first} == {
        (StageKind.AWARENESS, Edge.START),
        (StageKind.RECEPTION, Edge.START),
    }
    assert second == []
    assert recorded.count((reception.pk, Edge.START)) == 1


@pytest.mark.django_db
def test_it_catches_up_after_a_day_of_downtime_in_time_order(fifth, recorded):
    with time_machine.travel(_at(2020, 8, 21, 12), tick=False):
        engine.tick()
    recorded.clear()
    # Down from the 21st at noon until the 26th: closing soon and end both due.
    with time_machine.travel(_at(2020, 8, 26, 12), tick=False):
        events = engine.tick()
    assert [(e.stage.kind, e.edge) for e in events] == [
        (StageKind.RECEPTION, Edge.CLOSING_SOON),
        (StageKind.RECEPTION, Edge.END),
    ]
    assert all(e.result == StageEvent.Result.DONE for e in events)
    assert len(recorded) == 2


@pytest.mark.django_db
def test_edges_older_than_the_catch_up_window_are_recorded_not_acted_on(fifth, recorded):
    with time_machine.travel(_at(2026, 11, 23, 12), tick=False):
        events = engine.tick()
    assert len(events) == 7 * 3
    assert {e.result for e in events} == {StageEvent.Result.SKIPPED}
    assert recorded == []


@pytest.mark.django_db
def test_a_stage_extended_after_it_closed_closes_again_at_the_new_date(fifth, recorded):
    reception = fifth.stages.get(kind=StageKind.RECEPTION)
    with time_machine.travel(_at(2020, 8, 25, 0, 1), tick=False):
        engine.tick()
        Stage.objects.filter(pk=reception.pk).update(ends_at=_at(2020, 8, 28))
        assert engine.tick() == []  # reopened: nothing to do now
    with time_machine.travel(_at(2020, 8, 28, 0, 1), tick=False):
        # The new end brings a new "closes soon" reminder too.
        assert [(e.stage.kind, e.edge) for e in engine.tick()] == [
            (StageKind.RECEPTION, Edge.CLOSING_SOON),
            (StageKind.RECEPTION, Edge.END),
        ]
    assert recorded.count((reception.pk, Edge.END)) == 2


@pytest.mark.django_db
def test_a_date_moved_into_the_past_does_not_fire_again(fifth, recorded):
    reception = fifth.stages.get(kind=StageKind.RECEPTION)
    with time_machine.travel(_at(2020, 8, 12), tick=False):
        engine.tick()
        Stage.objects.filter(pk=reception.pk).update(starts_at=_at(2020, 8, 9))
        assert engine.tick() == []
    assert recorded.count((reception.pk, Edge.START)) == 1


@pytest.fixture
def broken():
    """An effect on reception's opening that fails, as a bug or an outage would."""
    calls = []

    def broken(stage, event):
        calls.append(event.pk)
        Stage.objects.filter(pk=stage.pk).update(description="half-done")  # rolled back
        if len(calls) == 1:
            raise RuntimeError("SMTP down")
        return "sent"

    engine.on_edge(Edge.START, StageKind.RECEPTION, label="Probe effect")(broken)
    yield calls
    engine._effects[:] = [e for e in engine._effects if e.func is not broken]


@pytest.mark.django_db
def test_a_failing_effect_is_recorded_and_the_calendar_goes_on(fifth, recorded, broken):
    with time_machine.travel(_at(2020, 8, 10, 1), tick=False):
        events = engine.tick()
    reception = StageEvent.objects.get(stage__kind=StageKind.RECEPTION, edge=Edge.START)
    assert reception.result == StageEvent.Result.FAILED
    run = reception.runs.get(status=EffectRun.Status.FAILED)
    assert "SMTP down" in run.outcome
    # Its half-done work was rolled back; the other effects of the same edge ran,
    # and so did every other due edge.
    assert Stage.objects.get(pk=reception.stage_id).description != "half-done"
    assert reception.runs.filter(status=EffectRun.Status.DONE).exists()
    assert (reception.stage_id, Edge.START) in recorded
    assert any(e.stage.kind == StageKind.AWARENESS for e in events)
    # The edge is handled: a second tick does not fire it again.
    with time_machine.travel(_at(2020, 8, 10, 1), tick=False):
        assert engine.tick() == []
    assert len(broken) == 1


@pytest.mark.django_db
def test_staff_can_retry_a_failed_effect_once(fifth, broken):
    with time_machine.travel(_at(2020, 8, 10, 1), tick=False):
        engine.tick()
    run = EffectRun.objects.get(status=EffectRun.Status.FAILED)
    retried = engine.retry(run.pk)
    assert (retried.status, retried.outcome, retried.attempts) == ("done", "sent", 2)
    assert retried.event.result == StageEvent.Result.DONE
    with pytest.raises(engine.CannotRetry):
        engine.retry(run.pk)
    assert len(broken) == 2


def test_an_effect_for_an_unknown_kind_or_edge_is_refused():
    with pytest.raises(ValueError, match="kind"):
        engine.on_edge(Edge.START, "recepcion", label="typo")
    with pytest.raises(ValueError, match="edge"):
        engine.on_edge("opens", label="typo")


@pytest.mark.django_db(transaction=True)
def test_two_ticks_at_once_fire_every_edge_exactly_once(recorded, settings):
    require_service(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL)")
    settings.CALENDAR_CATCH_UP_DAYS = 400  # act on the whole 2020 calendar
    from django.core.management import call_command

    call_command("seed")
    barrier = threading.Barrier(4)
    errors = []

    def run():
        try:
            barrier.wait()
            # An explicit time: a faked clock is process-wide, not per thread.
            engine.tick(_at(2020, 12, 31, 12))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    # Everything up to the last day of December: 7 starts, 7 closing soon, 6 ends.
    assert StageEvent.objects.count() == 20
    assert set(StageEvent.objects.values_list("result", flat=True)) == {"done"}
    assert len(recorded) == 20
    assert len(set(recorded)) == 20


@pytest.mark.django_db
def test_the_tick_command_and_task_run_the_engine(fifth):
    from django.core.management import call_command

    from stages.tasks import calendar_tick

    with time_machine.travel(_at(2020, 8, 10, 1), tick=False):
        calendar_tick.delay()
        assert StageEvent.objects.count() == 2
        call_command("tick")
        assert StageEvent.objects.count() == 2


@pytest.mark.django_db
def test_without_beat_the_first_request_of_a_minute_runs_the_tick(client, fifth, settings):
    settings.CALENDAR_TICK_IN_REQUESTS = True
    client.get("/planes/")
    handled = StageEvent.objects.count()
    assert handled == 21  # every 2020 edge, recorded as too old
    StageEvent.objects.all().delete()
    client.get("/planes/")  # same minute: nothing runs
    assert StageEvent.objects.count() == 0


@pytest.mark.django_db
def test_a_tick_with_nothing_due_costs_the_same_however_long_the_history(
    fifth, django_assert_num_queries
):
    from tests.plans.factories import ActionPlanFactory
    from tests.stages.factories import StageFactory

    now = _at(2026, 11, 23, 12)
    engine.tick(now)  # the 2020 calendar: recorded as too old
    with django_assert_num_queries(3):  # opens, closes soon, closes
        assert engine.tick(now) == []
    for _ in range(5):
        plan = ActionPlanFactory()
        for kind in StageKind:
            StageFactory(plan=plan, kind=kind, starts_at=_at(2021, 1, 1), ends_at=_at(2021, 2, 1))
    engine.tick(now)
    with django_assert_num_queries(3):
        assert engine.tick(now) == []
