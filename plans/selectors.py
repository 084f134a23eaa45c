"""Reads for the plans domain. Each returns everything its page needs, with the
related rows fetched once, so a page's query count does not grow with the data."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from core import public
from core.models import Origin

from .models import ActionPlan, Commitment, Completion, Forum, ForumMember, Institution


def plans_with_counts() -> QuerySet[ActionPlan]:
    return ActionPlan.objects.annotate(loaded_commitments=Count("commitments"))


def official_plans() -> QuerySet[ActionPlan]:
    return plans_with_counts().filter(origin=Origin.OFFICIAL)


def other_plans() -> QuerySet[ActionPlan]:
    """Demonstration and synthetic processes, always listed apart."""
    return plans_with_counts().exclude(origin=Origin.OFFICIAL)


def plan_for_page(slug: str) -> ActionPlan:
    """The plan with its commitments, each with its institution and how many of
    its milestones are complete (counted in the same query)."""
    commitments = (
        Commitment.objects.select_related("responsible_institution")
        .annotate(
            milestones_total=Count("milestones"),
            milestones_done=Count(
                "milestones", filter=Q(milestones__completion=Completion.COMPLETE)
            ),
        )
        .order_by("number")
    )
    return get_object_or_404(
        plans_with_counts().prefetch_related(Prefetch("commitments", queryset=commitments)),
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
    members = public.only(ForumMember.objects.all(), "institution")
    return Forum.objects.prefetch_related(Prefetch("members", queryset=members)).first()


def public_plan(slug: str) -> ActionPlan | None:
    """A plan named in a link (e.g. a list filtered by plan), or None."""
    return public.only(ActionPlan.objects.filter(slug=slug)).first()
