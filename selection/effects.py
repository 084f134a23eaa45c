"""What the calendar engine does for the selection (stage 5): before it
closes, each member of the Mesa is reminded of the drafts they have not
scored yet; when it closes, the plan's selection report is published."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.mail import Email, queue_many
from plans.models import ForumMember
from plans.notifications import forum_member_emails
from stages.effects import NOTIFIED_ORIGINS, not_notified, queued, stage_context
from stages.engine import on_edge
from stages.models import Edge, Stage, StageEvent, StageKind
from worktables.models import Draft

from . import services
from .models import Assessment


@on_edge(
    Edge.CLOSING_SOON,
    StageKind.SELECTION,
    label=_("Remind the Open Government Forum's members of the drafts they have not scored"),
)
def remind_forum_of_selection(stage: Stage, event: StageEvent) -> str:
    """One e-mail per member with a portal account, naming the drafts their
    seat has not scored yet (an observer's names none: observers do not
    score). Keys name the event and the account: running it again queues
    nothing new."""
    if stage.plan.origin not in NOTIFIED_ORIGINS:
        return not_notified()
    context = stage_context(stage, settings.LANGUAGE_CODE)
    staff_url = settings.SITE_URL.rstrip("/") + services.site_path("selection:staff")
    drafts = list(
        Draft.objects.filter(
            table__plan=stage.plan, published_at__isnull=False, decision__isnull=True
        )
        .order_by("table__name", "created_at", "pk")
        .values_list("pk", "title")
    )
    scored: dict[int, set[int]] = {}
    for member_id, draft_id in Assessment.objects.filter(
        draft_id__in=[pk for pk, _title in drafts], verifiable__isnull=False
    ).values_list("member_id", "draft_id"):
        scored.setdefault(member_id, set()).add(draft_id)
    seats: dict[int, ForumMember] = {}
    current = Q(term_end__isnull=True) | Q(term_end__gte=timezone.localdate())
    for seat in ForumMember.objects.filter(current, user__isnull=False).order_by("order", "pk"):
        held = seats.get(seat.user_id)
        if held is None or (held.is_observer and not seat.is_observer):
            seats[seat.user_id] = seat
    emails = []
    for user_id, address in forum_member_emails():
        seat = seats.get(user_id)
        scores = seat is not None and not seat.is_observer
        done = scored.get(seat.pk, set()) if seat else set()
        emails.append(
            Email(
                key=f"forum-selection-closing:{event.pk}:user-{user_id}",
                to=address,
                template="forum_selection_closing",
                context={
                    **context,
                    "scores": scores,
                    "pending": [title for pk, title in drafts if pk not in done] if scores else [],
                    "staff_url": staff_url,
                },
                language=settings.LANGUAGE_CODE,
            )
        )
    return queued(queue_many(emails))


@on_edge(Edge.END, StageKind.SELECTION, label=_("Publish the selection report"))
def publish_selection_report(stage: Stage, event: StageEvent) -> str:
    """Idempotent: a report staff published early, or a second run, adds nothing."""
    _report, created = services.publish_report(stage.plan)
    if not created:
        return gettext("The selection report was already public.")
    return gettext("The selection report is public.")
