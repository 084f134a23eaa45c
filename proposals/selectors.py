"""Reads for proposals. Public reads select only the columns declared public
(proposals/models.py, core/public.py) and, unless a plan is named, only the
official record."""

from __future__ import annotations

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramSimilarity
from django.db import connection, transaction
from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Concat, Greatest, Left
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core import public
from core.listing import Facet, Option
from plans.models import OGPValue, Origin
from stages.models import Stage, StageKind

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


def public_list_page(params: dict, *, total: int = 0) -> QuerySet[Proposal]:
    """The rows of the public list, sorted (``orden``), without the long texts
    a card does not show. ``total``: what ``list_facets`` counted; past
    ``COUNT_LIMIT`` a search ranks only the newest ``COUNT_LIMIT`` matches,
    the rows the list's pages reach."""
    rows = filter_public(params).defer("description", "actors", "activities")
    if params.get("q") and not params.get("orden"):
        if total > COUNT_LIMIT:
            newest = filter_public(params).order_by("-created_at", "-id").values("pk")
            rows = rows.filter(pk__in=Subquery(newest[:COUNT_LIMIT]))
        return by_relevance(rows, params["q"])  # a search lists the best matches first
    order = SORT_ORDER.get(params.get("orden", ""), SORT_ORDER["recientes"])
    return rows.order_by(*order)


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


# Counting every match of a word found in most of 100 000 proposals costs a
# scan of them all on every new search. The list counts at most this many: past
# it, the total reads "more than 10 000" and the filters show no per-option
# numbers (they would be counts of a sample).
COUNT_LIMIT = 10_000


