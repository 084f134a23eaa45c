"""Reads for proposals. Public reads select only the columns declared public
(proposals/models.py, core/public.py) and, unless a plan is named, only the
official record."""

from __future__ import annotations

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Count, F, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from core import public
from plans.models import OGPValue, Origin

from .models import PUBLIC_STATUSES, Proposal, ProposalEvent, Status
from .services import normalise, normalise_code


def public_proposals(origin: str | None = Origin.OFFICIAL) -> QuerySet[Proposal]:
    """Published proposals, with their plan and institution (public columns
    only). ``origin=None``: every origin, for a page that names its plan."""
    queryset = Proposal.objects.filter(status__in=PUBLIC_STATUSES)
    if origin:
        queryset = queryset.filter(origin=origin)
    return public.only(queryset, "plan", "responsible_institution")


def search(queryset: QuerySet[Proposal], text: str) -> QuerySet[Proposal]:
    """Spanish full-text search that ignores accents and case."""
    text = normalise(text).strip()
    if not text:
        return queryset
    if connection.vendor == "postgresql":
        # The stored vector (GIN-indexed, kept by a trigger): nothing is
        # computed per row, so a word found in most proposals stays cheap.
        return queryset.filter(search_vector=_query(text))
    for word in text.split():
        queryset = queryset.filter(search_document__contains=word)
    return queryset


def _query(text: str) -> SearchQuery:
    return SearchQuery(text, config="spanish", search_type="websearch")


def by_relevance(queryset: QuerySet[Proposal], text: str) -> QuerySet[Proposal]:
    """Best matches first (PostgreSQL); newest first elsewhere or without text."""
    text = normalise(text).strip()
    if not text or connection.vendor != "postgresql":
        return queryset
    rank = SearchRank(F("search_vector"), _query(text))
    return queryset.annotate(rank=rank).order_by("-rank", "-created_at", "-id")


def filter_public(params: dict) -> QuerySet[Proposal]:
    """The public list: the official record, or one named plan's proposals
    (a demonstration plan's list shows its own, labelled)."""
    plan = params.get("plan")
    queryset = public_proposals(origin=None).filter(plan__slug=plan) if plan else public_proposals()
    value = params.get("value")
    if value in OGPValue.values:
        queryset = queryset.filter(**{value: True})
    for field in ("sector", "region", "status"):
        if params.get(field):
            queryset = queryset.filter(**{field: params[field]})
    if params.get("institution"):
        queryset = queryset.filter(responsible_institution_id=params["institution"])
    return search(queryset, params.get("q", ""))


def public_events() -> QuerySet[ProposalEvent]:
    events = ProposalEvent.objects.filter(is_public=True)
    return public.only(events, "related")


def _related_proposals() -> QuerySet[Proposal]:
    return Proposal.objects.only("id", "tracking_code", "title", "status", "merged_into_id")


def public_proposal(pk: int) -> Proposal:
    """One published proposal of any origin (its page says which)."""
    return get_object_or_404(
        public.only(
            Proposal.objects.filter(status__in=PUBLIC_STATUSES),
            "plan",
            "responsible_institution",
            "merged_into",
            "commitment",
            "commitment__plan",
        ).prefetch_related(
            Prefetch("events", queryset=public_events()),
            Prefetch("merged_proposals", queryset=_related_proposals()),
        ),
        pk=pk,
    )


def tracked_proposal(code: str) -> Proposal | None:
    """A proposal by its tracking code, whatever its status: the same public
    columns, since whoever holds the code need not be its proposer."""
    return (
        public.only(
            Proposal.objects.all(),
            "plan",
            "responsible_institution",
            "merged_into",
            "commitment",
            "commitment__plan",
        )
        .prefetch_related(Prefetch("events", queryset=public_events()))
        .filter(tracking_code=normalise_code(code))
        .first()
    )


def status_counts(queryset: QuerySet[Proposal] | None = None) -> dict[str, int]:
    queryset = Proposal.objects.all() if queryset is None else queryset
    rows = queryset.order_by().values("status").annotate(n=Count("id"))
    counts = dict.fromkeys(Status.values, 0)
    counts.update({row["status"]: row["n"] for row in rows})
    return counts
