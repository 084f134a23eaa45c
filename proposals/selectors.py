"""Reads for proposals. Public reads never select personal data."""

from __future__ import annotations

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Case, Count, F, Prefetch, QuerySet, Value, When
from django.shortcuts import get_object_or_404

from plans.models import OGPValue

from .models import PUBLIC_STATUSES, Proposal, ProposalEvent, Status
from .services import normalise, normalise_code

# Columns a public page or export may read: never name, e-mail or organisation.
PUBLIC_FIELDS = [
    "id",
    "plan_id",
    "tracking_code",
    "created_at",
    "status",
    "status_changed_at",
    "title",
    "problem",
    "description",
    "actors",
    "activities",
    "responsible_institution_id",
    "transparency",
    "accountability",
    "participation",
    "technology",
    "sector",
    "region",
    "not_admitted_reason",
    "merged_into_id",
    "worktable_id",
    "commitment_id",
]


def public_proposals() -> QuerySet[Proposal]:
    # The name leaves the database only when its owner asked to show it.
    public_name = Case(When(show_name=True, then=F("name")), default=Value(""))
    return (
        Proposal.objects.filter(status__in=PUBLIC_STATUSES)
        .select_related("plan", "responsible_institution")
        .only(
            *PUBLIC_FIELDS,
            "plan__title",
            "plan__slug",
            "plan__start_year",
            "plan__end_year",
            "plan__origin",
            "responsible_institution__name",
        )
        .annotate(public_name=public_name)
    )


def search(queryset: QuerySet[Proposal], text: str) -> QuerySet[Proposal]:
    """Spanish full-text search that ignores accents and case."""
    text = normalise(text).strip()
    if not text:
        return queryset
    if connection.vendor == "postgresql":
        vector = SearchVector("search_document", config="spanish")
        query = SearchQuery(text, config="spanish", search_type="websearch")
        return queryset.annotate(search=vector).filter(search=query)
    for word in text.split():
        queryset = queryset.filter(search_document__contains=word)
    return queryset


def filter_public(params: dict) -> QuerySet[Proposal]:
    queryset = public_proposals()
    value = params.get("value")
    if value in OGPValue.values:
        queryset = queryset.filter(**{value: True})
    for field in ("sector", "region", "status"):
        if params.get(field):
            queryset = queryset.filter(**{field: params[field]})
    if params.get("institution"):
        queryset = queryset.filter(responsible_institution_id=params["institution"])
    if params.get("plan"):
        queryset = queryset.filter(plan__slug=params["plan"])
    return search(queryset, params.get("q", ""))


def public_events() -> QuerySet[ProposalEvent]:
    return ProposalEvent.objects.filter(is_public=True).select_related("related")


def public_proposal(pk: int) -> Proposal:
    return get_object_or_404(
        public_proposals()
        .prefetch_related(
            Prefetch("events", queryset=public_events()),
            Prefetch(
                "merged_proposals",
                queryset=Proposal.objects.only("id", "tracking_code", "title", "merged_into_id"),
            ),
        )
        .select_related("merged_into", "worktable", "commitment__plan"),
        pk=pk,
    )


def tracked_proposal(code: str) -> Proposal | None:
    """A proposal by its tracking code, whatever its status."""
    return (
        Proposal.objects.select_related("plan", "merged_into", "worktable", "commitment__plan")
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