def _grouped_counts(params: dict, bounded: QuerySet[Proposal], others) -> QuerySet:
    """The open-ended facets, institutions and plans, counted in one query
    (``UNION ALL`` of one ``GROUP BY`` each): rows of (facet, value, label,
    rank, count), which also name the options.

    Institutions count within the list (``bounded``). Plans count within the
    official record, whatever plan is chosen ("All" is the official record),
    with the other filters, bounded at ``COUNT_LIMIT`` + 1 as well."""
    institutions = (
        Proposal.objects.filter(pk__in=Subquery(bounded.values("pk")))
        .filter(others("institution"), responsible_institution__isnull=False)
        .annotate(
            facet=Value("institution"),
            value=Cast("responsible_institution_id", CharField()),
            label=F("responsible_institution__name"),
            rank=Value(0, output_field=IntegerField()),
        )
        .values("facet", "value", "label", "rank")
        .annotate(n=Count("pk"))
        .order_by()
    )
    official = search(public_proposals(), params.get("q", "")).filter(others("plan")).order_by()
    plans = (
        Proposal.objects.filter(pk__in=Subquery(official.values("pk")[: COUNT_LIMIT + 1]))
        .annotate(
            facet=Value("plan"),
            value=F("plan__slug"),
            label=Concat(
                "plan__title",
                Value(" "),
                Cast("plan__start_year", CharField()),
                Value("-"),
                Cast("plan__end_year", CharField()),
                output_field=CharField(),
            ),
            rank=-F("plan__start_year"),  # newest first
        )
        .values("facet", "value", "label", "rank")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return institutions.union(plans, all=True)


def list_facets(params: dict) -> tuple[int, list[Facet]]:
    """How many proposals the list shows (up to ``COUNT_LIMIT`` + 1: more
    means "more than the limit"), and for every filter option how many it would
    show with that option and the other active filters (``None`` when the
    search matches more than the limit).

    Two queries whatever the number of options or of proposals, over at most
    ``COUNT_LIMIT`` + 1 rows: one aggregate with a ``FILTER`` clause per option
    (value, sector, region, status), and one ``UNION`` of a ``GROUP BY`` for
    the institutions and one for the plans, which also names them; with
    filters chosen, a third: the bounded total."""
    base = _list_base(params).order_by()
    bounded = base[: COUNT_LIMIT + 1]
    conditions = _conditions(params)

    def others(facet: str) -> Q:
        return _all(c for name, c in conditions.items() if name != facet)

    choices = _facet_choices()
    aggregates = {"matched": Count("pk"), "total": _count(_all(conditions.values()))}
    for facet, options in [*choices.items(), ("institution", [])]:
        aggregates[f"{facet}_all"] = _count(others(facet))
        for index, (value, _label) in enumerate(options):
            aggregates[f"{facet}_{index}"] = _count(others(facet) & _option_condition(facet, value))
    counts = bounded.aggregate(**aggregates)
    grouped = {"institution": [], "plan": []}
    for facet, value, label, _rank, n in sorted(
        _grouped_counts(params, bounded, others).values_list(
            "facet", "value", "label", "rank", "n"
        ),
        key=lambda row: (row[3], row[2]),
    ):
        grouped[facet].append((value, label, n))
    # With filters chosen, the total is counted on its own (bounded), whatever
    # the size, so that the number of queries never depends on the data.
    total = filter_public(params).order_by()[: COUNT_LIMIT + 1].count() if conditions else None
    plan_total = sum(n for _value, _label, n in grouped["plan"])
    if counts["matched"] > COUNT_LIMIT:
        total = total if conditions else counts["matched"]
        counts = dict.fromkeys(counts)  # a sample's numbers: none shown
        grouped["institution"] = [
            (value, label, None) for value, label, _n in grouped["institution"]
        ]
    if counts["matched"] is None or plan_total > COUNT_LIMIT:
        grouped["plan"] = [(value, label, None) for value, label, _n in grouped["plan"]]
        plan_total = None
    if total is not None:
        counts["total"] = total

    labels = {
        "plan": _("Action plan"),
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
    facets.insert(
        3,
        _grouped_facet(
            "institution",
            labels["institution"],
            everything["institution"],
            counts["institution_all"],
            grouped["institution"],
            chosen=str(params.get("institution", "")),
            chosen_label=params.get("institution_name", ""),
            chosen_count=0,
        ),
    )
    facets.insert(
        0,
        _grouped_facet(
            "plan",
            labels["plan"],
            pgettext("every plan", "All official plans"),
            plan_total,
            grouped["plan"],
            chosen=params.get("plan", ""),
            chosen_label=params.get("plan_name", ""),
            # A demonstration plan, or none left with the other filters: what
            # the list shows is what choosing it gives.
            chosen_count=counts["total"],
        ),
    )
    return counts["total"], facets


def _grouped_facet(
    name: str,
    label: str,
    all_label: str,
    all_count: int | None,
    rows: list[tuple[str, str, int | None]],
    *,
    chosen: str,
    chosen_label: str,
    chosen_count: int | None,
) -> Facet:
    """A facet whose options are the values with results; the chosen one stays
    visible even when it has none."""
    options = [Option(value, label, n, value == chosen) for value, label, n in rows]
    if chosen and not any(option.selected for option in options):
        options.append(Option(chosen, chosen_label, chosen_count, True))
    return Facet(name=name, label=label, all_label=all_label, all_count=all_count, options=options)


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


def review_calendar(code: str) -> dict[str, Stage]:
    """The stages that say when the Forum reviews a proposal just sent: its
    plan's reception (when it closes) and work tables (only published
    proposals reach them), by kind; empty for an unknown code. One query."""
    stages = Stage.objects.filter(
        plan__proposals__tracking_code=normalise_code(code),
        kind__in=[StageKind.RECEPTION, StageKind.WORKTABLES],
    )
    return {stage.kind: stage for stage in stages}


def status_counts(queryset: QuerySet[Proposal] | None = None) -> dict[str, int]:
    queryset = Proposal.objects.all() if queryset is None else queryset
    rows = queryset.order_by().values("status").annotate(n=Count("id"))
    counts = dict.fromkeys(Status.values, 0)
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


# --- A plan's and a commitment's proposals ---------------------------------------


def plan_figures(plan) -> dict[str, int]:
    """A plan's public numbers: proposals received, awaiting moderation, not
    admitted, published (public now), integrated into a draft or a commitment
    at some step (selected or not afterwards), and selected. Not admitted ones
    are counted, though their pages stay private. Only the plan's own record
    (its origin: the official record for an official plan).

    One query whatever the number of proposals: an aggregate with a ``FILTER``
    clause per number."""
    integrated_step = ProposalEvent.objects.filter(
        proposal=OuterRef("pk"), to_status=Status.INTEGRATED
    )
    return Proposal.objects.filter(plan=plan, origin=plan.origin).aggregate(
        received=Count("pk"),
        pending=Count("pk", filter=Q(status=Status.RECEIVED)),
        not_admitted=Count("pk", filter=Q(status=Status.NOT_ADMITTED)),
        published=Count("pk", filter=Q(status__in=PUBLIC_STATUSES)),
        integrated=Count(
            "pk",
            filter=Q(status__in=[Status.INTEGRATED, Status.SELECTED]) | Q(Exists(integrated_step)),
        ),
        selected=Count("pk", filter=Q(status=Status.SELECTED)),
    )


def commitment_sources(commitment) -> list[Proposal]:
    """The public proposals that led to a commitment (integrated into it, or
    selected with it), with their codes and titles. One query."""
    return list(
        Proposal.objects.filter(commitment=commitment, status__in=PUBLIC_STATUSES)
        .only("id", "tracking_code", "title", "status")
        .order_by("tracking_code")
    )


# --- Similar proposals ----------------------------------------------------------

SIMILAR_LIMIT = 5
# The problem is compared by its beginning (usually the sentence that states
# it): enough to recognise the same problem, short enough for the trigram
# index (migration 0006) to pick few candidates among 100 000 proposals.
PROBLEM_HEAD = 200
# Two texts reworded from each other score 0.5-0.8; unrelated ones on the same
# subject, 0.2-0.3. pg_trgm's default (0.3) would let the index return far too
# many candidates on long texts.
SIMILARITY_THRESHOLD = 0.45
# Words too common to say two proposals are alike.
# fmt: off
STOP_WORDS = frozenset({
    "para", "como", "sobre", "entre", "desde", "hasta", "donde", "cuando", "porque", "pero",
    "sino", "tambien", "este", "esta", "estos", "estas", "aquel", "cada", "todo", "toda",
    "todos", "todas", "otro", "otra", "otros", "otras", "menos", "unos", "unas", "tiene",
    "tienen", "puede", "pueden", "debe", "deben", "falta", "hace", "hacer",
})
# fmt: on


def similar_proposals(
    queryset: QuerySet[Proposal], title: str, problem: str, limit: int = SIMILAR_LIMIT
) -> list[Proposal]:
    """The proposals of ``queryset`` most like a title and a problem, most
    alike first: trigram similarity on PostgreSQL (served by GIN indexes),
    shared words elsewhere."""
    if not (title.strip() or problem.strip()):
        return []
    if connection.vendor == "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            # For this transaction only: pg_trgm's ``%`` keeps pairs at least
            # this similar, and the GIN indexes skip the rest.
            cursor.execute(
                "SELECT set_config('pg_trgm.similarity_threshold', %s, true)",
                [str(SIMILARITY_THRESHOLD)],
            )
            return list(similar_query(queryset, title, problem)[:limit])
    return similar_by_words(queryset, title, problem, limit)


def similar_query(queryset: QuerySet[Proposal], title: str, problem: str) -> QuerySet[Proposal]:
    """PostgreSQL: rows whose title, or the start of whose problem, is
    trigram-similar (``%``, pg_trgm's threshold) to the given ones, the most
    similar first. ``title`` and ``LEFT(problem, 200)`` are the expressions of
    the GIN indexes, so the planner can use them."""
    title, problem = title.strip(), problem.strip()[:PROBLEM_HEAD]
    return (
        queryset.annotate(
            problem_head=Left("problem", PROBLEM_HEAD),
            similarity=Greatest(
                TrigramSimilarity("title", title),
                TrigramSimilarity(Left("problem", PROBLEM_HEAD), problem),
            ),
        )
        .filter(Q(title__trigram_similar=title) | Q(problem_head__trigram_similar=problem))
        .order_by("-similarity", "-id")
    )


def _words(text: str) -> set[str]:
    return {
        word
        for word in "".join(c if c.isalnum() else " " for c in normalise(text)).split()
        if len(word) > 3 and word not in STOP_WORDS
    }


def similar_by_words(
    queryset: QuerySet[Proposal], title: str, problem: str, limit: int = SIMILAR_LIMIT
) -> list[Proposal]:
    """Without trigrams (SQLite): candidates containing one of the longest
    words, ranked by the share of words they have in common."""
    words = _words(f"{title} {problem[:PROBLEM_HEAD]}")
    if not words:
        return []
    matches = Q()
    for word in sorted(words, key=len, reverse=True)[:8]:
        matches |= Q(search_document__contains=word)
    scored = []
    for proposal in queryset.filter(matches).order_by("-id")[:200]:
        theirs = _words(f"{proposal.title} {proposal.problem[:PROBLEM_HEAD]}")
        score = len(words & theirs) / len(words | theirs) if theirs else 0
        if score >= 0.15:
            scored.append((score, proposal.pk, proposal))
    scored.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return [proposal for _score, _pk, proposal in scored[:limit]]


def similar_published(plan, title: str, problem: str) -> list[Proposal]:
    """For a proposer: the published proposals of the record their plan belongs
    to (the official record, or a demonstration plan's own) most like theirs."""
    return similar_proposals(public_proposals(origin=plan.origin), title, problem)


def likely_duplicates(proposal: Proposal) -> list[Proposal]:
    """For a moderator: the proposals of the same plan most like this one that
    it could be merged into (not merged or not admitted themselves)."""
    candidates = (
        Proposal.objects.filter(plan_id=proposal.plan_id)
        .exclude(pk=proposal.pk)
        .exclude(status__in=[Status.MERGED, Status.NOT_ADMITTED])
        .only("id", "tracking_code", "title", "problem", "status", "created_at")
    )
    return similar_proposals(candidates, proposal.title, proposal.problem)
