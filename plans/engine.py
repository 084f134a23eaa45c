"""The calendar engine: it turns each stage's dates into effects.

Every stage has three edges: it opens (``start``), it is about to close
(``closing_soon``, a configurable number of hours before the end) and it closes
(``end``). ``tick()`` runs every minute (Celery beat, or ``manage.py tick``, or
in-process when there is no broker) and handles each edge whose time has come:

- exactly once: the edge's :class:`StageEvent` row is inserted in the same
  transaction as its effects, and a unique constraint stops a concurrent tick;
  an edge counts as handled when an event for it was recorded at or after the
  edge's current time, so a stage whose end staff push into the future fires
  its end again at the new time, and a date moved into the past does not;
- in time order, catching up after downtime; an edge older than
  ``CALENDAR_CATCH_UP_DAYS`` is recorded as skipped instead.

Apps plug in with :func:`on_edge`. An effect runs inside the transaction: it
writes rows and schedules tasks with ``transaction.on_commit``, so nothing is
sent for an edge that did not commit. It returns a line for the staff log.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import DateTimeField, Exists, ExpressionWrapper, F, OuterRef
from django.db.models.functions import Greatest
from django.utils import timezone

from .models import ActionPlan, Edge, Stage, StageEvent

logger = logging.getLogger(__name__)

EffectFunc = Callable[[Stage, StageEvent], str | None]


@dataclass(frozen=True)
class Effect:
    edge: str
    kind: str | None  # None: every kind of stage
    func: EffectFunc

    @property
    def name(self) -> str:
        return f"{self.func.__module__}.{self.func.__qualname__}"


_effects: list[Effect] = []


def on_edge(edge: str, kind: str | None = None) -> Callable[[EffectFunc], EffectFunc]:
    """Register ``func(stage, event)`` to run when a stage of ``kind`` (any kind if
    None) reaches ``edge``. Registering the same function twice is harmless."""

    def register(func: EffectFunc) -> EffectFunc:
        effect = Effect(edge, kind, func)
        if effect not in _effects:
            _effects.append(effect)
        return func

    return register


def effects_for(stage: Stage, edge: str) -> list[Effect]:
    return [e for e in _effects if e.edge == edge and e.kind in (None, stage.kind)]


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
    try:
        with transaction.atomic():
            event = StageEvent.objects.create(
                stage=due.stage,
                edge=due.edge,
                due_at=due.at,
                fired_at=now,
                result=StageEvent.Result.SKIPPED if skip else StageEvent.Result.DONE,
            )
            if not skip:
                lines = []
                for effect in effects_for(due.stage, due.edge):
                    outcome = effect.func(due.stage, event)
                    lines.append(f"{effect.name}: {outcome or 'ok'}")
                if lines:
                    event.log = "\n".join(lines)
                    event.save(update_fields=["log"])
    except IntegrityError:
        # Another tick handled this very edge first.
        return None
    logger.info("calendar: %s", event)
    return event


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
