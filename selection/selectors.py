"""Reads of the selection. Scores are added up by criterion in one aggregate
query for any number of drafts; public reads select only the columns
declared public (a member's comment is not), so the report's query count
does not grow with the drafts."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from core import public
from core.listing import CountedPaginator
from plans.models import ActionPlan, Commitment, Forum, ForumMember, OGPValue
from stages.models import Stage, StageKind
from worktables.models import Draft, DraftMilestone, DraftProposal, DraftVersion, Event

from . import smart
from .models import (
    Assessment,
    AssessmentRevision,
    Decision,
    DecisionEvent,
    Feasibility,
    Outcome,
    Potential,
    SelectionReport,
)

REPORT_PAGE_SIZE = 50


@dataclass
class ScoreSummary:
    """The scores of one draft added up by criterion, without names."""

    scores: int = 0
    comments: int = 0  # staff pages only: a comment is not public
    verifiable_yes: int = 0
    verifiable_no: int = 0
    values: dict[str, int] = field(default_factory=dict)
    potential: dict[str, int] = field(default_factory=dict)
    feasibility: dict[str, int] = field(default_factory=dict)

    @property
    def value_rows(self) -> list[tuple[str, int]]:
        return [(str(value.label), self.values.get(value.value, 0)) for value in OGPValue]

    @property
    def potential_rows(self) -> list[tuple[str, int]]:
        return [(str(choice.label), self.potential.get(choice.value, 0)) for choice in Potential]

    @property
    def feasibility_rows(self) -> list[tuple[str, int]]:
        return [
            (str(choice.label), self.feasibility.get(choice.value, 0)) for choice in Feasibility
        ]


def _scored(**condition) -> Count:
    return Count("pk", filter=Q(verifiable__isnull=False, **condition))


def summaries(draft_ids: list[int], *, with_comments: bool = False) -> dict[int, ScoreSummary]:
    """{draft id: summary} in one GROUP BY query. ``with_comments`` (staff
    pages) also counts the comments, reading a column the public never does."""
    aggregates = {
        "scores": _scored(),
        "verifiable_yes": _scored(verifiable=True),
        "verifiable_no": _scored(verifiable=False),
        **{f"value_{value}": _scored(**{value: True}) for value in OGPValue.values},
        **{f"potential_{choice}": _scored(potential=choice) for choice in Potential.values},
        **{f"feasibility_{choice}": _scored(feasibility=choice) for choice in Feasibility.values},
    }
    if with_comments:
        aggregates["comments"] = Count("pk", filter=~Q(comment=""))
    rows = (
        Assessment.objects.filter(draft_id__in=draft_ids)
        .values("draft_id")
        .annotate(**aggregates)
        .order_by()
    )
    result = {pk: ScoreSummary() for pk in draft_ids}
    for row in rows:
        result[row["draft_id"]] = ScoreSummary(
            scores=row["scores"],
            comments=row.get("comments", 0),
            verifiable_yes=row["verifiable_yes"],
            verifiable_no=row["verifiable_no"],
            values={value: row[f"value_{value}"] for value in OGPValue.values},
            potential={choice: row[f"potential_{choice}"] for choice in Potential.values},
            feasibility={choice: row[f"feasibility_{choice}"] for choice in Feasibility.values},
        )
    return result


# --- The public report ---------------------------------------------------------------


@dataclass(frozen=True)
class Totals:
    drafts: int
    selected: int
    not_selected: int

    @property
    def undecided(self) -> int:
        return self.drafts - self.selected - self.not_selected


@dataclass(frozen=True)
class Report:
    plan: ActionPlan
    report: SelectionReport | None
    stage: Stage | None  # the selection stage, to say when the report comes
    forum: Forum | None
    totals: Totals | None = None
    page: object = None  # a Page of drafts, each with .findings, .summary, .named_scores
    draft_plan: list[Commitment] = field(default_factory=list)

    @property
    def published(self) -> bool:
        return self.report is not None


def _published_drafts(plan: ActionPlan) -> QuerySet[Draft]:
    return Draft.objects.filter(table__plan=plan, published_at__isnull=False)


def report(slug: str, page_number: str | None) -> Report:
    """The plan's selection report: every published draft (a page of them at a
    time) with its decision, reason, SMART findings and score summary, and the
    draft plan that came of it. Before publication, the plan and when the
    report comes. A fixed number of queries whatever the number of drafts."""
    plan = get_object_or_404(public.only(ActionPlan.objects.all()), slug=slug)
    published = public.only(SelectionReport.objects.filter(plan=plan)).first()
    stage = public.only(Stage.objects.filter(plan=plan, kind=StageKind.SELECTION)).first()
    forum = public.only(Forum.objects.order_by("pk")).first()
    if published is None:
        return Report(plan, None, stage, forum)
    drafts = _published_drafts(plan)
    totals = Totals(
        **drafts.aggregate(
            drafts=Count("pk"),
            selected=Count("pk", filter=Q(decision__outcome=Outcome.SELECTED)),
            not_selected=Count("pk", filter=Q(decision__outcome=Outcome.NOT_SELECTED)),
        )
    )
    listed = (
        public.only(drafts, "table", "responsible_institution", "decision")
        .prefetch_related(
            Prefetch("milestones", queryset=public.only(DraftMilestone.objects.all()))
        )
        .order_by("table__name", "created_at", "pk")
    )
    page = CountedPaginator(listed, REPORT_PAGE_SIZE, count=totals.drafts).get_page(page_number)
    rows = list(page.object_list)
    scores = summaries([draft.pk for draft in rows])
    named = _named_scores(rows) if forum and forum.publish_member_scores else {}
    for draft in rows:
        draft.table.plan = plan  # the check reads the plan's period
        draft.findings = smart.check(draft, plan)
        draft.summary = scores[draft.pk]
        draft.named_scores = named.get(draft.pk, [])
    page.object_list = rows
    draft_plan = list(
        public.only(
            Commitment.objects.filter(plan=plan, draft__isnull=False), "responsible_institution"
        ).order_by("number")
    )
    return Report(plan, published, stage, forum, totals, page, draft_plan)


def _named_scores(drafts: list[Draft]) -> dict[int, list[Assessment]]:
    """Each member's scores by name, when the forum's rules allow it."""
    rows = public.only(
        Assessment.objects.filter(
            draft_id__in=[draft.pk for draft in drafts], verifiable__isnull=False
        ),
        "member",
    ).order_by("draft_id", "member__order", "member_id")
    named: dict[int, list[Assessment]] = {}
    for row in rows:
        named.setdefault(row.draft_id, []).append(row)
    return named


def draft_panel(draft: Draft) -> Decision | None:
    """The decision on a draft, once the report is public (one query)."""
    return public.only(
        Decision.objects.filter(
            draft_id=draft.pk, draft__table__plan__selection_report__isnull=False
        )
    ).first()


def plan_panel(plan: ActionPlan) -> dict | None:
    """What the plan page says of the selection once its report is public:
    when, and how many drafts were selected. One query."""
    row = ActionPlan.objects.filter(pk=plan.pk, selection_report__isnull=False).aggregate(
        published_at=Max("selection_report__published_at"),
        selected=Count(
            "worktables__drafts",
            filter=Q(worktables__drafts__decision__outcome=Outcome.SELECTED),
        ),
        decided=Count("worktables__drafts", filter=Q(worktables__drafts__decision__isnull=False)),
    )
    return None if row["published_at"] is None else row


# --- Staff ------------------------------------------------------------------------------


def staff_drafts(plan: ActionPlan, seat: ForumMember | None) -> list[Draft]:
    """The plan's published drafts with their findings, score summary, whether
    ``seat`` has assessed each, and the decision. Five queries."""
    drafts = list(
        _published_drafts(plan)
        .select_related("table", "responsible_institution", "decision", "commitment")
        .prefetch_related("milestones")
        .order_by("table__name", "created_at", "pk")
    )
    ids = [draft.pk for draft in drafts]
    scores = summaries(ids, with_comments=True)
    mine = (
        set(
            Assessment.objects.filter(member=seat, draft_id__in=ids).values_list(
                "draft_id", flat=True
            )
        )
        if seat
        else set()
    )
    for draft in drafts:
        draft.table.plan = plan
        draft.findings = smart.check(draft, plan)
        draft.summary = scores[draft.pk]
        draft.assessed = draft.pk in mine
        draft.decided = getattr(draft, "decision", None)
    return drafts


def undecided_count(seat: ForumMember | None, decides: bool) -> tuple[int, int]:
    """(drafts ``seat`` still has to assess, drafts waiting for a decision),
    over the processes under way. Two queries at most."""
    open_drafts = Draft.objects.filter(published_at__isnull=False, decision__isnull=True).exclude(
        table__plan__origin="synthetic"
    )
    to_assess = 0
    if seat is not None and not seat.is_observer:
        to_assess = open_drafts.exclude(assessments__member=seat).count()
    to_decide = open_drafts.count() if decides else 0
    return to_assess, to_decide


def draft_for_staff(pk: int) -> Draft:
    """A published draft with its plan, institution, milestones, the proposals
    it integrates, its sessions and versions, and its decision."""
    draft = get_object_or_404(
        Draft.objects.filter(published_at__isnull=False)
        .select_related("table__plan", "responsible_institution", "decision", "commitment")
        .prefetch_related(
            "milestones",
            Prefetch("versions", queryset=DraftVersion.objects.order_by("-number")),
            Prefetch(
                "links", queryset=DraftProposal.objects.select_related("proposal").order_by("pk")
            ),
        ),
        pk=pk,
    )
    draft.findings = smart.check(draft, draft.table.plan)
    draft.sessions = list(Event.objects.filter(table_id=draft.table_id).order_by("starts_at"))
    draft.decided = getattr(draft, "decision", None)
    return draft


def assessments(draft: Draft) -> list[Assessment]:
    return list(
        Assessment.objects.filter(draft=draft)
        .select_related("member__institution")
        .order_by("member__order", "member_id")
    )


def own_assessment(draft: Draft, seat: ForumMember | None) -> Assessment | None:
    if seat is None:
        return None
    return (
        Assessment.objects.filter(draft=draft, member=seat)
        .prefetch_related(
            Prefetch(
                "revisions",
                queryset=AssessmentRevision.objects.select_related("author").order_by("-number"),
            )
        )
        .first()
    )


def decision_history(draft: Draft) -> list[DecisionEvent]:
    return list(DecisionEvent.objects.filter(draft=draft).select_related("actor"))


def report_exists(plan: ActionPlan) -> bool:
    return SelectionReport.objects.filter(plan=plan).exists()
