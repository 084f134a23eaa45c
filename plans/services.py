"""Writes to the plans domain: the reference data and the demonstration process."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import reference_data as ref
from .commitment_io import import_commitments
from .models import (
    ActionPlan,
    Commitment,
    Forum,
    ForumMember,
    Institution,
    Milestone,
    Origin,
    Stage,
    StageKind,
)

DEMO_SLUG = "proceso-de-demostracion"


def local_midnight(day: dt.date) -> dt.datetime:
    """The first instant of ``day`` in Chile's time zone."""
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    return dt.datetime.combine(day, dt.time.min, tzinfo=tz)


def stage_bounds(first_day: dt.date, last_day: dt.date) -> dict[str, dt.datetime]:
    """A stage that runs over whole days, ``last_day`` included."""
    return {
        "starts_at": local_midnight(first_day),
        "ends_at": local_midnight(last_day + dt.timedelta(days=1)),
    }


@transaction.atomic
def seed_reference_data() -> None:
    """Create or update Chile's reference data. Running it again changes nothing."""
    institutions = {}
    for name, acronym, sector in ref.INSTITUTIONS:
        institutions[name], _ = Institution.objects.update_or_create(
            name=name, defaults={"acronym": acronym, "sector": sector}
        )

    plans = {}
    for number, title, start, end, count in ref.PLANS:
        plans[number], _ = ActionPlan.objects.update_or_create(
            origin=Origin.OFFICIAL,
            number=number,
            defaults={
                "slug": f"plan-{number}-{start}-{end}",
                "title": title,
                "start_year": start,
                "end_year": end,
                "status": ref.PLAN_STATUS,
                "published_commitment_count": count,
            },
        )
    fifth = plans[5]
    if not fifth.summary:
        fifth.summary = ref.FIFTH_PLAN_SUMMARY
        fifth.save(update_fields=["summary"])

    for kind, first_day, last_day, description in ref.FIFTH_PLAN_CALENDAR:
        Stage.objects.update_or_create(
            plan=fifth,
            kind=kind,
            defaults={
                **stage_bounds(first_day, last_day),
                "description": description,
            },
        )

    for example in ref.FOURTH_PLAN_EXAMPLES:
        commitment, _ = Commitment.objects.update_or_create(
            plan=plans[4],
            number=example["number"],
            defaults={
                "title": example["title"],
                "responsible_institution": institutions[example["responsible"]],
                "problem": example["problem"],
                "description": example["description"],
            },
        )
        commitment.actors.set(institutions[name] for name in example["actors"])
        for number, title in enumerate(example["components"], start=1):
            Milestone.objects.update_or_create(
                commitment=commitment, number=number, defaults={"title": title}
            )

    # Only the commitments not loaded yet: a fuller text imported later stays.
    import_commitments(ref.FIFTH_PLAN_COMMITMENTS_FILE.read_bytes(), "csv", only_new=True)

    ensure_moderators_group()
    forum, _ = Forum.objects.update_or_create(
        name=ref.FORUM["name"],
        defaults={key: value for key, value in ref.FORUM.items() if key != "name"},
    )
    for order, (institution, position, role) in enumerate(ref.FORUM_MEMBERS):
        ForumMember.objects.update_or_create(
            forum=forum,
            position=position,
            defaults={
                "institution": institutions[institution],
                "role": role,
                "order": order,
            },
        )


MODERATORS_GROUP = "Mesa de Gobierno Abierto: moderación"


def ensure_moderators_group() -> None:
    """The group to put MGA staff in: they moderate proposals and see the staff
    pages. Add a person with the admin (Users > Groups), marked as staff."""
    from django.contrib.auth.models import Group, Permission

    group, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="proposals",
            codename__in=["moderate_proposal", "view_proposal"],
        )
    )


# How the demonstration calendar is laid out around today: (kind, first day,
# last day) as offsets in days. Reception is open today; later stages are ahead.
DEMO_CALENDAR = [
    (StageKind.AWARENESS, -10, 20),
    (StageKind.RECEPTION, -3, 11),
    (StageKind.WORKTABLES, 12, 40),
    (StageKind.RESULTS, 41, 55),
    (StageKind.SELECTION, 56, 75),
    (StageKind.CONSULTATION, 56, 75),
    (StageKind.PUBLICATION, 76, 90),
]


@transaction.atomic
def create_demo_process(today: dt.date | None = None) -> ActionPlan:
    """A labelled, fictitious co-creation process whose calendar is shifted to
    ``today``, so a newcomer can try every stage. It is never an official plan."""
    today = today or timezone.localdate()
    plan, _ = ActionPlan.objects.update_or_create(
        slug=DEMO_SLUG,
        defaults={
            "origin": Origin.DEMO,
            "number": None,
            "title": "Proceso de demostración",
            "start_year": today.year,
            "end_year": today.year + 2,
            "status": ActionPlan.Status.COCREATION,
            "summary": (
                "Este proceso es ficticio. Sirve para probar el portal: sus "
                "fechas se ajustan al día de hoy y nada de lo que se ingrese en "
                "él forma parte de un plan oficial."
            ),
        },
    )
    for kind, first, last in DEMO_CALENDAR:
        Stage.objects.update_or_create(
            plan=plan,
            kind=kind,
            defaults=stage_bounds(
                today + dt.timedelta(days=first), today + dt.timedelta(days=last)
            ),
        )
    return plan
