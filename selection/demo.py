"""The selection's share of ``manage.py seed``: the MGA staff group may
record the Mesa's decisions and keep the forum's record (reference data);
and the demonstration process gets scores and a decision (``seed --demo``).

The demonstration scores the work tables' public drafts from the forum's
seats (an observer comments), adds a draft the SMART check faults, decides
that one (not selected, with its reason) and publishes the report early, so
the report and a draft's SMART check can be seen. The sound draft is left
undecided for people trying the portal to decide: selecting it makes a
commitment of the demonstration plan."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from plans.models import ForumMember
from plans.services import demo_plan
from proposals.services import MODERATORS_GROUP
from worktables import services as worktables
from worktables.models import Draft, WorkTable

from . import services
from .models import Outcome

PERMISSIONS = [("selection", "decide_draft"), ("plans", "keep_forum_record")]


def grant_staff_permissions() -> None:
    """The moderators' group (created by proposals) also decides drafts and
    keeps the forum's record. Running it again changes nothing."""
    group, _created = Group.objects.get_or_create(name=MODERATORS_GROUP)
    wanted = Q()
    for app_label, codename in PERMISSIONS:
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    group.permissions.add(*Permission.objects.filter(wanted))


# One line per seat that scores, in the forum's order: (verifiable, values,
# potential, feasibility) for the sound draft, then for the vague one.
SCORES = [
    (
        (True, ("transparency", "accountability"), "substantial", "high"),
        (False, ("participation",), "unclear", "medium"),
    ),
    (
        (True, ("transparency",), "modest", "medium"),
        (False, (), "unclear", "low"),
    ),
    (
        (True, ("transparency", "technology"), "substantial", "medium"),
        (False, ("participation",), "modest", "low"),
    ),
]
VAGUE_TITLE = "Promover una justicia más cercana (demostración)"


def seed_demo(today: dt.date) -> None:
    plan = demo_plan()
    if plan is None:
        return
    table = (
        WorkTable.objects.filter(plan=plan, results_published_at__isnull=False)
        .order_by("pk")
        .first()
    )
    if table is None:
        return
    sound = Draft.objects.filter(table=table).order_by("pk").first()
    vague = worktables.save_draft(
        table,
        worktables.DraftData(
            title=VAGUE_TITLE,
            problem="Las personas no conocen sus derechos ante la justicia.",
            description="Promover y fomentar el conocimiento de los derechos.",
            participation=True,
            milestones=[
                worktables.MilestoneData(1, "Promover talleres en regiones"),
                worktables.MilestoneData(
                    2,
                    "Fomentar la difusión de derechos",
                    "Campaña publicada",
                    dt.date(plan.end_year + 1, 3, 1),
                    dt.date(plan.end_year + 1, 6, 30),
                ),
            ],
        ),
    )
    seats = list(ForumMember.objects.order_by("forum_id", "order", "pk"))
    scoring = [seat for seat in seats if not seat.is_observer][: len(SCORES)]
    for seat, (for_sound, for_vague) in zip(scoring, SCORES, strict=False):
        for draft, (verifiable, values, potential, feasibility) in (
            (sound, for_sound),
            (vague, for_vague),
        ):
            if draft is None:
                continue
            services.assess(
                draft.pk,
                seat,
                services.Score(verifiable, values, potential, feasibility, comment=""),
            )
    observer = next((seat for seat in seats if seat.is_observer), None)
    if observer is not None and sound is not None:
        services.assess(
            sound.pk,
            observer,
            services.Score(comment="Conviene sumar a las defensorías regionales."),
        )
    services.decide(
        vague.pk,
        Outcome.NOT_SELECTED,
        "No dice qué entregará ni cuándo: sus hitos no tienen entregables verificables "
        "ni fechas dentro del período del plan. La mesa puede presentarlo de nuevo "
        "en el próximo plan con esos datos.",
    )
    services.publish_report(plan)
