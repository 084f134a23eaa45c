"""Reads for proposals. Public reads select only the columns declared public
(proposals/models.py, core/public.py) and, unless a plan is named, only the
official record."""

from __future__ import annotations

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core import public
from core.listing import Facet, Option
from plans.models import OGPValue, Origin

from .models import PUBLIC_STATUSES, Proposal, ProposalEvent, ProposerSector, Region, Status
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
        vector = SearchVector("search_document", config="spanish")
        query = SearchQuery(text, config="spanish", search_type="websearch")
        return queryset.annotate(search=vector).filter(search=query)
    for word in text.split():
        queryset = queryset.filter(search_document__contains=word)
    return queryset


def _list_base(params: dict) -> QuerySet[Proposal]:
    """The list before its filters: the official record, or one named plan's
    proposals (a demonstration plan's list shows its own, labelled), searched."""
    plan = params.get("plan")
    queryset = public_proposals(origin=None).filter(plan__slug=plan) if plan else public_proposals()
    return search(queryset, params.get("q", ""))


def _conditions(params: dict) -> dict[str, Q]:
    """The active filters, by facet."""
    conditions = {}
    value = params.get("value")
    if value in OGPValue.values:
        conditions["value"] = Q(**{value: True})
    for field in ("sector", "region", "status"):
        if params.get(field):
            conditions[field] = Q(**{field: params[field]})
    if params.get("institution"):
        conditions["institution"] = Q(responsible_institution_id=params["institution"])
    return conditions


def _all(conditions) -> Q:
    combined = Q()
    for condition in conditions:
        combined &= condition
    return combined


def filter_public(params: dict) -> QuerySet[Proposal]:
    """The public list with its filters."""
    return _list_base(params).filter(_all(_conditions(params).values()))


SORT_ORDER = {
    "recientes": ("-created_at", "-id"),
    "antiguas": ("created_at", "id"),
    "titulo": ("title", "id"),
}


def public_list_page(params: dict) -> QuerySet[Proposal]:
    """The rows of the public list, sorted (``orden``), without the long texts
    a card does not show."""
    order = SORT_ORDER.get(params.get("orden", ""), SORT_ORDER["recientes"])
    return filter_public(params).defer("description", "actors", "activities").order_by(*order)


def _facet_choices() -> dict[str, list[tuple[str, str]]]:
    return {
        "value": list(OGPValue.choices),
        "sector": list(ProposerSector.choices),
        "region": list(Region.choices),
        "status": [(status.value, status.label) for status in PUBLIC_STATUSES],
    }


def _option_condition(facet: str, value: str) -> Q:
    return Q(**{value: True}) if facet == "value" else Q(**{facet: value})


def _count(condition: Q) -> Count:
    return Count("pk", filter=condition) if condition else Count("pk")


def list_facets(params: dict) -> tuple[int, list[Facet]]:
    """How many proposals the list shows, and for every filter option how many
    it would show with that option and the other active filters.

    Two queries whatever the number of options or of proposals: one aggregate
    with a ``FILTER`` clause per option (value, sector, region, status), and
    one ``GROUP BY`` for the institutions, which also names them."""
    base = _list_base(params)
    conditions = _conditions(params)

    def others(facet: str) -> Q:
        return _all(c for name, c in conditions.items() if name != facet)

    choices = _facet_choices()
    aggregates = {"total": _count(_all(conditions.values()))}
    for facet, options in [*choices.items(), ("institution", [])]:
        aggregates[f"{facet}_all"] = _count(others(facet))
        for index, (value, _label) in enumerate(options):
            aggregates[f"{facet}_{index}"] = _count(others(facet) & _option_condition(facet, value))
    counts = base.aggregate(**aggregates)
    institutions = (
        base.filter(others("institution"), responsible_institution__isnull=False)
        .values_list("responsible_institution_id", "responsible_institution__name")
        .annotate(n=Count("pk"))
        .order_by("responsible_institution__name")
    )

    labels = {
        "value": _("Value"),
        "sector": _("Sector"),
        "region": _("Region"),
        "status": _("Status"),
        "institution": _("Institution"),
    }
    everything = {
        "value": pgettext("every OGP value", "All"),
        "sector": pgettext("every sector", "All"),
        "region": pgettext("every region", "All"),
        "status": pgettext("every status", "All"),
        "institution": pgettext("every institution", "All"),
    }
    facets = []
    for facet, options in choices.items():
        chosen = params.get(facet, "")
        facets.append(
            Facet(
                name=facet,
                label=labels[facet],
                all_label=everything[facet],
                all_count=counts[f"{facet}_all"],
                options=[
                    Option(value, str(label), counts[f"{facet}_{index}"], value == chosen)
                    for index, (value, label) in enumerate(options)
                ],
            )
        )
    chosen = params.get("institution")
    options = [Option(str(pk), name, n, pk == chosen) for pk, name, n in institutions]
    if chosen and not any(option.selected for option in options):
        # Chosen, but nothing left with the other filters: keep it visible.
        options.append(Option(str(chosen), params.get("institution_name", ""), 0, True))
    facets.insert(
        3,
        Facet(
            name="institution",
            label=labels["institution"],
            all_label=everything["institution"],
            all_count=counts["institution_all"],
            options=options,
        ),
    )
    return counts["total"], facets


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
