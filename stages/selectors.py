"""Reads for the calendar: each plan's stages, what is open now, the next
process to show."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.timesince import timeuntil

from plans.models import ActionPlan, Origin

from .models import Stage, StageEvent


@dataclass(frozen=True)
class StageState:
    stage: Stage
    state: str  # "past", "open" or "upcoming"
    now: dt.datetime

    @property
    def is_open(self) -> bool:
        return self.state == "open"

    @property
    def remaining(self) -> str:
        """How long until it opens (upcoming) or closes (open): "3 días", "5 horas"."""
        target = self.stage.starts_at if self.state == "upcoming" else self.stage.ends_at
        return timeuntil(target, self.now, depth=1)


def calendar(plan: ActionPlan, now: dt.datetime | None = None) -> list[StageState]:
    """The plan's stages in time order, each marked past, open or upcoming."""
    now = now or timezone.now()
    stages = sorted(plan.stages.all(), key=lambda stage: (stage.starts_at, stage.order))
    return [StageState(stage, _state(stage, now), now) for stage in stages]


def _state(stage: Stage, now: dt.datetime) -> str:
    if now < stage.starts_at:
        return "upcoming"
    if now >= stage.ends_at:
        return "past"
    return "open"


def current_process(now: dt.datetime | None = None) -> ActionPlan | None:
    """The process to show on the home page: one with a stage open now (an
    official one before a demonstration), else the next to open, else None.

    One query, because every page about proposals asks for it: the chosen
    plan's stages, each joined to the plan, handed to the plan as if they had
    been prefetched, so ``plan.stages.all()`` (calendar, engine.is_open) reads
    them without another query."""
    now = now or timezone.now()
    stages = Stage.objects.filter(plan=OuterRef("pk"))
    has_open = Exists(stages.open_at(now))
    chosen = (
        ActionPlan.objects.exclude(origin=Origin.SYNTHETIC)
        .filter(Exists(stages.filter(ends_at__gt=now)))  # open now or still to open
        .order_by(has_open.desc(), "-origin", "-start_year")  # "official" sorts after "demo"
        .values("pk")[:1]
    )
    rows = list(Stage.objects.filter(plan_id=Subquery(chosen)).select_related("plan"))
    if not rows:
        return None
    plan = rows[0].plan
    for stage in rows:
        stage.plan = plan
    _as_prefetched(plan, "stages", rows)
    return plan


def _as_prefetched(instance, relation: str, rows: list) -> None:
    """Store ``rows`` where prefetch_related would (as Django's
    ``prefetch_one_level`` does), so ``instance.<relation>.all()`` needs no query."""
    queryset = getattr(instance, relation).get_queryset()
    queryset._result_cache = rows
    queryset._prefetch_done = True
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[relation] = queryset


def plan_with_stages(slug: str) -> ActionPlan:
    return get_object_or_404(ActionPlan.objects.prefetch_related("stages"), slug=slug)


def recent_events(limit: int = 50):
    """The edges the engine acted on, newest first, with what each effect did."""
    return (
        StageEvent.objects.exclude(result=StageEvent.Result.SKIPPED)
        .select_related("stage__plan")
        .prefetch_related("runs")
        .order_by("-fired_at", "-id")[:limit]
    )


def skipped_events(limit: int = 100) -> list[StageEvent]:
    """Edges recorded without acting, being too old when the calendar was
    loaded (the 2020 calendar, say): history, not work."""
    return list(
        StageEvent.objects.filter(result=StageEvent.Result.SKIPPED)
        .select_related("stage__plan")
        .order_by("-due_at", "-id")[:limit]
    )
