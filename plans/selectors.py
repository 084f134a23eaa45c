"""Reads for the plans domain. Each returns everything its page needs, with the
related rows fetched once, so a page's query count does not grow with the data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet
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
