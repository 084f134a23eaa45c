"""Reads of the follow-up: the dashboard's figures, computed in the database
(a fixed number of queries, whatever the number of commitments), each
commitment's progress timeline, and the evidence repository.

A commitment's reported progress is derived from its milestones' current
progress (``CurrentProgress``: the latest public, undisputed update). Each
milestone scores 0 (no evidence, not started), 1 (limited), 2 (substantial)
or 3 (complete); the commitment's progress is its score over 3 x milestones:

- no milestone reported: **no evidence available**;
- 0 %: **not started**; 100 %: **complete**;
- 50 % or more: **substantial**; otherwise **limited**.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import (
    Avg,
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThanOrEqual
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import public
from core.models import Origin
from plans.models import ActionPlan, Commitment, Completion, Institution, Milestone, OGPValue
from proposals.services import normalise

from .models import EVIDENCE_TYPES, MAX_SCORE, SCORES, CurrentProgress, Evidence, ProgressUpdate

# A commitment whose latest report is older than this is stale (OGP asks for
# the repository to be updated at least twice a year).
STALE_AFTER = dt.timedelta(days=183)
OVERDUE_SHOWN = 50


# --- A commitment's progress, in SQL ------------------------------------------------


def _score() -> Case:
    """A milestone's score, from its current progress (no row: 0)."""
    return Case(
        *[
            When(current_progress__status=status, then=Value(score))
            for status, score in SCORES.items()
            if score
        ],
        default=Value(0),
        output_field=IntegerField(),
    )


