"""Writes to the plans domain: Chile's reference data and the demonstration plan."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from core import activity
from core.models import Origin

from . import reference_data as ref
from .commitment_io import import_commitments
from .models import (
    ActionPlan,
    Commitment,
    Forum,
    ForumMeeting,
    ForumMember,
    Institution,
    Milestone,
)

DEMO_SLUG = "proceso-de-demostracion"


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
    # A page staff chose stays.
    ActionPlan.objects.filter(pk__in=[plan.pk for plan in plans.values()], ogp_url="").update(
        ogp_url=ref.OGP_MEMBER_PAGE
    )
    fifth = plans[5]
    if not fifth.summary:
        fifth.summary = ref.FIFTH_PLAN_SUMMARY
        fifth.save(update_fields=["summary"])

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

    forum, _ = Forum.objects.update_or_create(
        name=ref.FORUM["name"],
        defaults={key: value for key, value in ref.FORUM.items() if key != "name"},
    )
    for old, new in ref.RENAMED_POSITIONS.items():
        if not ForumMember.objects.filter(forum=forum, position=new).exists():
            ForumMember.objects.filter(forum=forum, position=old).update(position=new)
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


def demo_plan() -> ActionPlan | None:
    return ActionPlan.objects.filter(slug=DEMO_SLUG).first()


@transaction.atomic
def create_demo_plan(today: dt.date) -> ActionPlan:
    """A labelled, fictitious plan for the demonstration process. It is never an
    official plan; the apps after this one give it a calendar and contents."""
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
    return plan


# --- The forum's public record (OGP minimum requirement 1.1) ------------------------


def save_forum_settings(forum: Forum, actor=None, rules_upload=None) -> Forum:
    """The forum's rules of operation (a PDF replaces the previous one) and
    what they say about publishing each member's scores."""
    with transaction.atomic():
        if rules_upload is not None:
            forum.rules_document.save("reglamento.pdf", rules_upload, save=False)
        forum.save()
        activity.log(actor, "forum.settings_saved", forum, public=True)
    return forum


def save_member(member: ForumMember, actor=None) -> ForumMember:
    """A seat of the forum, new or changed: who holds it, its role and its term."""
    with transaction.atomic():
        created = member.pk is None
        member.save()
        activity.log(
            actor, "forum.member_added" if created else "forum.member_changed", member, public=True
        )
    return member


def save_meeting(
    meeting: ForumMeeting, attendee_ids: list[int], actor=None, minutes_upload=None
) -> ForumMeeting:
    """A meeting of the forum, new or changed: its agenda, then its minutes and
    who attended (seats of the same forum only)."""
    with transaction.atomic():
        created = meeting.pk is None
        if minutes_upload is not None:
            meeting.minutes_document.save("acta.pdf", minutes_upload, save=False)
        meeting.save()
        seats = ForumMember.objects.filter(forum_id=meeting.forum_id, pk__in=attendee_ids)
        meeting.attendees.set(seats)
        activity.log(
            actor,
            "forum.meeting_added" if created else "forum.meeting_changed",
            meeting,
            public=True,
            message=meeting.title,
        )
    return meeting
