"""Reads for the plans domain. Each returns everything its page needs, with the
related rows fetched once, so a page's query count does not grow with the data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from core import public
from core.models import Origin

from .models import (
    MEETING_INTERVAL_MONTHS,
    ActionPlan,
    Commitment,
    Completion,
    Forum,
    ForumMeeting,
    ForumMember,
    Institution,
    PlanDocument,
    Sector,
    months_before,
)


def plans_with_counts() -> QuerySet[ActionPlan]:
    """Plans, newest first, each with how many commitments are loaded. The order
    is explicit: Django leaves a model's default ordering out of a query that
    groups rows (the count), and PostgreSQL would return them in any order."""
    return ActionPlan.objects.annotate(loaded_commitments=Count("commitments")).order_by(
        "-start_year", "-number", "-pk"
    )


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
        plans_with_counts().prefetch_related(
            Prefetch("commitments", queryset=commitments),
            Prefetch("documents", queryset=public.only(PlanDocument.objects.all())),
        ),
        slug=slug,
    )


def commitment_for_page(plan_slug: str, number: int) -> Commitment:
    """The commitment with its plan, institution, actors and milestones, and
    the plan's IRM reports on results (``plan.assessment_reports``): where its
    assessment comes from."""
    reports = public.only(PlanDocument.objects.filter(kind=PlanDocument.Kind.IRM_RESULTS))
    return get_object_or_404(
        Commitment.objects.select_related("plan", "responsible_institution").prefetch_related(
            Prefetch("actors", queryset=Institution.objects.order_by("sector", "name")),
            "milestones",
            Prefetch("plan__documents", queryset=reports, to_attr="assessment_reports"),
        ),
        plan__slug=plan_slug,
        number=number,
    )


@dataclass(frozen=True)
class SectorSeats:
    sector: str  # the label
    members: list[ForumMember]


@dataclass(frozen=True)
class ForumRecord:
    """The forum's public record (OGP minimum requirement 1.1)."""

    forum: Forum
    sectors: list[SectorSeats]
    meetings: list[ForumMeeting]  # newest first, those ahead included
    last_meeting: ForumMeeting | None  # the latest held by today
    overdue: bool  # no meeting in the last six months
    today: dt.date

    @property
    def upcoming(self) -> list[ForumMeeting]:
        return [meeting for meeting in reversed(self.meetings) if meeting.held_on > self.today]

    @property
    def held(self) -> list[ForumMeeting]:
        return [meeting for meeting in self.meetings if meeting.held_on <= self.today]


def last_meeting_overdue(last: dt.date | None, today: dt.date) -> bool:
    return last is None or last < months_before(today, MEETING_INTERVAL_MONTHS)


def forum_record(today: dt.date | None = None) -> ForumRecord | None:
    """The forum with its members by sector (then role), its rules and its
    meetings with who attended. Four queries."""
    today = today or timezone.localdate()
    forum = public.only(Forum.objects.order_by("pk")).first()
    if forum is None:
        return None
    members = list(
        public.only(ForumMember.objects.filter(forum=forum), "institution").order_by("order", "pk")
    )
    meetings = list(
        public.only(ForumMeeting.objects.filter(forum=forum)).prefetch_related(
            Prefetch(
                "attendees",
                queryset=public.only(ForumMember.objects.order_by("order", "pk")),
            )
        )
    )
    sector_order = {value: index for index, value in enumerate(Sector.values)}
    role_order = {value: index for index, value in enumerate(ForumMember.Role.values)}
    members.sort(
        key=lambda m: (sector_order.get(m.institution.sector, 99), role_order.get(m.role, 99))
    )
    sectors: list[SectorSeats] = []
    for member in members:
        label = str(Sector(member.institution.sector).label)
        if not sectors or sectors[-1].sector != label:
            sectors.append(SectorSeats(label, []))
        sectors[-1].members.append(member)
    last = next((meeting for meeting in meetings if meeting.held_on <= today), None)
    return ForumRecord(
        forum=forum,
        sectors=sectors,
        meetings=meetings,
        last_meeting=last,
        overdue=last_meeting_overdue(last and last.held_on, today),
        today=today,
    )


def last_meeting_date() -> dt.date | None:
    """When the forum last met (one query), for the staff start page."""
    return (
        ForumMeeting.objects.filter(held_on__lte=timezone.localdate())
        .order_by("-held_on")
        .values_list("held_on", flat=True)
        .first()
    )


def public_plan(slug: str) -> ActionPlan | None:
    """A plan named in a link (e.g. a list filtered by plan), or None."""
    return public.only(ActionPlan.objects.filter(slug=slug)).first()