def _per_commitment(aggregate) -> Coalesce:
    """``aggregate`` over the milestones of the outer commitment, as a subquery."""
    rows = (
        Milestone.objects.filter(commitment=OuterRef("pk"))
        .order_by()
        .values("commitment")
        .annotate(result=aggregate)
        .values("result")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def with_progress(commitments: QuerySet[Commitment], today: dt.date) -> QuerySet[Commitment]:
    """Annotate each commitment with its milestones (``milestone_count``),
    those reported (``reported``), its score, ``progress`` (0-100), the derived
    status (``reported_status``), its last report and its overdue milestones.
    Correlated subqueries rather than joins, so the results can be filtered
    and grouped like plain columns."""
    last = (
        CurrentProgress.objects.filter(milestone__commitment=OuterRef("pk"))
        .order_by("-reported_at")
        .values("reported_at")[:1]
    )
    overdue = Count("pk", filter=Q(end_date__lt=today) & ~Q(current_progress__status="complete"))
    return commitments.annotate(
        milestone_count=_per_commitment(Count("pk")),
        reported=_per_commitment(Count("current_progress")),
        score=_per_commitment(Sum(_score())),
        last_reported=Subquery(last),
        overdue=_per_commitment(overdue),
    ).annotate(
        progress=Case(
            When(milestone_count=0, then=Value(0)),
            default=F("score") * 100 / (F("milestone_count") * MAX_SCORE),
            output_field=IntegerField(),
        ),
        reported_status=Case(
            When(reported=0, then=Value(Completion.NO_EVIDENCE.value)),
            When(score=0, then=Value(Completion.NOT_STARTED.value)),
            When(
                GreaterThanOrEqual(F("score"), F("milestone_count") * MAX_SCORE),
                then=Value(Completion.COMPLETE.value),
            ),
            When(
                GreaterThanOrEqual(F("score") * 2, F("milestone_count") * MAX_SCORE),
                then=Value(Completion.SUBSTANTIAL.value),
            ),
            default=Value(Completion.LIMITED.value),
        ),
    )


# --- The dashboard ----------------------------------------------------------------


@dataclass
class Dashboard:
    """Everything the dashboard shows, for the commitments that pass the filters."""

    commitments: QuerySet[Commitment]  # annotated (with_progress), ordered
    summary: dict
    by_status: list[tuple[Completion, int]]
    by_institution: list[dict]
    by_value: list[dict]
    by_plan: list[dict] = field(default_factory=list)
    overdue: list[Milestone] = field(default_factory=list)


def filtered_commitments(
    params: dict, today: dt.date, plan: ActionPlan | None = None
) -> QuerySet[Commitment]:
    """The commitments of ``plan`` (any origin: its page says which), or of
    every official plan, with their progress, filtered by institution, OGP
    value and reported status."""
    queryset = Commitment.objects.filter(plan=plan) if plan else _official()
    if params.get("institution"):
        queryset = queryset.filter(responsible_institution_id=params["institution"])
    if params.get("value") in OGPValue.values:
        queryset = queryset.filter(**{params["value"]: True})
    queryset = with_progress(queryset, today)
    if params.get("status") in Completion.values:
        queryset = queryset.filter(reported_status=params["status"])
    return queryset


def _official() -> QuerySet[Commitment]:
    return Commitment.objects.filter(plan__origin=Origin.OFFICIAL)


def dashboard(params: dict, today: dt.date, plan: ActionPlan | None = None) -> Dashboard:
    stale_before = timezone.make_aware(dt.datetime.combine(today - STALE_AFTER, dt.time.min))
    commitments = filtered_commitments(params, today, plan)
    summary = commitments.aggregate(
        total=Count("pk"),
        average=Avg("progress"),
        overdue_milestones=Sum("overdue"),
        never=Count("pk", filter=Q(last_reported__isnull=True)),
        stale=Count("pk", filter=Q(last_reported__lt=stale_before)),
        **{
            f"{value}_{name}": aggregate
            for value in OGPValue.values
            for name, aggregate in (
                ("count", Count("pk", filter=Q(**{value: True}))),
                ("progress", Avg("progress", filter=Q(**{value: True}))),
            )
        },
    )
    statuses = dict(commitments.order_by().values_list("reported_status").annotate(n=Count("pk")))
    institutions = (
        commitments.order_by()
        .values("responsible_institution__name")
        .annotate(
            commitments=Count("pk"),
            progress=Avg("progress"),
            complete=Count("pk", filter=Q(reported_status=Completion.COMPLETE)),
            overdue_milestones=Sum("overdue"),
        )
        .order_by("-commitments", "responsible_institution__name")
    )
    result = Dashboard(
        commitments=public.only(commitments, "plan", "responsible_institution").order_by(
            "-plan__start_year", "plan__title", "number"
        ),
        summary=summary,
        by_status=[(status, statuses.get(status.value, 0)) for status in Completion],
        by_institution=[
            {
                "name": row["responsible_institution__name"],
                "commitments": row["commitments"],
                "progress": round(row["progress"] or 0),
                "complete": row["complete"],
                "overdue": row["overdue_milestones"] or 0,
            }
            for row in institutions
        ],
        by_value=[
            {
                "value": value,
                "commitments": summary[f"{value.value}_count"],
                "progress": round(summary[f"{value.value}_progress"] or 0),
            }
            for value in OGPValue
        ],
    )
    if plan is None:
        result.by_plan = [
            {**row, "progress": round(row["progress"] or 0)}
            for row in commitments.order_by()
            .values("plan__slug", "plan__title", "plan__start_year", "plan__end_year")
            .annotate(commitments=Count("pk"), progress=Avg("progress"))
            .order_by("-plan__start_year", "plan__title")
        ]
    result.overdue = list(
        public.only(
            Milestone.objects.filter(
                commitment__in=commitments.values("pk"), end_date__lt=today
            ).exclude(current_progress__status=Completion.COMPLETE),
            "commitment",
            "commitment__plan",
            "commitment__responsible_institution",
        ).order_by("end_date", "pk")[:OVERDUE_SHOWN]
    )
    return result


def plans_for_filter() -> list[ActionPlan]:
    """Every plan, for a filter (the official ones are listed apart)."""
    return list(public.only(ActionPlan.objects.all()).order_by("-start_year", "title"))


def responsible_institutions() -> QuerySet[Institution]:
    """Official institutions responsible for a commitment, for the filters."""
    return public.only(
        Institution.objects.filter(
            Exists(Commitment.objects.filter(responsible_institution=OuterRef("pk"))),
            origin=Origin.OFFICIAL,
        )
    ).order_by("name")


def public_plan(slug: str) -> ActionPlan:
    return get_object_or_404(public.only(ActionPlan.objects.all()), slug=slug)


# --- A commitment's timeline -------------------------------------------------------


def public_updates() -> QuerySet[ProgressUpdate]:
    evidence = public.only(Evidence.objects.all()).order_by("pk")
    return public.only(
        ProgressUpdate.objects.filter(is_public=True), "institution"
    ).prefetch_related(Prefetch("evidence", queryset=evidence))


def timeline(commitment: Commitment, today: dt.date) -> dict:
    """The commitment's reported progress, each milestone's current progress
    and every public update, newest first."""
    progress = with_progress(Commitment.objects.filter(pk=commitment.pk).order_by(), today).values(
        "milestone_count", "reported", "progress", "reported_status", "last_reported", "overdue"
    )[0]
    current = {
        row.milestone_id: row
        for row in public.only(
            CurrentProgress.objects.filter(milestone__commitment_id=commitment.pk)
        )
    }
    updates = list(
        public_updates()
        .filter(milestone__commitment_id=commitment.pk)
        .order_by("-reported_at", "-id")
    )
    milestones = {milestone.pk: milestone for milestone in commitment.milestones.all()}
    for update in updates:
        update.shown_milestone = milestones.get(update.milestone_id)
    return {
        "progress": progress,
        "percent": percent(progress["progress"]),
        "reported_status": Completion(progress["reported_status"]),
        "milestones": [(milestone, current.get(milestone.pk)) for milestone in milestones.values()],
        "updates": updates,
        "stale": is_stale(progress["last_reported"], today),
    }


def percent(value: float) -> str:
    """``45 %`` in Spanish, ``45%`` in English."""
    return _("%(value)d%%") % {"value": round(value)}


def days_since(moment: dt.datetime | None, today: dt.date) -> int | None:
    if moment is None:
        return None
    return (today - timezone.localdate(moment)).days


def is_stale(last_reported: dt.datetime | None, today: dt.date) -> bool:
    days = days_since(last_reported, today)
    return days is not None and days > STALE_AFTER.days


# --- The evidence repository ----------------------------------------------------------
#
# Every public document of the process and of implementation, from every app
# that has some: each source turns its records into rows of the same columns
# (DOCUMENT_COLUMNS), filtered by the visitor's search, plan and stage, and the
# repository lists their union by date. Apps to the left of tracking (the work
# tables' minutes, the consultation's report, the plan's PDF) add a function
# to SOURCES as they land; tracking can read their models directly.

IMPLEMENTATION = "implementation"  # the stage of a document of the follow-up
DOCUMENT_COLUMNS = [
    "kind",
    "pk",
    "title",
    "context",
    "date",
    "stage",
    "plan_slug",
    "plan_title",
    "origin",
    "url",
    "content_type",
    "size",
    "disputed",
]


@dataclass(frozen=True)
class DocumentQuery:
    text: str = ""  # what the visitor searched for, as typed
    plan: str = ""  # a plan's slug: that plan's documents, whatever their origin
    stage: str = ""


@dataclass(frozen=True)
class Source:
    """One kind of document: ``rows(query)`` gives its rows (DOCUMENT_COLUMNS,
    official record only unless the query names a plan); ``latest()`` the
    date of its newest official document; ``href(row)`` where to read it."""

    kind: str
    stages: tuple[str, ...]
    rows: Callable[[DocumentQuery], QuerySet]
    latest: Callable[[], dt.datetime | None]
    href: Callable[[dict], str]


def _evidence_rows(query: DocumentQuery) -> QuerySet:
    evidence = Evidence.objects.filter(update__is_public=True)
    if query.plan:
        evidence = evidence.filter(update__milestone__commitment__plan__slug=query.plan)
    else:
        evidence = evidence.filter(update__origin=Origin.OFFICIAL)
    if query.stage and query.stage != IMPLEMENTATION:
        evidence = evidence.none()
    evidence = _search(evidence, query.text)
    return as_rows(
        evidence,
        kind=Value("evidence"),
        pk=F("pk"),
        title=F("title"),
        context=F("update__milestone__commitment__title"),
        date=F("created_at"),
        stage=Value(IMPLEMENTATION),
        plan_slug=F("update__milestone__commitment__plan__slug"),
        plan_title=F("update__milestone__commitment__plan__title"),
        origin=F("update__origin"),
        url=F("url"),
        content_type=F("content_type"),
        size=F("size"),
        disputed=F("update__is_disputed"),
    )


def as_rows(queryset: QuerySet, **columns) -> QuerySet:
    """``queryset`` as rows of DOCUMENT_COLUMNS, named ``doc_<column>`` in SQL
    (model fields keep their own names), so every source's rows can be joined
    in one UNION."""
    if sorted(columns) != sorted(DOCUMENT_COLUMNS):
        raise ValueError(f"a source gives exactly {DOCUMENT_COLUMNS}")
    named = {f"doc_{name}": columns[name] for name in DOCUMENT_COLUMNS}
    return queryset.annotate(**named).values_list(*named)


def _evidence_latest() -> dt.datetime | None:
    return (
        Evidence.objects.filter(update__is_public=True, update__origin=Origin.OFFICIAL)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )


def _evidence_href(row: dict) -> str:
    return row["url"] or reverse("tracking:evidence_file", args=[row["pk"]])


SOURCES: list[Source] = [
    Source("evidence", (IMPLEMENTATION,), _evidence_rows, _evidence_latest, _evidence_href),
]


def _search(queryset: QuerySet, text: str) -> QuerySet:
    """Search ``search_document`` (lower case, no accents): Spanish full-text
    on PostgreSQL, every word as a substring elsewhere."""
    text = normalise(text).strip()
    if not text:
        return queryset
    if connection.vendor == "postgresql":
        vector = SearchVector("search_document", config="spanish")
        search = SearchQuery(text, config="spanish", search_type="websearch")
        return queryset.annotate(search=vector).filter(search=search)
    for word in text.split():
        queryset = queryset.filter(search_document__contains=word)
    return queryset


def documents(query: DocumentQuery) -> QuerySet:
    """Every source's rows, newest first, as one queryset (a UNION ALL)."""
    parts = [source.rows(query) for source in SOURCES]
    combined = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return combined.order_by("-doc_date", "-doc_pk")


def as_documents(rows) -> list[dict]:
    """The rows of a page as dictionaries, each with its ``href``."""
    hrefs = {source.kind: source.href for source in SOURCES}
    stages = dict(stage_choices())
    result = []
    for values in rows:
        row = dict(zip(DOCUMENT_COLUMNS, values, strict=True))
        row["href"] = hrefs[row["kind"]](row)
        row["stage_label"] = stages.get(row["stage"], row["stage"])
        row["type_label"] = EVIDENCE_TYPES.get(row["content_type"], ("", row["content_type"]))[1]
        result.append(row)
    return result


def last_addition() -> dt.datetime | None:
    """When the newest official document of any source was added."""
    dates = [date for date in (source.latest() for source in SOURCES) if date is not None]
    return max(dates, default=None)


def stage_choices() -> list[tuple[str, str]]:
    """The stages documents can belong to, in the process's order."""
    from stages.models import StageKind

    present = {stage for source in SOURCES for stage in source.stages}
    choices = [(kind.value, kind.label) for kind in StageKind if kind.value in present]
    return choices + [(IMPLEMENTATION, _("Implementation and follow-up"))]


def evidence_file(pk: int) -> Evidence:
    """A stored evidence file, only while its update is public."""
    return get_object_or_404(
        Evidence.objects.filter(update__is_public=True)
        .exclude(file="")
        .only("pk", "file", "content_type", "size"),
        pk=pk,
    )


# --- Staff pages ---------------------------------------------------------------------


def commitments_for(
    institution_ids: set[int], *, every: bool, today: dt.date
) -> QuerySet[Commitment]:
    """The commitments a person follows: their institutions' (an officer), or
    all (a reviewer); plans in implementation first, with their milestones."""
    queryset = (
        Commitment.objects.all()
        if every
        else Commitment.objects.filter(responsible_institution_id__in=institution_ids)
    )
    milestones = Milestone.objects.select_related("current_progress").order_by("number")
    implementing = Case(
        When(plan__status=ActionPlan.Status.IMPLEMENTATION, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return (
        with_progress(queryset.select_related("plan", "responsible_institution"), today)
        .prefetch_related(Prefetch("milestones", queryset=milestones))
        .order_by(implementing, "-plan__start_year", "plan__title", "number")
    )


def milestone_updates(milestone: Milestone) -> list[ProgressUpdate]:
    """Every update of a milestone, withdrawn ones included, for staff."""
    return list(
        milestone.progress_updates.select_related("institution", "author", "disputed_by")
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("pk")))
        .order_by("-reported_at", "-id")
    )
