"""Reads for the plans domain. Each returns everything its page needs, with the
related rows fetched once, so a page's query count does not grow with the data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.timesince import timeuntil

from .models import (
    ActionPlan,
    Commitment,
    Forum,
    ForumMember,
    Institution,
    Origin,
    Stage,
)


def plans_with_counts() -> QuerySet[ActionPlan]:
    return ActionPlan.objects.annotate(loaded_commitments=Count("commitments"))


def official_plans() -> QuerySet[ActionPlan]:
    return plans_with_counts().filter(origin=Origin.OFFICIAL)


def other_plans() -> QuerySet[ActionPlan]:
    """Demonstration and synthetic processes, always listed apart."""
    return plans_with_counts().exclude(origin=Origin.OFFICIAL)


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


def plan_for_page(slug: str) -> ActionPlan:
    commitments = Commitment.objects.select_related("responsible_institution").order_by("number")
    return get_object_or_404(
        plans_with_counts().prefetch_related(
            "stages", Prefetch("commitments", queryset=commitments)
        ),
        slug=slug,
    )


def commitment_for_page(plan_slug: str, number: int) -> Commitment:
    return get_object_or_404(
        Commitment.objects.select_related("plan", "responsible_institution").prefetch_related(
            Prefetch("actors", queryset=Institution.objects.order_by("sector", "name")),
            "milestones",
        ),
        plan__slug=plan_slug,
        number=number,
    )


def forum_with_members() -> Forum | None:
    members = ForumMember.objects.select_related("institution")
    return Forum.objects.prefetch_related(Prefetch("members", queryset=members)).first()
