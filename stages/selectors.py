"""Reads for the calendar: each plan's stages, what is open now, the next
process to show."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

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
    official one before a demonstration), else the next to open, else None."""
    now = now or timezone.now()
    candidates = ActionPlan.objects.exclude(origin=Origin.SYNTHETIC)
    open_ids = Stage.objects.open_at(now).values("plan_id")
    upcoming_ids = Stage.objects.filter(starts_at__gt=now).values("plan_id")
    for ids in (open_ids, upcoming_ids):
        plan = (
            candidates.filter(pk__in=ids)
            .order_by("-origin", "-start_year")  # "official" sorts after "demo"
            .prefetch_related("stages")
            .first()
        )
        if plan is not None:
            return plan
    return None


def plan_with_stages(slug: str) -> ActionPlan:
    return get_object_or_404(ActionPlan.objects.prefetch_related("stages"), slug=slug)


def recent_events(limit: int = 50):
    return (
        StageEvent.objects.select_related("stage__plan")
        .prefetch_related("runs")
        .order_by("-fired_at", "-id")[:limit]
    )
