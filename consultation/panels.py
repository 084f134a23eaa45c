"""The consultation's parts of pages other apps own (see core/panels.py): on
a commitment's page, its comments and where it comes from; on a plan's page,
the consultation, its report and the published plan. One query each."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.utils import timezone

from core import panels
from plans.models import ActionPlan, Commitment
from stages.models import Stage, StageKind

from .models import COUNTED, CommitmentVersion, Publication, Stance


def _consultation(field: str):
    stage = Stage.objects.filter(plan=OuterRef(field), kind=StageKind.CONSULTATION)
    return {
        "consultation_starts": Subquery(stage.values("starts_at")[:1]),
        "consultation_ends": Subquery(stage.values("ends_at")[:1]),
    }


def _state(starts, ends) -> str:
    now = timezone.now()
    if starts is None:
        return ""
    if now < starts:
        return "upcoming"
    return "open" if now < ends else "past"


@panels.register("commitment", order=20, template="consultation/panels/commitment.html")
def commitment_consultation(request, commitment) -> dict | None:
    counted = Q(comments__status__in=COUNTED)
    figures = (
        Commitment.objects.filter(pk=commitment.pk)
        .annotate(
            **_consultation("plan_id"),
            total=Count("comments", filter=counted),
            agree=Count("comments", filter=counted & Q(comments__stance=Stance.AGREE)),
            disagree=Count("comments", filter=counted & Q(comments__stance=Stance.DISAGREE)),
            improve=Count("comments", filter=counted & Q(comments__stance=Stance.IMPROVE)),
            revised=Exists(
                CommitmentVersion.objects.filter(
                    commitment=OuterRef("pk"), kind=CommitmentVersion.Kind.REVISED
                )
            ),
        )
        .values(
            "consultation_starts",
            "consultation_ends",
            "total",
            "agree",
            "disagree",
            "improve",
            "revised",
        )
        .first()
    )
    return {
        "commitment": commitment,
        "state": _state(figures["consultation_starts"], figures["consultation_ends"]),
        "figures": figures,
    }


@panels.register("plan", order=45, template="consultation/panels/plan.html")
def plan_consultation(request, plan) -> dict | None:
    figures = (
        ActionPlan.objects.filter(pk=plan.pk)
        .annotate(
            **_consultation("pk"),
            published=Exists(Publication.objects.filter(plan=OuterRef("pk"))),
        )
        .values("consultation_starts", "consultation_ends", "published")
        .first()
    )
    published = figures["published"] or plan.status != ActionPlan.Status.COCREATION
    state = _state(figures["consultation_starts"], figures["consultation_ends"])
    if not state and not published:
        return None
    return {"state": state, "published": published, "closes": figures["consultation_ends"]}
