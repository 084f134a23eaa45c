from __future__ import annotations

import datetime as dt
import os
import signal
import time
import zoneinfo

import pytest
import time_machine
from django.utils import timezone

from core.models import OutboundEmail
from core.tasks import send_queued_emails
from plans.models import ActionPlan, Forum, ForumMember
from stages import effects, engine
from stages.models import Edge, Stage, StageKind, Subscription
from tests.conftest import (
    celery_worker_environment,
    spawn_celery_worker,
    stop_celery_worker,
)
from tests.core.factories import UserFactory
from tests.plans.factories import ActionPlanFactory
from tests.smtp import smtp_server_fixture  # noqa: F401


def run_outcome(event, effect_name: str) -> str:
    """What the named effect did at ``event`` (it must have succeeded)."""
    run = event.runs.get(effect__endswith=f".{effect_name}")
    assert run.status == "done", run.outcome
    return run.outcome


SANTIAGO = zoneinfo.ZoneInfo("America/Santiago")


def _at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=SANTIAGO)


def _subscribers(n: int, **state) -> list[Subscription]:
    now = timezone.now()
    state.setdefault("confirmed_at", now)
    return Subscription.objects.bulk_create(
        Subscription(email=f"persona{i}@example.cl", **state) for i in range(n)
    )


@pytest.fixture
def fifth(seeded):
    return ActionPlan.objects.get(number=5, origin="official")


@pytest.mark.django_db
def test_a_stage_start_queues_one_email_per_confirmed_subscriber_once(fifth):
    confirmed = _subscribers(3)
    Subscription.objects.create(email="pendiente@example.cl")
    Subscription.objects.create(
        email="baja@example.cl", confirmed_at=timezone.now(), unsubscribed_at=timezone.now()
    )
    with time_machine.travel(_at(2020, 8, 10, 0, 1), tick=False):
        events = engine.tick(timezone.now())
        assert engine.tick(timezone.now()) == []
    reception = next(e for e in events if e.stage.kind == StageKind.RECEPTION)
    rows = OutboundEmail.objects.filter(key__startswith=f"stage-open:{reception.pk}:")
    assert sorted(rows.values_list("to", flat=True)) == sorted(s.email for s in confirmed)
    assert {row.template for row in rows} == {"stage_opened"}
    tokens = {s.email: s.token for s in Subscription.objects.all()}
    for row in rows:
        assert row.unsubscribe_url == f"http://127.0.0.1:8000/avisos/baja/{tokens[row.to]}/"
    assert run_outcome(reception, "notify_stage_opened") == effects.queued(3)
    # One e-mail per subscriber for each stage that opened (not skipped as too old).
    opened = [e for e in events if e.edge == Edge.START and e.result == "done"]
    assert OutboundEmail.objects.count() == 3 * len(opened)
    # The same event's effect run again creates nothing.
    assert effects.notify_stage_opened(reception.stage, reception) == effects.queued(0)
    assert OutboundEmail.objects.count() == 3 * len(opened)


@pytest.mark.django_db
def test_the_notice_is_written_in_each_subscribers_language(fifth):
    Subscription.objects.create(email="ann@example.org", language="en", confirmed_at=timezone.now())
    with time_machine.travel(_at(2020, 8, 10, 0, 1), tick=False):
        engine.tick(timezone.now())
    row = OutboundEmail.objects.filter(context__stage_name="Proposal reception").get()
    assert row.language == "en"
    assert "/en/planes/" in row.context["plan_url"]
    assert "/en/avisos/baja/" in row.unsubscribe_url


@pytest.mark.django_db
def test_closing_soon_warns_subscribers_and_for_the_selection_the_forum_too(fifth):
    _subscribers(2)
    forum = Forum.objects.get()
    seats = list(forum.members.all()[:3])
    seats[0].user = UserFactory(username="mesa1", email="mesa1@example.cl")
    seats[1].user = UserFactory(username="mesa2", email="")  # no address: skipped
    seats[2].user = seats[0].user  # two seats, one e-mail
    ForumMember.objects.bulk_update(seats, ["user"])
    selection = fifth.stages.get(kind=StageKind.SELECTION)
    with time_machine.travel(selection.closing_soon_at + dt.timedelta(minutes=1), tick=False):
        events = engine.tick(timezone.now())
    closing = next(
        e for e in events if e.stage.kind == StageKind.SELECTION and e.edge == Edge.CLOSING_SOON
    )
    assert OutboundEmail.objects.filter(key__startswith=f"stage-closing:{closing.pk}:").count() == 2
    forum_rows = OutboundEmail.objects.filter(
        key__startswith=f"forum-selection-closing:{closing.pk}:"
    )
    assert list(forum_rows.values_list("to", flat=True)) == ["mesa1@example.cl"]
    assert forum_rows.get().unsubscribe_url == ""
    assert run_outcome(closing, "remind_forum_of_selection") == effects.queued(1)


