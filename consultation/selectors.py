"""Reads of the consultation and the published plan. Public reads select only
the columns declared public (core/public.py) and fetch related rows once,
so a page with 5 000 comments runs the queries a page with 5 does."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from core import public
from plans.models import ActionPlan, Commitment, Forum, ForumMember, Institution, Milestone
from proposals.models import PUBLIC_STATUSES, Proposal
from stages.models import Stage, StageKind
from worktables.models import Draft, DraftProposal, Event, Minutes

from .models import (
    COUNTED,
    SHOWN,
    Comment,
    CommentStatus,
    CommitmentVersion,
    Consultation,
    Outcome,
    Publication,
    Response,
    Stance,
)

COMMENTS_PER_PAGE = 20


# --- The plan and its stage ------------------------------------------------------------


@dataclass(frozen=True)
class StageInfo:
    stage: Stage | None
    now: dt.datetime

    @property
    def is_open(self) -> bool:
        return self.stage is not None and self.stage.is_open(self.now)

    @property
    def not_yet(self) -> bool:
        return self.stage is not None and self.now < self.stage.starts_at

    @property
    def is_over(self) -> bool:
        return self.stage is not None and self.stage.ends_at <= self.now


def stage_info(plan: ActionPlan, kind: str = StageKind.CONSULTATION) -> StageInfo:
    stage = next((s for s in plan.stages.all() if s.kind == kind), None)
    return StageInfo(stage, timezone.now())


def plan(slug: str) -> ActionPlan:
    """A plan with its calendar (one query each)."""
    stages = public.only(Stage.objects.order_by("starts_at"))
    return get_object_or_404(
        public.only(ActionPlan.objects.all()).prefetch_related(Prefetch("stages", stages)),
        slug=slug,
    )


def consulted_plan(slug: str) -> ActionPlan:
    """A plan whose calendar has a consultation stage: its draft is consulted."""
    found = plan(slug)
    if stage_info(found).stage is None:
        raise Http404
    return found


def consultation(plan: ActionPlan) -> Consultation | None:
    return public.only(Consultation.objects.filter(plan=plan)).first()


def publication(plan: ActionPlan) -> Publication | None:
    return public.only(Publication.objects.filter(plan=plan)).first()


def commitments_with_counts(plan: ActionPlan) -> QuerySet[Commitment]:
    """The draft plan's commitments, each with its counted comments by stance
    and how many were answered: one query."""
    counted = Q(comments__status__in=COUNTED)
    return (
        public.only(Commitment.objects.filter(plan=plan), "responsible_institution")
        .annotate(
            comment_count=Count("comments", filter=counted),
            agree_count=Count("comments", filter=counted & Q(comments__stance=Stance.AGREE)),
            disagree_count=Count("comments", filter=counted & Q(comments__stance=Stance.DISAGREE)),
            improve_count=Count("comments", filter=counted & Q(comments__stance=Stance.IMPROVE)),
            answered_count=Count("comments", filter=counted & Q(comments__response__isnull=False)),
        )
        .order_by("number")
    )


def commitment(plan: ActionPlan, number: int) -> Commitment:
    """A commitment of the plan with its institution and milestones (two
    queries), its plan already at hand."""
    milestones = public.only(Milestone.objects.order_by("number"))
    found = get_object_or_404(
        public.only(
            Commitment.objects.filter(plan=plan), "responsible_institution"
        ).prefetch_related(Prefetch("milestones", queryset=milestones)),
        number=number,
    )
    found.plan = plan
    return found


# --- Comments ------------------------------------------------------------------------------


def _public_comments() -> QuerySet[Comment]:
    return public.only(Comment.objects.filter(status__in=SHOWN), "response", "milestone")


@dataclass(frozen=True)
class Thread:
    """One page of a thread (a commitment's, or the plan's own), with the
    counts by stance of the whole thread."""

    page: object
    counts: dict[str, int]
    total: int


def thread(plan: ActionPlan, commitment: Commitment | None, page_number) -> Thread:
    """The top-level comments shown, a page at a time, each with its
    response, its milestone and its replies (with theirs). Four queries
    whatever the number of comments: the counts, the page, the replies."""
    top = _public_comments().filter(plan=plan, parent__isnull=True)
    top = top.filter(commitment=commitment) if commitment else top.filter(commitment__isnull=True)
    counts = counts_by_stance(plan, commitment)
    shown = counts.pop("shown")
    replies = _public_comments().filter(parent__isnull=False).order_by("confirmed_at", "pk")
    ordered = top.order_by("confirmed_at", "pk").prefetch_related(Prefetch("replies", replies))
    paginator = _CountedPaginator(ordered, COMMENTS_PER_PAGE, count=shown)
    return Thread(page=paginator.get_page(page_number), counts=counts, total=counts["total"])


class _CountedPaginator(Paginator):
    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self._known = count

    @property
    def count(self) -> int:
        return self._known


def counts_by_stance(plan: ActionPlan, commitment: Commitment | None) -> dict[str, int]:
    """Counted comments by stance (replies included), and how many top-level
    ones the thread shows: one query."""
    comments = Comment.objects.filter(plan=plan)
    comments = (
        comments.filter(commitment=commitment) if commitment else comments.filter(commitment=None)
    )
    counted = Q(status__in=COUNTED)
    return comments.aggregate(
        total=Count("pk", filter=counted),
        agree=Count("pk", filter=counted & Q(stance=Stance.AGREE)),
        disagree=Count("pk", filter=counted & Q(stance=Stance.DISAGREE)),
        improve=Count("pk", filter=counted & Q(stance=Stance.IMPROVE)),
        answered=Count("pk", filter=counted & Q(response__isnull=False)),
        shown=Count("pk", filter=Q(status__in=SHOWN, parent__isnull=True)),
    )


def comment_for_reply(pk: int) -> Comment:
    """A counted top-level comment someone replies to or reports."""
    return get_object_or_404(
        public.only(Comment.objects.filter(status__in=COUNTED), "plan", "commitment"),
        pk=pk,
    )


TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")


def comment_by_token(token: str) -> Comment:
    """A person's own comment, by the token in their e-mail. A token that
    could not be one (a NUL byte PostgreSQL would refuse) is simply unknown."""
    if not TOKEN.fullmatch(token):
        raise Http404
    return get_object_or_404(
        Comment.objects.select_related("plan", "commitment").only(
            "id",
            "status",
            "token",
            "text",
            "stance",
            "plan__id",
            "plan__slug",
            "plan__title",
            "commitment__id",
            "commitment__number",
            "commitment__title",
        ),
        token=token,
    )


# --- Versions and changes -----------------------------------------------------------------


def versions(commitment: Commitment) -> list[CommitmentVersion]:
    """The commitment's versions, each with the responses that name it and
    their comments: three queries."""
    responses = public.only(
        Response.objects.filter(comment__status__in=COUNTED), "comment"
    ).order_by("comment__confirmed_at", "comment_id")
    return list(
        public.only(CommitmentVersion.objects.filter(commitment=commitment))
        .prefetch_related(Prefetch("responses", responses))
        .order_by("number")
    )


# --- The report -----------------------------------------------------------------------------


@dataclass
class ReportRow:
    """The figures of one commitment (or of comments on the plan as a whole)."""

    commitment: Commitment | None
    total: int = 0
    by_stance: dict[str, int] = field(default_factory=dict)
    by_sector: dict[str, int] = field(default_factory=dict)
    by_region: dict[str, int] = field(default_factory=dict)
    by_outcome: dict[str, int] = field(default_factory=dict)
    revised: int = 0  # versions after the consulted one
    hidden: int = 0

    @property
    def incorporated(self) -> int:
        return self.by_outcome.get(Outcome.INCORPORATED, 0) + self.by_outcome.get(Outcome.PARTLY, 0)

    @property
    def answered(self) -> int:
        return sum(self.by_outcome.values())


def report(plan: ActionPlan) -> list[ReportRow]:
    """Per commitment (then the plan as a whole): counted comments by stance,
    sector and region, responses by outcome, revisions and hidden comments.
    Six queries, whatever the number of commitments and comments."""
    commitments = list(
        public.only(Commitment.objects.filter(plan=plan))
        .annotate(
            revised=Count("versions", filter=Q(versions__kind=CommitmentVersion.Kind.REVISED))
        )
        .order_by("number")
    )
    rows: dict[int | None, ReportRow] = {c.pk: ReportRow(c, revised=c.revised) for c in commitments}
    rows[None] = ReportRow(None)
    counted = Comment.objects.filter(plan=plan, status__in=COUNTED)
    for dimension, attribute in (
        ("stance", "by_stance"),
        ("sector", "by_sector"),
        ("region", "by_region"),
    ):
        grouped = counted.values("commitment_id", dimension).annotate(n=Count("pk"))
        for item in grouped.order_by():
            row = rows.get(item["commitment_id"])
            if row is not None:
                getattr(row, attribute)[item[dimension]] = item["n"]
    outcomes = (
        Response.objects.filter(comment__plan=plan, comment__status__in=COUNTED)
        .values("comment__commitment_id", "outcome")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for item in outcomes:
        row = rows.get(item["comment__commitment_id"])
        if row is not None:
            row.by_outcome[item["outcome"]] = item["n"]
    hidden = (
        Comment.objects.filter(plan=plan, status=CommentStatus.HIDDEN)
        .values("commitment_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for item in hidden:
        row = rows.get(item["commitment_id"])
        if row is not None:
            row.hidden = item["n"]
    for row in rows.values():
        row.total = sum(row.by_stance.values())
    return list(rows.values())


# --- Lineage -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Lineage:
    commitment: Commitment
    draft: Draft | None
    proposals: list[Proposal]
    sessions: list[Event]
    counts: dict[str, int]
    versions: list[CommitmentVersion]


def lineage(plan: ActionPlan, number: int) -> Lineage:
    """What shaped a commitment: the proposals its draft took up, the work
    table and its sessions, the draft, the consultation's comments and the
    changes after them. A draft not published yet stays out."""
    found = commitment(plan, number)
    draft = public.only(
        Draft.objects.filter(commitment=found, published_at__isnull=False), "table"
    ).first()
    proposals: list[Proposal] = []
    sessions: list[Event] = []
    if draft is not None:
        links = public.only(
            DraftProposal.objects.filter(draft=draft, proposal__status__in=PUBLIC_STATUSES),
            "proposal",
        ).order_by("proposal__tracking_code")
        proposals = [link.proposal for link in links]
        sessions = list(
            public.only(Event.objects.filter(table_id=draft.table_id)).order_by("starts_at", "pk")
        )
    return Lineage(
        commitment=found,
        draft=draft,
        proposals=proposals,
        sessions=sessions,
        counts=counts_by_stance(plan, found),
        versions=list(
            public.only(CommitmentVersion.objects.filter(commitment=found)).order_by("number")
        ),
    )


# --- The published plan ------------------------------------------------------------------


@dataclass(frozen=True)
class PublishedPlan:
    plan: ActionPlan
    publication: Publication | None
    commitments: list[Commitment]
    forum: Forum | None
    figures: dict[str, int]
    report: list[ReportRow]


def published_plan(slug: str) -> PublishedPlan:
    """Everything the official page and the PDF show: the plan and its
    calendar, its commitments in the OGP structure with their milestones and
    actors, the Forum, the participation figures and the consultation's
    summary. A fixed number of queries."""
    found = plan(slug)
    commitments = list(
        public.only(Commitment.objects.filter(plan=found), "responsible_institution")
        .prefetch_related(
            Prefetch("milestones", queryset=public.only(Milestone.objects.order_by("number"))),
            Prefetch("actors", queryset=public.only(Institution.objects.order_by("name"))),
        )
        .order_by("number")
    )
    members = public.only(ForumMember.objects.all(), "institution")
    forum = Forum.objects.prefetch_related(Prefetch("members", queryset=members)).first()
    return PublishedPlan(
        plan=found,
        publication=publication(found),
        commitments=commitments,
        forum=forum,
        figures=participation(found),
        report=report(found),
    )


def participation(plan: ActionPlan) -> dict[str, int]:
    """How many took part at each stage: proposals received, sessions held
    and their attendance, comments and people who commented. No names."""
    proposals = Proposal.objects.filter(plan=plan).count()
    sessions = Event.objects.filter(plan=plan, status=Event.Status.SCHEDULED)
    held = sessions.filter(ends_at__lte=timezone.now()).count()
    attendance = 0
    for counts in Minutes.objects.filter(event__plan=plan, published_at__isnull=False).values_list(
        "attendance", flat=True
    ):
        attendance += sum(int(n) for n in (counts or {}).values())
    comments = Comment.objects.filter(plan=plan, status__in=COUNTED).aggregate(
        n=Count("pk"), answered=Count("pk", filter=Q(response__isnull=False))
    )
    return {
        "proposals": proposals,
        "sessions": held,
        "attendance": attendance,
        "comments": comments["n"],
        "answered": comments["answered"],
    }
