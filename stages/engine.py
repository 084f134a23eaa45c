"""The calendar engine: it turns each stage's dates into effects.

Every stage has three edges: it opens (``start``), it is about to close
(``closing_soon``, a configurable number of hours before the end) and it closes
(``end``). ``tick()`` runs every minute (Celery beat, or ``manage.py tick``, or
in-process when there is no broker) and handles each edge whose time has come:

- exactly once: the edge's :class:`StageEvent` row is inserted first, in a
  savepoint of its own, under a unique constraint; a concurrent tick fails that
  insert and leaves the edge to the tick that won. An edge counts as handled
  when an event for it was recorded at or after the edge's current time, so a
  stage whose end staff push into the future fires its end again at the new
  time, and a date moved into the past does not;
- one effect cannot stop the others: each runs in its own savepoint and leaves
  an :class:`EffectRun`, done or failed with its error; the edge is recorded
  either way, so the calendar goes on, and staff can retry a failed effect;
- in time order, catching up after downtime; an edge older than
  ``CALENDAR_CATCH_UP_DAYS`` is recorded as skipped instead.

Apps plug in with :func:`on_edge`. An effect runs inside the edge's transaction:
it writes rows and schedules tasks with ``transaction.on_commit`` (discarded if
its savepoint rolls back), so nothing is sent for an edge that did not commit.
It returns a line for the staff log, and must be idempotent (keys derived from
the event), because staff may run it again.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import DateTimeField, Exists, ExpressionWrapper, F, OuterRef
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from core import activity, cache
from plans.models import ActionPlan

from .models import Edge, EffectRun, Stage, StageEvent, StageKind

logger = logging.getLogger(__name__)

EffectFunc = Callable[[Stage, StageEvent], str | None]
# An effect's key as EffectRun and the old event log record it: module.function.
EFFECT_KEY = re.compile(r"[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)+")


@dataclass(frozen=True)
class Effect:
    edge: str
    kind: str | None  # None: every kind of stage
    func: EffectFunc
    label: str  # what it does, in words staff read (lazy translation)

    @property
    def key(self) -> str:
        """The stable name an EffectRun records (never shown to staff)."""
        return f"{self.func.__module__}.{self.func.__qualname__}"


_effects: list[Effect] = []


def on_edge(
    edge: str, kind: str | None = None, *, label: str
) -> Callable[[EffectFunc], EffectFunc]:
    """Register ``func(stage, event)`` to run when a stage of ``kind`` (any kind if
    None) reaches ``edge``. ``label`` says what it does, for the staff page.
    Registering the same function twice is harmless; an unknown edge or kind is
    refused at once, so a typo cannot leave an effect that never runs."""
    if edge not in Edge.values:
        raise ValueError(f"unknown calendar edge {edge!r}; use one of {Edge.values}")
    if kind is not None and kind not in StageKind.values:
        raise ValueError(f"unknown stage kind {kind!r}; use one of {StageKind.values}")

    def register(func: EffectFunc) -> EffectFunc:
        effect = Effect(edge, kind, func, label)
        if all((e.key, e.edge, e.kind) != (effect.key, edge, kind) for e in _effects):
            _effects.append(effect)
        return func

    return register


def effects_for(stage: Stage, edge: str) -> list[Effect]:
    return [e for e in _effects if e.edge == edge and e.kind in (None, stage.kind)]


def effect_label(key: str) -> str:
    """The words for a recorded effect, never its key (a Python path staff
    cannot read). An effect whose module moved since it ran (the calendar's
    notices lived in ``plans.effects``) is found by its function's name; one
    that no longer exists is said to be so."""
    for effect in _effects:
        if effect.key == key:
            return str(effect.label)
    name = key.rpartition(".")[2]
    for effect in _effects:
        if effect.func.__name__ == name:
            return str(effect.label)
    return _("An action this version of the portal no longer has")


def legacy_log(log: str) -> list[tuple[str, str]]:
    """What an event handled before effects had their own rows wrote
    ("plans.effects.notify_stage_opened: queued 3 e-mails", a line each), as
    (what was done, how it went) in words."""
    lines = []
    for line in filter(None, (line.strip() for line in log.splitlines())):
        key, separator, outcome = line.partition(": ")
        if separator and EFFECT_KEY.fullmatch(key):
            lines.append((effect_label(key), outcome))
        else:
            lines.append(("", line))
    return lines


@dataclass(frozen=True)
class DueEdge:
    stage: Stage
    edge: str
    at: dt.datetime

    @property
    def label(self) -> str:
        return Edge(self.edge).label


def _handled(edge: str, field: str):
    return Exists(
        StageEvent.objects.filter(stage=OuterRef("pk"), edge=edge, fired_at__gte=OuterRef(field))
    )


def due_edges(now: dt.datetime) -> list[DueEdge]:
    """Edges whose time has come and that no event has handled yet, oldest first."""
    notice = dt.timedelta(hours=settings.CALENDAR_CLOSING_NOTICE_HOURS)
    stages = Stage.objects.select_related("plan").exclude(plan__origin="synthetic")
    due: list[DueEdge] = []
    for stage in stages.filter(starts_at__lte=now).exclude(_handled(Edge.START, "starts_at")):
        due.append(DueEdge(stage, Edge.START, stage.starts_at))
    # closing_soon is `notice` before the end, never before the start (as
    # Stage.closing_soon_at says), computed in the database so one query serves.
    closing = stages.annotate(
        closing_at=Greatest(
            ExpressionWrapper(F("ends_at") - notice, output_field=DateTimeField()),
            F("starts_at"),
        )
    )
    for stage in closing.filter(closing_at__lte=now).exclude(
        _handled(Edge.CLOSING_SOON, "closing_at")
    ):
        due.append(DueEdge(stage, Edge.CLOSING_SOON, stage.closing_soon_at))
    for stage in stages.filter(ends_at__lte=now).exclude(_handled(Edge.END, "ends_at")):
        due.append(DueEdge(stage, Edge.END, stage.ends_at))
    order = {Edge.START: 0, Edge.CLOSING_SOON: 1, Edge.END: 2}
    return sorted(due, key=lambda d: (d.at, order[d.edge], d.stage.pk))


def tick(now: dt.datetime | None = None) -> list[StageEvent]:
    """Handle every due edge. Safe to run at any time, twice, or concurrently."""
    now = now or timezone.now()
    horizon = now - dt.timedelta(days=settings.CALENDAR_CATCH_UP_DAYS)
    events = []
    for due in due_edges(now):
        event = _fire(due, now, skip=due.at < horizon)
        if event is not None:
            events.append(event)
    return events


def _fire(due: DueEdge, now: dt.datetime, skip: bool) -> StageEvent | None:
    with transaction.atomic():
        try:
            with transaction.atomic():
                event = StageEvent.objects.create(
                    stage=due.stage,
                    edge=due.edge,
                    due_at=due.at,
                    fired_at=now,
                    result=StageEvent.Result.SKIPPED if skip else StageEvent.Result.DONE,
                )
        except IntegrityError:
            return None  # another tick recorded this very edge first
        cache.bump()  # a stage that opens or closes changes what pages say
        if not skip:
            runs = [_run(effect, due.stage, event) for effect in effects_for(due.stage, due.edge)]
            if any(run.status == EffectRun.Status.FAILED for run in runs):
                event.result = StageEvent.Result.FAILED
                event.save(update_fields=["result"])
    logger.info("calendar: %s [%s]", event, event.result)
    return event


def _run(effect: Effect, stage: Stage, event: StageEvent) -> EffectRun:
    """Run one effect in a savepoint and record how it went."""
    try:
        with transaction.atomic():
            outcome = effect.func(stage, event) or ""
        status = EffectRun.Status.DONE
    except Exception as error:  # any failure is recorded; the edge goes on
        logger.exception("calendar: effect %s failed on %s", effect.key, event)
        outcome, status = f"{type(error).__name__}: {error}"[:2000], EffectRun.Status.FAILED
    run, created = EffectRun.objects.get_or_create(
        event=event,
        effect=effect.key,
        defaults={"status": status, "outcome": outcome},
    )
    if not created:
        run.status, run.outcome = status, outcome
        run.attempts += 1
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "outcome", "attempts", "finished_at"])
    return run


class CannotRetry(Exception):
    """The run is not failed any more, or its effect no longer exists."""


def retry(run_id: int, actor=None) -> EffectRun:
    """Run a failed effect again (staff, once the cause is fixed). The row lock
    makes two staff pressing "retry" at once run it once."""
    with transaction.atomic():
        run = (
            EffectRun.objects.select_for_update(of=("self",))
            .select_related("event__stage__plan")
            .filter(pk=run_id, status=EffectRun.Status.FAILED)
            .first()
        )
        if run is None:
            raise CannotRetry
        event = run.event
        effect = next(
            (e for e in effects_for(event.stage, event.edge) if e.key == run.effect), None
        )
        if effect is None:
            raise CannotRetry
        run = _run(effect, event.stage, event)
        failed = event.runs.filter(status=EffectRun.Status.FAILED).exists()
        event.result = StageEvent.Result.FAILED if failed else StageEvent.Result.DONE
        event.save(update_fields=["result"])
        activity.log(
            actor,
            "calendar.effect_retried",
            run,
            message=f"{effect_label(run.effect)}: {run.get_status_display()}",
        )
    return run


def upcoming_edges(limit: int = 10, now: dt.datetime | None = None) -> list[DueEdge]:
    """The next edges the engine will handle, for the staff view."""
    now = now or timezone.now()
    stages = Stage.objects.select_related("plan").filter(ends_at__gt=now)
    stages = stages.exclude(plan__origin="synthetic")
    upcoming = [
        DueEdge(stage, edge, stage.edge_time(edge))
        for stage in stages
        for edge in Edge.values
        if stage.edge_time(edge) > now
    ]
    return sorted(upcoming, key=lambda d: d.at)[:limit]


def current_stages(plan: ActionPlan, now: dt.datetime | None = None) -> list[Stage]:
    """The plan's stages open at ``now``: the one answer every view, form and
    task asks for "what is open"."""
    now = now or timezone.now()
    return sorted(
        (stage for stage in plan.stages.all() if stage.is_open(now)),
        key=lambda stage: (stage.starts_at, stage.order),
    )


def is_open(plan: ActionPlan, kind: str, now: dt.datetime | None = None) -> bool:
    return any(stage.kind == kind for stage in current_stages(plan, now))