@pytest.mark.django_db
def test_synthetic_plans_notify_nobody():
    _subscribers(2)
    plan = ActionPlanFactory(origin="synthetic", number=None, slug="sintetico")
    stage = Stage.objects.create(
        plan=plan, kind=StageKind.RECEPTION, starts_at=_at(2030, 1, 1), ends_at=_at(2030, 2, 1)
    )
    assert effects.notify_stage_opened(stage, None) == effects.not_notified()
    assert not OutboundEmail.objects.exists()


# --- A real worker, a real SMTP server, 10 000 subscribers --------------------------

SUBSCRIBERS = 10_000
KILL_AFTER = 3_050  # mid-batch: batches are 100 e-mails


@pytest.fixture
def celery_worker_env(smtp_server):
    return {"EMAIL_URL": f"smtp://127.0.0.1:{smtp_server.port}"}


def _wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


@pytest.mark.celery_worker
def test_a_worker_killed_mid_batch_still_delivers_every_email_exactly_once(
    smtp_server, celery_worker_env, celery_worker_process
):
    smtp_server.keep_messages = False
    Subscription.objects.bulk_create(
        Subscription(email=f"persona{i:05d}@example.cl", confirmed_at=timezone.now())
        for i in range(SUBSCRIBERS)
    )
    plan = ActionPlanFactory(origin="demo", number=None, slug="demostracion")
    Stage.objects.create(
        plan=plan,
        kind=StageKind.RECEPTION,
        starts_at=timezone.now() - dt.timedelta(minutes=1),
        ends_at=timezone.now() + dt.timedelta(days=14),
    )
    smtp_server.pause_after = KILL_AFTER
    sent = OutboundEmail.objects.filter(status="sent")

    started = time.monotonic()
    [event] = engine.tick()  # commits: 100 tasks of 100 e-mails go to Redis
    queued = time.monotonic()
    assert run_outcome(event, "notify_stage_opened") == effects.queued(SUBSCRIBERS)
    assert smtp_server.paused.wait(timeout=60), "the worker never got that far"
    first_phase = time.monotonic() - queued
    # The server holds the next message: kill the worker in the middle of a batch.
    os.kill(celery_worker_process.pid, signal.SIGKILL)
    celery_worker_process.wait()
    assert sent.count() == KILL_AFTER

    smtp_server.pause_after = None
    smtp_server.resume.set()
    restarted = time.monotonic()
    worker = spawn_celery_worker(celery_worker_environment(celery_worker_env))
    try:
        # The killed batch's task waits in Redis for its visibility timeout (an
        # hour): beat's sweep sends its e-mails now. Told to act at once here.
        send_queued_emails(older_than_seconds=0)
        _wait_for(lambda: sent.count() == SUBSCRIBERS, 150, "every e-mail to be sent")
        _wait_for(lambda: smtp_server.count >= SUBSCRIBERS, 10, "the server to record them")
    finally:
        stop_celery_worker(worker)
        _forget_unacked_tasks()
    finished = time.monotonic()

    assert smtp_server.count == SUBSCRIBERS
    assert len(smtp_server.per_recipient) == SUBSCRIBERS
    assert set(smtp_server.per_recipient.values()) == {1}
    assert not OutboundEmail.objects.exclude(status="sent").exists()
    print(
        f"\n{SUBSCRIBERS} e-mails: queued in {queued - started:.1f} s; "
        f"first worker {KILL_AFTER / first_phase:.0f} e-mails/s until killed; "
        f"second worker {(SUBSCRIBERS - KILL_AFTER) / (finished - restarted):.0f} e-mails/s "
        f"including its start; {finished - started:.1f} s in all"
    )


def _forget_unacked_tasks() -> None:
    """The killed worker's task would come back in an hour, in another test's
    database: drop it from Redis (kombu's unacked bookkeeping)."""
    from ogp_portal.celery import app

    with app.connection_for_write() as connection:
        client = connection.default_channel.client
        client.delete("unacked", "unacked_index", "unacked_mutex")
