"""The consultation's share of ``manage.py seed``: the Forum's moderators
answer the consultation (reference data), and the demonstration process gets
comments with their responses on its commitments (``seed --demo``; it runs
after the follow-up, which gives the demonstration its commitments)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from core.models import Origin
from plans.models import Commitment
from plans.services import demo_plan
from proposals.services import MODERATORS_GROUP

from .models import Comment, CommentStatus, CommitmentVersion, Outcome, Response, Section

DEMO_EMAIL = "demostracion@example.invalid"

# (commitment number or None for the plan, section, stance, name, sector, region,
#  text, response: (outcome, reason) or None, days ago)
DEMO_COMMENTS = [
    (1, Section.DESCRIPTION, "improve", "Camila R. (demostración)", "civil_society", "biobio",
     "Propongo que los datos se publiquen también en formato de planilla, no solo en PDF.",
     (Outcome.INCORPORATED, "Se agregó la publicación en formato abierto (CSV)."), 6),
    (1, Section.WHOLE, "agree", "Vecino de Temuco (demostración)", "citizen", "araucania",
     "Muy necesario: hoy no se entiende en qué se gasta el presupuesto municipal.",
     (Outcome.NOT_INCORPORATED, "Gracias por el apoyo; el texto no requería cambios por este "
      "comentario."), 5),
    (1, Section.MILESTONE, "disagree", "Ignacio F. (demostración)", "academia", "valparaiso",
     "El plazo del diagnóstico es muy corto para hacerlo con organizaciones vecinales.",
     None, 3),
    (2, Section.PROBLEM, "improve", "Valentina S. (demostración)", "academia", "metropolitana",
     "El problema debería mencionar también las listas de espera de especialidades.",
     (Outcome.PARTLY, "Se menciona en la descripción; el tablero las incluirá en una segunda "
      "etapa."), 4),
    (None, Section.WHOLE, "improve", "Red de organizaciones (demostración)", "civil_society",
     "los_lagos", "Falta un compromiso sobre transparencia en el lobby regional.",
     (Outcome.OUT_OF_SCOPE, "Se derivó a la Comisión de Probidad: no es materia de este plan."),
     7),
]  # fmt: skip


def grant_staff_permission() -> None:
    """The moderators' group (created by proposals) answers the consultation.
    Running it again changes nothing."""
    group, _created = Group.objects.get_or_create(name=MODERATORS_GROUP)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="consultation", codename="moderate_comment")
    )


def seed_demo(today: dt.date) -> None:
    """(Re)create the demonstration's comments and responses, and the text of
    its commitments as put to consultation."""
    plan = demo_plan()
    if plan is None:
        return
    Comment.objects.filter(plan=plan).delete()
    CommitmentVersion.objects.filter(commitment__plan=plan).delete()
    commitments = {c.number: c for c in Commitment.objects.filter(plan=plan)}
    now = timezone.now()
    from .services import content_of  # the same snapshot the calendar's effect takes

    for commitment in commitments.values():
        CommitmentVersion.objects.create(
            commitment=commitment,
            number=1,
            kind=CommitmentVersion.Kind.CONSULTED,
            content=content_of(commitment),
            created_at=now - dt.timedelta(days=8),
        )
    for number, section, stance, name, sector, region, text, answer, days in DEMO_COMMENTS:
        commitment = commitments.get(number) if number else None
        if number and commitment is None:
            continue
        milestone = None
        if section == Section.MILESTONE:
            milestone = commitment.milestones.order_by("number").first()
            if milestone is None:
                section = Section.WHOLE
        at = now - dt.timedelta(days=days)
        comment = Comment.objects.create(
            plan=plan,
            commitment=commitment,
            section=section if commitment else Section.WHOLE,
            milestone=milestone,
            origin=Origin.DEMO,
            stance=stance,
            text=text,
            name=name,
            sector=sector,
            region=region,
            email=DEMO_EMAIL,
            consent_at=at,
            status=CommentStatus.PUBLISHED,
            created_at=at,
            confirmed_at=at,
        )
        if answer:
            outcome, reason = answer
            Response.objects.create(
                comment=comment,
                outcome=outcome,
                reason=reason,
                responded_at=at + dt.timedelta(days=1),
                updated_at=at + dt.timedelta(days=1),
            )
