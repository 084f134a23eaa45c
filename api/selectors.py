"""What each API endpoint reads: the official record only, public columns only
(``core.public.only``), related rows fetched once per page, so a page of 50
costs the same few queries as a page of 5 (tests/api/test_query_counts.py)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from core import public
from core.models import Origin
from plans.models import ActionPlan, Commitment, Institution, Milestone
from proposals import selectors as proposal_selectors
from proposals.models import PUBLIC_STATUSES, Proposal
from stages.models import Stage
from tracking import selectors as tracking_selectors
from tracking.models import Evidence, ProgressUpdate
from worktables.models import Draft, DraftMilestone, DraftProposal, Event


def institutions() -> QuerySet[Institution]:
    return public.only(Institution.objects.filter(origin=Origin.OFFICIAL))


def plans() -> QuerySet[ActionPlan]:
    return public.only(ActionPlan.objects.filter(origin=Origin.OFFICIAL))


def stages() -> QuerySet[Stage]:
    return public.only(Stage.objects.filter(plan__origin=Origin.OFFICIAL))


def commitments() -> QuerySet[Commitment]:
    """Each with its milestones and their current progress, and its reported
    progress (tracking.selectors.with_progress)."""
    milestones = public.only(Milestone.objects.all(), "current_progress").order_by("number")
    queryset = public.only(
        Commitment.objects.filter(plan__origin=Origin.OFFICIAL),
        "plan",
        "responsible_institution",
    ).prefetch_related(
        Prefetch("actors", queryset=public.only(Institution.objects.order_by("name"))),
        Prefetch("milestones", queryset=milestones),
    )
    return tracking_selectors.with_progress(queryset, timezone.localdate())


def proposals() -> QuerySet[Proposal]:
    """Published proposals of the official record with their public trail."""
    return proposal_selectors.public_proposals().prefetch_related(
        Prefetch("events", queryset=proposal_selectors.public_events().order_by("at", "id"))
    )


def events() -> QuerySet[Event]:
    """Sessions of the official record: their public columns, never who registered."""
    return public.only(Event.objects.filter(origin=Origin.OFFICIAL))


def drafts() -> QuerySet[Draft]:
    links = public.only(
        DraftProposal.objects.filter(proposal__status__in=PUBLIC_STATUSES)
    ).order_by("proposal_id")
    return public.only(
        Draft.objects.filter(published_at__isnull=False, table__plan__origin=Origin.OFFICIAL),
        "table",
        "responsible_institution",
    ).prefetch_related(
        Prefetch("milestones", queryset=public.only(DraftMilestone.objects.order_by("number"))),
        Prefetch("links", queryset=links, to_attr="public_links"),
    )


def progress_updates() -> QuerySet[ProgressUpdate]:
    """Public updates of the official record (disputed ones included, marked)."""
    evidence = public.only(Evidence.objects.order_by("pk"))
    return public.only(
        ProgressUpdate.objects.filter(is_public=True, origin=Origin.OFFICIAL),
        "milestone",
        "institution",
    ).prefetch_related(Prefetch("evidence", queryset=evidence))
