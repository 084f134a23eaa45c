"""A draft plan in consultation, and comments on it."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from consultation.models import Comment, CommentStatus
from stages.models import StageKind
from tests.plans.factories import ActionPlanFactory, CommitmentFactory, MilestoneFactory
from tests.stages.factories import StageFactory


def draft_plan(state: str = "open", commitments: int = 2, **plan):
    """A plan whose consultation is open (or "upcoming", or "past"), with
    ``commitments`` commitments of two milestones each."""
    plan = ActionPlanFactory(**plan)
    now = timezone.now()
    starts, ends = {
        "open": (now - dt.timedelta(days=2), now + dt.timedelta(days=10)),
        "upcoming": (now + dt.timedelta(days=2), now + dt.timedelta(days=10)),
        "past": (now - dt.timedelta(days=20), now - dt.timedelta(days=2)),
    }[state]
    StageFactory(plan=plan, kind=StageKind.CONSULTATION, starts_at=starts, ends_at=ends)
    for number in range(1, commitments + 1):
        commitment = CommitmentFactory(plan=plan, number=number)
        for milestone in (1, 2):
            MilestoneFactory(
                commitment=commitment,
                number=milestone,
                title=f"Hito {milestone} del compromiso {number}",
            )
    return plan


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    plan = factory.LazyAttribute(lambda c: c.commitment.plan if c.commitment else None)
    commitment = None
    stance = "improve"
    text = factory.Sequence(lambda n: f"Comentario ciudadano número {n}.")
    name = factory.Sequence(lambda n: f"Persona {n}")
    sector = "citizen"
    region = "biobio"
    email = factory.Sequence(lambda n: f"persona{n}@example.org")
    consent_at = factory.LazyFunction(timezone.now)
    status = CommentStatus.PUBLISHED
    confirmed_at = factory.LazyFunction(timezone.now)
